"""Statements: who is due one today, one patient's statement previewed, the batch run, earlier runs reprinted.

Everything goes through `office.statements`. A preview or reprint writes a PDF and opens it in the
system's viewer; the batch run prints every due account into one PDF in the background with
progress (`background.run_in_background` on the worker's own office) and is recorded only once the
PDF is in place. The due list says why an account cannot be mailed (an incomplete address).
"""
from __future__ import annotations

import html
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from ..core.money import Money
from ..core.problems import UserError
from .activating_table import activating_table
from .background import in_own_office, run_in_background
from .file_dialogs import STATEMENTS_KIND, save_file_name
from .forms import ErrorLabel, format_date
from .table_model import RowsTableModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class RowsModel(RowsTableModel):
    """Records shown through a function giving each one's cells (money columns to the right)."""

    def __init__(self, headers: tuple[str, ...], cells, money_columns: tuple[int, ...], parent=None):
        super().__init__(parent=parent)
        self.HEADERS, self.cells, self.money_columns = headers, cells, money_columns

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.money_columns:
            return RIGHT
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cells(self.rows[index.row()])[index.column()]
        return None


def preview_statement(office, patient_id: int, today: date, path: Path | None = None) -> Path:
    """Write one patient's statement as it would print on `today` (a temporary PDF unless `path`); records
    nothing. Raises UserError or OSError with the reason."""
    path = path or Path(tempfile.mkdtemp(prefix="officebill-statement-")) / "statement-preview.pdf"
    office.statements.preview(patient_id, path, today)
    return path


