"""The Claims screen (placeholder until the claims work lands)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ClaimsView(QWidget):
    """Claims by status with the scrubber's findings, preview and printing."""

    status_message = Signal(str)
    open_visit_requested = Signal(int)

    def __init__(self, office, parent=None):
        super().__init__(parent)
        self.office = office
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Claims are coming."))

    def refresh(self) -> None:
        """Reload the lists from the office."""
