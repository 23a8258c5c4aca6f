"""Printer alignment for pre-printed red CMS-1500 forms: the test page, the measured offsets, per printer profile."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.problems import UserError
from .claim_preview import PagePreview, print_pdf
from .file_dialogs import ALIGNMENT_KIND, save_file_name

STEPS = (
    "<ol>"
    "<li>Load a <b>red CMS-1500 form</b> in the printer and print the test page at <b>100 %</b> "
    "(Actual size; never “fit to page”).</li>"
    "<li>Hold the printed form up to the light.</li>"
    "<li>Measure in millimetres how far the X marks sit from where they belong: "
    "each X inside its check box, each [XXX] between its box edges.</li>"
    "<li>Add what you measured to the offsets below: <b>+ moves the print right</b>, <b>+ moves it down</b> "
    "(marks too far left: add to the horizontal offset; marks too high: add to the vertical one).</li>"
    "<li>Save, print the test page again and check.</li>"
    "</ol>"
)


def offset_spin(accessible: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(-25.0, 25.0)
    spin.setSingleStep(0.5)
    spin.setDecimals(1)
    spin.setSuffix(" mm")
    spin.setAccessibleName(accessible)
    return spin


class AlignmentDialog(QDialog):
    """Print or save the alignment test page, enter the measured offsets, save them for a printer profile."""

    def __init__(self, office, parent: QWidget | None = None):
        super().__init__(parent)
        self.office = office
        self.setWindowTitle("Printer alignment")
        self.saved = False

        steps = QLabel(STEPS)
        steps.setWordWrap(True)
        steps.setTextFormat(Qt.TextFormat.RichText)

        self.profile_combo = QComboBox()
        self.profile_combo.setEditable(True)
        self.profile_combo.setAccessibleName("Printer profile")
        self.profile_combo.setToolTip("One set of offsets per printer (or per paper tray); type a new name to add one.")
        profiles = sorted(self.office.setup.setting("printer_profiles", {}) or {}) or ["default"]
        current = self.office.setup.setting("printer_profile", "default")
        if current not in profiles:
            profiles.append(current)
        self.profile_combo.addItems(profiles)
        self.profile_combo.setCurrentText(current)

        self.x_spin = offset_spin("Horizontal offset in millimetres, plus moves right")
        self.y_spin = offset_spin("Vertical offset in millimetres, plus moves down")
        self._load_profile(current)

        form = QFormLayout()
        for text, widget in (("Printer &profile:", self.profile_combo), ("&Horizontal (+ right):", self.x_spin),
                             ("&Vertical (+ down):", self.y_spin)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)

        self.print_button = QPushButton("P&rint test page…")
        self.save_pdf_button = QPushButton("Save test page as P&DF…")
        self.save_button = QPushButton("&Save offsets")
        self.save_button.setDefault(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.print_button)
        test_row.addWidget(self.save_pdf_button)
        test_row.addStretch(1)

        self.preview = PagePreview()
        self.preview.setMinimumWidth(420)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(steps)
        left.addLayout(form)
        left.addLayout(test_row)
        hint = QLabel("The preview shows the test page with the offsets above (on the full form, to see where "
                      "the marks should land).")
        hint.setWordWrap(True)
        left.addWidget(hint)
        left.addStretch(1)
        left.addWidget(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(self.preview, 3)

        self.profile_combo.currentTextChanged.connect(self._load_profile)
        self.x_spin.valueChanged.connect(lambda _v: self._update_preview())
        self.y_spin.valueChanged.connect(lambda _v: self._update_preview())
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_test_page)
        self.save_pdf_button.clicked.connect(self.save_test_page)
        self.resize(1000, 640)
        self._update_preview()

    def _load_profile(self, profile: str) -> None:
        x, y = self.office.printing.offsets(profile.strip() or "default")
        for spin, value in ((self.x_spin, x), (self.y_spin, y)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        if hasattr(self, "preview"):
            self._update_preview()

    def _update_preview(self) -> None:
        self.preview.set_pdf(self.office.printing.alignment_page("full", self.x_spin.value(), self.y_spin.value()))

    def _test_page(self) -> bytes:
        # the offsets as they stand in the dialog, saved or not, on the data-only page for the red form
        return self.office.printing.alignment_page("red", self.x_spin.value(), self.y_spin.value())

    def profile(self) -> str:
        return self.profile_combo.currentText().strip() or "default"

    def save(self) -> None:
        try:
            self.office.printing.save_offsets(self.x_spin.value(), self.y_spin.value(), self.profile())
        except UserError as exc:
            QMessageBox.warning(self, "Printer alignment", str(exc))
            return
        self.saved = True
        QMessageBox.information(self, "Printer alignment",
                                f"Saved the offsets for “{self.profile()}”: {self.x_spin.value():+.1f} mm across, "
                                f"{self.y_spin.value():+.1f} mm down. Claims print with them from now on.")

    def save_test_page(self) -> None:
        path = save_file_name(self, self.office, ALIGNMENT_KIND, "Save the alignment test page", "alignment-test.pdf",
                              "PDF files (*.pdf)")
        if not path:
            return
        try:
            self.office.printing.save_alignment_page(path, "red", self.x_spin.value(), self.y_spin.value())
        except UserError as exc:
            QMessageBox.warning(self, "Printer alignment", str(exc))
            return
        QMessageBox.information(self, "Printer alignment",
                                f"Saved {path}. Print it on a red form at 100 % (Actual size), never “fit to page”.")

    def print_test_page(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the alignment test page at 100 %")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            print_pdf(self._test_page(), printer)
        except RuntimeError as exc:
            QMessageBox.warning(self, "Printer alignment", str(exc))
        finally:
            QApplication.restoreOverrideCursor()