def show_file(path: Path) -> None:
    """Open a PDF in the system's viewer."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _due_cells(d) -> tuple:
    return (d.account, d.name, d.balance.plain(), format_date(d.last_statement) or "never",
            d.problem or "ready to mail")


def _run_cells(r) -> tuple:
    return (format_date(r.statement_date), r.run_at.replace("T", " "), r.who, str(r.count), r.total.plain())


class StatementsDialog(QDialog):
    """Due accounts, preview, run, earlier runs and reprint."""

    finished_run = Signal(object)  # the StatementRun just made (or the exception)

    def __init__(self, office, parent=None, *, today=date.today, patient_id: int | None = None):
        super().__init__(parent)
        self.office, self.today, self.patient_id = office, today, patient_id
        self.task = None
        self.run_path: Path | None = None  # where the running statements are written
        self.open_files = True  # tests turn this off: the PDFs are checked, not shown
        self.setWindowTitle("Patient statements")
        self.due_label = QLabel()
        self.due_label.setStyleSheet("font-size: 15px;")
        self.rules_label = QLabel()
        self.error = ErrorLabel()
        self.due_model = RowsModel(("Account", "Name", "Balance", "Last statement", "Mailing"), _due_cells, (2,), self)
        self.due_table = activating_table(self.due_model)
        self.due_table.setAccessibleName("Accounts due a statement")
        self.run_model = RowsModel(("Statement date", "Run at", "By", "Statements", "Total"), _run_cells, (3, 4), self)
        self.run_table = activating_table(self.run_model)
        self.run_table.setAccessibleName("Earlier runs")
        for table, stretch in ((self.due_table, 4), (self.run_table, 1)):
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

        self.preview_button = QPushButton("&Preview statement")
        self.preview_button.setToolTip("One statement as it would print today (nothing is recorded)")
        self.run_button = QPushButton("&Run statements…")
        self.run_button.setToolTip("Print every due statement into one PDF and record the run")
        self.reprint_button = QPushButton("Repri&nt run…")
        close = QPushButton("Close")
        self.preview_button.clicked.connect(lambda: self.preview())
        self.run_button.clicked.connect(lambda: self.run())
        self.reprint_button.clicked.connect(lambda: self.reprint())
        self.due_table.activated.connect(lambda _i: self.preview())
        close.clicked.connect(self.accept)
        for button in (self.preview_button, self.run_button, self.reprint_button, close):
            button.setAutoDefault(False)

        due_buttons = QHBoxLayout()
        due_buttons.addWidget(self.preview_button)
        due_buttons.addStretch(1)
        due_buttons.addWidget(self.run_button)
        run_buttons = QHBoxLayout()
        run_buttons.addWidget(self.reprint_button)
        run_buttons.addStretch(1)
        run_buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.due_label)
        layout.addWidget(self.rules_label)
        layout.addWidget(self.error)
        layout.addWidget(self.due_table, 3)
        layout.addLayout(due_buttons)
        layout.addWidget(QLabel("<b>Earlier runs</b>"))
        layout.addWidget(self.run_table, 2)
        layout.addLayout(run_buttons)
        self.resize(900, 620)
        self.refresh()

    def refresh(self) -> None:
        statements = self.office.statements
        settings = statements.settings()
        due = statements.due(self.today())
        self.due_model.set_rows(due)
        mailable = [d for d in due if not d.problem]
        self.due_label.setText(f"<b>{len(mailable)}</b> statement(s) due today for "
                               f"<b>{Money.total(d.balance for d in mailable)}</b>"
                               + (f"; {len(due) - len(mailable)} account(s) cannot be mailed (see Mailing)"
                                  if len(due) > len(mailable) else ""))
        self.rules_label.setText(f"Accounts owing at least {settings.minimum} with no statement in the last "
                                 f"{settings.cycle_days} days, not on hold.")
        self.run_model.set_rows(statements.runs())
        if due:
            self.due_table.setCurrentIndex(self.due_model.index(0, 0))
        if self.run_model.rows:
            self.run_table.setCurrentIndex(self.run_model.index(0, 0))
        self.run_button.setEnabled(bool(mailable))
        self.reprint_button.setEnabled(bool(self.run_model.rows))

    # -------------------------------------------------------------- preview
    def _chosen_patient(self) -> int | None:
        index = self.due_table.currentIndex()
        return self.due_model.rows[index.row()].patient_id if index.isValid() else self.patient_id

    def _show_file(self, path: Path) -> None:
        if self.open_files:
            show_file(path)

    def preview(self, patient_id: int | None = None, path: Path | None = None) -> Path | None:
        """Write one patient's statement as it would print today and open it; records nothing."""
        patient_id = patient_id or self._chosen_patient()
        if patient_id is None:
            self.error.set_message("Choose an account to preview.")
            return None
        try:
            path = preview_statement(self.office, patient_id, self.today(), path)
        except (UserError, OSError) as exc:
            self.error.set_message(f"No preview: {exc}")
            return None
        self.error.clear_problems()
        self._show_file(path)
        return path

    # ------------------------------------------------------------------ run
    def _ask_path(self, title: str, name: str) -> Path | None:
        chosen = save_file_name(self, self.office, STATEMENTS_KIND, title, name, "PDF (*.pdf)")
        return Path(chosen) if chosen else None

    def run(self, path: Path | None = None) -> None:
        """Print every due statement to one PDF in the background, then record the run."""
        if self.task is not None and not self.task.done:
            return
        path = path or self._ask_path("Save the statements", f"statements-{self.today():%Y-%m-%d}.pdf")
        if path is None:
            return
        today = self.today()

        def work(office, progress):
            progress(0.1, "printing the statements")
            return office.statements.run(path, today).value

        self.run_button.setEnabled(False)
        self.run_path = path
        self.task = run_in_background(in_own_office(self.office.path, work), parent=self,
                                      label="Printing the statements…", on_done=self._ran, on_error=self._run_failed)

    def _ran(self, run) -> None:
        skipped = f" ({len(run.skipped)} skipped: incomplete address)" if run.skipped else ""
        self.error.clear_problems()
        self.refresh()
        self.due_label.setText(f"Printed <b>{run.count}</b> statement(s) for <b>{run.total}</b>{skipped}. "
                               f"The PDF is ready to print and mail: {html.escape(str(self.run_path))}")
        self.finished_run.emit(run)

    def _run_failed(self, exc: BaseException) -> None:
        self.refresh()
        self.error.set_message(f"No statements were recorded: {exc}")
        self.finished_run.emit(exc)

    def reprint(self, path: Path | None = None) -> Path | None:
        index = self.run_table.currentIndex()
        if not index.isValid():
            return None
        run = self.run_model.rows[index.row()]
        path = path or self._ask_path("Reprint the run", f"statements-{run.statement_date:%Y-%m-%d}-again.pdf")
        if path is None:
            return None
        try:
            self.office.statements.reprint(run.id, path)
        except (UserError, OSError) as exc:
            self.error.set_message(f"Not reprinted: {exc}")
            return None
        self.due_label.setText(f"Run {run.id} printed again to {html.escape(str(path))}")
        self._show_file(path)
        return path
