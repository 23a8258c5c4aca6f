"""The office file's database key: made from a recovery key, wrapped by each user's password, checked.

The database key (32 bytes, the SQLCipher raw key) is derived from the office's recovery key, 160 random
bits from `secrets`, by HMAC-SHA256: so the recovery key alone opens the file even when the key file
beside it (which holds the wraps) is lost. The recovery key is shown once, as nine groups of four
letters and digits (`ABCD-EFGH-…`); the ninth group is a check of the first eight, so a mistyped
character is told apart from a wrong key.

A wrap (`wrap_key`) holds the key for one password with the standard library only: scrypt (its own
random salt per wrap) gives 64 bytes, the first 32 a one-time pad XORed with the key and the last 32 an
HMAC-SHA256 key that authenticates the salt, the cost parameters and the padded key. A wrong password
fails the HMAC (`None`), never yields a wrong key. A fresh salt per wrap means a pad is never reused.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

KEY_BYTES = 32
_RECOVERY_BYTES = 20  # 160 bits: 32 base32 characters, eight groups of four
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_LOOK_ALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})
_GROUP = 4
# 2**15 * 8 * 128 bytes = 32 MiB per try: the wraps are the only thing outside the encrypted file that a
# password opens, so guessing offline costs an attacker this much per guess.
_N, _R, _P = 2 ** 15, 8, 1
_SALT_BYTES = 16
_LABEL = b"officebill key wrap v1"


class RecoveryKeyMistyped(ValueError):
    """The recovery key typed is not one OfficeBill could have made (a typo): the message says so."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def key_id(key: bytes) -> str:
    """A name for `key` that reveals nothing about it: which key a key file or keyring entry is for."""
    return hmac.new(key, b"officebill key id", hashlib.sha256).hexdigest()[:32]


def new_recovery_secret() -> bytes:
    return secrets.token_bytes(_RECOVERY_BYTES)


def database_key(recovery_secret: bytes) -> bytes:
    """The 32-byte database key that `recovery_secret` stands for."""
    return hmac.new(recovery_secret, b"officebill database key v1", hashlib.sha256).digest()


def _check_group(data: str) -> str:
    digest = hashlib.sha256(data.encode("ascii")).digest()
    return base64.b32encode(digest[:5]).decode("ascii")[:_GROUP]


def recovery_text(secret: bytes) -> str:
    """The recovery key as the person writes it down: nine dash-separated groups, the last a check."""
    data = base64.b32encode(secret).decode("ascii").rstrip("=")
    text = data + _check_group(data)
    return "-".join(text[i:i + _GROUP] for i in range(0, len(text), _GROUP))


def parse_recovery_text(typed: str) -> bytes:
    """The secret behind a typed recovery key; RecoveryKeyMistyped (saying what) when it cannot be one.

    Case, spaces and dashes do not matter, and 0, 1, 8 are read as O, I, B (they are not in the key)."""
    text = "".join((typed or "").split()).replace("-", "").upper().translate(_LOOK_ALIKES)
    length = 8 * _GROUP + _GROUP
    strange = sorted({c for c in text if c not in _ALPHABET})
    if strange:
        raise RecoveryKeyMistyped(f"The recovery key has characters it never contains ({''.join(strange)}); "
                                  "it uses only the letters A-Z and the digits 2-7. Check what you typed.")
    if len(text) != length:
        raise RecoveryKeyMistyped(f"The recovery key has {length} letters and digits in nine groups of four; "
                                  f"{len(text)} were typed. Check for a missing or doubled group.")
    data, check = text[:-_GROUP], text[-_GROUP:]
    if not hmac.compare_digest(_check_group(data), check):
        raise RecoveryKeyMistyped("The recovery key is mistyped: its last group does not match the others. "
                                  "Check each group against the printed key (a typo, not a wrong key).")
    return base64.b32decode(data + "=" * (-len(data) % 8))


def _pad_and_mac(secret: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    out = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2 * 128 * n * r * p + 2 ** 20,
                         dklen=2 * KEY_BYTES)
    return out[:KEY_BYTES], out[KEY_BYTES:]


def _tag(mac_key: bytes, salt: bytes, n: int, r: int, p: int, data: bytes) -> bytes:
    message = _LABEL + salt + f"{n}:{r}:{p}".encode("ascii") + data
    return hmac.new(mac_key, message, hashlib.sha256).digest()


def wrap_key(key: bytes, password: str) -> dict:
    """`key` held for `password`: a small dict of text, for the key file."""
    salt = secrets.token_bytes(_SALT_BYTES)
    pad, mac_key = _pad_and_mac(password, salt, _N, _R, _P)
    data = bytes(a ^ b for a, b in zip(key, pad))
    return {"kdf": "scrypt", "n": _N, "r": _R, "p": _P, "salt": _b64(salt), "data": _b64(data),
            "tag": _b64(_tag(mac_key, salt, _N, _R, _P, data))}


def unwrap_key(wrap: dict, password: str) -> bytes | None:
    """The key a wrap holds, or None when `password` is not the one it was made with (or it is damaged)."""
    try:
        n, r, p = int(wrap["n"]), int(wrap["r"]), int(wrap["p"])
        if wrap.get("kdf") != "scrypt" or n > 2 ** 20 or r * p > 64 or len(password) > 1024:
            return None  # not ours, or costs an edited file could use to tie up the machine
        salt, data, tag = _unb64(wrap["salt"]), _unb64(wrap["data"]), _unb64(wrap["tag"])
        pad, mac_key = _pad_and_mac(password, salt, n, r, p)
    except (KeyError, TypeError, ValueError, MemoryError):
        return None
    if len(data) != KEY_BYTES or not hmac.compare_digest(_tag(mac_key, salt, n, r, p, data), tag):
        return None
    return bytes(a ^ b for a, b in zip(data, pad))
