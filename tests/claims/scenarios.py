"""The scrubber audit's table (issue 11): clean claims across specialties and seeded-error scenarios.

Written from the sources, not from the rules' code: the ICD-10-CM Official Guidelines for Coding and
Reporting FY2026 (cited "OCG I.x") and the tabular list's own notes (the bundled April 1, 2026 release),
the NUCC 1500 Claim Form Reference Instruction Manual (as summarised in shared/reference/cms1500.md),
the CMS Medicare Code Editor (MCE) sex and age edits, the CMS NCCI policy manual and its PTP and MUE
tables, the CMS MBI format, Medicare's timely-filing limit (42 CFR 424.44: 12 months from the date of
service) and DOMAIN.md "Edits a scrubber should make".

Medicare's paper instructions (IOM 100-04 ch. 26, item 24E, in cms1500.md) want one diagnosis pointer
per line, so the Medicare clean claims point each line at one diagnosis.

A clean claim must get no finding at all, not even a warning. A seeded scenario changes one thing in a
clean claim (its `base`) and expects a finding of the given severity in one of the given boxes (and,
when given, on that record field); an error refused at entry by the facade, naming that field, counts as
caught (a warning refused at entry does not, nor a warning scenario that also got an error: either would
block a claim the guidelines allow). The expected box, not the rule id, is what is matched: rule ids are
the implementation's business. The records, the changes and the matching are in `scenario_model.py`.
"""
from dataclasses import replace
from datetime import date, timedelta

from officebill.core.records import Relationship

from .scenario_model import (
    DX,
    Clean,
    Seeded,
    add_dx,
    add_line,
    any_severity,
    as_patient,
    bad_check_digit,
    both,
    case,
    dx,
    end_policy,
    end_second_policy,
    err,
    line,
    ndc_line,
    primary_paid_then_secondary,
    printed_and_corrected,
    set_dx,
    voided,
    warn,
)
from .scenario_office import DOS, MBI, MOTHER, PATIENTS, PROVIDERS, TODAY, Case, Line, PolicySpec, npi

KETOROLAC_NDC = "00409-3795-01"  # ketorolac tromethamine 30 mg/mL, 1 mL vial (5-4-2)
TRIAMCINOLONE_NDC = "00003-0293-05"  # Kenalog-40, 40 mg/mL (5-4-2)
CEFTRIAXONE_NDC = "00409-7332-01"  # ceftriaxone 1 g vial (5-4-2)
CYANOCOBALAMIN_NDC = "00517-0031-25"  # cyanocobalamin 1,000 mcg/mL (5-4-2)
METHYLPREDNISOLONE_NDC = "00009-3073-03"  # Depo-Medrol 40 mg/mL (5-4-2)



# ------------------------------------------------------------------------------------------ clean claims
def c(patient, dx_codes, *lines, **more):
    return Case(patient=patient, dx=tuple(dx_codes), lines=tuple(lines), **more)


