"""The money screens in the window: Ctrl+6 Payments, Ctrl+7 Reports, Ctrl+Shift+L the chosen patient's ledger."""
from __future__ import annotations

from PySide6.QtCore import Qt


def test_payments_and_reports_are_in_the_sidebar(qtbot, main_window):
    qtbot.keyClick(main_window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_view() is main_window.payments
    qtbot.keyClick(main_window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_view() is main_window.reports


def test_ctrl_s_on_payments_posts_and_says_what_is_missing(qtbot, main_window):
    main_window.show_screen(5)
    qtbot.keyClick(main_window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    if main_window.payments.deposit is None:
        assert main_window.payments.claim_error.text() == ""  # no deposit: nothing to post to
    else:
        assert "Choose a claim first" in main_window.payments.claim_error.text()


def test_the_ledger_opens_from_the_patients_screen(qtbot, main_window):
    main_window.show_screen(0)
    patients = main_window.patients
    qtbot.waitUntil(lambda: patients.current_patient() is not None)
    assert ":" in patients.balance_label.text()
    patients.table.setFocus()
    qtbot.keyClick(patients.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: patients.ledger_dialog is not None and patients.ledger_dialog.isVisible())
    assert patients.ledger_dialog.patient_id == patients.current_patient().id
    patients.ledger_dialog.close()


def test_payments_menu_opens_the_remittance_import_and_the_work_list(qtbot, main_window):
    from PySide6.QtWidgets import QApplication

    from officebill.gui.remittance_dialog import ImportRemittanceDialog

    main_window.import_remittance_action.trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, ImportRemittanceDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, ImportRemittanceDialog):
            widget.close()
    main_window.work_list_action.trigger()
    qtbot.waitUntil(lambda: any(w.windowTitle() == "Remittance work list" and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    for widget in QApplication.topLevelWidgets():
        if widget.windowTitle() == "Remittance work list":
            widget.close()


def test_an_acknowledgment_that_is_not_one_is_refused_in_words_and_changes_nothing(qtbot, main_window, tmp_path):
    from officebill.gui.remittance_dialog import import_acknowledgment

    office = main_window.office
    stamp = office.data_stamp()
    not_x12 = tmp_path / "notes.999"
    not_x12.write_text("Dear office, thank you for your claims.")
    box = import_acknowledgment(main_window, office, str(not_x12))
    assert box.windowTitle() == "Acknowledgment not read"
    assert "X12" in box.text() or "999" in box.text()
    box.close()
    assert office.data_stamp() == stamp
