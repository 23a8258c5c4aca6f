"""The Payments screen driven by keys: a deposit, an EOB for a two-line claim typed with Tab and Enter,
the amount left to apply as it is typed, and a refused posting that shows why and posts nothing."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from officebill.core.ledger import EntryKind, Party
from officebill.core.money import Money
from tests.billing.money_office import TODAY, make_books, snapshot


@pytest.fixture
def books(qtbot, tmp_path):
    made = make_books(tmp_path / "office.db")
    yield made
    from officebill.gui import background

    qtbot.waitUntil(lambda: not background._running, timeout=60_000)
    made.office.close()


@pytest.fixture
def screen(qtbot, books):
    from officebill.gui.payments_view import PaymentsView

    payer_id = books.office.claims.get(books.claim_id).payer.id
    books.office.payments.new_deposit(payer_id, "EFT555", TODAY, "120.00")
    view = PaymentsView(books.office)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    with qtbot.waitExposed(view):
        view.show()
    return view


def focused():
    return QApplication.focusWidget()


def type_into_focus(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def tab(qtbot, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def choose_claim_by_account(qtbot, screen, account: str) -> None:
    screen.focus_search()
    qtbot.waitUntil(lambda: focused() is screen.search)
    qtbot.keyClicks(screen.search, account)
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.claim is not None and focused() is screen.grid.rows[0].allowed)


def test_an_eob_for_a_two_line_claim_is_posted_from_the_keyboard(qtbot, screen, books):
    office = books.office
    choose_claim_by_account(qtbot, screen, books.patient.account)
    assert [row.owed for row in screen.grid.rows] == [Money(15000), Money(2000)]
    # line 1: allowed 100, paid 80; leaving allowed proposes CO 45 50.00, leaving paid proposes PR 20.00
    type_into_focus(qtbot, "100")
    tab(qtbot)
    type_into_focus(qtbot, "80")
    tab(qtbot)  # into adjustment 1's group (filled: CO)
    first = screen.grid.rows[0]
    assert (first.adjustments[0].group.text(), first.adjustments[0].reason.text(),
            first.adjustments[0].amount.text()) == ("CO", "45", "50.00")
    tab(qtbot, 3)  # over reason and amount to adjustment 2's group (filled: PR 20.00)
    assert focused() is first.adjustments[1].group
    tab(qtbot)
    type_into_focus(qtbot, "2")  # coinsurance
    assert first.state.text() == "balances ✓"
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Enter: the next line
    second = screen.grid.rows[1]
    assert focused() is second.allowed
    type_into_focus(qtbot, "15")
    tab(qtbot)
    type_into_focus(qtbot, "15")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Enter on the last line: on to Post
    assert focused() is screen.post_button
    assert "Left to apply: <b>$25.00</b>" in screen.remaining_label.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Enter on Post posts
    qtbot.waitUntil(lambda: screen.claim is None)

    entries = office.money.ledger(books.patient.id)
    paid = [e for e in entries if e.kind is EntryKind.INSURANCE_PAYMENT]
    assert sorted(e.amount.cents for e in paid) == [-8000, -1500]
    assert office.money.line_balances(books.lines[0]) == {Party.SECONDARY: Money(2000)}
    assert office.money.line_balances(books.lines[1]) == {}
    deposit = office.payments.deposits()[0]
    assert (deposit.applied, deposit.unapplied) == (Money(9500), Money(2500))
    assert screen.deposit_model.rows[0].unapplied == Money(2500)  # unapplied money stays in sight
    assert "Left to apply: <b>$25.00</b>" in screen.remaining_label.text()

    from officebill.gui.ledger_view import LedgerDialog

    ledger = LedgerDialog(office, books.patient.id)
    qtbot.addWidget(ledger)
    assert ledger.balance_label.text() == "Patient owes $0.00 · insurance $20.00 · total $20.00"
    assert [e.kind for e, _ in ledger.model.rows].count(EntryKind.INSURANCE_PAYMENT) == 2
    assert ledger.model.rows[-1][1] == Money(2000)  # the running balance ends at what is owed


def test_the_amount_left_to_apply_follows_what_is_typed(qtbot, screen, books):
    assert "Left to apply: <b>$120.00</b> of $120.00" in screen.remaining_label.text()
    choose_claim_by_account(qtbot, screen, books.patient.account)
    type_into_focus(qtbot, "100")
    tab(qtbot)
    type_into_focus(qtbot, "80")
    assert "Left to apply: <b>$40.00</b>" in screen.remaining_label.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    tab(qtbot)
    type_into_focus(qtbot, "50")  # 80 + 50 is more than the deposit's 120
    assert "Left to apply: <b>-$10.00</b>" in screen.remaining_label.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Backspace)
    assert "Left to apply: <b>$35.00</b>" in screen.remaining_label.text()
    assert screen.has_unsaved_changes()  # typed, not posted: the window asks before closing


def test_a_refused_posting_shows_why_beside_the_field_and_posts_nothing(qtbot, screen, books):
    office = books.office
    before = snapshot(office)
    choose_claim_by_account(qtbot, screen, books.patient.account)
    type_into_focus(qtbot, "100")
    tab(qtbot)
    type_into_focus(qtbot, "80")
    tab(qtbot, 4)
    assert focused() is screen.grid.rows[0].adjustments[1].group
    tab(qtbot)
    type_into_focus(qtbot, "999")  # not a reason code
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    row = screen.grid.rows[0]
    qtbot.waitUntil(lambda: row.error.isVisible())
    assert "'999' is not a known reason code" in row.error.text()
    assert row.adjustments[1].reason.property("invalid") is True
    assert focused() is row.adjustments[1].reason
    assert screen.claim is not None  # what was typed stays to be fixed
    assert snapshot(office) == before


def test_a_deposit_that_does_not_balance_cannot_be_closed(qtbot, screen, books):
    qtbot.mouseClick(screen.close_button, Qt.MouseButton.LeftButton)
    assert "does not balance" in screen.deposit_error.text()
    assert office_deposit(books).closed is None


def office_deposit(books):
    return books.office.payments.deposits()[0]


def test_new_deposit_by_keys(qtbot, books):
    from officebill.gui.payments_view import PaymentsView

    view = PaymentsView(books.office)
    qtbot.addWidget(view)
    view.show()
    dialog = view.new_deposit()
    qtbot.waitExposed(dialog)
    number = dialog.form.fields["number"]
    number.setFocus()
    qtbot.keyClicks(number, "CHK 42")
    qtbot.keyClicks(dialog.form.fields["amount"], "-5")
    qtbot.keyClick(dialog.form.fields["amount"], Qt.Key.Key_Return)
    assert "more than 0.00" in dialog.form.error_text("amount")
    assert books.office.payments.deposits() == []
    dialog.form.fields["amount"].clear()
    qtbot.keyClicks(dialog.form.fields["amount"], "250")
    qtbot.keyClick(dialog.form.fields["amount"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.deposit is not None)
    assert (view.deposit.number, view.deposit.amount) == ("CHK 42", Money(25000))
