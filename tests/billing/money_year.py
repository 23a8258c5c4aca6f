"""A year of money posted through the facade, for the reports' tests: visits every month, claims printed,
EOBs with contractual adjustments, coinsurance and denials, patient payments, a credit refunded, a
write-off, a reversed payment posted again, a changed charge, each on its own (backdated) posting day."""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from officebill.core.money import Money
from officebill.core.problems import ValidationFailed
from officebill.core.records import ClaimStatus, Patient, Policy, ServiceLine, Visit

from .money_office import HOME, add_claim, make_books

YEAR_START, YEAR_END = date(2025, 1, 1), date(2025, 12, 31)
CODES = ("99213", "36415", "87880", "83036")


@dataclass
class Year:
    office: object
    patients: list[int]
    claims: list[int]


def _visit(office, patient_id, provider_id, day, rng) -> Visit:
    lines = tuple(ServiceLine(code=code, charge=Money(rng.choice((2000, 4500, 9000, 15000))))
                  for code in CODES[: rng.randint(1, 3)])
    return office.visits.save(Visit(patient_id=patient_id, service_date=day, provider_id=provider_id, pos="11",
                                    diagnoses=("E11.9",), lines=lines), day).value


def _print(office, claim_id, day) -> None:
    stores = office.claims._stores
    with office.transaction():
        stores.claims.set_status(stores.claims.get(claim_id), ClaimStatus.PRINTED, printed=day)


def _eob(office, claim_id, rng) -> list:
    """(line, allowed, paid, adjustments): 70% allowed, 80% of it paid, the rest coinsurance; 1 in 8 denied."""
    claim = office.claims.get(claim_id)
    rows = []
    for line in claim.lines:
        owed = office.money.line_balances(line.id)
        cents = sum(m.cents for m in owed.values() if m.cents > 0)
        if not cents:
            continue
        if rng.random() < 0.125:
            rows.append((line.id, "0.00", "0.00", [("CO", "97", Money(cents).plain())]))
            continue
        allowed = cents * 7 // 10
        paid = allowed * 8 // 10
        rows.append((line.id, Money(allowed).plain(), Money(paid).plain(),
                     [("CO", "45", Money(cents - allowed).plain()), ("PR", "2", Money(allowed - paid).plain())]))
    return rows


def post_a_year(path, seed: int = 7) -> Year:
    """Twelve months of books in a new office at `path` (deterministic for a seed)."""
    rng = random.Random(seed)
    books = make_books(path)
    office = books.office
    provider_id, payer_id = books.visit.provider_id, books.primary.payer_id
    patients = [books.patient.id]
    for n in range(4):
        patient = Patient(last_name=("Adams", "Baker", "Chen", "Diaz")[n], first_name="Pat", dob=date(1970, 1, 1 + n), sex="F", address=HOME)
        policies = [] if n == 3 else [Policy(payer_id=payer_id, priority=1, member_id=f"M{n}00")]
        patients.append(office.patients.save(patient, policies).value[0].id)
    claims = []
    for month in range(1, 13):
        for patient_id in patients:
            day = date(2025, month, rng.randint(1, 20))
            visit = _visit(office, patient_id, provider_id, day, rng)
            if patient_id == patients[-1]:  # self-pay: pays some at the desk
                office.payments.patient_payment(patient_id, Money(rng.choice((1000, 2500))), "cash", visit_id=visit.id,
                                                today=day)
                continue
            claim_id = add_claim(office, visit)
            _print(office, claim_id, day + timedelta(days=2))
            claims.append(claim_id)
            if rng.random() < 0.8:  # most claims are answered within the month or the next
                paid_on = day + timedelta(days=rng.randint(10, 35))
                rows = _eob(office, claim_id, rng)
                total = Money.total(Money.parse(r[2]) for r in rows)
                deposit = office.payments.new_deposit(payer_id, f"EFT{claim_id}", paid_on, total + Money(500)).value
                office.payments.post_insurance(deposit.id, claim_id, rows, today=paid_on)
        # month end at the desk: patients pay part of what they owe; one overpays
        for patient_id in patients[1:3]:
            owed = office.money.patient_balances(patient_id).patient
            if owed.cents > 0:
                pay = Money(owed.cents // 2 + (1500 if month == 6 else 0))
                office.payments.patient_payment(patient_id, pay, "check", "1" + str(month), today=date(2025, month, 25))
    _corrections(office, patients, rng)
    return Year(office, patients, claims)


def _corrections(office, patients, rng) -> None:
    """A payment reversed and posted again, a refund of a credit, a small-balance write-off, a changed charge."""
    entries = [e for e in office.money.ledger(patients[1]) if e.kind.value == "patient_payment"]
    office.money.reverse(entries[0].id, note="bounced check", today=date(2025, 7, 3))
    office.payments.patient_payment(patients[1], -entries[0].amount, "cash", today=date(2025, 7, 10))
    owed = office.money.patient_balances(patients[2]).patient
    office.payments.patient_payment(patients[2], Money(max(owed.cents, 0) + 2000), "card", "4242",
                                    today=date(2025, 12, 20))
    office.money.refund(patients[2], office.money.patient_balances(patients[2]).credit, "check", "R1",
                        today=date(2025, 12, 22))
    owed = office.money.patient_balances(patients[1]).patient
    if owed.cents > 0:
        office.money.write_off(patients[1], Money(min(owed.cents, 300)), "small_balance", today=date(2025, 9, 30))
    visit = _visit(office, patients[0], office.visits.get(1).provider_id, date(2025, 12, 1), rng)
    try:
        office.visits.save(replace(visit, lines=(replace(visit.lines[0], charge=Money(12345)),)), date(2025, 12, 2))
    except ValidationFailed:
        pass
