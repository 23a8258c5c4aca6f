"""Balances are sums of ledger entries; a claim's money status follows from them.

Every balance (line, visit, claim, patient, payer, practice) is `balance()` of
the entries it covers, so no number can disagree with the ledger.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from enum import Enum

from ..core.ledger import EntryKind, GroupCode, LedgerEntry, Party
from ..core.money import Money


def balance(entries: Iterable[LedgerEntry], where: Callable[[LedgerEntry], bool] | None = None) -> Money:
    """The sum of the entries (those `where` accepts): what is owed, negative for a credit."""
    return Money(sum(e.amount.cents for e in entries if where is None or where(e)))


def by(entries: Iterable[LedgerEntry], key: Callable[[LedgerEntry], object]) -> dict[object, Money]:
    """Balances grouped by `key` (line, visit, claim, patient, payer, party...); zero groups kept."""
    sums: dict[object, int] = defaultdict(int)
    for entry in entries:
        sums[key(entry)] += entry.amount.cents
    return {k: Money(v) for k, v in sums.items()}


def party_balances(entries: Iterable[LedgerEntry]) -> dict[Party, Money]:
    """What each party owes on the entries given (usually one line's), zero parties left out."""
    return {party: amount for party, amount in by(entries, lambda e: e.party).items() if amount}


def holder(entries: Iterable[LedgerEntry]) -> Party | None:
    """The party owing a line's open balance (the one with a positive balance), None when nothing is owed."""
    owed = [party for party, amount in party_balances(entries).items() if amount.cents > 0]
    return owed[0] if len(owed) == 1 else (min(owed, key=_order) if owed else None)


def _order(party: Party) -> int:
    return list(Party).index(party)


def reversed_ids(entries: Iterable[LedgerEntry]) -> set[int]:
    return {e.reverses_id for e in entries if e.reverses_id is not None}


def live(entries: list[LedgerEntry]) -> list[LedgerEntry]:
    """The entries not reversed and not reversals themselves (what stands today)."""
    gone = reversed_ids(entries)
    return [e for e in entries if e.kind is not EntryKind.REVERSAL and e.id not in gone]


class ClaimMoney(str, Enum):
    """Where a claim stands with its payer's money (derived, never stored)."""

    BILLED = "billed"  # no result from the payer yet
    PARTLY_PAID = "partly paid"  # results for some lines, or money still owed by the payer
    PAID = "paid"  # every line answered, something paid or moved to the next party
    DENIED = "denied"  # every line answered with nothing paid and nothing the patient's (even if written off)
    CLOSED = "closed"  # every line answered and nothing left owing by anyone
    VOID = "void"


def claim_money_status(claim_line_ids: Iterable[int], claim_entries: list[LedgerEntry],
                       line_entries: list[LedgerEntry], void: bool = False) -> ClaimMoney:
    """A claim's money status: `claim_entries` are the claim's postings, `line_entries` all entries of its lines."""
    if void:
        return ClaimMoney.VOID
    standing = live(claim_entries)
    answered = {e.service_line_id for e in standing if e.kind is EntryKind.INSURANCE_PAYMENT}
    lines = set(claim_line_ids)
    if not answered & lines:
        return ClaimMoney.BILLED
    if not lines <= answered:
        return ClaimMoney.PARTLY_PAID
    paid = balance(standing, lambda e: e.kind is EntryKind.INSURANCE_PAYMENT)
    moved = any(e.kind is EntryKind.TRANSFER and e.group is GroupCode.PR for e in standing)
    if not paid and not moved:  # a denial stays one when its CO adjustment leaves nothing owing
        return ClaimMoney.DENIED
    if all(not amount for amount in by(line_entries, lambda e: e.service_line_id).values()):
        return ClaimMoney.CLOSED
    return ClaimMoney.PAID
