"""An office with money for the money screens' tests: one patient whose primary paid, whose secondary paid
part, and who owes 15.00 (the `money_office` books with both EOBs posted)."""
from __future__ import annotations

import pytest

from tests.billing.money_office import TODAY, make_books


@pytest.fixture
def books(qtbot, tmp_path):
    made = make_books(tmp_path / "office.db")
    office = made.office
    payer_id = office.claims.get(made.claim_id).payer.id
    deposit = office.payments.new_deposit(payer_id, "EFT1", TODAY, "100.00").value
    office.payments.post_insurance(deposit.id, made.claim_id, [
        (made.lines[0], "100.00", "80.00", [("CO", "45", "50.00"), ("PR", "2", "20.00")]),
        (made.lines[1], "20.00", "20.00"),
    ], today=TODAY)
    secondary = office.claims.get(made.secondary_claim_id).payer.id
    deposit = office.payments.new_deposit(secondary, "EFT2", TODAY, "5.00").value
    office.payments.post_insurance(deposit.id, made.secondary_claim_id, [
        (made.lines[0], "20.00", "5.00", [("PR", "1", "15.00")])], today=TODAY)  # the patient owes 15.00
    yield made
    from officebill.gui import background

    qtbot.waitUntil(lambda: not background._running, timeout=60_000)
    office.close()
