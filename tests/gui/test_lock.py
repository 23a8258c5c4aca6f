"""Issue 12, auto-lock and switch user, driven by keys in the real window: idle minutes (a short interval
here) or Ctrl+L cover every patient detail; the same user signing back in finds the half-typed visit as it
was; another user signing in is asked about it first (Keep as draft, for the user who typed it, or Discard;
Cancel keeps it locked and the work kept)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox

from officebill.office.session import NotAllowed, SignInRequired
from tests.gui.conftest import DEMO_MANAGER, demo_user
from tests.gui.test_typed_work_kept import _half_entered_visit, window  # noqa: F401
from tests.gui.visit_window import visit_window  # noqa: F401 (the fixture under `window`)


def _focused():
    return QApplication.focusWidget()


def _visible_text(window) -> str:
    """Every label and field text a person could read in the window now."""
    widgets = [w for w in window.findChildren(QLabel) + window.findChildren(QLineEdit) if w.isVisible()]
    return " ".join([window.windowTitle(), window.statusBar().currentMessage(), *(w.text() for w in widgets)])


def _sign_in_by_keys(qtbot, window, user: str, password: str) -> None:
    form = window.lock_screen.form
    if form.user_field.text() != user:
        form.user_field.setFocus()
        form.user_field.selectAll()
        qtbot.keyClicks(form.user_field, user)
        qtbot.keyClick(form.user_field, Qt.Key.Key_Return)
    assert _focused() is form.password_field
    qtbot.keyClicks(form.password_field, password)
    qtbot.keyClick(form.password_field, Qt.Key.Key_Return)


def switch_question(full_name: str) -> tuple[str, str]:
    """What the lock screen asks the user signing in about the visit another user left typed."""
    return ("Unsaved changes", f"{full_name} left a visit on the Visits screen that is not saved.\n\n"
                               f"Keep it as {full_name}'s draft, or discard it?")


def biller_listed(window) -> bool:
    """The demo office's lock screen lists its demo users, as its sign-in screen does."""
    return "maple-biller-demo" in window.lock_screen.form.demo_users.text()


def _assert_covered(window, patient) -> None:
    assert window.locker.is_locked()
    assert window.shell.currentWidget() is window.lock_screen and not window.content.isVisible()
    assert window.windowTitle() == "Locked — OfficeBill"
    assert patient.last_name not in _visible_text(window)
    assert window.office.session is None
    with pytest.raises(SignInRequired):
        window.office.patients.get(patient.id)


def test_idle_minutes_lock_and_the_same_user_finds_the_half_typed_visit(qtbot, window, answers):
    patient = _half_entered_visit(qtbot, window)
    assert patient.last_name in _visible_text(window)
    window.locker.idle.set_interval_ms(300)  # the idle minutes, shortened for the test
    qtbot.waitUntil(window.locker.is_locked, timeout=30_000)
    _assert_covered(window, patient)
    assert not any(action.isEnabled() for action in (window.new_patient_action, window.save_action))

    _sign_in_by_keys(qtbot, window, DEMO_MANAGER[0], "a wrong password here")
    assert window.locker.is_locked() and "wrong" in window.lock_screen.form.message.text()
    _sign_in_by_keys(qtbot, window, *DEMO_MANAGER)
    qtbot.waitUntil(lambda: not window.locker.is_locked(), timeout=10_000)

    visits = window.visits
    assert window.current_view() is visits
    assert visits.patient.id == patient.id and visits.diagnoses.codes() == ["I10"]
    assert visits.has_unsaved_changes()
    assert answers["asked"] == []  # the same user: nothing to ask
    assert window.office.session.user_name == DEMO_MANAGER[0]
    assert window.windowTitle() != "Locked — OfficeBill" and window.save_action.isEnabled()
    assert window.locker.idle.is_watching() and window.locker.idle.interval_ms() == 5 * 60_000


