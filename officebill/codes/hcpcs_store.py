"""Writes HCPCS Level II records into codes.db and imports a CMS file, all or nothing."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from ..core.problems import UserError
from .hcpcs import read_hcpcs
from .records import HcpcsRecord
from .schema import BLOCKS, HCPCS_MODIFIER_START, connect_write, rebuild_fts, write_meta
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


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def import_hcpcs(codes_db_path: Path, file: Path, progress=None) -> dict[str, int]:
    """Imports a CMS HCPCS file (zip or text) into codes.db, replacing the previous HCPCS data.

    The whole file is validated first; any problem raises UserError and nothing changes.
    Returns counts of imported procedures and modifiers.
    """
    from .builder import ensure_built

    records = read_hcpcs(Path(file))
    ensure_built(codes_db_path, progress=progress)
    release = _release_name(Path(file), records)
    conn = connect_write(Path(codes_db_path))
    try:
        conn.execute("BEGIN IMMEDIATE")
        write_hcpcs(conn, records)
        rebuild_fts(conn)
        write_meta(conn, {"hcpcs_release": release, "hcpcs_records": str(len(records))})
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK") if conn.in_transaction else None
        raise UserError(f"could not write the code database {codes_db_path}: {exc}; close other "
                        "OfficeBill windows and try again") from exc
    finally:
        conn.close()
    return {kind: sum(r.kind == kind for r in records) for kind in ("procedure", "modifier")}


def _release_name(file: Path, records: list[HcpcsRecord]) -> str:
    latest = max((r.effective for r in records if r.effective), default=None)
    return f"{file.name} (latest action effective {latest.isoformat() if latest else 'unknown'})"
