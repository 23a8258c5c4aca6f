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
