"""The encrypted office file, seen from the facade: unlocking it at sign-in, keeping the key's wraps in step
with the users' passwords, the recovery key, and turning encryption on and off.

Sign-in to an encrypted office (`unlock`) happens before the file can be read: the password unwraps the
database key from the key file (`storage.keyfile`); a wrong one is counted there (the sign-in delay holds
before the users table can be read) and noted, to be written into the audit trail at the next opening.
Then the office opens and the usual check of the users row follows (disabled user, forced change).

A password change or reset adds the new password's wrap before the users row is written and removes the
old wrap only after it committed (`KeyWraps.changing`): a crash in between leaves both wraps, so the user
signs in with whichever password the users row holds (the next sign-in drops the other wrap). Disabling a
user removes their wrap, so a disabled user's password no longer opens the file even with the key file in
hand; after enabling them a manager resets their password (which wraps the key again).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from ..core.key_wrap import (
    RecoveryKeyMistyped,
    database_key,
    key_id,
    new_recovery_secret,
    parse_recovery_text,
    recovery_text,
    unwrap_key,
    wrap_key,
)
from ..core.passwords import sign_in_delay
from ..core.problems import UserError
from ..storage import cipher
from ..storage.conversion import decrypt_office, encrypt_office
from ..storage.keyfile import KeyFile, header_of, key_path, office_key_file
from .session import SignInFailed

WRONG_PASSWORD = "The user name or the password is wrong. Check both (passwords are case-sensitive) and try again."
WRONG_RECOVERY_KEY = ("This is not the recovery key of this office file (it is typed correctly, but it belongs to "
                      "another office or an earlier encryption of this one). Nothing was changed.")
_dummy_wrap: list[dict] = []  # tried for a name without a wrap, so that such a name takes as long as a known one
MAX_FAILURE_NAMES = 100
LOST_FOR_GOOD = ("If every password and this recovery key are lost, the office's data is gone for good. Nobody, not "
                 "even OfficeBill's authors, can open it.")

EncryptedOfficeLocked = cipher.EncryptedOfficeLocked


def is_encrypted(path: Path | str) -> bool:
    """True when the office file at `path` is encrypted (or its key file says it must be)."""
    return cipher.is_encrypted_office(Path(path))


def is_unlocked(path: Path | str) -> bool:
    """True when this program holds the key of the encrypted office at `path` (a sign-in unwrapped it)."""
    return cipher.key_for(Path(path)) is not None


def _keys_or_refuse(path: Path) -> KeyFile:
    keys = office_key_file(path)
    if keys is None:
        raise UserError(cipher.missing_key_file_message(path))
    return keys


def unlock(path: Path, name: str, password: str, clock: Callable[[], datetime] = datetime.now) -> bytes:
    """The database key, unwrapped with `name`'s password; SignInFailed (counted, noted) when it will not do."""
    path = Path(path)
    keys = _keys_or_refuse(path)
    now = clock()
    failures, last = keys.failures(name or "")
    wait = sign_in_delay(failures)
    if last is not None and now < last + wait:
        seconds = max(1, round((last + wait - now).total_seconds()))
        raise SignInFailed(f"{failures} wrong passwords in a row for {name}: wait {seconds} second"
                           f"{'s' if seconds != 1 else ''} and try again, or ask a manager to reset the password.")
    if keys.is_disabled(name or "") and not keys.wraps(name or ""):
        raise SignInFailed(f"{name} is disabled and cannot sign in; a manager can enable the user again and reset "
                           "their password (the encrypted file no longer opens with the old one).")
    if not _dummy_wrap:
        _dummy_wrap.append(wrap_key(bytes(32), "not a password of this office"))
    for wrap in keys.wraps(name or "") or _dummy_wrap:
        key = unwrap_key(wrap, password or "")
        if key is not None and key_id(key) == keys.key_id:
            cipher.remember_key(key)
            return key
    if len(keys.data["failures"]) >= MAX_FAILURE_NAMES:
        keys.data["failures"].pop(next(iter(keys.data["failures"])))
    keys.record_failure(name or "", now, name or "")
    keys.save()
    raise SignInFailed(WRONG_PASSWORD)


def after_sign_in(db_path: Path, name: str, password: str) -> list[tuple[datetime, str]]:
    """After a successful sign-in: keep only the wrap that this password opens (a crash may have left two),
    clear the failures in a row; returns the noted failed sign-ins to write into the audit trail."""
    keys = office_key_file(db_path)
    if keys is None:
        return []
    wraps = keys.wraps(name)
    opened = [w for w in wraps if unwrap_key(w, password) is not None] if len(wraps) > 1 else wraps
    changed = bool(keys.data["notes"]) or keys.failures(name)[0] > 0
    if opened and len(opened) != len(wraps):
        keys.keep_only(name, opened[0])
        changed = True
    keys.clear_failures(name)
    notes = keys.take_notes()
    if changed:
        keys.save()
    return notes


