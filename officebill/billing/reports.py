"""The manager's reports as plain tables: A/R aging, day sheet, deposits, unpaid claims, month end.

A `Report` is a title, a period, named columns, rows (dicts keyed by column)
and a totals row, plus notes: what the window shows as a table, what CSV and
PDF are written from. Builders here take sums already made (by the storage
layer, in SQL) and arrange them; nothing here reads the office file.

Month end, the books' own check: for every month, opening A/R + charges -
payments - adjustments - write-offs + refunds = closing A/R, where A/R is the
sum of every ledger entry posted up to the day (credits net against debts, as
the books hold them), a reversal counts under the kind of the entry it undoes,
and the closing figure is summed on its own, so a month that does not add up
says so. Payments in the collection rates are net of refunds (money paid back
was not collected): gross = payments / charges, net = payments / (charges -
contractual adjustments), contractual being the payers' CO adjustments.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from ..core.csv_cells import write_csv
from ..core.money import Money
from ..core.serialize import to_plain
from .aging import AgingRow, Bucketing, DatedBy, totals


class Cell(str, Enum):
    """How a column's values are shown (and aligned: numbers to the right)."""

    TEXT = "text"
    MONEY = "money"
    DATE = "date"
    COUNT = "count"
    PERCENT = "percent"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    cell: Cell = Cell.TEXT

    @property
    def numeric(self) -> bool:
        return self.cell in (Cell.MONEY, Cell.COUNT, Cell.PERCENT)


@dataclass(frozen=True)
class Rate:
    """A ratio of two amounts shown as a percent with one decimal; no rate when the denominator is 0."""

    numerator: Money
    denominator: Money

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator.cents:
            return None
        return (Decimal(100 * self.numerator.cents) / Decimal(self.denominator.cents)).quantize(
            Decimal("0.1"), ROUND_HALF_UP)

    def __str__(self) -> str:
        return "n/a" if self.percent is None else f"{self.percent}%"


@dataclass(frozen=True)
class Report:
    """One report: a table (columns, rows, totals) with its title, period and notes."""

    kind: str  # aging, daysheet, deposits, unpaid, month_end
    title: str
    period: str
    columns: tuple[Column, ...]
    rows: tuple[dict, ...]
    totals: dict | None = None
    notes: tuple[str, ...] = ()

    def text(self, row: dict, column: Column) -> str:
        """A cell as read on screen or paper: money as 1,234.50, dates ISO, rates as 97.1%, nothing as blank."""
        value = row.get(column.key)
        if value is None:
            return ""
        if isinstance(value, Money):
            return str(value).replace("$", "")
        return str(value)

    def table(self) -> tuple[list[str], list[list[str]]]:
        """Column titles and every row as text, the totals row last (what a table widget or PDF shows)."""
        rows = [*self.rows, *([self.totals] if self.totals else [])]
        return [c.title for c in self.columns], [[self.text(r, c) for c in self.columns] for r in rows]


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _span(start: date, end: date) -> str:
    return f"{start.isoformat()} to {end.isoformat()}"


# ------------------------------------------------------------------- aging
def aging_report(rows: Iterable[AgingRow], bucketing: Bucketing, by: str, dated_by: DatedBy,
                 today: date) -> Report:
    """Open balances by payer or patient, largest first (ties in the order given), the practice's total last;
    credits apart."""
    rows = list(rows)
    total = totals(rows, bucketing)
    columns = (Column("name", "Payer" if by == "payer" else "Patient"),
               *(Column(b, b, Cell.MONEY) for b in bucketing.names),
               Column("total", "Total", Cell.MONEY), Column("credit", "Credit", Cell.MONEY))

    def plain(row: AgingRow) -> dict:
        return {"name": row.name, **row.buckets, "total": row.total, "credit": row.credit}

    shown = sorted((plain(r) for r in rows), key=lambda r: -r["total"].cents)  # stable: ties keep their order
    return Report("aging", f"A/R aging by {by}", f"as of {today.isoformat()}, by {dated_by.label}", columns,
                  tuple(shown), plain(total),
                  ("Credits (money the office holds) are listed apart and not netted against debts.",))


