"""Imports a CMS HCPCS Level II file into codes.db: checked whole, written to a copy, swapped in.

Two kinds of file are accepted:

- A whole release (the default): the CMS annual file (`HCPCyyyy_JAN_ANWEB…`)
  or a quarterly file (`…_APR_`, `…_JUL_`, `…_OCT_`). CMS publishes each as
  the complete code set (terminated codes stay in it for years), so it
  replaces every HCPCS code held. A file is taken as whole only when it holds
  at least `MIN_RELEASE_PROCEDURES` procedure codes, at least one modifier,
  and at least `MIN_SHARE_OF_HELD` of the codes held now; otherwise it is
  refused with `NotWholeRelease`, because importing it would silently drop
  every code it lacks.
- A documented update file, with `partial=True` (`--partial` on the command
  line): records in the same CMS record layout holding only some codes, such
  as the added, changed and discontinued codes of a quarterly update cut
  from the release file. Its codes are added or updated by kind and code;
  every other code is kept. A discontinued code carries its termination
  date, so merging it ends its use without deleting it.

Nothing is written until the whole file has been read and checked. The new
database is built in a temporary copy beside codes.db and moved into place
(`swap.replacing`), so a refused file or a killed import leaves codes.db as
it was.
"""
from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from ..core.problems import UserError
from .builder import Progress, ensure_built
from .hcpcs import read_hcpcs
from .hcpcs_store import held_count, merged, write_hcpcs
from .lookup import hcpcs_records
from .records import HcpcsRecord
from .schema import connect_read, connect_write, read_meta, rebuild_fts, write_meta
from .swap import updating

MIN_RELEASE_PROCEDURES = 5_000  # a CMS release has held well over this many codes for decades
MIN_SHARE_OF_HELD = 0.8
_PARTIAL_HELP = ("if it is an update file holding only some codes, import it with --partial (its codes are "
                 "added or updated and all others kept); otherwise download the whole HCPCS file from cms.gov")


class NotWholeRelease(UserError):
    """The file holds too few codes to replace the HCPCS set; `partial=True` would merge it instead."""

    def __init__(self, message: str, procedures: int, modifiers: int, held: int):
        super().__init__(message)
        self.procedures, self.modifiers, self.held = procedures, modifiers, held


def import_hcpcs(codes_db_path: Path, file: Path, progress: Progress | None = None,
                 partial: bool = False) -> dict[str, int]:
    """Imports a CMS HCPCS file (zip or text) into codes.db; returns the file's procedure and modifier counts.

    Without `partial` the file must be a whole release and replaces every HCPCS code; with it the file's
    codes are merged. Any problem raises UserError and codes.db is unchanged.
    """
    report = progress or (lambda fraction, message: None)
    path, file = Path(codes_db_path), Path(file)
    report(0.0, f"reading {file.name}")
    records = read_hcpcs(file)
    ensure_built(path, progress=lambda fraction, message: report(0.1 + 0.5 * fraction, message))
    held, meta = _held(path)
    procedures, modifiers = (sum(r.kind == kind for r in records) for kind in ("procedure", "modifier"))
    if not partial:
        _check_whole(file.name, procedures, modifiers, held)
    report(0.6, "writing HCPCS codes")
    with updating(path, "import the file again") as temp:
        _write(temp, records, partial, _meta(file.name, records, partial, meta))
    report(1.0, f"imported {procedures} HCPCS codes and {modifiers} modifiers")
    return {"procedure": procedures, "modifier": modifiers}


def _check_whole(name: str, procedures: int, modifiers: int, held: int) -> None:
    total = procedures + modifiers
    if procedures < MIN_RELEASE_PROCEDURES or not modifiers:
        message = (f"{name} holds {procedures} HCPCS codes and {modifiers} modifiers, so it is not a whole CMS "
                   f"HCPCS release (a whole release holds more than {MIN_RELEASE_PROCEDURES:,} codes and the "
                   f"modifiers); importing it would replace all {held:,} HCPCS codes and modifiers held now; "
                   f"nothing was imported; {_PARTIAL_HELP}")
    elif total < MIN_SHARE_OF_HELD * held:
        message = (f"{name} holds {total:,} HCPCS codes and modifiers, fewer than {MIN_SHARE_OF_HELD:.0%} of the "
                   f"{held:,} held now, so it looks like a cut-down file; importing it would drop the codes it "
                   f"lacks; nothing was imported; {_PARTIAL_HELP}")
    else:
        return
    raise NotWholeRelease(message, procedures, modifiers, held)


def _held(path: Path) -> tuple[int, dict[str, str]]:
    try:
        with contextlib.closing(connect_read(path)) as conn:
            return held_count(conn), read_meta(conn)
    except sqlite3.Error as exc:
        raise UserError(f"cannot read the code database {path}: {exc}; rebuild it with "
                        "'officebill-cli codes build'") from exc


def _write(temp: Path, records: list[HcpcsRecord], partial: bool, meta: dict[str, str]) -> None:
    conn = connect_write(temp, fast=True)  # a private copy: no journal needed, the swap is the commit
    try:
        conn.execute("BEGIN")
        if partial:
            records = merged(hcpcs_records(conn), records)
        write_hcpcs(conn, records)
        rebuild_fts(conn)
        write_meta(conn, {**meta, "hcpcs_records": str(len(records))})
        conn.execute("COMMIT")
    finally:
        conn.close()


def _meta(name: str, records: list[HcpcsRecord], partial: bool, held: dict[str, str]) -> dict[str, str]:
    latest = max((r.effective for r in records if r.effective), default=None)
    this = f"{name} (latest action effective {latest.isoformat() if latest else 'unknown'})"
    if not partial:
        return {"hcpcs_release": this, "hcpcs_base_release": this, "hcpcs_update": ""}
    base = held.get("hcpcs_base_release") or held.get("hcpcs_release") or ""
    shown = f"{base}; updated by {this}" if base else f"{this}, an update file only"
    return {"hcpcs_release": shown, "hcpcs_base_release": base, "hcpcs_update": this}