class KeyWraps:
    """The key file's wraps kept in step with the users table (no-ops for a plain office)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    @property
    def encrypted(self) -> bool:
        return key_path(self.path).exists() and cipher.key_for(self.path) is not None

    @contextmanager
    def changing(self, name: str, password: str) -> Iterator[None]:
        """Around writing `name`'s new password: the new wrap is in the key file before, the old ones go after
        the commit; a failed write takes the new wrap out again."""
        if not self.encrypted:
            yield
            return
        keys = office_key_file(self.path)
        wrap = wrap_key(cipher.key_for(self.path), password)
        keys.add_wrap(name, wrap)
        keys.save()
        try:
            yield
        except BaseException:
            keys = office_key_file(self.path)
            keys.data["wraps"][name.lower()] = [w for w in keys.wraps(name) if w != wrap]
            if not keys.data["wraps"][name.lower()]:
                keys.data["wraps"].pop(name.lower())
            keys.save()
            raise
        keys = office_key_file(self.path)
        keys.keep_only(name, wrap)
        keys.clear_failures(name)
        keys.save()

    def remove(self, name: str) -> None:
        """`name` can no longer unwrap the key (a disabled user)."""
        if not self.encrypted:
            return
        keys = office_key_file(self.path)
        keys.remove(name)
        keys.set_disabled(name, True)
        keys.save()

    def enabled(self, name: str) -> None:
        """`name` may sign in again once a manager resets their password (which wraps the key for it)."""
        keys = office_key_file(self.path) if self.encrypted else None
        if keys is not None and keys.is_disabled(name):
            keys.set_disabled(name, False)
            keys.save()


# ------------------------------------------------------------------ recovery key
def key_from_recovery(path: Path, typed: str) -> bytes:
    """The database key the typed recovery key stands for, checked against the office file; UserError when it
    is mistyped (the check group) or belongs to another office."""
    path = Path(path)
    try:
        key = database_key(parse_recovery_text(typed))
    except RecoveryKeyMistyped as exc:
        raise SignInFailed(str(exc)) from None
    keys = office_key_file(path)
    if keys is not None and keys.key_id != key_id(key):
        raise SignInFailed(WRONG_RECOVERY_KEY)
    if keys is None and not cipher.opens_with(path, key):
        raise SignInFailed(WRONG_RECOVERY_KEY)
    if keys is None:  # the key file was lost: a new one, holding no wraps yet
        KeyFile.new(key_path(path), key_id(key), header_of(path)).save()
    cipher.remember_key(key)
    return key


def new_recovery() -> tuple[bytes, str]:
    """A new database key and the recovery key text that stands for it (shown once)."""
    secret = new_recovery_secret()
    return database_key(secret), recovery_text(secret)


def encrypt_file(path: Path, wraps: dict[str, str]) -> str:
    """Encrypt the closed office file at `path` in place; `wraps` maps each user name to the password that
    should open it (the person encrypting). Returns the recovery key text, to be shown once."""
    key, text = new_recovery()
    encrypt_office(Path(path), key, {name: wrap_key(key, password) for name, password in wraps.items()})
    cipher.remember_key(key)
    return text


def decrypt_file(path: Path) -> None:
    """Make the closed, unlocked, encrypted office file at `path` plain again."""
    key = cipher.key_for(Path(path))
    if key is None:
        raise UserError(cipher.locked_message(Path(path)))
    decrypt_office(Path(path), key)


def forget_key(path: Path) -> None:
    """Drop the unlocked key of `path` again (an unlock whose sign-in then failed)."""
    keys = office_key_file(Path(path))
    if keys is not None:
        cipher.forget_key(keys.key_id)


def audit_text(name: str, is_user: bool) -> str:
    return f"{name} (failed sign-in)" if is_user else f"{name} (failed sign-in, no such user)"


def as_utc(moment: datetime) -> datetime:
    """A local time noted in the key file, as the audit trail's UTC."""
    return moment.astimezone(UTC)


def plain_backups(path: Path) -> list[Path]:
    """The office's backups that are not encrypted (made before it was), newest first."""
    from ..storage.backup import backups_dir, list_backups
    from ..storage.keyfile import looks_encrypted

    return [b.path for b in list_backups(backups_dir(path), Path(path).stem) if not looks_encrypted(b.path)]
