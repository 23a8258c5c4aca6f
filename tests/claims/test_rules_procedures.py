"""Procedure rules: NCCI PTP pairs, MUE units, modifiers, same-day E/M visits, duplicates (rules_procedures, rules_lines).

The edits come from `procedure_fakes.FakeEdits` (real pairs of the CMS practitioner files' kind). The claim is the
full claim of tests/claims/conftest.py (99214-25, 87880, 99000, J1885, 96372, 36415) with its lines replaced.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from officebill.claims.rules_base import HistoryKey
from officebill.claims.rules_procedures import NCCI_MODIFIERS, ProcedureEditLookup
from officebill.claims.scrubber import RULES, scrub
from officebill.core.money import Money
from officebill.core.records import ServiceLine
from tests.claims.conftest import DOS, make_full_claim
from tests.claims.procedure_fakes import FakeEdits, NothingImported

TODAY = date(2026, 11, 10)
MINE = {"ncci.ptp", "ncci.mue", "em.same_day", "claim.duplicate", "line.modifier_exists", "line.modifier_25"}


def lines(*specs):
    """(code, modifiers, units) -> the claim's lines (and the visit's), all on the date of service."""
    return tuple(ServiceLine(line_no=n + 1, from_date=DOS, to_date=DOS, code=code, modifiers=mods, units=units,
                             pointers=(1,), charge=Money(5000)) for n, (code, mods, units) in enumerate(specs))


def claim_with(*specs, **changes):
    claim = make_full_claim()
    new = lines(*specs)
    return replace(claim, lines=new, visit=replace(claim.visit, lines=new), **changes)


def other(code, modifiers=(), units=1, provider=1, payer=1, day=DOS, claim_id=88):
    return HistoryKey(7, day, code, payer, tuple(modifiers), provider, units, claim_id)


def findings(claim, history=(), procedures=None, rule=None):
    found = scrub(claim, _Codes(), history, today=TODAY, procedures=FakeEdits() if procedures is None else procedures)
    return [f for f in found if (f.rule == rule if rule else f.rule in MINE)]


class _Codes:
    """Every diagnosis is fine here: these tests are about procedures."""

    def exists(self, code):
        return True

    def is_billable(self, code, on=None):
        return True

    def excludes1(self, code):
        return ()

    def needs_code_first(self, code):
        return False


def test_fake_is_a_procedure_lookup_and_the_full_claim_is_clean():
    assert isinstance(FakeEdits(), ProcedureEditLookup)
    assert findings(make_full_claim()) == []


# --- NCCI PTP ----------------------------------------------------------------------------------


def test_ptp_indicator_1_needs_an_ncci_modifier_on_either_line():
    bad = findings(claim_with(("99214", (), 1), ("96372", (), 1)), rule="ncci.ptp")
    assert [(f.severity, f.box, f.field) for f in bad] == [("error", "24D", "lines[0].code")]
    assert "99214 (line 1) is bundled into 96372 (line 2)" in bad[0].message and "Misuse of column two" in bad[0].message
    assert findings(claim_with(("99214", ("25",), 1), ("96372", (), 1)), rule="ncci.ptp") == []
    # with an E/M code in the pair only 25 (or 57) on the visit bypasses it: not the site, 59 or X{EPSU}
    site = findings(claim_with(("99214", ("XU",), 1), ("96372", ("RT",), 1)), rule="ncci.ptp")
    assert [f.field for f in site] == ["lines[0].code"] and "modifier 25" in site[0].message
    assert len(findings(claim_with(("99214", (), 1), ("96372", ("25",), 1)), rule="ncci.ptp")) == 1
    assert findings(claim_with(("20611", ("RT",), 1), ("20610", ("LT",), 1)), rule="ncci.ptp") == []
    assert findings(claim_with(("20611", (), 1), ("20610", ("XS",), 1)), rule="ncci.ptp") == []


def test_modifier_25_counts_only_on_an_em_code():
    claim = claim_with(("20611", (), 1), ("20610", ("25",), 1))
    assert [f.field for f in findings(claim, rule="ncci.ptp")] == ["lines[1].code"]
    assert [f.field for f in findings(claim, rule="line.modifier_25")] == ["lines[1].modifiers"]
    assert {"25", "59", "XU", "RT", "F1", "T9", "E4", "91"} <= NCCI_MODIFIERS and "76" not in NCCI_MODIFIERS


def test_ptp_indicator_0_is_never_allowed():
    bad = findings(claim_with(("20611", ("59",), 1), ("76942", ("59", "XU"), 1)), rule="ncci.ptp")
    assert [f.field for f in bad] == ["lines[1].code"] and "even with a modifier" in bad[0].message


def test_ptp_across_the_providers_claims_on_the_same_day():
    claim = claim_with(("20610", (), 1))
    bad = findings(claim, [other("20611")], rule="ncci.ptp")
    assert [f.field for f in bad] == ["lines[0].code"] and "claim 88" in bad[0].message
    column1_here = findings(claim_with(("20611", (), 1)), [other("20610")], rule="ncci.ptp")
    assert [f.field for f in column1_here] == ["lines[0].code"]  # the column-2 code is on the other claim
    assert "remove 20610 from claim 88 (correct or void that claim)" in column1_here[0].message
    assert findings(claim, [other("20611", provider=2)], rule="ncci.ptp") == []
    assert findings(claim, [other("20611", day=DOS - timedelta(days=1))], rule="ncci.ptp") == []
    assert findings(claim, [other("20611", ("RT",))], rule="ncci.ptp") == []
    assert findings(claim, [other("20611")._replace(patient_id=8)], rule="ncci.ptp") == []


def test_ptp_asks_for_the_date_of_service():
    edits = FakeEdits()
    findings(claim_with(("99214", (), 1), ("96372", (), 1)), procedures=edits)
    assert set(edits.asked) == {DOS}


# --- MUE ---------------------------------------------------------------------------------------


def test_mue_per_line_for_mai_1():
    bad = findings(claim_with(("36415", (), 3)), rule="ncci.mue")
    assert [(f.box, f.field) for f in bad] == [("24G", "lines[0].units")] and "(2)" in bad[0].message
    assert findings(claim_with(("36415", (), 2), ("36415", ("91",), 2)), rule="ncci.mue") == []


def test_mue_per_day_for_mai_2_and_3_across_lines_and_claims():
    bad = findings(claim_with(("20610", ("RT",), 1), ("20610", ("LT",), 2)), rule="ncci.mue")
    assert [f.field for f in bad] == ["lines[0].units"] and "3 units of 20610" in bad[0].message
    assert "Medically Unlikely Edit of 2 a day" in bad[0].message
    across = findings(claim_with(("20610", ("RT",), 1)), [other("20610", ("LT",), units=2)], rule="ncci.mue")
    assert len(across) == 1 and "claim 88" in across[0].message
    assert findings(claim_with(("20610", ("RT",), 1)), [other("20610", ("LT",), units=1)], rule="ncci.mue") == []
    assert len(findings(claim_with(("96372", (), 5)), rule="ncci.mue")) == 1


def test_nothing_imported_means_no_ptp_or_mue_finding():
    claim = claim_with(("99214", (), 1), ("96372", (), 9), ("36415", (), 5))
    assert findings(claim, procedures=NothingImported(), rule="ncci.ptp") == []
    assert findings(claim, procedures=NothingImported(), rule="ncci.mue") == []
    assert [f for f in scrub(claim, _Codes(), (), today=TODAY, procedures=None) if f.rule in MINE] == []


# --- modifiers ---------------------------------------------------------------------------------


def test_modifiers_must_exist_unless_the_program_cannot_tell():
    bad = findings(claim_with(("99214", ("88",), 1)), rule="line.modifier_exists")
    assert [(f.box, f.field) for f in bad] == [("24D", "lines[0].modifiers")] and "88" in bad[0].message
    assert findings(claim_with(("20610", ("RT",), 1)), rule="line.modifier_exists") == []
    assert findings(claim_with(("20610", ("QZ",), 1)), rule="line.modifier_exists") == []  # None: not judged


def test_modifier_25_only_on_em():
    assert len(findings(claim_with(("96372", ("25",), 1)), rule="line.modifier_25")) == 1
    assert findings(claim_with(("99214", ("25",), 1), ("G0439", ("25",), 1)), rule="line.modifier_25") == []


# --- same-day E/M --------------------------------------------------------------------------------


def test_two_visits_on_one_day_need_a_reason():
    rule = next(r for r in RULES if r.id == "em.same_day")
    assert rule.overridable
    bad = findings(claim_with(("99214", ("25",), 1), ("99213", (), 1), ("20610", (), 1)), rule="em.same_day")
    assert [(f.severity, f.field) for f in bad] == [("error", "lines[1].code")]
    assert findings(claim_with(("99396", (), 1), ("99214", ("25",), 1)), rule="em.same_day") == []
    assert len(findings(claim_with(("99396", (), 1), ("99214", (), 1)), rule="em.same_day")) == 1
    assert findings(claim_with(("99214", (), 1), ("99417", (), 1), ("99406", (), 1)), rule="em.same_day") == []


def test_a_visit_on_another_claim_of_the_same_provider():
    claim = claim_with(("99214", ("25",), 1), ("96372", (), 1))
    assert [f.field for f in findings(claim, [other("99213")], rule="em.same_day")] == ["lines[0].code"]
    assert findings(claim, [other("99213", provider=2)], rule="em.same_day") == []


# --- duplicates ----------------------------------------------------------------------------------


def _no_repeat_advice(found):
    for finding in found:
        assert not re.search(r"\b(76|77|91)\b", finding.message), finding.message


def test_right_and_left_are_two_services():
    assert findings(claim_with(("20610", ("RT",), 1), ("20610", ("LT",), 1)), rule="claim.duplicate") == []
    assert findings(claim_with(("20610", ("LT",), 1)), [other("20610", ("RT",))], rule="claim.duplicate") == []


def test_same_code_same_modifiers_on_one_claim_is_a_duplicate():
    bad = findings(claim_with(("20610", (), 1), ("20610", (), 1)), rule="claim.duplicate")
    assert [(f.box, f.field) for f in bad] == [("24D", "lines[1].code")] and "repeats line 1" in bad[0].message
    _no_repeat_advice(bad)
    right_twice = findings(claim_with(("20610", ("RT",), 1), ("20610", ("RT", "XU"), 1)), rule="claim.duplicate")
    assert right_twice == []  # XU: a separate service says so
    assert findings(claim_with(("36415", (), 1), ("36415", ("91",), 1)), rule="claim.duplicate") == []
    assert findings(claim_with(("99214", ("25",), 1), ("99214", (), 1)), rule="em.same_day") == []


def test_duplicates_across_claims_for_the_same_day_and_payer():
    claim = claim_with(("20610", ("RT",), 1))
    bad = findings(claim, [other("20610", ("RT",))], rule="claim.duplicate")
    assert [f.field for f in bad] == ["lines[0].code"] and "claim 88" in bad[0].message
    _no_repeat_advice(bad)
    assert findings(claim, [other("20610", ("RT",), payer=2)], rule="claim.duplicate") == []
    assert findings(claim, [other("20610", ("RT",), day=DOS + timedelta(days=1))], rule="claim.duplicate") == []
    replacement = replace(claim, frequency="7", original_ref="ICN1")
    assert findings(replacement, [other("20610", ("RT",))], rule="claim.duplicate") == []
    # a history key of the old shape (patient, date, code, payer): modifiers none, provider not known
    assert len(findings(claim_with(("99214", ("25",), 1)), [(7, DOS, "99214", 1)], rule="claim.duplicate")) == 1


@pytest.mark.parametrize("modifiers", [("76",), ("77",), ("91",)])
def test_repeat_modifiers_make_a_second_service(modifiers):
    assert findings(claim_with(("36415", (), 1), ("36415", modifiers, 1)), rule="claim.duplicate") == []


# --- preventive visits by age ------------------------------------------------------------------


@pytest.mark.parametrize("dob, good, bad", [
    (date(2015, 4, 9), "99393", "99394"),  # 11 years old
    (date(2014, 11, 2), "99384", "99383"),  # 11 until the day before: 12 on its birthday
    (date(2026, 1, 15), "99381", "99382"),  # an infant
    (date(1961, 11, 2), "99397", "99396"),  # 65 today
    (date(1962, 11, 3), "99386", "99387"),  # 64 until tomorrow
])
def test_preventive_visit_codes_follow_the_age_bands(dob, good, bad):
    def claim(code):
        made = claim_with((code, (), 1))
        return replace(made, patient=replace(made.patient, dob=dob))

    assert findings(claim(good), rule="procedure.age") == []
    found = findings(claim(bad), rule="procedure.age")
    assert [(f.severity, f.box, f.field) for f in found] == [("error", "24D", "lines[0].code")]
    assert f"use {good}" in found[0].message


def test_vaccine_counseling_codes_are_for_children_and_teens():
    def claim(code, dob):
        made = claim_with((code, (), 1))
        return replace(made, patient=replace(made.patient, dob=dob))

    assert findings(claim("90460", date(2008, 11, 3)), rule="procedure.age") == []  # 17, 18 tomorrow
    assert findings(claim("90461", date(2008, 11, 2)), rule="procedure.age") == []  # 18 today: "through 18"
    grown = findings(claim("90460", date(2007, 11, 2)), rule="procedure.age")  # 19 today
    assert [f.field for f in grown] == ["lines[0].code"] and "90471" in grown[0].message
