"""A small office for the money tests: one patient with a primary and a secondary policy, one visit,
its primary claim and (made here directly: secondary claims come later in issue 9) its secondary claim."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from officebill.core.money import Money
from officebill.core.records import Address, Patient, Policy, ServiceLine, Visit
from officebill.demo import PAYERS, PRACTICE, PROVIDERS
from officebill.office import Office

DOS = date(2026, 3, 2)
TODAY = date(2026, 4, 15)
HOME = Address(line1="78 Elm Ct", city="Springfield", state="IL", zip="62704")


@dataclass
class Books:
    office: Office
    patient: Patient
    primary: Policy
    secondary: Policy
    visit: Visit
    claim_id: int
    secondary_claim_id: int

    @property
    def lines(self) -> list[int]:
        return [line.id for line in self.visit.lines]


def add_patient(office, primary_payer, secondary_payer, last="Rivera"):
    patient = Patient(last_name=last, first_name="Sofia", dob=date(1960, 3, 4), sex="F", address=HOME)
    policies = [Policy(payer_id=primary_payer, priority=1, member_id="XG1234"),
                Policy(payer_id=secondary_payer, priority=2, member_id="SUP777")][: 2 if secondary_payer else 1]
    return office.patients.save(patient, policies).value


def add_visit(office, patient_id, provider_id, charges=(15000, 2000), day=DOS) -> Visit:
    lines = tuple(ServiceLine(code=code, charge=Money(cents))
                  for code, cents in zip(("99213", "36415", "87880", "83036"), charges))
    return office.visits.save(Visit(patient_id=patient_id, service_date=day, provider_id=provider_id, pos="11",
                                    diagnoses=("E11.9",), lines=lines), TODAY).value


def add_claim(office, visit, policy=None) -> int:
    """A claim stored as made (no scrubbing: these tests have no code database)."""
    claim = office.claims.build(visit, today=TODAY)
    if policy is not None:
        claim = replace(claim, policy=policy, payer=office.setup.payer(policy.payer_id))
    with office.transaction():
        return office.claims._stores.claims.insert(claim).id


def make_books(path) -> Books:
    office = Office.create(path)
    office.setup.save_practice(PRACTICE)
    provider = office.setup.save_provider(PROVIDERS[0]).value
    first = office.setup.save_payer(PAYERS[2]).value
    second = office.setup.save_payer(PAYERS[3]).value
    patient, policies = add_patient(office, first.id, second.id)
    visit = add_visit(office, patient.id, provider.id)
    claim_id = add_claim(office, visit)
    secondary_claim_id = add_claim(office, visit, policies[1])
    return Books(office, patient, policies[0], policies[1], visit, claim_id, secondary_claim_id)


def snapshot(office) -> tuple:
    """Everything the books hold, to compare before and after a refused posting."""
    stores = office.money._stores
    return tuple(stores.ledger.all()), tuple(stores.deposits.list())
