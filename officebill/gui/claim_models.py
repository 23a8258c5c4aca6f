"""The Claims screen's data side: the status groups (tabs), the claim list and findings table
models, the sort proxy, and where each finding's field is fixed (`fix_target`).

No widgets here beyond what the models need for icons and colours.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyle, QWidget

from .forms import format_date
from .table_model import HeadedTableModel
from .theme import caution_color, error_color


@dataclass(frozen=True)
class ClaimGroup:
    """One tab of the claim list: its title (with mnemonic) and the claim statuses it shows."""

    title: str
    statuses: tuple[str, ...]


GROUPS = (
    ClaimGroup("Needs a&ttention", ("draft",)),
    ClaimGroup("R&eady", ("ready",)),
    ClaimGroup("Printe&d", ("printed",)),
    ClaimGroup("V&oid and replaced", ("void", "replaced")),
)
FREQUENCY_NAMES = {"1": "original", "7": "replacement (7)", "8": "void (8)"}

SETUP_HEADS = ("practice", "provider", "facility", "payer", "other_payer")
PATIENT_HEADS = ("patient", "policy", "insured", "other_policy")


def fix_target(field: str) -> str:
    """Where a finding's field is fixed: 'visit', 'setup' or 'patient'."""
    head = re.split(r"[.\[]", field or "", maxsplit=1)[0]
    if head in SETUP_HEADS:
        return "setup"
    if head in PATIENT_HEADS:
        return "patient"
    return "visit"  # visit.*, lines[*], claim.* (duplicates, totals), referring


class ClaimTableModel(HeadedTableModel):
    """Claims (plain `Claim` records) as rows; `Qt.UserRole` gives sortable values."""

    HEADERS = ("Claim #", "Patient", "Account", "Date of service", "Payer", "Total", "Status", "Version")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._claims: list = []

    def set_claims(self, claims: list) -> None:
        self.beginResetModel()
        self._claims = list(claims)
        self.endResetModel()

    def claim_at(self, row: int):
        return self._claims[row] if 0 <= row < len(self._claims) else None

    def row_of(self, claim_id: int) -> int:
        return next((n for n, c in enumerate(self._claims) if c.id == claim_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._claims)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        claim = self._claims[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(claim, column)
        if role == Qt.ItemDataRole.UserRole:
            return (claim.id, claim.patient.display_name.lower(), claim.patient.account,
                    (claim.service_date.isoformat() if claim.service_date else "", claim.id), claim.payer.name.lower(),
                    claim.total.cents, claim.status.value, claim.version)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def cell_text(claim, column: int) -> str:
        """The text shown in `column` for `claim` (column 6 is the status, also used in the claim title)."""
        if column == 0:
            return str(claim.id)
        if column == 1:
            return claim.patient.display_name
        if column == 2:
            return claim.patient.account
        if column == 3:
            return format_date(claim.service_date)
        if column == 4:
            return claim.payer.name
        if column == 5:
            return str(claim.total)
        if column == 6:
            status = claim.status.value
            if claim.printed and status in ("printed", "replaced"):
                return f"{status} {format_date(claim.printed)}"
            return "needs attention" if status == "draft" else status
        return f"v{claim.version} {FREQUENCY_NAMES.get(claim.frequency, claim.frequency)}"


class FindingTableModel(HeadedTableModel):
    """The scrubber's findings of one claim: severity (icon and colour), box, message."""

    HEADERS = ("Severity", "Box", "What to fix")

    def __init__(self, palette_source: QWidget, parent=None):
        super().__init__(parent)
        self._findings: list = []
        self._source = palette_source

    def set_findings(self, findings: list) -> None:
        self.beginResetModel()
        # errors first, then warnings, each in rule order
        self._findings = sorted(findings, key=lambda f: 0 if f.severity == "error" else 1)
        self.endResetModel()

    def finding_at(self, row: int):
        return self._findings[row] if 0 <= row < len(self._findings) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._findings)

    def severity_color(self, severity: str) -> QColor:
        """Readable on the view's colours in light and dark palettes."""
        return error_color(self._source) if severity == "error" else caution_color()

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        finding = self._findings[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return ("Error" if finding.severity == "error" else "Warning", finding.box, finding.message)[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            icon = (QStyle.StandardPixmap.SP_MessageBoxCritical if finding.severity == "error"
                    else QStyle.StandardPixmap.SP_MessageBoxWarning)
            return self._source.style().standardIcon(icon)
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return self.severity_color(finding.severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            where = {"visit": "the visit", "setup": "setup", "patient": "the patient"}[fix_target(finding.field)]
            return f"{finding.message}\n\nField: {finding.field} · rule {finding.rule}\nEnter or double-click opens {where}."
        if role == Qt.ItemDataRole.UserRole:
            return finding.field
        return None


class ClaimSortProxy(QSortFilterProxyModel):
    """Sorts a table by each cell's `Qt.UserRole` value (numbers as numbers, dates as ISO text)."""

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:
        return left.data(Qt.ItemDataRole.UserRole) < right.data(Qt.ItemDataRole.UserRole)
