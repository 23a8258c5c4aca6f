"""SQL for the NCCI edits in codes.db: the PTP edits with their dates, the MUE tables by quarter, carried over a rebuild.

Dates are stored as YYYYMMDD integers (the files' own form). The rationales of the PTP edits are few and
repeated a million times, so they are kept once in `ncci_rationale`. Meta keys: `ncci_ptp_release`,
`ncci_ptp_edits` (the count), `ncci_ptp_imported`, `ncci_ptp_latest` (the newest effective date).
"""
from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from .ncci_read import MueRow, PtpEdit
from .schema import connect_read

TABLES = (
    "CREATE TABLE IF NOT EXISTS ncci_rationale (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)",
    "CREATE TABLE IF NOT EXISTS ncci_ptp (column1 TEXT NOT NULL, column2 TEXT NOT NULL, effective INTEGER NOT NULL, "
    "deleted INTEGER, modifier INTEGER NOT NULL, rationale INTEGER NOT NULL, "
    "PRIMARY KEY (column1, column2, effective)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS ncci_mue_quarter (effective TEXT PRIMARY KEY, source TEXT NOT NULL, "
    "rows INTEGER NOT NULL, imported TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS ncci_mue (effective TEXT NOT NULL, code TEXT NOT NULL, value INTEGER NOT NULL, "
    "mai INTEGER NOT NULL, rationale TEXT NOT NULL, PRIMARY KEY (effective, code)) WITHOUT ROWID",
)
_CARRIED = ("ncci_rationale", "ncci_ptp", "ncci_mue_quarter", "ncci_mue")
_META = ("ncci_ptp_release", "ncci_ptp_edits", "ncci_ptp_imported", "ncci_ptp_latest")


def create_tables(conn: sqlite3.Connection) -> None:
    for statement in TABLES:
        conn.execute(statement)


def write_ptp(conn: sqlite3.Connection, edits: Iterable[PtpEdit]) -> int:
    """Replaces every PTP edit with `edits`; returns how many are held. The caller owns the transaction."""
    create_tables(conn)
    conn.execute("DELETE FROM ncci_ptp")
    conn.execute("DELETE FROM ncci_rationale")
    rationale_ids: dict[str, int] = {}

    def rows():
        for e in edits:
            key = rationale_ids.setdefault(e.rationale, len(rationale_ids) + 1)
            yield e.column1, e.column2, e.effective, e.deleted, e.modifier, key

    conn.executemany("INSERT OR REPLACE INTO ncci_ptp VALUES (?, ?, ?, ?, ?, ?)", rows())
    conn.executemany("INSERT INTO ncci_rationale VALUES (?, ?)", [(i, t) for t, i in rationale_ids.items()])
    return conn.execute("SELECT count(*) FROM ncci_ptp").fetchone()[0]


def write_mue(conn: sqlite3.Connection, effective: date, rows: list[MueRow], source: str, imported: date) -> None:
    """Adds (or replaces) the MUE table in force from `effective`; other quarters are kept."""
    create_tables(conn)
    key = effective.isoformat()
    conn.execute("DELETE FROM ncci_mue WHERE effective = ?", (key,))
    conn.executemany("INSERT OR REPLACE INTO ncci_mue VALUES (?, ?, ?, ?, ?)",
                     [(key, r.code, r.value, r.mai, r.rationale) for r in rows])
    conn.execute("INSERT OR REPLACE INTO ncci_mue_quarter VALUES (?, ?, ?, ?)",
                 (key, source, len(rows), imported.isoformat()))


def has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'ncci_ptp'").fetchone()[0] == 1


def mue_quarters(conn: sqlite3.Connection) -> list[tuple[str, str, int, str]]:
    """(effective, source file, rows, imported) of every MUE table held, oldest first."""
    if not has_tables(conn):
        return []
    return list(conn.execute("SELECT effective, source, rows, imported FROM ncci_mue_quarter ORDER BY effective"))


def carry_edits(old_path: Path, conn: sqlite3.Connection) -> None:
    """Copies the NCCI tables of the codes.db at `old_path` (if any) into `conn`: imports survive a rebuild."""
    old_path = Path(old_path)
    if not old_path.exists():
        return
    try:
        with contextlib.closing(connect_read(old_path)) as old:
            if not has_tables(old):
                return
            create_tables(conn)
            for table in _CARRIED:
                columns = len(old.execute(f"SELECT * FROM {table} LIMIT 0").description)
                marks = ", ".join("?" * columns)
                conn.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})",
                                 old.execute(f"SELECT * FROM {table}"))
            meta = old.execute(f"SELECT key, value FROM meta WHERE key IN ({', '.join('?' * len(_META))})", _META)
            conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(meta))
    except sqlite3.Error:
        return  # an unreadable old file: the rebuild goes on without its edits (import them again)