CLEAN = [
    # Primary care
    Clean("pc_diabetes_htn", "primary care", "OCG I.C.4.a, I.C.9.a (E11.9 and I10 on one claim)",
          c("man55", ("E11.9", "I10"), Line("99213", (1, 2)), Line("83036", (1,)), Line("36415", (1,)))),
    Clean("pc_anxiety", "primary care", "OCG I.C.5", c("woman28", ("F41.1",), Line("99214"))),
    Clean("pc_chest_pain_ecg", "primary care", "OCG I.B.4-5 (symptom codes when no diagnosis is established)",
          c("man55", ("R07.9", "I10"), Line("99214", (1, 2)), Line("93000", (1,)))),
    Clean("pc_flu_vaccine", "primary care", "OCG I.C.21.c.2 (Z23 first for an immunization-only encounter)",
          c("man55", ("Z23",), Line("90656"), Line("90471"))),
    Clean("pc_two_vaccines", "primary care", "OCG I.C.21.c.2; CPT 90471 first, 90472 each additional",
          c("woman35", ("Z23",), Line("90715"), Line("90471"), Line("90656"), Line("90472"))),
    Clean("pc_obesity_bmi", "primary care", "OCG I.C.21.c.3 (BMI as a secondary code with the weight diagnosis)",
          c("woman35", ("E66.811", "Z68.31"), Line("99213", (1, 2)))),
    Clean("pc_uti", "primary care", "OCG I.C.14", c("woman35", ("N39.0",), Line("99213"), Line("81002"))),
    Clean("pc_amnesia_smoker", "primary care",
          "Tabular R41.3 Excludes1 'F10-F19 with 5th character .6': F17.210 (5th character 1) is not excluded",
          c("woman35", ("R41.3", "F17.210"), Line("99213", (1, 2)))),
    Clean("pc_telehealth_95", "primary care", "CPT modifier 95; CMS POS 10 (telehealth in the patient's home)",
          c("woman28", ("F41.1",), Line("99213", modifiers=("95",)), pos="10")),
    # Medicare, Medigap, Medicaid secondary
    Clean("medicare_awv", "primary care (Medicare)", "CMS AWV G0439; MBI in 1a; Medigap in 9-9d",
          c("senior_woman75", ("Z00.00",), Line("G0439"))),
    Clean("medicare_flu", "primary care (Medicare)", "CMS: G0008 administers the flu vaccine for Medicare",
          c("senior_woman75", ("Z23",), Line("90656"), Line("G0008"))),
    Clean("medicare_pneumo_dual", "primary care (Medicare + Medicaid)",
          "CMS: G0009 administers pneumococcal vaccine; Medicaid secondary: 11d blank (cms1500.md item 11d)",
          c("senior_man78", ("Z23",), Line("90677"), Line("G0009"))),
    Clean("medicare_em_dual", "primary care (Medicare + Medicaid)", "MBI; OCG I.C.9.a",
          c("senior_man78", ("I10", "E78.5"), Line("99214"), Line("80061", (2,)), Line("36415", (2,)))),
    Clean("medigap_osteoporosis", "primary care (Medicare + Medigap)", "OCG I.C.13.d",
          c("senior_woman75", ("M81.0",), Line("99213"))),
    Clean("medicare_htn_ckd", "primary care (Medicare)",
          "OCG I.C.9.a.2: I12.9 with N18.30 for the stage (the combination coded right)",
          c("senior_man78", ("I12.9", "N18.30"), Line("99214"))),
    Clean("medicare_dm_ckd", "primary care (Medicare)", "OCG I.A.15 'with'; E11.22 use additional code N18.4",
          c("senior_woman75", ("E11.22", "N18.4", "Z79.84"), Line("99214"))),
    Clean("medicare_dementia_alzheimers", "primary care (Medicare)",
          "OCG I.A.13 etiology/manifestation: G30.9 first, then F02.80",
          c("senior_man78", ("G30.9", "F02.80"), Line("99214"))),
    Clean("medicare_b12_injection", "primary care (Medicare)", "J3420 with NDC (NUCC item 24 shaded: N4 + 11 digits)",
          c("senior_woman75", ("D51.0",), Line("96372"), ndc_line("J3420", 1, CYANOCOBALAMIN_NDC, "1"))),
    Clean("medicare_pap_screening", "OB/GYN (Medicare)", "CMS G0101 and Q0091 with Z12.4",
          c("senior_woman75", ("Z12.4",), Line("G0101"), Line("Q0091"))),
    # Pediatrics
    Clean("peds_well_child_4y", "pediatrics",
          "OCG I.C.21.c.2 and Z23 'code first any routine childhood examination': Z00.129 then Z23; "
          "90460 per vaccine, 90461 per additional component",
          c("boy4", ("Z00.129", "Z23"), Line("99392", (1,)), Line("90696", (2,)), Line("90710", (2,)),
            Line("90460", (2,), units=2), Line("90461", (2,), units=5), provider=2)),
    Clean("peds_otitis", "pediatrics", "OCG I.C.8", c("girl2", ("H66.91",), Line("99213"), provider=2)),
    Clean("peds_strep", "pediatrics", "OCG I.C.10", c("boy4", ("J02.0",), Line("99213"), Line("87880"), provider=2)),
    Clean("peds_asthma_neb", "pediatrics", "OCG I.C.10.a", c("girl9", ("J45.901",), Line("99214"), Line("94640"),
                                                              provider=2)),
    Clean("peds_newborn_check", "pediatrics", "Z00.111 newborn 8-28 days (tabular)",
          c("newborn", ("Z00.111",), Line("99391"), provider=2)),
    Clean("peds_newborn_hospital_day_one", "pediatrics",
          "OCG I.C.16.a.2 and I.C.21.c.12: Z38.- is the first code of the newborn's birth episode (99460, POS 21)",
          c("born_yesterday", ("Z38.00",), Line("99460"), provider=2, pos="21", admitted=date(2026, 9, 13))),
    Clean("peds_perinatal_persisting", "pediatrics",
          "OCG I.C.16.a.4: a perinatal condition that persists is coded with its P code at any age",
          c("girl9", ("P27.1",), Line("99213"), provider=2)),
    Clean("peds_sports_physical", "pediatrics", "Z02.5; parent is the insured (items 4, 7, 11a)",
          c("girl15", ("Z02.5",), Line("99394"), provider=2)),
    # OB/GYN
    Clean("ob_prenatal_second_trimester", "OB/GYN", "OCG I.C.15.b.1 (Z34 for routine prenatal visits); tabular Z3A (weeks, maternal record)",
          c("woman28", ("Z34.82", "Z3A.24"), Line("99213", (1, 2)), Line("81002", (1,)))),
    Clean("ob_first_trimester", "OB/GYN", "OCG I.C.15.b.1",
          c("woman28", ("Z34.01", "Z3A.10"), Line("99214", (1, 2)), Line("36415", (1,)))),
    Clean("gyn_exam_hpv", "OB/GYN",
          "Z01.41 inclusion 'with or without cervical smear' (so not Z12.4); use additional code Z11.51",
          c("woman35", ("Z01.419", "Z11.51"), Line("99395", (1, 2)))),
    # Orthopedics
    Clean("ortho_colles_fracture", "orthopedics",
          "OCG I.C.19.a (7th character A, active treatment), I.C.20 (external cause after the injury)",
          c("man55", ("S52.531A", "W01.0XXA"), Line("25600", (1, 2)), Line("73110", (1,)), provider=1)),
    Clean("ortho_bilateral_knee_injections", "orthopedics",
          "NUCC 24D anatomic modifiers: 20610-RT and 20610-LT are two services, not a duplicate",
          c("man55", ("M17.0",), Line("20610", modifiers=("RT",)), Line("20610", modifiers=("LT",)), provider=1)),
    Clean("ortho_knee_injection_drug", "orthopedics", "J3301 x4 (40 mg) with NDC",
          c("man55", ("M17.11",), Line("20610", modifiers=("RT",)), ndc_line("J3301", 4, TRIAMCINOLONE_NDC, "1"),
            provider=1)),
    Clean("ortho_methylprednisolone_per_mg", "orthopedics", "HCPCS J1010 (per 1 mg, since April 1, 2024) x40 with NDC",
          c("man55", ("M17.11",), Line("20610", modifiers=("RT",)), ndc_line("J1010", 40, METHYLPREDNISOLONE_NDC, "1"),
            provider=1)),
    Clean("ortho_methylprednisolone_40mg_in_2023", "orthopedics",
          "HCPCS J1030 (40 mg) was in force until March 31, 2024: right on a 2023 date of service",
          c("man55", ("M17.11",), Line("20610", modifiers=("RT",)), ndc_line("J1030", 1, METHYLPREDNISOLONE_NDC, "1"),
            provider=1, dos=date(2023, 3, 1), today=date(2023, 3, 6))),
    Clean("ortho_ankle_sprain_teen", "orthopedics", "OCG I.C.19.a", c("girl15", ("S93.401A",), Line("99213"),
                                                                      Line("73610"), provider=1)),
    Clean("ortho_em25_with_joint_injection", "orthopedics",
          "NCCI ch. I E: E/M with modifier 25 bypasses the PTP edit 20610/99213 (indicator 1)",
          c("man55", ("M17.11", "M54.50"), Line("99213", (2,), modifiers=("25",)), Line("20610", (1,), modifiers=("RT",)),
            provider=1)),
    # Injections with NDC, E/M with 25 and a minor procedure
    Clean("inj_ketorolac_em25", "injections", "E/M-25 + 96372 + J1885 x4 (60 mg) with NDC",
          c("man55", ("M54.50",), Line("99213", modifiers=("25",)), Line("96372"),
            ndc_line("J1885", 4, KETOROLAC_NDC, "2"))),
    Clean("inj_ketorolac_medicaid", "injections (Medicaid)", "Medicaid: NDC on physician-administered drugs",
          c("woman41_medicaid", ("M54.50",), Line("99213", modifiers=("25",)), Line("96372"),
            ndc_line("J1885", 2, KETOROLAC_NDC, "1"))),
    Clean("inj_ceftriaxone_strep", "injections", "J0696 x4 (1 g) with NDC",
          c("man55", ("J02.0",), Line("99213", modifiers=("25",)), Line("87880"), Line("96372"),
            ndc_line("J0696", 4, CEFTRIAXONE_NDC, "1", unit="UN"))),
    Clean("em25_cerumen_removal", "primary care",
          "NCCI: E/M-25 with 69210 (indicator 1); 69210 is one ear, RT",
          c("man55", ("H61.21", "J02.9"), Line("99213", (2,), modifiers=("25",)), Line("69210", (1,), modifiers=("RT",)))),
    # Code shapes, new codes and conventions a naive check gets wrong
    Clean("code_shape_letter_in_third_place", "primary care", "ICD-10-CM I1A.0 (resistant hypertension, FY2023)",
          c("man55", ("I1A.0",), Line("99214"))),
    Clean("code_shape_letter_in_fourth_place", "primary care", "ICD-10-CM F32.A (depression, unspecified)",
          c("woman28", ("F32.A",), Line("99213"))),
    Clean("code_new_in_fy2026_on_fy2026_date", "primary care",
          "E11.A (type 2 diabetes in remission) added October 1, 2025: valid on a 2026 date of service",
          c("man55", ("E11.A",), Line("99213"), Line("83036"), Line("36415"))),
    Clean("code_shape_qa0_chapter", "pediatrics", "ICD-10-CM QA0.0101 (SCN2A-related neurodevelopmental disorder)",
          c("girl9", ("QA0.0101",), Line("99214"), provider=2)),
    Clean("injury_with_placeholder_and_intent", "primary care",
          "OCG I.C.19.e.5 and I.C.20: T63.441A names the intent; no external cause code is needed (W57 would be "
          "wrong: W57 Excludes1 T63.4-)", c("man55", ("T63.441A",), Line("99213"))),
    Clean("peds_prematurity_persisting", "pediatrics",
          "OCG I.C.16.d: P07.3- may be used for a child or adult who was premature when it affects current health",
          c("girl2", ("R62.0", "P07.35"), Line("99214", (1, 2)), provider=2)),
    Clean("peds_teen_bmi_percentile", "pediatrics", "Tabular Z68 note: pediatric BMI codes for persons 2-19 years",
          c("girl15", ("E66.9", "Z68.54"), Line("99213", (1, 2)), provider=2)),
    Clean("medicare_bilateral_modifier_50", "orthopedics (Medicare)",
          "CMS: bilateral procedures are one line with modifier 50 and 1 unit (MUE counts it once)",
          c("senior_man78", ("M17.0",), Line("20610", modifiers=("50",)), provider=1)),
    Clean("medicare_awv_with_problem_visit", "primary care (Medicare)",
          "CMS MLN AWV: a significant, separately identifiable E/M the same day takes modifier 25",
          c("senior_woman75", ("Z00.00", "I10"), Line("G0439", (1,)), Line("99213", (2,), modifiers=("25",)))),
    Clean("two_providers_same_day", "pediatrics + orthopedics",
          "issue 11: the same-day E/M rule is per provider; a pediatrician and an orthopedist both see the child",
          c("girl9", ("S93.401A",), Line("99213"), Line("73610"), provider=1,
            prior=(c("girl9", ("J45.909",), Line("99213"), provider=2),))),
    Clean("other_side_on_another_claim", "orthopedics",
          "issue 11: 20610-RT on one claim and 20610-LT on another the same day are two services",
          c("man55", ("M17.0",), Line("20610", modifiers=("LT",)), provider=1,
            prior=(c("man55", ("M17.0",), Line("20610", modifiers=("RT",)), provider=1),))),
    Clean("rebilled_after_void", "primary care", "issue 11: a voided claim's service can be billed again",
          c("woman28", ("F41.1",), Line("99214"), prior=(c("woman28", ("F41.1",), Line("99214")),), with_priors=voided)),
    Clean("excludes2_hypertensive_retinopathy", "primary care (Medicare)",
          "Tabular I10 Excludes2 H35.0- (may be coded together: OCG I.A.12.b)",
          c("senior_man78", ("I10", "H35.033"), Line("99214"))),
    Clean("ckd_alone_first", "primary care (Medicaid)",
          "N18 'code first any associated' diabetic or hypertensive CKD: with none, N18.4 is first (issue 11)",
          c("woman41_medicaid", ("N18.4",), Line("99214"))),
    Clean("visual_loss_first", "primary care (Medicare)",
          "H54 'code first any associated underlying cause' is not a manifestation note (issue 11)",
          c("senior_woman75", ("H54.7",), Line("99213"))),
    Clean("male_breast_cancer", "primary care (Medicare)", "C50.92- malignant neoplasm of male breast: a man",
          c("senior_man78", ("C50.921",), Line("99214"))),
    Clean("ob_elderly_multigravida", "OB/GYN (Medicaid)", "OCG I.C.15.b.2 (O09 for high-risk supervision), Z3A",
          c("woman41_medicaid", ("O09.522", "Z3A.20"), Line("99213", (1, 2)), Line("81002", (1,)))),
    Clean("repeat_lab_test_91", "primary care", "CPT modifier 91 (repeat clinical lab test): two services (issue 11)",
          c("man55", ("E11.65",), Line("99213"), Line("82947"), Line("82947", modifiers=("91",)))),
    Clean("ndc_half_milliliter_eleven_digits", "injections", "NUCC 24 shaded: quantity up to 3 decimals; 11 digits",
          c("woman35", ("M54.50",), Line("99213", modifiers=("25",)), Line("96372"),
            ndc_line("J1885", 1, "00409379501", "0.5"))),
    Clean("eight_lines_two_pages", "primary care",
          "NUCC item 24: six lines a form; a longer claim goes on more forms, not an error",
          c("man55", ("E11.65", "I10", "E78.5", "R07.9"), Line("99214", (1, 2, 3)), Line("83036", (1,)),
            Line("80061", (3,)), Line("85025", (1,)), Line("82947", (1,)), Line("36415", (1,)),
            Line("81002", (1,)), Line("93000", (4,)))),
    Clean("pointers_beyond_d", "primary care",
          "NUCC 21/24E: 12 diagnoses A-L; a line may point at any four of them",
          c("man55", ("E11.65", "I10", "E78.5", "K21.9", "F41.1", "G47.00", "M17.11", "J30.9", "Z79.84",
                      "Z87.891", "E55.9", "D64.9"),
            Line("99215", (1, 2, 3, 4)), Line("83036", (1,)), Line("80061", (3,)), Line("85025", (12,)),
            Line("82306", (11,)), Line("36415", (1, 3, 11, 12)))),
    Clean("newborn_first_week_exam", "pediatrics", "Z00.110 newborn exam under 8 days; P59.9 neonatal jaundice",
          c("newborn5d", ("Z00.110", "P59.9"), Line("99391", (1, 2)), provider=2)),
    Clean("medicare_advantage_plan_id", "primary care (Medicare Advantage)",
          "A Medicare Advantage plan's member ID is the plan's own, not an MBI (the MBI rule is for Medicare)",
          c("senior_ma70", ("I10",), Line("99213"))),
    Clean("htn_heart_failure_right", "primary care (Medicare)", "OCG I.C.9.a.1: I11.0 with I50.- for the type",
          c("senior_man78", ("I11.0", "I50.9"), Line("99214"))),
    Clean("htn_heart_ckd_right", "primary care (Medicare)", "OCG I.C.9.a.3: I13.0 with I50.- and N18.4",
          c("senior_woman75", ("I13.0", "I50.9", "N18.4"), Line("99214"))),
    Clean("last_day_of_fy2026", "primary care", "FY2026 runs through September 30, 2026: the April release covers it",
          c("man55", ("E11.9", "I10"), Line("99213", (1, 2)), dos=date(2026, 9, 30), today=date(2026, 10, 2))),
    Clean("drug_monitoring_first", "primary care (Medicare)",
          "OCG I.C.21.c.7 (Z51.81 first for therapeutic drug monitoring), Z79.01",
          c("senior_man78", ("Z51.81", "Z79.01", "I48.91"), Line("85610"), Line("36415"))),
    Clean("sequela_of_fracture", "orthopedics", "OCG I.C.19.a (7th character S: the sequela first, the injury after)",
          c("man55", ("M25.631", "S52.531S"), Line("99213", (1, 2)), provider=1)),
    Clean("pregnant_incidental", "primary care", "OCG I.C.15.a.1: Z33.1 when the pregnancy is incidental",
          c("woman28", ("J06.9", "Z33.1"), Line("99213", (1, 2)))),
    Clean("teen_pregnancy", "OB/GYN", "MCE maternity ages 9-64: a 15-year-old's prenatal visit",
          c("girl15", ("Z34.01", "Z3A.10"), Line("99213", (1, 2)))),
    Clean("telehealth_audio_only_93", "primary care", "CPT modifier 93 (audio-only), POS 10",
          c("woman35", ("F41.1",), Line("99213", modifiers=("93",)), pos="10")),
    Clean("ptp_bypassed_by_other_joint", "orthopedics",
          "NCCI PTP 20610/20605 indicator 1: anatomic modifiers (RT, LT) show different joints (NCCI ch. I E.)",
          c("man55", ("M17.11", "M25.532"), Line("20610", (1,), modifiers=("RT",)), Line("20605", (2,), modifiers=("LT",)),
            provider=1)),
    Clean("ptp_bypassed_by_xs", "orthopedics", "NCCI PTP 20610/20605 indicator 1 with XS (separate structure)",
          c("man55", ("M17.11", "M25.531"), Line("20610", (1,), modifiers=("RT",)),
            Line("20605", (2,), modifiers=("RT", "XS")), provider=1)),
    Clean("excludes1_qualifier_not_met_diabetes", "primary care (Medicare)",
          "Tabular G63 Excludes1 'diabetes mellitus (E08-E13 with .42)': E11.9 is not .42; G63 after its "
          "underlying nutritional deficiency (code first E40-E64)",
          c("senior_man78", ("E53.8", "G63", "E11.9"), Line("99214"))),
    Clean("scalp_laceration_closed_skull_fracture", "primary care",
          "Tabular S01 Excludes1 'open skull fracture (S02.- with 7th character B)': a closed fracture (A) is not",
          c("man55", ("S01.01XA", "S02.0XXA", "W01.0XXA"), Line("99214", (1, 2, 3)))),
    Clean("secondary_claim_after_primary_eob", "primary care",
          "NUCC 9-9d, 11d YES and 29 on the claim to the second plan; the primary's lines are not a duplicate",
          c("man40_two_plans", ("J30.9",), Line("99213"), after_make=primary_paid_then_secondary)),
    Clean("two_plans_spouse_secondary", "primary care", "NUCC 9, 9a, 9d and 11d YES for a second plan",
          c("man40_two_plans", ("J30.9",), Line("99213"))),
]
CLEAN_BY_NAME = {clean.name: clean for clean in CLEAN}

