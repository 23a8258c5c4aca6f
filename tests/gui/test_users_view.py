"""Issue 12, the Users screen (File > Users…, managers only): add a user by typing, disable and enable,
reset a password, the auto-lock minutes; the facade's refusals show beside the fields."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from officebill.gui.idle import AUTO_LOCK_KEY
from officebill.gui.users_view import UsersDialog
from tests.gui.conftest import demo_user


@pytest.fixture
def users(qtbot, main_window):
    dialog = main_window.show_users()
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=10_000)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog.view


def _names(view) -> list[str]:
    return [user.name for user in view.model.rows]


def _type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_a_manager_adds_a_user_who_must_choose_a_password_at_first_sign_in(qtbot, users, demo_office, tmp_path):
    assert {"manager", "biller", "frontdesk"} <= set(_names(users))
    form = users.form
    _type_into(qtbot, form.fields["name"], "jlee")
    _type_into(qtbot, form.fields["full_name"], "Jo Lee")
    form.fields["role"].setCurrentIndex(form.fields["role"].findData("biller"))
    _type_into(qtbot, form.fields["password"], "temporary pass 42")
    _type_into(qtbot, form.fields["password_again"], "temporary pass 4")
    qtbot.mouseClick(users.add_button, Qt.MouseButton.LeftButton)
    assert "differ" in form.errors["password_again"].text() and "jlee" not in _names(users)

    qtbot.keyClick(form.fields["password_again"], Qt.Key.Key_End)  # the field in trouble came up selected
    qtbot.keyClicks(form.fields["password_again"], "2")
    qtbot.mouseClick(users.add_button, Qt.MouseButton.LeftButton)
    assert "jlee" in _names(users), [(k, e.text()) for k, e in form.errors.items()] + [form.general.text()]
    assert users.current_user().name == "jlee"
    assert users.model.index(users.table.currentIndex().row(), 3).data() == "must choose a new password"
    assert form.fields["name"].text() == ""  # ready for the next
    added = next(u for u in demo_office.users.list() if u.name == "jlee")
    assert str(added.role) == "biller" and added.full_name == "Jo Lee" and added.must_change_password

    _type_into(qtbot, form.fields["name"], "jlee")  # the facade's rule: one user per name
    _type_into(qtbot, form.fields["password"], "temporary pass 42")
    _type_into(qtbot, form.fields["password_again"], "temporary pass 42")
    assert not users.add_user()
    assert "already" in form.errors["name"].text()


def test_disable_enable_and_reset(qtbot, users, demo_office):
    row = _names(users).index("biller")
    users.table.selectRow(row)
    assert users.disable_button.text() == "&Disable"
    qtbot.mouseClick(users.disable_button, Qt.MouseButton.LeftButton)
    assert users.current_user().disabled and users.disable_button.text() == "&Enable"
    qtbot.mouseClick(users.disable_button, Qt.MouseButton.LeftButton)
    assert not users.current_user().disabled
    assert users.reset_password("a new temporary one")
    assert users.current_user().must_change_password
    users.table.selectRow(_names(users).index("manager"))
    assert not users.toggle_disabled()  # yourself: refused, the message said why


def test_the_auto_lock_minutes_are_an_office_setting(qtbot, users, demo_office, main_window):
    users.minutes.setValue(7)
    users.minutes.editingFinished.emit()
    assert demo_office.setup.setting(AUTO_LOCK_KEY) == 7
    assert main_window.locker.idle.interval_ms() == 7 * 60_000


def test_front_desk_gets_no_users_screen(qtbot, main_window, demo_office):
    demo_office.sign_in(*demo_user("front desk"))
    main_window.apply_permissions()
    assert not main_window.users_action.isEnabled()
    assert main_window.show_users() is None
    assert "manager" in main_window.statusBar().currentMessage()
    assert not any(isinstance(w, UsersDialog) and w.isVisible() for w in QApplication.topLevelWidgets())



def test_the_audit_trail_is_in_the_file_menu_for_a_manager_only(qtbot, main_window, demo_office):
    main_window.audit_action.trigger()
    qtbot.waitUntil(lambda: main_window.audit_dialog.isVisible(), timeout=10_000)
    assert main_window.audit_dialog.model.rowCount() > 0
    main_window.audit_dialog.close()
    demo_office.sign_in(*demo_user("biller"))
    main_window.apply_permissions()
    assert not main_window.audit_action.isEnabled() and "manager" in main_window.audit_action.statusTip()
    demo_office.sign_in(*demo_user("manager"))  # and back: the action's own tip again
    main_window.apply_permissions()
    assert main_window.audit_action.isEnabled() and main_window.audit_action.statusTip().startswith("Who changed")
