"""What one claim's result in an 835 posts: its SVC lines matched to the claim's lines, then the EOB rules.

Pure: records in (the 835's `ClaimPayment`, the claim, what the paying party
owes on each line), EOB lines out, or the reason the result does not fit the
claim (the import then keeps it on the work list; nothing is guessed).

- A line is found by its REF*6R line control number (`<claim id>-<line no>`);
  when the payer dropped it, by procedure, modifiers and date of service (the
  billed code of SVC06 when the payer changed it), the same charge first.
- A claim result without SVC lines posts to a one-line claim; on a claim of
  several lines, its payment and claim-level adjustments are spread over the
  lines in order, each line filled to what is owed on it (paid first).
  Claim-level adjustments beside line results do not fit.
- A secondary or tertiary payer's OA/CO-23 (the prior payer's adjudication)
  is what the earlier payer already settled, so it is not posted again.
- Each EOB line then passes `posting.eob_line_problems`: paid + adjustments
  must equal what the party owes on the line (more means it was posted
  already, less leaves money unaccounted for).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.claim import Claim
from ..core.edi import parse_line_control_number
from ..core.ledger import Adjustment, EobLine, GroupCode, LedgerEntry, Party
from ..core.money import Money
from ..core.records import ServiceLine
from ..core.remittance import PAID_STATUSES, ClaimPayment, ServicePayment
from .posting import LineContext, eob_line_problems

PRIOR_PAYER_REASON = "23"


@dataclass(frozen=True)
class ClaimPlan:
    """The EOB lines one claim result posts, or `problem`: why it does not fit (then `lines` is empty)."""

    lines: tuple[EobLine, ...] = ()
    problem: str = ""


def _same_day(svc: ServicePayment, payment: ClaimPayment, line: ServiceLine, claim: Claim) -> bool:
    theirs = svc.service_date or payment.service_date
    ours = line.from_date or claim.service_date
    return theirs is None or theirs == ours


def match_lines(payment: ClaimPayment, claim: Claim) -> list[tuple[ServicePayment, ServiceLine]] | str:
    """Each SVC with the claim line it answers, or why one matches none."""
    taken: set[int] = set()
    matched = []
    for svc in payment.services:
        found = None
        parsed = parse_line_control_number(svc.control) if svc.control else None
        if parsed is not None:
            claim_id, line_no = parsed
            if claim_id != claim.id or not 1 <= line_no <= len(claim.lines):
                return f"the line control number {svc.control} (line {svc.line}) is not a line of claim {claim.id}"
            found = line_no - 1
        else:
            candidates = [i for i, line in enumerate(claim.lines)
                          if i not in taken and line.code == svc.sent_code
                          and tuple(line.modifiers) == tuple(svc.sent_modifiers) and _same_day(svc, payment, line, claim)]
            exact = [i for i in candidates if claim.lines[i].charge == svc.charge]
            found = (exact or candidates or [None])[0]
            if found is None:
                mods = "-".join(svc.sent_modifiers)
                return (f"the line at line {svc.line} ({svc.sent_code}{'-' + mods if mods else ''}) matches no line "
                        f"of claim {claim.id} by procedure, modifiers and date")
        if found in taken:
            return f"two lines of the payment (the second at line {svc.line}) answer the same claim line {found + 1}"
        taken.add(found)
        matched.append((svc, claim.lines[found]))
    return matched


def _eob_line(line_id: int, svc_paid: Money, allowed: Money | None, adjustments, party: Party) -> EobLine:
    kept = tuple(a for a in adjustments if not (party is not Party.PRIMARY and a.reason == PRIOR_PAYER_REASON))
    if allowed is None:
        allowed = svc_paid + Money.total(a.amount for a in kept if a.group == GroupCode.PR.value)
    return EobLine(line_id, allowed, svc_paid, kept)


def _spread(payment: ClaimPayment, claim: Claim, owed: dict[int, Money]) -> list[EobLine] | str:
    """A claim result without lines, spread over the claim's lines in order (paid first, then each adjustment)."""
    pots = [("paid", None, payment.paid)] + [("adj", a, a.amount) for a in payment.adjustments]
    lines = []
    for line in claim.lines:
        room = owed.get(line.id, Money(0))
        paid, adjustments = Money(0), []
        for index, (kind, adjustment, left) in enumerate(pots):
            take = Money(max(0, min(left.cents, room.cents)))
            if not take:
                continue
            room, pots[index] = room - take, (kind, adjustment, left - take)
            if kind == "paid":
                paid = take
            else:
                adjustments.append(Adjustment(adjustment.group, adjustment.reason, take))
        lines.append((line.id, paid, adjustments))
    if any(left.cents for _k, _a, left in pots):
        return "its amounts are more than what is owed on the claim's lines"
    return [EobLine(line_id, paid + Money.total(a.amount for a in adj if a.group == GroupCode.PR.value), paid,
                    tuple(adj)) for line_id, paid, adj in lines if paid or adj]


def plan_claim(payment: ClaimPayment, claim: Claim, party: Party, contexts: dict[int, LineContext]) -> ClaimPlan:
    """The EOB lines `payment` posts on `claim` for `party`, whose open balance per line is in `contexts`."""
    wanted = PAID_STATUSES.get(payment.status)
    if wanted is not None and wanted != party.priority:
        return ClaimPlan(problem=f"the payer {payment.status_label}, but the claim was billed to it as "
                                 f"{party.value}")
    for svc in payment.services:
        if svc.charge - Money.total(a.amount for a in svc.adjustments) != svc.paid:
            return ClaimPlan(problem=f"the payer's line at line {svc.line} does not balance (charge - adjustments "
                                     f"!= paid)")
    if payment.services:
        if payment.adjustments:
            return ClaimPlan(problem="it has claim-level adjustments beside line results; post it by hand")
        if Money.total(s.paid for s in payment.services) != payment.paid:
            return ClaimPlan(problem="its lines' payments do not add up to the claim's payment (CLP04)")
        matched = match_lines(payment, claim)
        if isinstance(matched, str):
            return ClaimPlan(problem=matched)
        lines = [_eob_line(line.id, svc.paid, svc.allowed, svc.adjustments, party) for svc, line in matched]
    elif len(claim.lines) == 1:
        lines = [_eob_line(claim.lines[0].id, payment.paid, None, payment.adjustments, party)]
    else:
        owed = {line_id: context.open_balance for line_id, context in contexts.items()}
        kept = tuple(a for a in payment.adjustments if not (party is not Party.PRIMARY and a.reason == PRIOR_PAYER_REASON))
        spread = _spread(ClaimPayment(control=payment.control, status=payment.status, paid=payment.paid,
                                      adjustments=kept), claim, owed)
        if isinstance(spread, str):
            return ClaimPlan(problem=spread)
        lines = spread
    problems = []
    for i, line in enumerate(lines):
        problems += eob_line_problems(line, i, contexts.get(line.service_line_id), party)
    if problems:
        return ClaimPlan(problem="; ".join(p.message for p in problems))
    return ClaimPlan(lines=tuple(lines))


def reversal_problem(payment: ClaimPayment, live_payments: list[LedgerEntry]) -> str:
    """Why a reversal (CLP02 22) does not fit the payments standing on the claim; '' when it undoes them exactly."""
    if not live_payments:
        return "no payment from this payer stands on the claim to reverse"
    standing = Money.total(-e.amount for e in live_payments)
    if standing != -payment.paid:
        return f"it takes back {-payment.paid}, but {standing} stands paid on the claim"
    return ""
