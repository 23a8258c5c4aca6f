"""`office.reports`: the manager's reports (A/R aging, day sheet, deposits, unpaid claims, month end).

Each method reads (never writes) and returns a `billing.reports.Report`: a
table of named columns, rows and totals that the window shows, the command
line prints, and `to_csv` / `to_pdf` save whole or not at all. The sums are
made in SQL (`storage/report_store.py`, the ledger store's aging over
`open_balances`); the arrangement is `billing/reports.py`.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from ..billing import aging as aging_rules
from ..billing import reports
from ..billing.reports import DepositLine, KindSums, MonthSums, Report, UnpaidClaim
from ..core.money import Money
from ..core.problems import Problem
from ..documents.report_pdf import report_pdf
from ..storage.durable import write_private_file
from ..storage.report_store import ReportStore
from .service import Service, fail_if

# A longest range for the day sheet and month end, so a typo (year 2206) is a message, not a long wait.
MAX_DAYS = 366 * 20


def _range_problems(start, end) -> list[Problem]:
    problems = []
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, date):
            problems.append(Problem(name, "Give a date (YYYY-MM-DD)."))
    if not problems:
        if end < start:
            problems.append(Problem("end", "The end date is before the start date; swap them."))
        elif (end - start).days > MAX_DAYS:
            problems.append(Problem("end", "Choose a range of at most twenty years."))
    return problems


def _sums(rows) -> list[tuple[str, KindSums]]:
    """(name, kind, group, cents) rows -> (name, KindSums) in name order."""
    grouped: dict[str, list] = defaultdict(list)
    for name, kind, group, cents in rows:
        grouped[name].append((kind, group, cents))
    return [(name, KindSums.of(grouped[name])) for name in sorted(grouped, key=lambda n: (n == "Patients", n))]


class ReportService(Service):
    """Reports: read-only, each a `Report` record; CSV and PDF written atomically."""

    def __init__(self, office, stores):
        super().__init__(office, stores)
        self._sql = ReportStore(stores.ledger.db)  # the same connection as every store of this office

    def aging(self, by: str = "payer", dated_by: str = "service", today: date | None = None) -> Report:
        """A/R aging by payer or patient, 0-30 ... over 120 days, from the date of service or first billed
        (`billing/aging.py` says how that day is chosen); credits apart; the practice total last."""
        today = today or date.today()
        rows = self._office.money.aging(by, today, dated_by, aging_rules.AR)
        return reports.aging_report(rows, aging_rules.AR, by, aging_rules.DatedBy(dated_by), today)

    def daysheet(self, start: date, end: date) -> Report:
        """Charges, payments, adjustments, write-offs and refunds posted in the range, by provider and by payer."""
        fail_if(_range_problems(start, end))
        return reports.daysheet_report(_sums(self._sql.kinds_by_provider(start, end)),
                                       _sums(self._sql.kinds_by_payer(start, end)), start, end)

    def deposits(self, start: date, end: date) -> Report:
        """Each deposit received in the range with its applied and unapplied money."""
        fail_if(_range_problems(start, end))
        names = {p.id: p.name for p in self._stores.payers.list()}
        lines = []
        for deposit_id in self._sql.deposit_ids(start, end):
            d = self._stores.deposits.get(deposit_id)
            lines.append(DepositLine(d.received, names.get(d.payer_id, f"payer {d.payer_id}"), d.number, d.amount,
                                     d.applied, d.unapplied, d.closed))
        return reports.deposits_report(lines, start, end)

    def unpaid(self, older_than_days: int = 30, today: date | None = None) -> Report:
        """Claims billed more than N days ago with no payment while their payer still owes, by payer."""
        if not isinstance(older_than_days, int) or isinstance(older_than_days, bool) or older_than_days < 0:
            fail_if([Problem("older_than_days", "Give a number of days, 0 or more (for example 30).")])
        today = today or date.today()
        claims = [UnpaidClaim(claim_id, payer, account, patient, service_date, billed, Money(total), Money(owed),
                              last)
                  for claim_id, payer, account, patient, service_date, billed, total, owed, last
                  in self._sql.unpaid_claims(today - timedelta(days=older_than_days + 1))]
        return reports.unpaid_report(claims, older_than_days, today)

    def month_end(self, start: date, end: date) -> Report:
        """Opening A/R, postings and closing A/R for each month of the range, with the collection rates.

        The closing A/R is summed apart from the postings by kind, so a month that does not add up
        (opening + charges - payments - adjustments - write-offs + refunds != closing) says so in a note."""
        return reports.month_end_report(self.month_sums(start, end))

    def month_sums(self, start: date, end: date) -> list[MonthSums]:
        """The month-end figures as records (what `month_end` arranges; tests check they reconcile)."""
        fail_if(_range_problems(start, end))
        by_month: dict[str, list] = defaultdict(list)
        for month, kind, group, cents in self._sql.kinds_by_month(start, end):
            by_month[month].append((kind, group, cents))
        raw = self._sql.posted_by_month(start, end)
        opening = self._sql.balance_before(start)
        periods = []
        for first, last in reports.months(start, end):
            key = f"{first:%Y-%m}"
            closing = opening + raw.get(key, 0)
            periods.append(MonthSums(first, last, Money(opening), KindSums.of(by_month[key]), Money(closing)))
            opening = closing
        return periods

    # ------------------------------------------------------------ saving
    def to_csv(self, report: Report, path: Path | str) -> Path:
        """Write the report as CSV (header, rows, totals), whole or not at all."""
        return write_private_file(Path(path), reports.csv_text(report).encode("utf-8"))

    def to_pdf(self, report: Report, path: Path | str) -> Path:
        """Write the report as a PDF table (landscape letter), whole or not at all."""
        return write_private_file(Path(path), report_pdf(report))
