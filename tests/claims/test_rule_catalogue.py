"""The scrubber's rule ids are stable: every registered rule is listed here, and every id listed here is still
registered, so a renamed, dropped or new rule is noticed (claims, the CLI's --json and overrides kept in office
files name findings by these ids). The overridable ones are listed too: only where the guidelines allow it."""
from __future__ import annotations

from officebill.claims.scrubber import RULES, rule_ids

CATALOGUE = {
    "rules_diagnoses": ["dx.present", "dx.max", "dx.format", "dx.duplicate", "dx.excludes1", "dx.manifestation_first",
                        "dx.code_first_order", "dx.external_cause_first", "dx.external_cause_pointer",
                        "dx.secondary_pointer", "dx.bmi_first", "dx.combination",
                        "dx.sex_conflict", "dx.age_conflict"],
    "rules_lines": ["lines.present", "line.code", "line.pointers_present", "line.pointers_range", "line.pointers_max",
                    "line.pointers_duplicate", "medicare.single_pointer", "line.dates", "visit.service_date",
                    "line.span_units", "line.charge", "line.units", "line.modifiers", "line.modifier_exists",
                    "line.modifier_25", "line.ndc", "claim.total"],
    "rules_parties": ["patient.name", "patient.dob", "patient.sex", "patient.address", "patient.signature",
                      "insured.name", "insured.address", "insured.dob", "policy.relationship", "policy.member_id",
                      "policy.group", "policy.active", "payer.address", "payer.plan_type", "other_insurance",
                      "coordination.order",
                      "secondary.prior_result", "other_insurance.medigap_id", "practice.name_address",
                      "practice.phone", "npi.billing", "practice.tax_id", "practice.taxonomy", "npi.rendering",
                      "provider.name", "facility.address", "npi.facility", "referring", "medicare.box11",
                      "medicare.member_id", "medicaid.ndc", "medicare.referring_name", "payer.timely_filing", "policy.changed"],
    "rules_releases": ["dx.exists", "dx.billable", "codes.release_current", "line.code_dates"],
    "rules_procedures": ["ncci.ptp", "ncci.mue", "em.same_day", "procedure.age", "claim.duplicate"],
    "rules_visit": ["visit.pos", "visit.onset", "visit.hospitalization", "visit.accident", "visit.box19",
                    "visit.prior_auth", "claim.frequency"],
}

# Findings a biller may override with a written reason, and the guideline that allows it.
OVERRIDABLE = {
    "dx.excludes1": "ICD-10-CM Official Guidelines I.A.12.a (Excludes1 exception: the conditions are unrelated)",
    "em.same_day": "a second E/M visit on the same day with its documented reason",
    "payer.timely_filing": "payer exceptions granted with proof (Medicare: 42 CFR 424.44(b))",
}


def test_every_registered_rule_is_in_the_catalogue_and_every_listed_id_is_registered():
    listed = [rule_id for ids in CATALOGUE.values() for rule_id in ids]
    assert len(listed) == len(set(listed))
    registered = set(rule_ids())
    assert registered - set(listed) == set(), "new rules: add them to CATALOGUE"
    assert set(listed) - registered == set(), "rules renamed or dropped: their findings change id"


def test_each_rule_lives_in_its_subject_module():
    for registered in RULES:
        module = registered.check.__module__.rsplit(".", 1)[-1]
        assert registered.id in CATALOGUE.get(module, []), f"{registered.id} is registered in {module}"


def test_only_the_rules_the_guidelines_allow_are_overridable():
    assert {r.id for r in RULES if r.overridable} == set(OVERRIDABLE)


def test_every_rule_cites_its_source():
    for registered in RULES:
        assert "Source" in registered.doc, f"{registered.id} does not say where its rule comes from"