# Bases moved in time (a clean claim on another date, checked on another day).
FY2027_DOS = date(2026, 10, 5)  # FY2027 took effect on October 1, 2026; the bundled release is April 2026
BASES = {
    "old_dos": dict(dos=date(2025, 10, 6), today=date(2025, 10, 10)),  # FY2026, checked days later
    "fy2025": dict(dos=date(2025, 9, 15), today=date(2025, 9, 19)),  # FY2025: before E11.A existed
    "leap": dict(dos=date(2023, 3, 1), today=date(2023, 3, 6)),  # FY2023; its year of filing holds 02/29/2024
}


def base_case(spec: str) -> Case:
    name, _, moved = spec.partition("@")
    base = CLEAN_BY_NAME[name].case
    return replace(base, **BASES[moved]) if moved else base


# ------------------------------------------------------------------------------------------ seeded errors
def s(name, source, base, change, expect):
    return Seeded(name, source, base, change, expect)


HICN = "123456789A"  # the retired SSN-based Health Insurance Claim Number

SEEDED = [
    # ------------------------------------------------------------------ diagnoses: existence and form
    s("dx_category_header", "OCG I.B.2 (report the highest number of characters available); DOMAIN: billable",
      "pc_diabetes_htn", set_dx(0, "E11"), err("21A", field="visit.diagnoses[0]")),
    s("dx_subcategory_header", "OCG I.B.2", "pc_chest_pain_ecg", set_dx(0, "R07.8"),
      err("21A", field="visit.diagnoses[0]")),
    s("dx_header_second_position", "OCG I.B.2", "medicare_em_dual", set_dx(1, "E78"),
      err("21B", field="visit.diagnoses[1]")),
    s("dx_7th_character_missing", "OCG I.A.5, I.C.19.a (7th character required for S codes)",
      "ortho_colles_fracture", set_dx(0, "S52.531"), err("21A", field="visit.diagnoses[0]")),
    s("dx_placeholder_x_missing", "OCG I.A.4 (placeholder X where a 7th character follows a short code)",
      "ortho_colles_fracture", set_dx(1, "W01.0A"), err("21B", field="visit.diagnoses[1]")),
    s("dx_code_does_not_exist", "OCG I.A.1; DOMAIN 'each diagnosis exists'", "pc_diabetes_htn",
      set_dx(0, "E11.99"), err("21A", field="visit.diagnoses[0]")),
    s("dx_invented_letter_code", "OCG I.A.1", "pc_anxiety", set_dx(0, "F41.7"), err("21A", field="visit.diagnoses[0]")),
    s("dx_icd9_diabetes", "NUCC item 21 (ICD indicator 0: ICD-10-CM only; no mixing)", "pc_diabetes_htn",
      set_dx(0, "250.00"), err("21A", field="visit.diagnoses[0]")),
    s("dx_icd9_hypertension", "NUCC item 21", "pc_diabetes_htn", set_dx(1, "401.9"),
      err("21B", field="visit.diagnoses[1]")),
    s("dx_icd9_v_code", "NUCC item 21 (ICD-9 V70.0 routine exam; ICD-10-CM has no V70.0 code)", "medicare_awv",
      set_dx(0, "V70.0"), err("21A", field="visit.diagnoses[0]")),
    s("dx_misplaced_dot", "issue 11: a misplaced dot is rejected, not reformatted (E1.19 is not E11.9)",
      "pc_diabetes_htn", set_dx(0, "E1.19"), err("21A", field="visit.diagnoses[0]")),
    s("dx_misplaced_dot_knee", "issue 11", "ortho_knee_injection_drug", set_dx(0, "M171.1"),
      err("21A", field="visit.diagnoses[0]")),
    s("dx_s06_seventh_d_after_7", "Tabular S06 note: 7th characters D and S do not apply to 6th character 7 or 8",
      "ortho_ankle_sprain_teen", set_dx(0, "S06.0X7D"), err("21A", field="visit.diagnoses[0]")),
    s("dx_seventh_character_not_defined", "Tabular S52 7th characters (A-H, J, K, M, N, P, Q, R, S); Z is none",
      "ortho_colles_fracture", set_dx(0, "S52.531Z"), err("21A", field="visit.diagnoses[0]")),
    s("dx_expanded_in_fy2025", "CMS FY2025 addenda: M51.36 expanded to M51.360-M51.369 (a heading since October 1, "
      "2024)", "inj_ketorolac_em25", set_dx(0, "M51.36"), err("21A", field="visit.diagnoses[0]")),
    # ------------------------------------------------------------------ Excludes1
    s("excludes1_pap_in_gyn_exam", "Tabular Z01.41 Excludes1 Z12.4 (and Z12.4 Excludes1 Z01.4-); OCG I.A.12.a",
      "gyn_exam_hpv", add_dx("Z12.4"), err(*DX)),
    s("excludes1_type1_and_type2", "Tabular E11 Excludes1 type 1 diabetes mellitus (E10.-)", "pc_diabetes_htn",
      add_dx("E10.9"), err(*DX)),
    s("excludes1_low_back_pain_strain", "Tabular M54.5 Excludes1 low back strain (S39.012)", "inj_ketorolac_em25",
      add_dx("S39.012A"), err(*DX)),
    s("excludes1_smoker_history", "Tabular F17 Excludes1 history of tobacco dependence (Z87.891)",
      "pc_amnesia_smoker", add_dx("Z87.891"), err(*DX)),
    s("excludes1_qualified_fifth_character", "Tabular R41.3 Excludes1 'F10-F19 with 5th character .6'",
      "pc_amnesia_smoker", set_dx(1, "F10.26"), err(*DX)),
    s("excludes1_qualifier_met_diabetic_polyneuropathy", "Tabular G63 Excludes1 (E08-E13 with .42): E11.42 is "
      "the combination code; G63 with it is wrong", "excludes1_qualifier_not_met_diabetes", dx("E11.42", "G63"),
      err(*DX)),
    s("excludes1_seventh_character_b", "Tabular S01 Excludes1 (S02.- with 7th character B): an open skull fracture",
      "scalp_laceration_closed_skull_fracture", set_dx(1, "S02.0XXB"), err(*DX)),
    s("excludes1_range_in_words", "Tabular S06.0 Excludes1 'S06.1- to S06.6-'", "ortho_ankle_sprain_teen",
      dx("S06.0X0D", "S06.5X0D"), err(*DX)),
    s("excludes1_newborn_exam_child_check", "Tabular Z00.11 Excludes1 health check for child over 28 days (Z00.12-)",
      "peds_newborn_check", add_dx("Z00.129"), err(*DX)),
    s("excludes1_neonatal_jaundice_range", "Tabular R17 Excludes1 neonatal jaundice (P55, P57-P59)",
      "newborn_first_week_exam", add_dx("R17"), err(*DX)),
    s("excludes1_wheezing_with_asthma", "Tabular J45 Excludes1 wheezing NOS (R06.2)", "peds_asthma_neb",
      add_dx("R06.2"), err(*DX)),
    # ------------------------------------------------------------------ sequencing
    s("manifestation_first_dementia", "OCG I.A.13 (manifestation never first); F02 'in diseases classified elsewhere'",
      "medicare_dementia_alzheimers", dx("F02.80", "G30.9"), err("21A", field="visit.diagnoses[0]")),
    s("manifestation_first_anemia_ckd", "Tabular D63.1 'code first underlying chronic kidney disease (N18.-)'",
      "medicare_htn_ckd", dx("D63.1", "I12.9", "N18.30"), err("21A", field="visit.diagnoses[0]")),
    s("external_cause_first", "OCG I.C.20 (an external cause code is never first-listed)", "ortho_colles_fracture",
      dx("W01.0XXA", "S52.531A"), err("21A", field="visit.diagnoses[0]")),
    s("external_cause_only_pointer", "OCG I.C.20; issue 11: never a line's only pointer", "ortho_colles_fracture",
      line(1, pointers=(2,)), err("24E", field="lines[1]")),
    s("bmi_first", "OCG I.C.21.c.3 (BMI codes are secondary only)", "pc_obesity_bmi", dx("Z68.31", "E66.811"),
      err("21A", field="visit.diagnoses[0]")),
    # ------------------------------------------------------------------ sex and age (MCE, tabular notes)
    # CMS deactivated the MCE's sex conflict edit (edit 5) from October 1, 2024, while many commercial payers
    # still reject such claims: a sex-specific code that contradicts the recorded sex needs a finding, a
    # warning or an error (ANY), but never silence.
    s("sex_pregnancy_male", "MCE sex lists (edit 5, deactivated FY2025): Z34 female only",
      "ob_prenatal_second_trimester", as_patient("man55"), any_severity("21A", "3")),
    s("sex_prostate_female", "MCE sex lists: N40 male only", "medigap_osteoporosis", dx("N40.0"), any_severity("21A", "3")),
    s("sex_prostate_cancer_female", "MCE sex lists: C61 male only", "medigap_osteoporosis", add_dx("C61"),
      any_severity("21B", "3")),
    s("sex_postmenopausal_male", "MCE sex lists: N95 female only", "medicare_em_dual", add_dx("N95.2"),
      any_severity("21C", "3")),
    s("sex_cervical_screening_male", "MCE sex lists: Z12.4 female only", "medicare_em_dual", add_dx("Z12.4"),
      any_severity("21C", "3")),
    s("age_maternity_two_year_old", "MCE maternity edit: ages 9-64", "peds_otitis", add_dx("Z34.82"),
      err("21B", "3")),
    s("age_maternity_seventy_five", "MCE maternity edit: ages 9-64", "medigap_osteoporosis", add_dx("Z34.82"),
      err("21B", "3")),
    s("age_child_exam_adult", "MCE pediatric edit (0-17): Z00.129 routine child health exam", "pc_anxiety",
      set_dx(0, "Z00.129"), err("21A", "3")),
    s("age_newborn_code_four_year_old", "MCE newborn edit (age 0): Z38 liveborn infant", "peds_strep",
      add_dx("Z38.00"), err("21B", "3")),
    s("age_newborn_exam_days", "Z00.110 'health examination for newborn under 8 days old' for a 25-day-old",
      "peds_newborn_check", set_dx(0, "Z00.110"), any_severity("21A", "3")),
    s("age_adult_bmi_child", "Tabular Z68 note: adult BMI codes for 20 years or older", "peds_asthma_neb",
      add_dx("Z68.41"), err("21B", "3")),
    s("age_pediatric_bmi_adult", "Tabular Z68 note: pediatric BMI codes for 2-19 years", "pc_obesity_bmi",
      set_dx(1, "Z68.54"), err("21B", "3")),
    # ------------------------------------------------------------------ combination coding (warnings)
    s("combination_htn_ckd", "OCG I.C.9.a.2: hypertension with CKD is I12.- (I10 with N18.- should be I12.-)",
      "medicare_htn_ckd", dx("I10", "N18.30"), warn(*DX)),
    s("combination_htn_heart_failure", "OCG I.C.9.a.1: hypertension with heart failure is I11.0 + I50.-",
      "medicare_em_dual", dx("I10", "I50.9"), warn(*DX)),
    s("combination_diabetes_ckd", "OCG I.A.15 'with': diabetes with CKD is E11.22 (E11.9 with N18.4)",
      "medicare_dm_ckd", dx("E11.9", "N18.4", "Z79.84"), warn(*DX)),
    # ------------------------------------------------------------------ lines: pointers, units, charges, dates
    s("pointer_to_blank_diagnosis", "NUCC 24E (point only to entered diagnoses)", "pc_diabetes_htn",
      line(0, pointers=(1, 2, 3)), err("24E", field="lines[0]")),
    s("pointer_missing", "NUCC 24E (at least one pointer)", "pc_diabetes_htn", line(1, pointers=()),
      err("24E", field="lines[1]")),
    s("pointer_more_than_four", "NUCC 24E (up to 4 pointers)", "pc_diabetes_htn",
      both(add_dx("E78.5"), add_dx("Z79.84"), add_dx("Z87.891"), line(0, pointers=(1, 2, 3, 4, 5))),
      err("24E", field="lines[0]")),
    s("units_zero", "NUCC 24G (at least 1)", "pc_diabetes_htn", line(1, units=0, charge=3100),
      err("24G", field="lines[1]")),
    s("charge_zero", "NUCC 24F; DOMAIN 'charges positive'", "pc_diabetes_htn", line(2, charge=0),
      err("24F", field="lines[2]")),
    s("charge_negative", "NUCC 24F (no negative amounts)", "pc_flu_vaccine", line(0, charge=-3900),
      err("24F", field="lines[0]")),
    s("line_to_before_from", "NUCC 24A; DOMAIN '\"to\" not before \"from\"'", "pc_anxiety",
      line(0, from_date=DOS, to_date=DOS - timedelta(days=1)), err("24A", field="lines[0]")),
    s("date_of_service_in_future", "DOMAIN 'dates of service not in the future'", "pc_anxiety",
      case(dos=TODAY + timedelta(days=3)), err("24A")),
    s("line_date_in_future", "DOMAIN 'dates of service not in the future'", "pc_diabetes_htn",
      line(2, from_date=TODAY + timedelta(days=5), to_date=TODAY + timedelta(days=5)), err("24A", field="lines[2]")),
    s("place_of_service_unassigned", "CMS place of service code set (45 is unassigned)", "pc_anxiety",
      case(pos="45"), err("24B")),
    # ------------------------------------------------------------------ modifiers
    s("modifier_does_not_exist_numeric", "CPT modifiers (34 is none); issue 11: modifiers must exist",
      "pc_anxiety", line(0, modifiers=("34",)), err("24D", field="lines[0]")),
    s("modifier_does_not_exist_letters", "HCPCS Level II modifiers (no modifier begins with Y)", "pc_uti",
      line(1, modifiers=("YY",)), err("24D", field="lines[1]")),
    s("modifier_one_character", "DOMAIN 'modifiers two characters'", "pc_uti", line(0, modifiers=("5",)),
      err("24D", field="lines[0]")),
    s("modifier_25_on_injection_code", "CPT/NCCI: modifier 25 only on an E/M code", "inj_ketorolac_em25",
      line(1, modifiers=("25",)), err("24D", field="lines[1]")),
    s("modifier_25_on_lab_code", "CPT/NCCI: modifier 25 only on an E/M code", "pc_diabetes_htn",
      line(2, modifiers=("25",)), err("24D", field="lines[2]")),
    s("hcpcs_terminated_code", "HCPCS file: J1030 terminated 03/31/2024 (issue 11: HCPCS by date of service)",
      "ortho_methylprednisolone_per_mg", line(1, code="J1030", units=1), err("24D", field="lines[1]")),
    s("hcpcs_not_yet_added", "HCPCS file: J1010 added 04/01/2024; not on a 2023 date of service",
      "ortho_methylprednisolone_40mg_in_2023", line(1, code="J1010", units=40), err("24D", field="lines[1]")),
    s("preventive_code_for_another_age", "CPT preventive medicine codes by age: 99396 is 40-64, the patient is 35",
      "gyn_exam_hpv", line(0, code="99396"), err("24D", field="lines[0]")),
    # ------------------------------------------------------------------ NDC for drug codes
    s("ndc_missing_medicaid", "Deficit Reduction Act 2005 / SSA 1927(a)(7): Medicaid needs the NDC of a "
      "physician-administered drug; NUCC 24 shaded area", "inj_ketorolac_medicaid",
      line(2, ndc="", ndc_quantity="", ndc_unit=""), err("24", "24A", "24D", field="lines[2]")),
    s("ndc_badly_formed", "NUCC 24 shaded: N4 + the 11-digit NDC (5-4-2)", "inj_ketorolac_em25",
      line(2, ndc="0409-3795"), err("24", "24A", "24D", field="lines[2]")),
    s("ndc_ten_digits_ambiguous", "NUCC 24 shaded: 11 digits (a 10-digit NDC lacks its padding zero)",
      "ortho_knee_injection_drug", line(1, ndc="0003029305"), err("24", "24A", "24D", field="lines[1]")),
    s("ndc_unit_missing", "NUCC 24 shaded: unit qualifier (F2, GR, ME, ML, UN) and quantity after the NDC",
      "medicare_b12_injection", line(1, ndc_unit=""), err("24", "24A", "24D", field="lines[1]")),
    # ------------------------------------------------------------------ duplicates
    s("duplicate_line_same_claim", "DOMAIN 'duplicate'; issue 11 (same code, same modifiers)", "pc_diabetes_htn",
      add_line(Line("83036", (1,))), err("24D", "24", field="lines[3]")),
    s("duplicate_same_side_twice", "issue 11: 20610-RT twice is a duplicate (the sides match)",
      "ortho_bilateral_knee_injections", line(1, modifiers=("RT",)), err("24D", "24")),
    s("duplicate_across_claims", "DOMAIN 'duplicate claim (same patient, date, code, payer) already billed'",
      "pc_anxiety", case(prior=(CLEAN_BY_NAME["pc_anxiety"].case,)), err("24D", "24")),
    s("duplicate_of_corrected_claim", "issue 11: a corrected claim still counts for the duplicate check",
      "pc_anxiety", case(prior=(CLEAN_BY_NAME["pc_anxiety"].case,), with_priors=printed_and_corrected),
      err("24D", "24")),
    s("second_em_same_day_same_provider", "issue 11: two E/M visits the same day by one provider need a reason",
      "pc_anxiety", add_line(Line("99213")), err("24D", "24")),
    s("second_em_with_25_still_needs_reason", "issue 11: modifier 25 on a same-day E/M is not the reason a second "
      "E/M by the same provider needs", "pc_anxiety", add_line(Line("99213", modifiers=("25",))), err("24D", "24")),
    s("second_em_same_day_other_claim", "issue 11 (across claims, from the office's other claims)", "pc_anxiety",
      case(prior=(c("woman28", ("J30.9",), Line("99212")),)), err("24D", "24")),
    # ------------------------------------------------------------------ NCCI PTP and MUE
    s("ptp_indicator_0_ecg_interpretation", "NCCI PTP 93000/93010 modifier indicator 0", "pc_chest_pain_ecg",
      add_line(Line("93010", (1,))), err("24D", field="lines[2]")),
    s("ptp_indicator_0_with_modifier_59", "NCCI PTP indicator 0: no modifier bypasses it", "pc_chest_pain_ecg",
      add_line(Line("93010", (1,), modifiers=("59",))), err("24D", field="lines[2]")),
    s("ptp_indicator_0_ultrasound_guidance", "NCCI PTP 20610/76942 modifier indicator 0", "ortho_knee_injection_drug",
      add_line(Line("76942", (1,))), err("24D", field="lines[2]")),
    s("ptp_indicator_1_em_without_25", "NCCI PTP 20610/99213 indicator 1; NCCI ch. I: modifier 25 on the E/M",
      "ortho_em25_with_joint_injection", line(0, modifiers=()), err("24D", field="lines[0]")),
    s("ptp_indicator_1_cerumen_em_without_25", "NCCI PTP 69210/99213 indicator 1", "em25_cerumen_removal",
      line(0, modifiers=()), err("24D", field="lines[0]")),
    s("ptp_across_claims_same_day", "NCCI PTP 20610/99213 (another claim of the same provider and day)",
      "ortho_knee_injection_drug",
      case(prior=(c("man55", ("M54.50",), Line("99213"), provider=1),)), err("24D", "24")),
    s("ptp_indicator_1_no_modifier", "NCCI PTP 20610/20605 indicator 1 with no NCCI-associated modifier on either",
      "ptp_bypassed_by_xs", both(line(0, modifiers=()), line(1, modifiers=())), err("24D", field="lines[1]")),
    s("mue_first_vaccine_admin_twice", "NCCI MUE 90471 = 1 (more vaccines are 90472)", "pc_flu_vaccine",
      line(1, units=2), err("24G", field="lines[1]")),
    s("mue_per_day_across_claims", "NCCI MUE 90471 = 1 with MAI 2 (per day: the units of the day's claims add up)",
      "pc_flu_vaccine", case(prior=(c("man55", ("Z23",), Line("90715"), Line("90471")),)), err("24G", "24")),
    s("mue_awv_two_units", "NCCI MUE G0439 = 1", "medicare_awv", line(0, units=2), err("24G", field="lines[0]")),
    s("mue_joint_injection_three_units", "NCCI MUE 20610 = 2 (MAI 1, per line)", "ortho_knee_injection_drug",
      line(0, units=3), err("24G", field="lines[0]")),
    # ------------------------------------------------------------------ payers and parties
    s("medicare_hicn_instead_of_mbi", "CMS: Medicare claims need the MBI since 2020 (HICNs are rejected)",
      "medicare_em_dual", case(policies=(PolicySpec("medicare", HICN), PolicySpec("medicaid", "498765432", priority=2))),
      err("1a", field="policy.member_id")),
    s("mbi_forbidden_letter", "CMS MBI format: letters S, L, O, I, B, Z are never used", "medicare_awv",
      case(policies=(PolicySpec("medicare", "1SG4TE5MK73"),
                     PolicySpec("medigap", "HMS70045521", priority=2, plan_name="Medigap Plan G"))),
      err("1a", field="policy.member_id")),
    s("mbi_wrong_length", "CMS MBI format: 11 characters", "medicare_flu",
      case(policies=(PolicySpec("medicare", MBI["schmidt"][:10]),
                     PolicySpec("medigap", "HMS70045521", priority=2, plan_name="Medigap Plan G"))),
      err("1a", field="policy.member_id")),
    s("ein_never_issued_prefix", "IRS: EINs are never issued with prefix 07 (DOMAIN 'EIN prefix'); NUCC 25",
      "pc_anxiety", case(with_priors=lambda office, claims: office.setup.save_practice(
          replace(office.setup.practice(), tax_id="071456832"))), err("25", field="practice.tax_id")),
    s("rendering_npi_check_digit", "NPI check digit (Luhn over 80840 + 9 digits); NUCC 24J", "pc_anxiety",
      case(provider_npi=bad_check_digit(PROVIDERS[0].npi)),
      err("24J", "31", field="provider.npi")),
    s("referring_npi_check_digit", "NPI check digit; NUCC 17b", "pc_anxiety",
      case(referring=("Dana Whitfield", bad_check_digit(npi("159876543")))), err("17b", "17", field="visit.referring_npi")),
    s("insured_missing_for_child", "NUCC items 4, 7, 11a: the insured when the patient is not the insured",
      "peds_sports_physical",
      case(policies=(PolicySpec("spouse_plan", "PHP77120934", group_number="PG4410", plan_name="Prairie Select",
                                relationship=Relationship.CHILD, insured=None),)),
      err("4", "7", "11a", "6")),
    s("insured_birth_date_missing", "NUCC 11a (insured's 8-digit birth date)", "peds_sports_physical",
      case(policies=(PolicySpec("spouse_plan", "PHP77120934", group_number="PG4410", plan_name="Prairie Select",
                                relationship=Relationship.CHILD, insured=replace(MOTHER, dob=None)),)),
      err("11a", field="policy.insured")),
    s("medicaid_billed_before_medicare", "SSA 1902(a)(25): Medicaid is the payer of last resort; Medicare is primary",
      "medicare_em_dual", case(policies=(PolicySpec("medicaid", "498765432"),
                                         PolicySpec("medicare", MBI["haddad"], priority=2))),
      err("1", "1a", "11", "11d", "9", "carrier")),
    s("medigap_billed_before_medicare", "CMS: a Medigap policy pays after Medicare, never first",
      "medigap_osteoporosis", case(policies=(PolicySpec("medigap", "HMS70045521", plan_name="Medigap Plan G"),
                                             PolicySpec("medicare", MBI["schmidt"], priority=2))),
      err("1", "1a", "11", "11d", "9", "carrier")),
    s("policy_ended_before_service", "issue 11: a policy that ended after the claim was made is caught on the next "
      "check", "pc_anxiety", case(after_make=end_policy(DOS - timedelta(days=1))), err("1a", "11", "1", "11c")),
    s("secondary_policy_ended", "issue 11: the policy is checked again on every check, the secondary's too",
      "secondary_claim_after_primary_eob",
      case(after_make=lambda office, claim: end_second_policy(office, primary_paid_then_secondary(office, claim))),
      err("1a", "11", "1", "11c")),
    s("medicare_timely_filing_passed", "42 CFR 424.44: Medicare, 12 months from the date of service",
      "medicare_em_dual@old_dos", case(today=date(2026, 10, 16)), err("carrier", "24A", "1", "22")),
    s("medicare_timely_filing_last_day_leap_year", "42 CFR 424.44(a)(1): 1 calendar year after the date of "
      "service: 03/01/2023 may be filed through 03/01/2024 (366 days, over February 29)",
      "medicare_em_dual@leap", case(today=date(2024, 3, 1)), warn("carrier", "24A", "1", "22")),
    s("medicare_timely_filing_approaching", "issue 11: timely filing warns as the limit approaches",
      "medicare_em_dual@old_dos", case(today=date(2026, 9, 28)), warn("carrier", "24A", "1", "22")),
    # ------------------------------------------------------------------ code-set releases by date of service
    s("release_newer_than_held", "issue 11: the newest release held is older than the date of service "
      "(FY2027 took effect on October 1, 2026): warn once and say what to download", "pc_diabetes_htn",
      case(dos=FY2027_DOS, today=FY2027_DOS + timedelta(days=4)), warn(*DX)),
    s("code_not_yet_in_force", "E11.A (type 2 diabetes in remission) was added in FY2026, effective "
      "October 1, 2025 (CMS FY2026 ICD-10-CM addenda); used on a FY2025 date of service",
      "pc_diabetes_htn@fy2025", set_dx(0, "E11.A"), err("21A", field="visit.diagnoses[0]")),
]


SEEDED_BY_NAME = {seeded.name: seeded for seeded in SEEDED}
assert len(SEEDED_BY_NAME) == len(SEEDED) and len(CLEAN_BY_NAME) == len(CLEAN), "scenario names must be unique"
assert all(seeded.base.partition("@")[0] in CLEAN_BY_NAME for seeded in SEEDED)
assert all(clean.case.patient in PATIENTS for clean in CLEAN)


def seeded_case(seeded: Seeded) -> Case:
    return seeded.change(base_case(seeded.base))
