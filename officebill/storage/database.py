"""Opening the office file: pragmas, owner-only permissions, version guard, migrations.

`open_office_db(path)` returns a sqlite-utils Database ready for the stores.
A file written by a newer OfficeBill is refused before anything touches it,
and an existing file is backed up before any migration runs.
"""
from __future__ import annotations

import getpass
import os
import sqlite3
from datetime import datetime
from pathlib import Path

import sqlite_utils

from ..core.problems import UserError
from .audit import install_audit_triggers
from .migrations import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 5000


class OfficeFileError(UserError):
    """The office file cannot be used; the message says why and what to do."""


class NewerFileError(OfficeFileError):
    """The file was written by a newer OfficeBill."""


def read_schema_version(path: Path) -> int:
    """The file's schema version, read without changing anything. 0 for a new file."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return 0
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise OfficeFileError(
            f"{path} is not an OfficeBill office file or it is damaged ({exc}). "
            "Restore a backup (officebill-cli restore FILE) or choose another file."
        ) from exc
    return version


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems
        return "unknown"


def _create_owner_only(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def connect(path: Path) -> sqlite_utils.Database:
    """A connection with the office pragmas, without version checks."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=True)
    db = sqlite_utils.Database(conn)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def open_office_db(path: Path, *, who: str | None = None, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the office file and bring its schema up to date."""
    path = Path(path)
    version = read_schema_version(path)
    if version > SCHEMA_VERSION:
        raise NewerFileError(
            f"{path} was written by a newer version of OfficeBill (schema {version}; this version "
            f"understands up to {SCHEMA_VERSION}). Install the newer OfficeBill to open it; "
            "the file was not changed."
        )
    if not path.exists():
        _create_owner_only(path)
    if not os.access(path, os.W_OK):
        raise OfficeFileError(
            f"{path} cannot be written (read-only file or folder). "
            "Check its permissions or copy it somewhere you can write."
        )
    if 0 < version < SCHEMA_VERSION and migrate:
        from .backup import backup_to_dir, backups_dir

        backup_to_dir(path, backups_dir(path), reason=f"before-migration-v{version}")
    db = connect(path)
    if migrate:
        apply_migrations(db)
    install_audit_triggers(db, who or current_user())
    return db


def change_stamp(db: sqlite_utils.Database) -> tuple[int, int]:
    """A value that changes whenever this connection or any other commits a write to the file."""
    return db.conn.total_changes, db.execute("PRAGMA data_version").fetchone()[0]


def apply_migrations(db: sqlite_utils.Database) -> list[str]:
    """Run the migrations the file has not had, each in its own transaction."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in db.execute("SELECT name FROM migrations")}
    applied = []
    for number, (name, script) in enumerate(MIGRATIONS, start=1):
        if name in done:
            continue
        stamp = datetime.now().isoformat(timespec="seconds")
        try:
            db.conn.executescript(
                f"BEGIN;\n{script};\n"
                f"INSERT INTO migrations (name, applied_at) VALUES ('{name}', '{stamp}');\n"
                f"PRAGMA user_version = {number};\nCOMMIT;"
            )
        except sqlite3.Error:
            if db.conn.in_transaction:
                db.conn.rollback()
            raise
        applied.append(name)
    return applied
