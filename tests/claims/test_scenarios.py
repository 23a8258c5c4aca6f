"""The scrubber audited as a payer would see it (issue 11): seeded errors are caught, clean claims get nothing.

Every case runs through the facade on a copy of a realistic office (`scenario_office`), over the real
ICD-10-CM release: the visit is entered, the claim made and checked. The table is `scenarios.py`; each
scenario names the guideline or manual section it comes from. A seeded scenario passes when a finding of
the expected severity in the expected box (and field, where given) is there and its clean base had no
finding at all; a clean claim passes when it has no finding, not even a warning, neither on the claim nor
in visit entry (`office.visits.findings`, shown when the visit is saved).
`bench/scrubber_audit.py` prints the same audit as counts.
"""
from __future__ import annotations

import pytest

from .scenario_audit import Audit
from .scenario_model import Expect, box_matches, caught, describe, field_matches
from .scenario_office import TODAY, build_template
from .scenarios import CLEAN, SEEDED


@pytest.fixture(scope="module")
def audit(codes_db, tmp_path_factory):
    template = build_template(tmp_path_factory.mktemp("scenario_office"), codes_db)
    return Audit(template, tmp_path_factory.mktemp("scenario_runs"))


def test_the_table_is_large_enough_and_spans_the_specialties():
    assert len(SEEDED) >= 60 and len(CLEAN) >= 30
    specialties = " ".join(clean.specialty for clean in CLEAN)
    for kind in ("primary care", "pediatrics", "OB/GYN", "orthopedics", "injections"):
        assert kind in specialties
    assert {s.expect.severity for s in SEEDED} >= {"error", "warning"}


def test_the_office_imported_its_code_files(audit):
    """HCPCS Level II records, a FY2025 ICD-10-CM release, NCCI PTP edits and MUEs (scenarios need each)."""
    assert audit.template.imports == {"hcpcs": "", "icd10cm": "", "ncci": "", "mue": ""}


@pytest.mark.parametrize("clean", CLEAN, ids=lambda clean: clean.name)
def test_clean_claim_has_no_finding(audit, clean):
    verdict = audit.clean(clean)
    assert verdict.ok, f"{clean.name} [{clean.source}]: {verdict.why}"


@pytest.mark.parametrize("seeded", SEEDED, ids=lambda seeded: seeded.name)
def test_seeded_error_is_caught(audit, seeded):
    verdict = audit.seeded(seeded)
    assert verdict.ok, f"{seeded.name} [{seeded.source}] {verdict.kind}: {verdict.why}"


class _Found:
    def __init__(self, severity, box, field):
        self.severity, self.box, self.field = severity, box, field


class _Result:
    def __init__(self, findings=(), refused=()):
        self.findings, self.refused = list(findings), tuple(refused)


def test_matching_is_by_severity_box_and_field():
    """The matcher itself: the right severity in the right box; a refusal at entry counts for errors only."""
    from officebill.core.problems import Problem

    expect = Expect("error", ("24E",), "lines[1]")
    assert caught(expect, _Result([_Found("error", "24E", "lines[1].pointers")]))
    assert not caught(expect, _Result([_Found("warning", "24E", "lines[1].pointers")]))
    assert not caught(expect, _Result([_Found("error", "24E", "lines[0].pointers")]))
    assert not caught(expect, _Result([_Found("error", "24G", "lines[1].units")]))
    assert caught(expect, _Result(refused=[Problem("visit.lines[1].pointers", "Point at an entered diagnosis.")]))
    assert not caught(Expect("warning", ("21*",)), _Result(refused=[Problem("visit.diagnoses[0]", "No.")]))
    assert box_matches("21C", ("21*",)) and not box_matches("24E", ("21*",))
    assert field_matches("visit.diagnoses[0]", "visit.diagnoses[0]") and not field_matches("visit.diagnoses[1]",
                                                                                          "visit.diagnoses[0]")


def test_excludes1_for_unrelated_conditions_is_overridden_with_a_reason(audit, tmp_path):
    """OCG I.A.12.a's own example: F45.8 (psychogenic dysmenorrhea) and G47.63 (sleep related teeth grinding)
    are an Excludes1 pair, but unrelated in this patient; the biller overrides the finding with the reason and
    the claim is no longer blocked, the override kept on the claim."""
    from .scenario_model import ERROR
    from .scenario_office import Case, Line, run_case

    seen = {}

    def override(office, claim):
        findings = office.claims.check([claim.id], today=TODAY).value[claim.id]
        (pair,) = [f for f in findings if f.severity == ERROR and f.box.startswith("21")]
        seen["before"] = pair
        office.claims.override(claim.id, pair.rule, pair.field, "Unrelated: dysmenorrhea and bruxism (OCG I.A.12.a)",
                               today=TODAY)
        seen["overrides"] = office.claims.overrides(claim.id)
        seen["status"] = office.claims.get(claim.id).status
        return claim

    case = Case(patient="woman35", dx=("F45.8", "G47.63"), lines=(Line("99213", (1, 2)),), after_make=override)
    result = run_case(audit.template, case, tmp_path / "override")
    assert not result.refused and "before" in seen, describe(result)
    blocking = [f for f in result.findings if f.severity == ERROR and not getattr(f, "overridden_reason", "")]
    assert blocking == [] and [f.rule for f in result.findings] == [seen["before"].rule]
    assert [o.reason for o in seen["overrides"]] == ["Unrelated: dysmenorrhea and bruxism (OCG I.A.12.a)"]
    assert seen["status"].value == "ready"
