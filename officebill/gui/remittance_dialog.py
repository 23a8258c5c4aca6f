"""Import remittance…: choose an 835 file, see what it would post (a dry run), post it, and read the summary.

Both the preview and the posting run in the background through `office.remittances.import_835`
(the preview with `dry_run`, which writes nothing). A refused file (imported before, another
practice's, not an 835, out of balance) shows the facade's message naming the segment and line;
nothing is posted. Claims that did not fit go to the work list (`remittance_work`).

Hooks for the main window's Payments menu: `import_remittance(parent, office)` and
`import_acknowledgment(parent, office)` (a 999 or 277CA: what it accepted and rejected).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.problems import UserError
from .background import in_own_office, run_in_background
from .file_dialogs import ACKNOWLEDGMENT_KIND, REMITTANCE_KIND, open_file_name
from .table_model import RowsTableModel

FOLDER_SETTING = "era_import_folder"  # where the last 835 was chosen from (an office setting)
OUTCOME_WORDS = {"paid": "paid", "denied": "denied", "reversed": "reversed", "unmatched": "to the work list"}


def summary_text(summary) -> str:
    """Claims paid, denied, reversed and unmatched, and the money per category, in a few lines."""
    head = "Would post" if summary.dry_run else "Posted"
    deposit = f" (deposit {summary.deposit_id})" if summary.deposit_id else ""
    return "\n".join([
        f"{head}: {summary.payer_name}, payment {summary.trace_number}, {summary.amount}{deposit}",
        f"Claims: {summary.count('paid')} paid, {summary.count('denied')} denied, {summary.count('reversed')} "
        f"reversed, {summary.count('unmatched')} to the work list",
        f"Money: {summary.total('paid')} paid, {summary.total('adjusted')} written off (CO/OA/PI), "
        f"{summary.total('patient')} moved to the next party (PR), provider adjustments "
        f"{summary.provider_adjustments}, unapplied {summary.unapplied}",
    ])


class RemittanceResultModel(RowsTableModel):
    """One row per claim result (core.remittance.ClaimResult)."""

    HEADERS = ("Control number", "Claim", "Payer's status", "Result", "Paid", "Written off", "Moved on (PR)", "Note")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.control, str(r.claim_id or ""), r.status, OUTCOME_WORDS.get(r.outcome, r.outcome),
                    str(r.paid), str(r.adjusted), str(r.patient), r.note)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (4, 5, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return r.note
        return None


class ImportRemittanceDialog(QDialog):
    """A file, Preview (dry run), Post; `posted(summary)` after the import committed."""

    posted = Signal(object)  # the RemittanceSummary
    failed = Signal(str)

    def __init__(self, office, path: Path | str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.office = office
        self.setWindowTitle("Import remittance (835)")
        self.task = None
        self.previewed: Path | None = None
        self.summary = None

        self.file_edit = QLineEdit(str(path or ""))
        self.file_edit.setAccessibleName("835 file")
        self.file_edit.setPlaceholderText("The 835 remittance file downloaded from the clearinghouse")
        self.browse_button = QPushButton("&Browse…")
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel("&File:", buddy=self.file_edit))
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)

        self.message = QLabel("Choose a file: a preview shows what it would post before anything is written.")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = RemittanceResultModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Claims in the remittance")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()

        self.preview_button = QPushButton("&Preview")
        self.post_button = QPushButton("P&ost")
        self.post_button.setDefault(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.post_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.browse_button.clicked.connect(self.browse)
        self.preview_button.clicked.connect(self.preview)
        self.post_button.clicked.connect(self.post)
        self.file_edit.textChanged.connect(lambda _text: self._update())
        self.resize(900, 520)
        self._update()

    def path(self) -> Path | None:
        text = self.file_edit.text().strip()
        return Path(text) if text else None

    def _update(self) -> None:
        busy = self.task is not None and not self.task.done
        path = self.path()
        self.preview_button.setEnabled(path is not None and not busy and self.summary is None)
        self.post_button.setEnabled(path is not None and not busy and path == self.previewed and self.summary is None)

    def browse(self) -> None:
        start = self.office.setup.setting(FOLDER_SETTING, "")
        name = open_file_name(self, self.office, REMITTANCE_KIND, "835 remittance file",
                              "Remittance files (*.835 *.x12 *.edi *.txt *.dat);;All files (*)",
                              default=Path(start) if start else None)
        if name:
            self.file_edit.setText(name)
            self.preview()

    def preview(self) -> None:
        self._run(dry_run=True)

    def post(self) -> None:
        self._run(dry_run=False)

    def _run(self, dry_run: bool) -> None:
        path = self.path()
        if path is None:
            return
        self.previewed = None if dry_run else self.previewed
        self.setCursor(Qt.CursorShape.WaitCursor)

        def action(office, progress):
            progress(0.0, "Reading the 835…")
            summary = office.remittances.import_835(path, dry_run=dry_run).value
            if not dry_run:
                office.setup.save_setting(FOLDER_SETTING, str(path.parent))
            return summary

        def done(summary):
            self.unsetCursor()
            self.model.set_rows(summary.results)
            self.table.resizeColumnsToContents()
            self.message.setText(summary_text(summary) + ("\n\nNothing is written until you press Post."
                                                          if dry_run else ""))
            if dry_run:
                self.previewed = path
            else:
                self.summary = summary
                self.posted.emit(summary)
            self._update()

        def failed(exc):
            self.unsetCursor()
            self.model.set_rows([])
            self.message.setText(f"Nothing was posted.\n\n{exc}")
            self._update()
            self.failed.emit(str(exc))

        self.task = run_in_background(in_own_office(self.office.path, action), parent=self,
                                      label="Posting the remittance…" if not dry_run else "Reading the 835…",
                                      on_done=done, on_error=failed)
        self._update()


def import_remittance(parent: QWidget | None, office) -> ImportRemittanceDialog:
    """The main window's hook (File or Payments > Import remittance…): open the dialog, modeless."""
    dialog = ImportRemittanceDialog(office, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def import_acknowledgment(parent: QWidget | None, office, path: str | None = None) -> QMessageBox | None:
    """Payments > Import acknowledgment…: read a 999 or 277CA and say what it accepted and rejected.

    Rejected claims go back to "needs attention" with the payer's reason (`office.remittances.import_ack`);
    a refused file changes nothing. Returns the (modeless) message shown, None when no file was chosen."""
    if path is None:
        start = office.setup.setting(FOLDER_SETTING, "")
        path = open_file_name(parent, office, ACKNOWLEDGMENT_KIND, "Import acknowledgment (999 or 277CA)",
                              "X12 files (*.999 *.277 *.x12 *.edi *.txt);;All files (*)",
                              default=Path(start) if start else None)
        if not path:
            return None
    try:
        summary = office.remittances.import_ack(path).value
    except UserError as exc:
        return _tell(parent, QMessageBox.Icon.Warning, "Acknowledgment not read", str(exc))
    lines = [f"{summary.file_name} ({summary.kind}): {summary.accepted} accepted, {summary.rejected} rejected."]
    lines += [f"Claim {r.claim_id or r.control}: {r.words}" + (" (back to needs attention)" if r.back_to_attention
                                                            else "")
              for r in summary.results if not r.accepted][:20]
    return _tell(parent, QMessageBox.Icon.Information, "Acknowledgment read", "\n".join(lines))


def _tell(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
