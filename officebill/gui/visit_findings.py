"""The Visits screen's claim check box: what the findings source (the claim scrubber) found about a visit.

`FindingsBox` lists findings (objects with `message` and optional `severity`, `box` and `field`, or plain
strings), errors in red, under a title naming the visit. Enter on a finding emits `chosen` with the visit
the findings are about and the field path the finding names, so the screen can go there.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QGroupBox, QListWidget, QListWidgetItem, QVBoxLayout

from ..core.records import Visit
from .forms import format_date
from .theme import error_color


class FindingsBox(QGroupBox):
    """The findings about one visit; hidden while there are none."""

    chosen = Signal(object, str)  # the id of the visit the findings are about, the chosen finding's field path

    def __init__(self, parent=None):
        super().__init__("Claim check", parent)
        self.list = QListWidget()
        self.list.setObjectName("findings")
        self.list.setMaximumHeight(110)
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda item: self.chosen.emit(self.visit_id, item.data(Qt.UserRole) or ""))
        self.visit_id: int | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        self.hide()

    def clear_findings(self) -> None:
        self.list.clear()
        self.hide()

    def show_findings(self, visit: Visit, found: list, patient_name: str) -> None:
        """Show what was found about `visit` (shown only when something was)."""
        self.list.clear()
        self.visit_id = visit.id
        for finding in found:
            self.list.addItem(_finding_item(finding))
        self.setTitle(f"Claim check — visit of {format_date(visit.service_date)} {patient_name}: "
                      f"{len(found)} finding{'s' if len(found) != 1 else ''} (Enter goes to the field)")
        self.setVisible(bool(found))


def _finding_item(finding) -> QListWidgetItem:
    """One finding as a list item: severity and box first, the field path kept for Enter."""
    if isinstance(finding, str):
        return QListWidgetItem(finding)
    severity = getattr(finding, "severity", "")
    severity = str(getattr(severity, "value", severity) or "")
    box = getattr(finding, "box", "")
    prefix = (f"{severity.upper()}" if severity else "") + (f" (box {box})" if box else "")
    item = QListWidgetItem((prefix + ": " if prefix else "") + str(getattr(finding, "message", finding)))
    item.setData(Qt.UserRole, getattr(finding, "field", ""))
    if severity.lower() == "error":
        item.setForeground(QBrush(error_color()))
    return item
