"""The reads the money screens use: the payer's claims to post to, and a patient's balances in one sum."""
import pytest

from officebill.core.money import Money

from .billing.money_office import TODAY, make_books


@pytest.fixture
def books(tmp_path):
    made = make_books(tmp_path / "office.db")
    yield made
    made.office.close()


def test_claims_to_post_finds_a_payers_claims_by_account_name_or_number_owing_first(books):
    office = books.office
    payer_id = office.claims.get(books.claim_id).payer.id
    found = office.payments.claims_to_post(payer_id)
    assert [(row.id, owed) for row, owed in found] == [(books.claim_id, Money(17000))]
    for text in (books.patient.account, "riv", "Rivera, So", str(books.claim_id)):
        assert [row.id for row, _ in office.payments.claims_to_post(payer_id, text)] == [books.claim_id], text
    assert office.payments.claims_to_post(payer_id, "nobody") == []
    other_payer = office.claims.get(books.secondary_claim_id).payer.id
    assert [row.id for row, _ in office.payments.claims_to_post(other_payer)] == [books.secondary_claim_id]


def test_claims_to_post_shows_what_the_payer_still_owes(books):
    office = books.office
    payer_id = office.claims.get(books.claim_id).payer.id
    deposit = office.payments.new_deposit(payer_id, "CHK1", TODAY, "100.00").value
    office.payments.post_insurance(deposit.id, books.claim_id, [
        (books.lines[0], "100.00", "80.00", [("CO", "45", "50.00"), ("PR", "2", "20.00")]),
    ], today=TODAY)
    [(row, owed)] = office.payments.claims_to_post(payer_id)
    assert owed == Money(2000)  # the second line, not yet answered


def test_patient_balances_split_insurance_and_patient(books):
    office = books.office
    payer_id = office.claims.get(books.claim_id).payer.id
    deposit = office.payments.new_deposit(payer_id, "CHK1", TODAY, "100.00").value
    office.payments.post_insurance(deposit.id, books.claim_id, [
        (books.lines[0], "100.00", "80.00", [("CO", "45", "50.00"), ("PR", "2", "20.00")]),
    ], today=TODAY)
    balances = office.money.patient_balances(books.patient.id)
    assert (balances.insurance, balances.patient) == (Money(2000 + 2000), Money(0))  # PR moved to the secondary
    office.payments.patient_payment(books.patient.id, "30.00", "cash", today=TODAY)
    assert office.money.patient_balances(books.patient.id).credit == Money(3000)
