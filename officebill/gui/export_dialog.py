"""Export 837P: choose the claims (selected, or every ready claim sent electronically) and the folder, write one
file per clearinghouse through `office.edi.export_837` in the background, and show what was written.

The facade refuses a batch holding a claim with errors or a payer on paper, and marks the claims sent only
once the files are in place; the dialog shows its message and stays open.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .background import in_own_office, run_in_background
from .file_dialogs import EXPORT_837_KIND, existing_folder, start_folder
from .print_dialog import claims_choice

FOLDER_SETTING = "edi_export_folder"  # the folder chosen last time (an office setting, saved on export)


def describe(batches) -> str:
    """What the export wrote: each file with its clearinghouse, payers and claims."""
    lines = []
    for b in batches:
        lines += [b.file_name, f"    {b.clearinghouse_name}: {len(b.claim_ids)} claim(s), {b.total}",
                  f"    payers: {', '.join(b.payer_names)}", f"    claims: {' '.join(map(str, b.claim_ids))}"]
    count = sum(len(b.claim_ids) for b in batches)
    lines.append(f"{count} claim(s) marked sent. Upload the file(s) to the clearinghouse.")
    return "\n".join(lines)


class ExportClaimsDialog(QDialog):
    """Selected or all ready claims, a folder, Export; `exported(batches)` when the files are written."""

    exported = Signal(list)  # the EdiBatch records written
    failed = Signal(str)

    def __init__(self, office, selected_ids: list[int] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.office = office
        self.setWindowTitle("Export 837P claim files")
        self.selected_ids = list(selected_ids or [])
        sendable = office.edi.sendable()
        self.ready_count = sum(len(ids) for ids in sendable.values())
        self.task = None
        self.message = ""

        which, self.selected_radio, self.all_radio = claims_choice(
            len(self.selected_ids), f"&All ready claims to payers sent electronically ({self.ready_count})")
        houses = office.setup.clearinghouses(active_only=True)
        hint = QLabel("One file is written per clearinghouse: " + ", ".join(h.name for h in houses) if houses else
                      "No clearinghouse is set up yet: add one under Setup > Clearinghouses and tick its payers.")
        hint.setWordWrap(True)
        which.layout().addWidget(hint)

        folder_box = QGroupBox("Folder")
        self.folder_edit = QLineEdit(office.setup.setting(FOLDER_SETTING, "") or str(start_folder(office, EXPORT_837_KIND)))
        self.folder_edit.setAccessibleName("Folder for the 837P files")
        self.browse_button = QPushButton("&Browse…")
        folder_row = QHBoxLayout(folder_box)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)

        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.result.setAccessibleName("Export result")
        self.result.setPlaceholderText("The files written, their payers and claims show here.")

        self.export_button = QPushButton("&Export")
        self.export_button.setDefault(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(which)
        layout.addWidget(folder_box)
        layout.addWidget(self.result, 1)
        layout.addWidget(self.buttons)
        self.browse_button.clicked.connect(self.browse)
        self.export_button.clicked.connect(self.export)
        self.selected_radio.toggled.connect(lambda _on: self._update())
        self.resize(720, 480)
        self._update()

    def chosen_ids(self) -> list[int] | None:
        """The claim numbers chosen, or None for every ready claim sent electronically."""
        return list(self.selected_ids) if self.selected_radio.isChecked() else None

    def _update(self) -> None:
        busy = self.task is not None and not self.task.done
        anything = bool(self.selected_ids) if self.selected_radio.isChecked() else self.ready_count > 0
        self.export_button.setEnabled(anything and not busy)

    def browse(self) -> None:
        folder = existing_folder(self, self.office, EXPORT_837_KIND, "Folder for the 837P files",
                                 Path(self.folder_edit.text()))
        if folder:
            self.folder_edit.setText(folder)

    def export(self) -> None:
        folder, ids = self.folder_edit.text().strip(), self.chosen_ids()
        self.export_button.setEnabled(False)
        self.setCursor(Qt.CursorShape.WaitCursor)

        def action(office, progress):
            progress(0.0, "Checking the claims…")
            batches = office.edi.export_837(folder, ids, all_ready=ids is None).value
            office.setup.save_setting(FOLDER_SETTING, folder)
            return batches

        def done(batches):
            self.unsetCursor()
            self.message = describe(batches)
            self.result.setPlainText(self.message)
            self.selected_ids, self.ready_count = [], sum(len(i) for i in self.office.edi.sendable().values())
            self.selected_radio.setText("&Selected claims (0)")
            self.selected_radio.setEnabled(False)
            self.all_radio.setText(f"&All ready claims to payers sent electronically ({self.ready_count})")
            self.all_radio.setChecked(True)
            self._update()
            self.exported.emit(batches)

        def failed(exc):
            self.unsetCursor()
            self.message = f"Nothing was exported.\n\n{exc}"
            self.result.setPlainText(self.message)
            self._update()
            self.failed.emit(str(exc))

        self.task = run_in_background(in_own_office(self.office.path, action), parent=self,
                                      label="Writing 837P files…", on_done=done, on_error=failed)
