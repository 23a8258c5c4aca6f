"""An office for the statement tests: self-pay patients with balances of every age, one insured patient whose
balance is still with the payer, one below the minimum, one with no mailing address, one child.

On TODAY (2026-04-15) the accounts due a statement are OLD (143.00, over 90 days), NEW (100.00 after a
25.00 card payment, current), CHILD (85.00, 31-60) and NOWHERE (40.00, no address: skipped by a run);
INSURED (all pending with the payer) and SMALL (3.00, under the 5.00 minimum) are not."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from officebill.core.money import Money
from officebill.core.records import Address, Patient, Policy, Procedure, ServiceLine, Visit
from officebill.demo import PAYERS, PRACTICE, PROCEDURES, PROVIDERS
from officebill.office import Office

TODAY = date(2026, 4, 15)
LABELS = {code: label for code, _system, label, _charge, _fav in PROCEDURES}


@dataclass
class StatementOffice:
    office: Office
    ids: dict[str, int]  # patient ids by nickname
    accounts: dict[str, str]  # account numbers by nickname
    visits: dict[str, list[Visit]]


def _address(street: str, zip_code: str) -> Address:
    return Address(line1=street, city="Springfield", state="IL", zip=zip_code)


def add_visit(office, patient_id, provider_id, day, codes) -> Visit:
    lines = tuple(ServiceLine(code=code, charge=Money(cents)) for code, cents in codes)
    return office.visits.save(Visit(patient_id=patient_id, service_date=day, provider_id=provider_id, pos="11",
                                    diagnoses=("J06.9",), lines=lines), TODAY).value


def make_statement_office(path) -> StatementOffice:
    office = Office.create(path)
    office.setup.save_practice(PRACTICE)
    provider = office.setup.save_provider(PROVIDERS[0]).value
    payer = office.setup.save_payer(PAYERS[2]).value
    office.procedures.save_many([Procedure(code=c, system=s, label=label, charge=Money(ch))
                                 for c, s, label, ch, _f in PROCEDURES])
    people = {
        "old": Patient(last_name="Abbott", first_name="Olivia", dob=date(1970, 1, 2), sex="F",
                       address=_address("12 Oak St", "62701")),
        "new": Patient(last_name="Baker", first_name="Noah", middle="James", dob=date(1985, 5, 6), sex="M",
                       address=Address(line1="400 Pine Ave", line2="Apt 3B", city="Springfield", state="IL",
                                       zip="62704")),
        "insured": Patient(last_name="Carter", first_name="Iris", dob=date(1960, 7, 8), sex="F",
                           address=_address("9 Birch Rd", "62702")),
        "small": Patient(last_name="Dalton", first_name="Sam", dob=date(1990, 9, 10), sex="M",
                         address=_address("77 Cedar Ln", "62703")),
        "child": Patient(last_name="Ellis", first_name="Chloe", dob=date(2016, 2, 3), sex="F",
                         address=_address("5 Maple Ct", "62703")),
    }
    ids, accounts, visits = {}, {}, {}
    for nick, person in people.items():
        policies = [Policy(payer_id=payer.id, priority=1, member_id="XG1234")] if nick == "insured" else []
        saved = office.patients.save(person, policies).value[0]
        ids[nick], accounts[nick] = saved.id, saved.account
    with office.transaction():  # an old record with no mailing address (the facade would not take it today)
        nowhere = office.bulk_stores().patients.save(Patient(account="A9001", last_name="Foster", first_name="Nia",
                                                             dob=date(1975, 3, 3), sex="F"))
    ids["nowhere"], accounts["nowhere"] = nowhere.id, nowhere.account
    plan = {
        "old": [(date(2026, 1, 5), [("99213", 12500), ("36415", 1800)])],
        "new": [(date(2026, 4, 1), [("99214", 12500)])],
        "insured": [(date(2026, 3, 2), [("99213", 12500)])],
        "small": [(date(2026, 4, 2), [("81002", 1500)])],
        "child": [(date(2026, 3, 9), [("99393", 8500)])],
        "nowhere": [(date(2026, 4, 3), [("87880", 4000)])],
    }
    for nick, planned in plan.items():
        visits[nick] = [add_visit(office, ids[nick], provider.id, day, codes) for day, codes in planned]
    office.payments.patient_payment(ids["new"], "25.00", "card", "4242", today=date(2026, 4, 10))
    office.payments.patient_payment(ids["small"], "12.00", "cash", today=date(2026, 4, 2))
    return StatementOffice(office, ids, accounts, visits)
