"""The window says where each file with patient data was written: a receipt, a statement run and its reprint."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import stat

from PySide6.QtCore import Qt

from tests.billing.money_office import TODAY
from tests.gui.money_fixtures import books  # noqa: F401


def test_a_saved_receipt_says_where(qtbot, books, tmp_path):
    from officebill.gui.ledger_view import LedgerDialog

    books.office.payments.patient_payment(books.patient.id, "15.00", "check", "1042", today=TODAY)
    ledger = LedgerDialog(books.office, books.patient.id)
    qtbot.addWidget(ledger)
    ledger.show()
    ledger.table.setFocus()
    qtbot.keyClick(ledger.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    saved = ledger.print_receipt(tmp_path / "receipt.pdf")
    assert ledger.saved_label.isVisible() and str(saved) in ledger.saved_label.text()
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600


def test_a_statement_run_and_its_reprint_say_where(qtbot, books, tmp_path):
    from officebill.gui.statements_dialog import StatementsDialog

    dialog = StatementsDialog(books.office, today=lambda: TODAY)
    dialog.open_files = False
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.finished_run, timeout=60_000):
        dialog.run(tmp_path / "run.pdf")
    assert str(tmp_path / "run.pdf") in dialog.due_label.text()
    dialog.run_table.setCurrentIndex(dialog.run_model.index(0, 0))
    again = dialog.reprint(tmp_path / "again.pdf")
    assert str(again) in dialog.due_label.text()
    assert {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "run.pdf", again)} == {0o600}
