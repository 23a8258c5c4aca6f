"""Builds codes.db from the shipped ICD-10-CM release and the static tables.

`ensure_built(path)` builds on first use and rebuilds when the file was made
by an older builder. The build writes a temporary file in the same folder and
moves it into place (`swap.replacing`), so an interrupted build never leaves
a half-built file in use; temporary files of killed builds and imports are
removed at the next start. HCPCS data imported earlier is carried over, and the ICD-10-CM releases
imported earlier (kept beside codes.db, see `icd_write`) are applied again.
"""
from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from ..core.problems import UserError
from . import icd10cm
from .hcpcs_store import write_hcpcs
from .icd_history import write_history
from .icd_write import apply_release, bundled_release, saved_releases, shipped_history, write_icd
from .lookup import hcpcs_records
from .ncci_store import carry_edits
from .records import HcpcsRecord
from .schema import (
    BLOCKS,
    BUILDER_VERSION,
    INDEXES,
    TABLES,
    connect_read,
    connect_write,
    read_meta,
    rebuild_fts,
    write_meta,
)
from .static_tables import CPT_MODIFIERS, PLACES_OF_SERVICE, POS_RELEASE
from .swap import recover, remove_stale, replacing

Progress = Callable[[float, str], None]


def is_current(path: Path) -> bool:
    """True when `path` is a finished codes.db written by this builder version."""
    if not Path(path).exists():
        return False
    try:
        conn = connect_read(path)
    except sqlite3.Error:
        return False
    with contextlib.closing(conn):
        return read_meta(conn).get("builder_version") == BUILDER_VERSION


def ensure_built(path: Path, progress: Progress | None = None, force: bool = False) -> Path:
    """Builds codes.db at `path` unless a current one is there (or always, with force).

    First repairs what a killed writer left: a hot journal of an older version, temporary files.
    """
    path = Path(path)
    recover(path)
    remove_stale(path)
    if force or not is_current(path):
        build(path, progress)
    return path


def build(path: Path, progress: Progress | None = None) -> None:
    """Writes a complete codes.db to a temporary file, then moves it over `path` (see `swap`)."""
    report = progress or (lambda fraction, message: None)
    path = Path(path)
    started = time.perf_counter()
    report(0.0, "reading the ICD-10-CM release")
    release = icd10cm.read_release()
    carried = _old_hcpcs(path)
    with replacing(path) as temp:
        conn = connect_write(temp, fast=True)
        try:
            conn.execute("BEGIN")
            for statement in _statements(TABLES):
                conn.execute(statement)
            report(0.35, "writing ICD-10-CM codes")
            write_icd(conn, release)
            bundled = {c.code: c.billable for c in release.codes}
            write_history(conn, [*shipped_history(bundled), (bundled_release(), bundled)])
            _write_static(conn)
            write_meta(conn, {"builder_version": BUILDER_VERSION, "icd10cm_release": release.version,
                              "pos_release": POS_RELEASE})
            meta = {}
            for imported in saved_releases(path):
                report(0.45, f"applying the imported ICD-10-CM release of {imported.release.name}")
                with contextlib.suppress(UserError):  # one held already, or no longer readable: kept out
                    apply_release(conn, imported)
            if carried:
                write_hcpcs(conn, carried[0])
                meta.update(carried[1])
            carry_edits(path, conn)  # NCCI edits imported earlier survive a rebuild, as HCPCS does
            report(0.6, "indexing")
            for statement in _statements(INDEXES):
                conn.execute(statement)
            rebuild_fts(conn)
            meta["built_seconds"] = f"{time.perf_counter() - started:.2f}"
            write_meta(conn, meta)
            conn.execute("COMMIT")
        finally:
            conn.close()
    report(1.0, f"code database ready ({time.perf_counter() - started:.1f} s)")


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";\n") if s.strip()]


def _write_static(conn: sqlite3.Connection) -> None:
    for system, table in (("modifier", CPT_MODIFIERS), ("pos", PLACES_OF_SERVICE)):
        start = BLOCKS[system][0]
        conn.executemany(
            "INSERT INTO code (id, system, code, description, billable, rank) VALUES (?, ?, ?, ?, 1, ?)",
            [(start + i, system, code, label, i) for i, (code, label) in enumerate(table.items())],
        )


def _old_hcpcs(path: Path) -> tuple[list[HcpcsRecord], dict[str, str]] | None:
    """HCPCS records and their meta from an existing codes.db, to survive a rebuild."""
    if not path.exists():
        return None
    try:
        with contextlib.closing(connect_read(path)) as conn:
            records = hcpcs_records(conn)
            meta = {k: v for k, v in read_meta(conn).items() if k.startswith("hcpcs_")}
    except sqlite3.Error:
        return None
    return (records, meta) if records else None
