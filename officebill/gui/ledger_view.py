"""The patient's ledger: every money entry, oldest first, with the running balance, and what is owed by whom.

Opened from the Patients screen and from a visit (Ctrl+Shift+L; the visit's entries are then
selected). The top line splits the balance: insurance owes, the patient owes, the total, and any
credit. The actions (`ledger_actions`): take a payment (F2; a copay goes to the chosen visit), print
its receipt (when the office makes receipts: `office.statements.receipt`), preview the patient's
statement, write off, refund the credit, reverse the selected entry. The dialog follows the office's change signal.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from ..core.ledger import REASON_CODES, EntryKind, LedgerEntry, Party
from ..core.money import Money
from ..core.problems import UserError
from ..office import Area
from .access import may
from .activating_table import activating_table
from .file_dialogs import RECEIPT_KIND, save_file_name
from .forms import ErrorLabel, format_date
from .ledger_actions import payment_dialog, refund_dialog, reverse_dialog, write_off_dialog
from .office_changes import OfficeChanges
from .table_model import HeadedTableModel
from .theme import muted_color

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
KIND_NAMES = {
    EntryKind.CHARGE: "Charge", EntryKind.INSURANCE_PAYMENT: "Insurance paid", EntryKind.PATIENT_PAYMENT: "Patient paid",
    EntryKind.ADJUSTMENT: "Adjustment", EntryKind.WRITE_OFF: "Write-off", EntryKind.REFUND: "Refund",
    EntryKind.TRANSFER: "Moved", EntryKind.REVERSAL: "Reversal",
}


def balance_text(balances) -> str:
    """'Patient owes $20.00 · insurance $40.00 · total $60.00'; with a credit, the credit instead of a total
    (a negative total read as a debt)."""
    text = f"Patient owes {max(balances.patient, Money(0))} · insurance {balances.insurance}"
    return text + (f" · credit {balances.credit}" if balances.credit else f" · total {balances.total}")


def short_balance(balances) -> str:
    """A patient's balance in a few words for a header: 'owes $15.00 (insurance $40.00)', 'credit $10.00'."""
    if balances.credit:
        return f"credit {balances.credit}" + (f" (insurance owes {balances.insurance})" if balances.insurance else "")
    text = f"owes {balances.patient}"
    return text + (f" (insurance {balances.insurance})" if balances.insurance else "")


def describe(entry: LedgerEntry, payer_names: dict[int, str]) -> str:
    """What an entry is, in a few words: the code charged, the adjustment's codes, the tender, the party."""
    if entry.kind is EntryKind.CHARGE:
        return entry.note
    if entry.kind in (EntryKind.ADJUSTMENT, EntryKind.TRANSFER) and entry.group:
        moved = (" to " if entry.amount.cents > 0 else " from ") + entry.party.value
        words = REASON_CODES.get(entry.reason, "")
        return (f"{entry.group.value}-{entry.reason}" + (moved if entry.kind is EntryKind.TRANSFER else "")
                + (f" · {words}" if words else ""))
    if entry.method is not None:
        number = f" ••{entry.number}" if entry.method.value == "card" else f" #{entry.number}" if entry.number else ""
        return entry.method.value + number + (f" · {entry.note}" if entry.note else "")
    if entry.kind is EntryKind.WRITE_OFF:
        return entry.reason.replace("_", " ") + (f" · {entry.note}" if entry.note else "")
    if entry.kind is EntryKind.INSURANCE_PAYMENT:
        return f"{payer_names.get(entry.payer_id, '?')}, allowed {entry.allowed.plain() if entry.allowed else '?'}"
    return entry.note


