"""The ICD-10-CM releases dialog: the releases the code database holds, and importing a CMS release.

Opened from Setup > Import ICD-10-CM release…. The import runs in the background (progress shown when
it takes a while), all or nothing; the result, or why nothing was imported, is said in a message box,
and the list of releases held is read again.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.problems import UserError
from .background import BackgroundTask, in_own_office, run_in_background
from .file_dialogs import CODE_RELEASE_KIND, open_file_names

TITLE = "ICD-10-CM releases"
HOW = ("CMS publishes a release for each fiscal year (in force from October 1), sometimes an update from April 1. "
       "Download it from the ICD-10-CM page of cms.gov: the 'Code Descriptions in Tabular Order' zip and the zip "
       "holding the tabular XML ('Table and Index'), then import both here together. Claims are checked "
       "against the release in force on their date of service.")
COLUMNS = ("Release", "In force from", "Until", "From")


class Icd10cmReleasesDialog(QDialog):
    """Lists the ICD-10-CM releases held; 'Import release files…' imports another one."""

    def __init__(self, office, parent: QWidget | None = None):
        super().__init__(parent)
        self.office = office
        self.task: BackgroundTask | None = None
        self.setWindowTitle(TITLE)
        self.resize(760, 320)
        layout = QVBoxLayout(self)
        intro = QLabel(HOW)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.status = QLabel()
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = QPushButton("&Import release files…")
        self.import_button.setToolTip("Choose the CMS zips (or the order file and the tabular XML inside them)")
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.import_button.clicked.connect(self.choose_files)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        ready = self.office.codes.ready()
        held = self.office.codes.icd10cm_releases() if ready else []
        self.status.setText(f"Claims are checked against these {len(held)} releases; the newest one is searched."
                            if ready else "The code database is being prepared (it is built on first use); open "
                            "this again in a moment to see the releases held.")
        self.table.setRowCount(len(held))
        for row, release in enumerate(reversed(held)):  # newest first
            update = release["key"][5:]
            fy = f"FY{release['fiscal_year']}" + (f" {update.capitalize()} update" if update else "")
            values = (f"{release['name']} ({fy})", release["effective"], release["ends"], release["source"])
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def choose_files(self) -> BackgroundTask | None:
        names = open_file_names(self, self.office, CODE_RELEASE_KIND, "Import an ICD-10-CM release",
                                "ICD-10-CM release files (*.zip *.txt *.xml);;All files (*)")
        return self.import_files([Path(n) for n in names]) if names else None

    def import_files(self, files: list[Path]) -> BackgroundTask:
        """Import in the background; say what was imported, or why nothing was."""
        self.import_button.setEnabled(False)

        def action(office, progress):
            return office.codes.import_icd10cm(files, progress).value

        self.task = run_in_background(in_own_office(self.office.path, action), parent=self,
                                      label="Importing the ICD-10-CM release…", on_done=self._imported,
                                      on_error=self._failed)
        return self.task

    def _imported(self, summary: dict) -> None:
        self.import_button.setEnabled(True)
        self.reload()
        QMessageBox.information(
            self, TITLE,
            f"Imported the ICD-10-CM release of {summary['name']} (in force from {summary['effective']}): "
            f"{summary['codes']:,} codes"
            + (f"; since the {summary['compared_with']} release {summary['added']:,} added, {summary['deleted']:,} "
               f"deleted and {summary['expanded']:,} expanded into more specific codes." if summary["compared_with"]
               else "."))

    def _failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        message = str(exc) if isinstance(exc, UserError) else f"The import did not work: {exc}"
        QMessageBox.warning(self, TITLE, f"{message}\n\nNothing was imported; the code sets are as they were.")


def show_icd10cm_releases(parent: QWidget, office) -> Icd10cmReleasesDialog:
    """Open the releases dialog (modeless, so the window stays usable while an import runs)."""
    dialog = Icd10cmReleasesDialog(office, parent)
    dialog.show()
    return dialog
