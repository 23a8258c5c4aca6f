"""The books through the facade: charges with visits, append-only ledger, responsibility, deposits, refusals."""
import sqlite3
from dataclasses import replace

import pytest

from officebill.billing.balances import ClaimMoney
from officebill.core.ledger import EntryKind, Party
from officebill.core.money import Money
from officebill.core.problems import ValidationFailed
from officebill.core.records import ClaimStatus, VisitStatus
from officebill.office.changes import Area
from officebill.office.ledger_service import Balances

from .billing.money_office import DOS, TODAY, make_books, snapshot


@pytest.fixture
def books(tmp_path):
    made = make_books(tmp_path / "office.db")
    yield made
    made.office.close()


def _fields(caught):
    return {p.field for p in caught.value.problems}


def test_a_visit_save_posts_one_charge_per_line_to_the_primary(books):
    entries = books.office.money.ledger(books.patient.id)
    assert [(e.kind, e.amount.cents, e.party, e.payer_id) for e in entries] == [
        (EntryKind.CHARGE, 15000, Party.PRIMARY, books.primary.payer_id),
        (EntryKind.CHARGE, 2000, Party.PRIMARY, books.primary.payer_id)]
    assert [e.service_line_id for e in entries] == books.lines
    assert books.office.money.patient_balances(books.patient.id).insurance == Money(17000)
    assert books.office.money.verify() == []


def test_a_changed_line_is_reversed_and_charged_again_never_edited(books):
    office, visit = books.office, books.visit
    changed = replace(visit, lines=(replace(visit.lines[0], charge=Money(18000)),))  # second line removed
    outcome = office.visits.save(changed, TODAY)
    assert outcome.changes.touches(Area.MONEY)
    kinds = [(e.kind, e.amount.cents, e.reverses_id is not None) for e in office.money.ledger(books.patient.id)]
    assert kinds == [(EntryKind.CHARGE, 15000, False), (EntryKind.CHARGE, 2000, False),
                     (EntryKind.REVERSAL, -15000, True), (EntryKind.CHARGE, 18000, False),
                     (EntryKind.REVERSAL, -2000, True)]
    assert office.money.visit_balances(visit.id).total == Money(18000)
    # Saving it again unchanged posts nothing.
    assert not office.visits.save(office.visits.get(visit.id), TODAY).changes.touches(Area.MONEY)
    # Voiding the visit reverses what is left.
    office.visits.save(replace(office.visits.get(visit.id), status=VisitStatus.VOID), TODAY)
    assert office.money.visit_balances(visit.id).total == Money(0)
    assert office.money.verify() == []


