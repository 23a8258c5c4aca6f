"""The recent-visits list beside the visit form: a thin table model fed plain rows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, Qt

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
    visits = office.visits.between(today - timedelta(days=days), today)
    providers = {p.id: p.last_name for p in office.setup.providers()}
    names: dict[int, str] = {}
    rows = []
    for visit in visits:
        if visit.patient_id not in names:
            patient = office.patients.get(visit.patient_id) if visit.patient_id is not None else None
            names[visit.patient_id] = patient.display_name if patient else "?"
        rows.append(RecentVisitRow(
            visit_id=visit.id, service_date=visit.service_date, patient=names[visit.patient_id],
            provider=providers.get(visit.provider_id, ""), diagnoses=" ".join(visit.diagnoses[:3])
            + (" …" if len(visit.diagnoses) > 3 else ""), total=visit.total,
            status=getattr(visit.status, "value", str(visit.status))))
    rows.sort(key=lambda r: (r.service_date or date.min, r.visit_id), reverse=True)
    return rows


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
            return (row.service_date.strftime("%m/%d/%Y") if row.service_date else "", row.patient, row.provider,
                    row.diagnoses, str(row.total), row.status)[column]
        if role == Qt.TextAlignmentRole and column == 4:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None
