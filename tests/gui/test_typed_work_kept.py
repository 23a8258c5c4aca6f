"""Issue 15, "Typed work is never thrown away": every way of leaving a half-entered visit asks the question
quitting asks (Save / Discard / Cancel), driven by keys in the real window."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.gui.visit_window import visit_window  # noqa: F401 (fixture)


def _focused():
    return QApplication.focusWidget()


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focused(), key, modifier)


@pytest.fixture
def window(visit_window):
    """The real window on a copy of the demo office, with the session's code database beside it."""
    return visit_window


def _half_entered_visit(qtbot, window):
    """Ctrl+2, a patient picked by typing, a diagnosis typed into the picker and added: no line yet."""
    _key(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    visits = window.visits
    visits.new_visit()
    qtbot.waitUntil(lambda: _focused() is visits.field("patient_id"))
    qtbot.keyClicks(_focused(), "Alvarez, Ai")
    _key(qtbot, Qt.Key.Key_Return)
    patient = visits.patient
    assert patient is not None
    _key(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(_focused(), "htn")
    picker = visits.diagnoses.picker
    assert picker.is_open()
    for _ in range(20):
        if picker.current_row().code == "I10":
            break
        _key(qtbot, Qt.Key.Key_Down)
    _key(qtbot, Qt.Key.Key_Return)
    assert visits.diagnoses.codes() == ["I10"]
    assert visits.has_unsaved_changes()
    return patient


def _another_patient(window, patient):
    return next(p for p in window.office.patients.find("", 20) if p.id != patient.id)


def _find_and_start_visit(qtbot, window, other) -> None:
    """Ctrl+F, the other patient's account, Ctrl+E (New visit for the patient found)."""
    _key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() is window.patients
    qtbot.keyClicks(_focused(), other.account)
    assert window.patients.current_patient().id == other.id
    _key(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_f_then_ctrl_e_asks_and_cancel_or_a_refused_save_keeps_the_typed_visit(qtbot, window, answers):
    patient = _half_entered_visit(qtbot, window)
    other = _another_patient(window, patient)
    visits = window.visits

    _find_and_start_visit(qtbot, window, other)
    assert answers["asked"] == [("Unsaved changes", "The Visits screen has changes that are not saved.\n\n"
                                                    "Save them before leaving?")]  # quitting's question
    assert window.current_view() is visits  # the typed visit is in sight
    assert visits.patient.id == patient.id and visits.diagnoses.codes() == ["I10"]

    answers["answer"] = QMessageBox.StandardButton.Save  # no service line yet: the save is refused
    _find_and_start_visit(qtbot, window, other)
    assert len(answers["asked"]) == 2
    assert visits.patient.id == patient.id and visits.diagnoses.codes() == ["I10"]
    assert visits.visit_id is None and visits.has_unsaved_changes()

    answers["answer"] = QMessageBox.StandardButton.Discard
    _find_and_start_visit(qtbot, window, other)
    assert len(answers["asked"]) == 3
    assert visits.patient.id == other.id and visits.diagnoses.codes() == []
    assert not visits.has_unsaved_changes()

    _find_and_start_visit(qtbot, window, patient)  # nothing typed now: no question
    assert len(answers["asked"]) == 3 and visits.patient.id == patient.id


def test_save_in_the_question_saves_the_visit_then_starts_the_next(qtbot, window, answers):
    patient = _half_entered_visit(qtbot, window)
    visits = window.visits
    _key(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # a service line
    qtbot.keyClicks(_focused(), "99213")
    _key(qtbot, Qt.Key.Key_Return)
    assert [row.code.text() for row in visits.lines.filled_rows()] == ["99213"]
    other = _another_patient(window, patient)
    answers["answer"] = QMessageBox.StandardButton.Save
    _find_and_start_visit(qtbot, window, other)
    assert len(answers["asked"]) == 1
    row = visits.recent_model.row_at(0)
    stored = window.office.visits.get(row.visit_id)
    assert stored.patient_id == patient.id and stored.diagnoses == ("I10",)
    assert [line.code for line in stored.lines] == ["99213"]
    assert visits.visit_id is None and visits.patient.id == other.id


def test_enter_on_a_recent_visit_asks_before_replacing_typed_work(qtbot, window, answers):
    patient = _half_entered_visit(qtbot, window)
    visits = window.visits
    _key(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # Alt+E: the recent visits
    assert _focused() is visits.recent
    _key(qtbot, Qt.Key.Key_Down)
    row = visits.recent_model.row_at(visits.recent.currentIndex().row())
    _key(qtbot, Qt.Key.Key_Return)
    assert len(answers["asked"]) == 1 and answers["asked"][0][0] == "Unsaved changes"
    assert visits.visit_id is None and visits.patient.id == patient.id and visits.diagnoses.codes() == ["I10"]

    answers["answer"] = QMessageBox.StandardButton.Discard
    _key(qtbot, Qt.Key.Key_Return)
    assert len(answers["asked"]) == 2
    assert visits.visit_id == row.visit_id and not visits.has_unsaved_changes()
    assert _focused() is visits.diagnoses.field


def test_a_half_typed_diagnosis_counts_as_typed_work(qtbot, window, answers):
    _half_entered_visit(qtbot, window)
    visits = window.visits
    assert visits.save() is False  # no line: stays unsaved; make the form otherwise clean
    answers["answer"] = QMessageBox.StandardButton.Discard
    visits.new_visit()
    answers["asked"].clear()
    qtbot.waitUntil(lambda: _focused() is visits.field("patient_id"))
    _key(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(_focused(), "E11.9")
    _key(qtbot, Qt.Key.Key_Escape)  # the list closes, the text stays
    assert visits.diagnoses.field.text() == "E11.9"
    answers["answer"] = QMessageBox.StandardButton.Cancel
    _key(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(answers["asked"]) == 1
    assert visits.diagnoses.field.text() == "E11.9"


def test_opening_a_visit_from_claims_asks_too(qtbot, window, answers):
    patient = _half_entered_visit(qtbot, window)
    visits = window.visits
    other_visit = visits.recent_model.row_at(0).visit_id
    window.claims.open_visit_requested.emit(other_visit)  # what Enter on a claim's visit finding sends
    assert len(answers["asked"]) == 1
    assert window.current_view() is visits
    assert visits.visit_id is None and visits.patient.id == patient.id

    answers["answer"] = QMessageBox.StandardButton.Discard
    window.claims.open_visit_requested.emit(other_visit)
    assert visits.visit_id == other_visit


def test_the_new_visit_button_asks_and_quitting_asks_the_same_question(qtbot, window, answers):
    _half_entered_visit(qtbot, window)
    visits = window.visits
    visits.new_button.setFocus()
    _key(qtbot, Qt.Key.Key_Space)  # "New visit"
    window.close()  # quitting
    assert len(answers["asked"]) == 2 and answers["asked"][0] == answers["asked"][1]
    assert window.isVisible() and visits.diagnoses.codes() == ["I10"]
    answers["answer"] = QMessageBox.StandardButton.Discard


def test_an_alt_letter_that_is_no_shortcut_types_nothing_on_the_visits_screen(qtbot, window):
    _half_entered_visit(qtbot, window)
    visits = window.visits
    _key(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # Alt+T: Patient (a real mnemonic)
    field = visits.field("patient_id")
    assert _focused() is field
    before = field.text()
    _key(qtbot, Qt.Key.Key_End)
    for key in (Qt.Key.Key_K, Qt.Key.Key_Q, Qt.Key.Key_Z):  # no field, button or menu has these letters
        _key(qtbot, key, Qt.KeyboardModifier.AltModifier)
    assert field.text() == before
    visits.field("referring_name").setFocus()  # More's line edits too
    qtbot.waitUntil(lambda: _focused() is visits.field("referring_name") or not visits.field("referring_name").isVisible())
    if _focused() is visits.field("referring_name"):
        _key(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
        assert visits.field("referring_name").text() == ""
    _key(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # a line added after the screen was built
    line = _focused()
    assert line is visits.lines.rows[0].code
    _key(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    assert line.text() == ""
    qtbot.keyClicks(line, "k")  # plain letters still type
    assert line.text().lower() == "k"


def _free_letter(window) -> str:
    """A letter that no visible label, button, tab or menu of the window underlines."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar, QWidget

    taken = set()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        texts = [widget.text()] if isinstance(widget, (QLabel, QAbstractButton)) else []
        if isinstance(widget, QTabBar):
            texts = [widget.tabText(i) for i in range(widget.count())]
        for text in texts:
            taken |= {text[i + 1].lower() for i in range(len(text) - 1) if text[i] == "&" and text[i + 1] != "&"}
    taken |= {action.text()[action.text().index("&") + 1].lower()
              for action in window.menuBar().actions() if "&" in action.text()}
    return next(letter for letter in "kqzjwxgbvyiu" if letter not in taken)


def test_an_alt_letter_that_is_no_shortcut_types_nothing_on_any_screen(qtbot, window):
    from PySide6.QtWidgets import QLineEdit

    _key(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # Setup: the practice's fields
    assert window.current_view() is window.setup
    field = next(w for w in window.setup.findChildren(QLineEdit) if w.isVisible() and w.isEnabled()
                 and not w.isReadOnly())
    field.setFocus()
    qtbot.waitUntil(lambda: _focused() is field)
    before = field.text()
    letter = _free_letter(window)
    _key(qtbot, Qt.Key(ord(letter.upper())), Qt.KeyboardModifier.AltModifier)
    assert field.text() == before


def test_enter_on_the_visit_already_shown_keeps_what_was_typed_in_it(qtbot, window, answers):
    _key(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    visits = window.visits
    _key(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # the recent visits
    _key(qtbot, Qt.Key.Key_Return)
    shown = visits.visit_id
    assert shown is not None
    _key(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # Alt+C: Copay collected
    assert _focused() is visits.copay_field
    visits.copay_field.selectAll()
    qtbot.keyClicks(visits.copay_field, "7.00")
    _key(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    assert visits.recent_model.row_at(visits.recent.currentIndex().row()).visit_id == shown
    _key(qtbot, Qt.Key.Key_Return)
    assert answers["asked"] == [] and visits.visit_id == shown
    assert visits.copay_field.text() == "7.00" and visits.has_unsaved_changes()
