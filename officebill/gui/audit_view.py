"""The audit trail viewer (a manager's window): who changed or opened which record, when; filters and Export CSV….

Filters are a user name, a patient's account number and a range of local
dates; the table shows a page of rows newest first, "More" the next page.
Export CSV… writes every matching row (not just the page) to a file only the
signed-in Windows/Linux user can read, and says where it went. Opening the
viewer writes nothing.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ..core.problems import Problem, UserError, ValidationFailed
from .activating_table import activating_table
from .file_dialogs import AUDIT_KIND, save_file_name
from .forms import DateEdit, ErrorLabel, read_date
from .table_model import RowsTableModel

PAGE = 200
ACTION_NAMES = {"insert": "added", "update": "changed", "delete": "deleted", "view": "opened"}
RECORD_NAMES = {"patients": "patient", "ledger": "ledger of patient", "policies": "policy", "visits": "visit",
                "visit_diagnoses": "visit diagnosis", "service_lines": "service line", "claims": "claim",
                "claim_lines": "claim line", "statement_holds": "statement hold of patient", "users": "user",
                "settings": "setting", "payers": "payer", "providers": "provider", "facilities": "facility",
                "procedures": "procedure", "practice": "practice", "clearinghouses": "clearinghouse",
                "finding_overrides": "finding override"}


def _changes(entry) -> str:
    """Which fields changed (names only: the values are in the CSV export)."""
    fields = sorted(set(entry.before or {}) | set(entry.after or {}))
    return ", ".join(fields)


class AuditTableModel(RowsTableModel):
    """Audit entries, newest first: time, user, what was done to which record, the fields concerned."""

    HEADERS = ("Time", "User", "Action", "Record", "Fields")

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self.rows[index.row()]
        name = RECORD_NAMES.get(entry.table, entry.table)
        record = f"{name} #{entry.row_id}" if entry.row_id is not None else name
        return (entry.local_time, entry.who, ACTION_NAMES.get(entry.action, entry.action), record,
                _changes(entry))[index.column()]


class AuditDialog(QDialog):
    """Filter, page through and export the audit trail."""

    def __init__(self, office, parent=None):
        super().__init__(parent)
        self.office = office
        self.setWindowTitle("Audit trail")
        self.user = QLineEdit()
        self.user.setPlaceholderText("any user")
        self.user.setAccessibleName("User")
        self.user.setMaximumWidth(180)
        self.account = QLineEdit()
        self.account.setPlaceholderText("any patient")
        self.account.setAccessibleName("Patient account")
        self.account.setMaximumWidth(140)
        self.since, self.until = DateEdit(name="since"), DateEdit(name="until")
        self.show_button = QPushButton("&Show")
        self.show_button.setDefault(True)
        self.more_button = QPushButton("&More")
        self.export_button = QPushButton("&Export CSV…")
        close = QPushButton("Close")
        self.error = ErrorLabel()
        self.count_label = QLabel()
        self.model = AuditTableModel(parent=self)
        self.table = activating_table(self.model)
        self.table.setAccessibleName("Audit rows")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        filters = QHBoxLayout()
        for text, field in (("&User", self.user), ("&Account", self.account), ("&From", self.since),
                            ("&To", self.until)):
            label = QLabel(text)
            label.setBuddy(field)
            filters.addWidget(label)
            filters.addWidget(field)
        filters.addWidget(self.show_button)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        for button in (self.more_button, self.export_button, close):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(980, 620)

        self.show_button.clicked.connect(self.refresh)
        self.more_button.clicked.connect(self.more)
        self.export_button.clicked.connect(lambda: self.export_csv())
        close.clicked.connect(self.accept)
        self.refresh()

    # ---------------------------------------------------------------- filters
    def filters(self) -> dict:
        """The chosen user, patient and dates as `office.audit.rows` takes them; ValidationFailed when unreadable."""
        problems: list[Problem] = []
        since, until = read_date(self.since, "since", problems), read_date(self.until, "until", problems)
        patient_id = None
        account = self.account.text().strip()
        if account:
            patient = self.office.patients.by_account(account.upper())
            if patient is None:
                problems.append(Problem("account", f"There is no account {account}; check the number."))
            else:
                patient_id = patient.id
        if problems:
            raise ValidationFailed(problems)
        return {"user": self.user.text().strip() or None, "patient_id": patient_id, "since": since, "until": until}

    def _load(self, offset: int) -> None:
        try:
            rows = self.office.audit.rows(**self.filters(), limit=PAGE, offset=offset)
        except ValidationFailed as exc:
            self.error.show_problems([problem.message for problem in exc.problems])
            return
        except UserError as exc:
            self.error.set_message(str(exc))
            return
        self.error.clear_problems()
        self.model.set_rows((self.model.rows if offset else []) + rows)
        self.more_button.setEnabled(len(rows) == PAGE)
        self.count_label.setText(f"{len(self.model.rows):,} row(s) shown, newest first"
                                 + (" (More shows older ones)" if len(rows) == PAGE else ""))

    def refresh(self) -> None:
        self._load(0)

    def more(self) -> None:
        self._load(len(self.model.rows))

    # ----------------------------------------------------------------- export
    def export_csv(self, path: Path | None = None) -> Path | None:
        """Write every matching row to a CSV file (asking where when `path` is None); says where it went."""
        try:
            chosen = self.filters()
        except ValidationFailed as exc:
            self.error.show_problems([problem.message for problem in exc.problems])
            return None
        if path is None:
            name = save_file_name(self, self.office, AUDIT_KIND, "Export the audit trail as CSV", "audit-trail.csv",
                                  "CSV (*.csv)")
            if not name:
                return None
            path = Path(name)
        try:
            count = self.office.audit.export_csv(path, **chosen)
        except UserError as exc:
            self.error.set_message(f"Not exported: {exc}")
            return None
        self.error.clear_problems()
        self.count_label.setText(f"Exported {count:,} row(s) to {path} (readable by you only).")
        return path
