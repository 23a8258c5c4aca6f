"""Release rules: diagnoses checked against the ICD-10-CM release in force on the date of service, the
warning when the newest release held is older than the claim, and HCPCS codes by their dates.

Claims are scrubbed through the code service's own look-ups (`claim_lookup`, `release_lookup`) over a small
codes.db (tests/conftest.py cuts it from the bundled April 1, 2026 release) into which a "2027" release in
the CMS formats is imported: R07.3 added, R07.1 deleted, J02.8 expanded into J02.81 and J02.89.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from officebill.claims.scrubber import scrub
from officebill.codes import ensure_built, import_hcpcs, import_icd10cm
from officebill.office import CodeService
from tests.claims.conftest import make_full_claim
from tests.codes.icd_release_files import changed, write_release
from tests.codes.release_files import record_lines

SEPTEMBER, OCTOBER = date(2026, 9, 15), date(2026, 10, 15)
MINE = ("dx.exists", "dx.billable", "codes.release_current", "line.code_dates")


@pytest.fixture
def bundled_only(tmp_path, small_icd_release):
    path = ensure_built(tmp_path / "codes.db")
    with CodeService(path) as codes:
        yield codes


@pytest.fixture
def with_2027(tmp_path, small_icd_release):
    path = ensure_built(tmp_path / "codes.db")
    new = changed(small_icd_release, add={"R073": "Chest pain on exertion"}, delete=("R071",),
                  expand={"J028": {"J0281": "Acute pharyngitis, test", "J0289": "Acute pharyngitis, other"}})
    import_icd10cm(path, write_release(new, tmp_path / "cms", zipped=True))
    hcpcs = tmp_path / "hcpcs.txt"
    hcpcs.write_text("\r\n".join(record_lines("G0999", added="20200101", terminated="20251231")
                                 + record_lines("Q5999", added="20261101", effective="20261101", action="A")) + "\r\n")
    import_hcpcs(path, hcpcs, partial=True)
    with CodeService(path) as codes:
        yield codes


def claim_on(day: date, *diagnoses: str, codes=("99214",)):
    claim = make_full_claim(len(codes))
    lines = tuple(replace(line, code=code, from_date=day, to_date=day, pointers=(1,), ndc="", ndc_quantity="",
                          ndc_unit="", modifiers=()) for line, code in zip(claim.lines, codes))
    visit = replace(claim.visit, service_date=day, diagnoses=diagnoses, lines=lines, onset_date=None,
                    other_date=None, unable_to_work_from=None, unable_to_work_to=None, hospitalized_from=None,
                    hospitalized_to=None)
    return replace(claim, visit=visit, lines=lines, created=day)


def findings(codes: CodeService, claim, today=date(2027, 12, 1)):
    found = scrub(claim, codes.claim_lookup, today=today, releases=codes.release_lookup)
    return [f for f in found if f.rule in MINE]


def test_a_code_added_by_the_new_release_is_an_error_before_it(with_2027):
    (finding,) = findings(with_2027, claim_on(SEPTEMBER, "R07.3"))
    assert (finding.rule, finding.severity, finding.box, finding.field) == ("dx.exists", "error", "21A",
                                                                            "visit.diagnoses[0]")
    assert "'R07.3' is not in ICD-10-CM before the October 1, 2026 release" in finding.message
    assert findings(with_2027, claim_on(OCTOBER, "R07.3")) == []


def test_a_deleted_code_is_an_error_from_the_release_deleting_it(with_2027):
    assert findings(with_2027, claim_on(SEPTEMBER, "E11.9", "R07.1")) == []
    (finding,) = findings(with_2027, claim_on(OCTOBER, "E11.9", "R07.1"))
    assert (finding.rule, finding.box) == ("dx.exists", "21B")
    assert "was deleted in the October 1, 2026 release" in finding.message and "use one of R07.0, R07.2" in finding.message


def test_an_expanded_code_is_reported_once_as_not_billable(with_2027):
    assert findings(with_2027, claim_on(SEPTEMBER, "J02.8")) == []
    (finding,) = findings(with_2027, claim_on(OCTOBER, "J02.8"))  # once: not dx.exists as well
    assert finding.rule == "dx.billable"
    assert "expanded into more specific codes in the October 1, 2026 release" in finding.message
    assert "use one of J02.81, J02.89" in finding.message
    assert [f.rule for f in findings(with_2027, claim_on(SEPTEMBER, "J02.81"))] == ["dx.exists"]


def test_headings_and_unknown_codes_are_still_reported_once(with_2027):
    found = findings(with_2027, claim_on(OCTOBER, "E11", "J99.99"))
    assert [(f.rule, f.box) for f in found] == [("dx.exists", "21B"), ("dx.billable", "21A")]


def test_a_claim_after_the_newest_release_held_warns_once_saying_what_to_download(bundled_only):
    assert findings(bundled_only, claim_on(SEPTEMBER, "E11.9")) == []
    (warning,) = findings(bundled_only, claim_on(OCTOBER, "E11.9", "I10", "R07.9", codes=("99214", "99213")))
    assert (warning.rule, warning.severity, warning.box) == ("codes.release_current", "warning", "21")
    for words in ("April 1, 2026", "ended 09/30/2026", "FY2027", "cms.gov", "2027 Code Descriptions in Tabular "
                  "Order", "Import ICD-10-CM release", "officebill-cli codes import-icd10cm"):
        assert words in warning.message


def test_no_warning_once_the_release_is_imported_until_it_ends(with_2027):
    assert findings(with_2027, claim_on(OCTOBER, "E11.9")) == []
    (warning,) = findings(with_2027, claim_on(date(2027, 10, 4), "E11.9"))
    assert "October 1, 2026" in warning.message and "FY2028" in warning.message


def test_hcpcs_codes_before_their_start_or_after_termination_are_errors(with_2027):
    ended, early = findings(with_2027, claim_on(OCTOBER, "E11.9", codes=("G0999", "Q5999", "99214")))
    assert (ended.rule, ended.box, ended.field) == ("line.code_dates", "24D", "lines[0].code")
    assert "G0999 was terminated on 12/31/2025" in ended.message
    assert early.field == "lines[1].code" and "not a HCPCS code before 11/01/2026" in early.message
    assert [f.rule for f in findings(with_2027, claim_on(date(2025, 6, 2), "E11.9", codes=("G0999",)))] == []
    assert findings(with_2027, claim_on(date(2026, 11, 2), "E11.9", codes=("Q5999",))) == []


def test_real_codes_pass_on_a_date_inside_the_bundled_release(codes_db):
    with CodeService(codes_db) as codes:
        claim = make_full_claim()  # J02.0, R50.9, J06.9, R05.9 and its lines
        day = date(2026, 6, 15)
        lines = tuple(replace(line, from_date=day, to_date=day) for line in claim.lines)
        claim = replace(claim, visit=replace(claim.visit, service_date=day, lines=lines), lines=lines)
        assert findings(codes, claim) == []
        assert [f.rule for f in findings(codes, replace(claim, visit=replace(claim.visit, diagnoses=("J02",))))] \
            == ["dx.billable"]
