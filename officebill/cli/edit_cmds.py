"""officebill-cli codes import-ncci / import-mue / edits: the CMS NCCI practitioner edits in the code database.

Attached to the `codes` group by `codes_cmds.register`. Like `codes import-hcpcs`, they work on the code
database beside the office file (--db) and need no office file themselves.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..office.code_service import CodeService
from ..office.edit_service import IMPORT_HELP, ProcedureEditService
from ..paths import codes_path
from .common import day, office_path, print_json


def register(codes_sub) -> None:
    """Adds import-ncci, import-mue and edits to the `codes` subcommands."""
    cmd = codes_sub.add_parser("import-ncci", help="import the CMS NCCI practitioner PTP edits (the quarter's "
                                                   "ccipra zips or .txt files, all parts together)")
    cmd.add_argument("files", type=Path, nargs="+", metavar="FILE")
    cmd.set_defaults(handler=import_ptp)

    cmd = codes_sub.add_parser("import-mue", help="import the CMS NCCI practitioner MUE table (zip or .csv)")
    cmd.add_argument("files", type=Path, nargs="+", metavar="FILE")
    cmd.add_argument("--effective", metavar="YYYY-MM-DD",
                     help="the first day the table is in force (when the file name does not say)")
    cmd.set_defaults(handler=import_mue)

    cmd = codes_sub.add_parser("edits", help="list the NCCI edits loaded (PTP release and count, MUE tables)")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=show)


def _edits(args) -> tuple[CodeService, ProcedureEditService]:
    codes = CodeService(codes_path(office_path(args)))
    return codes, ProcedureEditService(codes)


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr)


def import_ptp(args) -> int:
    codes, edits = _edits(args)
    with codes:
        value = edits.import_ptp(args.files, progress=_progress).value
    print(f"imported {value['edits']:,} NCCI PTP edits ({value['release']})", file=sys.stderr)
    return 0


def import_mue(args) -> int:
    codes, edits = _edits(args)
    with codes:
        value = edits.import_mue(args.files, effective=day(args.effective), progress=_progress).value
    print(f"imported the MUEs of {value['codes']:,} codes, in force from {value['effective']}", file=sys.stderr)
    return 0


def show(args) -> int:
    codes, edits = _edits(args)
    with codes:
        held = edits.loaded()
    if args.json:
        print_json(held)
        return 0
    ptp = held["ptp"]
    print(f"PTP edits: {ptp['release']} ({ptp['quarter'] or 'quarter not in the name'}), {ptp['edits']:,} edits, "
          f"the newest effective {ptp['latest_effective']}, imported {ptp['imported']}" if ptp
          else "PTP edits: none loaded")
    for table in held["mue"]:
        print(f"MUE table in force from {table['effective']}: {table['codes']:,} codes ({table['source']}, "
              f"imported {table['imported']})")
    if not held["mue"]:
        print("MUE table: none loaded")
    if not ptp or not held["mue"]:
        print(f"Without them those checks are off; {IMPORT_HELP}", file=sys.stderr)
    return 0
