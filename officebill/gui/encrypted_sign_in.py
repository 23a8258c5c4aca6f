"""Signing in to an encrypted office file: the password opens the file itself, so the office is opened by
the sign-in (`EncryptedSignInDialog.office`), and "Use the recovery key…" sets a manager's new password
when every password is lost (`RecoveryEntryDialog`). Nothing of the office shows before either succeeds.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from ..core.problems import UserError
from ..office import Office
from .forms import ErrorLabel, button_row, push_button
from .sign_in import SignInForm, change_password_if_required, password_field


class EncryptedSignInDialog(QDialog):
    """The first screen of an encrypted office: the sign-in opens the file (`office` once accepted)."""

    def __init__(self, path: Path, parent=None):
        super().__init__(parent)
        self.path = Path(path)
        self.office: Office | None = None
        self.setWindowTitle("Sign in — OfficeBill")
        self.form = SignInForm(self._open, note=f"Office file (encrypted): {self.path}")
        self.form.signed_in.connect(self._signed_in)
        self.recovery_button = push_button("Use the &recovery key…", self.use_recovery_key)
        buttons = button_row([push_button("&Quit", self.reject)], [self.recovery_button])
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)
        self.form.focus_first()

    def _open(self, user: str, password: str) -> None:
        self.office = Office.open(self.path, user=user, password=password)

    def _signed_in(self, _user: str) -> None:
        password, self.form.password_typed = self.form.password_typed, ""
        if not change_password_if_required(self.office, password, self):
            self.office.close()
            self.office = None
            self.form.message.set_message("Choose a new password to go on: sign in again.")
            return
        self.accept()

    def use_recovery_key(self) -> bool:
        dialog = RecoveryEntryDialog(self.path, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.office = dialog.office
        self.accept()
        return True

    def reject(self) -> None:
        if self.office is not None:
            self.office.close()
            self.office = None
        super().reject()


class RecoveryEntryDialog(QDialog):
    """The recovery key, a manager's user name and their new password twice: opens the office (`office`)."""

    def __init__(self, path: Path, parent=None):
        super().__init__(parent)
        self.path = Path(path)
        self.office: Office | None = None
        self.setWindowTitle("Use the recovery key — OfficeBill")
        intro = QLabel("<p>Type the recovery key printed when the office file was encrypted, the user name of a "
                       "manager, and the new password for that manager (twice).</p>")
        intro.setWordWrap(True)
        self.key_field = QLineEdit()
        self.key_field.setAccessibleName("Recovery key")
        self.key_field.setPlaceholderText("ABCD-EFGH-…")
        self.key_field.setMaxLength(80)
        self.user_field = QLineEdit()
        self.user_field.setAccessibleName("Manager's user name")
        self.user_field.setMaxLength(64)
        self.password_field = password_field()
        self.password_field.setAccessibleName("New password")
        self.again_field = password_field()
        self.again_field.setAccessibleName("New password again")
        form = QFormLayout()
        form.addRow("Recovery &key:", self.key_field)
        form.addRow("Manager's &user name:", self.user_field)
        form.addRow("&New password:", self.password_field)
        form.addRow("New password &again:", self.again_field)
        self.message = ErrorLabel()
        self.message.setAccessibleName("Recovery message")
        self.open_button = push_button("&Open with the recovery key", self.submit, default=True)
        buttons = button_row([push_button("&Cancel", self.reject)], [self.open_button])
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        self.key_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> bool:
        if self.password_field.text() != self.again_field.text():
            self.message.set_message("The two new passwords differ; type them again.")
            return False
        try:
            self.office = Office.recover(self.path, self.key_field.text(), self.user_field.text().strip(),
                                         self.password_field.text())
        except UserError as exc:
            self.message.set_message(str(exc))
            return False
        self.accept()
        return True
