"""The demo office's year of money: the books reconcile, every money status shows, and it is deterministic;
the demo payers' EOBs balance; the many-year office posts payments the books accept."""
from collections import Counter
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from officebill.billing.aging import BUCKETS, totals
from officebill.billing.balances import ClaimMoney
from officebill.core.ledger import EntryKind, Party
from officebill.core.money import Money
from officebill.demo import build_demo
from officebill.demo.money import TERMS, BilledLine, primary_eob, secondary_eob
from officebill.demo_years import build_years
from officebill.office import Office

from .conftest import DEMO_TODAY, DEMO_UNBILLED


def _entries(office) -> list:
    return [e for p in office.patients.find(limit=1000) for e in office.money.ledger(p.id)]


def test_the_demo_books_reconcile_and_show_every_kind_of_money(demo_office):
    office = demo_office
    assert office.money.verify() == []
    deposits = office.payments.deposits()
    assert len(deposits) > 100
    for deposit in deposits:  # each check balances, or shows what is still unapplied (and stays open)
        assert deposit.unapplied.cents >= 0
        assert (deposit.closed is not None) == (deposit.unapplied.cents == 0), deposit
    assert any(d.closed is None and d.unapplied.cents > 0 for d in deposits)
    statuses = Counter(office.money.claim_status(c.id) for c in office.claims.list())
    assert {ClaimMoney.BILLED, ClaimMoney.PARTLY_PAID, ClaimMoney.PAID, ClaimMoney.DENIED, ClaimMoney.CLOSED} <= set(
        statuses), statuses
    entries = _entries(office)
    assert all(e.posted < DEMO_TODAY for e in entries)
    reasons = {(e.group.value, e.reason) for e in entries if e.group is not None}
    assert {("CO", "45"), ("PR", "1"), ("PR", "2"), ("PR", "3"), ("CO", "253"), ("CO", "16"), ("CO", "97"),
            ("CO", "197")} <= reasons
    kinds = Counter(e.kind for e in entries)
    assert kinds[EntryKind.WRITE_OFF] >= 1 and kinds[EntryKind.REFUND] == 1 and kinds[EntryKind.REVERSAL] >= 1
    payments = [e for e in entries if e.kind is EntryKind.PATIENT_PAYMENT]
    assert {e.method.value for e in payments} == {"cash", "check", "card"}
    assert all(len(e.number) == 4 and e.number.isdigit() for e in payments if e.method.value == "card")
    assert any(e.note == "copay at check-in" and e.visit_id for e in payments)
    credits = [p.id for p in office.patients.find(limit=1000) if office.money.patient_balances(p.id).credit.cents]
    assert credits
    aging = totals(office.money.aging("payer", today=DEMO_TODAY))
    assert sum(1 for name in BUCKETS if aging.buckets[name].cents > 0) >= 3
    assert aging.total == office.money.practice_balance() - aging.credit


def test_the_demo_pays_secondary_claims_and_prints_statements(demo_office):
    office = demo_office
    secondary = [c for c in office.claims.list() if c.is_secondary]
    assert secondary and any(office.money.claim_status(c.id) in (ClaimMoney.PAID, ClaimMoney.CLOSED)
                             for c in secondary)
    assert any(e.kind is EntryKind.INSURANCE_PAYMENT and e.party is Party.SECONDARY and e.amount.cents
               for e in _entries(office))
    assert office.statements.runs()


def test_the_last_week_waits_for_claims_and_nothing_is_left_ready(demo_office):
    assert demo_office.claims.list(("ready",)) == []
    made = demo_office.claims.make(today=DEMO_TODAY).value.made
    assert len(made) == DEMO_UNBILLED
    assert min(c.visit.service_date for c in made) >= date(2026, 11, 23)


def test_the_demo_is_deterministic(demo_office_file, tmp_path, codes_db):
    (tmp_path / "codes.db").symlink_to(codes_db)
    with Office.create(tmp_path / "again.db") as again, Office.open(demo_office_file) as first:
        build_demo(again, today=DEMO_TODAY)
        fields = ("kind", "amount", "patient_id", "service_line_id", "party", "payer_id", "reason", "posted")
        assert [tuple(getattr(e, f) for f in fields) for e in _entries(again)] == \
               [tuple(getattr(e, f) for f in fields) for e in _entries(first)]
        assert [(d.number, d.amount, d.received) for d in again.payments.deposits()] == \
               [(d.number, d.amount, d.received) for d in first.payments.deposits()]


@settings(max_examples=200, deadline=None)
@given(charges=st.lists(st.integers(100, 90000), min_size=1, max_size=6), payer=st.sampled_from(sorted(TERMS)),
       copay=st.sampled_from([0, 2000, 4000]), left=st.integers(0, 100000), denial=st.sampled_from(["", "16"]),
       codes=st.lists(st.sampled_from(["99213", "36415", "20610", "99396", "83036"]), min_size=6, max_size=6))
def test_every_demo_eob_line_balances(charges, payer, copay, left, denial, codes):
    lines = [BilledLine(i + 1, codes[i], cents) for i, cents in enumerate(charges)]
    eob, after = primary_eob(lines, TERMS[payer], copay, left, denial)
    assert 0 <= after <= left
    for line, billed in zip(eob, lines):
        assert line.paid.cents >= 0 and all(a.amount.cents > 0 for a in line.adjustments)
        assert line.paid + Money.total(a.amount for a in line.adjustments) == Money(billed.charge)
    assert left - after == sum(a.amount.cents for line in eob for a in line.adjustments if a.reason == "1"
                               and a.group == "PR")
    for line, (line_id, owed, deductible) in zip(secondary_eob([(1, 5000, 1200), (2, 800, 0)]),
                                                 [(1, 5000, 1200), (2, 800, 0)]):
        assert line.service_line_id == line_id
        assert line.paid + Money.total(a.amount for a in line.adjustments) == Money(owed)


def test_the_many_year_office_posts_payments_the_books_accept(tmp_path, codes_db):
    (tmp_path / "codes.db").symlink_to(codes_db)
    with Office.create(tmp_path / "years.db") as office:
        made = build_years(office, years=1, patients=300, today=date(2026, 6, 1))
        assert made["eobs"] > 300 and made["deposits"] > 20 and made["patient payments"] > 100
        assert office.money.verify() == []
        statuses = Counter(office.money.claim_status(c.id) for c in office.claims.list(("printed",)))
        assert statuses[ClaimMoney.CLOSED] and statuses[ClaimMoney.BILLED] and statuses[ClaimMoney.PAID], statuses
        rows = office.money.aging("payer", today=date(2026, 6, 1))
        assert "patient" in {r.group for r in rows} and sum(1 for r in rows if r.group != "patient") >= 4
        patients = next(r for r in rows if r.group == "patient")
        assert patients.total.cents > -2 * patients.credit.cents  # credits are copays awaiting an EOB, not copays paid twice
        deposits = office.payments.deposits()
        assert all(d.closed and d.unapplied.cents == 0 for d in deposits)
        secondary = [c for c in office.claims.list(("printed",)) if c.is_secondary]
        assert any(office.money.claim_status(c.id) in (ClaimMoney.PAID, ClaimMoney.CLOSED) for c in secondary)
