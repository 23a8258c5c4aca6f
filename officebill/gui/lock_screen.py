"""The lock screen: what the window shows instead of its screens while nobody is signed in.

The main window locks after its idle minutes (`idle.py`) or on Ctrl+L (`MainWindow.lock`): its screens
and dialogs are hidden under this screen, the office is signed out, and the title names no patient.
The work left open stays underneath, untouched, and a typed visit is kept as its user's draft at once (a
power cut while locked loses nothing). Signing in again as the same user shows it as it was; signing in as
another user switches: the typed visit is asked about first (Keep as draft, for the user who typed it, or
Discard: `visit_drafts.VisitDrafts.hand_over`), then any other screen's unsaved work.
"""
from __future__ import annotations

from contextlib import contextmanager
from html import escape

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..office import Changes, Office
from .access import has_users
from .idle import IdleWatch, auto_lock_minutes
from .sign_in import SignInForm, change_password_if_required, demo_users_of


class LockScreen(QWidget):
    """A centred sign-in form over a plain background; `unlocked(user_name)` after a sign-in."""

    unlocked = Signal(str)

    def __init__(self, office, parent: QWidget | None = None):
        super().__init__(parent)
        self.office = office
        self.locked_user = ""
        self.setObjectName("lockScreen")
        self.setAccessibleName("OfficeBill is locked")
        self.form = SignInForm(self._sign_in, heading="OfficeBill is locked")
        self.form.signed_in.connect(self.unlocked)
        self.form.show_demo_users(demo_users_of(office) if office.has_users() else [])
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        card = QFrame()
        card.setObjectName("lockCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(520)
        inner = QVBoxLayout(card)
        inner.addWidget(self.form)
        inner.addWidget(self.explanation)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def _sign_in(self, user: str, password: str):
        return self.office.sign_in(user, password)

    def show_for(self, user_name: str, full_name: str = "", message: str = "") -> None:
        """Ready the form for `user_name` (who locked it); another user may type their own name instead."""
        self.locked_user = user_name
        self.form.set_user(user_name)
        self.form.password_field.clear()
        self.form.message.set_message(message)
        who = escape(full_name or user_name)
        self.explanation.setText(
            f"<p>Locked for <b>{who}</b>. Their work left open is kept as it was; sign in as "
            f"<b>{escape(user_name)}</b> to go on with it.</p>"
            "<p>Someone else may sign in with their own user name instead (switch user): OfficeBill then asks "
            f"whether to keep a visit typed by {who} as their draft or discard it.</p>")
        self.form.focus_first()


class Locker(QObject):
    """Locks a main window and unlocks it: the screens hidden under the lock screen, dialogs hidden, every
    action off, the office signed out; at sign-in the same user finds everything as it was, another user
    is first asked about the work left open (kept as a draft, saved or discarded, never dropped unasked)."""

    locked = Signal()
    unlocked = Signal(str)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.office = window.office
        self.session = None  # who locked it
        self._hidden: list[QWidget] = []
        self._actions: dict[QAction, bool] = {}
        self._held = Changes()
        self.idle = IdleWatch(auto_lock_minutes(self.office), self)
        self.idle.idle.connect(self.lock)
        self.idle.lock_keys.connect(self.lock)
        window.lock_screen.unlocked.connect(self._signed_in)

    def start_watching(self) -> None:
        """Count idle time when the office has users (with no users nobody could sign back in)."""
        if has_users(self.office):
            self.idle.start()

    def set_minutes(self, minutes: int) -> None:
        self.idle.set_minutes(minutes)

    def is_locked(self) -> bool:
        return self.session is not None

    def hold(self, changes: Changes) -> None:
        """Changes that arrive while locked reach the screens at unlock (reading now would be refused)."""
        self._held = self._held | changes

    def say(self, message: str) -> None:
        self.window.lock_screen.form.message.set_message(message)

    # ------------------------------------------------------------------ lock
    def lock(self) -> bool:
        window = self.window
        if self.is_locked():
            return True
        session = getattr(self.office, "session", None)
        if session is None:
            window.show_message("This office file has no users yet, so nobody could sign back in: add users "
                                "under File > Users… first.")
            return False
        self.session = session
        self.idle.stop()
        drafts = getattr(window, "visit_drafts", None)
        if drafts is not None:
            drafts.keep_before_lock()  # still signed in: a typed visit becomes the user's draft now
        self._hidden = [w for w in window.findChildren(QWidget) if w.isWindow() and w.isVisible()]  # dialogs, popups
        for widget in self._hidden:
            widget.hide()
        self._actions = {action: action.isEnabled() for action in window.findChildren(QAction)}
        for action in self._actions:
            action.setEnabled(False)
        window.menuBar().setEnabled(False)
        window.statusBar().clearMessage()
        window.who_label.setText("Locked")
        window.shell.setCurrentWidget(window.lock_screen)
        self.office.sign_out()
        window.update_title()
        window.lock_screen.show_for(session.user_name, session.full_name)
        self.locked.emit()
        return True

    # ---------------------------------------------------------------- unlock
    def _signed_in(self, user_name: str) -> None:
        form = self.window.lock_screen.form
        password, form.password_typed = form.password_typed, ""
        if not change_password_if_required(self.office, password, self.window):
            self._stay_locked("Choose a new password to go on: sign in again.")
            return
        same = user_name.casefold() == self.session.user_name.casefold()
        if not same and not self._hand_over():
            self._stay_locked(f"Still locked: the work {self.session.user_name} left open was neither kept nor "
                              "discarded (Cancel, or it could not be kept: it needs fixing first, or your role may "
                              f"not save it). {self.session.user_name} can sign in to finish it, or sign in again "
                              "and choose Keep as draft or Discard.")
            return
        self._show_screens(restore_windows=same)
        if not same:
            self.window.rebuild_screens()
            self.window.apply_permissions()
            self.window.show_message(f"Switched user: {user_name} is signed in.")
        self.unlocked.emit(user_name)

    def _stay_locked(self, message: str) -> None:
        self.office.sign_out()
        self.window.lock_screen.show_for(self.session.user_name, self.session.full_name, message)

    def _hand_over(self) -> bool:
        """Another user signed in: each open dialog, then the typed visit (Keep as draft / Discard, for the user
        who typed it), then each other screen with unsaved work is asked about before the screens are rebuilt
        for the new user. False: someone cancelled."""
        for widget in list(self._hidden):
            if shiboken6.isValid(widget) and not widget.close():
                return False
            self._hidden.remove(widget)
        drafts = getattr(self.window, "visit_drafts", None)
        if drafts is not None and not drafts.hand_over(self.session, self._as_locked_user):
            return False
        return self.window.confirm_leave()

    @contextmanager
    def _as_locked_user(self):
        """The office file opened for one write as the user who locked (their draft is theirs, not the new
        user's), on its own connection, as the window's background workers open it."""
        with Office.open(self.office.path, signed_in_as=self.session) as office:
            yield office

    def _show_screens(self, *, restore_windows: bool) -> None:
        window = self.window
        self.session = None
        for action, enabled in self._actions.items():
            if shiboken6.isValid(action):
                action.setEnabled(enabled)
        self._actions = {}
        window.menuBar().setEnabled(True)
        window.shell.setCurrentWidget(window.content)
        window.apply_permissions()
        window.update_title()
        if restore_windows:
            for widget in self._hidden:
                if shiboken6.isValid(widget):
                    widget.show()
        self._hidden = []
        held, self._held = self._held, Changes()
        if held:
            window.changed.emit(held)
        self.idle.set_minutes(auto_lock_minutes(self.office))
        self.idle.start()
