"""officebill-cli codes ...: build the code database, search it, show a code, import HCPCS and ICD-10-CM releases."""
from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

from ..codes import SYSTEMS
from ..core.problems import UserError
from ..office import CodeService
from ..paths import codes_path
from . import edit_cmds
from .common import office_path, open_office, print_json


def register(sub) -> None:
    """Adds the codes command group."""
    group = sub.add_parser("codes", help="code sets: build, search, show, import HCPCS")
    codes_sub = group.add_subparsers(dest="codes_command", metavar="ACTION", required=True)

    cmd = codes_sub.add_parser("build", help="(re)build the code database from the shipped releases")
    cmd.set_defaults(handler=build)

    cmd = codes_sub.add_parser("search", help="search codes by code, code prefix, words or abbreviation")
    cmd.add_argument("text")
    cmd.add_argument("--system", choices=SYSTEMS, default="icd10cm")
    cmd.add_argument("--limit", type=int, default=20)
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=search)

    cmd = codes_sub.add_parser("show", help="show one ICD-10-CM code with its notes")
    cmd.add_argument("code")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=show)

    cmd = codes_sub.add_parser("import-hcpcs", help="import the CMS HCPCS Level II file (zip or .txt)")
    cmd.add_argument("file", type=Path)
    cmd.add_argument("--partial", action="store_true",
                     help="the file is an update holding only some codes: add and change those, delete none")
    cmd.set_defaults(handler=import_file)
    edit_cmds.register(codes_sub)  # import-ncci, import-mue, edits

    cmd = codes_sub.add_parser("import-icd10cm", help="import an ICD-10-CM release from cms.gov (its zips or the "
                               "order file and tabular XML inside them)")
    cmd.add_argument("files", type=Path, nargs="+", metavar="FILE")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=import_icd10cm)

    cmd = codes_sub.add_parser("releases", help="list the ICD-10-CM releases held, with the dates each is in force")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=releases)


def _codes(args) -> CodeService:
    """The code database beside the office file named by --db (it needs no office file itself)."""
    return CodeService(codes_path(office_path(args)))


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr)


def build(args) -> int:
    with _codes(args) as codes:
        codes.ensure_built(progress=_progress, force=True)
    return 0


def search(args) -> int:
    if args.system == "procedure":  # the office's own list first: through the office
        with open_office(args) as office:
            hits = office.codes.search(args.text, "procedure", args.limit)
    else:
        with _codes(args) as codes:
            codes.ensure_built(progress=_progress)
            hits = codes.search(args.text, args.system, args.limit)
    _print([asdict(h) for h in hits], args.json, lambda h: f"{h['code']:<9} {h['description']}"
           + ("" if h["billable"] else "  [header]"))
    return 0


def show(args) -> int:
    with _codes(args) as codes:
        codes.ensure_built(progress=_progress)
        hit = codes.hit(args.code)
        if hit is None:
            raise UserError(f"{args.code} is not an ICD-10-CM code in the {codes.releases()['icd10cm']} "
                            "release; check the spelling or search with `officebill-cli codes search TEXT`")
        data = asdict(hit) | {
            "notes": [asdict(n) for n in codes.notes(args.code)],
            "seventh_characters": [asdict(s) for s in codes.seventh_characters(args.code)],
        }
    if args.json:
        _print(data, True, None)
    else:
        print(f"{data['code']}  {data['description']}  ({'billable' if data['billable'] else 'header, not billable'})")
        for note in data["notes"]:
            print(f"  {note['kind']} [{note['source']}]: {note['text']}")
        for seventh in data["seventh_characters"]:
            print(f"  7th {seventh['char']}: {seventh['meaning']} -> {seventh['code']}")
    return 0


def import_file(args) -> int:
    with _codes(args) as codes:
        codes.ensure_built(progress=_progress)
        counts = codes.import_hcpcs(args.file, progress=_progress, partial=args.partial).value
    print(f"imported {counts['procedure']} HCPCS codes and {counts['modifier']} modifiers "
          f"(release {counts['release']})", file=sys.stderr)
    return 0


def import_icd10cm(args) -> int:
    with _codes(args) as codes:
        codes.ensure_built(progress=_progress)
        summary = codes.import_icd10cm(args.files, progress=_progress).value
    if args.json:
        print_json(summary)
    else:
        print(f"imported the ICD-10-CM release of {summary['name']} (FY{summary['key'][:4]}"
              f"{', ' + summary['key'][5:].capitalize() + ' update' if summary['key'][5:] else ''}): "
              f"{summary['codes']:,} codes"
              + (f"; since the {summary['compared_with']} release {summary['added']:,} added, {summary['deleted']:,} "
                 f"deleted, {summary['expanded']:,} expanded into more specific codes" if summary["compared_with"]
                 else ""))
    return 0


def releases(args) -> int:
    with _codes(args) as codes:
        codes.ensure_built(progress=_progress)
        held = codes.icd10cm_releases()
    _print(held, args.json, lambda r: f"{r['name']:<18} {r['effective']} to {r['ends']}  FY{r['fiscal_year']}  "
           f"({r['source']})")
    return 0


def _print(data, as_json: bool, line) -> None:
    if as_json:
        print_json(data)
    else:
        for item in data:
            print(line(item))
