"""officebill-cli claims ...: make claims from visits, check them, print CMS-1500 forms, write 837P files."""
from __future__ import annotations

import sys
from pathlib import Path

from ..core.problems import UserError
from ..core.records import ClaimStatus
from .common import open_office, print_json

SEARCH_LIMIT = 500  # claims `claims list --search` prints unless --limit says otherwise


def register(sub) -> None:
    claims = sub.add_parser("claims", help="make, check and print claims")
    actions = claims.add_subparsers(dest="action", required=True, metavar="ACTION")

    cmd = actions.add_parser("make", help="make claims for visits that have none")
    cmd.add_argument("--visits", type=int, nargs="+", metavar="VISIT_ID",
                     help="only these visits (one whose claims were all voided is billed again)")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=make)

    cmd = actions.add_parser("check", help="scrub claims not yet printed (or the ones named) and list findings")
    cmd.add_argument("--ids", type=int, nargs="+")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=check)

    cmd = actions.add_parser("list", help="list claims by status, or find them (--search)")
    cmd.add_argument("--status", choices=[status.value for status in ClaimStatus])
    cmd.add_argument("--search", metavar="TEXT",
                     help="claims matching every word: patient name or account, claim number (123, C123, as "
                          "printed in box 26), payer, date of service (MM/DD/YYYY, YYYY-MM-DD) or month (MM/YYYY)")
    cmd.add_argument("--limit", type=int, default=SEARCH_LIMIT, help=f"with --search: at most this many "
                     f"claims, newest first (default {SEARCH_LIMIT})")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=listing)

    cmd = actions.add_parser("print", help="print claims on CMS-1500 forms into a PDF")
    cmd.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    cmd.add_argument("--mode", choices=["red", "full"], default="red",
                     help="red: data only, for pre-printed red forms; full: the whole form on plain paper")
    chosen = cmd.add_mutually_exclusive_group()
    chosen.add_argument("--all-ready", action="store_true", help="every ready claim (the default)")
    chosen.add_argument("--ids", type=int, nargs="+", help="these claims (ready or printed)")
    cmd.add_argument("--offset-x", type=float, help="printer offset in mm, + moves right (default: saved profile)")
    cmd.add_argument("--offset-y", type=float, help="printer offset in mm, + moves down (default: saved profile)")
    cmd.set_defaults(handler=print_claims)

    cmd = actions.add_parser("export-837", help="write ready claims into 837P files, one per clearinghouse")
    cmd.add_argument("--out", type=Path, required=True, metavar="DIR", help="the folder to write the files in")
    chosen = cmd.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--all-ready", action="store_true",
                        help="every ready claim whose payer goes through a clearinghouse")
    chosen.add_argument("--ids", type=int, nargs="+", help="these claims (ready, or sent to send again)")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=export_837)

    cmd = actions.add_parser("alignment", help="print the alignment test page for pre-printed forms")
    cmd.add_argument("--out", type=Path, required=True)
    cmd.add_argument("--save-offsets", nargs=2, type=float, metavar=("X_MM", "Y_MM"),
                     help="save the measured printer offsets first")
    cmd.set_defaults(handler=alignment)

    for name, helptext in (("void", "void a claim (a printed one gets a frequency-8 version)"),
                           ("correct", "make a replacement (frequency 7) of a printed claim")):
        cmd = actions.add_parser(name, help=helptext)
        cmd.add_argument("id", type=int)
        cmd.set_defaults(handler=void if name == "void" else correct)

    cmd = actions.add_parser("bill-again", help="make a new claim for the visit of a voided claim")
    cmd.add_argument("id", type=int, metavar="CLAIM")
    cmd.set_defaults(handler=bill_again)

    cmd = actions.add_parser("override", help="override a finding the guidelines allow to be overridden, "
                                              "with the written reason")
    cmd.add_argument("id", type=int, metavar="CLAIM")
    cmd.add_argument("rule", help="the finding's rule id, as `claims check` shows it (e.g. dx.excludes1)")
    cmd.add_argument("--field", help="the finding's field, when the rule has several findings on the claim")
    cmd.add_argument("--reason", required=True, help="why the finding does not apply (a few words at least)")
    cmd.set_defaults(handler=override)

    cmd = actions.add_parser("withdraw-override", help="withdraw an override: the finding blocks printing again")
    cmd.add_argument("id", type=int, metavar="CLAIM")
    cmd.add_argument("rule")
    cmd.add_argument("--field")
    cmd.set_defaults(handler=withdraw_override)

    cmd = actions.add_parser("set-number", help="record the payer's claim number (ICN/DCN) of a claim")
    cmd.add_argument("id", type=int)
    cmd.add_argument("number")
    cmd.set_defaults(handler=set_number)


