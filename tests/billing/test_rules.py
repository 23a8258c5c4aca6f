"""The books' pure rules: aging buckets, responsibility, posting checks, tenders, allocation, claim status."""
from datetime import date

import pytest

from officebill.billing.aging import OpenItem, age, bucket_of, totals
from officebill.billing.balances import ClaimMoney, claim_money_status, holder
from officebill.billing.posting import LineContext, OpenLine, allocate, eob_line_problems
from officebill.billing.responsibility import first_party, next_party
from officebill.core.ledger import Adjustment, EntryKind, EobLine, GroupCode, LedgerEntry, Party, tender_problems
from officebill.core.money import Money
from officebill.core.records import Policy

DOS = date(2026, 3, 2)


@pytest.mark.parametrize(("days", "bucket"), [(0, "current"), (30, "current"), (31, "31-60"), (60, "31-60"),
                                              (61, "61-90"), (90, "61-90"), (91, "over 90"), (2000, "over 90")])
def test_aging_buckets_count_days_from_the_date_of_service(days, bucket):
    assert bucket_of(date(2026, 1, 1), date.fromordinal(date(2026, 1, 1).toordinal() + days)) == bucket


def test_credits_are_listed_apart_never_netted_into_buckets():
    today = date(2026, 6, 1)
    rows = age([OpenItem("a", date(2026, 1, 1), Money(5000)), OpenItem("a", date(2026, 5, 20), Money(-2000)),
                OpenItem("b", date(2026, 5, 1), Money(1000)), OpenItem("c", date(2026, 5, 1), Money(0))], today)
    by = {row.group: row for row in rows}
    assert set(by) == {"a", "b"}
    assert by["a"].buckets["over 90"] == Money(5000) and by["a"].total == Money(5000)
    assert by["a"].credit == Money(-2000)
    assert by["b"].buckets["31-60"] == Money(1000)
    total = totals(rows)
    assert total.total == Money(6000) and total.credit == Money(-2000)


def _policies(secondary_end=None):
    return [Policy(id=1, payer_id=10, priority=1), Policy(id=2, payer_id=20, priority=2, end=secondary_end),
            Policy(id=3, payer_id=30, priority=3, effective=date(2027, 1, 1))]


def test_responsibility_moves_primary_secondary_patient_by_policies_on_the_date_of_service():
    assert first_party(_policies(), DOS) == (Party.PRIMARY, 10)
    assert next_party(Party.PRIMARY, _policies(), DOS) == (Party.SECONDARY, 20)
    # The tertiary starts later: after the secondary the patient owes.
    assert next_party(Party.SECONDARY, _policies(), DOS) == (Party.PATIENT, None)
    # A secondary that ended before the date of service is skipped.
    assert next_party(Party.PRIMARY, _policies(secondary_end=date(2026, 1, 1)), DOS) == (Party.PATIENT, None)
    assert first_party([], DOS) == (Party.PATIENT, None)
    assert next_party(Party.PATIENT, _policies(), DOS) == (Party.PATIENT, None)


def _context(open_cents=10000):
    return LineContext(7, 1, 1, DOS, Money(open_cents))


def _fields(line, context=None, open_cents=10000):
    return {p.field for p in eob_line_problems(line, 0, context or _context(open_cents), Party.PRIMARY)}


def test_a_balanced_eob_line_passes():
    line = EobLine(7, Money(8000), Money(6400), (Adjustment("CO", "45", Money(2000)), Adjustment("PR", "2", Money(1600))))
    assert _fields(line) == set()


@pytest.mark.parametrize(("line", "field"), [
    (EobLine(7, Money(0), Money(-100), (Adjustment("CO", "45", Money(10100)),)), "lines[0].paid"),
    (EobLine(7, Money(-1), Money(10000)), "lines[0].allowed"),
    (EobLine(7, Money(0), Money(0), (Adjustment("CO", "9999", Money(10000)),)), "lines[0].adjustments[0].reason"),
    (EobLine(7, Money(0), Money(0), (Adjustment("XX", "45", Money(10000)),)), "lines[0].adjustments[0].group"),
    (EobLine(7, Money(0), Money(10100), (Adjustment("CO", "45", Money(-100)),)), "lines[0].adjustments[0].amount"),
    (EobLine(7, Money(9000), Money(9000), (Adjustment("CO", "45", Money(1001)),)), "lines[0].paid"),  # over
    (EobLine(7, Money(9000), Money(9000)), "lines[0].adjustments"),  # $10.00 unaccounted for
])
def test_bad_eob_lines_are_refused_naming_the_field(line, field):
    assert field in _fields(line)


