"""The Claims screen's data side: the status groups (tabs), the claim list and findings table
models, the sort proxy, and where each finding's field is fixed (`fix_target`).

No widgets here beyond what the models need for icons and colours.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QIdentityProxyModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyle, QWidget

from ..core.records import ClaimStatus
from .forms import format_date
from .table_model import HeadedTableModel
from .theme import caution_color, error_color


@dataclass(frozen=True)
class ClaimGroup:
    """One tab of the claim list: its title (with mnemonic) and the claim statuses it shows."""

    title: str
    statuses: tuple[ClaimStatus, ...]
    empty_text: str
    short_title: str  # in a narrow window (the same mnemonic)


GROUPS = (
    ClaimGroup("Needs a&ttention", (ClaimStatus.DRAFT,), "No claim needs attention.", "A&ttention"),
    ClaimGroup("R&eady", (ClaimStatus.READY,), "No claims are ready. Use Make claims for visits without one.",
               "R&eady"),
    ClaimGroup("Sent or printe&d", (ClaimStatus.SENT, ClaimStatus.PRINTED), "No claims sent or printed yet.",
               "Sent/printe&d"),
    ClaimGroup("V&oid and replaced", (ClaimStatus.VOID, ClaimStatus.REPLACED), "No void or replaced claims.",
               "V&oid"),
)
READY_TAB = 1
OPENING_TABS = (0, READY_TAB, 2)  # the screen opens on the first of these with claims (Needs attention first)

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


# Sort key (ClaimService.page's `order`) of each column of the claim list.
COLUMN_ORDERS = ("id", "patient", "account", "service_date", "payer", "total", "status", "version")
PAGE_SIZE = 200
UNCOUNTED = 1 << 40  # the total of a list counted only in part: read until a page comes back short
FIND_PAGES = 10  # pages read at most to find claims to select (just made or kept)


class ClaimTableModel(HeadedTableModel):
    """The claims of one tab, a page at a time: rows come from `fetch(offset, limit, order, descending)`
    (the facade's `claims.page`) as the view scrolls (`canFetchMore`/`fetchMore`), and sorting asks the
    facade again in the column's order, so the model never holds more than the rows seen."""

    HEADERS = ("Claim", "Patient", "Account", "Service", "Payer", "Total", "Status", "Version")  # short: 1000x600

    def __init__(self, parent=None):
        super().__init__(parent)
        self._claims: list = []
        self._fetch = None
        self._total = 0
        self._order, self._descending = "created", True

    def set_source(self, fetch, total: int, exact: bool = True) -> None:
        """Show `total` rows read through `fetch(offset, limit, order, descending)`, the first page now; when not
        `exact` (a search counted only so far), pages are read as long as they come full."""
        self.beginResetModel()
        self._fetch, self._total = fetch, total if exact else UNCOUNTED
        self._claims = list(fetch(0, PAGE_SIZE, self._order, self._descending)) if total else []
        if len(self._claims) < PAGE_SIZE:
            self._total = len(self._claims)
        self.endResetModel()

    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and self._fetch is not None and len(self._claims) < self._total

    def fetchMore(self, parent=QModelIndex()) -> None:
        if not self.canFetchMore(parent):
            return
        more = list(self._fetch(len(self._claims), PAGE_SIZE, self._order, self._descending))
        if len(more) < PAGE_SIZE:  # the last page
            self._total = len(self._claims) + len(more)
        if not more:
            return
        self.beginInsertRows(QModelIndex(), len(self._claims), len(self._claims) + len(more) - 1)
        self._claims += more
        self.endInsertRows()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sorted by the facade in SQL (then the first page again)."""
        self._order = COLUMN_ORDERS[column] if 0 <= column < len(COLUMN_ORDERS) else "created"
        self._descending = order == Qt.SortOrder.DescendingOrder
        if self._fetch is not None:
            self.layoutAboutToBeChanged.emit()
            self.set_source(self._fetch, self._total)
            self.layoutChanged.emit()

    def claim_at(self, row: int):
        """The list row (`ClaimListRow`: id, patient_name, status, ...) at `row`; the whole claim is `claims.get(id)`."""
        return self._claims[row] if 0 <= row < len(self._claims) else None

    def rows_of(self, claim_ids, pages: int = FIND_PAGES) -> list[int]:
        """The rows of `claim_ids` in their order, reading up to `pages` more pages to find them."""
        wanted = list(claim_ids)
        rows = {c.id: n for n, c in enumerate(self._claims)}
        for _page in range(pages):
            if all(i in rows for i in wanted) or not self.canFetchMore():
                break
            self.fetchMore()
            rows = {c.id: n for n, c in enumerate(self._claims)}
        return [rows[i] for i in wanted if i in rows]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._claims)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        claim = self._claims[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(claim, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 4):  # the whole text of a cut name
            return eob_note(claim) if column == 4 and claim.is_secondary else self.cell_text(claim, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def cell_text(claim, column: int) -> str:
        """The text shown in `column` for a `ClaimListRow` (column 6, the status, is also the claim title's)."""
        if column == 0:
            return str(claim.id)
        if column == 6:
            if claim.printed and claim.status.was_sent:
                return f"{claim.status.label} {format_date(claim.printed)}"
            return claim.status.label
        if column == 7:
            return f"v{claim.version} {claim.frequency.label}"
        if column == 4 and claim.is_secondary:  # a secondary/tertiary claim: marked beside its payer
            return f"↳#{claim.primary_claim_id} {claim.payer_name}"  # the mark first, seen when the name is cut
        return {1: claim.patient_name, 2: claim.account, 3: format_date(claim.service_date), 4: claim.payer_name,
                5: str(claim.total)}[column]


def eob_note(row) -> str:
    """What the office does for a claim that follows another payer's result (a `ClaimListRow`)."""
    after = f"{row.payer_name}, billed after the posted result of claim {row.primary_claim_id}"
    if row.needs_primary_eob:
        return f"{after}: attach that payer's EOB to the paper claim."
    return f"{after}: sent with that result (no EOB to attach)."


class FindingTableModel(HeadedTableModel):
    """The scrubber's findings of one claim: severity (icon and colour), box, message."""

    HEADERS = ("Severity", "Box", "What to fix")
    OVERRIDDEN = "Overridden"

    def __init__(self, palette_source: QWidget, parent=None):
        super().__init__(parent)
        self._findings: list = []
        self._source = palette_source

    def set_findings(self, findings: list) -> None:
        self.beginResetModel()
        # errors first, then warnings, each in rule order
        self._findings = sorted(findings, key=lambda f: 0 if f.is_error else 1)
        self.endResetModel()

    def finding_at(self, row: int):
        return self._findings[row] if 0 <= row < len(self._findings) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._findings)

    def severity_color(self, finding) -> QColor:
        """Readable on the view's colours in light and dark palettes."""
        return error_color(self._source) if finding.is_error else caution_color()

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        finding = self._findings[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            severity = self.OVERRIDDEN if finding.overridden else "Error" if finding.is_error else "Warning"
            message = (f"{finding.message}\nOverridden: {finding.overridden_reason}" if finding.overridden
                       else finding.message)
            return (severity, finding.box, message)[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            icon = (QStyle.StandardPixmap.SP_MessageBoxCritical if finding.is_error
                    else QStyle.StandardPixmap.SP_MessageBoxWarning)
            return self._source.style().standardIcon(icon)
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return self.severity_color(finding)
        if role == Qt.ItemDataRole.ToolTipRole:
            where = {"visit": "the visit", "setup": "setup", "patient": "the patient"}[fix_target(finding.field)]
            override = ("\nThe guidelines allow an exception: Override… asks for the reason." if finding.overridable
                        and not finding.overridden else "")
            return (f"{finding.message}\n\nField: {finding.field} · rule {finding.rule}\nEnter or double-click opens "
                    f"{where}.{override}")
        if role == Qt.ItemDataRole.UserRole:
            return finding.field
        return None


class ClaimSortProxy(QIdentityProxyModel):
    """Passes sorting to the claim list model, which asks the facade for the rows in that order."""

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)
