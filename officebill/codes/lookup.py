"""Read-only look-ups by code in codes.db: describe, notes with ancestors, children, 7th characters."""
from __future__ import annotations

import sqlite3
from datetime import date

from .icd10cm import dotted
from .records import HcpcsRecord, Note, SeventhCharacter
from .schema import group_owner
from .text import normalize_code

_ROW = "SELECT code, description, billable, parent, chapter, section, seventh_owner FROM code"


def shown(system: str, code: str) -> str:
    """The on-screen form of a stored code (ICD gets its dot)."""
    return dotted(code) if system == "icd10cm" else code


def row(conn: sqlite3.Connection, system: str, code: str):
    return conn.execute(f"{_ROW} WHERE system = ? AND code = ?", (system, normalize_code(code))).fetchone()


def ancestors(conn: sqlite3.Connection, code: str) -> list[tuple]:
    """The ICD code's row followed by its parent, grandparent ... rows."""
    chain = []
    current = row(conn, "icd10cm", code)
    while current:
        chain.append(current)
        current = row(conn, "icd10cm", current[3]) if current[3] else None
    return chain


def icd_notes(conn: sqlite3.Connection, code: str) -> list[Note]:
    """The code's own notes, then those of each ancestor, its section and chapter (nearest first)."""
    chain = ancestors(conn, code)
    if not chain:
        return []
    owners = [(c[0], dotted(c[0])) for c in chain]
    owners += [(group_owner("section", chain[0][5]), f"section {chain[0][5]}"),
               (group_owner("chapter", chain[0][4]), f"chapter {chain[0][4]}")]
    found = []
    for depth, (owner, label) in enumerate(owners):
        for kind, text in conn.execute("SELECT kind, text FROM note WHERE owner = ? ORDER BY seq", (owner,)):
            found.append(Note(kind, text, label, depth > 0))
    return found


def children(conn: sqlite3.Connection, system: str, code: str) -> list[tuple[str, str]]:
    """Billable descendants of a header as (stored code, description), in code order."""
    key = normalize_code(code)
    return conn.execute(
        "SELECT code, description FROM code WHERE system = ? AND code > ? AND code < ? AND billable = 1 "
        "ORDER BY code", (system, key, key + "\uffff"),
    ).fetchall()


def seventh_characters(conn: sqlite3.Connection, code: str) -> list[SeventhCharacter]:
    """For a leaf that needs a 7th character: the characters that make an existing billable code."""
    found = row(conn, "icd10cm", code)
    if not found or not found[6]:
        return []
    padded = found[0].ljust(6, "X")
    result = []
    for char, meaning in conn.execute("SELECT char, meaning FROM seventh WHERE owner = ? ORDER BY seq", (found[6],)):
        if row(conn, "icd10cm", padded + char):
            result.append(SeventhCharacter(char, meaning, dotted(padded + char)))
    return result


def hcpcs_records(conn: sqlite3.Connection, code: str | None = None) -> list[HcpcsRecord]:
    """All HCPCS records (or those with one code), with real dates."""
    sql = "SELECT code, kind, long_description, short_description, added, effective, terminated, action FROM hcpcs"
    args: tuple = ()
    if code is not None:
        sql, args = sql + " WHERE code = ?", (normalize_code(code),)
    day = lambda v: date.fromisoformat(v) if v else None  # noqa: E731
    return [HcpcsRecord(c, k, ld, sd, day(a), day(e), day(t), act) for c, k, ld, sd, a, e, t, act in conn.execute(sql, args)]
