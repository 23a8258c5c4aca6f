"""Issue 12, sign-in: the window opens on the sign-in screen for an office with users; wrong passwords,
disabled users and the delay after repeated failures get clear messages and show nothing of the office;
a temporary password is replaced at the first sign-in; a file without users asks for its first administrator."""
from __future__ import annotations

import shutil
from datetime import datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from officebill.demo import DEMO_USERS
from officebill.gui import first_start
from officebill.gui.app import OfficeController
from officebill.gui.main_window import MainWindow
from officebill.gui.sign_in import ChangePasswordDialog, SignInDialog, demo_users_of
from officebill.office import Office
from tests.gui.conftest import DEMO_MANAGER, demo_user

NEW_PASSWORD = "a kettle of green tea"


@pytest.fixture
def demo_path(tmp_path, _demo_template):
    target = tmp_path / "practice" / "office.db"
    target.parent.mkdir()
    shutil.copyfile(_demo_template, target)
    return target


@pytest.fixture
def signed_out(qtbot, demo_path):
    """The demo office opened as the program opens it: signed out."""
    office = first_start.open_office(demo_path)
    yield office
    office.close()


@pytest.fixture
def dialog(qtbot, signed_out):
    shown = SignInDialog(signed_out, demo_users=demo_users_of(signed_out))
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def _type_sign_in(qtbot, dialog, user: str, password: str) -> None:
    form = dialog.form
    form.user_field.setFocus()
    form.user_field.selectAll()
    qtbot.keyClicks(form.user_field, user)
    qtbot.keyClick(form.user_field, Qt.Key.Key_Return)  # Enter moves on to the password
    assert QApplication.focusWidget() is form.password_field
    qtbot.keyClicks(form.password_field, password)
    qtbot.keyClick(form.password_field, Qt.Key.Key_Return)


def _message(dialog) -> str:
    return dialog.form.message.text() if dialog.form.message.isVisible() else ""


def test_the_right_password_signs_in_and_the_demo_users_are_listed(qtbot, dialog, signed_out):
    listed = dialog.form.demo_users.text()
    for name, _full, _role, password in DEMO_USERS:
        assert name in listed and password in listed
    assert "Maple Street" not in dialog.form.note.text()  # nothing of the office before sign-in
    _type_sign_in(qtbot, dialog, *DEMO_MANAGER)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert signed_out.session.user_name == DEMO_MANAGER[0]


def test_a_wrong_password_is_refused_with_a_message_and_nothing_opens(qtbot, dialog, signed_out):
    _type_sign_in(qtbot, dialog, DEMO_MANAGER[0], "not the password at all")
    assert "wrong" in _message(dialog)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.form.password_field.text() == ""
    assert signed_out.session is None


def test_a_disabled_user_is_told_so(qtbot, demo_path):
    with Office.open(demo_path, user=DEMO_MANAGER[0], password=DEMO_MANAGER[1]) as office:
        office.users.disable(demo_user("biller")[0])
    office = first_start.open_office(demo_path)
    try:
        shown = SignInDialog(office)
        qtbot.addWidget(shown)
        with qtbot.waitExposed(shown):
            shown.show()
        shown.activateWindow()
        qtbot.waitUntil(shown.isActiveWindow)
        _type_sign_in(qtbot, shown, *demo_user("biller"))
        assert "disabled" in _message(shown)
        assert office.session is None
    finally:
        office.close()


def test_after_five_wrong_passwords_the_screen_says_how_many_seconds_to_wait(qtbot, dialog, signed_out):
    signed_out.users.unguarded().clock = lambda: datetime(2026, 3, 2, 9, 30)  # time stands still
    for _ in range(5):
        _type_sign_in(qtbot, dialog, DEMO_MANAGER[0], "still the wrong one")
        assert "wrong" in _message(dialog)
    _type_sign_in(qtbot, dialog, *DEMO_MANAGER)  # even the right password waits its turn
    message = _message(dialog)
    assert "wait 1 second" in message and "5 wrong passwords" in message
    assert signed_out.session is None


def _when_modal(qtbot, act) -> list:
    """Run `act(dialog)` on the next modal dialog once it shows (from inside its exec loop)."""
    seen = []

    def poll():
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(modal)
        act(modal)

    QTimer.singleShot(0, poll)
    return seen


