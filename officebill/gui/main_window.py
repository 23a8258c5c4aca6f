"""The main window: a sidebar of screens (Ctrl+1..7), menus with shortcuts for the common actions,
a status bar, and geometry plus last screen remembered in QSettings.

Save (Ctrl+S) and Save and new (Ctrl+Shift+S) go to the screen shown; each
screen decides what saving means there.

Once open, the window reads every row of the office file in the background
(`check_rows`); a file with damaged rows stays open read-only, with a banner at
the top offering to restore a backup, and every save says why it cannot be done.

Opening another office file and restoring a backup replace the whole window: the
window asks about unsaved changes and then hands over to its controller
(`app.OfficeController`), which opens the new office and builds a new window.

The window works for the user signed in (the status bar names them): screens and menu
actions their role may not use are hidden or disabled with the reason (`access.py`).
Ctrl+L, File > Lock or Switch user…, and the idle minutes cover everything with the lock
screen (`lock_screen.Locker`); a switch of user rebuilds the screens for the new role.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..office import Area, Changes
from ..paths import is_demo_office
from .access import RefusedScreen, has_users, may, refusal, signed_in_text
from .appearance import view_menu
from .background import in_own_office, run_in_background
from .claims_view import ClaimsView
from .file_dialogs import BACKUP_KIND, OFFICE_FILE_KIND, existing_folder, open_file_name
from .icd10cm_import import show_icd10cm_releases
from .keys_help import help_of, keys_dialog
from .lock_screen import Locker, LockScreen
from .ncci_import import show_ncci_import
from .office_changes import OfficeChanges, forget, mark_read_only
from .patients_view import PatientsView
from .payments_view import PaymentsView
from .procedures_view import ProceduresView
from .remittance_dialog import import_acknowledgment, import_remittance
from .remittance_work import show_work_list
from .reports_view import ReportsView
from .setup_views import SetupView
from .stray_keys import ignore_stray_alt_letters
from .unsaved import ask_to_save
from .visit_drafts import VisitDrafts
from .visit_entry import VisitsView

SCREENS = ("Patients", "Visits", "Claims", "Procedures", "Setup", "Payments", "Reports")
# What a screen needs to be shown at all (the others show whatever the user may read).
SCREEN_NEEDS = {"Setup": "setup.write", "Payments": "payments.post", "Reports": "reports.read"}
# Setup tab holding each kind of claim-finding field.
SETUP_TABS = {"practice": 0, "provider": 1, "facility": 2, "payer": 3, "other_payer": 3}
# A status message ("Saved the visit of … for …") goes when the person moves on, and after this long at most.
MESSAGE_MS = 8000
ORGANIZATION = "OfficeBill"
APPLICATION = "OfficeBill"


def settings() -> QSettings:
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


class MainWindow(QMainWindow):
    """The OfficeBill window for one open office."""

    backup_finished = Signal(object)
    check_finished = Signal(object)  # the office file's integrity problems (empty: sound), or the exception
    closed = Signal()  # the window has really closed (after its close-time backup)
    changed = Signal(object)  # Changes: every write to the office, this window's own and its workers'
    rows_checked = Signal(object)  # the damaged rows found by check_rows (empty: sound), or the exception

    def __init__(self, office, parent=None, *, backup_on_close: bool = True, controller=None):
        super().__init__(parent)
        self.office = office
        self.backup_on_close = backup_on_close
        self.controller = controller  # opens other office files and restores backups (app.OfficeController)
        self._closing = False
        self._leave_checked = False  # unsaved changes already asked about
        self._closed_emitted = False
        self._close_task = None
        self.backup_task = None
        self.check_task = None
        self.rows_task = None
        self.backups_dialog = None

        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Screens")
        for number, name in enumerate(SCREENS, start=1):
            item = QListWidgetItem(f"{name}")
            item.setToolTip(f"{name} (Ctrl+{number})")
            item.setSizeHint(QSize(0, self.sidebar.fontMetrics().height() * 2 + 8))
            self.sidebar.addItem(item)
        self.sidebar.setFixedWidth(self.sidebar.fontMetrics().horizontalAdvance("Procedures") + 60)
        self.sidebar.setFrameShape(QListWidget.Shape.NoFrame)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.stack = QStackedWidget()
        self._make_screens()
        self.sidebar.currentRowChanged.connect(self._screen_chosen)

        self.read_only_banner = self._build_read_only_banner()
        screens = QHBoxLayout()
        screens.setContentsMargins(0, 0, 0, 0)
        screens.setSpacing(0)
        screens.addWidget(self.sidebar)
        screens.addWidget(self.stack, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.read_only_banner)
        layout.addLayout(screens, 1)
        self.content = central
        self.lock_screen = LockScreen(office)
        self.shell = QStackedWidget()  # the screens, or the lock screen covering them
        self.shell.addWidget(central)
        self.shell.addWidget(self.lock_screen)
        self.setCentralWidget(self.shell)

        # One subscription to the office; each screen reloads only what shows the areas that changed.
        # While the window is locked (nobody signed in) the changes wait and reach the screens at unlock.
        OfficeChanges.of(office).changed.connect(self._changes_arrived)
        self.changed.connect(self._office_changed)

        self._build_menus()
        self._plain_tips: dict[QAction, str] = {}
        self.who_label = QLabel()
        self.who_label.setAccessibleName("Signed-in user")
        self.statusBar().addPermanentWidget(self.who_label)
        self.statusBar().showMessage("Ready")
        self.locker = Locker(self)
        self.apply_permissions()
        self.update_title()
        self.setMinimumSize(1000, 600)
        self._restore_settings()
        ignore_stray_alt_letters(self)  # on every screen, an Alt+letter that is no shortcut types nothing
        self.locker.start_watching()

    # ---------------------------------------------------- building the screens
    def _make_screens(self) -> None:
        """Build the seven screens for the office (again after a switch of user: a clean slate per user)."""
        office = self.office

        def screen(name: str, build):
            need = SCREEN_NEEDS.get(name)
            return build(office) if need is None or may(office, need) else RefusedScreen(refusal(office, need))

        self.patients = PatientsView(office)
        self.visits = VisitsView(office)
        self.claims = ClaimsView(office)
        self.procedures = ProceduresView(office)
        self.setup = screen("Setup", SetupView)
        self.payments = screen("Payments", PaymentsView)
        self.reports = screen("Reports", ReportsView)
        self.views = (self.patients, self.visits, self.claims, self.procedures, self.setup, self.payments, self.reports)
        for view in self.views:
            self.stack.addWidget(view)
            view.status_message.connect(self.show_message)
        self.visit_drafts = VisitDrafts(self.visits)  # Keep as draft, Drafts waiting, autosave (visit_drafts.py)
        self.patients.new_visit_requested.connect(self.new_visit)
        self.claims.open_visit_requested.connect(self.open_visit)
        self.claims.open_patient_requested.connect(self.open_patient)
        self.claims.open_setup_requested.connect(self.open_setup_field)
        for view in self._reloading_views():
            self.changed.connect(view.office_changed)

    def _reloading_views(self) -> tuple:
        return (self.visits, self.procedures, self.setup, self.claims, self.payments)

    def rebuild_screens(self) -> None:
        """Throw the screens away (what they held was saved or discarded) and build them anew."""
        for view in self._reloading_views():
            self.changed.disconnect(view.office_changed)
        for view in self.views:
            self.stack.removeWidget(view)
            view.hide()
            view.deleteLater()
        self._make_screens()
        self.show_screen(0)

    def _changes_arrived(self, changes: Changes) -> None:
        if self.locker.is_locked():
            self.locker.hold(changes)
        else:
            self.changed.emit(changes)

    # ------------------------------------------------------------- read-only
    def _build_read_only_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("readOnlyBanner")
        banner.setAccessibleName("Office file open read-only")
        banner.setStyleSheet("#readOnlyBanner { background: #fdecea; border-bottom: 2px solid #b3261e; }"
                             "#readOnlyBanner QLabel { color: #5f1410; }")
        self.read_only_label = QLabel()
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore_button = QPushButton("&Backups and restore…")
        self.restore_button.setToolTip("Choose a sound backup and restore it")
        self.restore_button.clicked.connect(self.show_backups)
        row = QHBoxLayout(banner)
        row.setContentsMargins(12, 8, 12, 8)
        row.addWidget(self.read_only_label, 1)
        row.addWidget(self.restore_button)
        banner.hide()
        return banner

    def check_rows(self) -> None:
        """Read every row of the office file in the background; damaged rows make the office read-only."""
        path = self.office.path

        def done(problems) -> None:
            if problems:
                self.open_read_only(problems)
            self.rows_checked.emit(problems)

        def failed(exc) -> None:
            self.show_message(f"The office file's rows could not be checked: {exc}")
            self.rows_checked.emit(exc)

        self.rows_task = run_in_background(in_own_office(path, lambda office, _p: office.backups.problems_at_open()),
                                           parent=self, label="Checking the office file…", show_after_ms=None,
                                           on_done=done, on_error=failed)

    def open_read_only(self, problems: list[str]) -> None:
        """Refuse every write from now on and say so at the top of the window, offering the backups."""
        mark_read_only(self.office, problems)
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        self.read_only_label.setText(
            f"<b>This office file has damaged rows and is open read-only:</b> {escape(problems[0])}{more}. "
            "Restore a backup to keep working; until then nothing can be saved.")
        self.read_only_banner.show()
        self.update_title()

    def is_read_only(self) -> bool:
        return bool(self.office.read_only_reason)

    # ---------------------------------------------------------------- menus
    def _action(self, menu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_patient_action = self._action(file_menu, "&New patient…", self.new_patient, "Ctrl+N",
                                               "Register a new patient")
        self.new_visit_action = self._action(file_menu, "New &visit", lambda: self.new_visit(None), "Ctrl+E",
                                             "Enter a visit (for the chosen patient on the Patients screen)")
        self.find_action = self._action(file_menu, "&Find patient", self.find_patient, "Ctrl+F",
                                        "Search patients by name, account or date of birth")
        file_menu.addSeparator()
        self.open_office_action = self._action(file_menu, "&Open office file…", lambda: self.open_office_file(), "Ctrl+O",
                                               "Switch to another office file")
        file_menu.addSeparator()
        self.save_action = self._action(file_menu, "&Save", self.save, QKeySequence.StandardKey.Save,
                                        "Save what is on the screen")
        self.save_new_action = self._action(file_menu, "Save and ne&w", self.save_and_new, "Ctrl+Shift+S",
                                            "Save, then start another")
        file_menu.addSeparator()
        self.backup_action = self._action(file_menu, "&Back up now", lambda: self.back_up_now(), "Ctrl+B",
                                          "Copy the office file to the backups folder")
        self.backup_to_action = self._action(file_menu, "Back up &to…", self.back_up_to, None,
                                             "Copy the office file to a folder you choose (a USB stick)")
        self.backups_action = self._action(file_menu, "Backups and &restore…", self.show_backups, None,
                                           "See the backups, restore one, choose how many to keep")
        self.check_action = self._action(file_menu, "&Check office file", self.check_office_file, None,
                                         "Run the integrity check on the open office file")
        self.encrypt_action = self._action(file_menu, "&Encrypt the office file…", lambda: __import__("officebill.gui.encryption_dialog", fromlist=["offer_encryption"]).offer_encryption(self), None, "Encrypt the office file and its backups (a manager), or make it plain again")
        file_menu.addSeparator()
        self.users_action = self._action(file_menu, "&Users…", self.show_users, None,
                                         "Add users, disable them, reset a password, set the auto-lock minutes")
        self.audit_action = self._action(file_menu, "&Audit trail…", self.show_audit, None,
                                         "Who changed or opened what, and when: filter by user, patient and dates; "
                                         "export CSV")
        self.change_password_action = self._action(file_menu, "C&hange password…", self.change_password, None,
                                                   "Choose a new password for the user signed in")
        self.switch_user_action = self._action(file_menu, "Sw&itch user…", lambda: self.lock(), None,
                                               "Lock the window so another user can sign in")
        self.lock_action = self._action(file_menu, "&Lock", lambda: self.lock(), "Ctrl+L",
                                        "Cover the screens until you sign in again (your work stays as it is)")
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))

        go_menu = bar.addMenu("&Go")
        self.screen_actions = []
        for number, name in enumerate(SCREENS, start=1):
            action = self._action(go_menu, f"&{number} {name}", lambda _=False, i=number - 1: self.show_screen(i),
                                  f"Ctrl+{number}")
            self.screen_actions.append(action)

        payments_menu = bar.addMenu("&Payments")
        self.import_remittance_action = self._action(
            payments_menu, "&Import remittance (835)…", lambda: import_remittance(self, self.office), None,
            "Read a payer's 835 file: preview what it would post, then post it")
        self.work_list_action = self._action(payments_menu, "Remittance &work list…",
                                             lambda: show_work_list(self, self.office), None,
                                             "Claim payments from 835 files that no claim matched")
        self.import_ack_action = self._action(payments_menu, "Import &acknowledgment (999, 277CA)…",
                                              lambda: import_acknowledgment(self, self.office), None,
                                              "What the clearinghouse and payers accepted or rejected")
        payments_menu.addSeparator()
        self.statements_action = self._action(payments_menu, "&Statements…", self._open_statements, None,
                                              "Patient statements: who is due, preview, run, reprint")

        # No Alt+letter for Setup: every letter of the word is taken on some screen (Alt+S saves); Alt, then
        # the arrow keys, reach it, and Ctrl+5 opens the Setup screen.
        self.setup_menu = setup_menu = bar.addMenu("Setup")
        for index, name in enumerate(("&Practice", "P&roviders", "&Facilities", "Pa&yers")):
            self._action(setup_menu, name, lambda _=False, i=index: self.show_setup(i))
        self._action(setup_menu, "Procedure &list", lambda: self.show_screen(3))
        self._action(setup_menu, "Import &ICD-10-CM release…", lambda: show_icd10cm_releases(self, self.office))
        self._action(setup_menu, "Import &NCCI edits…", lambda: show_ncci_import(self, self.office))

        self.view_menu = view_menu(bar)  # View > Appearance: System / Light / Dark (appearance.py)
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", self.show_shortcuts, "F1")
        self._action(help_menu, "&About OfficeBill", self.show_about)

    def _open_statements(self) -> None:
        if isinstance(self.payments, RefusedScreen):
            self.show_message(self.payments.why)
            return
        self.show_screen(SCREENS.index("Payments"))
        self.payments.open_statements()

    # ------------------------------------------------------------ permissions
    def _guarded_actions(self) -> list[tuple[QAction, str]]:
        """Each menu action and the facade action (or permission) it needs."""
        return [(self.new_patient_action, "patients.save"), (self.new_visit_action, "visits.save"),
                (self.backup_action, "backups.make"), (self.backup_to_action, "backups.make"),
                (self.backups_action, "backups.list"), (self.check_action, "money.verify"),
                (self.import_remittance_action, "remittances.import_remittance"),
                (self.work_list_action, "remittances.work"), (self.import_ack_action, "remittances.import_ack"),
                (self.statements_action, "statements.due"), (self.users_action, "users.list"),
                (self.audit_action, "audit.rows"),
                *[(action, "setup.write") for action in self.setup_menu.actions()]]

    def apply_permissions(self) -> None:
        """Hide the screens and disable the actions the signed-in user may not use, saying why."""
        for index, name in enumerate(SCREENS):
            need = SCREEN_NEEDS.get(name)
            allowed = need is None or may(self.office, need)
            self.sidebar.item(index).setHidden(not allowed)
            self.screen_actions[index].setVisible(allowed)
            self.screen_actions[index].setEnabled(allowed)
        for action, need in self._guarded_actions():
            why = refusal(self.office, need)
            plain = self._plain_tips.setdefault(action, action.statusTip())  # the tip when allowed
            action.setEnabled(not why)
            action.setStatusTip(why or plain)
            action.setToolTip(why or plain or action.text().replace("&", ""))
        self.setup_menu.menuAction().setVisible(may(self.office, "setup.write"))
        has_users = self.office_has_users()
        self.change_password_action.setEnabled(has_users)
        self.switch_user_action.setEnabled(has_users)
        self.lock_action.setEnabled(True)
        self.who_label.setText(signed_in_text(self.office))
        current = self.stack.currentIndex()
        if 0 <= current < len(SCREENS) and self.sidebar.item(current).isHidden():
            self.show_screen(0)

    def office_has_users(self) -> bool:
        return has_users(self.office)

    # -------------------------------------------------------------- screens
    def show_screen(self, index: int) -> None:
        need = SCREEN_NEEDS.get(SCREENS[index]) if 0 <= index < len(SCREENS) else None
        if need is not None and not may(self.office, need):
            self.show_message(refusal(self.office, need))
            return
        self.sidebar.setCurrentRow(index)

    def _screen_chosen(self, index: int) -> None:
        if index < 0:
            return
        self.moved_on()
        self.stack.setCurrentIndex(index)
        view = self.views[index]
        if view is self.claims:
            view.refresh_if_changed()
        if view is self.patients:
            self.patients.search.setFocus()
        else:
            view.setFocus()
            view.focusNextChild()

    def current_view(self) -> QWidget:
        return self.stack.currentWidget()

    def show_setup(self, tab: int) -> None:
        if isinstance(self.setup, RefusedScreen):
            self.show_message(self.setup.why)
            return
        self.show_screen(4)
        self.setup.tabs.setCurrentIndex(tab)

    def open_setup_field(self, field: str) -> None:
        """Show the setup page holding a claim finding's field (practice.npi, payer.address, ...)."""
        owner = field.split(".")[0].split("[")[0]
        if isinstance(self.setup, RefusedScreen):
            self.show_message(f"{field.replace('_', ' ')} is fixed on the Setup screen. {self.setup.why}")
            return
        self.show_setup(SETUP_TABS.get(owner, 0))
        self.show_message(f"Fix {field.replace('_', ' ')} here, save, then return to Claims.")

    def open_patient(self, patient_id: int) -> None:
        self.moved_on()
        self.show_screen(0)
        self.patients.edit_patient(patient_id)

    # -------------------------------------------------------------- actions
    def show_message(self, text: str) -> None:
        """Say `text` in the status bar until the person moves on (`moved_on`), at most MESSAGE_MS."""
        self.statusBar().showMessage(text, MESSAGE_MS)

    def moved_on(self) -> None:
        """The person went to another screen or record: what the status bar said is about the last one."""
        self.statusBar().clearMessage()

    def lock(self) -> bool:
        """Ctrl+L, File > Lock, File > Switch user…, and the idle minutes: cover everything until a sign-in."""
        return self.locker.lock()

    def show_users(self):
        from .users_view import UsersDialog

        why = refusal(self.office, "users.list")
        if why:
            self.show_message(why)
            return None
        dialog = UsersDialog(self.office, self)
        dialog.auto_lock_changed.connect(self.locker.set_minutes)
        self.users_dialog = dialog
        dialog.open()
        return dialog

    def show_audit(self):
        from .audit_view import AuditDialog

        why = refusal(self.office, "audit.rows")
        if why:
            self.show_message(why)
            return None
        dialog = AuditDialog(self.office, self)
        self.audit_dialog = dialog
        dialog.open()
        return dialog

    def change_password(self):
        from .sign_in import ChangePasswordDialog

        session = getattr(self.office, "session", None)
        if session is None:
            self.show_message("Nobody is signed in to this office file, so there is no password to change.")
            return None
        dialog = ChangePasswordDialog(self.office, session.user_name, parent=self)
        dialog.accepted.connect(lambda: self.show_message(f"The password of {session.user_name} was changed."))
        self.password_dialog = dialog
        dialog.open()
        return dialog

    def new_patient(self):
        self.moved_on()
        self.show_screen(0)
        return self.patients.new_patient()

    def find_patient(self) -> None:
        self.moved_on()
        self.show_screen(0)
        self.patients.focus_search()

    def new_visit(self, patient_id: int | None = None) -> None:
        if patient_id is None and self.current_view() is self.patients:
            patient = self.patients.current_patient()
            patient_id = patient.id if patient else None
        self.moved_on()
        self.show_screen(1)
        self.visits.new_visit(patient_id)

    def open_visit(self, visit_id: int) -> None:
        self.moved_on()
        self.show_screen(1)
        self.visits.open_visit(visit_id)

    def save(self) -> bool:
        view = self.current_view()
        return bool(view.save()) if hasattr(view, "save") else False

    def save_and_new(self) -> bool:
        view = self.current_view()
        return bool(view.save_and_new()) if hasattr(view, "save_and_new") else False

    def back_up_now(self, folder: Path | None = None) -> None:
        """Back up to the backups folder (or `folder`) in the background."""
        path = self.office.path
        folder = Path(folder) if folder else None
        actions = (self.backup_action, self.backup_to_action)
        for action in actions:
            action.setEnabled(False)

        def done(made) -> None:
            for action in actions:
                action.setEnabled(True)
            self.show_message(f"Backed up to {made}")
            if self.backups_dialog is not None and self.backups_dialog.isVisible():
                self.backups_dialog.refresh()
            self.backup_finished.emit(made)

        def failed(exc) -> None:
            for action in actions:
                action.setEnabled(True)
            where = f"the folder {folder}" if folder else "the backups folder"
            QMessageBox.warning(self, "Back up", f"The backup could not be made: {exc}\n\n"
                                f"Check that {where} can be written and there is free disk space.")
            self.backup_finished.emit(None)

        self.backup_task = run_in_background(in_own_office(path, lambda office, _p: office.backups.make(folder)),
                                             parent=self, label="Backing up the office file…",
                                             on_done=done, on_error=failed)

    def back_up_to(self) -> None:
        last = settings().value("backup/last_folder", "")
        folder = existing_folder(self, self.office, BACKUP_KIND, "Back up the office file to this folder",
                                 Path(last) if last else None)
        if not folder:
            return
        settings().setValue("backup/last_folder", folder)
        self.back_up_now(Path(folder))

    def show_backups(self):
        from .backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.office, self)
        dialog.restore_requested.connect(self.restore_backup)
        self.backups_dialog = dialog
        dialog.open()
        return dialog

    def check_office_file(self) -> None:
        self.check_action.setEnabled(False)
        path = self.office.path

        def done(result) -> None:
            problems, sizes = result
            self.check_action.setEnabled(True)
            if problems:
                QMessageBox.warning(
                    self, "Check office file",
                    "The office file failed the check:\n\n" + "\n".join(problems[:5])
                    + "\n\nStop entering work and restore the newest sound backup "
                    "(File > Backups and restore…: Check integrity, then Restore).")
            else:
                biggest = "\n".join(f"{table}: {size / 1e6:,.1f} MB" for table, size in sizes[:6])
                QMessageBox.information(
                    self, "Check office file",
                    f"The office file passed the check: sound, every row readable, the books reconcile.\n\n{path}"
                    f"\n\nSize {sum(size for _, size in sizes) / 1e6:,.1f} MB; the largest tables:\n{biggest}")
            self.check_finished.emit(problems)

        def failed(exc) -> None:
            self.check_action.setEnabled(True)
            QMessageBox.warning(self, "Check office file", f"The office file could not be checked: {exc}")
            self.check_finished.emit(exc)

        def check(office, _progress):
            return (office.backups.content_problems() + office.money.verify() + office.audit.chain_problems(),
                    office.backups.table_sizes())

        self.check_task = run_in_background(in_own_office(path, check),
                                            parent=self, label="Checking the office file…",
                                            on_done=done, on_error=failed)

    # ------------------------------------------------- switching office files
    def open_office_file(self, path: Path | None = None) -> bool:
        """Choose another office file and switch the window to it (asking about unsaved changes first)."""
        if self.controller is None:
            self.show_message("Another office file can be opened only from the OfficeBill program.")
            return False
        if path is None:
            name = open_file_name(self, self.office, OFFICE_FILE_KIND, "Open an office file",
                                  "OfficeBill office files (*.db);;All files (*)", default=self.office.path.parent)
            if not name:
                return False
            path = Path(name)
        if Path(path).resolve() == self.office.path.resolve():
            self.show_message("That office file is already open.")
            return False
        if not self.confirm_leave():
            return False
        return bool(self.controller.open_path(Path(path)))

    def restore_backup(self, backup: Path) -> None:
        """Replace the office file with `backup` (already confirmed); the controller reopens it."""
        if self.controller is None:
            self.show_message("Backups can be restored only from the OfficeBill program.")
            return
        if not self.confirm_leave():
            return
        self.controller.restore(self, Path(backup))

    def unsaved_views(self) -> list[QWidget]:
        unsaved = []
        for view in self.views:
            check = getattr(view, "has_unsaved_changes", None)
            try:
                if callable(check) and check():
                    unsaved.append(view)
            except Exception:  # noqa: BLE001 - a screen that cannot tell must not stop closing
                continue
        return unsaved

    def confirm_leave(self) -> bool:
        """Ask Save / Discard / Cancel for each screen with unsaved changes; False means stay."""
        for view in self.unsaved_views():
            index = self.views.index(view)
            self.show_screen(index)
            if not ask_to_save(self, SCREENS[index], lambda view=view: self._save_before_leaving(view)):
                return False
        return True

    def _save_before_leaving(self, view) -> bool:
        saver = getattr(view, "save", None)
        if saver is None or not saver():
            self.show_message("Not saved: fix what is marked, or choose Discard.")
            return False
        return True

    def leave(self, *, backup: bool) -> None:
        """Close after unsaved changes were asked about, with or without the close-time backup."""
        self._leave_checked = True
        if not backup:
            self.save_settings()
            self._closing = True
        self.close()
        if backup and not self._closing:
            self.hide()  # replaced by another window; it closes for real once its backup is made

    def shortcut_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(heading, [(keys, action)]) for F1: the window's keys, then those of the screen shown (its
        `shortcut_help()`; every screen has one)."""
        sections = [("Everywhere", [
            ("Ctrl+1 … Ctrl+7", "Patients, Visits, Claims, Procedures, Setup, Payments, Reports"),
            ("Ctrl+Shift+L", "The patient's ledger (Patients and Visits screens)"),
            ("Ctrl+F", "Find patient (Enter opens, Down moves into the list)"),
            ("Ctrl+N", "New patient"),
            ("Ctrl+E", "New visit (for the chosen patient)"),
            ("Ctrl+S", "Save"),
            ("Ctrl+Shift+S", "Save and new"),
            ("Ctrl+O", "Open another office file"),
            ("Ctrl+B", "Back up now"),
            ("Ctrl+L", "Lock the window (sign in again to go on; another user may sign in instead)"),
            ("Alt+F, Alt+G, Alt+P, Alt+H", "The File, Go, Payments and Help menus (Alt alone, then the arrow "
                                           "keys, reaches the Setup menu)"),
            ("F1", "This list"),
            ("Esc", "Cancel a dialog"),
        ])]
        index = self.stack.currentIndex()
        if 0 <= index < len(SCREENS):
            name = SCREENS[index]
            keys = help_of(self.views[index])
            if keys:
                sections.append((f"On the {name} screen", keys))
        return sections

    def show_shortcuts(self) -> QDialog:
        self.shortcuts_dialog = keys_dialog(self, self.shortcut_sections())
        return self.shortcuts_dialog

    def show_about(self) -> None:
        from .. import __version__

        QMessageBox.about(self, "About OfficeBill",
                          f"OfficeBill {__version__}\nBilling for small physician offices.\n\n"
                          f"Office file: {self.office.path}")

    def update_title(self) -> None:
        if self.locker.is_locked():
            self.setWindowTitle("Locked — OfficeBill")  # no practice, no patient: nobody is signed in
            return
        name = self.office.setup.practice().name or "New office"
        read_only = " (read-only)" if self.office.read_only_reason else ""
        demo = "DEMO — " if is_demo_office(self.office.path) else ""  # never taken for the real office
        self.setWindowTitle(f"{demo}{name} — {self.office.path}{read_only} — OfficeBill")

    def _office_changed(self, changes: Changes) -> None:
        """What the screens owned elsewhere show: the title (practice), the patient list and the claims."""
        if changes.touches(Area.SETUP):
            self.update_title()
        if changes.touches(Area.PATIENTS):
            self.patients.refresh()

    # ------------------------------------------------------------- settings
    def _restore_settings(self) -> None:
        store = settings()
        geometry = store.value("main_window/geometry")
        if isinstance(geometry, (QByteArray, bytes)) and geometry:
            self.restoreGeometry(geometry)
        else:
            screen = QApplication.primaryScreen()
            available = screen.availableGeometry() if screen else None
            if available is not None:
                self.resize(min(1280, available.width()), min(760, available.height()))
        try:
            last = int(store.value("main_window/screen", 0))
        except (TypeError, ValueError):
            last = 0
        self.show_screen(last if 0 <= last < len(SCREENS) else 0)

    def save_settings(self) -> None:
        store = settings()
        store.setValue("main_window/geometry", self.saveGeometry())
        store.setValue("main_window/screen", self.stack.currentIndex())
        store.sync()

    def _accept_close(self, event: QCloseEvent) -> None:
        self._closing = True
        forget(self.office)  # no change reaches the screens of a closed window
        event.accept()
        if not self._closed_emitted:
            self._closed_emitted = True
            self.closed.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing:
            self._accept_close(event)
            return
        if self.locker.is_locked() and not self._leave_checked:
            event.ignore()  # the work left open is the locked user's: only a signed-in person says what happens
            self.locker.say("Sign in to close OfficeBill: the work left open is kept until someone signs in.")
            return
        if self._close_task is not None:
            event.ignore()
            return
        if not self._leave_checked and not self.confirm_leave():
            event.ignore()
            return
        self._leave_checked = True
        self.save_settings()
        if not self.backup_on_close:
            self._accept_close(event)
            return
        # Back up in the background, then close for real when it is done.
        event.ignore()
        if self._close_task is not None:
            return
        self.show_message("Backing up before closing…")
        path = self.office.path

        def finish(result) -> None:
            self._closing = True
            if isinstance(result, BaseException):
                QMessageBox.warning(self, "Back up", f"The backup on closing failed: {result}\n\n"
                                    "Your data is saved; make a backup with File > Back up now next time.")
            self.backup_finished.emit(result)
            self.close()

        self._close_task = run_in_background(in_own_office(path, lambda office, _p: office.backups.make_automatic()),
                                             parent=self, label="Backing up the office file…",
                                             on_done=finish, on_error=finish)
