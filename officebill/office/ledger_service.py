"""`office.money`: the books. Charges from visits, reversals, write-offs, refunds, balances, aging, verify.

Every write is one transaction through the Office and appends ledger rows; no
row is ever edited (a reversal undoes one). Balances are read from the
ledger; the one thing kept for speed is each visit-party balance in
`open_balances` (by a trigger, for aging), and `verify()` checks it against the
ledger's sums, as it checks the ledger against itself and the visits' charges.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..billing import aging as aging_rules
from ..billing.balances import ClaimMoney, by, claim_money_status
from ..billing.posting import OpenLine, allocate, amount_problems, credit_applications
from ..billing.responsibility import first_party
from ..core.ledger import WRITE_OFF_REASONS, EntryKind, LedgerEntry, Party, PaymentMethod, tender_problems
from ..core.money import Money
from ..core.problems import Problem, UserError
from ..core.records import ClaimStatus, Visit, VisitStatus
from .changes import Area, Outcome
from .service import Service, fail_if


@dataclass(frozen=True)
class Balances:
    """What is owed, split by who owes it: insurance (all payers), the patient, and the total."""

    insurance: Money
    patient: Money

    @property
    def total(self) -> Money:
        return self.insurance + self.patient

    @property
    def credit(self) -> Money:
        """The patient's credit (money the office holds for them), 0.00 when they owe."""
        return Money(max(0, -self.patient.cents))


def _split(entries: list[LedgerEntry]) -> Balances:
    parties = by(entries, lambda e: e.party is Party.PATIENT)
    return Balances(insurance=parties.get(False, Money(0)), patient=parties.get(True, Money(0)))


