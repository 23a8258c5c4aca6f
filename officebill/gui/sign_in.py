"""Signing in: the form (user name, password, Sign in), the window's first screen, and password changes.

`SignInForm` asks for a user name and password and hands them to an `attempt(user, password)` function,
`office.sign_in` on an office opened signed out: the first screen of an office with users
(`SignInDialog`), or the lock screen over the window (`lock_screen.py`). A refusal from the facade (wrong password,
disabled user, the growing delay after repeated failures) is shown as the facade words it; during the
delay the button waits and the message counts the seconds down. Nothing from the office file is shown
before sign-in, except, for the demo office, its demo users and their passwords.

`ChangePasswordDialog` takes a new password twice (the facade checks its length); it is forced at a
first sign-in with a temporary password, and offered by File > Change password….
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.problems import UserError
from .forms import ErrorLabel


def wait_seconds(exc: BaseException) -> int:
    """The seconds a refused sign-in must wait before the next try (0: none)."""
    for name in ("wait_seconds", "seconds_left", "retry_after", "delay"):
        value = getattr(exc, name, None)
        if isinstance(value, (int, float)) and value > 0:
            return math.ceil(value)
    return 0


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(256)
    return field


def demo_users_of(office) -> list[tuple[str, str, str]]:
    """The demo users (name, role, password) when `office` is the demo office, to show before sign-in."""
    from ..demo import DEMO_USERS

    names = {user.name.casefold() for user in office.users.unguarded().list()}
    if not names >= {name.casefold() for name, *_rest in DEMO_USERS}:
        return []
    return [(name, str(role), password) for name, _full_name, role, password in DEMO_USERS]


def demo_users_html(users) -> str:
    """The demo office's users, for its sign-in screen: [(name, role, password)] as a small table."""
    rows = "".join(f"<tr><td><b>{escape(str(name))}</b>&nbsp;&nbsp;</td><td>{escape(str(role))}&nbsp;&nbsp;</td>"
                   f"<td><code>{escape(str(password))}</code></td></tr>" for name, role, password in users)
    return ("<p><b>Demo office.</b> Sign in as one of its demo users (fictional people; use a separate "
            "office file for real work):</p><table cellspacing='2'><tr><td><i>user</i></td><td><i>role</i></td>"
            f"<td><i>password</i></td></tr>{rows}</table>")


