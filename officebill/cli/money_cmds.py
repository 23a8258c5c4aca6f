"""officebill-cli ledger / payments / ar aging: the books from a terminal (money in JSON as "12.50")."""
from __future__ import annotations

from ..billing.aging import DatedBy
from ..billing.reports import Cell
from ..core.money import Money
from .common import add_report_options, day, open_office, patient_by_account, print_json, show_report


def register(sub) -> None:
    cmd = sub.add_parser("ledger", help="an account's ledger entries and balances")
    cmd.add_argument("account", help="the patient's account number (e.g. A1001)")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=ledger)

    payments = sub.add_parser("payments", help="post payments")
    kinds = payments.add_subparsers(dest="kind", required=True, metavar="KIND")
    cmd = kinds.add_parser("patient", help="a payment from a patient, applied oldest first or to one visit")
    cmd.add_argument("account")
    cmd.add_argument("amount", help="dollars and cents, e.g. 25.00")
    cmd.add_argument("--method", choices=["cash", "check", "card"], required=True)
    cmd.add_argument("--number", default="", help="check number, or the card's last four digits (never more)")
    cmd.add_argument("--visit", type=int, help="apply to this visit (a copay at check-in)")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(handler=patient_payment)

    ar = sub.add_parser("ar", help="accounts receivable")
    reports = ar.add_subparsers(dest="report", required=True, metavar="REPORT")
    cmd = reports.add_parser("aging", help="open balances by age (0-30 ... over 120 days), credits apart")
    cmd.add_argument("--by", choices=["payer", "patient"], default="payer")
    cmd.add_argument("--dated-by", choices=[d.value for d in DatedBy], default=DatedBy.SERVICE.value,
                     help="count the age from the date of service (default) or from the date first billed")
    cmd.add_argument("--today", help="age as of this day, YYYY-MM-DD (default: today)")
    add_report_options(cmd)
    cmd.set_defaults(handler=aging)


def _entry(entry) -> dict:
    return {"id": entry.id, "posted": entry.posted, "kind": entry.kind.value, "amount": entry.amount,
            "party": entry.party.value, "payer_id": entry.payer_id, "visit_id": entry.visit_id,
            "service_line_id": entry.service_line_id, "service_date": entry.service_date,
            "claim_id": entry.claim_id, "deposit_id": entry.deposit_id,
            "code": f"{entry.group.value}-{entry.reason}" if entry.group else entry.reason,
            "reverses_id": entry.reverses_id, "method": entry.method.value if entry.method else "",
            "number": entry.number, "note": entry.note}


def _balances(balances) -> dict:
    return {"insurance": balances.insurance, "patient": balances.patient, "total": balances.total,
            "credit": balances.credit}


def ledger(args) -> int:
    with open_office(args) as office:
        patient = patient_by_account(office, args.account)
        office.audit.record_view("ledger", patient.id)
        entries = office.money.ledger(patient.id)
        balances = office.money.patient_balances(patient.id)
    if args.json:
        print_json({"account": patient.account, "patient": patient.display_name,
                    "entries": [_entry(e) for e in entries], "balances": _balances(balances)})
        return 0
    print(f"{patient.account}  {patient.display_name}")
    for e in entries:
        code = f" {e.group.value}-{e.reason}" if e.group else (f" {e.reason}" if e.reason else "")
        print(f"{e.id:>6} {e.posted}  {e.kind.value:<17} {e.party.value:<9} {e.amount.plain():>10}"
              f"  visit {e.visit_id or '-'}{code}  {e.note}")
    print(f"Insurance {balances.insurance}   Patient {balances.patient}   Total {balances.total}")
    return 0


def patient_payment(args) -> int:
    with open_office(args) as office:
        patient = patient_by_account(office, args.account)
        made = office.payments.patient_payment(patient.id, Money.parse(args.amount), args.method, args.number,
                                               visit_id=args.visit).value
        balances = office.money.patient_balances(patient.id)
    if args.json:
        print_json({"account": patient.account, "entries": [_entry(e) for e in made],
                    "balances": _balances(balances)})
        return 0
    applied = Money.total(-e.amount for e in made if e.service_line_id is not None)
    credit = Money.total(-e.amount for e in made if e.service_line_id is None)
    print(f"Posted {Money.parse(args.amount)} from {patient.account}: {applied} applied"
          + (f", {credit} kept as a credit" if credit else "") + f". Patient balance {balances.patient}.")
    return 0


def aging(args) -> int:
    with open_office(args) as office:
        report = office.reports.aging(args.by, args.dated_by, day(args.today))
        dated_by = DatedBy(args.dated_by)
        return show_report(office, report, args, by=args.by, dated_by=dated_by.label,
                           buckets=[c.key for c in report.columns if c.cell is Cell.MONEY][:-2])
