"""Imports an official CMS ICD-10-CM release into codes.db: checked whole, written to a copy, swapped in.

The office downloads the release's zips from the ICD-10-CM page of cms.gov
(see `icd10cm_files` for the files read and how the release is recognised).
The newest release held becomes the one searched and shown; every release
held keeps its dates, so claims are checked against the release in force on
their date of service (`releases`).

All or nothing, like the HCPCS import: the files are read and checked whole
first; the new database is written in a temporary copy beside codes.db and
moved into place (`swap.replacing`), so a refused file or a killed import
leaves codes.db as it was. The release is also kept beside codes.db, so a
rebuild of codes.db applies it again.
"""
from __future__ import annotations

import contextlib
from pathlib import Path

from .builder import Progress, ensure_built
from .icd10cm_files import read_release_files
from .icd_write import apply_release, save_release
from .schema import connect_write, rebuild_fts
from .swap import updating


def import_icd10cm(codes_db_path: Path, files: list[Path], progress: Progress | None = None) -> dict:
    """Imports one release from its CMS files (zips, .txt, .xml); returns what it is and how it differs.

    The value: key, name, effective, ends (ISO dates), codes, billable, added, deleted, expanded, and newest
    (True when it became the release searched and shown).
    Any problem raises UserError and codes.db is unchanged."""
    report = progress or (lambda fraction, message: None)
    path = Path(codes_db_path)
    report(0.0, f"reading {', '.join(Path(f).name for f in files)}")
    release_files = read_release_files([Path(f) for f in files])
    release = release_files.release
    ensure_built(path, progress=lambda fraction, message: report(0.1 + 0.3 * fraction, message))
    report(0.4, f"writing the ICD-10-CM release of {release.name}")
    saved = None
    try:
        with updating(path, "import the files again") as temp:
            summary = _write(temp, release_files)
            report(0.9, "keeping the release for later rebuilds")
            saved = save_release(path, release_files)
    except BaseException:
        _forget(saved)
        raise
    report(1.0, f"imported the ICD-10-CM release of {release.name} ({summary['codes']:,} codes)")
    return {"key": release.key, "name": release.name, "effective": release.effective.isoformat(), **summary}


def _write(temp: Path, release_files) -> dict:
    conn = connect_write(temp, fast=True)  # a private copy: no journal needed, the swap is the commit
    try:
        conn.execute("BEGIN")
        summary = apply_release(conn, release_files)
        if summary["newest"]:  # an older release leaves the code table (and what search reads) as it was
            rebuild_fts(conn)
        conn.execute("COMMIT")
        return summary
    finally:
        conn.close()


def _forget(saved: Path | None) -> None:
    if saved is not None:
        with contextlib.suppress(OSError):
            saved.unlink()