class SignInForm(QWidget):
    """User name, password, Sign in; `signed_in(user_name)` after `attempt` accepted them."""

    signed_in = Signal(str)

    def __init__(self, attempt: Callable[[str, str], object], *, heading: str = "Sign in to OfficeBill",
                 note: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.attempt = attempt
        self.password_typed = ""  # kept only until a forced password change has used it
        self.heading = QLabel(f"<h2>{escape(heading)}</h2>")
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        self.user_field = QLineEdit()
        self.user_field.setAccessibleName("User name")
        self.user_field.setMaxLength(64)
        self.password_field = password_field()
        self.password_field.setAccessibleName("Password")
        self.sign_in_button = QPushButton("&Sign in")
        self.sign_in_button.setAutoDefault(False)  # Enter is the fields' own: in the name it moves on
        self.message = ErrorLabel()
        self.message.setAccessibleName("Sign-in message")
        self.demo_users = QLabel()
        self.demo_users.setTextFormat(Qt.TextFormat.RichText)
        self.demo_users.setWordWrap(True)
        self.demo_users.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_users.hide()
        form = QFormLayout()
        user_label = QLabel("&User name:")
        user_label.setBuddy(self.user_field)
        password_label = QLabel("&Password:")
        password_label.setBuddy(self.password_field)
        form.addRow(user_label, self.user_field)
        form.addRow(password_label, self.password_field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.sign_in_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.demo_users)
        layout.addStretch(1)
        self.user_field.returnPressed.connect(self._user_entered)
        self.password_field.returnPressed.connect(self.submit)
        self.sign_in_button.clicked.connect(self.submit)
        self._wait_until = 0.0
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self._refusal = ""

    def show_demo_users(self, users) -> None:
        self.demo_users.setText(demo_users_html(users) if users else "")
        self.demo_users.setVisible(bool(users))

    def set_user(self, name: str, *, fixed: bool = False) -> None:
        self.user_field.setText(name)
        self.user_field.setReadOnly(fixed)

    def focus_first(self) -> None:
        (self.password_field if self.user_field.text() else self.user_field).setFocus(Qt.FocusReason.OtherFocusReason)

    def _user_entered(self) -> None:
        self.password_field.setFocus(Qt.FocusReason.TabFocusReason)

    def submit(self) -> bool:
        """Try the user name and password; True when signed in (`signed_in` emitted)."""
        if self.waiting():
            return False
        user = self.user_field.text().strip()
        password = self.password_field.text()
        if not user:
            self.message.set_message("Type your user name.")
            self.user_field.setFocus()
            return False
        if not password:
            self.message.set_message("Type your password.")
            self.password_field.setFocus()
            return False
        try:
            self.attempt(user, password)
        except UserError as exc:
            self.password_field.clear()
            self.password_field.setFocus()
            self._refused(str(exc), wait_seconds(exc))
            return False
        self.password_typed = password
        self.password_field.clear()
        self.message.clear_problems()
        self.signed_in.emit(user)
        return True

    # ------------------------------------------------ the delay after failures
    def waiting(self) -> bool:
        return self._wait_until > time.monotonic()

    def _refused(self, message: str, seconds: int) -> None:
        self._refusal = message
        if seconds:
            self._wait_until = time.monotonic() + seconds
            self.sign_in_button.setEnabled(False)
            self._countdown.start()
            self._tick()
        else:
            self.message.set_message(message)
        if isinstance(self.window(), QDialog):
            self.window().adjustSize()  # the message takes room: nothing below it is cut off

    def _tick(self) -> None:
        left = math.ceil(self._wait_until - time.monotonic())
        if left <= 0:
            self._countdown.stop()
            self._wait_until = 0.0
            self.sign_in_button.setEnabled(True)
            self.message.set_message(f"{self._refusal}\nYou may try again now.")
            return
        unit = "second" if left == 1 else "seconds"
        self.message.set_message(f"{self._refusal}\nTry again in {left} {unit}.")


class SignInDialog(QDialog):
    """The first screen of an office file with users (opened signed out): nothing of the office shows
    until someone signs in; for the demo office it lists the demo users and their passwords."""

    def __init__(self, office, *, demo_users=(), parent=None):
        super().__init__(parent)
        self.office = office
        self.setWindowTitle("Sign in — OfficeBill")
        self.form = SignInForm(lambda user, password: office.sign_in(user, password),
                               note=f"Office file: {Path(office.path)}")
        self.form.show_demo_users(list(demo_users))
        self.form.signed_in.connect(self._signed_in)
        quit_button = QPushButton("&Quit")
        quit_button.setAutoDefault(False)
        quit_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(quit_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.setMinimumWidth(480)
        self.form.focus_first()

    def _signed_in(self, _user: str) -> None:
        password, self.form.password_typed = self.form.password_typed, ""
        if not change_password_if_required(self.office, password, self):
            self.office.sign_out()  # a temporary password must be replaced before any work
            self.form.message.set_message("Choose a new password to go on: sign in again.")
            return
        self.accept()


def change_password_if_required(office, current_password: str, parent: QWidget | None) -> bool:
    """At a first sign-in (or after a reset) the temporary password must be replaced; True when done
    or not needed, False when the person cancelled."""
    session = getattr(office, "session", None)
    if session is None or not getattr(session, "must_change_password", False):
        return True
    dialog = ChangePasswordDialog(office, session.user_name, current=current_password, forced=True, parent=parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


class ChangePasswordDialog(QDialog):
    """A new password typed twice (and the current one unless it was just typed to sign in)."""

    def __init__(self, office, user_name: str, *, current: str | None = None, forced: bool = False, parent=None):
        super().__init__(parent)
        self.office = office
        self.user_name = user_name
        self._current = current
        self.setWindowTitle("Choose a new password" if forced else "Change password")
        why = ("<p>You signed in with a temporary password. Choose your own password now: at least 12 "
               "characters, one you do not use anywhere else. A few words in a row are easy to remember.</p>"
               if forced else "<p>At least 12 characters; a few words in a row are easy to remember.</p>")
        text = QLabel(f"<p>User <b>{escape(user_name)}</b></p>{why}")
        text.setWordWrap(True)
        self.current_field = password_field()
        self.current_field.setAccessibleName("Current password")
        self.new_field = password_field()
        self.new_field.setAccessibleName("New password")
        self.again_field = password_field()
        self.again_field.setAccessibleName("New password again")
        self.message = ErrorLabel()
        form = QFormLayout()
        if current is None:
            form.addRow("&Current password:", self.current_field)
        form.addRow("&New password:", self.new_field)
        form.addRow("New password &again:", self.again_field)
        for label_row in range(form.rowCount()):
            label = form.itemAt(label_row, QFormLayout.ItemRole.LabelRole)
            if label is not None and isinstance(label.widget(), QLabel):
                label.widget().setBuddy(form.itemAt(label_row, QFormLayout.ItemRole.FieldRole).widget())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Change &password")
        buttons.accepted.connect(self.change)
        buttons.rejected.connect(self.reject)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(rule)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        (self.new_field if current is not None else self.current_field).setFocus()

    def change(self) -> bool:
        new, again = self.new_field.text(), self.again_field.text()
        if new != again:
            self.message.set_message("The two new passwords differ: type the same new password twice.")
            self.again_field.clear()
            self.again_field.setFocus()
            return False
        current = self._current if self._current is not None else self.current_field.text()
        try:
            self.office.users.change_password(self.user_name, current, new)
        except UserError as exc:
            self.message.set_message(str(exc))
            self.new_field.setFocus()
            return False
        self._current = None
        self.accept()
        return True