def _summary(claim) -> dict:
    return {"id": claim.id, "status": claim.status.value, "visit_id": claim.visit.id,
            "patient": claim.patient.display_name, "account": claim.patient.account,
            "service_date": claim.service_date, "payer": claim.payer.name, "frequency": claim.frequency,
            "version": claim.version, "total": claim.total, "printed": claim.printed,
            "primary_claim_id": claim.primary_claim_id, "needs_primary_eob": claim.needs_primary_eob}


def _finding(finding) -> dict:
    """A finding for --json: its stable id, severity, box, field, message, and whether it may be or was
    overridden (with the reason)."""
    return {"id": finding.rule, "rule": finding.rule, "severity": finding.severity, "box": finding.box,
            "field": finding.field, "message": finding.message, "overridable": finding.overridable,
            "overridden": finding.overridden, "override_reason": finding.overridden_reason,
            "blocks_printing": finding.is_error}


def make(args) -> int:
    with open_office(args) as office:
        result = office.claims.make(args.visits).value
    if args.json:
        print_json({"made": [_summary(c) for c in result.made],
                    "skipped": [{"visit_id": v, "reason": r} for v, r in result.skipped]})
        return 0
    ready = sum(c.status.value == "ready" for c in result.made)
    print(f"Made {len(result.made)} claim(s): {ready} ready, {len(result.made) - ready} need attention.")
    for visit_id, reason in result.skipped:
        print(f"skipped visit {visit_id}: {reason}", file=sys.stderr)
    return 0


def check(args) -> int:
    with open_office(args) as office:
        results = office.claims.check(args.ids).value
        claims = {i: office.claims.get(i) for i in results}
    if args.json:
        print_json([{**_summary(claims[i]), "findings": [_finding(f) for f in findings]}
                    for i, findings in results.items()])
        return 0
    for claim_id, findings in results.items():
        claim = claims[claim_id]
        print(f"claim {claim_id} {claim.status.value:7} {claim.patient.display_name:26} "
              f"{claim.service_date:%m/%d/%Y} {claim.payer.name}")
        for f in findings:
            print(f"    {f.severity:7} box {f.box:6} [{f.rule}] {f.message}"
                  + (f"\n            overridden: {f.overridden_reason}" if f.overridden else
                     "  (may be overridden with a reason)" if f.overridable and f.is_error else ""))
    errors = sum(any(f.is_error for f in fs) for fs in results.values())
    print(f"{len(results)} claim(s) checked, {errors} with errors.", file=sys.stderr)
    return 0


def _row_summary(row) -> dict:
    """A claim list row (what --search finds) for --json."""
    return {"id": row.id, "status": row.status.value, "visit_id": row.visit_id, "patient": row.patient_name,
            "account": row.account, "service_date": row.service_date, "payer": row.payer_name,
            "frequency": row.frequency, "version": row.version, "total": row.total, "printed": row.printed,
            "primary_claim_id": row.primary_claim_id}


def searching(args) -> int:
    if args.limit < 1:
        raise UserError("--limit must be 1 or more (how many claims to list).")
    statuses = (ClaimStatus(args.status),) if args.status else tuple(ClaimStatus)
    with open_office(args) as office:
        rows = office.claims.search(args.search, statuses, 0, args.limit + 1)
    more, rows = len(rows) > args.limit, rows[:args.limit]
    if args.json:
        print_json([_row_summary(r) for r in rows])
    else:
        for r in rows:
            day = f"{r.service_date:%m/%d/%Y}" if r.service_date else ""
            print(f"{r.id:>5} {r.status.value:8} {day:10} {r.patient_name:26} {r.account:8} {r.payer_name:34} "
                  f"{str(r.total):>10}")
    found = f"{len(rows)} claim(s) match “{args.search}”" + (f" (the newest {args.limit}; --limit for more)"
                                                               if more else "") + "."
    print(found if rows else f"No claim matches “{args.search}”: type a patient's name or account, a claim "
          "number, a payer or a date of service (MM/DD/YYYY).", file=sys.stderr)
    return 0


