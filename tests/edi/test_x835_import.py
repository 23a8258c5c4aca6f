"""835 round trips through the books: claims made through the facade, an 835 written here answering them
(paid, partly paid with deductible and coinsurance, secondary, denied, reversed and corrected), imported,
and every balance checked; re-imports refused, dry runs writing nothing, the work list resolved."""
from __future__ import annotations

from datetime import date

import pytest

from officebill.core.ledger import Party
from officebill.core.money import Money
from officebill.core.problems import ValidationFailed
from officebill.demo import PAYERS

from ..billing.money_office import add_claim, add_visit
from .era_files import Clp, Svc, answer, era
from .remit_office import TODAY, books_state, claim_of, write

PRAIRIE = PAYERS[3]

def another_claim(books, charges=(10000, 3000)):
    visit = add_visit(books.office, books.patient.id, books.visit.provider_id, charges=charges, day=date(2026, 3, 9))
    return claim_of(books, add_claim(books.office, visit))


def owed(books, line_id) -> dict:
    return books.office.money.line_balances(line_id)


def test_partly_paid_with_deductible_and_coinsurance_then_the_secondary(books, tmp_path):
    office, claim = books.office, claim_of(books)
    line1, line2 = books.lines
    first = answer(claim, [(64, [("CO", "45", 50), ("PR", "1", 20), ("PR", "2", 16)]), (10, [("CO", "45", 10)])],
                   payer_claim="ICN-7")
    summary = office.remittances.import_835(write(tmp_path, era([first])), today=TODAY).value
    assert (summary.count("paid"), summary.count("denied"), summary.count("unmatched")) == (1, 0, 0)
    assert (summary.total("paid"), summary.total("adjusted"), summary.total("patient")) == (
        Money(7400), Money(6000), Money(3600))
    assert owed(books, line1) == {Party.SECONDARY: Money(3600)}
    assert owed(books, line2) == {}
    deposit = office.payments.deposit(summary.deposit_id)
    assert (deposit.amount, deposit.applied, deposit.unapplied, deposit.number) == (
        Money(7400), Money(7400), Money(0), "EFT20260401")
    assert office.money.claim_status(books.claim_id).value == "paid"
    assert office.claims.payer_claim_number(books.claim_id) == "ICN-7"
    line_entries = office.money._stores.ledger.for_line(line1)
    assert {e.allowed for e in line_entries if e.kind.value == "insurance_payment"} == {Money(10000)}

    # The secondary (Prairie) answers its claim: OA-23 is the primary's part, PR-2 goes to the patient.
    secondary = claim_of(books, books.secondary_claim_id)
    second = answer(secondary, [(30, [("OA", "23", 114), ("PR", "2", 6)]), (0, [("OA", "23", 20)])],
                    status="2")
    second.lines = second.lines[:1]
    second.charge, second.paid = Money(15000), Money(3000)
    text = era([second], trace="CHK5521", payer_name=PRAIRIE.name.upper(), payer_id=PRAIRIE.payer_id)
    summary = office.remittances.import_835(write(tmp_path, text, "second.835"), today=TODAY).value
    assert summary.count("paid") == 1, summary
    assert owed(books, line1) == {Party.PATIENT: Money(600)}
    assert office.money.patient_balances(books.patient.id).patient == Money(600)
    assert office.money.verify() == []


def test_denied_claim_is_written_off_or_moved_to_the_patient(books, tmp_path):
    office = books.office
    other = another_claim(books)
    denied = answer(other, [(0, [("CO", "50", 100)]), (0, [("PR", "204", 30)])], status="4")
    summary = office.remittances.import_835(write(tmp_path, era([denied], total=0)), today=TODAY).value
    assert summary.count("denied") == 1 and summary.amount == Money(0)
    first, second = (line.id for line in other.lines)
    assert owed(books, first) == {} and owed(books, second) == {Party.SECONDARY: Money(3000)}  # the next party
    assert office.money.claim_status(other.id).value == "paid"  # PR moved on: the payer answered with a result
    assert summary.deposit_id is None and summary.unapplied == Money(0)  # no money came: no deposit
    # as after a paper EOB, the claim to the secondary payer (Prairie) is made for the line standing with it
    follow = [c for c in office.claims.for_visit(other.visit.id) if c.id != other.id]
    assert [(c.payer.name, c.status.value) for c in follow] == [(PRAIRIE.name, c.status.value) for c in follow]
    assert len(follow) == 1 and follow[0].status.value != "sent"