class LedgerService(Service):
    """The ledger: reads, charges, reversals, write-offs, refunds, aging and the self-check."""

    # ------------------------------------------------------------------- reading
    def ledger(self, patient_id: int) -> list[LedgerEntry]:
        """A patient's entries, oldest first."""
        return self._stores.ledger.for_patient(patient_id)

    def entry(self, entry_id: int) -> LedgerEntry | None:
        return self._stores.ledger.get(entry_id)

    def patient_balances(self, patient_id: int) -> Balances:
        """The account's balances in one SQL sum (cheap enough for every screen that shows the patient)."""
        insurance, patient = self._stores.ledger.patient_split(patient_id)
        return Balances(insurance=insurance, patient=patient)

    def visit_balances(self, visit_id: int) -> Balances:
        return _split(self._stores.ledger.for_visit(visit_id))

    def line_balances(self, service_line_id: int) -> dict[Party, Money]:
        """What each party owes on a line (zero parties left out)."""
        return {p: m for p, m in by(self._stores.ledger.for_line(service_line_id), lambda e: e.party).items() if m}

    def claim_balances(self, claim_id: int) -> Balances:
        return _split(self._stores.ledger.for_lines(self._claim_line_ids(claim_id)))

    def payer_balance(self, payer_id: int) -> Money:
        return self._stores.ledger.payer_balance(payer_id)

    def practice_balance(self) -> Money:
        return self._stores.ledger.practice_balance()

    def claim_status(self, claim_id: int) -> ClaimMoney:
        """billed, partly paid, paid, denied, closed (or void), from the ledger."""
        claim = self._stores.claims.get(claim_id)
        if claim is None:
            raise UserError(f"There is no claim {claim_id}.")
        line_ids = self._claim_line_ids(claim_id)
        return claim_money_status(line_ids, self._stores.ledger.for_claim(claim_id),
                                  self._stores.ledger.for_lines(line_ids),
                                  void=claim.status in (ClaimStatus.VOID, ClaimStatus.REPLACED))

    def _claim_line_ids(self, claim_id: int) -> list[int]:
        claim = self._stores.claims.get(claim_id)
        return [line.id for line in claim.lines if line.id is not None] if claim else []

    def aging(self, by: str = "payer", today: date | None = None, dated_by: str = "service",
              bucketing: aging_rules.Bucketing = aging_rules.STATEMENT) -> list[aging_rules.AgingRow]:
        """Open balances by age: one row per payer ("patient" for patients' own balances) or per patient id,
        named (`row.name`), credits apart; summed in SQL from `open_balances`. Age counts from the date of
        service, or with `dated_by="billed"` from the date first billed (`billing/aging.py` says how).
        The practice total is `aging_rules.totals(rows, bucketing)`."""
        problems = []
        if by not in ("payer", "patient"):
            problems.append(Problem("by", "Aging is by payer or by patient."))
        if dated_by not in {d.value for d in aging_rules.DatedBy}:
            problems.append(Problem("dated_by", "Age is counted from the date of service (service) or from the "
                                                "date first billed (billed)."))
        fail_if(problems)
        sums = self._stores.ledger.aging_sums(by, dated_by, bucketing.cutoffs(today or date.today()))
        zero = Money(0)  # shared by the empty buckets (Money is immutable): a ten-year office has 20,000 rows
        return [aging_rules.AgingRow(group, {b: Money(c) if c else zero for b, c in zip(bucketing.names, cents)},
                                     Money(credit) if credit else zero, name)
                for group, name, cents, credit in sums if any(cents) or credit]

    # ---------------------------------------------------------------- charges
    def post_charges(self, visit: Visit, today: date | None = None) -> list[LedgerEntry]:
        """Make the ledger's charges match a just-saved visit (called inside the visit's save transaction).

        A new line gets a CHARGE; a line whose charge changed, was removed, or whose visit was voided has its
        charge reversed (and a new CHARGE posted for the new amount). Nothing is ever edited. A line with
        payments, adjustments or transfers standing on it cannot change its charge (refused, naming it)."""
        ledger = self._stores.ledger
        today = today or date.today()
        posted: list[LedgerEntry] = []
        standing = ledger.live_charges_for_visit(visit.id)
        wanted = {} if visit.status is VisitStatus.VOID else {line.id: line for line in visit.lines}
        policies = None
        for line_id in sorted({e.service_line_id for e in standing} | set(wanted)):
            charges = [e for e in standing if e.service_line_id == line_id]
            line = wanted.get(line_id)
            target = line.charge if line else Money(0)
            if Money.total(e.amount for e in charges) == target:
                continue
            if ledger.has_money_besides_charges(line_id):
                field = f"lines[{list(wanted).index(line_id)}].charge" if line else "lines"
                fail_if([Problem(field, "Money was already posted on this line, so its charge cannot change or "
                                        "go away; reverse those postings first, or post an adjustment.")])
            for charge in charges:
                posted += ledger.append([charge.reversed_by(today, note=f"charge changed: reverses entry {charge.id}")])
            if target:
                if charges:
                    party, payer_id = charges[0].party, charges[0].payer_id
                else:
                    if policies is None:
                        policies = self._stores.policies.for_patient(visit.patient_id)
                    party, payer_id = first_party(policies, visit.service_date)
                posted += ledger.append([LedgerEntry(
                    kind=EntryKind.CHARGE, amount=target, patient_id=visit.patient_id, visit_id=visit.id,
                    service_line_id=line_id, service_date=visit.service_date, party=party, payer_id=payer_id,
                    posted=today, note=line.code)])
        return posted + self.apply_visit_credits([visit.id], today)

    def apply_visit_credits(self, visit_ids, today: date) -> list[LedgerEntry]:
        """Inside a write: money the patient paid on a visit before owing on its lines (a copay at check-in) is
        applied to the lines they now owe on it, oldest first (after a payer's result or a self-pay charge)."""
        ledger, made = self._stores.ledger, []
        for visit_id, patient_id, credit in ledger.visit_credits(visit_ids):
            applied, _left = allocate(credit, self._open_patient_lines(patient_id, visit_id))
            if applied:
                made += ledger.append(credit_applications(applied, patient_id=patient_id, posted=today))
        return made

    # -------------------------------------------------------------- corrections
    def reverse(self, entry_id: int, note: str = "", today: date | None = None) -> Outcome[list[LedgerEntry]]:
        """Undo the action an entry belongs to (a charge, a line's EOB result, a payment) with reversals.

        Read and written in one transaction, so two programs cannot reverse the same entry."""
        ledger = self._stores.ledger
        with self._write(Area.MONEY) as write:
            entry = ledger.get(entry_id)
            if entry is None:
                fail_if([Problem("entry_id", f"There is no ledger entry {entry_id}.")])
            if entry.kind is EntryKind.REVERSAL:
                fail_if([Problem("entry_id", "That entry is a reversal; post the original again instead.")])
            if entry.kind is EntryKind.CHARGE:
                fail_if([Problem("entry_id", "A charge follows its visit: change the line's charge or void the "
                                             "visit, and the ledger reverses it.")])
            undo = [e for e in ledger.batch(entry.batch)
                    if e.kind is not EntryKind.REVERSAL and ledger.reversal_of(e.id) is None]
            if entry.id not in {e.id for e in undo}:
                fail_if([Problem("entry_id", f"Entry {entry_id} was already reversed.")])
            today = today or date.today()
            made = ledger.append([e.reversed_by(today, note=note) for e in undo])
        return write.outcome(made)

    def write_off(self, patient_id: int, amount: Money, reason: str, note: str = "", visit_id: int | None = None,
                  today: date | None = None) -> Outcome[list[LedgerEntry]]:
        """Forgive part of a patient's balance (oldest lines first, or one visit's), with a reason."""
        problems = amount_problems(amount)
        if reason not in WRITE_OFF_REASONS:
            problems.append(Problem("reason", f"Choose a reason: {', '.join(WRITE_OFF_REASONS)}."))
        if reason == "other" and not note.strip():
            problems.append(Problem("note", "Say why in the note."))
        fail_if(problems)
        with self._write(Area.MONEY) as write:
            lines = self._open_patient_lines(patient_id, visit_id)
            applied, left = allocate(amount, lines)
            if left:
                fail_if([Problem("amount", f"That is more than the patient owes on those visits "
                                           f"({Money.total(l.owed for l in lines)}).")])
            today = today or date.today()
            made = self._stores.ledger.append([LedgerEntry(
                kind=EntryKind.WRITE_OFF, amount=-take, patient_id=patient_id, visit_id=line.visit_id,
                service_line_id=line.service_line_id, service_date=line.service_date, party=Party.PATIENT,
                reason=reason, posted=today, note=note) for line, take in applied])
        return write.outcome(made)

    def refund(self, patient_id: int, amount: Money, method: PaymentMethod | str, number: str = "",
               note: str = "", today: date | None = None) -> Outcome[LedgerEntry]:
        """Pay a patient's credit back; never more than the credit."""
        fail_if(amount_problems(amount) + tender_problems(method, number))
        with self._write(Area.MONEY) as write:
            credit = self.patient_balances(patient_id).credit
            if amount > credit:
                fail_if([Problem("amount", f"The refund ({amount}) is more than the patient's credit ({credit}).")])
            made = self._stores.ledger.append([LedgerEntry(
                kind=EntryKind.REFUND, amount=amount, patient_id=patient_id, party=Party.PATIENT,
                posted=today or date.today(), note=note, method=PaymentMethod(method), number=number.strip())])
        return write.outcome(made[0])

    def _open_patient_lines(self, patient_id: int, visit_id: int | None) -> list[OpenLine]:
        return [OpenLine(line_id, v_id, day, owed)
                for line_id, v_id, day, owed in self._stores.ledger.patient_open_lines(patient_id, visit_id)]

    # ------------------------------------------------------------------- check
    def verify(self) -> list[str]:
        """Where the books disagree with themselves; empty when they reconcile to the cent.

        Checks that reversals are exact, transfers net to zero, deposits are never over-applied, each live
        line's charge equals the charges posted for it, and the balances kept for aging (`open_balances`)
        equal the ledger's sums, naming every one that does not."""
        ledger, problems = self._stores.ledger, []
        for reversal_id, original_id in ledger.bad_reversals():
            problems.append(f"ledger entry {reversal_id} does not exactly reverse entry {original_id}")
        for batch in ledger.unbalanced_transfers():
            problems.append(f"the transfers of ledger batch {batch} do not net to zero")
        for deposit in self._stores.deposits.list():
            if deposit.unapplied.cents < 0:
                problems.append(f"deposit {deposit.id} is over-applied by {-deposit.unapplied}")
        for line_id, charge, posted in ledger.charge_mismatches():
            problems.append(f"service line {line_id} charges {Money(charge)} but the ledger has {Money(posted)}")
        for patient_id, visit_id, party, payer_id, kept, summed in ledger.open_balance_mismatches():
            where = f"visit {visit_id}" if visit_id else "no visit"
            whose = party + (f" (payer {payer_id})" if payer_id else "")
            problems.append(f"open balance of patient {patient_id}, {where}, {whose} is {Money(kept)} but the "
                            f"ledger sums to {Money(summed)}")
        return problems
