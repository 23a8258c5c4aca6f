"""officebill-cli audit: list and export the audit trail (by user, patient account and dates), verify its chain.

A manager's commands: the rows name patients' records and hold what changed.
`audit` alone lists the newest rows (as before); `audit list` filters,
`audit export FILE.csv` writes every matching row owner-only, and
`audit verify` walks the hash chain and names the first tampered row.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .common import day, open_office, patient_by_account, print_json


def _filters(cmd) -> None:
    cmd.add_argument("--user", dest="who", metavar="USER", help="only the rows of this user")
    cmd.add_argument("--account", help="only rows about this patient (record, policies, visits, claims, views)")
    cmd.add_argument("--from", dest="since", metavar="YYYY-MM-DD", help="from this date (local time)")
    cmd.add_argument("--to", dest="until", metavar="YYYY-MM-DD", help="through this date")


def register(sub) -> None:
    cmd = sub.add_parser("audit", help="the audit trail: who changed or opened what, newest first")
    cmd.add_argument("--table", help="only rows of this table")
    cmd.add_argument("--limit", type=int, default=50)
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=newest)
    actions = cmd.add_subparsers(dest="action", metavar="ACTION")

    listing = actions.add_parser("list", help="rows by user, patient account and dates, newest first")
    _filters(listing)
    listing.add_argument("--limit", type=int, default=100)
    listing.add_argument("--offset", type=int, default=0, help="skip this many rows (the next page)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=audit_list)

    export = actions.add_parser("export", help="write every matching row to a CSV file (readable by you only)")
    export.add_argument("file", type=Path)
    _filters(export)
    export.set_defaults(handler=audit_export)

    verify = actions.add_parser("verify", help="check the hash chain; name the first changed, removed or added row")
    verify.set_defaults(handler=audit_verify)


def _show(rows) -> None:
    for row in rows:
        print(f"{row.local_time}  {row.who:12} {row.action:6} {row.table}#{row.row_id}")


def _chosen(office, args) -> dict:
    patient = patient_by_account(office, args.account) if args.account else None
    return {"user": args.who, "patient_id": patient.id if patient else None,
            "since": day(args.since), "until": day(args.until)}


def newest(args) -> int:
    with open_office(args) as office:
        rows = office.audit.entries(args.table, limit=args.limit)
    if args.json:
        print_json(rows)
        return 0
    _show(rows)
    return 0


def audit_list(args) -> int:
    with open_office(args) as office:
        rows = office.audit.rows(**_chosen(office, args), limit=args.limit, offset=args.offset)
    if args.json:
        print_json(rows)
        return 0
    _show(rows)
    more = " (more with --offset)" if len(rows) == args.limit else ""
    print(f"{len(rows)} row(s){more}", file=sys.stderr)
    return 0


def audit_export(args) -> int:
    with open_office(args) as office:
        count = office.audit.export_csv(args.file, **_chosen(office, args))
    print(f"Wrote {count:,} audit row(s) to {args.file.resolve()} (readable by you only).")
    return 0


def audit_verify(args) -> int:
    with open_office(args) as office:
        report = office.audit.verify_chain()
    print(report.message)
    return 0 if report.ok else 1
