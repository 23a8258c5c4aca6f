"""The Office facade: validation of every action, referential checks, one transaction per action."""
from dataclasses import replace
from datetime import date, timedelta

import pytest

from officebill.core import validation
from officebill.core.money import Money
from officebill.core.problems import ValidationFailed
from officebill.core.records import (
    Address,
    Patient,
    Payer,
    Person,
    PlanType,
    Policy,
    Practice,
    Procedure,
    Provider,
    Relationship,
    ServiceLine,
    Sex,
)
from officebill.demo import build_demo
from officebill.office import Office

HOME = Address(line1="78 Elm Ct", city="Springfield", state="IL", zip="62704")


@pytest.fixture
def office(tmp_path):
    with Office.create(tmp_path / "office.db") as opened:
        yield opened


def _fields(excinfo):
    return {p.field for p in excinfo.value.problems}


def test_practice_problems_name_every_field(office):
    with pytest.raises(ValidationFailed) as caught:
        office.setup.save_practice(Practice(name="", address=Address(line1="1 Main", city="X", state="ZZ", zip="123"),
                                      phone="555-0142", npi="1234567890", tax_id="07-1234567", taxonomy="207Q"))
    assert _fields(caught) == {"name", "address.state", "address.zip", "phone", "npi", "tax_id", "taxonomy"}
    assert all(p.message.endswith(".") for p in caught.value.problems)
    assert office.is_empty()


def test_patient_and_policies_saved_together(office):
    payer = office.setup.save_payer(Payer(name="Prairie Health", address=HOME, payer_id="PHP01",
                                    plan_type=PlanType.GROUP)).value
    spouse = Person(last_name="Rivera", first_name="Marco", dob=date(1980, 2, 1), sex=Sex.MALE, address=HOME)
    patient = Patient(last_name="Rivera", first_name="Sofia", dob=date(1982, 3, 4), sex=Sex.FEMALE, address=HOME)
    policies = [Policy(payer_id=payer.id, priority=1, member_id="XG123", relationship=Relationship.SELF),
                Policy(payer_id=payer.id, priority=2, member_id="SP9", relationship=Relationship.SPOUSE,
                       insured=spouse)]
    saved, stored = office.patients.save(patient, policies).value
    assert saved.account == "A1001"
    assert [p.priority for p in office.patients.policies(saved.id)] == [1, 2]
    assert office.patients.policies(saved.id)[1].insured == spouse

    # A bad second policy: nothing about the patient or the policies changes.
    bad = [stored[0], replace(stored[1], member_id="SP 9-", insured=replace(spouse, dob=date(2999, 1, 1)))]
    with pytest.raises(ValidationFailed) as caught:
        office.patients.save(replace(saved, first_name="Sofie"), bad)
    assert _fields(caught) == {"policies[1].member_id", "policies[1].insured.dob"}
    assert office.patients.get(saved.id).first_name == "Sofia"
    assert office.patients.policies(saved.id) == stored

    # Two primaries are refused.
    with pytest.raises(ValidationFailed, match="same order"):
        office.patients.save(saved, [stored[0], replace(stored[1], priority=1)])
    # Dropping the secondary removes it.
    office.patients.save(saved, [stored[0]])
    assert len(office.patients.policies(saved.id)) == 1


def test_policy_rules():
    good = Policy(payer_id=1, member_id="ABC123")
    assert validation.policy_problems(good) == []
    child = replace(good, relationship=Relationship.CHILD)
    assert {p.field for p in validation.policy_problems(child)} == {"insured"}
    dated = replace(good, effective=date(2026, 5, 1), end=date(2026, 4, 1))
    assert {p.field for p in validation.policy_problems(dated)} == {"end"}
    self_with_other = replace(good, insured=Person(last_name="X", first_name="Y", dob=date(1980, 1, 1)))
    assert {p.field for p in validation.policy_problems(self_with_other)} == {"relationship"}


