"""The demo office's money: what each demo payer allows and pays, and the demo's year through the facade.

`TERMS` is the one table of the demo payers' contracts (keyed by the payer's
electronic id, so the small demo and the many-year one share it): the payer's
fee as a share of the office's own charges, the patient's deductible and
coinsurance, copays on office visits, the codes it bundles or wants an
authorization for, and how long it takes to pay. `primary_eob` and
`secondary_eob` turn a claim's lines into the EOB lines such a payer sends
(allowed, paid, CO-45 above the fee schedule, PR-1/2/3 for the patient's
share, CO-253 sequestration for Medicare, denials paid 0): records in,
`EobLine`s out. `DemoYear` posts them through the facade for the small demo;
`demo_years` posts them through the stores in bulk. The numbers are our own
round ones, not any payer's contract.
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from ..core.claim import Claim
from ..core.ledger import Adjustment, EntryKind, EobLine, Party, PaymentMethod
from ..core.money import Money
from ..core.problems import UserError
from ..core.records import ClaimFrequency, ClaimStatus, Visit


@dataclass(frozen=True)
class Terms:
    """One payer's contract with the office, as the demo sees it."""

    fees: float  # the payer's allowed amount as a share of the office's charge (its fee schedule)
    deductible: int  # cents per patient and calendar year, paid by the patient before coinsurance
    coinsurance: float  # the patient's share of the allowed amount once the deductible is met
    copays: bool  # office visits cost the policy's copay instead (labs and procedures: deductible, coinsurance)
    days: tuple[int, int]  # days from printing the claim to the EOB
    bundled: tuple[str, ...] = ()  # codes it pays only inside another service (CO-97)
    authorization: tuple[str, ...] = ()  # codes denied without a prior authorization (CO-197)
    sequestration: bool = False  # Medicare's 2% reduction of what it pays (CO-253)


TERMS: dict[str, Terms] = {
    "12402": Terms(0.57, 25700, 0.20, False, (14, 28), sequestration=True),  # Medicare Part B: ~57% of our fees
    "IL621": Terms(0.42, 0, 0.0, False, (28, 45)),  # Illinois Medicaid: the lowest fees, no patient share
    "00621": Terms(0.72, 75000, 0.20, True, (18, 32)),  # Blue Cross PPO
    "PHP01": Terms(0.68, 100000, 0.20, True, (21, 35), bundled=("36415",)),  # Prairie Health Plan
    "LKM22": Terms(0.78, 50000, 0.10, True, (21, 40)),  # Lakeside Mutual: the best fees, slow to pay
    "SCH77": Terms(0.65, 0, 0.0, True, (14, 30), authorization=("20610", "93000")),  # Summit Care HMO: copays only
}
DEFAULT_TERMS = Terms(0.70, 50000, 0.20, True, (21, 35))  # a payer the table does not know

# No cost sharing (preventive care and vaccines); office visits that carry the copay.
PREVENTIVE = frozenset({"99385", "99392", "99393", "99394", "99395", "99396", "99397", "G0439", "90471", "90686"})
MEDICARE_PAYER_ID = "12402"


def terms_for(payer_id: str) -> Terms:
    return TERMS.get(payer_id, DEFAULT_TERMS)


def _is_office_visit(code: str) -> bool:
    return code.startswith("992")


@dataclass(frozen=True)
class BilledLine:
    """What the payer sees of one claim line: its id, code and charge in cents."""

    line_id: int
    code: str
    charge: int


