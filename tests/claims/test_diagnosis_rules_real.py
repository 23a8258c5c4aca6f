"""The diagnosis rules (box 21) on the real ICD-10-CM release, through the code database's lookup.

Each case is a full claim (tests.claims.conftest) with its diagnoses replaced: the seeded ones
must give the named rule's finding with its severity, the clean ones no finding of the
diagnosis rules at all. Guideline sections are cited per case.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from officebill.claims.scrubber import ERROR, RULES, WARNING, scrub
from officebill.codes import CodeIndex
from officebill.codes.claim_lookup import ClaimCodeLookup
from officebill.core.records import Sex
from officebill.core.validation import visit_problems
from tests.claims.conftest import make_full_claim

TODAY = date(2026, 11, 10)
DIAGNOSIS_RULES = {r.id for r in RULES if r.id.startswith("dx.")}


@pytest.fixture(scope="module")
def codes(codes_db):
    with CodeIndex(codes_db, build=False) as index:
        yield ClaimCodeLookup(index)


def claim_with(*diagnoses, sex=Sex.FEMALE, dob=date(1980, 3, 4), pointers=(1,)):
    claim = make_full_claim(3)
    lines = tuple(replace(line, pointers=pointers) for line in claim.lines)
    visit = replace(claim.visit, diagnoses=tuple(diagnoses), lines=lines)
    return replace(claim, visit=visit, lines=lines, patient=replace(claim.patient, sex=sex, dob=dob))


def findings(codes, claim):
    return [f for f in scrub(claim, codes, today=TODAY) if f.rule in DIAGNOSIS_RULES]


SEEDED = [
    # (name, claim, rule, severity, text in the message)
    ("type 1 with type 2 diabetes (E11 Excludes1 E10.-; I.A.12.a)", claim_with("E11.9", "E10.9"),
     "dx.excludes1", ERROR, "override"),
    ("strep throat with acute URI (J06 Excludes1 J02.0)", claim_with("J06.9", "J02.0"), "dx.excludes1", ERROR, ""),
    ("diabetic polyneuropathy twice (G63 Excludes1 E08-E13 with .42)", claim_with("E11.42", "G63"),
     "dx.excludes1", ERROR, ""),
    ("manifestation first: G63 before its diabetes (I.A.13)", claim_with("G63", "E11.9"),
     "dx.manifestation_first", ERROR, ""),
    ("manifestation first: dementia in other diseases (F02.80)", claim_with("F02.80", "G30.9"),
     "dx.manifestation_first", ERROR, ""),
    ("manifestation first: Charcot joint under M14 (ancestor title)", claim_with("M14.671", "A52.16"),
     "dx.manifestation_first", ERROR, ""),
    ("Charcot joint in tabes dorsalis is A52.16 alone (M14.6 Excludes1)", claim_with("A52.16", "M14.671"),
     "dx.excludes1", ERROR, ""),
    ("gynecological exam with a separate screening pap (Z01.41 Excludes1 Z12.4)", claim_with("Z01.419", "Z12.4"),
     "dx.excludes1", ERROR, ""),
    ("kyphosis first: M40 'Code first underlying disease' on a title naming none (a warning)",
     claim_with("M40.204"), "dx.manifestation_first", WARNING, "underlying"),
    ("weeks of gestation before the obstetric code (Z3A 'code first')", claim_with("Z3A.20", "O09.522"),
     "dx.code_first_order", WARNING, "O09.522"),
    ("CKD stage before diabetic CKD (N18 'code first')", claim_with("N18.30", "E11.22"), "dx.code_first_order",
     WARNING, "E11.22"),
    ("external cause first (I.C.20)", claim_with("W01.0XXA", "S52.501A"), "dx.external_cause_first", ERROR, ""),
    ("line points only at the external cause (I.C.20)", claim_with("S52.501A", "W01.0XXA", pointers=(2,)),
     "dx.external_cause_pointer", ERROR, ""),
    ("line points only at the BMI (I.C.21.c.3)", claim_with("E66.01", "Z68.41", pointers=(2,)),
     "dx.secondary_pointer", ERROR, "BMI"),
    ("line points only at the manifestation (I.A.13)", claim_with("G30.9", "F02.80", pointers=(2,)),
     "dx.secondary_pointer", WARNING, "manifestation"),
    ("BMI first (I.C.21.c.3)", claim_with("Z68.41", "E66.01"), "dx.bmi_first", ERROR, ""),
    ("hypertension with CKD (I.C.9.a.2)", claim_with("I10", "N18.30"), "dx.combination", WARNING, "I12.9"),
    ("hypertension with ESRD (I.C.9.a.2)", claim_with("I10", "N18.6"), "dx.combination", WARNING, "I12.0"),
    ("hypertension with heart failure (I.C.9.a.1)", claim_with("I10", "I50.9"), "dx.combination", WARNING, "I11.0"),
    ("hypertension with heart failure and CKD (I.C.9.a.3)", claim_with("I10", "I50.9", "N18.4"),
     "dx.combination", WARNING, "I13.0"),
    ("diabetes with CKD, 'with' convention (I.A.15)", claim_with("E11.9", "N18.30"), "dx.combination", WARNING,
     "E11.22"),
    ("diabetes with hypoglycemia (I.A.15)", claim_with("E11.9", "E16.2"), "dx.combination", WARNING, "E11.649"),
    ("diabetes with periodontitis (I.A.15)", claim_with("E11.9", "K05.30"), "dx.combination", WARNING, "E11.630"),
    ("diabetes with gastroparesis (I.A.15)", claim_with("E10.9", "K31.84"), "dx.combination", WARNING, "E10.43"),
    ("ICD-9 code 250.00", claim_with("250.00"), "dx.format", ERROR, "ICD-9"),
    ("ICD-9 code 401.9", claim_with("401.9"), "dx.format", ERROR, "ICD-9"),
    ("ICD-9 V code V70.0", claim_with("V70.0"), "dx.format", ERROR, "ICD-9"),
    ("misplaced dot E1.165", claim_with("E1.165"), "dx.format", ERROR, "dot"),
    ("misplaced dot E116.5", claim_with("E116.5"), "dx.format", ERROR, "dot"),
    ("pregnancy at 65 (MCE maternity 9-64)", claim_with("Z34.00", dob=date(1961, 1, 1)), "dx.age_conflict",
     ERROR, ""),
    ("pregnancy at 8 (MCE maternity 9-64)", claim_with("Z34.00", dob=date(2018, 1, 1)), "dx.age_conflict",
     ERROR, ""),
    ("child exam at 20 (MCE pediatric 0-17)", claim_with("Z00.129", dob=date(2006, 1, 1)), "dx.age_conflict",
     ERROR, ""),
    ("adult exam at 10 (MCE adult 15-124)", claim_with("Z00.00", dob=date(2016, 1, 1)), "dx.age_conflict",
     ERROR, ""),
    ("pregnancy for a male patient (I.C.15.a.1)", claim_with("Z34.00", sex=Sex.MALE), "dx.sex_conflict",
     ERROR, ""),
    ("adult BMI for a 12-year-old (Z68 note: 20 and over)", claim_with("E66.9", "Z68.30", dob=date(2014, 1, 1)),
     "dx.age_conflict", ERROR, ""),
    ("pediatric BMI percentile at 40 (Z68 note: 2-19)", claim_with("E66.9", "Z68.54"), "dx.age_conflict",
     ERROR, ""),
    ("male breast cancer code for a female patient", claim_with("C50.921"), "dx.sex_conflict", WARNING, "male"),
    ("prostate for a female patient", claim_with("N40.0", sex=Sex.FEMALE, dob=date(1950, 1, 1)),
     "dx.sex_conflict", WARNING, ""),
]


@pytest.mark.parametrize("name, claim, rule_id, severity, words", SEEDED, ids=[s[0] for s in SEEDED])
def test_seeded_diagnosis_error_is_caught(codes, name, claim, rule_id, severity, words):
    found = [f for f in findings(codes, claim) if f.rule == rule_id]
    assert found, f"{rule_id} did not fire: {findings(codes, claim)}"
    assert {f.severity for f in found} == {severity}
    assert all(words in f.message for f in found)


CLEAN = [
    ("diabetes and hypertension", claim_with("E11.9", "I10")),
    ("diabetic and hypertensive CKD, then its stage (N18 'code first')", claim_with("E11.22", "I12.9", "N18.30")),
    ("diabetic foot ulcer with its site (E11.621 + L97.419)", claim_with("E11.621", "L97.419")),
    ("hypertensive heart disease with heart failure", claim_with("I11.0", "I50.9")),
    ("COPD with asthma (Excludes2, not 1)", claim_with("J44.9", "J45.909")),
    ("manifestation after its cause", claim_with("G30.9", "F02.80")),
    ("vaccine encounter (Z23 has a 'code first' note but is no manifestation)", claim_with("Z23")),
    ("well child with vaccines, 4 years old", claim_with("Z00.129", "Z23", dob=date(2022, 5, 1))),
    ("injury then its external cause", claim_with("S52.501A", "W01.0XXA", pointers=(1, 2))),
    ("obesity then BMI", claim_with("E66.01", "Z68.41")),
    ("P code on an adult whose perinatal condition persists (I.C.16.a.4)",
     claim_with("P07.30", "J45.909", dob=date(1990, 1, 1))),
    ("pregnancy at 28", claim_with("Z34.00", dob=date(1998, 1, 1))),
    ("neuropathy in hypothyroidism, unrelated hyperlipidemia after", claim_with("E03.9", "G63", "E78.5")),
    ("high-risk pregnancy then weeks of gestation", claim_with("O09.522", "Z3A.20", dob=date(1985, 1, 1))),
    ("postconcussional syndrome first, its sequela after (I.B.10)", claim_with("F07.81", "S06.0X0S")),
    ("routine gynecological exam", claim_with("Z01.419")),
    ("breast cancer of a man", claim_with("C50.921", sex=Sex.MALE)),
    ("breast cancer of a woman", claim_with("C50.911")),
    ("screening pap smear outside a gynecological exam", claim_with("Z12.4")),
    ("strep throat alone", claim_with("J02.0", "R50.9")),
    ("fracture with 7th character", claim_with("S52.501A")),
    ("liveborn infant on day one (Z38 is not a maternity code)", claim_with("Z38.00", dob=date(2026, 11, 1))),
    ("teen BMI percentile", claim_with("E66.9", "Z68.54", dob=date(2011, 1, 1))),
    ("adult exam at 16 (MCE adult 15-124)", claim_with("Z00.00", dob=date(2010, 1, 1))),
]


@pytest.mark.parametrize("name, claim", CLEAN, ids=[c[0] for c in CLEAN])
def test_clean_diagnoses_give_no_finding(codes, name, claim):
    assert findings(codes, claim) == []


@pytest.mark.parametrize("typed, refused", [
    ("250.00", True), ("401.9", True), ("V70.0", True), ("E880.9", True), ("E1.165", True), ("E116.5", True),
    ("E11.", True), ("E11.65", False), ("QA0.0101", False), ("S52.501A", False), ("V00.01XA", False), ("E1165", False), ("Z23", False),
])
def test_visit_validation_sees_the_code_as_typed(typed, refused):
    visit = claim_with(typed).visit
    problems = [p for p in visit_problems(visit, today=TODAY) if p.field == "diagnoses[0]"]
    assert bool(problems) is refused, problems
