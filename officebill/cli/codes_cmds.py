"""officebill-cli codes ...: build the code database, search it, show a code, import HCPCS."""
from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

from ..codes import SYSTEMS, CodeIndex, ensure_built, import_hcpcs
from ..core.problems import UserError
from ..paths import codes_path
from . import office_path, open_office, print_json


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
    cmd.set_defaults(handler=import_file)


def _codes_db(args) -> Path:
    return codes_path(office_path(args))


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr)


def _index(args) -> CodeIndex:
    return CodeIndex(_codes_db(args), progress=_progress)


def build(args) -> int:
    ensure_built(_codes_db(args), progress=_progress, force=True)
    return 0


def search(args) -> int:
    if args.system == "procedure":  # the office's own list first: through the facade
        with open_office(args) as office:
            hits = office.search_codes(args.text, "procedure", args.limit)
    else:
        with _index(args) as index:
            hits = index.search(args.text, args.system, args.limit)
    _print([asdict(h) for h in hits], args.json, lambda h: f"{h['code']:<9} {h['description']}"
           + ("" if h["billable"] else "  [header]"))
    return 0


def show(args) -> int:
    with _index(args) as index:
        hit = index.hit(args.code)
        if hit is None:
            raise UserError(f"{args.code} is not an ICD-10-CM code in the {index.meta().get('icd10cm_release')} "
                            "release; check the spelling or search with `officebill-cli codes search TEXT`")
        data = asdict(hit) | {
            "notes": [asdict(n) for n in index.notes(args.code)],
            "seventh_characters": [asdict(s) for s in index.seventh_characters(args.code)],
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
    counts = import_hcpcs(_codes_db(args), args.file, progress=_progress)
    print(f"imported {counts['procedure']} HCPCS codes and {counts['modifier']} modifiers", file=sys.stderr)
    return 0


def _print(data, as_json: bool, line) -> None:
    if as_json:
        print_json(data)
    else:
        for item in data:
            print(line(item))
