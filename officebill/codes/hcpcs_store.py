"""SQL for HCPCS Level II rows in codes.db: replace them all, merge an update, count them.

Used by the builder (carrying HCPCS over a rebuild) and by `hcpcs_import`.
"""
from __future__ import annotations

import sqlite3

from .records import HcpcsRecord
from .schema import BLOCKS, HCPCS_MODIFIER_START
from .text import static_rank


def write_hcpcs(conn: sqlite3.Connection, records: list[HcpcsRecord]) -> None:
    """Replaces all HCPCS rows (procedures and Level II modifiers) with `records`; caller owns the transaction."""
    lo, hi = BLOCKS["hcpcs"]
    conn.execute("DELETE FROM code WHERE id BETWEEN ? AND ?", (lo, hi))
    conn.execute("DELETE FROM code WHERE id BETWEEN ? AND ?", (HCPCS_MODIFIER_START, BLOCKS["modifier"][1]))
    conn.execute("DELETE FROM hcpcs")
    conn.executemany(
        "INSERT INTO hcpcs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(r.kind, r.code, r.long_description, r.short_description, _iso(r.added), _iso(r.effective),
          _iso(r.terminated), r.action) for r in records],
    )
    cpt_modifiers = {row[0] for row in conn.execute("SELECT code FROM code WHERE system = 'modifier'")}
    for kind, start in (("procedure", lo), ("modifier", HCPCS_MODIFIER_START)):
        chosen = [r for r in records if r.kind == kind and r.code not in cpt_modifiers]
        chosen.sort(key=lambda r: (static_rank(r.long_description, r.terminated is None), r.code))
        system = "hcpcs" if kind == "procedure" else "modifier"
        conn.executemany(
            "INSERT INTO code (id, system, code, description, billable, rank, terms) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(start + i, system, r.code, r.long_description, int(r.terminated is None),
              static_rank(r.long_description, r.terminated is None), r.short_description)
             for i, r in enumerate(chosen)],
        )


def merged(held: list[HcpcsRecord], update: list[HcpcsRecord]) -> list[HcpcsRecord]:
    """`held` with each record of `update` added or replacing the one with the same kind and code."""
    by_key = {(r.kind, r.code): r for r in held}
    by_key.update({(r.kind, r.code): r for r in update})
    return list(by_key.values())


def held_count(conn: sqlite3.Connection) -> int:
    """How many HCPCS records (procedures and modifiers) the database holds."""
    try:
        return conn.execute("SELECT count(*) FROM hcpcs").fetchone()[0]
    except sqlite3.DatabaseError:
        return 0


def _iso(day) -> str | None:
    return day.isoformat() if day else None
