"""The recovery key, shown once: printed or saved as a PDF, and confirmed by typing its last group back.

Shown after the office file is encrypted (the first administrator's setup, or File > Encrypt the office
file…). The key is on screen only here; OfficeBill keeps no copy of it. A PDF goes where the person
chooses, made owner-only, and the dialog says to print it and then delete the file.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ..office.encryption import LOST_FOR_GOOD


def recovery_sheet_html(recovery_key: str, office_path: Path) -> str:
    """The page that is printed or saved: the office, the key, and what it is for."""
    return (f"<h2>OfficeBill recovery key</h2><p>Office file: {escape(str(office_path))}</p>"
            f"<p style='font-size:20pt; font-family:monospace'><b>{escape(recovery_key)}</b></p>"
            "<p>This key opens the encrypted office file when every manager's password is lost "
            "(officebill-cli recover, or 'Use the recovery key' on the sign-in screen). Keep it in a safe place, "
            f"away from the computer.</p><p><b>{escape(LOST_FOR_GOOD)}</b></p>")


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once; Done is enabled when its last group is typed back."""

    def __init__(self, recovery_key: str, office_path: Path, parent=None):
        super().__init__(parent)
        self.recovery_key = recovery_key
        self.office_path = Path(office_path)
        self.setWindowTitle("The recovery key — OfficeBill")
        intro = QLabel("<h3>The office file is encrypted. Keep its recovery key.</h3>"
                       "<p>If every manager's password is forgotten, this key opens the office file and sets a "
                       "new password. It is shown <b>only now</b>: print it (or save it as a PDF and print that) "
                       "and keep the paper in a safe place, away from the computer.</p>")
        intro.setWordWrap(True)
        self.key_label = QLabel(recovery_key)
        self.key_label.setAccessibleName("Recovery key")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(18)
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        warning = QLabel(f"<p><b>{escape(LOST_FOR_GOOD)}</b></p>")
        warning.setWordWrap(True)
        self.print_button = QPushButton("&Print…")
        self.print_button.clicked.connect(self.print_sheet)
        self.pdf_button = QPushButton("Save as P&DF…")
        self.pdf_button.clicked.connect(self.save_pdf)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.confirm_field = QLineEdit()
        self.confirm_field.setAccessibleName("Last group of the recovery key")
        self.confirm_field.setMaxLength(9)
        self.confirm_field.setPlaceholderText("e.g. WXYZ")
        self.confirm_field.textChanged.connect(self._confirmed)
        confirm_label = QLabel("To confirm you have kept it, type the key's &last group:")
        confirm_label.setBuddy(self.confirm_field)
        self.done_button = QPushButton("I have &kept the recovery key")
        self.done_button.setEnabled(False)
        self.done_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        confirm = QHBoxLayout()
        confirm.addWidget(confirm_label)
        confirm.addWidget(self.confirm_field)
        confirm.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.key_label)
        layout.addWidget(warning)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addLayout(confirm)
        layout.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(720)
        self.confirm_field.setFocus()

    def last_group(self) -> str:
        return self.recovery_key.rsplit("-", 1)[-1]

    def _confirmed(self, text: str) -> None:
        self.done_button.setEnabled(text.strip().upper() == self.last_group())

    def reject(self) -> None:  # Escape or the close box: the key must be kept first
        if self.done_button.isEnabled():
            self.accept()
        else:
            self.status.setText("Keep the recovery key first (print it or save it), then type its last group.")

    def document(self) -> QTextDocument:
        document = QTextDocument()
        document.setHtml(recovery_sheet_html(self.recovery_key, self.office_path))
        return document

    def print_sheet(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.document().print_(printer)
            self.status.setText("Sent to the printer.")

    def save_pdf(self, path: Path | None = None) -> Path | None:
        """Save the sheet as a PDF (owner-only); returns where, or None when the person cancelled."""
        from PySide6.QtPrintSupport import QPrinter

        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "Save the recovery key as a PDF",
                                                  str(Path.home() / "OfficeBill recovery key.pdf"), "PDF (*.pdf)")
            if not name:
                return None
            path = Path(name)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        self.document().print_(printer)
        Path(path).chmod(0o600)
        self.status.setText(f"Saved to {path}. Print it, keep the paper safe, and delete the file.")
        return Path(path)
