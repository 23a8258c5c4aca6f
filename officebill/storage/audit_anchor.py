"""The audit chain held against the newest backup, so rows removed from the end of the trail show too.

A hash chain cannot notice its newest rows removed together with their seals:
nothing after them is left to miss them. A backup made since is a copy of the
chain as it was; when its last seal is not in the office file unchanged, rows
were removed (or rewritten) after the backup was made. Only backups of the
current line of the file count: those made after the newest restore (a restore
keeps the file it replaces as a "replaced-by-restore" backup, and everything
before that belongs to the file as it was before going back in time), and only backups of this
office file: one whose `office.identity` setting differs is of another file that had the same name. The first
differing row is found by a binary search: once two chains differ at a row,
they differ at every later one, because each seal covers the one before it.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from .audit_chain import ChainReport, tampered
from .backup import BackupFile
from .errors import UNREADABLE, OfficeFileError


def _seal_at(conn: sqlite3.Connection, audit_id: int) -> str | None:
    row = conn.execute("SELECT hash FROM audit_chain WHERE audit_id = ?", [audit_id]).fetchone()
    return row[0] if row else None


def _last_seal(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT coalesce(max(audit_id), 0) FROM audit_chain").fetchone()[0]


def _first_difference(mine: sqlite3.Connection, theirs: sqlite3.Connection, last: int) -> int:
    """The smallest audit id up to `last` whose seal differs (or is missing) in `mine`; `last` + 1 when none."""
    low, high = 1, last + 1
    while low < high:
        middle = (low + high) // 2
        if _seal_at(mine, middle) == _seal_at(theirs, middle):
            low = middle + 1
        else:
            high = middle
    return low


def _current_line(backups: list[BackupFile]) -> list[BackupFile]:
    """The backups (newest first) made since the newest restore."""
    line = []
    for backup in backups:
        if backup.kind == "replaced-by-restore":
            break
        line.append(backup)
    return line


def _identity(conn: sqlite3.Connection) -> str | None:
    """The office file's random identity (migration 0018); None in a file made before it."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'office.identity'").fetchone()
    return row[0] if row else None


def _compare(conn: sqlite3.Connection, backup: BackupFile, rows: int) -> ChainReport | None:
    from .cipher import connect_readonly

    theirs = connect_readonly(backup.path)
    try:
        if not theirs.execute("SELECT 1 FROM sqlite_master WHERE name = 'audit_chain'").fetchone():
            return None
        mine_is, theirs_is = _identity(conn), _identity(theirs)
        if mine_is and theirs_is and mine_is != theirs_is:
            return None  # a backup of another office file that once had this name
        last = _last_seal(theirs)
        if last == 0 or _seal_at(conn, last) == _seal_at(theirs, last):
            return None
        first = _first_difference(conn, theirs, last)
    finally:
        theirs.close()
    when = f"the backup made {backup.made:%m/%d/%Y %H:%M} ({backup.path.name})"
    if first > _last_seal(conn):
        what = (f"audit rows {first} to {last} were removed from the end of the trail ({when} still holds them; if "
                "this office file was put back from a copy outside OfficeBill, that explains it)")
    else:
        what = f"audit row {first} differs from {when}: the trail was rewritten from that row on"
    return tampered(rows, first, what)


def anchor_report(conn: sqlite3.Connection, backups: list[BackupFile], rows: int) -> ChainReport | None:
    """The report on the first row that the newest readable backup of the current line holds otherwise; None
    when the office file holds every sealed row of that backup unchanged (or there is no such backup)."""
    for backup in _current_line(backups):
        try:
            return _compare(conn, backup, rows)
        except (*UNREADABLE, OfficeFileError):  # a damaged, half-copied or locked backup: try the one before it
            continue
    return None


def office_backups(path: Path | None) -> list[BackupFile]:
    """The office file's backups in its backups folder, newest first."""
    from .backup import backups_dir, list_backups

    return list_backups(backups_dir(path), Path(path).stem) if path else []
