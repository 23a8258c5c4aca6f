"""The remittance work list: claim payments an 835 import could not post, for a person to resolve.

Each row is a `WorkItem` from `office.remittances.work()`: the control number the payer sent, the
payer's status, what it paid, and why it was not posted. "Post to claim…" posts it to the claim a
person names (the same rules as an import; a misfit is refused with the reason), "Mark handled…"
closes it with a note. The list reloads when the office's money changes.

Hook for the main window (Payments screen or menu): `RemittanceWorkView(office)`, a plain widget,
or `show_work_list(parent, office)` for it in a window of its own.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.problems import UserError
from ..office import Area
from .office_changes import OfficeChanges
from .table_model import RowsTableModel


class WorkItemModel(RowsTableModel):
    """Work items (core.remittance.WorkItem), one per row."""

    HEADERS = ("#", "Control number", "Why it was not posted", "Patient", "Payer", "Trace", "Payer's status",
               "Charge", "Paid", "Resolved")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            p = item.payment
            resolved = f"{item.resolved:%m/%d/%Y} {item.resolution}" if item.resolved else ""
            return (str(item.id), item.control, item.problem, p.patient_name, item.payer_name, item.trace_number,
                    p.status_label, str(p.charge), str(p.paid), resolved)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.problem
        return None


class RemittanceWorkView(QWidget):
    """The work list with its two actions; reloads on the office's change signal."""

    def __init__(self, office, parent: QWidget | None = None):
        super().__init__(parent)
        self.office = office
        self.model = WorkItemModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Remittance work list")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setMaximumSectionSize(360)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.empty = QLabel("Nothing to resolve: every claim payment imported was posted.")
        self.show_resolved = QCheckBox("Show &resolved")
        self.post_button = QPushButton("&Post to claim…")
        self.handled_button = QPushButton("Mark &handled…")
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_resolved)
        buttons.addStretch(1)
        buttons.addWidget(self.post_button)
        buttons.addWidget(self.handled_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.show_resolved.toggled.connect(lambda _on: self.reload())
        self.post_button.clicked.connect(self.post_to_claim)
        self.handled_button.clicked.connect(self.mark_handled)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        OfficeChanges.of(office).changed.connect(self._on_changed)
        self.reload()

    def _on_changed(self, changes) -> None:
        if changes.touches(Area.MONEY):
            self.reload()

    def reload(self) -> None:
        self.model.set_rows(self.office.remittances.work(open_only=not self.show_resolved.isChecked()))
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not self.model.rows)
        self._update()

    def current(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _update(self) -> None:
        item = self.current()
        open_item = item is not None and item.resolved is None
        self.post_button.setEnabled(open_item)
        self.handled_button.setEnabled(open_item)

    def post_to_claim(self) -> None:
        item = self.current()
        if item is None:
            return
        claim_id, ok = QInputDialog.getInt(self, "Post to claim", f"Post {item.control} ({item.payment.paid}) to "
                                           "claim number:", 1, 1, 2_000_000_000)
        if ok:
            self._resolve(item.id, claim_id=claim_id)

    def mark_handled(self) -> None:
        item = self.current()
        if item is None:
            return
        note, ok = QInputDialog.getText(self, "Mark handled", "What was done with it (for example 'posted by hand'):")
        if ok:
            self._resolve(item.id, note=note)

    def _resolve(self, work_id: int, claim_id: int | None = None, note: str = "") -> None:
        try:
            self.office.remittances.resolve(work_id, claim_id=claim_id, note=note)
        except UserError as exc:
            QMessageBox.warning(self, "Not resolved", str(exc))
        self.reload()


def show_work_list(parent: QWidget | None, office) -> QDialog:
    """The work list in a window of its own (a menu action's hook)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Remittance work list")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    layout = QVBoxLayout(dialog)
    layout.addWidget(RemittanceWorkView(office, dialog))
    dialog.resize(1000, 420)
    dialog.show()
    return dialog