def listing(args) -> int:
    if args.search is not None:
        return searching(args)
    with open_office(args) as office:
        claims = office.claims.list((args.status,) if args.status else None)
    if args.json:
        print_json([_summary(c) for c in claims])
        return 0
    for c in claims:
        print(f"{c.id:>5} {c.status.value:8} {c.service_date:%m/%d/%Y} {c.patient.display_name:26} "
              f"{c.payer.name:34} {str(c.total):>10}"
              + (f"  after claim {c.primary_claim_id}: attach its EOB" if c.needs_primary_eob else ""))
    return 0


def print_claims(args) -> int:
    with open_office(args) as office:
        _, printed = office.printing.print_to_file(args.out, args.ids, args.mode, args.offset_x, args.offset_y).value
    print(f"Wrote {len(printed)} claim(s) to {args.out} ({args.mode} form). "
          "Print at 100 % (Actual size), never 'fit to page'.")
    return 0


def export_837(args) -> int:
    with open_office(args) as office:
        batches = office.edi.export_837(args.out, args.ids, all_ready=args.all_ready).value
    if args.json:
        print_json([{"batch": b.id, "file": b.file_name, "clearinghouse": b.clearinghouse_name,
                     "payers": list(b.payer_names), "claim_ids": list(b.claim_ids), "total": b.total,
                     "interchange_control": b.interchange_control} for b in batches])
        return 0
    for b in batches:
        print(f"{b.file_name}\n    {b.clearinghouse_name}: {len(b.claim_ids)} claim(s), {b.total}, "
              f"ISA13 {b.interchange_control:09d}\n    payers: {', '.join(b.payer_names)}\n"
              f"    claims: {' '.join(map(str, b.claim_ids))}")
    print(f"{sum(len(b.claim_ids) for b in batches)} claim(s) marked sent; upload the file(s) to the "
          "clearinghouse.", file=sys.stderr)
    return 0


def alignment(args) -> int:
    with open_office(args) as office:
        if args.save_offsets:
            office.printing.save_offsets(*args.save_offsets)
        office.printing.save_alignment_page(args.out)
    print(f"Wrote the alignment page to {args.out}. Print it on a red form at 100 % and measure each mark.")
    return 0


def void(args) -> int:
    with open_office(args) as office:
        claim = office.claims.void(args.id).value
    print(f"Claim {args.id} voided" + (f"; void claim {claim.id} (frequency 8) is {claim.status.value}."
                                       if claim.id != args.id else "."))
    return 0


def correct(args) -> int:
    with open_office(args) as office:
        claim = office.claims.correct(args.id).value
    print(f"Replacement claim {claim.id} (frequency 7) made for claim {args.id}; it is {claim.status.value}.")
    return 0


def bill_again(args) -> int:
    with open_office(args) as office:
        claim = office.claims.bill_again(args.id).value
    print(f"Claim {claim.id} made for the visit of claim {args.id}; it is {claim.status.label}.")
    return 0


def override(args) -> int:
    with open_office(args) as office:
        kept = office.claims.override(args.id, args.rule, args.field, args.reason).value
        status = office.claims.get(args.id).status
    print(f"Claim {args.id}: finding [{kept.rule}] on {kept.field} overridden ({kept.reason}); the claim is "
          f"{status.label}.")
    return 0


def withdraw_override(args) -> int:
    with open_office(args) as office:
        gone = office.claims.withdraw_override(args.id, args.rule, args.field).value
        status = office.claims.get(args.id).status
    print(f"Claim {args.id}: override of [{gone.rule}] on {gone.field} withdrawn; the claim is {status.label}.")
    return 0


def set_number(args) -> int:
    with open_office(args) as office:
        if office.claims.get(args.id) is None:
            raise UserError(f"No claim has the number {args.id}.")
        office.claims.set_payer_claim_number(args.id, args.number)
    print(f"Claim {args.id}: payer claim number {args.number} recorded.")
    return 0
