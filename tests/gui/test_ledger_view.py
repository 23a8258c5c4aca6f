"""The patient's ledger driven by keys: a payment (card, last four only), a write-off, a reversal,
running balances and the balance line; and the ledger opened from the Patients screen."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from officebill.core.ledger import EntryKind
from officebill.core.money import Money
from tests.billing.money_office import TODAY
from tests.gui.money_fixtures import books  # noqa: F401


@pytest.fixture
def ledger(qtbot, books):
    from officebill.gui.ledger_view import LedgerDialog

    dialog = LedgerDialog(books.office, books.patient.id)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def test_the_ledger_shows_entries_running_balance_and_who_owes(ledger):
    model = ledger.model
    assert model.rows[0][0].kind is EntryKind.CHARGE
    assert model.rows[-1][1] == Money(1500)  # the running balance ends at what is owed
    assert ledger.balance_label.text() == "Patient owes $15.00 · insurance $0.00 · total $15.00"


def test_a_patient_payment_from_the_ledger_by_keys(qtbot, ledger, books):
    qtbot.keyClick(ledger.table, Qt.Key.Key_F2)
    dialog = ledger.action_dialog
    qtbot.waitExposed(dialog)
    amount = dialog.form.fields["amount"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is amount)
    qtbot.keyClicks(amount, "25")
    qtbot.keyClick(amount, Qt.Key.Key_Tab)
    method = dialog.form.fields["method"]
    assert QApplication.focusWidget() is method
    qtbot.keyClick(method, Qt.Key.Key_Down)
    qtbot.keyClick(method, Qt.Key.Key_Down)  # card
    assert method.currentData() == "card", method.currentText()
    qtbot.keyClick(method, Qt.Key.Key_Tab)
    number = dialog.form.fields["number"]
    qtbot.keyClicks(number, "4111111111111111")  # a full card number is refused
    qtbot.keyClick(number, Qt.Key.Key_Return)
    assert "last four" in dialog.form.error_text("number")
    assert len(books.office.money.ledger(books.patient.id)) == len(ledger.model.rows)  # nothing posted
    number.selectAll()
    qtbot.keyClicks(number, "1111")
    qtbot.keyClick(number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    paid = [e for e in books.office.money.ledger(books.patient.id) if e.kind is EntryKind.PATIENT_PAYMENT]
    assert sum(e.amount.cents for e in paid) == -2500
    assert {(e.method.value, e.number) for e in paid} == {("card", "1111")}
    assert ledger.balance_label.text() == "Patient owes $0.00 · insurance $0.00 · credit $10.00"
    assert ledger.refund_button.isEnabled()
    assert ledger.current_entry().kind is EntryKind.PATIENT_PAYMENT


def test_reverse_the_payment_from_the_ledger(qtbot, ledger, books):
    books.office.payments.patient_payment(books.patient.id, "15.00", "cash", today=TODAY)
    qtbot.waitUntil(lambda: ledger.balance_label.text().startswith("Patient owes $0.00"))
    ledger.table.setFocus()
    qtbot.keyClick(ledger.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert ledger.current_entry().kind is EntryKind.PATIENT_PAYMENT
    qtbot.keyClick(ledger.table, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)  # Reverse entry…
    qtbot.waitUntil(lambda: getattr(ledger, "action_dialog", None) is not None)
    dialog = ledger.action_dialog
    qtbot.keyClicks(dialog.form.fields["note"], "wrong patient")
    qtbot.keyClick(dialog.form.fields["note"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ledger.balance_label.text().startswith("Patient owes $15.00"))
    assert ledger.model.rows[-1][0].kind is EntryKind.REVERSAL


def test_write_off_by_keys_names_the_reason(qtbot, ledger, books):
    dialog = ledger.write_off()
    amount = dialog.form.fields["amount"]
    assert amount.text() == "15.00"
    reason = dialog.form.fields["reason"]
    reason.setFocus()
    for _ in range(4):
        qtbot.keyClick(reason, Qt.Key.Key_Down)  # other: needs a note
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    assert "Say why" in dialog.form.error_text("note")
    qtbot.keyClicks(dialog.form.fields["note"], "moved away")
    qtbot.keyClick(dialog.form.fields["note"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ledger.balance_label.text().startswith("Patient owes $0.00 · insurance $0.00 · total $0"))


def test_the_patients_screen_shows_the_balance_and_opens_the_ledger(qtbot, books):
    from officebill.gui.patients_view import PatientsView

    view = PatientsView(books.office)
    qtbot.addWidget(view)
    with qtbot.waitExposed(view):
        view.show()
    assert view.balance_label.text() == "Rivera, Sofia: Patient owes $15.00 · insurance $0.00 · total $15.00"
    qtbot.keyClick(view.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: view.ledger_dialog is not None and view.ledger_dialog.isVisible())
    assert view.ledger_dialog.patient_id == books.patient.id
    view.ledger_dialog.close()


def test_the_visit_header_shows_the_balance_and_opens_the_ledger_on_the_visit(qtbot, books):
    from officebill.gui.visit_entry import VisitsView

    view = VisitsView(books.office)
    qtbot.addWidget(view)
    with qtbot.waitExposed(view):
        view.show()
    view.open_visit(books.visit.id)
    assert view.header.patient_info.text().endswith("· owes $15.00")
    qtbot.keyClick(view.header.date_field, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: getattr(view, "ledger_dialog", None) is not None and view.ledger_dialog.isVisible())
    assert view.ledger_dialog.current_entry().visit_id == books.visit.id
    view.ledger_dialog.close()


def test_a_payment_receipt_is_saved_from_the_ledger(qtbot, ledger, books, tmp_path):
    books.office.payments.patient_payment(books.patient.id, "15.00", "check", "1042", today=TODAY)
    ledger.table.setFocus()
    qtbot.keyClick(ledger.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert ledger.receipt_button.isVisible() and ledger.receipt_button.isEnabled()
    saved = ledger.print_receipt(tmp_path / "receipt.pdf")
    assert saved.read_bytes().startswith(b"%PDF")


def test_the_patients_statement_previews_from_the_ledger(ledger, books, tmp_path):
    saved = ledger.preview_statement(tmp_path / "statement.pdf", show=False)
    assert saved.read_bytes().startswith(b"%PDF")
    assert books.office.statements.runs() == []