def test_a_claim_the_payer_forwarded_is_recorded_as_sent_to_the_next_payer(books, tmp_path):
    office = books.office
    other = another_claim(books)
    forwarded = answer(other, [(60, [("CO", "45", 20), ("PR", "2", 20)]), (30, [])], status="19")
    office.remittances.import_835(write(tmp_path, era([forwarded])), today=TODAY)
    (follow,) = [c for c in office.claims.for_visit(other.visit.id) if c.id != other.id]
    assert follow.payer.name == PRAIRIE.name and follow.status.value == "sent"


def test_reversal_undoes_the_earlier_posting_and_the_correction_follows(books, tmp_path):
    office, claim = books.office, claim_of(books)
    line1, line2 = books.lines
    paid = answer(claim, [(100, [("CO", "45", 50)]), (20, [])])
    first = office.remittances.import_835(write(tmp_path, era([paid], trace="EFT1")), today=TODAY).value
    assert owed(books, line1) == {} and owed(books, line2) == {}
    # The payer takes it back and pays again at its new fee: one file, correction then reversal (BPR = 10).
    reversal = answer(claim, [(100, [("CO", "45", 50)]), (20, [])], status="22")
    corrected = answer(claim, [(110, [("CO", "45", 40)]), (20, [])], payer_claim="ICN-8")
    second = office.remittances.import_835(write(tmp_path, era([corrected, reversal], trace="EFT2"), "b.835"),
                                           today=TODAY).value
    assert sorted(r.outcome for r in second.results) == ["paid", "reversed"]
    assert second.amount == Money(-12000 + 13000)
    assert owed(books, line1) == {} and owed(books, line2) == {}
    payments = [e for e in office.money._stores.ledger.for_claim(claim.id) if e.kind.value == "insurance_payment"]
    assert len(payments) == 4  # the first two, reversed (not a second posting on top), and the corrected two
    old, new = office.payments.deposit(first.deposit_id), office.payments.deposit(second.deposit_id)
    assert (old.applied, old.adjustments, old.unapplied) == (Money(0), Money(12000), Money(0))
    assert (new.applied, new.adjustments, new.unapplied) == (Money(13000), Money(-12000), Money(0))
    assert office.money.verify() == []


def test_line_control_dropped_falls_back_to_procedure_and_date(books, tmp_path):
    office, claim = books.office, claim_of(books)
    clp = answer(claim, [(100, [("CO", "45", 50)]), (20, [])], drop_line_control=True)
    clp.lines.reverse()  # in another order than billed, and without REF*6R
    summary = office.remittances.import_835(write(tmp_path, era([clp])), today=TODAY).value
    assert summary.count("paid") == 1
    assert owed(books, books.lines[0]) == {} and owed(books, books.lines[1]) == {}


def test_reimport_is_refused_naming_the_earlier_one_and_posts_nothing(books, tmp_path):
    office, claim = books.office, claim_of(books)
    path = write(tmp_path, era([answer(claim, [(100, [("CO", "45", 50)]), (20, [])])]))
    office.remittances.import_835(path, today=TODAY)
    before = books_state(office)
    with pytest.raises(ValidationFailed) as refused:
        office.remittances.import_835(write(tmp_path, path.read_text(), "copy.835"), today=TODAY)
    assert "era.835" in str(refused.value) and "imported before" in str(refused.value)
    assert books_state(office) == before
    with pytest.raises(ValidationFailed):
        office.remittances.import_835(path, dry_run=True, today=TODAY)


def test_dry_run_shows_the_postings_and_writes_nothing(books, tmp_path):
    office, claim = books.office, claim_of(books)
    before = books_state(office)
    text = era([answer(claim, [(100, [("CO", "45", 50)]), (20, [])]), Clp("ZZ9C999", 40, 40, lines=[])])
    outcome = office.remittances.import_835(write(tmp_path, text), dry_run=True, today=TODAY)
    assert outcome.value.dry_run and not outcome.changes
    assert [r.outcome for r in outcome.value.results] == ["paid", "unmatched"]
    assert outcome.value.unapplied == Money(4000)
    assert books_state(office) == before


