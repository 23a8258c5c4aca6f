"""File > Encrypt the office file…: a manager encrypts the open office in place (or makes it plain again).

The manager types their own password (it wraps the new key, and proves it is them); the office is
converted in place, the window goes on with it, and the recovery key is shown once
(`RecoveryKeyDialog`). Other users' passwords are not known, so each needs a reset afterwards: the
message says who. An encrypted office is offered the way back (decrypt), after a warning.
"""
from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from ..core.problems import UserError
from .recovery_key_dialog import RecoveryKeyDialog


def _password(parent: QWidget, what: str) -> str | None:
    text, ok = QInputDialog.getText(parent, what, f"{what}: type your own password to go on.",
                                    QLineEdit.EchoMode.Password)
    return text if ok and text else None


def offer_encryption(window) -> bool:
    """Encrypt (or decrypt) the window's office; True when the file was converted."""
    office = window.office
    if not office.can("users.manage"):
        QMessageBox.information(window, "Encrypt the office file",
                                "Only a manager can encrypt or decrypt the office file.")
        return False
    if office.is_encrypted():
        return _offer_decryption(window, office)
    password = _password(window, "Encrypt the office file")
    if password is None:
        return False
    me = office.session.user_name
    others = [u.name for u in office.users.list() if u.name.lower() != me.lower() and not u.disabled]
    try:
        recovery_key = office.encrypt_now(password)
    except UserError as exc:
        QMessageBox.warning(window, "Encrypt the office file", f"The office file was not encrypted: {exc}")
        return False
    RecoveryKeyDialog(recovery_key, office.path, window).exec()
    if others:
        QMessageBox.information(window, "Encrypt the office file",
                                f"Only your password opens the encrypted file now. Give each other user a new "
                                f"password (File > Users…, Reset password): {', '.join(others)}.")
    return True


def _offer_decryption(window, office) -> bool:
    answer = QMessageBox.question(
        window, "Decrypt the office file",
        "The office file is encrypted. Decrypting makes it readable by any program that copies it (patient data "
        "included). Decrypt it?", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    password = _password(window, "Decrypt the office file")
    if password is None:
        return False
    try:
        office.decrypt_now(password)
    except UserError as exc:
        QMessageBox.warning(window, "Decrypt the office file", f"The office file was not decrypted: {exc}")
        return False
    QMessageBox.information(window, "Decrypt the office file", f"{office.path} is no longer encrypted.")
    return True
