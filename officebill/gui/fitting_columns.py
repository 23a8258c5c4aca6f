"""A list that fits a small window: while the table is narrower than a width, some of its columns are hidden
(what they show is elsewhere on the screen), so the list never needs scrolling sideways (issue 15, 1000x600)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView


class FittingColumns(QObject):
    """Hides the table's `optional` columns while it is narrower than `narrow_below` pixels, shows them again
    when it is wider (on every resize of the table, and on `set_optional`)."""

    def __init__(self, table: QTableView, optional: tuple[int, ...], narrow_below: int):
        super().__init__(table)
        self.table, self.optional, self.narrow_below = table, tuple(optional), narrow_below
        self._hidden: set[int] = set()  # the columns this hid (others are left alone)
        table.installEventFilter(self)
        self.fit()

    def set_optional(self, optional: tuple[int, ...]) -> None:
        """Other columns to hide while narrow (the list shows other rows: a column may say nothing new)."""
        self.optional = tuple(optional)
        self.fit()

    def fit(self) -> None:
        hide = set(self.optional) if self.table.width() < self.narrow_below else set()
        for column in self._hidden - hide:
            self.table.setColumnHidden(column, False)
        for column in hide - self._hidden:
            self.table.setColumnHidden(column, True)
        self._hidden = hide

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self.fit()
        return False
