"""Issue 15, keys on the Visits screen: each Alt+letter once (the window's menus included, More open),
Tab left to right and top to bottom, Enter past the More button, Ctrl+Enter saves and starts the next
visit, and the F1 list names every key of the screen. Driven by keys in the real window."""
from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.test_mnemonics import duplicates, mnemonics
from tests.gui.test_visit_findings_focus import add_diagnosis_by_keys
from tests.gui.visit_fixtures import focused, press, type_text
from tests.gui.visit_window import show_visits, visit_window  # noqa: F401


def _patient(qtbot, visits):
    type_text(qtbot, "Alvarez, Ai")
    press(qtbot, Qt.Key_Return)
    assert visits.patient is not None and focused() is visits.field("service_date")


def test_each_alt_letter_once_with_more_open_and_each_goes_to_its_field(qtbot, visit_window):
    visits = show_visits(qtbot, visit_window)
    _patient(qtbot, visits)
    press(qtbot, Qt.Key_M, Qt.AltModifier)
    qtbot.waitUntil(visits.header.more.isVisible)
    assert not duplicates(mnemonics(visit_window)), duplicates(mnemonics(visit_window))
    for key, field in ((Qt.Key_S, "pos"), (Qt.Key_Y, "facility_id"), (Qt.Key_A, "prior_auth"),
                       (Qt.Key_5, "other_date_qualifier"), (Qt.Key_T, "patient_id")):
        press(qtbot, key, Qt.AltModifier)
        qtbot.waitUntil(lambda field=field: focused() is visits.field(field), timeout=5_000)
    press(qtbot, Qt.Key_1, Qt.AltModifier)  # Other accident (&10c): Alt+H stays the Help menu's
    qtbot.waitUntil(lambda: focused() is visits.field("accident_other"), timeout=5_000)


def test_enter_goes_past_the_more_button(qtbot, visit_window):
    visits = show_visits(qtbot, visit_window)
    _patient(qtbot, visits)
    visits.field("onset_date").setFocus()
    press(qtbot, Qt.Key_Return)
    assert focused() is visits.diagnoses.field  # More closed: on to the diagnoses
    press(qtbot, Qt.Key_M, Qt.AltModifier)
    qtbot.waitUntil(visits.header.more.isVisible)
    visits.field("onset_date").setFocus()
    press(qtbot, Qt.Key_Return)
    assert focused() is visits.field("referring_name")  # More open: its first field


def test_tab_goes_left_to_right_top_to_bottom(qtbot, visit_window):
    visits = show_visits(qtbot, visit_window)
    _patient(qtbot, visits)
    seen = [focused()]
    for _ in range(6):
        press(qtbot, Qt.Key_Tab)
        seen.append(focused())
    header = visits.header
    assert seen == [visits.field("service_date"), header.provider_combo, header.facility_combo, header.pos_field,
                    header.onset_field, header.more_button, visits.diagnoses.field]
    visits.copay_field.setFocus()
    buttons = []
    for _ in range(4):
        press(qtbot, Qt.Key_Tab)
        buttons.append(focused())
    assert buttons == [visits.ledger_button, visits.new_button, visits.save_new_button, visits.save_button]
    positions = [button.mapTo(visits, button.rect().topLeft()).x() for button in buttons]
    assert positions == sorted(positions)  # as they stand, left to right


def test_ctrl_enter_saves_and_starts_the_next_visit(qtbot, visit_window):
    visits = show_visits(qtbot, visit_window)
    _patient(qtbot, visits)
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    add_diagnosis_by_keys(qtbot, visits, "I10")
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    type_text(qtbot, "99213")
    press(qtbot, Qt.Key_Return)
    before = len(visit_window.office.visits.for_patient(visits.patient.id))
    patient_id = visits.patient.id
    press(qtbot, Qt.Key_Return, Qt.ControlModifier)
    qtbot.waitUntil(lambda: len(visit_window.office.visits.for_patient(patient_id)) == before + 1, timeout=10_000)
    qtbot.waitUntil(lambda: visits.visit_id is None and visits.patient is None)
    assert "Ctrl+Enter" in visits.save_new_button.text()


def test_f1_lists_every_key_of_the_screen(qtbot, visit_window):
    visits = show_visits(qtbot, visit_window)
    visits.header.show_more()
    qtbot.waitUntil(visits.header.more.isVisible)
    listed = " ".join(keys for keys, _ in visits.shortcut_help())
    for key in ("Ctrl+S", "Ctrl+Enter", "Ctrl+D", "Ctrl+I", "Ctrl+Delete", "Ctrl+Shift+D", "Ctrl+Shift+L",
                "Alt+Up", "Delete", "Tab", "Esc", "F4"):
        assert key in listed, key
    letters = {letter for letter, _where in mnemonics(visits)}  # as the mnemonics test reads them
    for letter in letters:
        assert f"Alt+{letter.upper()}" in listed, letter
    window_keys = " ".join(keys for _heading, rows in visit_window.shortcut_sections() for keys, _ in rows)
    assert "Alt+S" in window_keys and "Ctrl+Enter" in window_keys