def primary_eob(lines: Iterable[BilledLine], terms: Terms, copay: int, deductible_left: int,
                denial: str = "") -> tuple[list[EobLine], int]:
    """The primary payer's EOB lines for a claim, and the deductible still left after it.

    `denial` ("16" missing information, "197" no authorization...) denies the whole claim: every line
    paid 0 with a CO adjustment of its charge. Otherwise each line: allowed = the payer's fee, CO-45 the
    rest; the first office visit carries the copay (PR-3) on copay plans; other lines pay the deductible
    (PR-1) first, then coinsurance (PR-2); Medicare takes 2% of its payment (CO-253)."""
    made, copay_left = [], copay
    for line in lines:
        reason = denial or ("97" if line.code in terms.bundled else "197" if line.code in terms.authorization
                            else "")
        if reason:
            made.append(EobLine(line.line_id, Money(0), Money(0), (Adjustment("CO", reason, Money(line.charge)),)))
            continue
        allowed = min(line.charge, round(line.charge * terms.fees))
        share = {}
        if line.code in PREVENTIVE:
            pass
        elif terms.copays and _is_office_visit(line.code):
            share["3"], copay_left = min(copay_left, allowed), copay_left - min(copay_left, allowed)
        else:
            share["1"] = min(deductible_left, allowed)
            deductible_left -= share["1"]
            share["2"] = round((allowed - share["1"]) * terms.coinsurance)
        paid = allowed - sum(share.values())
        adjustments = [Adjustment("CO", "45", Money(line.charge - allowed))] if line.charge > allowed else []
        cut = round(paid * 0.02) if terms.sequestration else 0
        if cut:
            paid -= cut
            adjustments.append(Adjustment("CO", "253", Money(cut)))
        adjustments += [Adjustment("PR", reason, Money(amount)) for reason, amount in share.items() if amount]
        made.append(EobLine(line.line_id, Money(allowed), Money(paid), tuple(adjustments)))
    return made, deductible_left


def secondary_eob(owed: Iterable[tuple[int, int, int]]) -> list[EobLine]:
    """The secondary payer's EOB for what the primary left: (line id, cents owed, of which the primary's
    deductible). It pays the coinsurance and copays (a Medigap plan G, or a spouse's plan); the primary's
    deductible stays the patient's (PR-1)."""
    made = []
    for line_id, amount, deductible in owed:
        deductible = min(deductible, amount)
        adjustments = (Adjustment("PR", "1", Money(deductible)),) if deductible else ()
        made.append(EobLine(line_id, Money(amount), Money(amount - deductible), adjustments))
    return made


# ------------------------------------------------------------------ a year through the facade
def tender(rng) -> tuple[PaymentMethod, str]:
    """How a patient pays: cash, a check (its number) or a card (its last four digits only)."""
    roll = rng.random()
    if roll < 0.35:
        return PaymentMethod.CASH, ""
    if roll < 0.55:
        return PaymentMethod.CHECK, str(rng.randint(1001, 9899))
    return PaymentMethod.CARD, f"{rng.randint(0, 9999):04d}"


@dataclass
class _Due:
    """A claim waiting for its payer's EOB (all its lines, or the ones the payer pended)."""

    day: date
    claim: Claim
    line_ids: tuple[int, ...]


