"""The Visits screen's left side: the visits of the last 30 days, newest first.

`recent_visit_rows()` reads them through the facade into plain rows; the thin
`RecentVisitsTableModel` shows them; `RecentVisitsPanel` is the label and the
read-only whole-row table (Alt+E goes to it). Enter or a double click on a row
emits `open_requested(visit_id)`; the screen opens that visit. The table never
scrolls sideways: in a narrow panel the right-hand columns (status, total,
diagnoses, provider) step aside, the patient's name is cut at its end, and each
row's tooltip holds all of it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ..core.money import Money
from .table_model import HeadedTableModel

RECENT_DAYS = 30


@dataclass(frozen=True)
class RecentVisitRow:
    visit_id: int
    service_date: date | None
    patient: str
    provider: str
    diagnoses: str
    total: Money
    status: str


def recent_visit_rows(office, today: date | None = None, days: int = RECENT_DAYS) -> list[RecentVisitRow]:
    """The last `days` days of visits, newest first, as plain rows (asks the facade only)."""
    today = today or date.today()
    visits = office.visits.summaries(today - timedelta(days=days), today)
    providers = {p.id: p.last_name for p in office.setup.providers()}
    rows = []
    for visit in visits:
        rows.append(RecentVisitRow(
            visit_id=visit.id, service_date=visit.service_date, patient=visit.patient_name,
            provider=providers.get(visit.provider_id, ""), diagnoses=" ".join(visit.diagnoses[:3])
            + (" …" if len(visit.diagnoses) > 3 else ""), total=visit.total, status=visit.status.label))
    return rows


def side_list(name: str, model) -> QTableView:
    """A list beside the visit form (recent visits, drafts): one whole row chosen, read-only, compact rows;
    Tab leaves it rather than walking its cells."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(22)
    return table


class RecentVisitsTableModel(HeadedTableModel):
    HEADERS = ("Date", "Patient", "Provider", "Diagnoses", "Total", "Status")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[RecentVisitRow] = []

    def set_rows(self, rows: list[RecentVisitRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, index: int) -> RecentVisitRow | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def row_of(self, visit_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.visit_id == visit_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index, role=Qt.DisplayRole):
        row = self.row_at(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.DisplayRole:
            # month/day: the last 30 days need no year (the tooltip has it); the names get the room
            return (row.service_date.strftime("%m/%d") if row.service_date else "", row.patient, row.provider,
                    row.diagnoses, str(row.total), row.status)[column]
        if role == Qt.TextAlignmentRole and column == 4:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.ToolTipRole:
            shown = row.service_date.strftime("%m/%d/%Y") if row.service_date else ""
            return f"{shown} · {row.patient} · {row.provider} · {row.diagnoses} · {row.total} · {row.status}"
        return None


class RecentVisitsPanel(QWidget):
    """The recent visits table under its label; Enter or a double click asks to open a visit."""

    open_requested = Signal(int)  # the visit id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = RecentVisitsTableModel(self)
        table = self.table = side_list("recentVisits", self.model)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setWordWrap(False)  # a wrapped cell is cut after its first word ("Chen, …"), not in the middle
        table.setTextElideMode(Qt.ElideMiddle)  # a name too long keeps both ends; the tooltip has it whole
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        table.doubleClicked.connect(lambda index: self._open(index.row()))
        table.installEventFilter(self)
        label = QLabel(f"R&ecent visits (last {RECENT_DAYS} days) — Enter opens")
        label.setBuddy(table)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.addWidget(label)
        layout.addWidget(table, 1)

    def show_rows(self, rows: list[RecentVisitRow], visit_id: int | None) -> None:
        """Show `rows`, keeping the row chosen (else the one of `visit_id`) chosen."""
        index = self.table.currentIndex()
        current = self.model.row_at(index.row()) if index.isValid() else None
        self.model.set_rows(rows)
        self.select(visit_id if current is None else current.visit_id)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Show the columns from the left while they fit the table's width (date and patient always); when
        some step aside, the patient's column takes the width the others leave (names too long cut in the middle),
        so nothing needs sideways scrolling."""
        header = self.table.horizontalHeader()
        count = self.model.columnCount()
        room = self.table.viewport().width()
        widths = [max(header.sectionSizeHint(c), self.table.sizeHintForColumn(c)) for c in range(count)]
        shown = 2
        while shown < count and sum(widths[:shown + 1]) <= room:
            shown += 1
        for column in range(count):
            self.table.setColumnHidden(column, column >= shown)
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        header.setStretchLastSection(shown == count)
        if shown < count:
            header.setSectionResizeMode(1, QHeaderView.Fixed)
            header.resizeSection(1, max(room - sum(widths[:shown]) + widths[1], 40))

    def select(self, visit_id: int | None) -> None:
        row = self.model.row_of(visit_id) if visit_id is not None else -1
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def _open(self, row: int) -> None:
        found = self.model.row_at(row)
        if found is not None:
            self.open_requested.emit(found.visit_id)

    def eventFilter(self, obj, event):
        if obj is self.table and event.type() == QEvent.Resize:
            QTimer.singleShot(0, self.fit_columns)  # once the table's viewport has its new width
            return False
        if (obj is self.table and event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter)
                and not event.modifiers() & ~Qt.KeypadModifier):
            self._open(self.table.currentIndex().row())
            return True
        return False
