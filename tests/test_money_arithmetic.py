"""Ledger arithmetic (hypothesis): any sequence of postings and reversals keeps every balance equal to the
ledger sum and never loses a cent; refused actions change nothing."""
import shutil
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from officebill.billing.aging import totals
from officebill.core.ledger import EntryKind, Party
from officebill.core.money import Money
from officebill.core.problems import ValidationFailed
from officebill.office import Office

from .billing.money_office import TODAY, make_books, snapshot

cents = st.integers(min_value=1, max_value=30000)
action = st.one_of(
    st.tuples(st.just("insurance"), st.integers(0, 1), st.integers(0, 100), st.integers(0, 100),
              st.sampled_from(["45", "97", "253"]), st.sampled_from(["1", "2", "3"])),
    st.tuples(st.just("patient"), cents, st.sampled_from([None, "visit"])),
    st.tuples(st.just("reverse"), st.integers(0, 10_000)),
    st.tuples(st.just("write_off"), cents),
    st.tuples(st.just("refund"), cents),
    st.tuples(st.just("recharge"), st.integers(0, 1), st.integers(0, 40000)),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("money") / "template.db"
    make_books(path).office.close()
    return path


def _apply(office, books, deposit_id, step):
    """Run one action; refusals are fine (they must change nothing)."""
    kind, *args = step
    lines = books.lines
    if kind == "insurance":
        index, paid_pct, pr_pct, co_reason, pr_reason = args
        line = lines[index]
        owed = office.money.line_balances(line).get(Party.PRIMARY, Money(0)).cents
        paid = owed * paid_pct // 100
        pr = (owed - paid) * pr_pct // 100
        adjustments = [(g, r, Money(a)) for g, r, a in (("CO", co_reason, owed - paid - pr), ("PR", pr_reason, pr))
                       if a > 0]
        office.payments.post_insurance(deposit_id, books.claim_id, [(line, Money(paid), Money(paid), adjustments)],
                                       today=TODAY)
    elif kind == "patient":
        amount, where = args
        office.payments.patient_payment(books.patient.id, Money(amount), "cash",
                                        visit_id=books.visit.id if where else None, today=TODAY)
    elif kind == "reverse":
        entries = office.money.ledger(books.patient.id)
        office.money.reverse(entries[args[0] % len(entries)].id, today=TODAY)
    elif kind == "write_off":
        office.money.write_off(books.patient.id, Money(args[0]), "small_balance", today=TODAY)
    elif kind == "refund":
        office.money.refund(books.patient.id, Money(args[0]), "check", "77", today=TODAY)
    elif kind == "recharge":
        index, new_cents = args
        visit = office.visits.get(books.visit.id)
        from dataclasses import replace

        changed = [replace(line, charge=Money(new_cents)) if i == index else line for i, line in enumerate(visit.lines)]
        office.visits.save(replace(visit, lines=tuple(changed)), TODAY)


def _check(office, books, deposit_id):
    entries = office.money._stores.ledger.all()
    total = sum(e.amount.cents for e in entries)
    money = office.money
    # Every balance is the ledger sum, however it is cut.
    assert money.practice_balance().cents == total
    assert money.patient_balances(books.patient.id).total.cents == total  # one patient
    assert money.visit_balances(books.visit.id).total.cents == sum(e.amount.cents for e in entries if e.visit_id)
    for line in books.lines:
        assert sum(m.cents for m in money.line_balances(line).values()) == sum(
            e.amount.cents for e in entries if e.service_line_id == line)
    payers = sum(money.payer_balance(p).cents for p in (books.primary.payer_id, books.secondary.payer_id))
    assert payers == money.patient_balances(books.patient.id).insurance.cents
    aged = totals(money.aging("patient", TODAY))
    assert aged.total.cents + aged.credit.cents == total
    aged_payers = totals(money.aging("payer", TODAY))
    assert aged_payers.total.cents + aged_payers.credit.cents == total
    # Never a lost cent: the balance is charges + refunds - payments - adjustments - write-offs, by kind.
    originals = {e.id: e.kind for e in entries}
    by_kind = Counter()
    for e in entries:
        by_kind[originals[e.reverses_id] if e.kind is EntryKind.REVERSAL else e.kind] += e.amount.cents
    assert by_kind[EntryKind.TRANSFER] == 0
    assert sum(by_kind.values()) == total
    deposit = office.payments.deposit(deposit_id)
    assert deposit.applied.cents == -by_kind[EntryKind.INSURANCE_PAYMENT]
    assert deposit.applied + deposit.unapplied == deposit.amount and deposit.unapplied.cents >= 0
    # Each line's open balance belongs to at most one party.
    for line in books.lines:
        assert len([m for m in money.line_balances(line).values() if m.cents > 0]) <= 1
    assert money.verify() == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(action, max_size=12))
def test_any_sequence_of_postings_keeps_the_books_exact(template, tmp_path_factory, steps):
    path = tmp_path_factory.mktemp("run") / "office.db"
    shutil.copy(template, path)
    office = Office.open(path)
    try:
        from .billing.money_office import Books

        patient = office.patients.find("Rivera")[0]
        policies = office.patients.policies(patient.id)
        visit = office.visits.for_patient(patient.id)[0]
        claims = office.claims.for_visit(visit.id)
        books = Books(office, patient, policies[0], policies[1], visit, claims[0].id, claims[1].id)
        deposit = office.payments.new_deposit(books.primary.payer_id, "EFT1", TODAY, "300.00").value
        for step in steps:
            before = snapshot(office)
            try:
                _apply(office, books, deposit.id, step)
            except ValidationFailed:
                assert snapshot(office) == before
            _check(office, books, deposit.id)
    finally:
        office.close()
