"""Claim fixtures shared by scrubber and renderer tests: a claim that fills every box."""
from dataclasses import replace
from datetime import date

import pytest

from officebill.core.claim import Claim
from officebill.core.money import Money
from officebill.core.records import (
    Address,
    Facility,
    Patient,
    Payer,
    Person,
    PlanType,
    Policy,
    Practice,
    Provider,
    Relationship,
    ServiceLine,
    Sex,
    Visit,
)

DOS = date(2026, 11, 2)


def make_full_claim(line_count: int = 6) -> Claim:
    """A secondary-insured child's claim with every printable box filled."""
    practice = Practice(
        name="Maple Street Family Medicine", address=Address(line1="120 Maple St", line2="Suite 200",
        city="Springfield", state="IL", zip="627011234"), phone="2175550142", npi="1234567893",
        tax_id_type="EIN", tax_id="371234567", taxonomy="207Q00000X")
    provider = Provider(id=1, last_name="Okafor", first_name="Adaeze", middle="N", credential="MD",
                        npi="1467503722", taxonomy="207Q00000X")
    facility = Facility(id=1, name="Maple Street Clinic East", address=Address(line1="455 Oak Ave",
                        city="Springfield", state="IL", zip="627021111"), npi="1306849450", default_pos="11")
    payer = Payer(id=1, name="Prairie Health Plan", address=Address(line1="PO Box 4410", city="Chicago",
                  state="IL", zip="606804410"), payer_id="PHP01", plan_type=PlanType.GROUP, filing_indicator="CI")
    other_payer = Payer(id=2, name="Lakeside Mutual", address=Address(line1="9 Harbor Rd", city="Peoria",
                        state="IL", zip="61602"), payer_id="LKM22", plan_type=PlanType.GROUP, filing_indicator="CI")
    patient = Patient(id=7, account="A1007", last_name="Rivera", first_name="Sofia", middle="Luz",
                      dob=date(2015, 4, 9), sex=Sex.FEMALE, address=Address(line1="78 Elm Ct",
                      city="Springfield", state="IL", zip="62704"), phone="2175550199")
    insured = Person(last_name="Rivera", first_name="Marco", middle="A", dob=date(1984, 1, 22), sex=Sex.MALE,
                     address=Address(line1="78 Elm Ct", city="Springfield", state="IL", zip="62704"),
                     phone="2175550199")
    policy = Policy(id=11, patient_id=7, payer_id=1, priority=1, member_id="XGP448812301", group_number="GRP7781",
                    plan_name="Prairie Choice PPO", relationship=Relationship.CHILD, insured=insured,
                    copay=Money(2500))
    other = Policy(id=12, patient_id=7, payer_id=2, priority=2, member_id="LM55012", group_number="LMG09",
                   plan_name="Lakeside Family", relationship=Relationship.CHILD,
                   insured=replace(insured, first_name="Elena", sex=Sex.FEMALE, dob=date(1986, 6, 3)))
    codes = ("99214", "87880", "99000", "J1885", "96372", "36415", "81002", "94640", "90471")
    lines = tuple(
        ServiceLine(line_no=i + 1, from_date=DOS, to_date=DOS, code=codes[i % len(codes)],
                    modifiers=("25",) if i == 0 else (), pointers=(1, 2) if i % 2 == 0 else (2,),
                    units=1, charge=Money(15000 - 1000 * i),
                    ndc="00409123401" if codes[i % len(codes)] == "J1885" else "",
                    ndc_quantity="2" if codes[i % len(codes)] == "J1885" else "",
                    ndc_unit="ML" if codes[i % len(codes)] == "J1885" else "")
        for i in range(line_count))
    visit = Visit(id=30, patient_id=7, service_date=DOS, provider_id=1, facility_id=1, pos="11",
                  referring_name="Dana K Whitfield", referring_npi="1598765430", prior_auth="PA20261102",
                  onset_date=date(2026, 10, 30), accident_other=False, additional_info="",
                  claim_codes="W2", other_date=date(2026, 10, 30), other_date_qualifier="454",
                  unable_to_work_from=date(2026, 10, 30), unable_to_work_to=date(2026, 11, 16),
                  hospitalized_from=date(2026, 10, 28), hospitalized_to=date(2026, 10, 30),
                  diagnoses=("J02.0", "R50.9", "J06.9", "R05.9"), lines=lines)
    return Claim(id=501, created=DOS, practice=practice, provider=provider, facility=facility, payer=payer,
                 patient=patient, policy=policy, other_policy=other, other_payer=other_payer, visit=visit,
                 lines=lines)


@pytest.fixture
def full_claim() -> Claim:
    return make_full_claim()
