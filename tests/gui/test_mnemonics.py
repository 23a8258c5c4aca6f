"""Every screen's Alt+letter mnemonics are unique within it, so Alt+letter acts instead of only moving focus.

A screen is what is visible at once: the main window's menu bar with the screen shown (each tab and
panel open in turn), and each dialog on its own. The test opens them all, collects the `&` letter of
every visible, enabled button, check box, label with a buddy, group box, tab and menu title, and fails
naming the letters used twice and where. Each menu's items are checked the same way.
"""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu, QMenuBar, QTabBar, QWidget


# ------------------------------------------------------------------ collecting
def mnemonic_letter(text: str) -> str | None:
    """The letter after the first single '&' ('&&' is a literal ampersand), lower case; None without one."""
    index = 0
    while index < len(text) - 1:
        if text[index] == "&":
            if text[index + 1] == "&":
                index += 2
                continue
            return text[index + 1].lower()
        index += 1
    return None


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled()


def mnemonics(root: QWidget) -> list[tuple[str, str]]:
    """(letter, where) for each mnemonic a person can reach in `root`'s window as it shows now."""
    found: list[tuple[str, str]] = []

    def add(text: str, kind: str) -> None:
        letter = mnemonic_letter(text or "")
        if letter:
            found.append((letter, f"{kind} {text!r}"))

    for widget in (root, *root.findChildren(QWidget)):
        if not _shown(widget) or widget.window() is not root.window():
            continue
        if isinstance(widget, QAbstractButton):
            add(widget.text(), type(widget).__name__)
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            add(widget.text(), "label")
        elif isinstance(widget, QGroupBox):
            add(widget.title(), "group box")
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.isTabVisible(index) and widget.isTabEnabled(index):
                    add(widget.tabText(index), "tab")
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                if action.isVisible():
                    add(action.text(), "menu")
    return found


def duplicates(found: list[tuple[str, str]]) -> dict[str, list[str]]:
    by_letter: dict[str, list[str]] = {}
    for letter, where in found:
        by_letter.setdefault(letter, []).append(where)
    return {letter: wheres for letter, wheres in by_letter.items() if len(wheres) > 1}


def assert_unique(root: QWidget, screen: str) -> None:
    clashes = duplicates(mnemonics(root))
    assert not clashes, f"{screen}: Alt+letter used more than once: " + "; ".join(
        f"Alt+{letter.upper()}: {', '.join(wheres)}" for letter, wheres in sorted(clashes.items()))


# ------------------------------------------------------------- the main window
def _show(qtbot, window, index: int) -> None:
    window.show_screen(index)
    qtbot.waitUntil(lambda: window.stack.currentIndex() == index)


def test_the_mnemonic_letter_is_read_like_qt_reads_it():
    assert mnemonic_letter("&Save") == "s"
    assert mnemonic_letter("Save and ne&w") == "w"
    assert mnemonic_letter("Tom && Jerry") is None
    assert mnemonic_letter("Tom && &Jerry") == "j"
    assert duplicates([("s", "a"), ("s", "b"), ("n", "c")]) == {"s": ["a", "b"]}


def test_each_menu_has_unique_mnemonics(main_window):
    for menu_action in main_window.menuBar().actions():
        menu = menu_action.menu()
        assert isinstance(menu, QMenu)
        found = [(mnemonic_letter(a.text()), a.text()) for a in menu.actions() if a.isVisible() and a.text()]
        clashes = duplicates([(letter, text) for letter, text in found if letter])
        assert not clashes, f"menu {menu_action.text()!r}: {clashes}"


@pytest.mark.parametrize("name", ["Patients", "Procedures", "Payments", "Reports"])
def test_my_screens_have_unique_mnemonics(qtbot, main_window, name):
    from officebill.gui.main_window import SCREENS

    _show(qtbot, main_window, SCREENS.index(name))
    assert_unique(main_window, name)


def test_every_setup_page_has_unique_mnemonics(qtbot, main_window):
    _show(qtbot, main_window, 4)
    tabs = main_window.setup.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        assert_unique(main_window, f"Setup > {tabs.tabText(index)}")


def test_the_visits_screen_with_more_open_has_unique_mnemonics(qtbot, main_window):
    _show(qtbot, main_window, 1)
    main_window.visits.header.show_more()
    qtbot.waitUntil(main_window.visits.header.more.isVisible)
    assert_unique(main_window, "Visits with More open")