# --------------------------------------------------------------- day sheet
@dataclass(frozen=True)
class KindSums:
    """What a period's ledger entries did, by kind (reversals counted under the kind they undo), in cents.

    Signed as the ledger is (payments, adjustments and write-offs negative); the properties show them
    as a person reads them (payments positive)."""

    charges: int = 0
    insurance_payments: int = 0
    patient_payments: int = 0
    adjustments: int = 0
    contractual: int = 0  # the CO part of the adjustments
    write_offs: int = 0
    refunds: int = 0
    transfers: int = 0

    @classmethod
    def of(cls, sums: Iterable[tuple[str, str, int]]) -> KindSums:
        """From (kind, group code, cents) sums."""
        made: dict[str, int] = {}
        for kind, group, cents in sums:
            key = {"charge": "charges", "insurance_payment": "insurance_payments",
                   "patient_payment": "patient_payments", "adjustment": "adjustments", "write_off": "write_offs",
                   "refund": "refunds", "transfer": "transfers"}[kind]
            made[key] = made.get(key, 0) + cents
            if kind == "adjustment" and group == "CO":
                made["contractual"] = made.get("contractual", 0) + cents
        return cls(**made)

    @property
    def payments(self) -> Money:
        """Money collected (insurance and patients), shown positive."""
        return Money(-(self.insurance_payments + self.patient_payments))

    @property
    def movement(self) -> Money:
        """What these entries did to A/R."""
        return Money(self.charges + self.insurance_payments + self.patient_payments + self.adjustments
                     + self.write_offs + self.refunds + self.transfers)

    def shown(self) -> dict:
        return {"charges": Money(self.charges), "insurance_paid": Money(-self.insurance_payments),
                "patient_paid": Money(-self.patient_payments), "adjustments": Money(-self.adjustments),
                "write_offs": Money(-self.write_offs), "refunds": Money(self.refunds)}


_MONEY_COLUMNS = (Column("charges", "Charges", Cell.MONEY), Column("insurance_paid", "Insurance paid", Cell.MONEY),
                  Column("patient_paid", "Patient paid", Cell.MONEY), Column("adjustments", "Adjustments", Cell.MONEY),
                  Column("write_offs", "Write-offs", Cell.MONEY), Column("refunds", "Refunds", Cell.MONEY))


def _add(sums: Iterable[KindSums]) -> KindSums:
    fields = KindSums.__dataclass_fields__
    sums = list(sums)
    return KindSums(**{f: sum(getattr(s, f) for s in sums) for f in fields})


def daysheet_report(by_provider: Sequence[tuple[str, KindSums]], by_payer: Sequence[tuple[str, KindSums]],
                    start: date, end: date) -> Report:
    """Charges, payments and adjustments posted in the period, by provider then by payer, with the totals.

    Each half adds up to the same totals (every entry is under one provider and one payer); a row with
    nothing to show (a payer that only had balances moved to or from it) is left out."""
    rows = [{"group": group, "name": name, **sums.shown()}
            for group, half in (("Provider", by_provider), ("Payer", by_payer))
            for name, sums in half if any(sums.shown().values())]
    total = _add(s for _, s in by_provider)
    return Report("daysheet", "Day sheet", _span(start, end),
                  (Column("group", "By"), Column("name", "Provider or payer"), *_MONEY_COLUMNS),
                  tuple(rows), {"group": "Total", "name": "", **total.shown()},
                  ("A reversal counts on the day it was posted, under the kind of entry it undoes.",
                   "Payer rows: the party owing the line when the entry was posted; patients' own under Patients."))


# ---------------------------------------------------------------- deposits
@dataclass(frozen=True)
class DepositLine:
    received: date
    payer: str
    number: str
    amount: Money
    applied: Money
    unapplied: Money
    closed: date | None


