"""The kept open balances (migration 0009's trigger) equal the ledger's sums after any sequence of postings
and reversals through the facade (hypothesis), and aging read from them adds up to the practice balance."""
import tempfile
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from officebill.billing.aging import AR, totals
from officebill.core.money import Money
from officebill.core.problems import UserError

from .billing.money_office import TODAY, add_claim, add_patient, add_visit, make_books

ACTIONS = st.lists(st.one_of(
    st.tuples(st.just("visit"), st.integers(1, 3), st.integers(100, 30000)),
    st.tuples(st.just("eob"), st.integers(0, 5), st.integers(0, 100)),
    st.tuples(st.just("pay"), st.integers(0, 2), st.integers(1, 40000)),
    st.tuples(st.just("write_off"), st.integers(0, 2), st.integers(1, 5000)),
    st.tuples(st.just("refund"), st.integers(0, 2), st.integers(1, 5000)),
    st.tuples(st.just("reverse"), st.integers(0, 10_000), st.just(0)),
    st.tuples(st.just("recharge"), st.integers(0, 5), st.integers(0, 30000)),
), min_size=1, max_size=14)


def _ledger_sums(office) -> dict:
    sums = defaultdict(int)
    for patient in office.patients.find(limit=100):
        for e in office.money.ledger(patient.id):
            sums[(e.patient_id, e.visit_id or 0, e.party.value, e.payer_id or 0)] += e.amount.cents
    return {k: v for k, v in sums.items() if v}


def _kept(office) -> dict:
    rows = office.money._stores.ledger.db.execute(
        "SELECT patient_id, visit_id, party, payer_id, amount_cents FROM open_balances WHERE amount_cents != 0")
    return {tuple(r[:4]): r[4] for r in rows}


def _act(office, books, patients, visits, claims, action, step) -> None:
    kind, pick, amount = action
    day = TODAY + timedelta(days=step)
    if kind == "visit":
        patient = patients[pick % len(patients)]
        visit = add_visit(office, patient, books.visit.provider_id, charges=(amount, amount // 3 + 1)[:pick % 2 + 1],
                          day=date(2026, 1, 1) + timedelta(days=step * 5))
        visits.append(visit)
        if patient != patients[-1]:  # the last patient pays their own way: no claim
            claims.append(add_claim(office, visit))
    elif kind == "eob" and claims:
        claim = office.claims.get(claims[pick % len(claims)])
        rows = []
        for line in claim.lines:
            owed = office.money.line_balances(line.id)
            cents = sum(m.cents for p, m in owed.items() if p.value == "primary" and m.cents > 0)
            if cents:
                paid = cents * amount // 100
                rows.append((line.id, Money(cents).plain(), Money(paid).plain(),
                             [("PR", "2", Money(cents - paid).plain())] if cents - paid else []))
        if rows:
            total = Money.total(Money.parse(r[2]) for r in rows) + Money(100)
            deposit = office.payments.new_deposit(claim.payer.id, f"D{step}", day, total).value
            office.payments.post_insurance(deposit.id, claim.id, rows, today=day)
    elif kind == "pay":
        office.payments.patient_payment(patients[pick % len(patients)], Money(amount), "cash", today=day)
    elif kind == "write_off":  # mostly within what is owed, so that most are posted
        patient = patients[pick % len(patients)]
        owed = sum(line.owed.cents for line in office.money._open_patient_lines(patient, None))
        office.money.write_off(patient, Money(1 + amount % owed if owed > 0 else amount), "courtesy", today=day)
    elif kind == "refund":
        patient = patients[pick % len(patients)]
        credit = office.money.patient_balances(patient).credit.cents
        office.money.refund(patient, Money(1 + amount % credit if credit else amount), "check", "77", today=day)
    elif kind == "reverse":
        entries = [e for p in patients for e in office.money.ledger(p) if e.kind.value not in ("charge", "reversal")]
        if entries:
            office.money.reverse(entries[pick % len(entries)].id, today=day)
    elif kind == "recharge" and visits:
        visit = office.visits.get(visits[pick % len(visits)].id)
        office.visits.save(replace(visit, lines=(replace(visit.lines[0], charge=Money(amount)),) + visit.lines[1:]),
                           TODAY)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions=ACTIONS)
def test_open_balances_equal_the_ledger_after_any_postings_and_reversals(codes_db, actions):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "codes.db").symlink_to(codes_db)  # claims are built with the code database beside them
        books = make_books(Path(folder) / "office.db")
        office = books.office
        try:
            self_pay = office.patients.save(replace(books.patient, id=None, account="", last_name="Cash"),
                                            []).value[0]
            other, _ = add_patient(office, books.primary.payer_id, None, last="Other")
            patients = [books.patient.id, other.id, self_pay.id]
            visits, claims = [books.visit], [books.claim_id]
            for step, action in enumerate(actions):
                try:
                    _act(office, books, patients, visits, claims, action, step)
                except UserError:  # refused (more than owed, nothing to reverse...): the books are unchanged
                    pass
            assert _kept(office) == _ledger_sums(office)
            assert office.money.verify() == []
            rows = office.money.aging("payer", TODAY + timedelta(days=60), "billed", AR)
            whole = totals(rows, AR)
            assert whole.total + whole.credit == office.money.practice_balance()
        finally:
            office.close()


def test_the_migration_fills_open_balances_from_an_existing_ledger(tmp_path):
    """Migration 0009 on a file whose ledger and printed claims came first: the same balances and days as
    the triggers keep (run again here on a finished office, its objects dropped first)."""
    import sqlite3

    from officebill.core.records import ClaimStatus
    from officebill.storage.database import split_script
    from officebill.storage.migrations import MIGRATIONS

    books = make_books(tmp_path / "office.db")
    office = books.office
    stores = office.claims._stores
    with office.transaction():
        stores.claims.set_status(stores.claims.get(books.claim_id), ClaimStatus.PRINTED, printed=date(2026, 4, 20))
    office.payments.patient_payment(books.patient.id, Money(2500), "cash", today=TODAY)  # a credit, no visit
    kept = office.money._stores.ledger.db.execute("SELECT * FROM open_balances ORDER BY 1, 2, 3, 4").fetchall()
    office.close()
    conn = sqlite3.connect(tmp_path / "office.db", isolation_level=None)
    for kind, name in conn.execute("SELECT type, name FROM sqlite_master WHERE name IN ('open_balances', "
                                   "'ledger_posted', 'ledger_keeps_open_balances', 'claims_first_billed', "
                                   "'claims_first_billed_insert', 'statements_first_billed')").fetchall():
        conn.execute(f"DROP {kind.upper()} {name}")
    script = dict(MIGRATIONS)["0009_open_balances"]
    for statement in split_script(script):
        conn.execute(statement)
    assert conn.execute("SELECT * FROM open_balances ORDER BY 1, 2, 3, 4").fetchall() == kept
    assert [r for r in kept if r[2] == "primary"][0][6] == "2026-04-20"  # billed, from the printed claim
    conn.close()
