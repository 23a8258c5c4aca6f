"""Procedure edits through the facade: imported PTP/MUE files reach `office.claims.check` by date of service."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from officebill.office.edit_service import ProcedureEditService
from tests.codes.ncci_files import mue_zip, ptp_parts
from tests.conftest import DEMO_TODAY

EDITS = [("96372", "99213", "20130101", "*", "1", "Misuse of column two code with column one code"),
         ("96372", "99214", "20130101", "*", "1", "Misuse of column two code with column one code"),
         ("20611", "20610", "20150101", "*", "1", "Mutually exclusive procedures"),
         ("20611", "76942", "20150101", "20261001", "0", "CPT Manual or CMS manual coding instructions")]


SUNDAYS = {True: date(2026, 9, 6), False: date(2026, 10, 4)}  # the demo office sees no one on Sundays


def _claim_findings(office, visit, specs, day):
    """The visit copied to `day` with lines (code, modifiers, units), its claim made: the procedure findings."""
    first = visit.lines[0]
    lines = tuple(replace(first, id=None, line_no=n + 1, code=code, modifiers=mods, units=units, ndc="",
                          ndc_unit="", ndc_quantity="", from_date=day, to_date=day)
                  for n, (code, mods, units) in enumerate(specs))
    saved = office.visits.save(replace(visit, id=None, service_date=day, lines=lines), DEMO_TODAY).value
    made = office.claims.make([saved.id], today=DEMO_TODAY).value.made[0]
    found = office.claims.check([made.id], today=DEMO_TODAY).value[made.id]
    return {(f.rule, f.field) for f in found if f.rule.startswith(("ncci.", "em.", "line.modifier_"))}


def test_imported_edits_are_checked_by_date_of_service(demo_office, tmp_path):
    visits = iter(demo_office.visits.between(date(2026, 9, 1), DEMO_TODAY))
    used = set()

    def check(before_october: bool, specs):
        """Bill the lines on a Sunday for a patient not used yet (so no other claim shares the day)."""
        chosen = next(v for v in visits if v.patient_id not in used)
        used.add(chosen.patient_id)
        return _claim_findings(demo_office, chosen, specs, SUNDAYS[before_october])

    assert check(True, [("99213", (), 1), ("96372", (), 1)]) == set()  # none imported
    edits = ProcedureEditService(demo_office.codes)
    edits.import_ptp(ptp_parts(tmp_path / "ptp", EDITS))
    edits.import_mue([mue_zip(tmp_path)])
    pair = [("99213", (), 1), ("96372", (), 1)]
    assert check(True, pair) == {("ncci.ptp", "lines[0].code")}
    assert check(True, [("99213", ("25",), 1), ("96372", (), 1)]) == set()
    # 20611 with 76942: deleted after 10/01/2026 in these files
    guided = [("20611", (), 1), ("76942", (), 1)]
    assert check(True, guided) == {("ncci.ptp", "lines[1].code")}
    assert check(False, guided) == set()
    # MUE (2026 Q1 table: 20610 two a day, date of service edit) and modifier 25 off an E/M code
    assert check(False, [("20610", ("50",), 3)]) == {("ncci.mue", "lines[0].units")}
    assert check(False, [("96372", ("25",), 1)]) == {
        ("line.modifier_25", "lines[0].modifiers")}
