"""Opening the office file: checks, file lock, pragmas, version guard, migrations.

`open_office_db(path, create=...)` returns an `OfficeDatabase` (a sqlite-utils
Database) ready for the stores. Before anything writes, the path is checked
(`file_checks`): a missing file is an error unless `create=True`, and a
folder, device, read-only file, other program's database or newer office is
refused with a message saying what it is. The returned database holds a
shared lock on `office.db.lock` until `close()`, so a restore can tell the
file is in use. Writes go through `write_transaction(db)` (or `db.atomic()`,
which is the same): `BEGIN IMMEDIATE`, waiting on the busy timeout.
"""
from __future__ import annotations

import getpass
import sqlite3
from datetime import datetime
from pathlib import Path

import sqlite_utils

from . import migrations
from .audit import install_audit_triggers
from .audit_chain import register_seal_function
from .cipher import connect_encrypted, connect_readonly, key_for, key_to_open
from .content import structure_problems
from .errors import UNREADABLE, DamagedFileError, NewerFileError, OfficeBusyError, OfficeFileError
from .file_checks import RESTORE_HINT, inspect_office_path, os_error_message
from .file_lock import LockBusy, OfficeLock
from .keyfile import looks_encrypted
from .transaction import begin_immediate, is_busy, write_transaction
from .uri import readonly_uri

__all__ = [
    "BUSY_TIMEOUT_MS", "DamagedFileError", "NewerFileError", "OfficeBusyError", "OfficeDatabase",
    "OfficeFileError", "apply_migrations", "change_stamp", "connect", "open_office_db", "readonly_uri",
    "read_schema_version", "write_transaction",
]

BUSY_TIMEOUT_MS = 5000
_SQLITE_FULL, _SQLITE_READONLY, _SQLITE_IOERR = 13, 8, 10


class OfficeDatabase(sqlite_utils.Database):
    """The office file's connection. `atomic()` is `write_transaction`; `close()` also drops the file lock."""

    path: Path | None = None
    file_lock: OfficeLock | None = None

    def atomic(self):
        return write_transaction(self)

    def begin(self) -> None:
        begin_immediate(self)

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.file_lock is not None:
                self.file_lock.close()
                self.file_lock = None


