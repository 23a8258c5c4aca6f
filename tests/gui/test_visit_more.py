"""The Visits screen's More section: claim codes (10d), other date (15), unable to work (16) and
hospitalization (18) entered from the keyboard, problems beside the fields, More opening by itself."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from officebill.gui.visit_more import VisitMoreSection
from tests.gui.test_visit_entry import _add_diagnosis, _pick_patient
from tests.gui.visit_fixtures import DAY, focused, office, press, type_text, view, visit_codes_db, visit_demo_template  # noqa: F401


def test_a_hospitalized_visit_is_entered_from_the_keyboard(qtbot, view, office):
    _pick_patient(qtbot, view)
    for _ in range(3):  # Enter moves on: date, provider, facility, place of service
        press(qtbot, Qt.Key_Return)
    assert focused() is view.field("pos")
    type_text(qtbot, "21")  # Enter selected the text, so this replaces it
    assert view.header.pos_picker.current_row().code == "21"
    press(qtbot, Qt.Key_Return)
    assert view.field("pos").text() == "21"
    press(qtbot, Qt.Key_M, Qt.AltModifier)
    qtbot.waitUntil(lambda: view.header.more.isVisible(), timeout=10_000)
    assert isinstance(view.header.more, VisitMoreSection)
    press(qtbot, Qt.Key_8, Qt.AltModifier)  # Hospitalized (box 18)
    assert focused() is view.header.more.hospitalized_from
    admitted = DAY - timedelta(days=2)
    type_text(qtbot, admitted.strftime("%m%d%Y"))
    press(qtbot, Qt.Key_Tab)
    assert view.header.more.hospitalized_from.text() == admitted.strftime("%m/%d/%Y")  # typed MMDDYYYY, shown MM/DD/YYYY
    assert focused() is view.header.more.hospitalized_to  # still admitted: left blank
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    _add_diagnosis(qtbot, view, "E11.9", "E11.9")
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    type_text(qtbot, "99213")
    press(qtbot, Qt.Key_Return)
    assert view.save()
    visit = office.visits.get(view.visit_id)
    assert (visit.pos, visit.hospitalized_from, visit.hospitalized_to) == ("21", admitted, None)
    assert (visit.other_date, visit.other_date_qualifier, visit.claim_codes) == (None, "", "")

    assert view.save_and_new()
    assert not view.header.more.isVisible() and view.header.more.hospitalized_from.text() == ""
    view.open_visit(visit.id)
    assert view.header.more.isVisible() and view.header.more.hospitalized_from.text() == admitted.strftime("%m/%d/%Y")


def test_claim_dates_and_codes_round_trip_with_problems_beside_them(qtbot, view, office):
    _pick_patient(qtbot, view)
    press(qtbot, Qt.Key_M, Qt.AltModifier)
    qtbot.waitUntil(lambda: view.header.more.isVisible(), timeout=10_000)
    press(qtbot, Qt.Key_5, Qt.AltModifier)  # Other date (box 15): the qualifier
    assert focused() is view.header.more.other_date_qualifier
    press(qtbot, Qt.Key_Down)
    assert view.header.more.other_date_qualifier.currentData() == "454"
    press(qtbot, Qt.Key_Tab)
    assert focused() is view.header.more.other_date
    type_text(qtbot, (date.today() + timedelta(days=30)).strftime("%m/%d/%Y"))  # in the future (the facade's today)
    press(qtbot, Qt.Key_6, Qt.AltModifier)
    assert focused() is view.header.more.unable_to_work_from
    type_text(qtbot, DAY.strftime("%m/%d/%Y"))
    press(qtbot, Qt.Key_Tab)
    type_text(qtbot, (DAY - timedelta(days=1)).strftime("%m/%d/%Y"))  # before "from"
    press(qtbot, Qt.Key_0, Qt.AltModifier)
    assert focused() is view.header.more.claim_codes
    type_text(qtbot, "w2-")  # the hyphen is refused as typed
    assert view.header.more.claim_codes.text() == "W2"
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    _add_diagnosis(qtbot, view, "E11.9", "E11.9")
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    type_text(qtbot, "99213")
    press(qtbot, Qt.Key_Return)
    assert not view.save()
    labels = view.header.problem_labels
    for name in ("other_date", "unable_to_work_to"):
        widget, _part = labels[name]
        assert widget.property("invalid"), name
    shown = view.header.more.findChildren(type(view.general_problem))
    text = " ".join(label.text() for label in shown if label.isVisible())
    assert "future" in text and "before the start date" in text

    view.header.more.other_date.setText(DAY.strftime("%m/%d/%Y"))
    view.header.more.unable_to_work_to.setText((DAY + timedelta(days=14)).strftime("%m/%d/%Y"))  # expected return
    assert view.save()
    visit = office.visits.get(view.visit_id)
    assert (visit.other_date_qualifier, visit.other_date, visit.claim_codes) == ("454", DAY, "W2")
    assert (visit.unable_to_work_from, visit.unable_to_work_to) == (DAY, DAY + timedelta(days=14))


def test_more_fits_a_1366_by_768_screen(qtbot, view, tmp_path):
    view.resize(1366, 700)
    view.header.show_more()
    qtbot.waitUntil(lambda: view.header.more.isVisible(), timeout=10_000)
    for name in ("referring_name", "other_date_qualifier", "hospitalized_to", "claim_codes", "additional_info"):
        widget = getattr(view.header.more, name)
        assert widget.isVisible() and widget.width() >= 40, name
    assert view.header.more.width() <= 1366
    view.grab().save(str(tmp_path / "visits-more.png"))
