"""Visit drafts driven by keys in the real window (issue 15: typed work is never thrown away; issue 12: switch
user). Keep as draft is the question's default; Drafts waiting gives the visit back as typed; autosave keeps
it through a crash; switch user keeps it for the user who typed it."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from officebill.gui.unsaved import KEEP_AS_DRAFT
from officebill.office import Office
from tests.gui.conftest import DEMO_MANAGER, demo_user
from tests.gui.test_lock import _sign_in_by_keys, switch_question
from tests.gui.test_typed_work_kept import (
    _another_patient,
    _find_and_start_visit,
    _half_entered_visit,
    window,  # noqa: F401
)
from tests.gui.visit_window import visit_window  # noqa: F401 (the fixture under `window`)

REAL_QUESTION = QMessageBox.question  # before the fixtures answer every question


def _focused():
    return QApplication.focusWidget()


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focused(), key, modifier)


def _more_typing(qtbot, window) -> None:
    """After `_half_entered_visit`: a service line, a copay, a prior authorization (More) and a diagnosis
    typed but not added."""
    visits = window.visits
    _key(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(_focused(), "99213")
    _key(qtbot, Qt.Key.Key_Return)
    _key(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    visits.copay_field.selectAll()
    qtbot.keyClicks(visits.copay_field, "15.00")
    prior_auth = visits.header.field_named("prior_auth")  # opens More
    prior_auth.setFocus()
    qtbot.waitUntil(lambda: _focused() is prior_auth)
    qtbot.keyClicks(prior_auth, "PA77")
    _key(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(_focused(), "E11.")
    _key(qtbot, Qt.Key.Key_Escape)  # the list closes, the text stays


def _as_typed(window) -> dict:
    visits = window.visits
    return {"patient": visits.patient.id if visits.patient else None, "codes": visits.diagnoses.codes(),
            "lines": [(row.code.text(), row.charge.text(), row.pointers.text()) for row in visits.lines.filled_rows()],
            "copay": visits.copay_field.text(), "prior_auth": visits.field("prior_auth").text(),
            "pending": visits.diagnoses.field.text(), "visit_id": visits.visit_id}


def test_keep_as_draft_then_the_drafts_list_gives_back_every_field_as_typed(qtbot, window, answers):
    patient = _half_entered_visit(qtbot, window)
    _more_typing(qtbot, window)
    typed = _as_typed(window)
    assert typed["lines"][0][0] == "99213" and typed["pending"] == "E11." and typed["prior_auth"] == "PA77"
    drafts = window.visit_drafts
    assert drafts.panel.isHidden()  # none waiting yet

    answers["answer"] = KEEP_AS_DRAFT
    other = _another_patient(window, patient)
    _find_and_start_visit(qtbot, window, other)
    assert answers["asked"] == [("Unsaved changes", "The Visits screen has changes that are not saved.\n\n"
                                                    "Save them before leaving?")]
    visits = window.visits
    assert visits.patient.id == other.id and visits.diagnoses.codes() == [] and not visits.has_unsaved_changes()
    assert "Kept as a draft" in window.statusBar().currentMessage()
    assert drafts.panel.isVisible() and drafts.panel.model.rowCount() == 1
    listed = drafts.panel.model.draft_at(0)
    assert listed.patient_id == patient.id and listed.kept and listed.service_date is not None
    assert drafts.panel.model.data(drafts.panel.model.index(0, 0)) == patient.display_name

    _key(qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # Alt+W: Drafts waiting
    assert _focused() is drafts.panel.table
    _key(qtbot, Qt.Key.Key_Return)  # nothing typed for the other patient: no question
    assert len(answers["asked"]) == 1
    assert _as_typed(window) == typed
    assert visits.has_unsaved_changes() and drafts.current_id == listed.id

    answers["answer"] = QMessageBox.StandardButton.Cancel
    _key(qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    _key(qtbot, Qt.Key.Key_Delete)  # Discard asks; Cancel keeps it
    assert answers["asked"][-1][0] == "Discard draft" and patient.display_name in answers["asked"][-1][1]
    assert window.office.drafts.count() == 1

    visits.diagnoses.field.clear()
    _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # saving the visit removes its draft
    assert visits.visit_id is not None, visits.general_problem.text()
    qtbot.waitUntil(lambda: drafts.panel.isHidden())
    assert window.office.drafts.drafts() == []


def test_delete_on_a_draft_open_in_the_form_discards_it_and_clears_the_form(qtbot, window, answers):
    patient = _half_entered_visit(qtbot, window)
    answers["answer"] = KEEP_AS_DRAFT
    _find_and_start_visit(qtbot, window, _another_patient(window, patient))
    drafts = window.visit_drafts
    _key(qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    _key(qtbot, Qt.Key.Key_Return)
    assert window.visits.patient.id == patient.id
    answers["answer"] = QMessageBox.StandardButton.Discard
    _key(qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    _key(qtbot, Qt.Key.Key_Delete)
    assert window.office.drafts.drafts() == [] and drafts.panel.isHidden()
    assert window.visits.patient is None and not window.visits.has_unsaved_changes()


def test_autosave_keeps_typed_work_through_a_crash(qtbot, window, answers):
    _half_entered_visit(qtbot, window)
    drafts = window.visit_drafts
    qtbot.waitUntil(lambda: drafts.current_id is not None, timeout=20_000)  # a short while after the change
    first = window.office.drafts.get(drafts.current_id)
    assert first.form["diagnoses"] == ["I10"] and not first.kept
    _key(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # another change: the same draft follows
    qtbot.keyClicks(_focused(), "99213")
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: [line["code"] for line in window.office.drafts.get(first.id).form["lines"]] == ["99213"],
                    timeout=20_000)

    path = window.office.path  # the crash: the office connection goes, nobody is asked anything
    window.leave(backup=False)
    window.office.close()
    with Office.open(path, user=DEMO_MANAGER[0], password=DEMO_MANAGER[1]) as reopened:
        kept = reopened.drafts.drafts()
        assert [d.id for d in kept] == [first.id]
        assert kept[0].form["diagnoses"] == ["I10"] and kept[0].form["lines"][0]["code"] == "99213"


def test_discard_in_the_question_removes_the_autosaved_draft(qtbot, window, answers):
    patient = _half_entered_visit(qtbot, window)
    drafts = window.visit_drafts
    assert drafts.autosave() and window.office.drafts.count() == 1
    answers["answer"] = QMessageBox.StandardButton.Discard
    _find_and_start_visit(qtbot, window, _another_patient(window, patient))
    assert window.office.drafts.count() == 0 and drafts.current_id is None


def test_switch_user_keeps_the_draft_for_the_first_user_only(qtbot, window, answers):
    patient = _half_entered_visit(qtbot, window)
    qtbot.keyClick(_focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    answers["answer"] = KEEP_AS_DRAFT
    biller = demo_user("biller")
    _sign_in_by_keys(qtbot, window, *biller)
    qtbot.waitUntil(lambda: not window.locker.is_locked(), timeout=10_000)
    assert answers["asked"] == [switch_question("Maria Manager")]
    assert window.office.session.user_name == biller[0]
    visits = window.visits
    assert visits.patient is None and visits.diagnoses.codes() == [] and not visits.has_unsaved_changes()
    assert window.office.drafts.drafts() == [] and window.visit_drafts.panel.isHidden()  # not the biller's
    rows = window.office._db.execute("SELECT user_name, kept FROM visit_drafts").fetchall()
    assert rows == [(DEMO_MANAGER[0], 1)]

    window.show_screen(1)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    _sign_in_by_keys(qtbot, window, *DEMO_MANAGER)  # the biller left nothing typed: no question
    qtbot.waitUntil(lambda: not window.locker.is_locked(), timeout=10_000)
    assert len(answers["asked"]) == 1
    drafts = window.visit_drafts
    qtbot.waitUntil(lambda: "1 visit kept as draft" in window.statusBar().currentMessage(), timeout=10_000)
    assert drafts.panel.model.rowCount() == 1
    assert drafts.open_draft(drafts.panel.model.draft_at(0).id)
    assert window.visits.patient.id == patient.id and window.visits.diagnoses.codes() == ["I10"]


def test_the_question_shows_keep_as_draft_as_its_default_button(qtbot, window, monkeypatch):
    """The real message box (not the tests' answerer): Qt's question with SaveAll renamed Keep as draft."""
    _half_entered_visit(qtbot, window)
    answerer = QMessageBox.question
    monkeypatch.setattr(QMessageBox, "question", REAL_QUESTION)
    seen = {}

    def look_and_keep():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, look_and_keep)
            return
        seen["buttons"] = sorted(button.text() for button in box.buttons())
        seen["default"] = box.defaultButton().text()
        seen["more"] = box.informativeText()
        box.grab().save("/tmp/keep_as_draft_question.png")
        box.defaultButton().click()  # what Enter does

    QTimer.singleShot(50, look_and_keep)
    try:
        assert window.visits.may_leave_form()
    finally:
        monkeypatch.setattr(QMessageBox, "question", answerer)  # nothing real is shown after the test
    assert seen["buttons"] == ["&Discard", "&Keep as draft", "&Save", "Cancel"] or \
        sorted(text.replace("&", "") for text in seen["buttons"]) == ["Cancel", "Discard", "Keep as draft", "Save"]
    assert seen["default"] == "&Keep as draft" and "Drafts waiting" in seen["more"]
    assert window.office.drafts.count() == 1 and window.visit_drafts.current_id is None


def test_locking_keeps_the_typed_visit_as_its_users_draft_at_once(qtbot, window, answers):
    """A power cut while the window is locked loses nothing: the lock writes the draft before signing out."""
    window.visit_drafts.timer.setInterval(600_000)  # no autosave before the lock
    _half_entered_visit(qtbot, window)
    assert window.office.drafts.count() == 0
    qtbot.keyClick(_focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locker.is_locked()
    rows = window.office._db.execute("SELECT user_name, kept, form FROM visit_drafts").fetchall()
    assert [(user, kept) for user, kept, _form in rows] == [(DEMO_MANAGER[0], 0)] and '"I10"' in rows[0][2]
    _sign_in_by_keys(qtbot, window, *DEMO_MANAGER)  # the same user: the form as it was, the same draft
    qtbot.waitUntil(lambda: not window.locker.is_locked(), timeout=10_000)
    assert window.visits.diagnoses.codes() == ["I10"] and window.visit_drafts.current_id is not None


def test_closing_the_window_offers_keep_as_draft_too(qtbot, window, answers):
    _half_entered_visit(qtbot, window)
    answers["answer"] = KEEP_AS_DRAFT
    window.close()
    assert len(answers["asked"]) == 1 and not window.isVisible()
    assert [d.kept for d in window.office.drafts.drafts()] == [True]