def test_duplicate_account_and_npi_refused(office):
    office.setup.save_provider(Provider(last_name="Okafor", first_name="Ada", npi="1234567893"))
    with pytest.raises(ValidationFailed, match="already has this NPI"):
        office.setup.save_provider(Provider(last_name="Smith", first_name="Jo", npi="1234567893"))
    patient = office.patients.save(Patient(account="A77", last_name="Lee", first_name="Kim", dob=date(1990, 1, 1),
                                          sex=Sex.FEMALE, address=HOME)).value.patient
    with pytest.raises(ValidationFailed) as caught:
        office.patients.save(replace(patient, id=None, first_name="Other"))
    assert _fields(caught) == {"account"}


def test_procedures_and_csv_import_all_or_nothing(office):
    office.procedures.save(Procedure(code="99213", label="Office visit", charge=Money(12500)))
    with pytest.raises(ValidationFailed, match="already on the list"):
        office.procedures.save(Procedure(code="99213", label="Again", charge=Money(1)))
    bad_csv = "code,system,label,charge\n99214,CPT,Visit level 4,185.00\n9921,CPT,Short code,10\nJ1885,,Ketorolac,12.x\n"
    preview = office.procedures.preview_import(bad_csv)
    rows, problems = preview.procedures, preview.problems
    assert len(rows) == 3
    assert {p.field for p in problems} == {"row 3.code", "row 4.charge"}
    with pytest.raises(ValidationFailed):
        office.procedures.import_csv(bad_csv)
    assert [p.code for p in office.procedures.list()] == ["99213"]
    good_csv = "code,label,charge,favorite\n99213,Visit level 3,130.00,yes\nJ1885,Ketorolac 15 mg,12.00,no\n"
    office.procedures.import_csv(good_csv)
    listed = {p.code: p for p in office.procedures.list()}
    assert listed["99213"].charge == Money(13000) and listed["99213"].favorite
    assert listed["J1885"].system == "HCPCS"
    exported = office.procedures.export_csv()
    assert exported.splitlines()[0] == "code,system,label,charge,units,favorite,active"
    assert "J1885,HCPCS,Ketorolac 15 mg,12.00,1,no,yes" in exported


def test_a_one_row_csv_updates_an_existing_code_and_the_preview_agrees(office):
    """Defect 4: a one-row file was refused ("already on the list") while the preview said it was fine."""
    office.procedures.import_csv("code,label,charge\n99213,Office visit,125.00\n99214,Level 4,185.00\n")
    one = "code,label,charge,favorite\n99213,Office visit level 3,130.00,yes\n"
    preview = office.procedures.preview_import(one)
    assert preview.problems == [] and [p.code for p in preview.procedures] == ["99213"]
    outcome = office.procedures.import_csv(one)
    assert [p.code for p in outcome.value] == ["99213"] and outcome.changes
    listed = {p.code: p for p in office.procedures.list()}
    assert set(listed) == {"99213", "99214"}
    assert (listed["99213"].label, listed["99213"].charge, listed["99213"].favorite) == (
        "Office visit level 3", Money(13000), True)
    twice = "code,label,charge\n99215,A,1.00\n99215,B,2.00\n"  # a code twice in one file is still a problem
    assert office.procedures.preview_import(twice).problems
    with pytest.raises(ValidationFailed):
        office.procedures.import_csv(twice)


def test_visit_rules_and_round_trip(office, codes_db):
    (office.path.parent / "codes.db").symlink_to(codes_db)  # the demo year makes claims: the session's codes
    build_demo(office, today=date(2026, 11, 27))
    visit = office.visits.for_patient(1)[0]
    assert office.visits.get(visit.id) == visit
    today = date(2026, 11, 27)
    broken = replace(visit, service_date=today + timedelta(days=3), diagnoses=visit.diagnoses + visit.diagnoses[:1],
                     lines=(replace(visit.lines[0], pointers=(9,), units=0, charge=Money(0), modifiers=("2",)),))
    with pytest.raises(ValidationFailed) as caught:
        office.visits.save(broken, today)
    assert {"service_date", "diagnoses[1]", "lines[0].pointers", "lines[0].units", "lines[0].charge",
            "lines[0].modifiers"} <= _fields(caught)
    assert office.visits.get(visit.id) == visit

    edited = replace(visit, diagnoses=("I10", "E78.5"),
                     lines=visit.lines[:1] + (ServiceLine(from_date=visit.service_date, code="36415",
                                                          pointers=(2,), charge=Money(1800)),))
    saved = office.visits.save(edited, today).value
    again = office.visits.get(visit.id)
    assert again.diagnoses == ("I10", "E78.5")
    assert [l.code for l in again.lines] == [visit.lines[0].code, "36415"]
    assert again.lines[0].id == visit.lines[0].id  # kept line keeps its id
    assert again.total == visit.lines[0].charge + Money(1800)
    assert saved.lines == again.lines


