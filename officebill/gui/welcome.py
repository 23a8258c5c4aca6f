"""The welcome for an empty office: open the demo office or run the short setup wizard (practice, first
provider, first payers), each page saved through the facade when Next is pressed.

`FirstStart` runs after the main window is shown: it builds the code database (first start only), then
offers the welcome when the office is empty.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from .background import in_own_office, run_in_background
from .first_start import build_codes
from .setup_views import PayerForm, PracticeForm, ProviderForm, save_with


# ------------------------------------------------------------ welcome dialog
class WelcomeDialog(QDialog):
    """Offered when the office is empty: the demo office or the setup wizard."""

    DEMO, SETUP, LATER = 1, 2, 3

    def __init__(self, path: Path, parent=None):
        super().__init__(parent)
        self.choice = self.LATER
        self.setWindowTitle("Welcome to OfficeBill")
        text = QLabel(
            "<h3>Welcome to OfficeBill</h3>"
            f"<p>This office file is new:<br><code>{path}</code></p>"
            "<p><b>Set up my practice</b> asks for the practice name, address, NPI and tax ID, "
            "the first provider and the first insurance companies.</p>"
            "<p><b>Open the demo office</b> fills this file with a fictional practice, 60 patients and "
            "a year of visits, claims and payments, to try OfficeBill out. Use a separate file for your real "
            "office.</p>")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        self.setup_button = QPushButton("&Set up my practice")
        self.demo_button = QPushButton("Open the &demo office")
        self.later_button = QPushButton("&Later")
        self.setup_button.setDefault(True)
        self.setup_button.clicked.connect(lambda: self._choose(self.SETUP))
        self.demo_button.clicked.connect(lambda: self._choose(self.DEMO))
        self.later_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.later_button)
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.setup_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

    def _choose(self, choice: int) -> None:
        self.choice = choice
        self.accept()


# --------------------------------------------------------------- setup wizard
class _FormPage(QWizardPage):
    def __init__(self, title: str, subtitle: str, form, save_fn):
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.form = form
        self.save_fn = save_fn
        self.saved = None
        layout = QVBoxLayout(self)
        layout.addWidget(form)

    def validatePage(self) -> bool:
        record = save_with(self.form, self._record, self.save_fn)
        if record is None:
            return False
        self.saved = record
        return True

    def _record(self, problems):
        from dataclasses import replace

        record = self.form.record(problems)
        if self.saved is not None and hasattr(record, "id"):
            record = replace(record, id=self.saved.id)  # Back then Next edits the same record
        return record


class PayersPage(QWizardPage):
    """Add one or more payers; the page may be left with the form blank."""

    def __init__(self, office):
        super().__init__()
        self.office = office
        self.setTitle("Insurance companies")
        self.setSubTitle("Add the payers you bill most. Type one, press Add payer, and repeat; "
                         "you can add more later under Setup > Payers.")
        self.form = PayerForm()
        self.added = QListWidget()
        self.added.setMaximumHeight(90)
        self.add_button = QPushButton("A&dd payer")
        self.add_button.clicked.connect(self.add_payer)
        row = QHBoxLayout()
        row.addWidget(QLabel("Added:"))
        row.addWidget(self.added, 1)
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addLayout(row)

    def add_payer(self) -> bool:
        saved = save_with(self.form, self.form.record, lambda record: self.office.setup.save_payer(record).value)
        if saved is None:
            return False
        self.added.addItem(saved.name)
        self.form.clear()
        self.form.fields["name"].setFocus()
        return True

    def validatePage(self) -> bool:
        if not self.form.text("name") and not self.form.text("address.line1"):
            return True  # nothing typed: nothing to add
        return self.add_payer()


class SetupWizard(QWizard):
    """Practice, first provider, first payers; each page is saved through the facade when Next is pressed."""

    def __init__(self, office, parent=None):
        super().__init__(parent)
        self.office = office
        self.setWindowTitle("Set up your practice")
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.practice_page = _FormPage(
            "Your practice", "The billing provider printed in box 33 of every claim.", PracticeForm(),
            lambda record: office.setup.save_practice(record).value)
        self.provider_page = _FormPage(
            "First provider", "A doctor or other provider who sees patients (box 24J). Add more later.",
            ProviderForm(), lambda record: office.setup.save_provider(record).value)
        self.payers_page = PayersPage(office)
        for page in (self.practice_page, self.provider_page, self.payers_page):
            self.addPage(page)
        self.resize(900, 680)


# ---------------------------------------------------------------- first start
class FirstStart:
    """Runs after the main window is shown: code database, then the welcome for an empty office."""

    def __init__(self, window, *, build_code_database: bool = True):
        self.window = window
        self.office = window.office
        self.build_code_database = build_code_database
        self.demo_task = None
        self.codes_task = None

    def run(self) -> None:
        if self.build_code_database:
            self.codes_task = build_codes(self.office, self.window, on_done=lambda _ok: self.offer_start())
        else:
            self.offer_start()

    def offer_start(self) -> None:
        if not self.office.is_empty():
            return
        dialog = WelcomeDialog(self.office.path, self.window)
        dialog.finished.connect(lambda _r: self._chosen(dialog.choice if _r else WelcomeDialog.LATER))
        self.welcome = dialog
        dialog.open()

    def _chosen(self, choice: int) -> None:
        if choice == WelcomeDialog.DEMO:
            self.build_demo()
        elif choice == WelcomeDialog.SETUP:
            wizard = SetupWizard(self.office, self.window)  # its saves reach the screens as Changes
            self.wizard = wizard
            wizard.open()

    def build_demo(self) -> None:
        from ..demo import DEMO_USERS, build_demo

        def done(counts) -> None:  # the screens reloaded already: the worker's Changes came back with it
            users = ", ".join(name for name, *_rest in DEMO_USERS)
            self.window.show_message(f"Demo office ready: {counts['patients']} patients, {counts['visits']} visits; "
                                     f"its users {users} (passwords on the sign-in screen).")

        def failed(exc) -> None:
            QMessageBox.warning(self.window, "Demo office", f"The demo office could not be built: {exc}")

        self.demo_task = run_in_background(in_own_office(self.office.path, lambda o, _p: build_demo(o, users=True)),
                                           parent=self.window, label="Building the demo office…",
                                           on_done=done, on_error=failed)