def test_the_ledger_and_deposits_are_append_only_in_sql(books):
    conn = books.office.money._stores.ledger.db.conn
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        conn.execute("UPDATE ledger SET amount_cents = 1 WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
        conn.execute("DELETE FROM ledger")
    deposit = books.office.payments.new_deposit(books.primary.payer_id, "CHK1", TODAY, "50.00").value
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        conn.execute("UPDATE deposits SET amount_cents = 1 WHERE id = ?", [deposit.id])
    with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
        conn.execute("DELETE FROM deposits")
    with pytest.raises(sqlite3.IntegrityError):  # a second reversal of one entry
        conn.execute("INSERT INTO ledger (kind, amount_cents, patient_id, party, reverses_id, batch, posted) "
                     "VALUES ('reversal', -15000, 1, 'primary', 1, 99, '2026-01-01')")
        conn.execute("INSERT INTO ledger (kind, amount_cents, patient_id, party, reverses_id, batch, posted) "
                     "VALUES ('reversal', -15000, 1, 'primary', 1, 99, '2026-01-01')")
    conn.rollback()


def _primary_eob(books):
    first, second = books.lines
    return [(first, "100.00", "80.00", [("CO", "45", "50.00"), ("PR", "2", "20.00")]),
            (second, "10.00", "0.00", [("CO", "45", "10.00"), ("PR", "1", "10.00")])]


def test_responsibility_moves_primary_to_secondary_to_patient(books):
    office, (first, second) = books.office, books.lines
    deposit = office.payments.new_deposit(books.primary.payer_id, "EFT889", TODAY, "80.00").value
    assert office.money.claim_status(books.claim_id) is ClaimMoney.BILLED
    outcome = office.payments.post_insurance(deposit.id, books.claim_id, _primary_eob(books), today=TODAY)
    assert outcome.changes.touches(Area.MONEY)
    assert office.money.line_balances(first) == {Party.SECONDARY: Money(2000)}
    assert office.money.line_balances(second) == {Party.SECONDARY: Money(1000)}
    assert office.money.claim_status(books.claim_id) is ClaimMoney.PAID
    assert office.payments.deposit(deposit.id).unapplied == Money(0)
    # The secondary pays part of what is left; its PR moves to the patient.
    deposit2 = office.payments.new_deposit(books.secondary.payer_id, "CHK5512", TODAY, "15.00").value
    office.payments.post_insurance(deposit2.id, books.secondary_claim_id,
                                   [(first, "20.00", "15.00", [("PR", "2", "5.00")]),
                                    (second, "10.00", "0.00", [("PR", "1", "10.00")])], today=TODAY)
    assert office.money.line_balances(first) == {Party.PATIENT: Money(500)}
    balances = office.money.patient_balances(books.patient.id)
    assert (balances.insurance, balances.patient) == (Money(0), Money(1500))
    # The patient pays by card; the visit is settled and the claim closed.
    office.payments.patient_payment(books.patient.id, "15.00", "card", "4242", today=TODAY)
    assert office.money.patient_balances(books.patient.id).total == Money(0)
    assert office.money.claim_status(books.claim_id) is ClaimMoney.CLOSED
    assert office.money.payer_balance(books.primary.payer_id) == Money(0)
    assert office.money.practice_balance() == Money(0)
    assert office.money.verify() == []


def test_without_a_secondary_the_rest_goes_to_the_patient(books):
    office = books.office
    patient_only_secondary = replace(books.secondary, end=DOS.replace(year=2025))
    office.patients.save(books.patient, [books.primary, patient_only_secondary])
    deposit = office.payments.new_deposit(books.primary.payer_id, "EFT1", TODAY, "80.00").value
    office.payments.post_insurance(deposit.id, books.claim_id, _primary_eob(books), today=TODAY)
    assert office.money.line_balances(books.lines[0]) == {Party.PATIENT: Money(2000)}


def test_a_deposit_with_unapplied_money_is_applied_later_and_then_closes(books):
    office, (first, second) = books.office, books.lines
    deposit = office.payments.new_deposit(books.primary.payer_id, "CHK42", TODAY, "100.00").value
    office.payments.post_insurance(deposit.id, books.claim_id,
                                   [(first, "100.00", "80.00", [("CO", "45", "50.00"), ("PR", "2", "20.00")])],
                                   today=TODAY)
    held = office.payments.deposit(deposit.id)
    assert (held.applied, held.unapplied) == (Money(8000), Money(2000))
    assert held.applied + held.unapplied == held.amount
    with pytest.raises(ValidationFailed, match=r"\$20.00 is still unapplied"):
        office.payments.close_deposit(deposit.id, TODAY)
    assert office.money.claim_status(books.claim_id) is ClaimMoney.PARTLY_PAID
    office.payments.apply_unapplied(deposit.id, books.claim_id, [(second, "20.00", "20.00")], today=TODAY)
    assert office.payments.deposit(deposit.id).unapplied == Money(0)
    assert office.payments.close_deposit(deposit.id, TODAY).value.closed == TODAY
    # Reversing a payment puts its money back on the deposit (unapplied again), never lost.
    payment = next(e for e in office.money.ledger(books.patient.id)
                   if e.kind is EntryKind.INSURANCE_PAYMENT and e.service_line_id == second)
    office.money.reverse(payment.id, today=TODAY)
    assert office.payments.deposit(deposit.id).unapplied == Money(2000)
    assert office.money.line_balances(second) == {Party.PRIMARY: Money(2000)}
    assert office.money.verify() == []


def test_refused_postings_name_the_field_and_leave_the_books_as_they_were(books):
    office, (first, second) = books.office, books.lines
    deposit = office.payments.new_deposit(books.primary.payer_id, "CHK9", TODAY, "50.00").value
    before = snapshot(office)
    refusals = [
        ([(first, "150.00", "150.00", [("CO", "45", "1.00")])], "lines[0].paid"),  # more than the open balance
        ([(first, "0", "-5.00", [("CO", "45", "155.00")])], "lines[0].paid"),  # negative payment
        ([(first, "0", "0", [("CO", "999", "150.00")])], "lines[0].adjustments[0].reason"),  # unknown CARC
        ([(first, "150.00", "60.00", [("CO", "45", "90.00")])], "deposit_id"),  # more than the deposit holds
        ([(second, "0", "0", [("CO", "97", "20.00")]), (first, "0", "0")], "lines[1].adjustments"),  # 2nd bad
    ]
    for lines, field in refusals:
        with pytest.raises(ValidationFailed) as caught:
            office.payments.post_insurance(deposit.id, books.claim_id, lines, today=TODAY)
        assert field in _fields(caught), (lines, caught.value)
        assert snapshot(office) == before
    # A payment to a voided claim.
    office.claims.void(books.claim_id, today=TODAY)
    assert office.claims.get(books.claim_id).status is ClaimStatus.VOID
    with pytest.raises(ValidationFailed) as caught:
        office.payments.post_insurance(deposit.id, books.claim_id, [(first, "0", "0", [("CO", "97", "150.00")])])
    assert _fields(caught) == {"claim_id"}
    assert snapshot(office) == before
    # A claim billed to another payer (the secondary) cannot take this payer's deposit.
    with pytest.raises(ValidationFailed) as caught:
        office.payments.post_insurance(deposit.id, books.secondary_claim_id,
                                       [(first, "150.00", "50.00", [("CO", "45", "100.00")])])
    assert _fields(caught) == {"claim_id"}
    assert snapshot(office) == before


def test_a_payment_cannot_be_posted_twice(tmp_path):
    books = make_books(tmp_path / "twice.db")
    office, first = books.office, books.lines[0]
    deposit = office.payments.new_deposit(books.primary.payer_id, "CHK1", TODAY, "100.00").value
    good = [(first, "150.00", "50.00", [("CO", "45", "100.00")])]
    office.payments.post_insurance(deposit.id, books.claim_id, good, today=TODAY)
    before = snapshot(office)
    with pytest.raises(ValidationFailed, match="posted already") as caught:
        office.payments.post_insurance(deposit.id, books.claim_id, good, today=TODAY)
    assert _fields(caught) == {"lines[0].paid"}
    assert snapshot(office) == before
    office.close()


def test_patient_payments_refunds_write_offs_and_reversals(books):
    office, patient_id = books.office, books.patient.id
    before = snapshot(office)
    with pytest.raises(ValidationFailed) as caught:
        office.payments.patient_payment(patient_id, "25.00", "card", "4111111111111111", today=TODAY)
    assert _fields(caught) == {"number"}
    with pytest.raises(ValidationFailed) as caught:
        office.payments.patient_payment(patient_id, "-5.00", "cash", today=TODAY)
    assert _fields(caught) == {"amount"}
    assert snapshot(office) == before
    # A copay at check-in: nothing is the patient's yet, so it is a credit tied to the visit.
    made = office.payments.patient_payment(patient_id, "25.00", "check", "1045", visit_id=books.visit.id,
                                           today=TODAY).value
    assert [(e.visit_id, e.service_line_id, e.amount.cents) for e in made] == [(books.visit.id, None, -2500)]
    assert office.money.patient_balances(patient_id).credit == Money(2500)
    with pytest.raises(ValidationFailed) as caught:
        office.money.refund(patient_id, Money(2501), "check", "2001", today=TODAY)
    assert _fields(caught) == {"amount"}
    office.money.refund(patient_id, Money(1000), "check", "2001", today=TODAY)
    assert office.money.patient_balances(patient_id).credit == Money(1500)
    # Reversing the payment undoes it; reversing it again is refused, as is reversing a reversal.
    office.money.reverse(made[0].id, today=TODAY)
    assert office.money.patient_balances(patient_id).patient == Money(1000)  # the refund now owed back
    with pytest.raises(ValidationFailed, match="already reversed"):
        office.money.reverse(made[0].id)
    reversal = office.money.ledger(patient_id)[-1]
    with pytest.raises(ValidationFailed, match="is a reversal"):
        office.money.reverse(reversal.id)
    # Write-offs take only what the patient owes, with a known reason.
    with pytest.raises(ValidationFailed) as caught:
        office.money.write_off(patient_id, Money(500), "because")
    assert _fields(caught) == {"reason"}
    with pytest.raises(ValidationFailed) as caught:
        office.money.write_off(patient_id, Money(500), "small_balance")  # the patient owes on no line
    assert _fields(caught) == {"amount"}
    assert office.money.verify() == []


def test_patient_payments_go_to_the_oldest_visit_first(books):
    office = books.office
    from .billing.money_office import add_visit

    later = add_visit(office, books.patient.id, books.visit.provider_id, charges=(4000,), day=DOS.replace(month=4))
    with office.transaction():  # no insurance for these tests: move both visits to the patient directly
        for line in [*books.visit.lines, *later.lines]:
            for entry in office.money._stores.ledger.live_charges(line.id):
                office.money._stores.ledger.append([replace(entry, id=None, kind=EntryKind.TRANSFER,
                                                            amount=-entry.amount),
                                                    replace(entry, id=None, kind=EntryKind.TRANSFER,
                                                            party=Party.PATIENT, payer_id=None)])
    office.payments.patient_payment(books.patient.id, "160.00", "cash", today=TODAY)
    assert office.money.visit_balances(books.visit.id).patient == Money(1000)
    assert office.money.visit_balances(later.id).patient == Money(4000)
    office.payments.patient_payment(books.patient.id, "40.00", "cash", visit_id=later.id, today=TODAY)
    assert office.money.visit_balances(later.id).patient == Money(0)
    office.money.write_off(books.patient.id, Money(1000), "small_balance", today=TODAY)
    assert office.money.patient_balances(books.patient.id).total == Money(0)
    assert office.money.verify() == []


def test_a_copay_taken_at_check_in_pays_the_line_once_the_payer_leaves_it_to_the_patient(books):
    office, (first, second) = books.office, books.lines
    patient_only_secondary = replace(books.secondary, end=DOS.replace(year=2025))
    office.patients.save(books.patient, [books.primary, patient_only_secondary])
    office.payments.patient_payment(books.patient.id, "25.00", "card", "4242", visit_id=books.visit.id, today=DOS)
    assert office.money.patient_balances(books.patient.id).credit == Money(2500)  # nothing owed on a line yet
    deposit = office.payments.new_deposit(books.primary.payer_id, "EFT9", TODAY, "105.00").value
    office.payments.post_insurance(deposit.id, books.claim_id,
                                   [(first, "110.00", "85.00", [("CO", "45", "40.00"), ("PR", "3", "25.00")]),
                                    (second, "20.00", "20.00")], today=TODAY)
    # The copay now pays the line the payer left to the patient: no line owing beside a credit on the visit.
    assert office.money.line_balances(first) == {}
    assert office.money.patient_balances(books.patient.id) == Balances(insurance=Money(0), patient=Money(0))
    moved = [e for e in office.money.ledger(books.patient.id) if e.kind is EntryKind.TRANSFER
             and e.party is Party.PATIENT and e.group is None]
    assert sorted(e.amount.cents for e in moved) == [-2500, 2500]
    assert office.money.verify() == []
