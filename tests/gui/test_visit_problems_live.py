"""Issue 15, the Visits screen's problems: one fault is reported once, a corrected problem or finding goes
as soon as it is corrected (before any save), and removing the only diagnosis says what became of the
lines' pointers. Driven by keys on the real screen."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.gui.test_visit_findings_focus import _saved_visit_with_a_line_pointing_only_at_the_bmi, add_diagnosis_by_keys
from tests.gui.visit_fixtures import DAY, focused, office, press, type_text, view, visit_codes_db, visit_demo_template  # noqa: F401
from tests.gui.visit_window import show_visits, visit_window  # noqa: F401


def _shown_texts(view, word: str) -> list[str]:
    return [label.text() for label in view.findChildren(QLabel) if label.isVisible() and word in label.text()]


def _two_lines_by_keys(qtbot, view, *codes: str) -> None:
    """Alvarez, then `codes` as diagnoses, then two lines pointing at A."""
    type_text(qtbot, "Alvarez, Ai")
    press(qtbot, Qt.Key_Return)
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    for code in codes:
        add_diagnosis_by_keys(qtbot, view, code)
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    for code in ("99213", "36415"):
        type_text(qtbot, code)
        press(qtbot, Qt.Key_Return)  # picked: on to the modifiers
        press(qtbot, Qt.Key_Return)  # the next line


def test_a_future_date_of_service_is_reported_once(qtbot, view):
    _two_lines_by_keys(qtbot, view, "I10")
    view.field("service_date").setFocus()
    view.field("service_date").selectAll()
    type_text(qtbot, (date.today() + timedelta(days=30)).strftime("%m/%d/%Y"))  # the facade's today is the real one
    assert not view.save()
    assert len(_shown_texts(view, "future")) == 1, _shown_texts(view, "future")
    assert "future" in view.problem_text("service_date")
    assert all(row.problem.isHidden() for row in view.lines.filled_rows())


def test_no_diagnosis_is_reported_once_not_again_on_every_pointer(qtbot, view):
    _two_lines_by_keys(qtbot, view)
    assert not view.save()
    assert "diagnosis" in view.diagnoses.problem.text().lower()
    assert all(row.problem.isHidden() for row in view.lines.filled_rows()), [
        row.problem.text() for row in view.lines.filled_rows()]


def test_a_corrected_problem_goes_as_it_is_corrected(qtbot, view):
    _two_lines_by_keys(qtbot, view, "I10")
    row = view.lines.rows[1]
    row.pointers.setFocus()
    row.pointers.selectAll()
    type_text(qtbot, "C")
    assert not view.save()
    assert "Pointer 3" in row.problem.text() and row.pointers.property("invalid") is True
    row.pointers.selectAll()
    type_text(qtbot, "B")  # still wrong: still shown, in today's words
    qtbot.waitUntil(lambda: "Pointer 2" in row.problem.text(), timeout=5_000)
    row.pointers.selectAll()
    type_text(qtbot, "A")
    qtbot.waitUntil(lambda: row.problem.isHidden(), timeout=5_000)
    assert row.pointers.property("invalid") is False
    assert view.visit_id is None  # nothing was saved to make it go


def test_a_corrected_finding_goes_as_it_is_corrected(qtbot, visit_window):
    visits = show_visits(qtbot, visit_window)
    _saved_visit_with_a_line_pointing_only_at_the_bmi(qtbot, visits)

    def bmi_findings():
        return [visits.findings.item(i).text() for i in range(visits.findings.count())
                if "24E" in visits.findings.item(i).text()]

    assert bmi_findings()
    row = visits.lines.rows[1]
    row.pointers.setFocus()
    row.pointers.selectAll()
    type_text(qtbot, "AB")  # the obesity first, then the BMI
    qtbot.waitUntil(lambda: not bmi_findings(), timeout=10_000)
    assert visits.has_unsaved_changes()


def test_removing_the_only_diagnosis_says_what_became_of_the_pointers(qtbot, view):
    _two_lines_by_keys(qtbot, view, "I10")
    statuses = []
    view.status_message.connect(statuses.append)
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    press(qtbot, Qt.Key_Tab)
    assert focused() is view.diagnoses.table
    press(qtbot, Qt.Key_Delete)
    assert view.diagnoses.codes() == []
    rows = view.lines.filled_rows()
    assert [row.pointers.text() for row in rows] == ["", ""]
    assert all("I10" in row.problem.text() and not row.problem.isHidden() for row in rows)
    assert "lines 1, 2" in statuses[-1] and "no diagnosis" in statuses[-1]
    assert view.lines.rows[-1].pointers.text() == "A"  # the blank line keeps its default
    press(qtbot, Qt.Key_Return)  # back to the picker
    add_diagnosis_by_keys(qtbot, view, "J02.0")
    assert [row.pointers.text() for row in rows] == ["A", "A"]
    assert all(row.problem.isHidden() for row in rows)
    assert "now point at A (J02.0)" in statuses[-1]
    assert view.save()
    assert [line.pointers for line in view.office.visits.get(view.visit_id).lines] == [(1,), (1,)]


def test_removing_one_of_two_diagnoses_keeps_the_other_pointers(qtbot, view):
    _two_lines_by_keys(qtbot, view, "I10", "E11.9")
    view.lines.rows[0].pointers.setText("AB")
    view.lines.rows[1].pointers.setText("B")
    view.diagnoses.table.setFocus()
    view.diagnoses.table.setCurrentIndex(view.diagnoses.model.index(0, 1))
    press(qtbot, Qt.Key_Delete)
    assert [row.pointers.text() for row in view.lines.filled_rows()] == ["A", "A"]
    assert all(row.problem.isHidden() for row in view.lines.filled_rows())
    assert DAY  # the screen's today (visit_fixtures)
