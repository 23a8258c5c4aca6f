"""What the signed-in user may do, asked the way the window needs it.

The facade enforces every permission (`office/session.py`); the window only hides or disables what the
signed-in user may not do and says why (`why_not`), so nobody is offered a button that will be refused.
A screen the user may not use is not even built (`RefusedScreen` stands in for it). An office file with
no users yet (made by scripts or tests) lets everyone do everything.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


def may(office, action: str) -> bool:
    """True when the signed-in user may do `action` ("service.method" or a permission such as "setup.write")."""
    can = getattr(office, "can", None)
    return True if can is None else bool(can(action))


def refusal(office, action: str) -> str:
    """The sentence saying who may do `action` (empty when the signed-in user may)."""
    if may(office, action):
        return ""
    from ..core.permissions import why_not

    session = getattr(office, "session", None)
    return why_not(session.role if session is not None else None, action)


def signed_in_text(office) -> str:
    """"Signed in: Pat Lee (front desk)", or "" for an office without users."""
    session = getattr(office, "session", None)
    if session is None:
        return ""
    name = session.full_name or session.user_name
    return f"Signed in: {name} ({session.role})"


def has_users(office) -> bool:
    """True for an office file whose users must sign in (the window can lock)."""
    check = getattr(office, "has_users", None)
    return bool(check()) if callable(check) else getattr(office, "session", None) is not None


class RefusedScreen(QWidget):
    """Stands in for a screen the signed-in user may not use (its own screen would read what they may
    not see): says who may, holds nothing, and answers the window like a screen with no work in it."""

    status_message = Signal(str)

    def __init__(self, why: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.why = why
        label = QLabel(why)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)

    def office_changed(self, _changes) -> None:
        """Nothing shown, nothing to reload."""

    def has_unsaved_changes(self) -> bool:
        return False
