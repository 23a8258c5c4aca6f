"""The codes.db layout: tables, row-id blocks per code system, meta keys, connections.

Rows of each system live in their own row-id block and are stored in
static-rank order (best first), so FTS5 returns matches already roughly
ranked and the searcher can stop after the first few hundred.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

BUILDER_VERSION = "8"  # 8: ICD-10-CM releases by date of service (icd_release, icd_span)
BLOCKS = {
    "icd10cm": (1, 999_999),
    "hcpcs": (1_000_000, 1_999_999),
    "modifier": (2_000_000, 2_999_999),
    "pos": (3_000_000, 3_999_999),
}
HCPCS_MODIFIER_START = 2_100_000  # Level II modifiers follow the CPT ones in the modifier block

TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE code (
    id INTEGER PRIMARY KEY,
    system TEXT NOT NULL,
    code TEXT NOT NULL,          -- dotless, upper case
    description TEXT NOT NULL,
    billable INTEGER NOT NULL,
    parent TEXT NOT NULL DEFAULT '',
    chapter TEXT NOT NULL DEFAULT '',
    section TEXT NOT NULL DEFAULT '',
    seventh_owner TEXT NOT NULL DEFAULT '',
    rank REAL NOT NULL DEFAULT 0,
    terms TEXT NOT NULL DEFAULT ''  -- inclusion terms / short description, searched too
);
CREATE TABLE icd_group (kind TEXT NOT NULL, key TEXT NOT NULL, description TEXT NOT NULL, PRIMARY KEY (kind, key));
CREATE TABLE note (owner TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE seventh (owner TEXT NOT NULL, seq INTEGER NOT NULL, char TEXT NOT NULL, meaning TEXT NOT NULL);
CREATE TABLE hcpcs (
    kind TEXT NOT NULL, code TEXT NOT NULL, long_description TEXT NOT NULL, short_description TEXT NOT NULL,
    added TEXT, effective TEXT, terminated TEXT, action TEXT NOT NULL, PRIMARY KEY (kind, code)
);
-- ICD-10-CM releases held, oldest first; the code table holds the newest one (by effective date).
CREATE TABLE icd_release (
    effective TEXT PRIMARY KEY,  -- first day of service it is in force (ISO): October 1, or April 1 for an update
    key TEXT NOT NULL UNIQUE,    -- '2027' (fiscal year 2027), '2026-april' (the April 1, 2026 update)
    ends TEXT NOT NULL,          -- last day in force: the day before the next release held, or its FY's September 30
    source TEXT NOT NULL         -- 'bundled', or the files it was imported from
);
-- A code's history across the releases held, only for codes whose history is not "in every release held, as
-- billable as the code table says": each row is a run of consecutive releases (by effective date, inclusive)
-- in which the code exists with that billability. A code with rows is absent from releases no row covers.
CREATE TABLE icd_span (
    code TEXT NOT NULL, first TEXT NOT NULL, last TEXT NOT NULL, billable INTEGER NOT NULL,
    PRIMARY KEY (code, first)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE code_fts USING fts5(
    description, terms, content='code', content_rowid='id', detail=none,
    prefix='1 2 3 4 5 6 7 8 9 10', tokenize='unicode61 remove_diacritics 2'
);
"""

INDEXES = """
CREATE UNIQUE INDEX code_key ON code (system, code);
CREATE INDEX code_by_length ON code (system, length(code), code);
CREATE INDEX code_parent ON code (system, parent);
CREATE INDEX note_owner ON note (owner);
CREATE INDEX seventh_owner ON seventh (owner);
"""


def group_owner(kind: str, key: str) -> str:
    """Note owner key of a chapter or section (codes use their dotless code)."""
    return f"{kind}:{key}"


def connect_write(path: Path, fast: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    if fast:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
    return conn


def connect_read(path: Path) -> sqlite3.Connection:
    """A read-only connection; fails if the file does not exist."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    conn.execute("PRAGMA query_only=1")
    return conn


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(conn.execute("SELECT key, value FROM meta"))
    except sqlite3.DatabaseError:
        return {}


def write_meta(conn: sqlite3.Connection, values: dict[str, str]) -> None:
    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", values.items())


def rebuild_fts(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO code_fts (code_fts) VALUES ('rebuild')")
