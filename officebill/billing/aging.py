"""A/R aging: open balances by age bucket (current, 31-60, 61-90, over 90 days).

Age is counted from the date of service by default (the visit's date: known
for every charge, the same for every party, and what statements print); a
caller that wants "from the date first billed" passes that date as the start.
Credits (negative balances) are never spread over buckets: they are listed
apart, so a credit cannot hide an old debt.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ..core.money import Money

BUCKETS = ("current", "31-60", "61-90", "over 90")


def bucket_of(start: date, today: date) -> str:
    days = (today - start).days
    if days <= 30:
        return "current"
    if days <= 60:
        return "31-60"
    if days <= 90:
        return "61-90"
    return "over 90"


@dataclass(frozen=True)
class OpenItem:
    """One open balance to age: whose it is (a payer or patient label), since when, how much."""

    group: object  # the row it is reported under (payer id, patient id...)
    start: date
    amount: Money


@dataclass
class AgingRow:
    group: object
    buckets: dict[str, Money] = field(default_factory=lambda: {b: Money(0) for b in BUCKETS})
    credit: Money = Money(0)

    @property
    def total(self) -> Money:
        return Money.total(self.buckets.values())


def age(items: Iterable[OpenItem], today: date) -> list[AgingRow]:
    """Rows per group with the positive balances in buckets and the credits apart."""
    rows: dict[object, AgingRow] = {}
    for item in items:
        row = rows.setdefault(item.group, AgingRow(item.group))
        if item.amount.cents > 0:
            name = bucket_of(item.start, today)
            row.buckets[name] = row.buckets[name] + item.amount
        elif item.amount.cents < 0:
            row.credit = row.credit + item.amount
    return [row for row in rows.values() if row.total or row.credit]


def totals(rows: Iterable[AgingRow]) -> AgingRow:
    """The practice's line: every bucket and the credits summed."""
    total = AgingRow("total")
    for row in rows:
        for name in BUCKETS:
            total.buckets[name] = total.buckets[name] + row.buckets[name]
        total.credit = total.credit + row.credit
    return total
