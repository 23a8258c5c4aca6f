"""Scrubber tests: one passing and one failing case per registered rule, plus the facade."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from officebill.claims import code_rules
from officebill.claims.rules_base import CodeLookup, dotless
from officebill.claims.scrubber import (
    ERROR,
    RULES,
    WARNING,
    Finding,
    has_errors,
    provisional_claim,
    rule_ids,
    scrub,
    scrub_visit,
)
from officebill.core.claim import Claim, PriorLine, PriorPayment
from officebill.core.ledger import Adjustment
from officebill.core.money import Money
from officebill.core.records import ClaimStatus, Patient, PlanType, Relationship, ServiceLine, Sex, Visit
from tests.claims.conftest import DOS, make_full_claim
from tests.claims.procedure_fakes import FakeEdits

TODAY = date(2026, 11, 10)


class FakeCodes:
    """A tiny ICD-10-CM: a few billable codes, some headers, one Excludes1 and one manifestation."""

    BILLABLE = {
        "J020", "R509", "J069", "R059", "E119", "E109", "G63", "O80", "N400", "P599",
        "Z3800", "Z0000", "Z00129", "Z00110", "S0200XA", "R51", "I10", "R0602", "M545",
    }
    HEADERS = {"E11", "E10", "J02", "S02", "S020", "Z38", "Z00", "Z001", "Z0012"}
    EXCLUDES1 = {"E11": {"E10", "E08"}, "E10": {"E11"}}  # category notes, inherited by children
    MANIFESTATIONS = {"G63"}
    CODE_FIRST = {"Z3A": ("O09-O60", "O80-O82")}

    def exists(self, code: str) -> bool:
        return code in self.BILLABLE or code in self.HEADERS

    def is_billable(self, code: str, on: date | None = None) -> bool:
        return code in self.BILLABLE

    def excludes1(self, code: str):
        found: set[str] = set()
        for length in range(3, len(code) + 1):
            found |= self.EXCLUDES1.get(code[:length], set())
        return found

    def needs_code_first(self, code: str) -> bool:
        return code in self.MANIFESTATIONS

    def code_first(self, code: str):
        return self.CODE_FIRST.get(code[:3], ())


CODES = FakeCodes()


class FakeReleases:
    """Release facts (rules_releases.ReleaseFacts) agreeing with FakeCodes: one release, in force until
    September 30, 2027; G0999 a HCPCS code terminated at the end of 2025."""

    NEWEST = SimpleNamespace(name="October 1, 2026", effective=date(2026, 10, 1), ends=date(2027, 9, 30))

    def diagnosis(self, code: str, on: date | None):
        state = "valid" if code in CODES.BILLABLE else "header" if code in CODES.HEADERS else "unknown"
        return SimpleNamespace(state=state, release=self.NEWEST.name, changed_in="", suggestions=())

    def newest(self):
        return self.NEWEST

    def procedure(self, code: str, on: date | None):
        if code == "G0999":
            ended = date(2025, 12, 31)
            return SimpleNamespace(state="terminated" if on and on > ended else "valid", since=None, until=ended)
        return SimpleNamespace(state="unknown", since=None, until=None)


# --- claim builders ------------------------------------------------------------------------


def same(claim: Claim) -> Claim:
    return claim


def visit(**changes) -> Callable[[Claim], Claim]:
    return lambda c: replace(c, visit=replace(c.visit, **changes))


def dx(*codes: str) -> Callable[[Claim], Claim]:
    return visit(diagnoses=tuple(codes))


def with_lines(claim: Claim, lines) -> Claim:
    lines = tuple(lines)
    return replace(claim, lines=lines, visit=replace(claim.visit, lines=lines))


def line(index: int, **changes) -> Callable[[Claim], Claim]:
    return lambda c: with_lines(c, (replace(l, **changes) if n == index else l for n, l in enumerate(c.lines)))


def all_lines(**changes) -> Callable[[Claim], Claim]:
    return lambda c: with_lines(c, (replace(l, **changes) for l in c.lines))


def part(record: str, /, **changes) -> Callable[[Claim], Claim]:
    return lambda c: replace(c, **{record: replace(getattr(c, record), **changes)})


def insured(**changes) -> Callable[[Claim], Claim]:
    return lambda c: replace(c, policy=replace(c.policy, insured=replace(c.policy.insured, **changes)))


def address(name: str, **changes) -> Callable[[Claim], Claim]:
    return lambda c: replace(c, **{name: replace(getattr(c, name), address=replace(getattr(c, name).address, **changes))})


def then(*steps) -> Callable[[Claim], Claim]:
    def run(claim: Claim) -> Claim:
        for step in steps:
            claim = step(claim)
        return claim
    return run


def medicare(claim: Claim) -> Claim:
    """The full claim made out to Original Medicare, every Medicare rule satisfied."""
    claim = replace(claim, payer=replace(claim.payer, plan_type=PlanType.MEDICARE),
                    policy=replace(claim.policy, member_id="1EG4TE5MK73", group_number="NONE"),
                    visit=replace(claim.visit, referring_name="Dana Whitfield"))
    return all_lines(pointers=(1,))(claim)


def no_other_insurance(claim: Claim) -> Claim:
    return replace(claim, other_policy=None, other_payer=None)


def secondary(claim: Claim) -> Claim:
    """The full claim as the secondary claim after its primary's posted result (every line answered).
    Its lines may be fewer than the visit's: only those the primary left to the secondary."""
    ids = {line.line_no: 100 + line.line_no for line in claim.visit.lines}
    claim = replace(claim, lines=tuple(replace(line, id=ids[line.line_no]) for line in claim.lines),
                    visit=replace(claim.visit, lines=tuple(replace(line, id=ids[line.line_no])
                                                           for line in claim.visit.lines)))
    prior = PriorPayment(claim_id=5, payer=claim.other_payer, policy=claim.other_policy, lines=tuple(
        PriorLine(service_line_id=line.id, code=line.code, charge=line.charge, allowed=line.charge,
                  paid=Money(line.charge.cents // 2), paid_date=DOS + timedelta(days=20),
                  adjustments=(Adjustment("PR", "2", Money(line.charge.cents - line.charge.cents // 2)),))
        for line in claim.lines))
    return replace(claim, primary_claim_id=5, prior_payments=(prior,), amount_paid=prior.paid)


def medigap(payer_id: str) -> Callable[[Claim], Claim]:
    """A Medicare claim naming a Medigap policy (box 9) whose insurer has `payer_id` (its COBA ID)."""
    return lambda c: replace(medicare(c), other_policy=replace(c.other_policy, plan_name="Medigap Plan G"),
                             other_payer=replace(c.other_payer, payer_id=payer_id))


def printed(claim: Claim) -> Claim:
    return replace(claim, status=ClaimStatus.PRINTED, printed=DOS + timedelta(days=1))


def medicaid_first(claim: Claim) -> Claim:
    """Medicaid billed as the primary payer while the other plan (an employer plan) covers the day."""
    return replace(claim, payer=replace(claim.payer, plan_type=PlanType.MEDICAID))


def moved_to(day: date) -> Callable[[Claim], Claim]:
    return then(visit(service_date=day), all_lines(from_date=day, to_date=day))


@dataclass(frozen=True)
class Case:
    rule: str
    bad: Callable[[Claim], Claim]
    good: Callable[[Claim], Claim] = same
    severity: str = ERROR
    history: tuple = ()
    current_policy: object = None  # the policy as on file now (ScrubContext.current_policy)


CASES = [
    Case("patient.name", part("patient", first_name=""), part("patient", last_name="Rivera-O'Neil")),
    Case("patient.dob", part("patient", dob=None)),
    Case("patient.sex", part("patient", sex=Sex.UNKNOWN), severity=WARNING),
    Case("patient.address", address("patient", zip="6270")),
    Case("patient.signature", part("patient", signature_on_file=False), severity=WARNING),
    Case("insured.name", insured(last_name="")),
    Case("insured.address", insured(address=replace(make_full_claim().policy.insured.address, state="XX"))),
    Case("insured.dob", insured(dob=DOS + timedelta(days=3))),
    Case("policy.relationship", part("policy", relationship=Relationship.SELF),
         part("policy", relationship=Relationship.SELF, insured=None)),
    Case("policy.member_id", part("policy", member_id="XGP 4488-12301")),
    Case("policy.group", part("policy", group_number="GRP-7781")),
    Case("policy.active", part("policy", end=date(2026, 10, 31)),
         part("policy", effective=date(2026, 1, 1), end=date(2026, 12, 31))),
    Case("payer.address", part("payer", name="")),
    Case("payer.plan_type", part("payer", plan_type=None)),
    Case("other_insurance", part("other_policy", member_id=""), no_other_insurance),
    Case("coordination.order", medicaid_first, then(no_other_insurance, part("payer", plan_type=PlanType.MEDICAID))),
    Case("secondary.prior_result", then(secondary, lambda c: replace(c, prior_payments=())), secondary),
    Case("other_insurance.medigap_id", medigap(""), medigap("55123"), severity=WARNING),
    Case("practice.name_address", address("practice", line1="PO Box 12", line2="")),
    Case("practice.phone", part("practice", phone="555-0142")),
    Case("npi.billing", part("practice", npi="1234567890")),
    Case("practice.tax_id", part("practice", tax_id="071234567"),
         part("practice", tax_id_type="SSN", tax_id="123-45-6789")),
    Case("practice.taxonomy", part("practice", taxonomy="207Q0000X"), part("practice", taxonomy="")),
    Case("npi.rendering", part("provider", npi="1467503723")),
    Case("provider.name", part("provider", first_name="")),
    Case("facility.address", address("facility", line1=""), lambda c: replace(c, facility=None)),
    Case("npi.facility", part("facility", npi=""), lambda c: replace(c, facility=None)),
    Case("referring", visit(referring_npi="1598765431"), visit(referring_name="", referring_npi="")),
    Case("medicare.box11", then(medicare, part("policy", group_number="GRP7781")), then(medicare, part("policy", group_number="")), severity=WARNING),
    Case("medicare.member_id", then(medicare, part("policy", member_id="123456789A")), medicare),
    Case("medicaid.ndc", then(part("payer", plan_type=PlanType.MEDICAID), line(3, ndc="", ndc_unit="", ndc_quantity="")),
         part("payer", plan_type=PlanType.MEDICAID)),
    Case("payer.timely_filing", moved_to(date(2026, 4, 1)), moved_to(date(2026, 7, 1))),
    Case("policy.changed", then(part("policy", member_id="XGP448812300"), printed), printed, severity=WARNING,
         current_policy=make_full_claim().policy),
    Case("medicare.referring_name", then(medicare, visit(referring_name="Dana K Whitfield")), medicare,
         severity=WARNING),
    Case("dx.present", dx()),
    Case("dx.max", dx(*["J02.0"] * 13), dx(*["J02.0", "R50.9", "J06.9", "R05.9"] * 3)),
    Case("dx.format", dx("J02.0 strep throat", "R50.9")),
    Case("dx.duplicate", dx("J02.0", "R50.9", "J02.0"), severity=WARNING),
    Case("dx.exists", dx("J02.0", "J99.99")),
    Case("dx.billable", dx("J02.0", "E11"), dx("J02.0", "E11.9")),
    Case("codes.release_current", moved_to(date(2027, 10, 4)), severity=WARNING),
    Case("line.code_dates", line(2, code="G0999")),
    Case("dx.excludes1", dx("E11.9", "E10.9"), dx("E11.9", "J02.0")),
    Case("dx.manifestation_first", dx("G63", "E11.9"), dx("E11.9", "G63")),
    Case("dx.sex_conflict", then(part("patient", sex=Sex.MALE), dx("O80", "R50.9")),
         then(part("patient", sex=Sex.MALE), dx("J02.0", "R50.9"))),
    Case("dx.age_conflict", dx("J02.0", "Z00.00"), dx("J02.0", "P59.9")),  # an 11-year-old; I.C.16.a.4
    Case("dx.external_cause_first", dx("W01.0XXA", "S02.00XA"), dx("S02.00XA", "W01.0XXA")),
    Case("dx.external_cause_pointer", then(dx("J02.0", "W01.0XXA"), all_lines(pointers=(2,))),
         then(dx("J02.0", "W01.0XXA"), all_lines(pointers=(1, 2)))),
    Case("dx.code_first_order", dx("Z3A.20", "O80"), dx("O80", "Z3A.20"), severity=WARNING),
    Case("dx.secondary_pointer", then(dx("J02.0", "Z68.30"), all_lines(pointers=(2,))),
         then(dx("J02.0", "Z68.30"), all_lines(pointers=(1, 2)))),
    Case("dx.bmi_first", dx("Z68.30", "E66.9"), dx("E66.9", "Z68.30")),
    Case("dx.combination", dx("I10", "N18.30"), dx("I12.9", "N18.30"), severity=WARNING),
    Case("lines.present", lambda c: with_lines(c, ())),
    Case("line.code", line(0, code="9921")),
    Case("line.pointers_present", line(1, pointers=())),
    Case("line.pointers_range", line(1, pointers=(5,))),
    Case("line.pointers_max", then(dx("J02.0", "R50.9", "J06.9", "R05.9", "I10"), line(0, pointers=(1, 2, 3, 4, 5))),
         then(dx("J02.0", "R50.9", "J06.9", "R05.9", "I10"), line(0, pointers=(1, 2, 3, 5)))),
    Case("line.pointers_duplicate", line(0, pointers=(1, 1))),
    Case("medicare.single_pointer", then(medicare, line(0, pointers=(1, 2))), medicare, severity=WARNING),
    Case("line.dates", line(0, to_date=DOS - timedelta(days=1))),
    Case("visit.service_date", moved_to(date(2026, 12, 1)), moved_to(TODAY)),
    Case("line.span_units", line(0, to_date=DOS + timedelta(days=2)),
         line(0, to_date=DOS + timedelta(days=2), units=3), severity=WARNING),
    Case("line.charge", line(2, charge=Money(0))),
    Case("line.units", line(2, units=0)),
    Case("line.modifier_exists", line(0, modifiers=("25", "88")), line(0, modifiers=("25", "GA"))),
    Case("line.modifier_25", line(1, modifiers=("25",))),
    Case("ncci.ptp", line(0, modifiers=())),  # 99214 with 96372 (line 5): 25 on the visit lets both be paid
    Case("ncci.mue", line(5, units=3), line(5, units=2)),  # 36415: two a line
    Case("em.same_day", line(2, code="99213"), line(2, code="99396")),  # a problem visit with 25 + preventive
    Case("procedure.age", line(2, code="99394"), line(2, code="99393")),  # the patient is 11
    Case("line.modifiers", line(0, modifiers=("2",)), line(0, modifiers=("25", "59", "RT", "XS"))),
    Case("line.ndc", line(3, ndc="0409123401"), line(3, ndc="00409-1234-01")),
    Case("claim.total", lambda c: replace(c, lines=c.lines[:-1])),
    Case("visit.pos", visit(pos="1"), visit(pos="02")),
    Case("visit.onset", visit(onset_date=DOS + timedelta(days=3)), visit(onset_date=DOS)),
    Case("visit.hospitalization", visit(pos="21", hospitalized_from=None, hospitalized_to=None),
         visit(pos="21", hospitalized_from=DOS - timedelta(days=1), hospitalized_to=None), severity=WARNING),
    Case("visit.accident", visit(accident_auto=True, accident_state=""),
         visit(accident_auto=True, accident_state="IL")),
    Case("visit.box19", visit(additional_info="X" * 72), visit(additional_info="X" * 71)),
    Case("visit.prior_auth", visit(prior_auth="PA-2026 1102"), severity=WARNING),
    Case("claim.frequency", lambda c: replace(c, frequency="7"),
         lambda c: replace(c, frequency="7", original_ref="2026110200123")),
    Case("claim.duplicate", same, line(0, modifiers=("25", "76")),
         history=((7, DOS, "99214", 1), (7, DOS, "99214", 2))),
]


def run(claim: Claim, history=(), today=TODAY, current_policy=None) -> list[Finding]:
    return scrub(claim, CODES, history, today=today, current_policy=current_policy, releases=FakeReleases(),
                 procedures=FakeEdits())


def fired(findings: list[Finding], rule_id: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule_id]


def test_every_rule_has_exactly_one_case():
    ids = [case.rule for case in CASES]
    assert len(ids) == len(set(ids)), "one case per rule"
    assert set(ids) == set(rule_ids()), (
        f"rules without a case: {set(rule_ids()) - set(ids)}; cases without a rule: {set(ids) - set(rule_ids())}")


def test_rule_ids_unique_and_documented():
    assert len(rule_ids()) == len(set(rule_ids()))
    for registered in RULES:
        assert "Source" in registered.doc, f"{registered.id} does not cite its source"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.rule)
def test_rule_fails_bad_claim(case: Case):
    findings = fired(run(case.bad(make_full_claim()), case.history, current_policy=case.current_policy), case.rule)
    assert findings, f"{case.rule} did not fire"
    assert {f.severity for f in findings} == {case.severity}
    for finding in findings:
        assert finding.box and finding.field and finding.message


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.rule)
def test_rule_passes_good_claim(case: Case):
    assert fired(run(case.good(make_full_claim()), case.history, current_policy=case.current_policy), case.rule) == []


# --- the whole claim -------------------------------------------------------------------------


@pytest.mark.parametrize("line_count", [1, 6, 9])
def test_full_claim_scrubs_clean(line_count):
    assert run(make_full_claim(line_count)) == []


def test_full_claim_fixture_scrubs_clean(full_claim):
    assert run(full_claim) == []
    assert not has_errors(run(full_claim))


@pytest.mark.parametrize("variant", [medicare, no_other_insurance, lambda c: replace(c, facility=None), secondary,
                                     then(lambda c: replace(c, lines=c.lines[:3]), secondary),
                                     medigap("55123")],
                         ids=["medicare", "no-other-insurance", "no-facility", "secondary", "secondary-part",
                              "medigap"])
def test_variants_scrub_clean(variant):
    assert run(variant(make_full_claim())) == []


def test_empty_claim_does_not_crash_and_has_errors():
    findings = run(Claim())
    assert has_errors(findings)
    rules = {f.rule for f in findings}
    assert {"patient.name", "npi.billing", "npi.rendering", "dx.present", "lines.present"} <= rules
    assert "npi.facility" not in rules and "other_insurance" not in rules


def test_findings_carry_box_and_field_path():
    claim = then(part("practice", npi="1234567890"), line(1, pointers=(9,)),
                 dx("J02.0", "R50.9", "E11"))(make_full_claim())
    findings = run(claim)
    by_rule = {f.rule: f for f in findings}
    assert (by_rule["npi.billing"].box, by_rule["npi.billing"].field) == ("33a", "practice.npi")
    assert (by_rule["line.pointers_range"].box, by_rule["line.pointers_range"].field) == ("24E", "lines[1].pointers")
    assert (by_rule["dx.billable"].box, by_rule["dx.billable"].field) == ("21C", "visit.diagnoses[2]")
    assert "Line 2" in by_rule["line.pointers_range"].message


def test_address_findings_name_the_subfield():
    findings = run(address("patient", city="", state="ZZ")(make_full_claim()))
    assert {f.field for f in fired(findings, "patient.address")} == {"patient.address.city", "patient.address.state"}


def test_has_errors():
    warn = Finding(WARNING, "x", "1", "a", "m")
    err = Finding(ERROR, "y", "1", "a", "m")
    assert not has_errors([])
    assert not has_errors([warn])
    assert has_errors([warn, err])
    assert err.is_error and not warn.is_error


def test_finding_is_frozen():
    finding = Finding(ERROR, "x", "1", "a", "m")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.message = "other"  # type: ignore[misc]


def test_fake_codes_satisfy_protocol():
    assert isinstance(CODES, CodeLookup)


# --- rule details --------------------------------------------------------------------------


def test_codes_are_passed_dotless_and_uppercase():
    seen = []

    class Recording(FakeCodes):
        def exists(self, code):
            seen.append(code)
            return super().exists(code)

    scrub(dx("j02.0", "R50.9")(make_full_claim()), Recording(), today=TODAY)
    assert "J020" in seen and all("." not in code for code in seen)


def test_excludes1_inherited_from_category_and_reported_once():
    findings = fired(run(dx("E10.9", "E11.9", "J02.0")(make_full_claim())), "dx.excludes1")
    assert len(findings) == 1 and findings[0].field == "visit.diagnoses[1]"


def test_pregnancy_code_for_male_is_error_other_sex_conflicts_warn():
    male_adult = part("patient", sex=Sex.MALE, dob=date(1990, 1, 1))
    pregnancy = fired(run(then(male_adult, dx("O80"))(make_full_claim())), "dx.sex_conflict")
    assert [f.severity for f in pregnancy] == [ERROR]
    female = part("patient", sex=Sex.FEMALE, dob=date(1950, 1, 1))
    prostate = fired(run(then(female, dx("N40.0"))(make_full_claim())), "dx.sex_conflict")
    assert [f.severity for f in prostate] == [WARNING]
    unknown = part("patient", sex=Sex.UNKNOWN)
    assert fired(run(then(unknown, dx("O80"))(make_full_claim())), "dx.sex_conflict") == []


@pytest.mark.parametrize("dob, expected", [(date(2018, 1, 1), 1), (date(2017, 1, 1), 0), (date(1962, 1, 1), 0),
                                          (date(1961, 1, 1), 1)])
def test_maternity_age_9_to_64(dob, expected):
    claim = then(part("patient", dob=dob), dx("O80"))(make_full_claim())
    assert len(fired(run(claim), "dx.age_conflict")) == expected


def test_child_and_adult_exam_ages():
    child = dx("Z00.129")
    assert fired(run(child(make_full_claim())), "dx.age_conflict") == []
    adult_patient = part("patient", dob=date(1980, 1, 1))
    assert fired(run(then(adult_patient, child)(make_full_claim())), "dx.age_conflict")
    assert fired(run(dx("Z00.00")(make_full_claim())), "dx.age_conflict")  # 11-year-old
    assert fired(run(then(adult_patient, dx("Z00.00"))(make_full_claim())), "dx.age_conflict") == []


def test_code_rule_ranges():
    assert code_rules.in_range("O9A212", "O00", "O9A")
    assert code_rules.in_range("O000", "O00", "O9A")
    assert not code_rules.in_range("P00", "O00", "O9A")
    assert code_rules.in_range("Z00129", "Z0012", "Z0012")
    assert not code_rules.in_range("Z001", "Z0012", "Z0012")
    for data in code_rules.SEX_RULES + code_rules.AGE_RULES:
        assert data.source and data.severity in (ERROR, WARNING)
        assert data.first <= data.last


def test_patient_dob_after_service_date():
    findings = fired(run(part("patient", dob=DOS + timedelta(days=1))(make_full_claim())), "patient.dob")
    assert findings and "after the date of service" in findings[0].message


def test_member_id_allows_medicare_none_group():
    claim = medicare(make_full_claim())
    assert claim.policy.group_number == "NONE"
    assert fired(run(claim), "policy.group") == []


def test_duplicate_needs_same_payer_and_skips_replacements():
    history = ((7, DOS, "99214", 2),)  # billed to the secondary payer
    assert fired(run(make_full_claim(), history), "claim.duplicate") == []
    history = ((7, DOS, "99214", 1),)
    replacement = replace(make_full_claim(), frequency="7", original_ref="ICN1")
    assert fired(run(replacement, history), "claim.duplicate") == []
    dup = fired(run(make_full_claim(), history), "claim.duplicate")
    assert [f.field for f in dup] == ["lines[0].code"]


def test_ndc_unit_and_quantity():
    findings = fired(run(line(3, ndc_unit="MG", ndc_quantity="0")(make_full_claim())), "line.ndc")
    assert {f.field for f in findings} == {"lines[3].ndc_unit", "lines[3].ndc_quantity"}
    orphan = fired(run(line(0, ndc_quantity="2")(make_full_claim())), "line.ndc")
    assert [f.field for f in orphan] == ["lines[0].ndc"]


def test_practice_needs_zip_plus_four_and_street():
    findings = fired(run(address("practice", zip="62701")(make_full_claim())), "practice.name_address")
    assert [f.field for f in findings] == ["practice.address.zip"]


def test_pos_codes_can_be_overridden():
    assert fired(scrub(make_full_claim(), CODES, today=TODAY, pos_codes={"12"}), "visit.pos")


def test_default_today_is_the_system_date():
    future = moved_to(date.today() + timedelta(days=30))(make_full_claim())
    assert fired(scrub(future, CODES), "visit.service_date")


# --- visit-level scrubbing -----------------------------------------------------------------


def test_scrub_visit_runs_only_visit_rules():
    full = make_full_claim()
    assert scrub_visit(full.visit, full.patient, CODES, today=TODAY) == []
    bad_visit = replace(full.visit, diagnoses=("G63", "E11"), pos="")
    findings = scrub_visit(bad_visit, full.patient, CODES, today=TODAY)
    assert {"dx.manifestation_first", "dx.billable", "visit.pos"} <= {f.rule for f in findings}
    visit_rules = {r.id for r in RULES if r.visit_level}
    assert {f.rule for f in findings} <= visit_rules


def test_scrub_visit_with_bare_records():
    visit_ = Visit(service_date=DOS, diagnoses=("J02.0",),
                   lines=(ServiceLine(from_date=DOS, code="99213", charge=Money(9000)),))
    patient = Patient(last_name="Doe", first_name="Jane", dob=date(1980, 2, 2), sex=Sex.FEMALE)
    findings = scrub_visit(visit_, patient, CODES, today=TODAY)
    assert {f.rule for f in findings} == {"patient.address"}
    assert provisional_claim(visit_, patient).lines == visit_.lines


def test_dotless():
    assert dotless(" e11.65 ") == "E1165"


def test_self_insured_patient_is_checked_once():
    self_insured = part("policy", relationship=Relationship.SELF, insured=None)
    claim = then(self_insured, part("patient", first_name=""))(make_full_claim())
    rules = [f.rule for f in run(claim)]
    assert rules == ["patient.name"]


# --- robustness --------------------------------------------------------------------------------

def test_referring_qualifier_must_be_dn_dk_or_dq():
    for role in ("DN", "DK", "DQ"):
        assert not fired(run(visit(referring_qualifier=role)(make_full_claim())), "referring")
    found = fired(run(visit(referring_qualifier="XX")(make_full_claim())), "referring")
    assert [(f.box, f.field) for f in found] == [("17", "visit.referring_qualifier")]


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_text = st.text(alphabet="ABCEJORSZ0123456789.- x", max_size=9)
_day = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
_line = st.builds(
    ServiceLine,
    from_date=st.none() | _day,
    to_date=st.none() | _day,
    code=_text,
    modifiers=st.lists(st.none() | _text, max_size=6).map(tuple),
    pointers=st.lists(st.integers(-2, 15), max_size=6).map(tuple),
    units=st.integers(-3, 2000),
    charge=st.integers(-10**6, 10**10).map(Money),
    ndc=_text, ndc_quantity=_text, ndc_unit=_text,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    diagnoses=st.lists(_text, max_size=14).map(tuple),
    lines=st.lists(_line, max_size=8).map(tuple),
    dos=st.none() | _day,
    dob=st.none() | _day,
    sex=st.sampled_from(list(Sex)),
    plan=st.sampled_from(list(PlanType)),
)
def test_scrub_never_raises(diagnoses, lines, dos, dob, sex, plan):
    base = make_full_claim()
    claim = replace(base, lines=lines, payer=replace(base.payer, plan_type=plan),
                    patient=replace(base.patient, dob=dob, sex=sex),
                    visit=replace(base.visit, diagnoses=diagnoses, lines=lines, service_date=dos))
    findings = run(claim)
    known = set(rule_ids())
    assert all(f.rule in known and f.severity in (ERROR, WARNING) and f.field for f in findings)


def test_excludes1_entries_may_be_prefixes_dotted_or_ranges():
    from officebill.claims.rules_diagnoses import excludes_match
    assert excludes_match("E109", "E10.-")
    assert excludes_match("E109", "E10")
    assert excludes_match("P599", "P04-P96")
    assert excludes_match("P599", "P04.0-P96.9")
    assert not excludes_match("P009", "P04-P96")
    assert not excludes_match("E119", "E10.-")
    assert not excludes_match("E119", "")


def test_hospitalization_and_work_dates_are_bounded():
    dates = dict(unable_to_work_from=date(2026, 10, 30), unable_to_work_to=date(2026, 11, 6),
                 hospitalized_from=date(2026, 10, 28), hospitalized_to=date(2026, 10, 30))

    def found(**changes):
        claim = visit(**{**dates, **changes})(make_full_claim())
        return [(f.severity, f.field) for f in fired(run(claim), "visit.hospitalization")]

    assert found() == []

    assert found(hospitalized_from=DOS + timedelta(days=1), hospitalized_to=None) == [
        (ERROR, "visit.hospitalized_from")]
    assert found(hospitalized_to=date(2026, 10, 27)) == [(ERROR, "visit.hospitalized_to")]
    assert found(hospitalized_from=None) == [(ERROR, "visit.hospitalized_from")]
    assert found(pos="21", hospitalized_to=TODAY + timedelta(days=2)) == [(ERROR, "visit.hospitalized_to")]
    assert found(pos="21", hospitalized_to=DOS - timedelta(days=1)) == [(ERROR, "visit.hospitalized_to")]
    assert found(unable_to_work_to=date(2026, 10, 1)) == [(ERROR, "visit.unable_to_work_to")]
    assert found(unable_to_work_from=TODAY + timedelta(days=1), unable_to_work_to=None) == [
        (ERROR, "visit.unable_to_work_from")]
    assert found(unable_to_work_to=TODAY + timedelta(days=30)) == []  # expected return to work
    assert found(pos="31", hospitalized_from=DOS, hospitalized_to=None) == []
