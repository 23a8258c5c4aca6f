"""Posting rules: what a payer's EOB line or a patient's payment turns into, and what is refused.

Refusals are `Problem`s naming the field, so the facade can raise them all
before anything is written. The rules:

- a payer's line must balance against what that payer owes on it:
  paid + every adjustment (CO, OA, PI and PR) = the payer's open balance.
  More than that is refused (it would post money twice); less is refused
  with the amount unaccounted for. Negative amounts and unknown reason
  codes are refused.
- CO/OA/PI adjustments lower the balance; PR amounts are TRANSFER pairs to
  the next party (see `responsibility`), each keeping its reason code.
- a patient payment goes to the patient's open lines oldest first (or to one
  visit's lines); what is left over stays on the account as a credit.
- money paid on a visit before the patient owed on its lines (a copay at
  check-in) moves onto those lines once they owe (`credit_applications`).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from ..core.ledger import REASON_CODES, EntryKind, EobLine, GroupCode, LedgerEntry, Party
from ..core.money import Money
from ..core.problems import Problem


@dataclass(frozen=True)
class LineContext:
    """What the books know about one service line being posted."""

    service_line_id: int
    visit_id: int
    patient_id: int
    service_date: date
    open_balance: Money  # what the posting party owes on the line now


def eob_line_problems(line: EobLine, index: int, context: LineContext | None, party: Party) -> list[Problem]:
    """Everything wrong with one EOB line, each problem naming `lines[i].<field>`."""
    at = f"lines[{index}]"
    problems: list[Problem] = []
    if context is None:
        return [Problem(f"{at}.service_line_id", "That service line is not on this claim; pick one of its lines.")]
    if line.paid.cents < 0:
        problems.append(Problem(f"{at}.paid", "A payment cannot be negative; reverse the earlier posting instead."))
    if line.allowed.cents < 0:
        problems.append(Problem(f"{at}.allowed", "The allowed amount cannot be negative."))
    for j, adjustment in enumerate(line.adjustments):
        where = f"{at}.adjustments[{j}]"
        try:
            GroupCode(adjustment.group)
        except ValueError:
            problems.append(Problem(f"{where}.group", f"'{adjustment.group}' is not a group code; use CO, PR, OA or PI."))
        if adjustment.reason not in REASON_CODES:
            problems.append(Problem(f"{where}.reason",
                                    f"'{adjustment.reason}' is not a known reason code (CARC); check the EOB."))
        if adjustment.amount.cents <= 0:
            problems.append(Problem(f"{where}.amount", "An adjustment must be more than 0.00."))
    if problems:
        return problems
    accounted = line.paid + Money.total(a.amount for a in line.adjustments)
    owed = context.open_balance
    if owed.cents <= 0:
        return [Problem(f"{at}.paid", f"The {party.value} payer owes nothing on this line (was it posted already?).")]
    if accounted > owed:
        return [Problem(f"{at}.paid", f"Paid plus adjustments ({accounted}) is more than the open balance "
                                      f"({owed}) the {party.value} payer owes on this line.")]
    if accounted < owed:
        return [Problem(f"{at}.adjustments", f"The line does not balance: {owed} open, {accounted} paid and "
                                             f"adjusted; {owed - accounted} is unaccounted for.")]
    return []


def eob_line_entries(line: EobLine, context: LineContext, *, claim_id: int, deposit_id: int, party: Party,
                     payer_id: int, next_party: tuple[Party, int | None], posted: date, who: str,
                     note: str = "") -> list[LedgerEntry]:
    """The entries one checked EOB line becomes (the payment row is written even when 0: the payer answered)."""
    base = LedgerEntry(patient_id=context.patient_id, visit_id=context.visit_id,
                       service_line_id=context.service_line_id, service_date=context.service_date,
                       claim_id=claim_id, party=party, payer_id=payer_id, posted=posted, who=who, note=note)
    entries = [replace(base, kind=EntryKind.INSURANCE_PAYMENT, amount=-line.paid, deposit_id=deposit_id,
                       allowed=line.allowed)]
    to_party, to_payer = next_party
    for adjustment in line.adjustments:
        group = GroupCode(adjustment.group)
        if group is GroupCode.PR:
            entries.append(replace(base, kind=EntryKind.TRANSFER, amount=-adjustment.amount, group=group,
                                   reason=adjustment.reason))
            entries.append(replace(base, kind=EntryKind.TRANSFER, amount=adjustment.amount, group=group,
                                   reason=adjustment.reason, party=to_party, payer_id=to_payer))
        else:
            entries.append(replace(base, kind=EntryKind.ADJUSTMENT, amount=-adjustment.amount, group=group,
                                   reason=adjustment.reason))
    return entries


@dataclass(frozen=True)
class OpenLine:
    """A line the patient owes something on, for applying a payment."""

    service_line_id: int
    visit_id: int
    service_date: date
    owed: Money


def allocate(amount: Money, open_lines: Sequence[OpenLine]) -> tuple[list[tuple[OpenLine, Money]], Money]:
    """Split `amount` over the lines oldest first: [(line, applied)], and what is left over (a credit)."""
    left = amount
    applied: list[tuple[OpenLine, Money]] = []
    for line in sorted(open_lines, key=lambda l: (l.service_date, l.visit_id, l.service_line_id)):
        if left.cents <= 0:
            break
        take = Money(min(left.cents, line.owed.cents))
        if take.cents > 0:
            applied.append((line, take))
            left = left - take
    return applied, left


def amount_problems(amount: Money, field: str = "amount") -> list[Problem]:
    if amount.cents <= 0:
        return [Problem(field, "The amount must be more than 0.00.")]
    return []


def deposit_problems(paid_total: Money, unapplied: Money) -> list[Problem]:
    if paid_total > unapplied:
        return [Problem("deposit_id", f"The payments total {paid_total} but only {unapplied} is unapplied "
                                      "on this deposit; check the amounts or the deposit.")]
    return []


def total_paid(lines: Iterable[EobLine]) -> Money:
    return Money.total(line.paid for line in lines)


def credit_applications(applied: Sequence[tuple[OpenLine, Money]], *, patient_id: int,
                        posted: date) -> list[LedgerEntry]:
    """A visit's credit (paid before the patient owed on its lines, e.g. a copay at check-in) moved onto the
    lines the patient now owes: per line a TRANSFER pair within the patient's party, netting to zero."""
    entries = []
    for line, take in applied:
        base = LedgerEntry(kind=EntryKind.TRANSFER, patient_id=patient_id, visit_id=line.visit_id,
                           service_date=line.service_date, party=Party.PATIENT, posted=posted)
        entries.append(replace(base, amount=take, note="visit's credit applied to a line"))
        entries.append(replace(base, amount=-take, service_line_id=line.service_line_id,
                               note="paid from the visit's credit (copay at check-in)"))
    return entries
