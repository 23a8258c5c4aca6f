"""`office.payments`: deposits, insurance posting from a paper EOB, and patient payments.

Each posting is one transaction: every line is checked first (`billing.posting`),
and any refusal leaves the books exactly as they were.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from ..billing.posting import (
    LineContext,
    OpenLine,
    allocate,
    amount_problems,
    deposit_problems,
    eob_line_entries,
    eob_line_problems,
    total_paid,
)
from ..billing.responsibility import next_party
from ..core.claim import ClaimListRow
from ..core.ledger import Adjustment, Deposit, EntryKind, EobLine, LedgerEntry, Party, PaymentMethod, tender_problems
from ..core.money import Money
from ..core.problems import Problem
from ..core.records import ClaimStatus
from .changes import Area, Outcome
from .service import Service, fail_if


def eob_lines(lines: Iterable) -> list[EobLine]:
    """EobLines from EobLine records or tuples (line_id, allowed, paid[, [(group, reason, amount), ...]])."""
    made = []
    for line in lines:
        if isinstance(line, EobLine):
            made.append(line)
            continue
        line_id, allowed, paid, *rest = line
        adjustments = tuple(a if isinstance(a, Adjustment) else Adjustment(a[0], str(a[1]), Money.parse(a[2]))
                            for a in (rest[0] if rest else ()))
        made.append(EobLine(line_id, Money.parse(allowed), Money.parse(paid), adjustments))
    return made


class PaymentService(Service):
    """Money coming in: payers' deposits applied to claims, patients' payments applied to visits."""

    # ---------------------------------------------------------------- deposits
    def deposit(self, deposit_id: int) -> Deposit | None:
        return self._stores.deposits.get(deposit_id)

    def deposits(self, open_only: bool = False) -> list[Deposit]:
        return self._stores.deposits.list(open_only)

    def new_deposit(self, payer_id: int, number: str, received: date, amount: Money | str,
                    note: str = "") -> Outcome[Deposit]:
        """Record a payer's check or EFT before applying it."""
        amount = Money.parse(amount)
        problems = amount_problems(amount)
        if not self._stores.payers.exists(payer_id):
            problems.append(Problem("payer_id", "That payer does not exist; choose the payer again."))
        if not (number or "").strip():
            problems.append(Problem("number", "Type the check or EFT number."))
        if not isinstance(received, date):
            problems.append(Problem("received", "Give the date the money was received."))
        fail_if(problems)
        with self._write(Area.MONEY) as write:
            made = self._stores.deposits.insert(Deposit(payer_id=payer_id, number=number.strip(), received=received,
                                                        amount=amount, note=note))
        return write.outcome(made)

    def close_deposit(self, deposit_id: int, today: date | None = None) -> Outcome[Deposit]:
        """Close a deposit that balances (applied = amount); one that does not says by how much."""
        with self._write(Area.MONEY) as write:
            deposit = self._stores.deposits.get(deposit_id)
            if deposit is None:
                fail_if([Problem("deposit_id", f"There is no deposit {deposit_id}.")])
            if deposit.unapplied:
                fail_if([Problem("deposit_id", f"The deposit does not balance: {deposit.unapplied} is still "
                                               f"unapplied of {deposit.amount}; apply it before closing.")])
            self._stores.deposits.close(deposit_id, today or date.today())
            closed = self._stores.deposits.get(deposit_id)
        return write.outcome(closed)

    # --------------------------------------------------------------- insurance
    def claims_to_post(self, payer_id: int, text: str = "", limit: int = 50) -> list[tuple[ClaimListRow, Money]]:
        """The payer's claims to post an EOB to, found by account, last name ("Rivera, A") or claim number:
        (claim row, what this payer still owes on it), newest first."""
        return self._stores.claims.payer_claims(payer_id, text, limit)

    def post_insurance(self, deposit_id: int, claim_id: int, lines: Iterable,
                       today: date | None = None, note: str = "", *,
                       forwarded: bool | None = None) -> Outcome[list[LedgerEntry]]:
        """Apply part of a deposit to one claim, line by line, from the EOB.

        `lines`: EobLine or (service_line_id, allowed, paid, [(group, reason, amount), ...]). Each line must
        balance (paid + adjustments = what this payer owes on it); PR amounts move to the next party (the
        next policy covering the date of service, else the patient). Refused as a whole, naming the field.

        When lines now stand with a secondary or tertiary payer, its claim is made in the same transaction
        (`office.claims.follow_up`: once per visit and policy). `forwarded`: True when the payer forwarded
        the claim to the next payer itself (an 835's CLP02 19, 20 or 21), so none is made; False when it did
        not; None lets Medicare's crossover rules decide."""
        lines = eob_lines(lines)
        stores = self._stores
        with self._write(Area.MONEY, Area.CLAIMS) as write:
            deposit = stores.deposits.get(deposit_id)
            claim = stores.claims.get(claim_id)
            problems = []
            if deposit is None:
                problems.append(Problem("deposit_id", f"There is no deposit {deposit_id}."))
            elif deposit.closed:
                problems.append(Problem("deposit_id", "That deposit is closed."))
            if claim is None:
                problems.append(Problem("claim_id", f"There is no claim {claim_id}."))
            elif claim.status in (ClaimStatus.VOID, ClaimStatus.REPLACED):
                problems.append(Problem("claim_id", f"Claim {claim_id} is {claim.status.value}; post the payment "
                                                    "to the claim that replaced it."))
            elif deposit is not None and deposit.payer_id != claim.payer.id:
                problems.append(Problem("claim_id", f"Claim {claim_id} was billed to {claim.payer.name}, "
                                                    "not to this deposit's payer."))
            if not lines:
                problems.append(Problem("lines", "Give at least one line of the EOB."))
            fail_if(problems)
            party = Party.of_priority(claim.policy.priority or 1)
            visit = claim.visit
            policies = stores.policies.for_patient(visit.patient_id)
            on_claim = {line.id for line in claim.lines if line.id is not None}
            seen: set[int] = set()
            contexts = []
            owed = stores.ledger.party_balances([line.service_line_id for line in lines
                                                 if line.service_line_id in on_claim], party)  # one query
            for i, line in enumerate(lines):
                context = None
                if line.service_line_id in on_claim and line.service_line_id not in seen:
                    seen.add(line.service_line_id)
                    context = LineContext(line.service_line_id, visit.id, visit.patient_id, visit.service_date,
                                          owed[line.service_line_id])
                problems += eob_line_problems(line, i, context, party)
                contexts.append(context)
            problems += deposit_problems(total_paid(lines), deposit.unapplied)
            fail_if(problems)
            following = next_party(party, policies, visit.service_date)
            today = today or date.today()
            made = stores.ledger.append_batches(eob_line_entries(  # a batch per line: `reverse` undoes one line
                line, context, claim_id=claim_id, deposit_id=deposit_id, party=party, payer_id=claim.payer.id,
                next_party=following, posted=today, who="", note=note) for line, context in zip(lines, contexts))
            made += self._office.money.apply_visit_credits([visit.id], today)  # a copay taken at check-in
            if following[0].is_insurance:
                self._office.claims.follow_up(claim_id, today=today, forwarded=forwarded)
        return write.outcome(made)

    def apply_unapplied(self, deposit_id: int, claim_id: int, lines: Iterable,
                        today: date | None = None) -> Outcome[list[LedgerEntry]]:
        """Apply a deposit's unapplied money to a claim later (the same rules as `post_insurance`)."""
        return self.post_insurance(deposit_id, claim_id, lines, today=today, note="applied later from the deposit")

    # ----------------------------------------------------------------- patients
    def patient_payment(self, patient_id: int, amount: Money | str, method: PaymentMethod | str, number: str = "",
                        visit_id: int | None = None, today: date | None = None,
                        note: str = "") -> Outcome[list[LedgerEntry]]:
        """A payment from the patient: applied to what they owe oldest first (or on one visit); the rest
        stays on the account as a credit (tied to the visit when one was chosen, e.g. a copay at check-in)."""
        amount = Money.parse(amount)
        problems = amount_problems(amount) + tender_problems(method, number)
        stores = self._stores
        if not stores.patients.exists(patient_id):
            problems.append(Problem("patient_id", "That patient does not exist; choose the patient again."))
        visit = stores.visits.get(visit_id) if visit_id is not None else None
        if visit_id is not None and (visit is None or visit.patient_id != patient_id):
            problems.append(Problem("visit_id", "That visit is not this patient's; choose one of their visits."))
        fail_if(problems)
        method, number = PaymentMethod(method), (number or "").strip()
        with self._write(Area.MONEY) as write:
            today = today or date.today()
            open_lines = [OpenLine(*row) for row in stores.ledger.patient_open_lines(patient_id, visit_id)]
            applied, left = allocate(amount, open_lines)
            base = LedgerEntry(kind=EntryKind.PATIENT_PAYMENT, patient_id=patient_id, party=Party.PATIENT,
                               posted=today, method=method, number=number, note=note)
            entries = [replace(base, amount=-take, visit_id=line.visit_id, service_line_id=line.service_line_id,
                               service_date=line.service_date) for line, take in applied]
            if left:
                entries.append(replace(base, amount=-left, visit_id=visit_id,
                                       service_date=visit.service_date if visit else None,
                                       note=note or "credit on account"))
            made = stores.ledger.append(entries)
        return write.outcome(made)
