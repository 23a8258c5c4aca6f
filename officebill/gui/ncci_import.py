"""The "Import NCCI edits…" dialog: what NCCI edits the claim checks use, and importing the CMS practitioner files.

The PTP edits come as the quarter's four `ccipra-…-fN` zips (chosen together); the MUE table as one zip or
.csv. Imports run in the background, all or nothing; a table whose name does not say its quarter asks for
the date it is in force from.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.problems import UserError
from ..office.edit_service import MueDateUnknown, ProcedureEditService
from .background import BackgroundTask, in_own_office, run_in_background
from .file_dialogs import CODE_RELEASE_KIND, open_file_names

TITLE = "NCCI procedure edits"


def edits_status_text(office) -> str:
    """One line saying which NCCI edits the claim checks use (or that they are off and how to load them)."""
    return ProcedureEditService(office.codes).status_text()


def show_ncci_import(parent: QWidget, office) -> NcciImportDialog:
    dialog = NcciImportDialog(office, parent)
    dialog.open()
    return dialog


class NcciImportDialog(QDialog):
    """Shows what is loaded; Import PTP edits… / Import MUE table… ask for the files and import them."""

    def __init__(self, office, parent: QWidget | None = None):
        super().__init__(parent)
        self.office = office
        self.task: BackgroundTask | None = None
        self.setWindowTitle(TITLE)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("NCCI edits loaded")
        intro = QLabel("Claims are checked against the CMS NCCI practitioner edits you import here: procedure pairs "
                       "that are not paid together (PTP) and the most units a day (MUE). Download them each "
                       "quarter from cms.gov.")
        intro.setWordWrap(True)
        self.ptp_button = QPushButton("Import &PTP edits…")
        self.ptp_button.setToolTip("Choose the quarter's four practitioner zips (ccipra-…-f1 to -f4) together")
        self.ptp_button.clicked.connect(self.choose_ptp)
        self.mue_button = QPushButton("Import &MUE table…")
        self.mue_button.setToolTip("Choose the practitioner services MUE zip or the .csv inside it")
        self.mue_button.clicked.connect(self.choose_mue)
        buttons = QHBoxLayout()
        buttons.addWidget(self.ptp_button)
        buttons.addWidget(self.mue_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.status.setText(edits_status_text(self.office))

    def choose_ptp(self) -> None:
        names = open_file_names(self, self.office, CODE_RELEASE_KIND, "Import the NCCI PTP edits",
                                "NCCI PTP files (*.zip *.txt);;All files (*)")
        if names:
            self.import_files("ptp", [Path(n) for n in names])

    def choose_mue(self) -> None:
        names = open_file_names(self, self.office, CODE_RELEASE_KIND, "Import the NCCI MUE table",
                                "MUE tables (*.zip *.csv);;All files (*)")
        if names:
            self.import_files("mue", [Path(n) for n in names])

    def import_files(self, kind: str, files: list[Path], effective: date | None = None) -> BackgroundTask:
        """Import in the background ("ptp" or "mue"); the status line is read again afterwards."""
        def action(office, progress):
            edits = ProcedureEditService(office.codes)
            if kind == "ptp":
                return edits.import_ptp(files, progress).value
            return edits.import_mue(files, effective, progress).value

        def failed(exc: BaseException) -> None:
            self._busy(False)
            if isinstance(exc, MueDateUnknown) and effective is None:
                day = self._ask_effective()
                if day is not None:
                    self.import_files(kind, files, day)
                return
            message = str(exc) if isinstance(exc, UserError) else f"The import did not work: {exc}"
            QMessageBox.warning(self, TITLE, f"{message}\n\nNothing was imported; the edits are as they were.")

        def done(_value) -> None:
            self._busy(False)
            self.refresh()

        self._busy(True)
        label = "Importing the PTP edits…" if kind == "ptp" else "Importing the MUE table…"
        self.task = run_in_background(in_own_office(self.office.path, action), parent=self, label=label,
                                      on_done=done, on_error=failed)
        return self.task

    def _busy(self, busy: bool) -> None:
        self.ptp_button.setEnabled(not busy)
        self.mue_button.setEnabled(not busy)

    def _ask_effective(self) -> date | None:
        text, ok = QInputDialog.getText(self, TITLE, "The file name does not say the table's quarter.\n"
                                                     "In force from (YYYY-MM-DD, the quarter's first day):")
        if not ok or not text.strip():
            return None
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            QMessageBox.warning(self, TITLE, f"'{text}' is not a date; write it as YYYY-MM-DD (e.g. 2026-01-01).")
            return None
