"""officebill-cli statements / receipts: patient statement runs, previews, reprints, holds, and payment receipts.

    officebill-cli statements due [--date D] [--json]
    officebill-cli statements run --out FILE.pdf [--dry-run] [--json] [--date D]
    officebill-cli statements preview ACCOUNT --out FILE.pdf [--date D]
    officebill-cli statements runs [--json]
    officebill-cli statements reprint RUN --out FILE.pdf
    officebill-cli statements hold ACCOUNT [--reason R] | release ACCOUNT
    officebill-cli statements settings [--minimum 5.00] [--cycle-days 30] [--message BUCKET TEXT] [--json]
    officebill-cli receipts print ACCOUNT [--batch N] --out FILE.pdf

Money in JSON is a decimal string ("12.50"); dates are YYYY-MM-DD (or MM/DD/YYYY).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from ..core.identifiers import parse_date
from ..core.money import Money
from ..core.problems import UserError
from .common import open_office, patient_by_account, print_json


def _day(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise UserError(f"--date: {exc}") from None


def register(sub) -> None:
    statements = sub.add_parser("statements", help="patient statements: due, run, preview, reprint, hold")
    kinds = statements.add_subparsers(dest="action", required=True, metavar="ACTION")

    cmd = kinds.add_parser("due", help="the accounts due a statement (balance, last statement, address problems)")
    cmd.add_argument("--date", help="as of this date (default today)")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=due)

    cmd = kinds.add_parser("run", help="print every due statement into one PDF and record the run")
    cmd.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    cmd.add_argument("--dry-run", action="store_true", help="write the PDF but record nothing")
    cmd.add_argument("--date", help="the statement date (default today)")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=run)

    cmd = kinds.add_parser("preview", help="one account's statement as it would print (records nothing)")
    cmd.add_argument("account", help="the patient's account number (e.g. A1001)")
    cmd.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    cmd.add_argument("--date", help="the statement date (default today)")
    cmd.set_defaults(handler=preview)

    cmd = kinds.add_parser("runs", help="the recorded statement runs, newest first")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=runs)

    cmd = kinds.add_parser("reprint", help="a recorded run's statements again, exactly as printed")
    cmd.add_argument("run", type=int, help="the run's number (see: statements runs)")
    cmd.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    cmd.set_defaults(handler=reprint)

    cmd = kinds.add_parser("hold", help="keep an account out of statement runs until released")
    cmd.add_argument("account")
    cmd.add_argument("--reason", default="", help="why (disputed, payment plan, hardship...)")
    cmd.set_defaults(handler=hold)

    cmd = kinds.add_parser("release", help="let an account on hold get statements again")
    cmd.add_argument("account")
    cmd.set_defaults(handler=release)

    cmd = kinds.add_parser("settings", help="show or change the minimum, the cycle and the messages by age")
    cmd.add_argument("--minimum", help="the smallest patient balance that gets a statement (e.g. 5.00)")
    cmd.add_argument("--cycle-days", type=int, help="days before an account gets another statement")
    cmd.add_argument("--message", nargs=2, action="append", metavar=("BUCKET", "TEXT"), default=[],
                     help=f"the message for an age: {', '.join(MESSAGE_FIELDS)} (may be given for each)")
    cmd.add_argument("--remit-name", help="who payments are made out to (blank: the practice)")
    cmd.add_argument("--phone", help="the number for billing questions (blank: the practice's)")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=statement_settings)

    receipts = sub.add_parser("receipts", help="receipts of patient payments")
    kinds = receipts.add_subparsers(dest="action", required=True, metavar="ACTION")
    cmd = kinds.add_parser("print", help="a payment's receipt as a PDF (the latest payment unless --batch)")
    cmd.add_argument("account")
    cmd.add_argument("--batch", type=int, help="the payment's batch number (as `ledger ACCOUNT` shows it)")
    cmd.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    cmd.set_defaults(handler=receipt)


MESSAGE_FIELDS = {"current": "current", "31-60": "days_31_60", "61-90": "days_61_90", "over-90": "over_90"}


def _today(args) -> date:
    return _day(args.date) if args.date else date.today()


def _due_row(account) -> dict:
    return {"account": account.account, "name": account.name, "balance": account.balance,
            "last_statement": account.last_statement, "problem": account.problem}


def _run_row(run) -> dict:
    return {"id": run.id, "statement_date": run.statement_date, "run_at": run.run_at, "who": run.who,
            "statements": run.count, "total": run.total, "minimum": run.minimum, "cycle_days": run.cycle_days}


def due(args) -> int:
    with open_office(args) as office:
        found = office.statements.due(_today(args))
    if args.json:
        print_json({"due": [_due_row(a) for a in found]})
        return 0
    for a in found:
        last = f"last sent {a.last_statement}" if a.last_statement else "never sent one"
        print(f"{a.account:<10} {a.name[:30]:<31} {a.balance.plain():>10}  {last}"
              + (f"  SKIPPED: {a.problem}" if a.problem else ""))
    print(f"{len(found)} account(s) due a statement.")
    return 0


def run(args) -> int:
    with open_office(args) as office:
        made = office.statements.run(args.out, _today(args), dry_run=args.dry_run).value
    if args.json:
        print_json({**_run_row(made), "dry_run": args.dry_run, "out": str(args.out), "accounts": list(made.accounts),
                    "skipped": [_due_row(a) for a in made.skipped]})
        return 0
    what = "Dry run: nothing recorded" if args.dry_run else f"Run {made.id} recorded"
    print(f"{what}. {made.count} statement(s), {made.total} in all, written to {args.out}.")
    for a in made.skipped:
        print(f"Skipped {a.account} ({a.name}): {a.problem}.")
    return 0


def preview(args) -> int:
    with open_office(args) as office:
        patient = patient_by_account(office, args.account)
        statement = office.statements.preview(patient.id, args.out, _today(args))
    print(f"Statement of {statement.account} (balance due {statement.balance_due}) written to {args.out}; "
          "nothing recorded.")
    return 0


def runs(args) -> int:
    with open_office(args) as office:
        found = office.statements.runs()
    if args.json:
        print_json({"runs": [_run_row(r) for r in found]})
        return 0
    for r in found:
        print(f"{r.id:>5}  {r.statement_date}  {r.count:>5} statements  {r.total.plain():>12}  by {r.who} at {r.run_at}")
    if not found:
        print("No statement run has been recorded yet.")
    return 0


def reprint(args) -> int:
    with open_office(args) as office:
        made = office.statements.reprint(args.run, args.out)
    print(f"Run {made.id} of {made.statement_date} ({made.count} statements) written again to {args.out}.")
    return 0


def hold(args) -> int:
    with open_office(args) as office:
        patient = patient_by_account(office, args.account)
        held = office.statements.hold(patient.id, args.reason).value
    print(f"{patient.account} is on hold since {held.since}: no statements until released.")
    return 0


def release(args) -> int:
    with open_office(args) as office:
        patient = patient_by_account(office, args.account)
        released = office.statements.release(patient.id).value
    print(f"{patient.account} gets statements again." if released else f"{patient.account} was not on hold.")
    return 0


def receipt(args) -> int:
    with open_office(args) as office:
        patient = patient_by_account(office, args.account)
        made = office.statements.receipt(patient.id, args.batch, args.out)
    print(f"Receipt for {made.amount} from {made.account} ({made.tender}) written to {args.out}.")
    return 0


def statement_settings(args) -> int:
    with open_office(args) as office:
        settings = office.statements.settings()
        messages = settings.messages
        for bucket, text in args.message:
            if bucket not in MESSAGE_FIELDS:
                raise UserError(f"--message: '{bucket}' is not an age; use {', '.join(MESSAGE_FIELDS)}.")
            messages = replace(messages, **{MESSAGE_FIELDS[bucket]: text})
        changed = replace(settings, messages=messages)
        if args.minimum is not None:
            changed = replace(changed, minimum=Money.parse(args.minimum))
        for name in ("cycle_days", "remit_name", "phone"):
            if getattr(args, name) is not None:
                changed = replace(changed, **{name: getattr(args, name)})
        if changed != settings:
            settings = office.statements.save_settings(changed).value
    if args.json:
        print_json(settings)
        return 0
    print(f"Minimum balance {settings.minimum}; every {settings.cycle_days} days; "
          f"payments to {settings.remit_name or 'the practice'}.")
    for bucket, name in MESSAGE_FIELDS.items():
        print(f"{bucket:>8}: {getattr(settings.messages, name)}")
    return 0
