"""Who owes a line: primary payer, then secondary, then tertiary, then the patient.

The payers are the patient's policies on file that cover the date of service
(`Policy.covers`), in priority order. A line's charge goes to the first of
them (the patient when none covers the day); a payer's result moves what the
payer left (its PR amounts) to the next covering policy after it, or to the
patient when there is none.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..core.ledger import Party
from ..core.records import Policy


def covering(policies: Iterable[Policy], day: date | None) -> list[Policy]:
    """The policies covering `day`, primary first (one per priority)."""
    chosen: dict[int, Policy] = {}
    for policy in policies:
        if day is not None and policy.covers(day) and policy.priority not in chosen:
            chosen[policy.priority] = policy
    return [chosen[p] for p in sorted(chosen)]


def first_party(policies: Iterable[Policy], day: date | None) -> tuple[Party, int | None]:
    """Who a new charge belongs to: (party, payer id), the patient when no policy covers the day."""
    found = covering(policies, day)
    if not found:
        return Party.PATIENT, None
    return Party.of_priority(found[0].priority), found[0].payer_id


def next_party(current: Party, policies: Iterable[Policy], day: date | None) -> tuple[Party, int | None]:
    """Who owes what `current` leaves: the next covering payer by priority, else the patient."""
    if current is Party.PATIENT:
        return Party.PATIENT, None
    for policy in covering(policies, day):
        if policy.priority > current.priority:
            return Party.of_priority(policy.priority), policy.payer_id
    return Party.PATIENT, None
