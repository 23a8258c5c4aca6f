"""Coordination of benefits: what the earlier payers did on a visit's lines, read from the ledger.

A secondary (or tertiary) claim is billed for the lines whose balance a
payer's result moved to its party, with each earlier payer's result per line:
paid, allowed, adjustments (group, reason, amount) and the date the money was
received. Only entries that stand count (a reversed posting, and the reversal,
are gone), so a reversed and reposted EOB gives the reposted result. Records in,
records out; no SQL.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ..core.ledger import Adjustment, EntryKind, GroupCode, LedgerEntry, Party
from ..core.money import Money
from .balances import live


@dataclass
class LineResult:
    """One payer's standing result on one line (built up entry by entry)."""

    service_line_id: int
    party: Party
    paid: Money = Money(0)
    allowed: Money | None = None
    adjustments: list[Adjustment] = field(default_factory=list)
    paid_date: date | None = None


def _earlier(entry: LedgerEntry, party: Party) -> bool:
    return entry.party.is_insurance and entry.party.priority < (party.priority or 4)


def prior_results(entries: Iterable[LedgerEntry], party: Party,
                  received: dict[int, date] | None = None) -> dict[int, list[LineResult]]:
    """The results of the payers before `party` on the lines of `entries`, by the claim they were posted to.

    A line counts once its payer answered it (an insurance payment stands, 0.00 for a denial). Adjustments are
    the CO/OA/PI adjustments and the PR amounts moved on, summed per (group, reason); `received` (deposit id
    -> date received) dates the payment, else the posting date."""
    received = received or {}
    results: dict[tuple[int, int], LineResult] = {}
    adjusted: dict[tuple[int, int], dict[tuple[GroupCode, str], int]] = {}
    answered: set[tuple[int, int]] = set()
    for entry in live(list(entries)):
        if entry.claim_id is None or entry.service_line_id is None or not _earlier(entry, party):
            continue
        key = (entry.claim_id, entry.service_line_id)
        result = results.setdefault(key, LineResult(entry.service_line_id, entry.party))
        if entry.kind is EntryKind.INSURANCE_PAYMENT:
            result.paid = result.paid - entry.amount
            if entry.allowed is not None:
                result.allowed = entry.allowed
            day = received.get(entry.deposit_id, entry.posted)
            if day is not None and (result.paid_date is None or day > result.paid_date):
                result.paid_date = day
            answered.add(key)
        elif entry.group is not None and (entry.kind is EntryKind.ADJUSTMENT or
                                          (entry.kind is EntryKind.TRANSFER and entry.amount.cents < 0)):
            sums = adjusted.setdefault(key, {})
            sums[(entry.group, entry.reason)] = sums.get((entry.group, entry.reason), 0) - entry.amount.cents
    by_claim: dict[int, list[LineResult]] = {}
    for (claim_id, line_id), result in results.items():
        if (claim_id, line_id) not in answered:
            continue
        result.adjustments = [Adjustment(group, reason, Money(cents))
                              for (group, reason), cents in adjusted.get((claim_id, line_id), {}).items() if cents]
        by_claim.setdefault(claim_id, []).append(result)
    return by_claim


def moved_to(entries: Iterable[LedgerEntry], party: Party) -> list[int]:
    """The lines whose balance a payer's result moved to `party` (standing transfers into it), in line order."""
    sums: dict[int, int] = {}
    for entry in live(list(entries)):
        if entry.kind is EntryKind.TRANSFER and entry.party is party and entry.service_line_id is not None:
            sums[entry.service_line_id] = sums.get(entry.service_line_id, 0) + entry.amount.cents
    return sorted(line_id for line_id, cents in sums.items() if cents > 0)
