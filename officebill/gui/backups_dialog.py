"""Backups and restore: the office file's backups newest first, restore one, check one, open the folder,
and how many automatic backups to keep.

The dialog lists and checks through the facade; restoring is the window's job (it must close the
office first), so the dialog only says which backup was chosen (`restore_requested`).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
)

from ..core.problems import UserError
from ..office import backup_problems
from ..office.encryption import is_encrypted
from .background import run_in_background
from .table_model import RowsTableModel

KIND_LABELS = {
    "auto": "Automatic (on closing)",
    "manual": "Made by hand",
    "before-migration": "Before an upgrade",
    "replaced-by-restore": "Replaced by a restore",
}


def kind_label(backup) -> str:
    label = KIND_LABELS.get(backup.kind, backup.kind.replace("-", " ").capitalize())
    return f"{label} ({backup.detail})" if backup.detail else label


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def made_text(backup) -> str:
    return backup.made.strftime("%m/%d/%Y %I:%M:%S %p")


class BackupsTableModel(RowsTableModel):
    """Backup records (storage.backup.BackupFile), one per row."""

    HEADERS = ("Made", "Kind", "Size", "File")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        backup = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (made_text(backup), kind_label(backup), size_text(backup.size), backup.path.name)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(backup.path) + (" (encrypted: its .keys file beside it goes with it)"
                                       if is_encrypted(backup.path) else " (not encrypted)")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class BackupsDialog(QDialog):
    """Lists the open office's backups; Restore asks, then emits `restore_requested(path)`."""

    restore_requested = Signal(object)
    check_finished = Signal(object)  # the list of problems (empty: sound), or the exception

    def __init__(self, office, parent=None):
        super().__init__(parent)
        self.office = office
        self.check_task = None
        self.setWindowTitle("Backups and restore")

        intro = QLabel(f"Backups of <b>{office.path.name}</b> in <code>{office.backups.folder}</code>, "
                       "newest first. Restoring replaces the office file with the chosen backup; "
                       "the current file is kept as a backup first.")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)

        self.model = BackupsTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Backups")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())

        self.empty_label = QLabel("There are no backups yet. File > Back up now (Ctrl+B) makes one; "
                                  "one is also made each time OfficeBill closes.")
        self.empty_label.setWordWrap(True)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.restore_button = QPushButton("&Restore…")
        self.check_button = QPushButton("&Check integrity")
        self.folder_button = QPushButton("Open &folder")
        self.restore_button.clicked.connect(self.restore_selected)
        self.check_button.clicked.connect(self.check_selected)
        self.folder_button.clicked.connect(self.open_folder)
        actions = QHBoxLayout()
        actions.addWidget(self.restore_button)
        actions.addWidget(self.check_button)
        actions.addWidget(self.folder_button)
        actions.addStretch(1)

        self.kept = QSpinBox()
        self.kept.setRange(1, 100)
        self.kept.setValue(max(1, min(100, office.backups.kept())))
        self.kept.setAccessibleName("Automatic backups kept")
        self.kept.setToolTip("When OfficeBill closes it makes a backup and deletes the oldest automatic ones "
                             "beyond this number. Backups made by hand are never deleted.")
        self.kept.valueChanged.connect(self._set_kept)
        kept_label = QLabel("Automatic backups &kept:")
        kept_label.setBuddy(self.kept)
        kept_row = QHBoxLayout()
        kept_row.addWidget(kept_label)
        kept_row.addWidget(self.kept)
        kept_row.addWidget(QLabel("(the oldest beyond this are deleted when OfficeBill closes)"))
        kept_row.addStretch(1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addLayout(kept_row)
        layout.addWidget(buttons)
        self.resize(820, 480)
        self.refresh()

    # --------------------------------------------------------------- listing
    def _set_kept(self, count: int) -> None:
        try:
            self.office.backups.set_kept(count)
        except UserError as refused:  # the office is open read-only
            self.kept.blockSignals(True)
            self.kept.setValue(max(1, min(100, self.office.backups.kept())))
            self.kept.blockSignals(False)
            QMessageBox.warning(self, "Backups", f"The number kept was not changed.\n\n{refused}")

    def refresh(self) -> None:
        self.model.set_rows(self.office.backups.list())
        has_rows = bool(self.model.rows)
        self.empty_label.setVisible(not has_rows)
        if has_rows:
            self.table.selectRow(0)
        self._update_buttons()
        self.table.setFocus()

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        busy = self.check_task is not None and not self.check_task.done
        self.restore_button.setEnabled(chosen and not busy)
        self.check_button.setEnabled(chosen and not busy)

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_path(self, path: Path) -> bool:
        for row, backup in enumerate(self.model.rows):
            if backup.path == Path(path):
                self.table.selectRow(row)
                return True
        return False

    # --------------------------------------------------------------- actions
    def open_folder(self) -> None:
        folder = self.office.backups.folder
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def check_selected(self) -> None:
        backup = self.selected()
        if backup is None:
            return
        self.status.setText(f"Checking {backup.path.name}…")

        def done(problems) -> None:
            self._update_buttons()
            if problems:
                text = (f"The backup of {made_text(backup)} failed the check:\n\n" + "\n".join(problems[:5])
                        + "\n\nDo not restore it; choose another backup.")
                self.status.setText(f"{backup.path.name}: failed the check.")
                QMessageBox.warning(self, "Check integrity", text)
            else:
                self.status.setText(f"{backup.path.name}: sound; it can be restored.")
                QMessageBox.information(self, "Check integrity",
                                        f"The backup of {made_text(backup)} passed the integrity check "
                                        "and can be restored.")
            self.check_finished.emit(problems)

        def failed(exc) -> None:
            self._update_buttons()
            self.status.setText("")
            QMessageBox.warning(self, "Check integrity", f"The backup could not be checked: {exc}")
            self.check_finished.emit(exc)

        path = backup.path
        self.check_task = run_in_background(lambda _p: backup_problems(path), parent=self,
                                            label="Checking the backup…", on_done=done, on_error=failed)
        self._update_buttons()

    def restore_selected(self) -> None:
        backup = self.selected()
        if backup is None:
            return
        answer = QMessageBox.question(
            self, "Restore a backup",
            f"Restore the backup made {made_text(backup)} ({kind_label(backup).lower()})?\n\n"
            "The current office file is kept as a backup; OfficeBill will reopen the restored file.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.accept()
        self.restore_requested.emit(backup.path)