class LedgerTableModel(HeadedTableModel):
    """Ledger entries with the running balance after each."""

    HEADERS = ("Posted", "Service", "Entry", "What", "Owed by", "Amount", "Balance")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[LedgerEntry, Money]] = []
        self.payer_names: dict[int, str] = {}

    def set_entries(self, entries: list[LedgerEntry], payer_names: dict[int, str]) -> None:
        self.beginResetModel()
        running, self.rows = Money(0), []
        for entry in entries:
            running = running + entry.amount
            self.rows.append((entry, running))
        self.payer_names = payer_names
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def entry(self, row: int) -> LedgerEntry | None:
        return self.rows[row][0] if 0 <= row < len(self.rows) else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        entry, running = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 5:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and entry.reverses_id is not None:
            return muted_color()
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        owed_by = entry.party.value if entry.party is Party.PATIENT else \
            f"{entry.party.value}: {self.payer_names.get(entry.payer_id, '?')}"
        return (format_date(entry.posted), format_date(entry.service_date), KIND_NAMES[entry.kind],
                describe(entry, self.payer_names), owed_by, entry.amount.plain(), running.plain())[column]


class LedgerDialog(QDialog):
    """One patient's ledger and the money actions on it."""

    def __init__(self, office, patient_id: int, visit_id: int | None = None, parent=None):
        super().__init__(parent)
        self.office, self.patient_id, self.visit_id = office, patient_id, visit_id
        patient = office.patients.get(patient_id)
        office.audit.record_view("ledger", patient_id)  # the audit trail records every opening
        self.setWindowTitle(f"Ledger — {patient.display_name} (#{patient.account})")
        self.title = QLabel(f"<b>{patient.display_name}</b> &nbsp; account #{patient.account}")
        self.title.setStyleSheet("font-size: 15px;")
        self.balance_label = QLabel()
        self.balance_label.setObjectName("balanceLabel")
        self.balance_label.setStyleSheet("font-size: 15px;")
        self.error = ErrorLabel()
        self.saved_label = QLabel()
        self.saved_label.setTextFormat(Qt.TextFormat.PlainText)
        self.saved_label.hide()
        self.model = LedgerTableModel(self)
        self.table = activating_table(self.model)
        self.table.setAccessibleName("Ledger entries")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

        self.pay_button = QPushButton("Take &payment… (F2)")
        self.receipt_button = QPushButton("Print re&ceipt…")
        self.receipt_button.setToolTip("A receipt (PDF) for the selected patient payment")
        self.statement_button = QPushButton("&Statement")
        self.statement_button.setToolTip("This patient's statement as it would print today (nothing is recorded)")
        self.write_off_button = QPushButton("&Write off…")
        self.refund_button = QPushButton("Re&fund credit…")
        self.reverse_button = QPushButton("Re&verse entry…")
        self.reverse_button.setToolTip("Undo the selected payment or EOB line result with reversing entries")
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        self.pay_button.clicked.connect(self.take_payment)
        self.receipt_button.clicked.connect(lambda: self.print_receipt())
        self.statement_button.clicked.connect(lambda: self.preview_statement())
        self.write_off_button.clicked.connect(self.write_off)
        self.refund_button.clicked.connect(self.refund)
        self.reverse_button.clicked.connect(self.reverse)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.take_payment)
        for button, action in ((self.write_off_button, "money.write_off"), (self.refund_button, "money.refund"),
                               (self.reverse_button, "money.reverse")):
            button.setVisible(may(office, action))  # a manager's: not offered to the front desk or a biller
        buttons = QHBoxLayout()
        for button in (self.pay_button, self.receipt_button, self.statement_button, self.write_off_button,
                       self.refund_button, self.reverse_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.balance_label)
        layout.addWidget(self.error)
        layout.addWidget(self.saved_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        OfficeChanges.of(office).changed.connect(self._office_changed)
        self.resize(1100, 560)
        self.refresh()
        self._select_visit()

    # -------------------------------------------------------------- reading
    def refresh(self) -> None:
        current = self.current_entry()
        names = {p.id: p.name for p in self.office.setup.payers()}
        self.model.set_entries(self.office.money.ledger(self.patient_id), names)
        self.balances = self.office.money.patient_balances(self.patient_id)
        self.balance_label.setText(balance_text(self.balances))
        rows = [i for i, (e, _) in enumerate(self.model.rows) if current is not None and e.id == current.id]
        row = rows[0] if rows else len(self.model.rows) - 1
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._update_buttons()

    def _office_changed(self, changes) -> None:
        if changes.touches(Area.MONEY, Area.VISITS, Area.PATIENTS):
            self.refresh()

    def _select_visit(self) -> None:
        rows = [i for i, (e, _) in enumerate(self.model.rows) if e.visit_id == self.visit_id]
        if self.visit_id is not None and rows:
            self.table.setCurrentIndex(self.model.index(rows[-1], 0))
            self.table.scrollTo(self.model.index(rows[0], 0))

    def current_entry(self) -> LedgerEntry | None:
        index = self.table.currentIndex() if hasattr(self, "table") else QModelIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        entry = self.current_entry()
        self.refund_button.setEnabled(bool(self.balances.credit))
        self.write_off_button.setEnabled(self.balances.patient.cents > 0)
        self.reverse_button.setEnabled(entry is not None and entry.kind not in (EntryKind.CHARGE, EntryKind.REVERSAL))
        can_print = hasattr(self.office, "statements") and hasattr(self.office.statements, "receipt")
        self.receipt_button.setVisible(can_print)
        self.statement_button.setVisible(can_print)
        self.receipt_button.setEnabled(entry is not None and entry.kind is EntryKind.PATIENT_PAYMENT)

    # -------------------------------------------------------------- actions
    def _open(self, dialog):
        dialog.done_with.connect(lambda _value: self.refresh())
        dialog.open()
        self.action_dialog = dialog
        return dialog

    def take_payment(self):
        visit_id = self.current_entry().visit_id if self.current_entry() else self.visit_id
        dialog = self._open(payment_dialog(self.office, self.patient_id, self.visit_id or visit_id, self))
        dialog.done_with.connect(self._paid)
        return dialog

    def _paid(self, entries: list[LedgerEntry]) -> None:
        paid = -Money.total(e.amount for e in entries)
        if entries and entries[-1].id is not None:
            rows = [i for i, (e, _) in enumerate(self.model.rows) if e.id == entries[-1].id]
            if rows:
                self.table.setCurrentIndex(self.model.index(rows[0], 0))
        self.error.set_message("")
        self.setWindowTitle(self.windowTitle().split(" — paid")[0] + f" — paid {paid}")

    def write_off(self):
        return self._open(write_off_dialog(self.office, self.patient_id, max(self.balances.patient, Money(0)),
                                           self.visit_id, self))

    def refund(self):
        return self._open(refund_dialog(self.office, self.patient_id, self.balances.credit, self))

    def reverse(self):
        entry = self.current_entry()
        if entry is None:
            return None
        return self._open(reverse_dialog(self.office, entry, self))

    def preview_statement(self, path: Path | None = None, show: bool = True) -> Path | None:
        """The patient's statement as it would print today, opened in the PDF viewer; records nothing."""
        from .statements_dialog import preview_statement, show_file

        try:
            path = preview_statement(self.office, self.patient_id, date.today(), path)
        except (UserError, OSError) as exc:
            self.error.set_message(f"No statement: {exc}")
            return None
        if show:
            show_file(path)
        return path

    def print_receipt(self, path: Path | None = None) -> Path | None:
        """Save the selected patient payment's receipt as a PDF (asks where unless `path` is given)."""
        entry = self.current_entry()
        if entry is None or entry.kind is not EntryKind.PATIENT_PAYMENT:
            self.error.set_message("Select a patient payment to print its receipt.")
            return None
        if path is None:
            name = save_file_name(self, self.office, RECEIPT_KIND, "Save the receipt", f"receipt-{entry.batch}.pdf",
                                  "PDF (*.pdf)")
            if not name:
                return None
            path = Path(name)
        try:
            self.office.statements.receipt(self.patient_id, entry.batch, path)
        except (UserError, OSError) as exc:
            self.error.set_message(f"The receipt could not be saved: {exc}")
            return None
        self.error.set_message("")
        self.saved_label.setText(f"Saved the receipt to {path}")  # where the patient data went
        self.saved_label.show()
        return path