def test_nothing_open_is_refused_as_a_double_posting():
    problems = eob_line_problems(EobLine(7, Money(100), Money(100)), 0, _context(0), Party.PRIMARY)
    assert problems and "posted already" in problems[0].message


def test_a_line_not_on_the_claim_is_refused():
    assert {p.field for p in eob_line_problems(EobLine(7, Money(0), Money(0)), 2, None, Party.PRIMARY)} == {
        "lines[2].service_line_id"}


@pytest.mark.parametrize("number", ["4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111",
                                    "41111", "x4111111111111111x", "1234 5"])
def test_a_full_card_number_is_refused(number):
    problems = tender_problems("card", number)
    assert [p.field for p in problems] == ["number"] and "Never enter a full card number" in problems[0].message


def test_tenders():
    assert tender_problems("card", "4242") == []
    assert tender_problems("card", "") != []
    assert tender_problems("check", "1045") == []
    assert tender_problems("check", "") != []
    assert tender_problems("cash", "") == []
    assert [p.field for p in tender_problems("bitcoin", "")] == ["method"]


def test_payments_are_applied_oldest_first_and_the_rest_is_left_over():
    lines = [OpenLine(3, 2, date(2026, 2, 1), Money(500)), OpenLine(1, 1, date(2026, 1, 1), Money(1000)),
             OpenLine(2, 1, date(2026, 1, 1), Money(300))]
    applied, left = allocate(Money(1500), lines)
    assert [(line.service_line_id, take.cents) for line, take in applied] == [(1, 1000), (2, 300), (3, 200)]
    assert left == Money(0)
    applied, left = allocate(Money(2000), lines)
    assert left == Money(200) and sum(t.cents for _, t in applied) == 1800


def _e(entry_id, kind, cents, line=1, party=Party.PRIMARY, claim=None, group=None, reverses=None):
    return LedgerEntry(id=entry_id, kind=kind, amount=Money(cents), service_line_id=line, party=party,
                       claim_id=claim, group=group, reverses_id=reverses)


def test_claim_money_status_follows_the_ledger():
    charge = [_e(1, EntryKind.CHARGE, 10000), _e(2, EntryKind.CHARGE, 5000, line=2)]
    assert claim_money_status([1, 2], [], charge) is ClaimMoney.BILLED
    paid1 = [_e(3, EntryKind.INSURANCE_PAYMENT, -8000, claim=9), _e(4, EntryKind.ADJUSTMENT, -2000, claim=9)]
    assert claim_money_status([1, 2], paid1, charge + paid1) is ClaimMoney.PARTLY_PAID
    moved = [_e(5, EntryKind.INSURANCE_PAYMENT, 0, line=2, claim=9),
             _e(6, EntryKind.TRANSFER, -5000, line=2, claim=9, group=GroupCode.PR),
             _e(7, EntryKind.TRANSFER, 5000, line=2, claim=9, group=GroupCode.PR, party=Party.PATIENT)]
    assert claim_money_status([1, 2], paid1 + moved, charge + paid1 + moved) is ClaimMoney.PAID
    assert holder(charge[1:] + moved) is Party.PATIENT
    patient = [_e(8, EntryKind.PATIENT_PAYMENT, -5000, line=2, party=Party.PATIENT)]
    assert claim_money_status([1, 2], paid1 + moved, charge + paid1 + moved + patient) is ClaimMoney.CLOSED
    denied = [_e(3, EntryKind.INSURANCE_PAYMENT, 0, claim=9), _e(4, EntryKind.ADJUSTMENT, -10000, claim=9)]
    assert claim_money_status([1], denied, charge[:1] + denied) is ClaimMoney.DENIED  # written off, still denied
    assert claim_money_status([1], denied[:1], charge[:1] + denied[:1]) is ClaimMoney.DENIED
    # A reversed payment no longer answers the line.
    undone = [*paid1, _e(10, EntryKind.REVERSAL, 8000, claim=9, reverses=3),
              _e(11, EntryKind.REVERSAL, 2000, claim=9, reverses=4)]
    assert claim_money_status([1], undone, charge[:1] + undone) is ClaimMoney.BILLED
    assert claim_money_status([1], [], charge, void=True) is ClaimMoney.VOID