def test_demo_is_deterministic_and_valid(tmp_path, codes_db):
    (tmp_path / "codes.db").symlink_to(codes_db)  # the demo year makes claims: the session's code database
    today = date(2026, 11, 27)
    dumps = []
    for name in ("a.db", "b.db"):
        with Office.create(tmp_path / name) as office:
            counts = build_demo(office, today)
            dumps.append([p for p in office.patients.find(limit=1000)])
            assert {k: counts[k] for k in ("providers", "facilities", "payers", "procedures", "patients", "visits")} \
                == {"providers": 3, "facilities": 2, "payers": 6, "procedures": 25, "patients": 60, "visits": 420}
            assert validation.practice_problems(office.setup.practice()) == []
            assert validation.practice_problems(office.setup.practice()) == []
            for p in office.setup.providers():
                assert validation.provider_problems(p) == []
            for f in office.setup.facilities():
                assert validation.facility_problems(f) == []
            for p in office.setup.payers():
                assert validation.payer_problems(p) == []
            for p in office.procedures.list():
                assert validation.procedure_problems(p) == []
            relationships = set()
            secondaries = 0
            for patient in office.patients.find(limit=1000):
                assert validation.patient_problems(patient, today) == []
                policies = office.patients.policies(patient.id)
                assert policies, patient.account
                secondaries += len(policies) > 1
                for policy in policies:
                    assert validation.policy_problems(policy, today) == []
                    relationships.add(policy.relationship)
            assert secondaries >= 5
            assert relationships == {Relationship.SELF, Relationship.SPOUSE, Relationship.CHILD}
            visits = office.visits.between(today - timedelta(days=365), today)
            assert len(visits) == 420
            for visit in visits:
                assert validation.visit_problems(visit, today) == []
    assert dumps[0] == dumps[1]


def test_csv_problems_name_the_file_line_even_after_blank_lines(office):
    from officebill.core.procedure_csv import data_line_numbers

    text = "code,label,charge\n\n99213,Visit,125.00\n\n\n99214,Visit 4,abc\n"
    preview = office.procedures.preview_import(text)
    rows, problems = preview.procedures, preview.problems
    assert [p.field for p in problems] == ["row 6.charge"]
    assert data_line_numbers(text) == [3, 6]
    assert len(rows) == 2


def test_add_one_policy_to_an_existing_patient(office):
    payer = office.setup.save_payer(Payer(name="Prairie Health", address=HOME, payer_id="PHP01",
                                    plan_type=PlanType.GROUP)).value
    patient = office.patients.save(Patient(last_name="Lee", first_name="Kim", dob=date(1990, 1, 1),
                                          sex=Sex.FEMALE, address=HOME)).value.patient
    primary = office.patients.save_policy(Policy(patient_id=patient.id, payer_id=payer.id, member_id="AB12")).value
    with pytest.raises(ValidationFailed) as caught:
        office.patients.save_policy(Policy(patient_id=patient.id, payer_id=payer.id, member_id="CD 34"))
    assert _fields(caught) == {"member_id", "priority"}
    secondary = office.patients.save_policy(Policy(patient_id=patient.id, payer_id=payer.id, priority=2, member_id="CD34")).value
    assert office.patients.policies(patient.id) == [primary, secondary]
    with pytest.raises(ValidationFailed) as caught:
        office.patients.save_policy(replace(secondary, payer_id=999))
    assert _fields(caught) == {"payer_id"}