def test_unmatched_and_unfitting_claims_go_to_the_work_list_and_are_resolved(books, tmp_path):
    office, claim = books.office, claim_of(books)
    other = another_claim(books)
    wrong_amounts = answer(other, [(90, [("CO", "45", 10)]), (30, [])])
    wrong_amounts.lines[0].charge = Money(12000)  # the payer's charge is not ours: paid + adjusted != owed
    wrong_amounts.lines[0].paid = Money(11000)
    wrong_amounts.charge, wrong_amounts.paid = Money(15000), Money(14000)
    stranger = Clp("B77C9999", 50, 50, lines=[Svc("99212", 50, 50, date(2026, 3, 2))])
    good = answer(claim, [(100, [("CO", "45", 50)]), (20, [])])
    summary = office.remittances.import_835(write(tmp_path, era([stranger, good, wrong_amounts])), today=TODAY).value
    assert [r.outcome for r in summary.results] == ["unmatched", "paid", "unmatched"]
    deposit = office.payments.deposit(summary.deposit_id)
    assert deposit.unapplied == Money(5000 + 14000)
    items = office.remittances.work()
    assert [i.control for i in items] == ["B77C9999", wrong_amounts.control]
    assert "no claim has the control number" in items[0].problem
    assert items[1].payment.paid == Money(14000)
    with pytest.raises(ValidationFailed):
        office.remittances.resolve(items[0].id, claim_id=other.id, today=TODAY)  # does not fit: refused
    with pytest.raises(ValidationFailed):
        office.remittances.resolve(items[0].id, today=TODAY)  # handled needs a note
    office.remittances.resolve(items[0].id, note="not our patient; returned to the payer", today=TODAY)
    assert [i.id for i in office.remittances.work()] == [items[1].id]
    done = office.remittances.work(open_only=False)[0]
    assert done.resolved == TODAY and "returned" in done.resolution


def test_resolve_posts_to_the_chosen_claim(books, tmp_path):
    office, claim = books.office, claim_of(books)
    clp = answer(claim, [(100, [("CO", "45", 50)]), (20, [])])
    clp.control = "TYPO1"
    summary = office.remittances.import_835(write(tmp_path, era([clp])), today=TODAY).value
    item = office.remittances.work()[0]
    office.remittances.resolve(item.id, claim_id=claim.id, today=TODAY)
    assert owed(books, books.lines[0]) == {} and owed(books, books.lines[1]) == {}
    assert office.payments.deposit(summary.deposit_id).unapplied == Money(0)
    assert office.remittances.work() == []
    with pytest.raises(ValidationFailed):
        office.remittances.resolve(item.id, claim_id=claim.id, today=TODAY)


def test_provider_adjustments_are_kept_on_the_deposit(books, tmp_path):
    office, claim = books.office, claim_of(books)
    text = era([answer(claim, [(100, [("CO", "45", 50)]), (20, [])])], plb=[("L6", "INTEREST", -2.5),
                                                                           ("WO", "ICN-1", 40)])
    summary = office.remittances.import_835(write(tmp_path, text), today=TODAY).value
    deposit = office.payments.deposit(summary.deposit_id)
    assert deposit.amount == Money(12000 + 250 - 4000)
    assert office.money._stores.deposits.adjustments(deposit.id) == [("L6", "INTEREST", Money(250)),
                                                                      ("WO", "ICN-1", Money(-4000))]
    assert deposit.applied + deposit.adjustments + deposit.unapplied == deposit.amount
    assert deposit.unapplied == Money(0)
    office.payments.close_deposit(deposit.id, TODAY)


def test_another_practices_file_and_an_unknown_payer_are_refused(books, tmp_path):
    office, claim = books.office, claim_of(books)
    clp = answer(claim, [(100, [("CO", "45", 50)]), (20, [])])
    before = books_state(office)
    with pytest.raises(ValidationFailed) as other_practice:
        office.remittances.import_835(write(tmp_path, era([clp], npi="1093817465", tin="")), today=TODAY)
    assert "N1*PE (line" in str(other_practice.value) and "another practice" in str(other_practice.value)
    with pytest.raises(ValidationFailed) as tin:
        office.remittances.import_835(write(tmp_path, era([clp], npi="", tin="999999999")), today=TODAY)
    assert "another practice" in str(tin.value)
    with pytest.raises(ValidationFailed) as unknown:
        office.remittances.import_835(write(tmp_path, era([clp], payer_name="NOBODY", payer_id="X1")), today=TODAY)
    assert "Setup > Payers" in str(unknown.value)
    assert books_state(office) == before


def test_a_claim_billed_to_another_payer_is_not_posted(books, tmp_path):
    office = books.office
    secondary = claim_of(books, books.secondary_claim_id)  # billed to Prairie, answered by Blue Cross
    clp = answer(secondary, [(100, [("CO", "45", 50)]), (20, [])], status="2")
    summary = office.remittances.import_835(write(tmp_path, era([clp])), today=TODAY).value
    assert summary.count("unmatched") == 1 and "billed to Prairie" in summary.results[0].note
