"""Visit entry (placeholder until the visit-entry work lands): the interface the main window uses."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class VisitsView(QWidget):
    """The Visits screen: recent visits and the visit entry form."""

    status_message = Signal(str)

    def __init__(self, office, parent=None):
        super().__init__(parent)
        self.office = office
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Visit entry is coming."))

    def new_visit(self, patient_id: int | None = None) -> None:
        """Start a new visit, for this patient when given."""

    def open_visit(self, visit_id: int) -> None:
        """Show a saved visit for editing."""

    def save(self) -> bool:
        return False

    def save_and_new(self) -> bool:
        return False