def deposits_report(deposits: Sequence[DepositLine], start: date, end: date) -> Report:
    rows = tuple({"received": d.received, "payer": d.payer, "number": d.number, "amount": d.amount,
                  "applied": d.applied, "unapplied": d.unapplied, "closed": d.closed or "open"} for d in deposits)
    total = {"received": "Total", "payer": _count(len(deposits), "deposit"), "amount": Money.total(d.amount for d in deposits),
             "applied": Money.total(d.applied for d in deposits),
             "unapplied": Money.total(d.unapplied for d in deposits)}
    return Report("deposits", "Deposits", _span(start, end),
                  (Column("received", "Received", Cell.DATE), Column("payer", "Payer"), Column("number", "Check/EFT"),
                   Column("amount", "Amount", Cell.MONEY), Column("applied", "Applied", Cell.MONEY),
                   Column("unapplied", "Unapplied", Cell.MONEY), Column("closed", "Closed")),
                  rows, total, ("Unapplied money stays on its deposit until it is applied.",))


# ----------------------------------------------------------- unpaid claims
@dataclass(frozen=True)
class UnpaidClaim:
    claim_id: int
    payer: str
    account: str
    patient: str
    service_date: date
    billed: date
    total: Money
    owed: Money
    last_activity: date


def unpaid_report(claims: Sequence[UnpaidClaim], older_than_days: int, today: date) -> Report:
    """Claims billed more than N days ago with no payment, by payer (oldest first within a payer)."""
    claims = sorted(claims, key=lambda c: (c.payer, c.billed, c.claim_id))
    rows = tuple({"payer": c.payer, "claim": c.claim_id, "account": c.account, "patient": c.patient,
                  "service_date": c.service_date, "billed": c.billed, "days": (today - c.billed).days,
                  "total": c.total, "owed": c.owed, "last_activity": c.last_activity} for c in claims)
    payers = len({c.payer for c in claims})
    total = {"payer": "Total", "claim": _count(len(claims), "claim"), "account": _count(payers, "payer"),
             "total": Money.total(c.total for c in claims), "owed": Money.total(c.owed for c in claims)}
    return Report("unpaid", f"Unpaid claims billed more than {older_than_days} days ago", f"as of {today.isoformat()}",
                  (Column("payer", "Payer"), Column("claim", "Claim", Cell.COUNT), Column("account", "Account"),
                   Column("patient", "Patient"), Column("service_date", "Service", Cell.DATE),
                   Column("billed", "Billed", Cell.DATE), Column("days", "Days", Cell.COUNT),
                   Column("total", "Billed amount", Cell.MONEY), Column("owed", "Payer owes", Cell.MONEY),
                   Column("last_activity", "Last activity", Cell.DATE)),
                  rows, total, ("No payment: nothing paid on the claim yet (reversed payments do not count) and "
                                "its payer still owes on the visit. Last activity: the latest of the billing "
                                "date, a status change and a posting on the claim.",))


# --------------------------------------------------------------- month end
@dataclass(frozen=True)
class MonthSums:
    """One period of the books: A/R at its start, what was posted in it, and A/R at its end summed apart."""

    start: date
    end: date
    opening: Money
    posted: KindSums
    closing: Money

    @property
    def difference(self) -> Money:
        """Closing A/R minus what opening + postings say it should be: 0.00 when the period reconciles."""
        return self.closing - (self.opening + self.posted.movement)

    @property
    def net_payments(self) -> Money:
        return self.posted.payments - Money(self.posted.refunds)

    @property
    def gross_rate(self) -> Rate:
        return Rate(self.net_payments, Money(self.posted.charges))

    @property
    def net_rate(self) -> Rate:
        return Rate(self.net_payments, Money(self.posted.charges + self.posted.contractual))