def test_a_temporary_password_must_be_replaced_at_first_sign_in(qtbot, demo_path, signed_out, dialog):
    with Office.open(demo_path, user=DEMO_MANAGER[0], password=DEMO_MANAGER[1]) as office:
        office.users.reset("frontdesk", "temporary password 1")

    def choose(modal):
        assert isinstance(modal, ChangePasswordDialog)
        modal.new_field.setText(NEW_PASSWORD)
        modal.again_field.setText("a different one, typed wrong")
        assert not modal.change()
        assert "differ" in modal.message.text()
        modal.new_field.setText("short")
        modal.again_field.setText("short")
        assert not modal.change()
        assert "12 characters" in modal.message.text()
        modal.new_field.setText(NEW_PASSWORD)
        modal.again_field.setText(NEW_PASSWORD)
        assert modal.change()

    seen = _when_modal(qtbot, choose)
    _type_sign_in(qtbot, dialog, "frontdesk", "temporary password 1")
    assert seen and dialog.result() == QDialog.DialogCode.Accepted
    assert signed_out.session.user_name == "frontdesk" and not signed_out.session.must_change_password
    signed_out.sign_out()
    signed_out.sign_in("frontdesk", NEW_PASSWORD)


def test_the_program_opens_on_the_sign_in_screen_then_shows_the_window(qtbot, demo_path, monkeypatch):
    monkeypatch.setattr(OfficeController, "credentials", None)
    made = OfficeController(backup_on_close=False, first_start=False)
    window_at_sign_in = []

    def sign_in(modal):
        assert isinstance(modal, SignInDialog)
        window_at_sign_in.append(made.window)
        modal.form.user_field.setText(DEMO_MANAGER[0])
        modal.form.password_field.setText(DEMO_MANAGER[1])
        modal.form.submit()

    _when_modal(qtbot, sign_in)
    try:
        assert made.start(demo_path)
        assert window_at_sign_in == [None]  # no window (no patient) before the sign-in
        assert isinstance(made.window, MainWindow)
        assert made.window.office.session.user_name == DEMO_MANAGER[0]
        assert "Maria Manager" in made.window.who_label.text()
    finally:
        if made.window is not None:
            made.window.leave(backup=False)
        made.close_all()


def test_a_file_without_users_asks_for_its_first_administrator(qtbot, tmp_path):
    office = Office.create(tmp_path / "new" / "office.db")

    def create(modal):
        form = modal.form
        modal.encrypt_box.setChecked(False)  # the encrypted first start: tests/gui/test_encrypted_sign_in.py
        form.fields["name"].setText("pat")
        form.fields["full_name"].setText("Pat Owner")
        form.fields["password"].setText(NEW_PASSWORD)
        form.fields["password_again"].setText(NEW_PASSWORD + "x")
        assert not modal.create()
        assert "differ" in form.errors["password_again"].text()
        form.fields["password_again"].setText(NEW_PASSWORD)
        assert modal.create()

    try:
        seen = _when_modal(qtbot, create)
        assert first_start.sign_in_to(office)
        assert isinstance(seen[0], first_start.FirstAdministratorDialog)
        assert office.has_users()
        assert office.session.user_name == "pat" and str(office.session.role) == "manager"
        assert not office.session.must_change_password  # they chose it themselves
    finally:
        office.close()


def test_change_password_from_the_file_menu(qtbot, main_window, demo_office):
    dialog = main_window.change_password()
    qtbot.waitUntil(dialog.isVisible, timeout=10_000)
    dialog.current_field.setText("not my password")
    dialog.new_field.setText(NEW_PASSWORD)
    dialog.again_field.setText(NEW_PASSWORD)
    assert not dialog.change()
    assert "current password is wrong" in dialog.message.text()
    dialog.current_field.setText(DEMO_MANAGER[1])
    assert dialog.change()
    demo_office.sign_out()
    demo_office.sign_in(DEMO_MANAGER[0], NEW_PASSWORD)


def test_quit_at_the_sign_in_screen_opens_nothing(qtbot, demo_path, monkeypatch):
    monkeypatch.setattr(OfficeController, "credentials", None)
    made = OfficeController(backup_on_close=False, first_start=False)
    _when_modal(qtbot, lambda modal: modal.reject())
    try:
        assert not made.start(demo_path)
        assert made.window is None and made.signed_in_declined
    finally:
        made.close_all()