class DemoYear:
    """The demo office's year, day by day, through the facade.

    Visits are entered with copays taken at check-in; each Monday the week's claims are made and printed
    (and secondary claims the postings made); each Thursday every payer's check arrives for the claims it
    has answered, posted line by line and closed (one check a week is applied a week late, so a deposit
    shows unapplied money); patients pay their share about a month after their EOB (some in part, some
    late, a few not at all, two twice), small balances are written off at the month's start and one
    credit is refunded. Whole-claim CO-16 denials are corrected and printed again; CO-97/CO-197 stay."""

    def __init__(self, office, rng, today: date):
        self.office, self.rng, self.today = office, rng, today
        self.unbilled: list[int] = []
        self.waiting: list[_Due] = []
        self.late: list[tuple[date, int, Claim, list[EobLine]]] = []  # (apply on, deposit, claim, lines)
        self.to_correct: list[Claim] = []
        self.patient_due: list[tuple[date, int, int | None, int]] = []  # (day, patient, visit, tries)
        self.refunds: list[tuple[date, int, Money]] = []
        self.paid_visits: set[int] = set()
        self.deductible: dict[tuple[int, int, int], int] = {}
        self.copays: dict[int, Money] = {}
        self.statement_payments = 0
        self.crossed: set[int] = set()  # secondary claims Medicare crossed over, waiting for their payer
        self.pended_late = False
        self.counts = dict.fromkeys(("claims", "deposits", "eobs", "denials", "patient payments", "write-offs",
                                     "refunds", "statement runs"), 0)

    def run(self, plan: dict[date, list[Visit]]) -> dict:
        day = min(plan) if plan else self.today
        while day < self.today:
            if day.day == 1:
                self.month_start(day)
            if day.weekday() == 0:
                self.bill(day)
            for visit in plan.get(day, ()):
                self.check_in(day, visit)
            if day.weekday() == 3:
                self.payers_pay(day)
            self.patients_pay(day)
            day += timedelta(days=1)
        return self.counts

    # ------------------------------------------------------------ the front desk
    def check_in(self, day: date, visit: Visit) -> None:
        office, rng = self.office, self.rng
        copay = self._copay(visit.patient_id)
        takes = copay.cents > 0 and not {line.code for line in visit.lines} <= PREVENTIVE and rng.random() < 0.85
        saved = office.visits.save(replace(visit, copay_collected=copay if takes else Money(0)), day).value
        self.unbilled.append(saved.id)
        if takes:
            method, number = tender(rng)
            office.payments.patient_payment(visit.patient_id, copay, method, number, visit_id=saved.id, today=day,
                                            note="copay at check-in")
            self.counts["patient payments"] += 1

    def _copay(self, patient_id: int) -> Money:
        if patient_id not in self.copays:
            policies = self.office.patients.policies(patient_id)  # a second plan pays the copay: none taken
            self.copays[patient_id] = policies[0].copay if len(policies) == 1 else Money(0)
        return self.copays[patient_id]

    # ------------------------------------------------------------ claims
    def bill(self, day: date) -> None:
        """Monday: claims for last week's visits, CO-16 denials corrected, and every ready claim printed."""
        claims = self.office.claims
        if self.unbilled:
            claims.make(self.unbilled, today=day)
            self.unbilled = []
        for claim in self.to_correct:
            self._correct(claim, day)
        self.to_correct = []
        self.print_ready(day)

    def print_ready(self, day: date) -> None:
        """Every ready claim printed (secondary ones the day the primary's EOB is posted, with it attached);
        those and the ones Medicare crossed over to the secondary payer then wait for their payer's EOB."""
        claims = self.office.claims
        claims.check(today=day)
        ready = [c.id for c in claims.list((ClaimStatus.READY,))]
        printed = self.office.printing.print_claims(ready, today=day, deliver=lambda pdf: None).value[1] if ready else []
        crossed = [c for c in claims.list((ClaimStatus.SENT,)) if c.id not in self.crossed]  # Medicare forwarded them
        self.crossed |= {c.id for c in crossed}
        for claim in printed + crossed:
            low, high = terms_for(claim.payer.payer_id).days
            self.waiting.append(_Due(day + timedelta(days=self.rng.randint(low, high)), claim,
                                     tuple(line.id for line in claim.lines)))
            self.counts["claims"] += 1

    def _correct(self, claim: Claim, day: date) -> None:
        """A CO-16 denial fixed: each line's denial reversed (the payer owes it again) and a replacement sent."""
        office = self.office
        for entry in office.money.ledger(claim.patient.id):
            if entry.claim_id == claim.id and entry.kind is EntryKind.INSURANCE_PAYMENT:
                office.money.reverse(entry.id, note="denied for missing information: corrected claim sent", today=day)
        office.claims.set_payer_claim_number(claim.id, f"{day:%y%j}{claim.id:07d}")
        office.claims.correct(claim.id, today=day)

    # ------------------------------------------------------------ the payers
    def payers_pay(self, day: date) -> None:
        """Thursday: a week-late application of held money, then each payer's check for what it answered."""
        for _apply_on, deposit_id, claim, lines in [held for held in self.late if held[0] <= day]:
            self.office.payments.apply_unapplied(deposit_id, claim.id, lines, today=day)
            self.office.payments.close_deposit(deposit_id, today=day)
            self._answered(day, claim, lines)
        self.late = [held for held in self.late if held[0] > day]
        due = [item for item in self.waiting if item.day <= day]
        self.waiting = [item for item in self.waiting if item.day > day]
        by_payer: dict[int, list[tuple[Claim, list[EobLine]]]] = {}
        for item in due:
            by_payer.setdefault(item.claim.payer.id, []).extend(self._adjudicate(day, item))
        for payer_id in sorted(by_payer):
            self._deposit(day, payer_id, by_payer[payer_id])
        self.print_ready(day)

    def _adjudicate(self, day: date, item: _Due) -> list[tuple[Claim, list[EobLine]]]:
        """The payer's answer on a claim's waiting lines (the last line of one claim in 16 pended four weeks)."""
        claim, rng = item.claim, self.rng
        lines = [BilledLine(line.id, line.code, line.charge.cents) for line in claim.lines if line.id in item.line_ids]
        if claim.is_secondary:
            eob = secondary_eob(self._secondary_owed(claim, item.line_ids))
        else:
            terms = terms_for(claim.payer.payer_id)
            first_answer = claim.frequency is ClaimFrequency.ORIGINAL and len(lines) == len(claim.lines)
            roll = rng.random() if first_answer else 1.0
            denial = "16" if roll < 0.03 else "197" if roll < 0.045 else ""  # missing information, no authorization
            key = (claim.patient.id, claim.payer.id, claim.visit.service_date.year)
            left = self.deductible.get(key, terms.deductible)
            eob, self.deductible[key] = primary_eob(lines, terms, claim.policy.copay.cents, left, denial)
        late = day + timedelta(days=28) >= self.today and not self.pended_late  # one stays partly paid today
        if len(eob) > 1 and not any(line.paid.cents == 0 and line.allowed.cents == 0 for line in eob) \
                and (rng.random() < 0.06 or late):
            self.pended_late = self.pended_late or late
            self.waiting.append(_Due(day + timedelta(days=28), claim, (eob[-1].service_line_id,)))
            eob = eob[:-1]
        return [(claim, eob)]

    def _secondary_owed(self, claim: Claim, line_ids) -> list[tuple[int, int, int]]:
        """(line, what the secondary owes, of which the primary's deductible) from the claim's prior results."""
        owed = []
        for line_id in line_ids:
            amount = self.office.money.line_balances(line_id).get(Party.of_priority(claim.policy.priority or 2))
            deductible = sum(a.amount.cents for prior in claim.prior_payments for line in prior.lines
                             if line.service_line_id == line_id for a in line.adjustments
                             if a.group == "PR" and a.reason == "1")
            if amount and amount.cents > 0:
                owed.append((line_id, amount.cents, deductible))
        return owed

    def _deposit(self, day: date, payer_id: int, answers: list[tuple[Claim, list[EobLine]]]) -> None:
        """One check for the payer's answers; a check of denials only waits for next week's (no $0 checks)."""
        answers = [(claim, eob) for claim, eob in answers if eob]
        total = sum(line.paid.cents for _claim, eob in answers for line in eob)
        if not total:
            self.waiting += [_Due(day + timedelta(days=7), claim, tuple(line.service_line_id for line in eob))
                             for claim, eob in answers]
            return
        payments, rng = self.office.payments, self.rng
        self.counts["deposits"] += 1
        held = None  # the index of the answer whose money waits a week on the deposit, unapplied
        last_week = day + timedelta(days=7) >= self.today and not self.late
        if (self.counts["deposits"] % 9 == 4 or last_week) and len(answers) > 1:
            held = next((i for i, (_c, eob) in enumerate(answers) if any(line.paid.cents for line in eob)), None)
        electronic = terms_for(answers[0][0].payer.payer_id) in (TERMS["12402"], TERMS["IL621"])
        number = f"EFT{day:%y%m%d}{payer_id:02d}" if electronic else str(rng.randint(100000, 999999))
        deposit = payments.new_deposit(payer_id, number, day, Money(total)).value
        for index, (claim, eob) in enumerate(answers):
            if index == held:
                self.late.append((day + timedelta(days=7), deposit.id, claim, eob))
                continue
            payments.post_insurance(deposit.id, claim.id, eob, today=day)
            self._answered(day, claim, eob)
        if held is None:
            payments.close_deposit(deposit.id, today=day)

    def _answered(self, day: date, claim: Claim, eob: list[EobLine]) -> None:
        """After a posting: denials counted (CO-16 ones corrected on Monday), the patient's share billed."""
        self.counts["eobs"] += 1
        reasons = {a.reason for line in eob for a in line.adjustments if a.group == "CO"} - {"45", "253"}
        if reasons and not any(line.paid.cents for line in eob):
            self.counts["denials"] += 1
            if reasons == {"16"} and self.rng.random() < 0.6:
                self.to_correct.append(claim)
        if any(a.group == "PR" for line in eob for a in line.adjustments):
            self.patient_due.append((day + timedelta(days=self.rng.randint(24, 50)), claim.patient.id,
                                     claim.visit.id, 0))

    # ------------------------------------------------------------ the patients
    def patients_pay(self, day: date) -> None:
        """Patients answer their statements: most pay in full, some in part or in whole dollars, some late."""
        office, rng = self.office, self.rng
        due = sorted(item for item in self.patient_due if item[0] <= day)
        self.patient_due = [item for item in self.patient_due if item[0] > day]
        for _day, patient_id, visit_id, tries in due:
            owed = office.money.visit_balances(visit_id).patient.cents
            if owed <= 0:
                continue
            roll = rng.random()
            if roll < (0.12, 0.3, 1.0)[min(tries, 2)]:  # no answer to this statement (after three: none at all)
                if tries < 2:
                    self.patient_due.append((day + timedelta(days=30), patient_id, visit_id, tries + 1))
                continue
            amount = owed
            if roll > 0.9 and owed > 6000:  # half now, the rest next month
                amount = owed // 2
                self.patient_due.append((day + timedelta(days=30), patient_id, visit_id, tries))
            elif roll > 0.82 and owed > 100:  # whole dollars: the cents are written off later
                amount = owed - owed % 100
            self._patient_pays(day, patient_id, visit_id, Money(amount))
            self.paid_visits.add((patient_id, visit_id))
            self.statement_payments += 1
            if self.statement_payments % 60 == 20 and day + timedelta(days=1) < self.today:  # paid twice: a credit
                self._patient_pays(day + timedelta(days=1), patient_id, visit_id, Money(amount))
                if not self.counts["refunds"]:  # one refund is enough for the demo
                    self.refunds.append((day + timedelta(days=21), patient_id))
        for refund_day, patient_id in [r for r in self.refunds if r[0] == day]:
            credit = office.money.patient_balances(patient_id).credit
            if credit.cents and not self.counts["refunds"]:
                office.money.refund(patient_id, credit, PaymentMethod.CHECK, str(rng.randint(5001, 5999)),
                                    note="paid twice", today=refund_day)
                self.counts["refunds"] += 1

    def _patient_pays(self, day: date, patient_id: int, visit_id: int, amount: Money) -> None:
        """A statement payment: to the visit (copay patients, whose copay sits on the visit) or on account."""
        method, number = tender(self.rng)
        on_visit = visit_id if self._copay(patient_id).cents else None
        self.office.payments.patient_payment(patient_id, amount, method, number, visit_id=on_visit, today=day,
                                             note="statement payment")
        self.counts["patient payments"] += 1

    def month_start(self, day: date) -> None:
        """The first of the month: balances under $5.00 on visits the patient paid are written off, then the
        month's statements are printed (a run recorded; the demo keeps no PDF)."""
        money = self.office.money
        for patient_id, visit_id in sorted(self.paid_visits):
            owed = money.visit_balances(visit_id).patient
            if 0 < owed.cents < 500:
                money.write_off(patient_id, owed, "small_balance", visit_id=visit_id, today=day)
                self.counts["write-offs"] += 1
        self.paid_visits = {(p, v) for p, v in self.paid_visits if money.visit_balances(v).patient.cents > 0}
        with tempfile.TemporaryDirectory() as folder:
            try:
                self.office.statements.run(Path(folder) / "statements.pdf", today=day)
                self.counts["statement runs"] += 1
            except UserError:  # nobody is due one this month
                pass
