"""SQLCipher connections to an encrypted office file, and the keys this program has unlocked.

An encrypted office is a SQLCipher 4 file (the `sqlcipher3` module: SQLite with every page encrypted
with AES-256 and authenticated with HMAC-SHA512) whose raw 32-byte key is given as `PRAGMA key =
"x'…'"`. A plain office keeps using Python's own `sqlite3`, unchanged.

The keyring (`remember_key`, `known_key`) holds the keys unlocked by a sign-in in this process, by key
id, so the program's other connections to the same file or its backups (a background worker, the
checks that read a backup read-only, a restore) open without asking again. It lives as long as the
process: the window's lock screen covers the screen but keeps the office open (and so its key).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from ..core.key_wrap import key_id
from .errors import OfficeFileError
from .keyfile import SQLITE_HEADER, KeyFile, header_of, key_path, looks_encrypted, office_key_file
from .uri import readonly_uri

try:
    from sqlcipher3 import dbapi2 as sqlcipher
except ImportError:  # pragma: no cover - an installation without the module opens plain offices only
    sqlcipher = None

_keyring: dict[str, bytes] = {}


def remember_key(key: bytes) -> str:
    """Keep `key` for this process's later connections; returns its id."""
    found = key_id(key)
    _keyring[found] = key
    return found


def forget_key(found_id: str) -> None:
    _keyring.pop(found_id, None)


def forget_keys() -> None:
    """Drop every unlocked key (tests; a program that closes every office)."""
    _keyring.clear()


def known_key(keys: KeyFile | None) -> bytes | None:
    """The unlocked key that the key file's wraps hold, when this process has it."""
    return _keyring.get(keys.key_id) if keys is not None else None


def is_encrypted_office(path: Path) -> bool:
    """True when `path` is (or is meant to be) encrypted: a key file is beside it, or it could be an encrypted
    office whose key file is missing (not a plain SQLite file, whole pages long, not text). A file of another
    kind (a letter, a spreadsheet chosen by mistake) is not: opening it says it is not an office file."""
    path = Path(path)
    if not path.is_file():
        return False
    if key_path(path).exists():
        return True
    return looks_encrypted(path) and path.stat().st_size % 512 == 0 and not header_of(path).isascii()


def key_for(path: Path) -> bytes | None:
    """The key of the encrypted file `path` if this process unlocked it: the one its key file names, or,
    for a file without one (a copy being made or checked), the unlocked key that opens it."""
    keys = office_key_file(path)
    if keys is not None:
        return known_key(keys)
    for key in list(_keyring.values()):
        if opens_with(path, key):
            return key
    return None


def require_module() -> None:
    if sqlcipher is None:
        raise OfficeFileError("This OfficeBill has no SQLCipher module (sqlcipher3), so it cannot open or make "
                              "encrypted office files. Reinstall OfficeBill.")


def _keyed(conn, key: bytes):
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is told by an exception, not on stderr
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def connect_encrypted(target: str, key: bytes, **options):
    """A sqlcipher3 connection with `key` set (nothing read yet: a wrong key shows at the first read)."""
    require_module()
    return _keyed(sqlcipher.connect(target, **options), key)


def opens_with(path: Path, key: bytes) -> bool:
    """True when `key` decrypts `path` (its schema can be read)."""
    conn = connect_encrypted(readonly_uri(path), key, uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher.DatabaseError:
        return False
    finally:
        conn.close()


def connect_readonly(path: Path, key: bytes | None = None):
    """A read-only connection to an office file or backup, plain or encrypted.

    For an encrypted one the key is `key`, or the unlocked key its key file names; without either it is
    an OfficeFileError saying what is needed."""
    path = Path(path)
    if not looks_encrypted(path):
        return sqlite3.connect(readonly_uri(path), uri=True)
    key = key or key_for(path)
    if key is None:
        raise OfficeFileError(locked_message(path))
    return connect_encrypted(readonly_uri(path), key, uri=True)


def locked_message(path: Path) -> str:
    if not key_path(path).exists():
        return missing_key_file_message(path)
    return (f"{path} is encrypted and this program has not unlocked it: sign in to the office it belongs "
            "to (or give its recovery key), then try again.")


def missing_key_file_message(path: Path) -> str:
    return (f"{path} looks encrypted (it is not a plain SQLite file) but its key file {key_path(path).name} "
            "is not beside it. Put back the key file that was made with it (a backup's .keys file beside the "
            "backup), or open it with the office's recovery key (officebill-cli --db FILE recover, or 'Use "
            "the recovery key' on the sign-in screen). If it is not an encrypted office, it is damaged or "
            "another kind of file.")


def export(source, target: Path, key: bytes | None) -> None:
    """Write the whole of the open connection `source` into the new file `target`, encrypted with `key`
    (or plain with None), by `sqlcipher_export`; `source` must be a sqlcipher3 connection."""
    quoted = str(target).replace("'", "''")
    given = f"\"x'{key.hex()}'\"" if key is not None else "''"
    source.execute(f"ATTACH DATABASE '{quoted}' AS converted KEY {given}")
    try:
        source.execute("BEGIN")  # one transaction: each table's copy committing on its own costs an fsync apiece
        try:
            source.execute("SELECT sqlcipher_export('converted')")
            version = source.execute("PRAGMA main.user_version").fetchone()[0]
            source.execute(f"PRAGMA converted.user_version = {int(version)}")
            source.execute("COMMIT")
        except BaseException:
            if source.in_transaction:
                source.execute("ROLLBACK")
            raise
    finally:
        source.execute("DETACH DATABASE converted")


class EncryptedOfficeLocked(OfficeFileError):
    """The office file is encrypted and nobody has unlocked its key in this program: sign in first."""

    def __init__(self, path: Path):
        self.path = Path(path)
        super().__init__(locked_message(path))


def key_to_open(path: Path, key: bytes | None = None) -> bytes | None:
    """The key to open the office file `path` with (None: it is a plain SQLite file, or empty or missing).

    Refuses, changing nothing: a plain file whose key file says it is encrypted, an encrypted file
    without its key file, a key file made for another file, a key that is not the key file's, and an
    encrypted file nobody unlocked (EncryptedOfficeLocked)."""
    path = Path(path)
    if not path.is_file():
        return None
    header = header_of(path)
    keys = office_key_file(path)
    if header[:len(SQLITE_HEADER)] == SQLITE_HEADER or len(header) < len(SQLITE_HEADER):
        if keys is not None and header:
            raise OfficeFileError(
                f"{path} is not encrypted, but its key file {keys.path.name} says it must be: the encrypted "
                "office was replaced by an unencrypted copy. OfficeBill did not open it. Restore a backup "
                "(officebill-cli restore FILE), or, if you decrypted it on purpose outside OfficeBill, move "
                f"{keys.path.name} out of the folder and open it again.")
        return None
    if keys is None:
        return None  # `inspect_office_path` says it is not SQLite, and that a key file may be missing
    if keys.file_salt != header:
        raise OfficeFileError(key_file_mismatch_message(path, keys.path))
    key = key or known_key(keys)
    if key is None:
        raise EncryptedOfficeLocked(path)
    if key_id(key) != keys.key_id:
        raise OfficeFileError(key_file_mismatch_message(path, keys.path))
    return key


def key_file_mismatch_message(path: Path, keys: Path) -> str:
    return (f"The key file {keys.name} does not belong to {path.name} (it was made for another office file "
            "or another copy of it), so the office cannot be unlocked with it. Put back the key file made "
            "with this file (a backup's .keys file beside the backup), or use the recovery key "
            "(officebill-cli --db FILE recover). Nothing was changed.")