def test_ctrl_l_locks_and_another_user_is_asked_about_the_work_left_open(qtbot, window, answers):
    patient = _half_entered_visit(qtbot, window)
    qtbot.keyClick(_focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    _assert_covered(window, patient)

    assert biller_listed(window)
    biller = demo_user("biller")
    _sign_in_by_keys(qtbot, window, *biller)  # Cancel (the fixture's answer): stays locked, the work kept
    assert answers["asked"] == [switch_question("Maria Manager")]
    _assert_covered(window, patient)
    assert "Still locked" in window.lock_screen.form.message.text()
    assert window.visits.diagnoses.codes() == ["I10"]

    answers["answer"] = QMessageBox.StandardButton.Discard
    _sign_in_by_keys(qtbot, window, *biller)
    qtbot.waitUntil(lambda: not window.locker.is_locked(), timeout=10_000)
    assert len(answers["asked"]) == 2
    assert window.office.session.user_name == biller[0]
    assert not window.visits.has_unsaved_changes() and window.visits.diagnoses.codes() == []
    assert "Ben Biller" in window.who_label.text()
    assert window.office._db.execute("SELECT count(*) FROM visit_drafts").fetchone()[0] == 0  # kept at lock, gone


def test_front_desk_cannot_reach_setup_reports_or_payments(qtbot, window):
    qtbot.keyClick(_focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    _sign_in_by_keys(qtbot, window, *demo_user("front desk"))
    qtbot.waitUntil(lambda: not window.locker.is_locked(), timeout=10_000)
    window.activateWindow()
    setup = window.views.index(window.setup)
    for hidden in ("Setup", "Reports", "Payments"):
        index = [window.sidebar.item(i).text() for i in range(window.sidebar.count())].index(hidden)
        assert window.sidebar.item(index).isHidden()
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() is not window.setup
    window.show_screen(setup)
    assert window.current_view() is not window.setup
    assert "manager" in window.statusBar().currentMessage()
    assert not window.setup_menu.menuAction().isVisible()
    assert not window.backup_action.isEnabled() and "manager" in window.backup_action.statusTip()
    with pytest.raises(NotAllowed):  # the facade refuses whatever the window would have offered
        window.office.setup.save_practice(window.office.setup.practice())
    assert window.current_view() is window.patients and window.new_patient_action.isEnabled()
    claims = window.claims  # claims are read at the front desk ("did my insurance pay?"), not made or printed
    assert claims.make_button.isHidden() and claims.print_button.isHidden() and claims.void_button.isHidden()
    assert not claims.detail.detail_tabs.isTabVisible(1)  # the print preview
    ledger = window.patients.open_ledger()  # the front desk takes payments; write-offs are a manager's
    assert ledger is not None and not ledger.pay_button.isHidden()
    assert ledger.write_off_button.isHidden() and ledger.refund_button.isHidden() and ledger.reverse_button.isHidden()
    ledger.close()


def test_a_dialog_open_at_lock_is_hidden_and_comes_back_for_the_same_user(qtbot, main_window):
    dialog = main_window.show_users()
    qtbot.waitUntil(dialog.isVisible, timeout=10_000)
    assert main_window.lock()
    assert not dialog.isVisible() and main_window.office.session is None
    form = main_window.lock_screen.form
    form.password_field.setText(DEMO_MANAGER[1])
    assert form.submit()
    assert not main_window.locker.is_locked()
    qtbot.waitUntil(dialog.isVisible, timeout=10_000)


def test_keys_and_the_mouse_anywhere_count_the_idle_time_again(qtbot, main_window, monkeypatch):
    watch = main_window.locker.idle
    assert watch.is_watching()
    restarts = []
    monkeypatch.setattr(watch.timer, "start", lambda *args: restarts.append(args))
    qtbot.keyClick(main_window.patients.search, Qt.Key.Key_A)
    qtbot.mouseClick(main_window.sidebar.viewport(), Qt.MouseButton.LeftButton)
    assert len(restarts) >= 2


def test_f1_lists_ctrl_l_for_lock_and_ctrl_i_for_a_service_line(main_window):
    main_window.show_screen(1)  # F1 lists the keys of the screen shown
    sections = dict(main_window.shortcut_sections())
    assert any(keys == "Ctrl+L" and "Lock" in what for keys, what in sections["Everywhere"])
    assert any(keys == "Ctrl+I" and "service line" in what for keys, what in sections["On the Visits screen"])


def test_save_is_not_offered_to_the_new_user_so_the_window_stays_locked_and_the_work_kept(qtbot, window, answers):
    """The new user may keep the visit as its typist's draft or discard it; saving it would sign their name
    under another person's work (and a half-typed visit is refused anyway)."""
    patient = _half_entered_visit(qtbot, window)
    qtbot.keyClick(_focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    answers["answer"] = QMessageBox.StandardButton.Save
    _sign_in_by_keys(qtbot, window, *demo_user("biller"))
    assert len(answers["asked"]) == 1
    _assert_covered(window, patient)
    assert window.visits.patient.id == patient.id and window.visits.diagnoses.codes() == ["I10"]
    assert window.visits.has_unsaved_changes()


def test_ctrl_l_in_an_open_dialog_locks_too_and_hides_it(qtbot, main_window):
    main_window.activateWindow()
    ledger = main_window.patients.open_ledger()
    qtbot.waitUntil(lambda: ledger.isVisible() and ledger.isActiveWindow(), timeout=10_000)
    qtbot.keyClick(ledger.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert main_window.locker.is_locked()
    assert not ledger.isVisible()
