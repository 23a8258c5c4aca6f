"""Printing claims: choose the claims and the form, preview the pages, then save a PDF or print at 100 %.

The preview renders the chosen claims with `office.printing.preview` (no status change) in the
background, on the worker's own office: the dialog opens at once and page 1 shows when it is ready.
Saving or printing goes through `office.printing` in a worker with its own office
connection; the facade refuses a batch holding a claim with errors and marks the
printed claims printed.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..core.problems import UserError
from ..core.vocabularies import ClaimStatus
from .background import in_own_office, run_in_background
from .claim_preview import PagePreview, print_pdf
from .file_dialogs import PDF_KIND, save_file_name

MODE_ADVICE = ("Full form on plain paper is for your records, patient copies and payers that accept it. "
               "Medicare and payers that scan forms (OCR) require the red pre-printed form.")
HUNDRED_PERCENT = "Print at 100 % (Actual size); never “fit to page” or “shrink”, or the data misses the boxes."


class ModeChooser(QGroupBox):
    """Red pre-printed form or the full form on plain paper, with the advice on which to use."""

    changed = Signal(str)

    def __init__(self, mode: str = "red", parent: QWidget | None = None, *, compact: bool = False):
        """`compact`: one row, the advice in the tooltip (beside a preview, where height is short)."""
        super().__init__("Form", parent)
        self.red = QRadioButton("&Red pre-printed form (data only)" if not compact else "&Red form (data only)")
        self.full = QRadioButton("F&ull form on plain paper")
        self._group = QButtonGroup(self)
        self._group.addButton(self.red)
        self._group.addButton(self.full)
        (self.full if mode == "full" else self.red).setChecked(True)
        layout = QHBoxLayout(self) if compact else QVBoxLayout(self)
        layout.addWidget(self.red)
        layout.addWidget(self.full)
        if compact:
            layout.addStretch(1)
            self.setToolTip(MODE_ADVICE)
        else:
            advice = QLabel(MODE_ADVICE)
            advice.setWordWrap(True)
            layout.addWidget(advice)
        self.red.toggled.connect(lambda _on: self.changed.emit(self.mode()))

    def mode(self) -> str:
        return "full" if self.full.isChecked() else "red"

    def set_mode(self, mode: str) -> None:
        (self.full if mode == "full" else self.red).setChecked(True)


def claims_choice(selected: int, all_text: str) -> tuple[QGroupBox, QRadioButton, QRadioButton]:
    """The "Claims" group of the print and export dialogs: the selected claims (when there are any, then
    chosen) or all of them (`all_text`). Returns the group and its two buttons."""
    group = QGroupBox("Claims")
    selected_radio = QRadioButton(f"&Selected claims ({selected})")
    all_radio = QRadioButton(all_text)
    selected_radio.setEnabled(bool(selected))
    (selected_radio if selected else all_radio).setChecked(True)
    layout = QVBoxLayout(group)
    layout.addWidget(selected_radio)
    layout.addWidget(all_radio)
    return group, selected_radio, all_radio


class PrintClaimsDialog(QDialog):
    """Choose selected or all ready claims and the form; Save PDF… or Print…; `printed(claims)` when done."""

    printed = Signal(list)  # the Claims the facade marked printed
    failed = Signal(str)

    def __init__(self, office, selected_ids: list[int] | None = None, parent: QWidget | None = None,
                 mode: str | None = None):
        super().__init__(parent)
        self.office = office
        self.setWindowTitle("Print claims")
        self.selected_ids = list(selected_ids or [])
        self.ready_ids = [c.id for c in office.claims.list((ClaimStatus.READY,))]
        self.task = None
        self.message = ""

        which, self.selected_radio, self.all_radio = claims_choice(
            len(self.selected_ids), f"&All ready claims ({len(self.ready_ids)})")

        self.mode_chooser = ModeChooser(mode or office.setup.setting("print_mode", "red") or "red")
        self.offsets_label = QLabel()
        self.offsets_label.setWordWrap(True)
        self.alignment_button = QPushButton("A&lignment…")
        offsets_row = QHBoxLayout()
        offsets_row.addWidget(self.offsets_label, 1)
        offsets_row.addWidget(self.alignment_button)

        hundred = QLabel(f"<b>{HUNDRED_PERCENT}</b>")
        hundred.setWordWrap(True)

        self.save_button = QPushButton("Save &PDF…")
        self.print_button = QPushButton("P&rint…")
        self.print_button.setDefault(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        self.preview = PagePreview()
        left = QVBoxLayout()
        left.addWidget(which)
        left.addWidget(self.mode_chooser)
        left.addLayout(offsets_row)
        left.addWidget(hundred)
        left.addStretch(1)
        left.addWidget(self.buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(self.preview, 3)

        self.selected_radio.toggled.connect(lambda _on: self.update_preview())
        self.mode_chooser.changed.connect(lambda _m: self.update_preview())
        self.alignment_button.clicked.connect(self.open_alignment)
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_claims)
        self.resize(1040, 700)
        self.update_preview()

    # ------------------------------------------------------------ choice
    def chosen_ids(self) -> list[int]:
        return self.selected_ids if self.selected_radio.isChecked() else self.ready_ids

    def mode(self) -> str:
        return self.mode_chooser.mode()

    def update_preview(self) -> None:
        dx, dy = self.office.printing.offsets()
        self.offsets_label.setText(f"Printer offsets: {dx:+.1f} mm across, {dy:+.1f} mm down "
                                   f"(profile “{self.office.setup.setting('printer_profile', 'default')}”).")
        ids = self.chosen_ids()
        busy = self.task is not None and not self.task.done
        self.save_button.setEnabled(bool(ids) and not busy)
        self.print_button.setEnabled(bool(ids) and not busy)
        self.preview.show_claims(self.office, ids, self.mode(), dx, dy, keep_page=True,
                                 empty_message="No ready claims to print.")

    def open_alignment(self) -> None:
        from .alignment_dialog import AlignmentDialog

        AlignmentDialog(self.office, self).exec()
        self.update_preview()

    # ------------------------------------------------------------ output
    def save_pdf(self) -> None:
        """Save PDF…: the file is written without marking the claims printed; then the person is asked whether
        it was sent to the payer (No is the default: a copy kept or looked at is not a claim sent)."""
        path = save_file_name(self, self.office, PDF_KIND, "Save claims as PDF", "claims.pdf", "PDF files (*.pdf)")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        ids, mode = list(self.chosen_ids()), self.mode()

        def action(office, progress):
            progress(0.0, f"Preparing {len(ids)} claim(s)…")
            office.printing.save_pdf(path, ids, mode)
            return []

        self._run(action, f"Saving {len(ids)} claim(s) to PDF…",
                  lambda _none: f"Saved {len(ids)} claim(s) to {path} ({mode} form); not marked printed. "
                                f"{HUNDRED_PERCENT}",
                  then=lambda: self._ask_mark_printed(ids, mode, path))

    def _ask_mark_printed(self, ids: list[int], mode: str, path: str) -> bool:
        """After Save PDF: asks whether the file went to the payer; Yes marks the claims printed. True when the
        dialog's work is over (not marking, or refused), False while marking runs."""
        box = QMessageBox(QMessageBox.Icon.Question, "Save PDF",
                          f"Saved {len(ids)} claim(s) to {path}.\n\nMark these {len(ids)} claims as printed "
                          "(sent to the payer)?", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          self)
        box.setInformativeText("Say Yes only if this PDF was (or will be) sent to the payer; the claims then "
                               "move to Sent or printed.")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return True

        def action(office, progress):
            progress(0.0, f"Marking {len(ids)} claim(s) printed…")
            return office.printing.print_claims(ids, mode, deliver=lambda _pdf: None).value[1]

        self._run(action, f"Marking {len(ids)} claim(s) printed…",
                  lambda printed: f"Saved {len(printed)} claim(s) to {path} ({mode} form) and marked them printed. "
                                  f"{HUNDRED_PERCENT}")
        return False

    def print_claims(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from .claim_preview import letter_printer_layout

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        letter_printer_layout(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print claims at 100 % (Actual size)")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        ids, mode = list(self.chosen_ids()), self.mode()

        def action(office, progress):
            progress(0.0, f"Preparing {len(ids)} claim(s)…")
            return office.printing.print_claims(ids, mode,
                                                deliver=lambda pdf: print_pdf(pdf, printer, progress)).value[1]

        self._printer = printer  # kept alive until the worker is done
        self._run(action, f"Printing {len(ids)} claim(s)…",
                  lambda printed: f"Sent {len(printed)} claim(s) to the printer ({mode} form).")

    def _run(self, action, label: str, describe, then=None) -> None:
        """Run `action` in a worker; when done, `describe(result)` is the message, then `then()` (if given)
        may keep the dialog open for more work by returning False."""
        try:
            self.office.setup.save_setting("print_mode", self.mode())
        except UserError as refused:  # the office is open read-only: printing would mark claims printed
            self.message = str(refused)
            self.failed.emit(self.message)
            QMessageBox.warning(self, "Print claims", f"Nothing was printed.\n\n{refused}")
            return
        self.save_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self.setCursor(Qt.CursorShape.WaitCursor)

        def done(printed):
            self.unsetCursor()
            self.message = describe(printed)
            if then is not None and not then():
                return
            self.printed.emit(printed)
            self.accept()

        def failed(exc):
            self.unsetCursor()
            self.update_preview()
            self.message = str(exc)
            self.failed.emit(self.message)
            QMessageBox.warning(self, "Print claims", self.message)

        self.task = run_in_background(in_own_office(self.office.path, action), parent=self, label=label,
                                      on_done=done, on_error=failed)