def test_the_claims_screen_has_unique_mnemonics(qtbot, demo_office, request):
    main_window = request.getfixturevalue("main_window")
    _show(qtbot, main_window, 2)
    claims = main_window.claims
    for index in range(claims.tabs.count()):
        claims.tabs.setCurrentIndex(index)
        assert_unique(main_window, f"Claims > {claims.tabs.tabText(index)}")


def test_the_lock_screen_has_unique_mnemonics(qtbot, main_window):
    main_window.lock()
    qtbot.waitUntil(lambda: main_window.shell.currentWidget() is main_window.lock_screen)
    assert_unique(main_window, "Lock screen")


# -------------------------------------------------------------------- dialogs
def _shown_dialog(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_patient_editor_has_unique_mnemonics_on_every_tab(qtbot, main_window, demo_office):
    from officebill.core.records import Relationship

    patient = main_window.patients.current_patient()
    dialog = main_window.patients.edit_patient(patient.id)
    qtbot.waitUntil(dialog.isVisible)
    for panel in dialog.policy_panels:  # the insured person and their own address shown too
        panel.form.set_data("relationship", Relationship.SPOUSE)
        panel.same_address.setChecked(False)
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        assert_unique(dialog, f"Patient editor > {dialog.tabs.tabText(index)}")
    dialog.patient_form.change_account_button.show()
    assert_unique(dialog, "Patient editor with Change account number")
    dialog._dirty = False
    dialog.reject()


def test_my_dialogs_have_unique_mnemonics(qtbot, main_window, demo_office):
    from officebill.gui.deposit_dialog import NewDepositDialog
    from officebill.gui.ledger_view import LedgerDialog
    from officebill.gui.statements_dialog import StatementsDialog

    patient = main_window.patients.current_patient()
    for name, dialog in (("Ledger", LedgerDialog(demo_office, patient.id, parent=main_window)),
                         ("Statements", StatementsDialog(demo_office, main_window)),
                         ("New deposit", NewDepositDialog(demo_office, main_window))):
        _shown_dialog(qtbot, dialog)
        assert_unique(dialog, name)
        dialog.close()
    assert_unique(main_window.show_shortcuts(), "Keyboard shortcuts (F1)")


def test_the_welcome_and_every_wizard_page_have_unique_mnemonics(qtbot, office):
    from officebill.gui.welcome import SetupWizard, WelcomeDialog

    welcome = _shown_dialog(qtbot, WelcomeDialog(office.path))
    assert_unique(welcome, "Welcome")
    wizard = _shown_dialog(qtbot, SetupWizard(office))
    for page_id in wizard.pageIds():
        wizard.setStartId(page_id)
        wizard.restart()
        qtbot.waitUntil(lambda page_id=page_id: wizard.currentId() == page_id)
        assert_unique(wizard, f"Setup wizard > {wizard.currentPage().title()}")


def test_the_print_and_export_dialogs_have_unique_mnemonics(qtbot, demo_office):
    from officebill.gui.export_dialog import ExportClaimsDialog
    from officebill.gui.print_dialog import PrintClaimsDialog

    for name, dialog in (("Print claims", PrintClaimsDialog(demo_office)),
                         ("Export claims", ExportClaimsDialog(demo_office))):
        _shown_dialog(qtbot, dialog)
        assert_unique(dialog, name)


def test_the_users_and_password_dialogs_have_unique_mnemonics(qtbot, demo_office):
    from officebill.gui.sign_in import ChangePasswordDialog
    from officebill.gui.users_view import UsersDialog

    user = demo_office.session.user_name
    for name, dialog in (("Users", UsersDialog(demo_office)),
                         ("Change password", ChangePasswordDialog(demo_office, user))):
        _shown_dialog(qtbot, dialog)
        assert_unique(dialog, name)


def test_the_backups_and_sign_in_dialogs_have_unique_mnemonics(qtbot, demo_office):
    from officebill.gui.backups_dialog import BackupsDialog
    from officebill.gui.sign_in import SignInDialog

    for name, dialog in (("Backups", BackupsDialog(demo_office)),
                         ("Sign in", SignInDialog(demo_office, demo_users=()))):
        _shown_dialog(qtbot, dialog)
        assert_unique(dialog, name)


def test_the_first_administrator_dialog_has_unique_mnemonics(qtbot, office):
    from officebill.gui.first_start import FirstAdministratorDialog

    assert_unique(_shown_dialog(qtbot, FirstAdministratorDialog(office)), "First administrator")


def test_the_audit_dialog_has_unique_mnemonics(qtbot, demo_office):
    from officebill.gui.audit_view import AuditDialog

    assert_unique(_shown_dialog(qtbot, AuditDialog(demo_office)), "Audit trail")
