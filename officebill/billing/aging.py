"""A/R aging: open balances by age bucket, and from which day a balance's age is counted.

Two bucket sets, each defined once here: statements print current, 31-60,
61-90, over 90 (`STATEMENT`); the A/R report a manager reads adds 91-120 and
over 120 (`AR`), the age at which offices refer accounts to collections.

Age is counted from one of two days (`DatedBy`), the office chooses:

- the date of service (the default): known for every charge, the same for
  every party, and what statements print;
- the date first billed to the party that owes the balance now. For an
  insurance party that is the first day a claim for that visit and that payer
  was printed or sent (the day the payer could first have known of it: a
  corrected claim does not restart the clock, and timely filing counts the
  same way). For the patient it is the first statement printed while the
  patient owed on that visit (the day the patient was first asked to pay).
  A balance not billed yet to its party counts from the day it came to that
  party (the charge, or the transfer after the payer's result), so work not
  yet billed still ages and shows up; a balance with neither counts from the
  date of service. The storage layer keeps both days beside each balance
  (`open_balances.billed` and `.moved`), so the rule costs nothing at query
  time: `coalesce(billed, moved, service_date)`.

Credits (negative balances) are never spread over buckets: they are listed
apart, so a credit cannot hide an old debt.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum

from ..core.money import Money


class DatedBy(str, Enum):
    """From which day a balance's age is counted (see the module docstring)."""

    SERVICE = "service"
    BILLED = "billed"

    @property
    def label(self) -> str:
        return "date of service" if self is DatedBy.SERVICE else "date first billed"


@dataclass(frozen=True)
class Bucketing:
    """Named age buckets: a balance `days` old falls in the first bucket whose upper edge it does not pass."""

    names: tuple[str, ...]
    edges: tuple[int, ...]  # the last day of each bucket but the open-ended last one

    def name_of(self, days: int) -> str:
        for name, edge in zip(self.names, self.edges):
            if days <= edge:
                return name
        return self.names[-1]

    def cutoffs(self, today: date) -> list[date]:
        """The earliest start day of each bucket but the last: a start on or after cutoffs[i] is in bucket <= i."""
        return [today - timedelta(days=edge) for edge in self.edges]


STATEMENT = Bucketing(("current", "31-60", "61-90", "over 90"), (30, 60, 90))
AR = Bucketing(("0-30", "31-60", "61-90", "91-120", "over 120"), (30, 60, 90, 120))
BUCKETS = STATEMENT.names


def bucket_of(start: date, today: date, bucketing: Bucketing = STATEMENT) -> str:
    return bucketing.name_of((today - start).days)


@dataclass(frozen=True)
class OpenItem:
    """One open balance to age: whose it is (a payer or patient label), since when, how much."""

    group: object  # the row it is reported under (payer id, patient id...)
    start: date
    amount: Money


@dataclass
class AgingRow:
    """One payer's or patient's open balance by bucket, and its credit apart. `name` is how it is shown."""

    group: object
    buckets: dict[str, Money] = field(default_factory=lambda: {b: Money(0) for b in BUCKETS})
    credit: Money = Money(0)
    name: str = ""

    @property
    def total(self) -> Money:
        return Money(sum(m.cents for m in self.buckets.values()))


def age(items: Iterable[OpenItem], today: date, bucketing: Bucketing = STATEMENT) -> list[AgingRow]:
    """Rows per group with the positive balances in buckets and the credits apart."""
    rows: dict[object, AgingRow] = {}
    for item in items:
        row = rows.setdefault(item.group, AgingRow(item.group, {b: Money(0) for b in bucketing.names}))
        if item.amount.cents > 0:
            name = bucket_of(item.start, today, bucketing)
            row.buckets[name] = row.buckets[name] + item.amount
        elif item.amount.cents < 0:
            row.credit = row.credit + item.amount
    return [row for row in rows.values() if row.total or row.credit]


def totals(rows: Iterable[AgingRow], bucketing: Bucketing = STATEMENT) -> AgingRow:
    """The practice's line: every bucket and the credits summed (in cents: tens of thousands of rows)."""
    cents, credit = dict.fromkeys(bucketing.names, 0), 0
    for row in rows:
        for name in bucketing.names:
            cents[name] += row.buckets[name].cents
        credit += row.credit.cents
    return AgingRow("total", {name: Money(c) for name, c in cents.items()}, Money(credit), "Total")
