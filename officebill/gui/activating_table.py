"""A read-only, row-selecting table view whose Enter/Return activates the current row.

Shared by the Claims screen's claim list and its findings table.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView


class ActivatingTable(QTableView):
    """A table whose Enter/Return key activates the current row (like a double-click)."""

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


def activating_table(model) -> QTableView:
    """An `ActivatingTable` on `model`: whole rows selected, no editing, alternating rows, no row numbers."""
    view = ActivatingTable()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    return view
