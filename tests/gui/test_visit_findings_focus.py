"""Issue 15, "Fixing a finding takes you to the field at fault": every field path a scrubber rule can name
has a place (a field of the visit form, the patient's record, a Setup page), and Enter on a finding goes
there, driven by keys in the real window."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from officebill.claims.scrubber import RULES
from officebill.gui.visit_finding_places import fix_place
from tests.gui.rule_paths import raised_paths
from tests.gui.visit_fixtures import DAY, focused, office, press, type_text, view, visit_codes_db, visit_demo_template  # noqa: F401
from tests.gui.visit_window import show_visits, visit_window  # noqa: F401

# Rules whose paths the source reader cannot follow (a loop over a core function's answer), read by hand.
READ_BY_HAND = {"line.ndc": {"lines[0].ndc", "lines[0].ndc_unit", "lines[0].ndc_quantity"}}


def rule_paths(registered) -> set[str]:
    return READ_BY_HAND.get(registered.id) or raised_paths(registered.check)


def visit_level_paths() -> list[tuple[str, str]]:
    return sorted({(r.id, path) for r in RULES if r.visit_level for path in rule_paths(r)})


def test_every_field_a_rule_can_name_has_a_place():
    """A new rule naming a field no screen knows fails here (add its place in visit_finding_places.py)."""
    unread = [r.id for r in RULES if not rule_paths(r) or any("?" in p for p in rule_paths(r))]
    assert not unread, f"cannot tell which fields these rules name; add them to READ_BY_HAND: {unread}"
    nowhere = [(r.id, path) for r in RULES for path in rule_paths(r) if fix_place(path) is None]
    assert not nowhere, f"findings with no place to fix them: {nowhere}"
    assert len(visit_level_paths()) > 40


def test_places_say_where_in_words():
    assert fix_place("lines[1].pointers").where == "this visit, line 2: pointers"
    assert fix_place("visit.diagnoses[2]").where == "this visit, diagnosis C"
    assert fix_place("payer.payer_id").where == "Setup → Payers → the payer: Payer ID"
    place = fix_place("policy.member_id")
    assert place.screen == "patient" and place.policy == "policy" and "member ID" in place.where
    assert fix_place("provider.npi").screen == "setup" and fix_place("visit.provider").screen == "visit"
    assert fix_place("nonsense.path") is None


def _expected_widget(view, path: str):
    """The widget a visit path names on a form with one diagnosis row and one line at least."""
    path = path.removeprefix("visit.")
    row = view.lines.filled_rows()[0]
    line_fields = {"pointers": row.pointers, "code": row.code, "units": row.units, "charge": row.charge,
                   "modifiers": row.modifiers, "from_date": row.from_date, "to_date": row.to_date, "ndc": row.ndc,
                   "ndc_unit": row.ndc_unit, "ndc_quantity": row.ndc_quantity}
    if path.startswith("lines[0]."):
        return line_fields[path.split(".", 1)[1]]
    if path == "lines":
        return row.code
    if path.startswith("diagnoses["):
        return view.diagnoses.table
    if path == "diagnoses":
        return view.diagnoses.field
    return view.field(path)


@pytest.mark.parametrize("rule_id,path", [pair for pair in visit_level_paths()
                                          if fix_place(pair[1]).screen == "visit"])
def test_a_visit_field_a_finding_names_gets_the_focus(qtbot, view, rule_id, path):
    view.open_visit(view.recent_model.row_at(0).visit_id)
    expected = _expected_widget(view, path)
    if path == "visit.accident_state" and not expected.isEnabled():
        expected = view.field("accident_auto")  # the state opens with 'Auto accident'
    assert expected is not None, path
    place = view.go_to_fix(path)
    assert place is not None and place.screen == "visit"
    qtbot.waitUntil(lambda: focused() is expected, timeout=5_000)
    if path.startswith("diagnoses["):
        assert view.diagnoses.table.currentIndex().row() == int(path[len("diagnoses["):].split("]")[0])


def add_diagnosis_by_keys(qtbot, visits, code: str) -> None:
    """Type the code into the diagnosis picker, go down to it, Enter."""
    type_text(qtbot, code)
    picker = visits.diagnoses.picker
    qtbot.waitUntil(lambda: picker.is_open() and picker.current_row() is not None)
    for _ in range(20):
        if picker.current_row().code == code:
            break
        press(qtbot, Qt.Key_Down)
    press(qtbot, Qt.Key_Return)
    qtbot.waitUntil(lambda: code in visits.diagnoses.codes())


def _saved_visit_with_a_line_pointing_only_at_the_bmi(qtbot, visits):
    """Typed by keys: a patient, obesity and a BMI code, two lines, the second pointing at B (the BMI only:
    the scrubber's dx.secondary_pointer error on line 2's pointers), then Ctrl+S."""
    qtbot.keyClicks(focused(), "Alvarez, Ai")
    press(qtbot, Qt.Key_Return)
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    add_diagnosis_by_keys(qtbot, visits, "E66.9")
    add_diagnosis_by_keys(qtbot, visits, "Z68.41")
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    type_text(qtbot, "99213")
    press(qtbot, Qt.Key_Return)
    press(qtbot, Qt.Key_Return)
    type_text(qtbot, "36415")
    press(qtbot, Qt.Key_Return)  # picked: the modifiers
    press(qtbot, Qt.Key_Tab)
    assert focused() is visits.lines.rows[1].pointers
    type_text(qtbot, "B")
    press(qtbot, Qt.Key_S, Qt.ControlModifier)
    qtbot.waitUntil(lambda: visits.visit_id is not None and visits.findings.count() > 0, timeout=20_000)


def test_enter_on_a_finding_goes_to_the_line_at_fault_not_the_first_field(qtbot, visit_window):
    visits = show_visits(qtbot, visit_window)
    _saved_visit_with_a_line_pointing_only_at_the_bmi(qtbot, visits)
    texts = [visits.findings.item(i).text() for i in range(visits.findings.count())]
    row = next(i for i, text in enumerate(texts) if "24E" in text)
    visits.findings.setFocus()
    visits.findings.setCurrentRow(row)
    press(qtbot, Qt.Key_Return)
    qtbot.waitUntil(lambda: focused() is visits.lines.rows[1].pointers, timeout=5_000)


def _top_dialog():
    return QApplication.activeModalWidget() or QApplication.activeWindow()


def test_a_patient_finding_opens_the_patient_editor_on_that_field(qtbot, visit_window):
    from dataclasses import replace

    visits = show_visits(qtbot, visit_window)
    office = visit_window.office
    patient = next(p for p in office.patients.find("Alvarez, Ai", limit=5))
    office.patients.save(replace(patient, signature_on_file=False), office.patients.policies(patient.id))
    _saved_visit_with_a_line_pointing_only_at_the_bmi(qtbot, visits)
    texts = [visits.findings.item(i).text() for i in range(visits.findings.count())]
    row = next(i for i, text in enumerate(texts) if "box 12" in text)
    visits.findings.setFocus()
    visits.findings.setCurrentRow(row)
    press(qtbot, Qt.Key_Return)
    qtbot.waitUntil(lambda: getattr(visits, "fix_dialog", None) is not None and visits.fix_dialog.isVisible())
    dialog = visits.fix_dialog
    qtbot.waitUntil(lambda: focused() is dialog.patient_form.fields["signature_on_file"], timeout=5_000)
    dialog.reject()


def test_a_policy_finding_opens_the_policy_tab(qtbot, visit_window):
    visits = show_visits(qtbot, visit_window)
    qtbot.keyClicks(focused(), "Alvarez, Ai")
    press(qtbot, Qt.Key_Return)
    visits.go_to_fix("policy.member_id")
    dialog = visits.fix_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.tabs.currentIndex() == 1
    qtbot.waitUntil(lambda: focused() is dialog.policy_panels[0].form.fields["member_id"], timeout=5_000)
    dialog.reject()


def test_a_payer_finding_opens_setup_on_the_patients_payer_and_its_id(qtbot, visit_window):
    visits = show_visits(qtbot, visit_window)
    qtbot.keyClicks(focused(), "Alvarez, Ai")
    press(qtbot, Qt.Key_Return)
    statuses = []
    visits.status_message.connect(statuses.append)
    visits.go_to_fix("payer.payer_id")
    setup = visit_window.setup
    assert visit_window.stack.currentWidget() is setup
    editor = setup.current()
    primary = min(visit_window.office.patients.policies(visits.patient.id), key=lambda p: p.priority)
    assert editor.current_id == primary.payer_id
    qtbot.waitUntil(lambda: focused() is editor.form.fields["payer_id"], timeout=5_000)
    assert statuses[-1] == "Fix it here: Setup → Payers → the payer: Payer ID."


def test_without_the_window_the_screen_says_where(qtbot, view):
    statuses = []
    view.status_message.connect(statuses.append)
    view.open_visit(view.recent_model.row_at(0).visit_id)
    view.go_to_fix("provider.npi")
    assert statuses[-1] == "Fix it in Setup → Providers → the visit's provider: NPI."
