"""Issue 12, encryption at rest in the window: the first administrator's dialog encrypts the new office by
default and shows the recovery key once; an encrypted office opens on its sign-in screen (a wrong password
says so and opens nothing), and the recovery key sets a manager's new password."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from officebill.core import key_wrap
from officebill.gui import first_start
from officebill.gui.encrypted_sign_in import EncryptedSignInDialog, RecoveryEntryDialog
from officebill.gui.recovery_key_dialog import RecoveryKeyDialog
from officebill.office import Office
from officebill.office.encryption import is_encrypted
from officebill.storage import cipher

PASSWORD = "a kettle of green tea"


@pytest.fixture(autouse=True)
def _cheap_wraps(monkeypatch):
    monkeypatch.setattr(key_wrap, "_N", 2 ** 10)  # the cost travels in each wrap; tests/storage checks the real one
    cipher.forget_keys()
    yield
    cipher.forget_keys()


def _on_modals(qtbot, *acts) -> list:
    """Run each `act(dialog)` on the next modal dialog, in turn, once it shows (inside its exec loop)."""
    seen, pending = [], list(acts)

    def poll():
        modal = QApplication.activeModalWidget()
        if modal is None or modal in seen:
            QTimer.singleShot(20, poll)
            return
        seen.append(modal)
        act = pending.pop(0)
        if pending:
            QTimer.singleShot(20, poll)
        act(modal)

    QTimer.singleShot(0, poll)
    return seen


@pytest.fixture
def encrypted_office(qtbot, tmp_path):
    """(path, recovery key): a new office whose first administrator chose encryption, as the window makes it."""
    path = tmp_path / "office.db"
    office = Office.create(path)
    kept = {}

    def create(modal):
        assert modal.encrypt_box.isChecked()  # recommended: on unless the person turns it off
        modal.form.fields["name"].setText("pat")
        modal.form.fields["full_name"].setText("Pat Owner")
        modal.form.fields["password"].setText(PASSWORD)
        modal.form.fields["password_again"].setText(PASSWORD)
        qtbot.mouseClick(modal.create_button, Qt.MouseButton.LeftButton)

    def keep(modal):
        assert isinstance(modal, RecoveryKeyDialog)
        kept["key"] = modal.recovery_key
        assert "gone for good" in modal.findChildren(type(modal.key_label))[2].text()
        modal.reject()  # not yet kept: the dialog stays
        assert modal.isVisible() and "Keep the recovery key first" in modal.status.text()
        qtbot.keyClicks(modal.confirm_field, "XXXX")
        assert not modal.done_button.isEnabled()
        modal.confirm_field.clear()
        qtbot.keyClicks(modal.confirm_field, modal.last_group().lower())
        assert modal.done_button.isEnabled()
        pdf = modal.save_pdf(tmp_path / "recovery.pdf")
        assert pdf.read_bytes()[:4] == b"%PDF" and (pdf.stat().st_mode & 0o777) == 0o600
        qtbot.mouseClick(modal.done_button, Qt.MouseButton.LeftButton)

    try:
        _on_modals(qtbot, create, keep)
        assert first_start.sign_in_to(office)
        assert office.session.user_name == "pat"
        assert office.is_encrypted() and office.setup.is_new()  # the office goes on, encrypted and still empty
    finally:
        office.close()
    cipher.forget_keys()
    return path, kept["key"]


def test_the_first_administrator_encrypts_the_office_and_keeps_the_recovery_key(encrypted_office):
    path, recovery = encrypted_office
    assert is_encrypted(path) and path.read_bytes()[:16] != b"SQLite format 3\x00"
    assert len(recovery.split("-")) == 9


def test_an_encrypted_office_opens_on_its_sign_in_screen(qtbot, encrypted_office):
    path, _ = encrypted_office
    outcome = {}

    def wrong_then_right(modal):
        assert isinstance(modal, EncryptedSignInDialog)
        form = modal.form
        qtbot.keyClicks(form.user_field, "pat")
        qtbot.keyClick(form.user_field, Qt.Key.Key_Return)
        qtbot.keyClicks(form.password_field, "not the password")
        qtbot.keyClick(form.password_field, Qt.Key.Key_Return)
        outcome["wrong"] = form.message.text()
        outcome["office_after_wrong"] = modal.office
        qtbot.keyClicks(form.password_field, PASSWORD)
        qtbot.keyClick(form.password_field, Qt.Key.Key_Return)

    _on_modals(qtbot, wrong_then_right)
    office = first_start.open_office(path)
    try:
        assert "user name or the password is wrong" in outcome["wrong"]
        assert outcome["office_after_wrong"] is None  # nothing opened, nothing shown
        assert office is not None and office.session.user_name == "pat"
        assert first_start.sign_in_to(office)  # signed in already: no second screen
    finally:
        if office is not None:
            office.close()


def test_the_recovery_key_on_the_sign_in_screen_sets_a_new_password(qtbot, encrypted_office):
    path, recovery = encrypted_office

    def recover(modal):
        assert isinstance(modal, EncryptedSignInDialog)
        modal.use_recovery_key()

    def type_key(modal):
        assert isinstance(modal, RecoveryEntryDialog)
        modal.key_field.setText("AAAA-" + recovery[5:])
        modal.user_field.setText("pat")
        modal.password_field.setText("recovered at last 1")
        modal.again_field.setText("recovered at last 1")
        assert not modal.submit() and "mistyped" in modal.message.text()
        modal.key_field.setText(recovery)
        assert modal.submit()

    _on_modals(qtbot, recover, type_key)
    office = first_start.open_office(path)
    try:
        assert office is not None and office.session.user_name == "pat"
    finally:
        office.close()
    cipher.forget_keys()
    Office.open(path, user="pat", password="recovered at last 1").close()


@pytest.mark.parametrize("content, reason", [(b"", "empty (0 bytes)"),
                                              (b"not an office at all " * 50, "not a SQLite database")])
def test_a_file_that_cannot_be_used_is_named_with_its_reason_in_the_message(qtbot, tmp_path, content, reason):
    from PySide6.QtWidgets import QMessageBox

    path = tmp_path / "office.db"
    path.write_bytes(content)
    box = first_start.open_problem_box(path, _problem_opening(path), None)
    qtbot.addWidget(box)
    assert str(path) in box.text() and reason in box.informativeText()
    assert isinstance(box, QMessageBox)


def test_an_encrypted_file_without_its_key_file_says_what_is_missing(qtbot, encrypted_office):
    path, _ = encrypted_office
    (path.parent / "office.db.keys").unlink()
    box = first_start.open_problem_box(path, _problem_opening(path), None)
    qtbot.addWidget(box)
    assert "office.db.keys is missing" in box.informativeText() and "recovery key" in box.informativeText()


def _problem_opening(path):
    from officebill.core.problems import UserError

    try:
        Office.open(path, sign_in_later=True).close()
    except UserError as exc:
        return exc
    raise AssertionError(f"{path} opened")


def test_file_menu_encrypts_the_open_office_and_the_window_goes_on(qtbot, main_window, demo_office, monkeypatch,
                                                                   messages):
    from PySide6.QtWidgets import QInputDialog

    from tests.gui.conftest import DEMO_MANAGER

    shown = []
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args, **kwargs: (DEMO_MANAGER[1], True)))
    monkeypatch.setattr(RecoveryKeyDialog, "exec", lambda dialog: shown.append(dialog.recovery_key) or 1)
    patients = len(main_window.office.patients.find("", 500))
    main_window.encrypt_action.trigger()
    assert shown and is_encrypted(demo_office.path)
    assert demo_office.path.read_bytes()[:16] != b"SQLite format 3\x00"
    assert len(main_window.office.patients.find("", 500)) == patients  # the same Office goes on, encrypted
    assert main_window.office.session.user_name == DEMO_MANAGER[0]
    assert any("Give each other user a new password" in text for _title, text in messages)
