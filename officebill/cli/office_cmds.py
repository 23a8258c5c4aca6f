"""officebill-cli commands for the office file: demo, backup, restore, check, and listings."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from ..core.identifiers import parse_date
from ..core.problems import UserError
from ..demo import DEMO_USERS, build_demo
from ..office import optimize_office_file, restore_backup
from .common import office_path, open_office, print_json, require


def register(sub) -> None:
    cmd = sub.add_parser("new", help="create a new, empty office file (at --db, or the default place)")
    cmd.set_defaults(handler=new)

    cmd = sub.add_parser("demo", help="fill a new, empty office file with the demo practice")
    cmd.add_argument("--today", help="date the demo visits lead up to (default: today)")
    cmd.add_argument("--years", type=int, help="a practice this many years old (with --patients): visits and "
                                               "claims in every status, for scale work")
    cmd.add_argument("--patients", type=int, help="number of patients of the many-year office (default 20000)")
    cmd.add_argument("--visits", type=int, help="number of visits (default: 1.5 per patient and year)")
    cmd.set_defaults(handler=demo)

    cmd = sub.add_parser("backup", help="make a consistent copy of the office file")
    cmd.add_argument("--to", type=Path, help="folder for the copy (default: the backups folder)")
    cmd.set_defaults(handler=backup)

    cmd = sub.add_parser("restore", help="replace the office file with a checked backup (the old one is kept)")
    cmd.add_argument("file", type=Path)
    cmd.set_defaults(handler=restore)

    cmd = sub.add_parser("optimize", help="analyze the office file for faster queries (run when asked)")
    cmd.add_argument("--compact", action="store_true",
                     help="also rewrite the file without free space (close the window first; the old file is kept)")
    cmd.set_defaults(handler=optimize)

    cmd = sub.add_parser("check", help="check the office file: integrity, every row, the books, the audit trail's "
                                       "hash chain; size by table")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=check)

    cmd = sub.add_parser("setup", help="show the practice, providers, facilities and payers")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=setup)

    cmd = sub.add_parser("patients", help="find patients by name, account number or date of birth")
    cmd.add_argument("text", nargs="?", default="")
    cmd.add_argument("--limit", type=int, default=50)
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=patients)

    cmd = sub.add_parser("patient", help="show one patient with policies and visits")
    cmd.add_argument("account")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=patient)

    cmd = sub.add_parser("procedures", help="the office procedure list (fee schedule)")
    actions = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="show the list")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=procedures_list)
    importing = actions.add_parser("import", help="import a CSV (all rows or none)")
    importing.add_argument("file", type=Path)
    importing.add_argument("--dry-run", action="store_true", help="check the file and show what would change")
    importing.set_defaults(handler=procedures_import)
    exporting = actions.add_parser("export", help="write the list as CSV")
    exporting.add_argument("file", type=Path, nargs="?", help="output file (default: standard output)")
    exporting.set_defaults(handler=procedures_export)


def new(args) -> int:
    path = office_path(args)
    if path.exists():
        raise UserError(f"{path} already exists; open it, or give a new file name with --db.")
    with open_office(args, create=True) as office:
        print(f"Created a new office file at {office.path}. Set up the practice in the window, "
              "or fill it with the demo practice: officebill-cli --db PATH demo")
    return 0


def demo(args) -> int:
    today = parse_date(args.today) if args.today else date.today()
    if args.years or args.patients or args.visits:
        from ..demo_years import build_years

        with open_office(args, create=True) as office:
            made = build_years(office, years=args.years or 10, patients=args.patients or 20000, visits=args.visits,
                               today=today, progress=lambda text: print(text, file=sys.stderr, flush=True))
        print(f"Demo office built in {office.path}: " + ", ".join(f"{n} {what}" for what, n in made.items()))
        return 0
    with open_office(args, create=True) as office:
        made = build_demo(office, today, users=True)
    print(f"Demo office built in {office.path}: " + ", ".join(f"{n} {what}" for what, n in made.items()))
    print("Sign in as one of the demo users (demo passwords; add your own users for real work):")
    for name, _full_name, role, password in DEMO_USERS:
        print(f"  {name:10} {role.value:11} password: {password}")
    print(f"For example: officebill-cli --db {office.path} --user manager patients (OFFICEBILL_PASSWORD=... for scripts)")
    return 0


def backup(args) -> int:
    with open_office(args) as office:
        made = office.backups.make(args.to)
    print(made)
    return 0


def restore(args) -> int:
    require(args, "backups.manage")
    path = office_path(args)
    kept = restore_backup(args.file, path)
    print(f"Restored {args.file} into {path}." + (f" The replaced file was kept as {kept}." if kept else ""))
    return 0


def check(args) -> int:
    """The whole file read (integrity, structure, every row) and the books reconciled, plus its size by table."""
    with open_office(args) as office:
        path = office.path
        problems = office.backups.content_problems() + office.money.verify() + office.audit.chain_problems()
        sizes = office.backups.table_sizes()
    if args.json:
        print_json({"file": str(path), "ok": not problems, "problems": problems,
                    "sizes": [{"table": table, "bytes": size} for table, size in sizes]})
        return 1 if problems else 0
    if problems:
        print(f"{path}: {len(problems)} problem(s):", *problems, sep="\n  ")
    else:
        print(f"{path}: ok (integrity, every row readable, the books reconcile, the audit trail is unbroken)")
    print(f"size {sum(size for _, size in sizes) / 1e6:,.1f} MB:",
          *(f"{table:28} {size / 1e6:10,.1f} MB" for table, size in sizes[:12]), sep="\n  ")
    return 1 if problems else 0


def optimize(args) -> int:
    require(args, "backups.manage")
    made = optimize_office_file(office_path(args), compact=args.compact)
    print(f"Optimized {office_path(args)}: {made['before'] / 1e6:,.1f} MB -> {made['after'] / 1e6:,.1f} MB."
          + (f" The file as it was is kept as {made['kept']}." if made["kept"] else ""))
    return 0


def setup(args) -> int:
    with open_office(args) as office:
        data = {"practice": office.setup.practice(), "providers": office.setup.providers(),
                "facilities": office.setup.facilities(), "payers": office.setup.payers()}
        empty, where = office.is_empty(), office.path
    if args.json:
        print_json(data)
        return 0
    if empty and not any(data[key] for key in ("providers", "facilities", "payers")):
        print(f"{where} has no practice set up yet. Set it up in the window (first start offers a short "
              "wizard), or fill a new file with the demo practice: officebill-cli --db NEW.db demo")
        return 0
    practice = data["practice"]
    print(f"{practice.name}  NPI {practice.npi}  {practice.tax_id_type} {practice.tax_id}")
    for title, rows, show in (
        ("Providers", data["providers"], lambda p: f"{p.display_name:30} NPI {p.npi}  {p.taxonomy}"),
        ("Facilities", data["facilities"], lambda f: f"{f.name:30} NPI {f.npi or '-':10}  POS {f.default_pos}"),
        ("Payers", data["payers"], lambda p: f"{p.name:36} {p.plan_type.value:9} ID {p.payer_id}"),
    ):
        print(f"\n{title}:")
        for row in rows:
            print(f"  {row.id:>3}  {show(row)}")
    return 0


def patients(args) -> int:
    with open_office(args) as office:
        found = office.patients.find(args.text, limit=args.limit)
        total = office.patients.count(args.text)
    if args.json:
        print_json(found)
        return 0
    for p in found:
        print(f"{p.account:8} {p.display_name:28} {p.dob:%m/%d/%Y} {p.sex.value}  {p.phone}")
    print(f"{len(found)} of {total} patient(s)", file=sys.stderr)
    return 0


def patient(args) -> int:
    with open_office(args) as office:
        found = office.patients.by_account(args.account.upper())
        if found is None:
            raise UserError(f"No patient has account {args.account}; find it with: officebill-cli patients NAME")
        office.audit.record_view("patient", found.id)
        policies = office.patients.policies(found.id)
        payers = {p.id: p for p in office.setup.payers()}
        visits = office.visits.for_patient(found.id)
    if args.json:
        print_json({"patient": found, "policies": policies, "visits": visits})
        return 0
    print(f"{found.account}  {found.display_name}  born {found.dob:%m/%d/%Y}  {found.sex.value}")
    a = found.address
    print(f"  {a.line1}, {a.city}, {a.state} {a.zip}  {found.phone}")
    for policy in policies:
        holder = "" if policy.insured is None else f" (insured: {policy.insured.first_name} {policy.insured.last_name}, {policy.relationship.value})"
        print(f"  {policy.priority}. {payers[policy.payer_id].name}  ID {policy.member_id}{holder}")
    for visit in visits:
        codes = " ".join(line.code for line in visit.lines)
        print(f"  visit {visit.id}: {visit.service_date:%m/%d/%Y}  {', '.join(visit.diagnoses)}  {codes}  {visit.total}")
    return 0


def procedures_list(args) -> int:
    with open_office(args) as office:
        rows = office.procedures.list()
    if args.json:
        print_json(rows)
        return 0
    for p in rows:
        star = "*" if p.favorite else " "
        print(f"{star}{p.code:6} {p.system:5} {p.label:48} {str(p.charge):>10}")
    return 0


def procedures_import(args) -> int:
    try:
        data = args.file.read_bytes()  # decoded by the reader, so a bad byte is named with its line
    except OSError as exc:
        raise UserError(f"Cannot read {args.file}: {exc.strerror or exc}. Check the file name.") from exc
    with open_office(args) as office:
        if args.dry_run:
            preview = office.procedures.preview_import(data)
            for problem in preview.problems:
                print(f"error: {problem}", file=sys.stderr)
            print(f"{len(preview.procedures)} row(s) read, {len(preview.problems)} problem(s); nothing was saved.")
            return 1 if preview.problems else 0
        saved = office.procedures.import_csv(data).value
    print(f"Imported {len(saved)} procedure(s).")
    return 0


def procedures_export(args) -> int:
    with open_office(args) as office:
        if not args.file:
            sys.stdout.write(office.procedures.export_csv())
            return 0
        count = office.procedures.export_to(args.file)
    print(f"Exported {count} procedure(s) to {args.file}.", file=sys.stderr)
    return 0

