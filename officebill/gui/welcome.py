"""The welcome for an empty office: open the demo office or run the short setup wizard (practice, first
provider, first payers, the service facility, the first procedures), each page saved through the facade
when Next is pressed. Esc (or Cancel) on a page with typed work asks before stopping: the pages
finished are kept, what is typed on the page shown is not.

The demo office is a file of its own (`paths.demo_office_path`, demo-office.db beside the office file):
"Open the demo office" builds it in the background and the window switches to it; the office's real,
empty file is left as it was.

`FirstStart` runs after the main window is shown: it builds the code database (first start only), then
offers the welcome when the office is empty.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
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

from ..core.records import Facility
from ..paths import demo_office_path
from .background import run_in_background
from .first_start import build_codes
from .forms import scrolled
from .setup_views import FacilityForm, PayerForm, PracticeForm, ProviderForm, save_with
from .starter_procedures import ProceduresPage

STOP_QUESTION = ("Stop setting up?\n\nWhat you typed on this page is not saved. The pages you finished with "
                 "Next are saved and stay; finish the rest later on the Setup and Procedures screens.")


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
            "the first provider and insurance companies, where you see patients, and the procedures you do.</p>"
            "<p><b>Open the demo office</b> opens a separate file, "
            f"<code>{demo_office_path(path).name}</code>, with a fictional practice, its users, 60 patients and "
            "a year of visits, claims and payments, to try OfficeBill out. This office file stays empty for "
            "your real office (File &gt; Open office file comes back to it).</p>")
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
        layout.addWidget(scrolled(form))  # a short screen scrolls the form, never squeezes it
        form.mark_clean()

    def has_typed_work(self) -> bool:
        """Something typed on this page and not saved by Next."""
        return self.form.is_dirty()

    def validatePage(self) -> bool:
        record = save_with(self.form, self._record, self.save_fn)
        if record is None:
            return False
        self.saved = record
        self.form.mark_clean()
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
        self.add_button = QPushButton("&Add payer")
        self.add_button.clicked.connect(self.add_payer)
        row = QHBoxLayout()
        row.addWidget(QLabel("Added:"))
        row.addWidget(self.added, 1)
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolled(self.form), 1)
        layout.addLayout(row)

    def has_typed_work(self) -> bool:
        return bool(self.form.text("name") or self.form.text("address.line1") or self.form.text("payer_id"))

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


class FacilityPage(_FormPage):
    """Where the office sees patients (box 32); the practice's own name and address are offered."""

    def __init__(self, office):
        super().__init__("Where you see patients",
                         "The service facility printed in box 32 (and its place of service). Usually your own "
                         "office: its name and address are filled in from the practice. Add others later under "
                         "Setup > Facilities.",
                         FacilityForm(), lambda record: office.setup.save_facility(record).value)
        self.office = office

    def initializePage(self) -> None:
        """Offer the practice's name and address until a facility is saved or something is typed."""
        if self.saved is not None or self.form.is_dirty():
            return
        practice = self.office.setup.practice()
        self.form.load(Facility(name=practice.name, address=practice.address))
        self.form.mark_clean()


class WizardProceduresPage(ProceduresPage):
    """The starter procedures: changed ticks, descriptions or fees count as typed work."""

    def initializePage(self) -> None:
        super().initializePage()
        if not hasattr(self, "_as_offered"):
            self._as_offered = self.chosen()[0]

    def has_typed_work(self) -> bool:
        return self.chosen()[0] != getattr(self, "_as_offered", self.chosen()[0]) and not self.saved


class SetupWizard(QWizard):
    """Practice, first provider, payers, facility and procedures; each page is saved through the facade when
    Next is pressed. Esc asks before throwing away what is typed on the page shown."""

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
        self.facility_page = FacilityPage(office)
        self.procedures_page = WizardProceduresPage(office)
        for page in (self.practice_page, self.provider_page, self.payers_page, self.facility_page,
                     self.procedures_page):
            self.addPage(page)
        screen = QApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        self.resize(min(900, room.width()) if room else 900, min(680, room.height() - 40) if room else 680)

    def reject(self) -> None:
        """Esc, Cancel or the window's close: ask first when the page shown holds typed work."""
        page = self.currentPage()
        if page is not None and getattr(page, "has_typed_work", lambda: False)():
            answer = QMessageBox.question(self, "Stop setting up?", STOP_QUESTION,
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()


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
        """Build the demo office in its own file (once; an existing one is opened again), then switch the
        window to it. The office's real file is not touched."""
        path = demo_office_path(self.office.path)
        self.demo_path = path

        def done(counts) -> None:
            if counts:
                from ..demo import DEMO_USERS

                users = ", ".join(name for name, *_rest in DEMO_USERS)
                message = (f"Demo office ready in {path.name}: {counts['patients']} patients, {counts['visits']} "
                           f"visits; its users {users} (passwords on the sign-in screen).")
            else:
                message = f"The demo office in {path.name} was opened again."
            self.switch_to_demo(path, message)

        def failed(exc) -> None:
            QMessageBox.warning(self.window, "Demo office", f"The demo office could not be built in {path}: {exc}")

        self.demo_task = run_in_background(lambda _progress: fill_demo_office(path), parent=self.window,
                                           label="Building the demo office…", on_done=done, on_error=failed)

    def switch_to_demo(self, path: Path, message: str) -> None:
        controller = self.window.controller
        if controller is None:  # a window without the program's controller (scripts): say where it is
            self.window.show_message(f"{message} Open it with File > Open office file: {path}")
            return
        if controller.open_path(path) and controller.window is not None:
            controller.window.show_message(message)


def fill_demo_office(path: Path) -> dict | None:
    """Create the demo office file at `path` and fill it (counts of what was made); None when it holds an
    office already (it is opened as it is)."""
    from ..demo import build_demo
    from ..office import Office

    with Office.open(path, create=True, sign_in_later=True) as office:
        if office.has_users() or not office.is_empty():
            return None
        return build_demo(office, users=True)
