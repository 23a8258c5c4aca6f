"""First start: open the office file (explaining files that cannot be used), sign in or create the first
administrator, and build the code database in the background. The welcome for an empty office (demo
office or setup wizard) is in `welcome.py`.

An office file opens signed out (`open_office`); `sign_in_to(office)` then shows the sign-in screen for a
file with users, or, for a file with none yet (a new office, or one made before users existed), asks
for the first administrator: a manager with a password typed twice, before anything else is shown.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ..core.problems import UserError
from ..office import NewerFileError, Office, OfficeFileError
from ..office.encryption import is_encrypted, is_unlocked
from ..office.session import SignInRequired
from ..paths import default_office_path
from .background import in_own_office, run_in_background
from .forms import button_row, push_button
from .setup_views import save_with
from .sign_in import SignInDialog, demo_users_of


# ------------------------------------------------------------ opening the file
def open_problem_box(path: Path, exc: Exception, parent: QWidget | None = None, *,
                     keep_current: bool = False) -> QMessageBox:
    """The message shown when the office file cannot be used: what happened and what to do.

    `keep_current` (another office is open): the way out keeps it open instead of quitting."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("OfficeBill cannot open the office file")
    box.create_button = None
    if not path.exists():
        box.setText(f"There is no office file at {path}.")
        box.setInformativeText("Create a new, empty office there, or choose an existing office file.")
        box.create_button = box.addButton("C&reate a new office", QMessageBox.ButtonRole.ActionRole)
    elif isinstance(exc, NewerFileError):
        box.setText("This office file was written by a newer version of OfficeBill.")
        box.setInformativeText(
            "Install the newer OfficeBill to open it, or choose another office file. "
            "The file was not changed.")
    else:
        box.setText(f"The office file {path} cannot be used.")
        box.setInformativeText(
            f"{exc}\n\nRestore a backup (the 'backups' folder beside the file; officebill-cli restore FILE), "
            "check the file's permissions, or choose another file.")
    box.setDetailedText(str(exc))
    box.choose_button = box.addButton("&Choose another file…", QMessageBox.ButtonRole.AcceptRole)
    box.quit_button = box.addButton("&Keep the current office" if keep_current else "&Quit",
                                    QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(box.choose_button)
    box.setEscapeButton(box.quit_button)
    return box


def choose_office_file(parent: QWidget | None, start: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, "Choose an office file (an existing one, or a new name)", str(start),
        "OfficeBill office files (*.db);;All files (*)",
        options=QFileDialog.Option.DontConfirmOverwrite)
    return Path(name) if name else None


def open_office(path: Path, parent: QWidget | None = None, *, keep_current: bool = False,
                signed_in_as=None) -> Office | None:
    """Open the office file, signed out (or as `signed_in_as`, the session of the office it replaces);
    on a file that cannot be used, say why and offer another. None means quit (or, with `keep_current`,
    stay with the office already open).

    A missing file is created only on the very first start (the default file, with nothing in its
    folder yet) or when the person asks for a new office in the message shown."""
    path = Path(path)
    create = path == default_office_path() and not path.exists()
    while True:
        try:
            return _open_signed_out(path, create, signed_in_as, parent)
        except (NewerFileError, OfficeFileError, UserError) as exc:
            problem = exc
        except Exception as exc:  # noqa: BLE001 - an unreadable file must not end in a traceback
            problem = OfficeFileError(f"{path} could not be opened: {exc}")
        box = open_problem_box(path, problem, parent, keep_current=keep_current)
        box.exec()
        if box.create_button is not None and box.clickedButton() is box.create_button:
            create = True
            continue
        if box.clickedButton() is not box.choose_button:
            return None
        chosen = choose_office_file(parent, path.parent)
        if chosen is None:
            return None
        path, create = chosen, not chosen.exists()  # a new name typed in the chooser asks for a new office


def _open_signed_out(path: Path, create: bool, signed_in_as, parent=None) -> Office | None:
    if is_encrypted(path) and not (signed_in_as is not None and is_unlocked(path)):
        return _sign_in_to_encrypted(path, parent)
    if signed_in_as is not None:
        try:
            return Office.open(path, create=create, signed_in_as=signed_in_as)
        except SignInRequired:  # that user is not in this file (a restored backup): sign in anew
            pass
    return Office.open(path, create=create, sign_in_later=True)


def _sign_in_to_encrypted(path: Path, parent) -> Office | None:
    """An encrypted office opens only by signing in (or with its recovery key); None: the person quit."""
    from .encrypted_sign_in import EncryptedSignInDialog

    dialog = EncryptedSignInDialog(path, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.office


# ------------------------------------------------------------ who is at the PC
def sign_in_to(office: Office, parent: QWidget | None = None, *, credentials=None,
               ask_for_administrator: bool = True) -> bool:
    """Make sure someone is signed in before the window shows anything: the sign-in screen for a file
    with users, the first administrator for a file without. False: the person gave up (quit).

    `credentials` (user, password) sign in without the screen (scripts, tests, screenshots)."""
    if office.has_users():
        if office.session is not None:
            return True
        if credentials is not None:
            try:
                office.sign_in(*credentials)
                return True
            except UserError:
                pass  # the screen says what is wrong
        dialog = SignInDialog(office, demo_users=demo_users_of(office), parent=parent)
        return dialog.exec() == QDialog.DialogCode.Accepted
    if not ask_for_administrator:
        return True
    dialog = FirstAdministratorDialog(office, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


class FirstAdministratorDialog(QDialog):
    """The office's first user: a manager, who then adds the others (File > Users…)."""

    def __init__(self, office: Office, parent=None):
        super().__init__(parent)
        from ..core.permissions import Role
        from .users_view import UserForm

        self.office = office
        self.setWindowTitle("The first administrator — OfficeBill")
        text = QLabel(
            "<h3>Who manages this office?</h3>"
            f"<p>This office file has no users yet:<br><code>{office.path}</code></p>"
            "<p>Each person who works in OfficeBill signs in with their own user, so the audit trail names "
            "who did what. Create the first user now: the office manager, who can add the others under "
            "File &gt; Users…. The password needs at least 12 characters; type it twice. A forgotten "
            "password is reset by another manager, or, in an encrypted office, with its recovery key.</p>")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        self.form = UserForm(roles=(Role.MANAGER,), password_label="&Password")
        self.encrypt_box = QCheckBox("&Encrypt the office file (recommended)")
        self.encrypt_box.setChecked(True)
        self.encrypt_box.setToolTip("Only the people who sign in can read the office file and its backups; "
                                    "a recovery key is shown once, to print and keep.")
        encrypt_note = QLabel(
            "<small>Encrypted, the office file and its backups can be read only through a user's password (or the "
            "recovery key shown next, to print and keep): a stolen PC, disk or backup shows nothing.</small>")
        encrypt_note.setWordWrap(True)
        self.create_button = push_button("&Create and sign in", self.create, default=True)
        buttons = button_row([push_button("&Quit", self.reject)], [self.create_button])
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.form)
        layout.addWidget(self.encrypt_box)
        layout.addWidget(encrypt_note)
        layout.addLayout(buttons)
        self.setMinimumWidth(860)  # room for a problem beside each field

    def create(self) -> bool:
        added = save_with(self.form, self.form.record, lambda args: self.office.users.add(**args).value)
        if added is None:
            return False
        password = self.form.fields["password"].text()
        self.office.sign_in(added.name, password)
        self.form.clear()
        if self.encrypt_box.isChecked() and not self.encrypt(password):
            return False
        self.accept()
        return True

    def encrypt(self, password: str) -> bool:
        """Encrypt the (still empty) office file, then show the recovery key once; False: it could not be."""
        from .recovery_key_dialog import RecoveryKeyDialog

        try:
            recovery_key = self.office.encrypt_now(password)
        except UserError as exc:
            QMessageBox.warning(self, "Encrypt the office file",
                                f"The office file could not be encrypted: {exc}\n\nIt stays unencrypted; you can "
                                "encrypt it later (File > Encrypt the office file…).")
            return True  # the administrator exists: go on with the office as it is
        self.recovery_dialog = RecoveryKeyDialog(recovery_key, self.office.path, self)
        self.recovery_dialog.exec()
        return True


# --------------------------------------------------------------- code database
def build_codes(office: Office, parent: QWidget | None, on_done=None):
    """Build (or check) the code database in the background, with a progress dialog after half a second."""

    def done(_result) -> None:
        if on_done:
            on_done(True)

    def failed(exc) -> None:
        QMessageBox.warning(parent, "Code database",
                            f"The code database could not be built: {exc}\n\n"
                            "You can still enter patients and set up the office; diagnosis and procedure "
                            "search will work once the code database is built (restart OfficeBill to try again).")
        if on_done:
            on_done(False)

    return run_in_background(in_own_office(office.path, lambda o, progress: o.codes.ensure_built(progress)),
                             parent=parent, label="Preparing the code database (first start only)…",
                             on_done=done, on_error=failed)
