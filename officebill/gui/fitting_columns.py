"""A list that fits a small window: while the table is narrower than a width, some of its columns are hidden
(what they show is elsewhere on the screen), so the list never needs scrolling sideways (issue 15, 1000x600)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView


class FittingColumns(QObject):
    """Hides the table's `optional` columns while it is narrower than `narrow_below` pixels, shows them again
    when it is wider (on every resize of the table)."""

    def __init__(self, table: QTableView, optional: tuple[int, ...], narrow_below: int):
        super().__init__(table)
        self.table, self.optional, self.narrow_below = table, optional, narrow_below
        table.installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        narrow = self.table.width() < self.narrow_below
        for column in self.optional:
            if self.table.isColumnHidden(column) != narrow:
                self.table.setColumnHidden(column, narrow)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self.fit()
        return False
