"""Search finds the words staff type (issue 15): everyday procedure terms, new vs established visits,
and a general diagnosis phrase that stays general whatever the office bills most."""
from __future__ import annotations

from datetime import date

import pytest

from officebill.codes.office_search import office_hits
from officebill.codes.procedure_terms import TERMS, established_since, terms_for, visit_kind
from officebill.core.money import Money
from officebill.core.records import Procedure

# The demo office's list: its own labels, none of which says "office visit", "flu shot", "ekg" ...
OFFICE = [Procedure(code=c, label=label, charge=Money(100), favorite=fav) for c, label, fav in [
    ("99202", "New patient visit, straightforward", False), ("99203", "New patient visit, low complexity", True),
    ("99204", "New patient visit, moderate complexity", False),
    ("99212", "Established patient visit, straightforward", False),
    ("99213", "Established patient visit, low complexity", True),
    ("99214", "Established patient visit, moderate complexity", True),
    ("99215", "Established patient visit, high complexity", False),
    ("99385", "Preventive exam, new, age 18-39", False), ("99396", "Preventive exam, established, age 40-64", True),
    ("90471", "Vaccine administration, first shot", True),
    ("90686", "Flu vaccine, quadrivalent, preservative free", True), ("87880", "Rapid strep antigen test", True),
    ("81002", "Urine dipstick, non-automated, no scope", True), ("36415", "Blood draw by venipuncture", True),
    ("85025", "Complete blood count with differential", False), ("80053", "Comprehensive metabolic panel", False),
    ("83036", "Hemoglobin A1c", False), ("93000", "Electrocardiogram with reading", False),
    ("96372", "Injection under skin or into muscle", False), ("J1885", "Ketorolac injection, per 15 mg", False),
]]


def _codes(text, kind=None, preferred=()):
    return [h.code for h in office_hits(text, OFFICE, preferred, kind)]


@pytest.mark.parametrize(("typed", "first"), [
    ("flu shot", "90686"), ("flu vaccine", "90686"), ("ekg", "93000"), ("ECG", "93000"), ("UA", "81002"),
    ("urinalysis", "81002"), ("CBC", "85025"), ("CMP", "80053"), ("A1c", "83036"), ("hba1c", "83036"),
    ("strep", "87880"), ("injection", "96372"), ("blood draw", "36415"), ("venipuncture", "36415"),
    ("toradol", "J1885"), ("new patient", "99203"), ("established", "99213"), ("physical", "99396"),
])
def test_everyday_words_find_the_office_procedure(typed, first):
    assert _codes(typed)[:1] == [first]


@pytest.mark.parametrize("typed", ["office visit", "visit", "office vis", "ov"])
def test_office_visit_finds_the_visit_codes(typed):
    found = _codes(typed)
    assert {"99202", "99203", "99204", "99212", "99213", "99214", "99215"} <= set(found)
    assert "93000" not in found and "90686" not in found


def test_flu_shot_while_typing_and_shot_alone():
    assert _codes("flu sh")[0] == "90686"
    assert {"90471", "90686", "96372"} <= set(_codes("shot"))


@pytest.mark.parametrize("typed", ["visit", "office visit", "Office Visit"])
def test_established_patient_visit_codes_rank_before_new_ones(typed):
    found = _codes(typed, "established")
    established = [found.index(c) for c in ("99212", "99213", "99214", "99215")]
    new = [found.index(c) for c in ("99202", "99203", "99204")]
    assert max(established) < min(new)
    assert found[0] == "99213"  # the favorite among them: what "visit" + Enter picks


@pytest.mark.parametrize("typed", ["visit", "office visit"])
def test_new_patient_visit_codes_rank_before_established_ones(typed):
    found = _codes(typed, "new")
    assert max(found.index(c) for c in ("99202", "99203", "99204")) < min(
        found.index(c) for c in ("99212", "99213", "99214", "99215"))
    assert found[0] == "99203"


def test_preventive_visits_follow_the_patient_kind_too():
    assert _codes("physical", "new")[0] == "99385"
    assert _codes("physical", "established")[0] == "99396"


def test_typed_code_still_wins_and_label_words_still_match():
    assert _codes("99204", "established")[0] == "99204"
    assert _codes("992", "established")[:4] == ["99213", "99214", "99212", "99215"]
    assert _codes("ketorolac")[0] == "J1885"
    assert _codes("xyzzy") == []


def test_the_terms_are_our_words_and_lead_to_codes():
    assert len(TERMS) >= 60
    assert "ekg" in terms_for("93000") and "flu shot" in terms_for("90686") and terms_for("00000") == ""
    assert visit_kind("99203") == "new" and visit_kind("99214") == "established" and visit_kind("93000") is None


def test_three_years_back():
    assert established_since(date(2026, 11, 29)) == date(2023, 11, 29)
    assert established_since(date(2024, 2, 29)) == date(2021, 2, 28)


def test_term_named_hcpcs_codes_come_from_the_code_file(index):
    rocephin = index.search("rocephin", "procedure")
    assert rocephin and rocephin[0].code == "J0696" and rocephin[0].source == "codes"
    assert index.search("pap smear", "procedure")[0].code == "Q0091"
    assert index.search("flu shot", "procedure", office_procedures=OFFICE)[0].code == "90686"


# ---- diagnoses: the general phrase keeps its general code on top (the real ICD-10-CM code set)

@pytest.mark.parametrize(("typed", "general", "frequent"), [
    ("type 2 diabetes", "E11.9", "E11.65"), ("dm2", "E11.9", "E11.65"), ("sore throat", "J02.9", "J02.0"),
    ("otitis media", "H66.90", "H66.91"), ("asthma", "J45.909", "J45.901"),
])
def test_a_general_phrase_gives_the_general_code_whatever_the_office_bills_most(index, typed, general, frequent):
    hits = [h.code for h in index.search(typed, "icd10cm", preferred=[frequent, "I10"])]
    assert hits[0] == general
    assert hits[1] == frequent  # frequency still raises it in the list, right below


def test_the_patients_own_specific_code_comes_first(index):
    hits = [h.code for h in index.search("type 2 diabetes", "icd10cm", history=["E11.65"], preferred=["E11.9"])]
    assert hits[:2] == ["E11.65", "E11.9"]


def test_frequency_still_leads_when_the_best_match_is_another_condition(index):
    # "strep": the best word match is a sepsis code; the office's frequent strep throat code stays first.
    assert index.search("strep", "icd10cm", preferred=["J02.0"])[0].code == "J02.0"
    assert index.search("diabetes", "icd10cm", preferred=["E13.9"])[0].code == "E13.9"


def test_nothing_typed_lists_favorites_with_the_patients_visit_codes_first():
    assert _codes("", "established")[:3] == ["99213", "99214", "99396"]
    assert _codes("", "new")[0] == "99203"
    everything = _codes("")
    assert len(everything) == len(OFFICE) and everything[0] == "99203"  # unknown patient: favorites in list order
