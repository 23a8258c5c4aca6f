"""The Visits screen's left side: the recent visits table under its label (Alt+E goes to it).

`recent_panel()` builds the read-only, whole-row table over a
`RecentVisitsTableModel`; the screen connects opening a visit (double click,
Enter) itself.
"""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from .visit_recent import RECENT_DAYS, RecentVisitsTableModel


def recent_panel(model: RecentVisitsTableModel) -> tuple[QWidget, QTableView]:
    """The panel (label and table) and its table, showing `model`."""
    table = QTableView()
    table.setObjectName("recentVisits")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(22)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    label = QLabel(f"R&ecent visits (last {RECENT_DAYS} days) — Enter opens")
    label.setBuddy(table)
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 4, 0)
    layout.addWidget(label)
    layout.addWidget(table, 1)
    return panel, table
