"""Housekeeping of the office file: its size by table, and optimizing it when asked.

`table_sizes(conn)` reads the `dbstat` virtual table (each table with its indexes; the
whole file when SQLite was built without it). `optimize_office(path, compact=True)` runs
ANALYZE and `PRAGMA optimize`, and with `compact` writes a compacted copy (VACUUM INTO a
new file beside it) that replaces the office through the restore path: the copy is
checked, the file lock taken exclusively (refused while another window or command has the
office open), the old file kept as a backup, the new one swapped in atomically.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from .errors import OPERATIONAL


def table_sizes(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """(table, bytes with its indexes), largest first."""
    owner = {name: table for name, table in conn.execute("SELECT name, tbl_name FROM sqlite_master")}
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    except OPERATIONAL:  # SQLite (or SQLCipher, for an encrypted office) without dbstat: the whole file only
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])  # SQLCipher answers it as text
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0]) * page_size
        return [("(whole file)", pages)]
    totals: dict[str, int] = {}
    for name, size in rows:
        table = owner.get(name, name)
        totals[table] = totals.get(table, 0) + size
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def optimize_office(path: Path, compact: bool = False) -> dict:
    """ANALYZE and PRAGMA optimize; with `compact`, VACUUM INTO a new file and swap it in.

    Returns {"before": bytes, "after": bytes, "kept": the replaced file's backup or None}."""
    from .database import connect, write_transaction
    from .durable import create_private
    from .restore import restore_office

    path = Path(path)
    before = _file_bytes(path)
    db = connect(path)
    temp = path.with_name(path.name + ".compacting")
    try:
        with write_transaction(db):
            db.conn.execute("ANALYZE")
        db.conn.execute("PRAGMA optimize")
        if compact:
            create_private(temp)  # owner-only before a byte of patient data is in it (VACUUM INTO fills it)
            db.conn.execute("VACUUM INTO ?", [str(temp)])
    finally:
        db.close()
    kept = None
    if compact:
        try:
            kept = restore_office(temp, path)
        finally:
            temp.unlink(missing_ok=True)
    return {"before": before, "after": _file_bytes(path), "kept": kept}


def _file_bytes(path: Path) -> int:
    return sum(Path(str(path) + suffix).stat().st_size for suffix in ("", "-wal")
               if Path(str(path) + suffix).exists())