def months(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar months (clipped to the range) that cover start..end."""
    periods = []
    day = start
    while day <= end:
        following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        periods.append((day, min(end, following - timedelta(days=1))))
        day = following
    return periods


def month_end_report(periods: Sequence[MonthSums]) -> Report:
    """One row per month (opening, postings, closing, rates) and the whole range as the totals row."""
    whole = MonthSums(periods[0].start, periods[-1].end, periods[0].opening, _add(p.posted for p in periods),
                      periods[-1].closing)

    def row(period: MonthSums, name: str) -> dict:
        return {"month": name, "opening": period.opening, **period.posted.shown(), "closing": period.closing,
                "gross": period.gross_rate, "net": period.net_rate}

    notes = [f"Opening A/R + charges - payments - adjustments - write-offs + refunds = closing A/R: "
             f"{whole.opening} + {Money(whole.posted.charges)} - {whole.posted.payments} - "
             f"{Money(-whole.posted.adjustments)} - {Money(-whole.posted.write_offs)} + "
             f"{Money(whole.posted.refunds)} = {whole.closing}.",
             "Gross collection rate = payments (net of refunds) / charges; net = payments / (charges - "
             f"contractual adjustments, {Money(-whole.posted.contractual)} in all)."]
    for period in periods:
        if period.difference:
            notes.append(f"{period.start:%Y-%m} does NOT reconcile: closing A/R differs by {period.difference} "
                         "(transfers that do not net to zero, or an edited entry); run `officebill-cli check`.")
    return Report("month_end", "Month-end summary", _span(whole.start, whole.end),
                  (Column("month", "Month"), Column("opening", "Opening A/R", Cell.MONEY), *_MONEY_COLUMNS,
                   Column("closing", "Closing A/R", Cell.MONEY), Column("gross", "Gross rate", Cell.PERCENT),
                   Column("net", "Net rate", Cell.PERCENT)),
                  tuple(row(p, f"{p.start:%Y-%m}") for p in periods), row(whole, "Total"), tuple(notes))


# ------------------------------------------------------------------ output
def plain_value(value):
    """A cell for CSV and JSON: money as 12.50, a rate as 97.1 (None when there is none), dates ISO."""
    if isinstance(value, Rate):
        return None if value.percent is None else str(value.percent)
    return to_plain(value)


def plain(report: Report) -> dict:
    """The report as JSON-ready data: columns, rows and totals keyed by column, notes."""
    def row(values: dict) -> dict:
        return {c.key: plain_value(values.get(c.key)) for c in report.columns}

    return {"report": report.kind, "title": report.title, "period": report.period,
            "columns": [{"key": c.key, "title": c.title, "cell": c.cell.value} for c in report.columns],
            "rows": [row(r) for r in report.rows], "totals": row(report.totals) if report.totals else None,
            "notes": list(report.notes)}


def csv_text(report: Report) -> str:
    """The header, every row and the totals row as CSV (cells guarded against formulas)."""
    def cells(values: dict) -> list:
        found = [plain_value(values.get(c.key)) for c in report.columns]
        return ["" if v is None else v for v in found]

    rows = [[c.title for c in report.columns], *(cells(r) for r in report.rows)]
    if report.totals:
        rows.append(cells(report.totals))
    return write_csv(rows)


def text_lines(report: Report, width: int = 36) -> list[str]:
    """The report for a terminal: title, period, aligned columns (text cut to `width`), totals, notes."""
    header, rows = report.table()
    rows = [[cell[:width] for cell in row] for row in rows]
    sizes = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.rjust(size) if column.numeric else cell.ljust(size)
                         for cell, size, column in zip(cells, sizes, report.columns)).rstrip()

    out = [report.title, report.period, "", line(header), line(["-" * s for s in sizes])]
    out += [line(r) for r in rows[:len(report.rows)]]
    if report.totals:
        out += [line(["-" * s for s in sizes]), line(rows[-1])]
    return out + ([""] + list(report.notes) if report.notes else [])