def read_schema_version(path: Path) -> int:
    """The file's schema version, read without changing anything. 0 for a missing or empty file."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        return 0
    try:
        conn = connect_readonly(path)
        try:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except UNREADABLE as exc:
        raise OfficeFileError(
            f"{path} is not an OfficeBill office file or it is damaged ({exc}). {RESTORE_HINT}"
        ) from exc
    return version


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems
        return "unknown"


def _take_shared_lock(path: Path) -> OfficeLock:
    lock = OfficeLock(path)
    try:
        lock.acquire(exclusive=False, wait=BUSY_TIMEOUT_MS / 1000)
    except LockBusy:
        lock.close()
        raise OfficeFileError(
            f"{path} is being restored from a backup by another OfficeBill window or command. "
            "Try again when it has finished."
        ) from None
    return lock


def connect(path: Path, *, lock: bool = True, key: bytes | None = None) -> OfficeDatabase:
    """A connection with the office pragmas (no checks, no migrations), holding the shared file lock.

    With `key`, the file is an encrypted (SQLCipher) office opened with that raw key.
    Python never opens a transaction on its own (`isolation_level = None`);
    writes belong inside `write_transaction(db)`."""
    path = Path(path)
    if key is None and looks_encrypted(path):
        key = key_for(path)
    file_lock = _take_shared_lock(path) if lock else None
    try:
        options = {"timeout": BUSY_TIMEOUT_MS / 1000, "isolation_level": None, "check_same_thread": True}
        conn = (connect_encrypted(str(path), key, **options) if key is not None
                else sqlite3.connect(str(path), **options))
    except BaseException:
        if file_lock:
            file_lock.close()
        raise
    db = OfficeDatabase(conn)
    db.path, db.file_lock = path, file_lock
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        db.close()
        raise
    return db


def _error_message(path: Path, exc: BaseException) -> OfficeFileError:
    if isinstance(exc, OSError):
        return OfficeFileError(os_error_message(path, exc))
    if is_busy(exc):
        return OfficeBusyError(path)
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    if code == _SQLITE_FULL:
        return OfficeFileError(f"The disk holding {path} is full; nothing was saved. Free some space and try again.")
    if code == _SQLITE_READONLY:
        return OfficeFileError(f"{path} is read-only, so it cannot be written. Check its permissions.")
    if code == _SQLITE_IOERR:
        return OfficeFileError(f"{path} could not be read or written (a disk error: {exc}). "
                               "Check the disk and try again.")
    return DamagedFileError(f"{path} is damaged or cannot be read ({exc}). {RESTORE_HINT}", [str(exc)])


def _create_new(path: Path) -> None:
    from .durable import create_private

    path.parent.mkdir(parents=True, exist_ok=True)
    create_private(path)


def _remove_new(path: Path) -> None:
    """Undo a creation that failed half-way: the new file and its companions go."""
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        try:
            Path(str(path) + suffix).unlink(missing_ok=True)
        except OSError:
            pass


def _prepare(db: OfficeDatabase, path: Path, kind: str, migrate: bool) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    count = len(migrations.MIGRATIONS)
    if version > count:  # it changed between the check and the lock
        raise NewerFileError(f"{path} was written by a newer version of OfficeBill (schema {version}); "
                             "install the newer OfficeBill to open it. The file was not changed.")
    if kind == "office":
        problems = structure_problems(db.conn, version)
        if problems:
            raise DamagedFileError(f"{path} is damaged: {'; '.join(problems[:3])}. {RESTORE_HINT}", problems)
    if not migrate or version == count:
        return
    if version > 0:
        from .backup import backup_to_dir, backups_dir

        backup_to_dir(path, backups_dir(path), reason=f"before-migration-v{version}")
    apply_migrations(db)


def open_office_db(path: Path, *, who: str | None = None, migrate: bool = True,
                   create: bool = False, key: bytes | None = None) -> OfficeDatabase:
    """Open the office file, bringing its schema up to date; raise OfficeFileError (a UserError) if it cannot be.

    `create=True` makes a new office when the path is missing or empty;
    otherwise a missing file is an error and nothing is created. The caller
    closes the result (`db.close()`), which releases the file lock. An
    encrypted office opens with `key`, or the key a sign-in unlocked in this
    program (`cipher.EncryptedOfficeLocked` when there is none).
    """
    from .conversion import settle_conversion
    from .leftovers import clean_leftovers

    path = Path(path)
    try:
        settle_conversion(path)
        key = key_to_open(path, key)
    except OSError:
        pass  # a path the system refuses: `inspect_office_path` says why
    kind = inspect_office_path(path, create=create, key=key)
    created, db = False, None
    try:
        if kind == "missing":
            _create_new(path)
            created = True
        clean_leftovers(path)
        db = connect(path, key=key)
        _prepare(db, path, kind, migrate)
        install_audit_triggers(db, who or current_user())
        return db
    except (OfficeFileError, *UNREADABLE, OSError) as exc:
        if db is not None:
            db.close()
        if created:
            _remove_new(path)
        if isinstance(exc, OfficeFileError):
            raise
        raise _error_message(path, exc) from exc


def change_stamp(db: sqlite_utils.Database) -> tuple[int, int]:
    """A value that changes whenever this connection or any other commits a write to the file."""
    return db.conn.total_changes, db.execute("PRAGMA data_version").fetchone()[0]


def split_script(script: str) -> list[str]:
    """The statements of an SQL script (trigger bodies kept whole)."""
    statements, start = [], 0
    for end, char in enumerate(script):
        if char == ";" and sqlite3.complete_statement(script[start:end + 1]):
            statements.append(script[start:end + 1].strip())
            start = end + 1
    rest = script[start:].strip()
    if rest:
        statements.append(rest)
    return [s for s in statements if s.strip(" ;\n\t")]


def apply_migrations(db: sqlite_utils.Database) -> list[str]:
    """Run the migrations the file has not had, each in its own `BEGIN IMMEDIATE` transaction."""
    all_migrations = list(migrations.MIGRATIONS)

    def done() -> set[str]:
        exists = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone()
        return {row[0] for row in db.execute("SELECT name FROM migrations")} if exists else set()

    if {name for name, _ in all_migrations} <= done():
        return []  # nothing to do: opening an up-to-date file writes nothing
    register_seal_function(db.conn)  # migration 0016 seals the audit rows already there
    applied = []
    for number, (name, script) in enumerate(all_migrations, start=1):
        with write_transaction(db):
            if name in done():  # another program may have migrated while we waited for the lock
                continue
            db.conn.execute(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            for statement in split_script(script):
                db.conn.execute(statement)
            db.conn.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                            [name, datetime.now().isoformat(timespec="seconds")])
            db.conn.execute(f"PRAGMA user_version = {number}")
        applied.append(name)
    return applied
