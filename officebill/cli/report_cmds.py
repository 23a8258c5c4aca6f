"""officebill-cli reports daysheet|deposits|unpaid|month: the manager's reports as text, JSON, CSV or PDF.

`ar aging` (in money_cmds) prints the aging the same way: `show_report` in
`common` prints and saves for both.
"""
from __future__ import annotations

from .common import add_report_options, day, open_office, show_report


def register(sub) -> None:
    parser = sub.add_parser("reports", help="day sheet, deposits, unpaid claims, month-end summary")
    kinds = parser.add_subparsers(dest="report", required=True, metavar="REPORT")
    for name, help_text, handler in (
            ("daysheet", "charges, payments and adjustments posted in the range, by provider and by payer", daysheet),
            ("deposits", "deposits received in the range, with applied and unapplied money", deposits),
            ("unpaid", "claims billed more than --days days ago with no payment, by payer", unpaid),
            ("month", "opening A/R, postings, closing A/R and collection rates, month by month", month)):
        cmd = kinds.add_parser(name, help=help_text)
        if name == "unpaid":
            cmd.add_argument("--days", type=int, default=30, help="billed more than this many days ago (30)")
            cmd.add_argument("--today", help="count the days to this date, YYYY-MM-DD (default: today)")
        else:
            cmd.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
            cmd.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
        add_report_options(cmd)
        cmd.set_defaults(handler=handler)


def daysheet(args) -> int:
    with open_office(args) as office:
        return show_report(office, office.reports.daysheet(day(args.start), day(args.end)), args)


def deposits(args) -> int:
    with open_office(args) as office:
        return show_report(office, office.reports.deposits(day(args.start), day(args.end)), args)


def unpaid(args) -> int:
    with open_office(args) as office:
        return show_report(office, office.reports.unpaid(args.days, day(args.today)), args)


def month(args) -> int:
    with open_office(args) as office:
        return show_report(office, office.reports.month_end(day(args.start), day(args.end)), args)
