"""Password hashing and the rules around passwords: length, and the delay after repeated failures.

Hashes use the standard library's `hashlib.scrypt`, a memory-hard function
(RFC 7914): no new dependency to ship, and it is in every CPython build we use,
Windows included (argon2-cffi would be a compiled wheel more to bundle). Each
hash has its own random salt, and the cost parameters travel in the stored
string, `scrypt$n$r$p$salt$hash` (base64), so they can be raised later without
breaking older hashes. Comparison is constant-time (`hmac.compare_digest`).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

MIN_LENGTH = 12
MAX_LENGTH = 1024  # scrypt reads the whole password; a megabyte typed by mistake (or on purpose) is refused
FAILURES_BEFORE_DELAY = 5
LONGEST_DELAY = timedelta(minutes=15)

# 2**14 * 8 * 128 bytes = 16 MiB of memory per hash, about 50 ms on an office PC.
_N, _R, _P = 2 ** 14, 8, 1
_SALT_BYTES, _HASH_BYTES = 16, 32


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2 * 128 * n * r * p + 2 ** 20,
                          dklen=length)


def hash_password(password: str) -> str:
    """The string to store for `password`: scheme, parameters, a fresh random salt and the hash."""
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = _scrypt(password, salt, _N, _R, _P, _HASH_BYTES)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """True when `password` is the one `stored` was made from. A damaged or foreign hash is never a match."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt" or len(password) > MAX_LENGTH or int(n) > 2 ** 20 or int(r) * int(p) > 64:
            return False  # not ours, or costs an edited row could use to tie up the machine
        expected = base64.b64decode(digest, validate=True)
        actual = _scrypt(password, base64.b64decode(salt, validate=True), int(n), int(r), int(p), len(expected))
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)


def password_problem(password: str) -> str | None:
    """What is wrong with a new password (a sentence saying how to fix it), or None when it will do."""
    if len(password) < MIN_LENGTH:
        return (f"A password needs at least {MIN_LENGTH} characters (this one has {len(password)}); "
                "a few words with spaces between them are easy to remember.")
    if len(password) > MAX_LENGTH:
        return f"A password can have at most {MAX_LENGTH} characters."
    if not password.strip():
        return "A password cannot be only spaces."
    return None


def sign_in_delay(failures: int) -> timedelta:
    """How long after the last failure a user must wait: nothing for the first four failures in a row, then
    1 second after the 5th, doubling with each further failure, at most LONGEST_DELAY."""
    if failures < FAILURES_BEFORE_DELAY:
        return timedelta(0)
    seconds = 2 ** min(failures - FAILURES_BEFORE_DELAY, 20)
    return min(timedelta(seconds=seconds), LONGEST_DELAY)
