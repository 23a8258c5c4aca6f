"""Statement and receipt rules (records in, records out) and their PDFs read back with pdfplumber."""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

import pdfplumber
from hypothesis import given, settings
from hypothesis import strategies as st

from officebill.billing.receipts import batch_problems, build_receipt
from officebill.billing.statements import (
    MAX_ROWS,
    Candidate,
    build_statement,
    describe,
    fold,
    guarantor_name,
    is_due,
    mailing_problem,
    settings_problems,
    statement_aging,
    visit_rows,
)
from officebill.core.ledger import EntryKind, LedgerEntry, Party, PaymentMethod
from officebill.core.money import Money
from officebill.core.records import Address, Patient, Practice, ServiceLine, Visit
from officebill.core.statements import (
    CREDIT_MESSAGE,
    StatementMessages,
    StatementSettings,
    StatementVisit,
)
from officebill.documents.receipt_pdf import render_receipt
from officebill.documents.statement_pdf import ADDRESS_WINDOW, RETURN_WINDOW, render_statements

TODAY = date(2026, 4, 15)
PRACTICE = Practice(name="Maple Street Family Medicine", phone="(217) 555-0142",
                    address=Address(line1="120 Maple St", line2="Suite 200", city="Springfield", state="IL",
                                    zip="62701"))
PATIENT = Patient(id=7, account="A1007", last_name="Rivera", first_name="Sofia", middle="Marie",
                  dob=date(1960, 3, 4), address=Address(line1="78 Elm Ct", line2="Apt 4", city="Springfield",
                                                        state="IL", zip="62704"))
LABELS = {"99213": "Established patient visit, low complexity", "36415": "Blood draw by venipuncture"}


def _visit(visit_id: int, day: date, codes=("99213", "36415")) -> Visit:
    return Visit(id=visit_id, patient_id=7, service_date=day,
                 lines=tuple(ServiceLine(id=visit_id * 10 + i, code=c) for i, c in enumerate(codes)))


class Books:
    """Ledger entries made the way the facade makes them (ids and batches in order)."""

    def __init__(self):
        self.entries: list[LedgerEntry] = []

    def post(self, *made: LedgerEntry) -> list[LedgerEntry]:
        batch = len(self.entries) + 1
        saved = [replace(e, id=batch + i, batch=batch, patient_id=7) for i, e in enumerate(made)]
        self.entries += saved
        return saved

    def charge(self, visit: Visit, cents: int, party=Party.PRIMARY, line: int = 0):
        return self.post(LedgerEntry(kind=EntryKind.CHARGE, amount=Money(cents), visit_id=visit.id,
                                     service_line_id=visit.lines[line].id, service_date=visit.service_date,
                                     party=party, payer_id=None if party is Party.PATIENT else 3))[0]

    def line(self, visit: Visit, kind: EntryKind, cents: int, party=Party.PATIENT, line: int = 0, **more):
        return self.post(LedgerEntry(kind=kind, amount=Money(cents), visit_id=visit.id,
                                     service_line_id=visit.lines[line].id, service_date=visit.service_date,
                                     party=party, payer_id=None if party is Party.PATIENT else 3, **more))

    def transfer(self, visit: Visit, cents: int, line: int = 0):
        base = dict(visit_id=visit.id, service_line_id=visit.lines[line].id, service_date=visit.service_date)
        return self.post(LedgerEntry(kind=EntryKind.TRANSFER, amount=Money(-cents), party=Party.PRIMARY, payer_id=3,
                                     **base),
                         LedgerEntry(kind=EntryKind.TRANSFER, amount=Money(cents), party=Party.PATIENT, **base))

    def reverse(self, entry: LedgerEntry):
        return self.post(entry.reversed_by(TODAY))

    def patient_balance(self) -> Money:
        return Money.total(e.amount for e in self.entries if e.party is Party.PATIENT)


# ---------------------------------------------------------------------------------- the rows
def test_a_visit_row_splits_the_ledger_into_the_statement_columns_and_adds_up():
    visit = _visit(1, date(2026, 3, 2))
    books = Books()
    books.charge(visit, 15000)
    books.charge(visit, 2000, line=1)
    books.line(visit, EntryKind.INSURANCE_PAYMENT, -9000, Party.PRIMARY)
    books.line(visit, EntryKind.ADJUSTMENT, -4000, Party.PRIMARY)
    books.transfer(visit, 2000)  # PR-2 coinsurance moves to the patient
    books.line(visit, EntryKind.PATIENT_PAYMENT, -500, method=PaymentMethod.CASH)
    wrong = books.line(visit, EntryKind.PATIENT_PAYMENT, -700, method=PaymentMethod.CASH)[0]
    books.reverse(wrong)  # a reversed payment counts for nothing
    books.line(visit, EntryKind.WRITE_OFF, -300, reason="courtesy")

    [row] = visit_rows(books.entries, {1: visit}, LABELS)
    assert (row.charges, row.insurance_paid, row.insurance_adjusted) == (Money(17000), Money(9000), Money(4000))
    assert (row.patient_paid, row.patient_adjusted) == (Money(500), Money(300))
    assert row.insurance_pending == Money(2000)  # the blood draw, still with the payer
    assert row.balance == Money(1200) == books.patient_balance()
    assert row.charges - row.insurance_paid - row.insurance_adjusted - row.patient_paid - row.patient_adjusted \
        - row.insurance_pending == row.balance
    assert row.description == "Established patient visit, low complexity; Blood draw by venipuncture"


def test_the_office_labels_describe_a_visit_and_a_code_not_on_the_list_shows_as_itself():
    visit = _visit(1, TODAY, codes=("99213", "99213", "G0442"))
    assert describe(visit, LABELS) == "Established patient visit, low complexity; G0442"


def test_closed_visits_are_left_out_and_a_credit_on_account_gets_its_own_row():
    closed, open_ = _visit(1, date(2026, 1, 5)), _visit(2, date(2026, 3, 1))
    books = Books()
    books.charge(closed, 5000, Party.PATIENT)
    books.line(closed, EntryKind.PATIENT_PAYMENT, -5000, method=PaymentMethod.CASH)
    books.charge(open_, 8000)  # all with the payer
    books.post(LedgerEntry(kind=EntryKind.PATIENT_PAYMENT, amount=Money(-2500), party=Party.PATIENT,
                           method=PaymentMethod.CASH, posted=TODAY, note="credit on account"))
    rows = visit_rows(books.entries, {1: closed, 2: open_}, LABELS)
    assert [(r.visit_id, r.balance, r.insurance_pending) for r in rows] == [
        (2, Money(0), Money(8000)), (None, Money(-2500), Money(0))]
    assert rows[-1].description == "Payments on account"
    books.post(LedgerEntry(kind=EntryKind.REFUND, amount=Money(1000), party=Party.PATIENT,
                           method=PaymentMethod.CHECK, number="88", posted=TODAY))
    row = visit_rows(books.entries, {1: closed, 2: open_}, LABELS)[-1]
    assert (row.description, row.patient_paid, row.balance) == ("Payments and refunds on account", Money(1500),
                                                                Money(-1500))


# -------------------------------------------------------------------------- aging, message
def _rows(*pairs) -> list[StatementVisit]:
    return [StatementVisit(visit_id=i, service_date=TODAY - timedelta(days=days), balance=Money(cents))
            for i, (days, cents) in enumerate(pairs)]


def test_aging_counts_from_the_date_of_service_and_takes_a_credit_from_the_oldest_money():
    aging = statement_aging(_rows((10, 1000), (45, 2000), (75, 3000), (120, 4000)), TODAY)
    assert [m.cents for _n, m in aging.buckets] == [1000, 2000, 3000, 4000]
    aging = statement_aging(_rows((10, 1000), (45, 2000), (120, 4000), (5, -5000)), TODAY)
    assert [m.cents for _n, m in aging.buckets] == [1000, 1000, 0, 0] and aging.oldest == "31-60"
    assert statement_aging(_rows((30, 100), (31, 100), (60, 100), (61, 100), (90, 100), (91, 100)), TODAY) \
        .buckets == (("current", Money(100)), ("31-60", Money(200)), ("61-90", Money(200)), ("over 90", Money(100)))


def test_the_message_follows_the_oldest_money_owed_and_can_be_edited():
    old = _visit(1, TODAY - timedelta(days=100))
    books = Books()
    books.charge(old, 4000, Party.PATIENT)
    mine = StatementSettings(messages=replace(StatementMessages(), over_90="Pay now please."))
    made = build_statement(PATIENT, books.entries, {1: old}, LABELS, PRACTICE, mine, TODAY)
    assert made.message == "Pay now please." and made.aging.over_90 == Money(4000) == made.balance_due
    books.line(old, EntryKind.PATIENT_PAYMENT, -4000, method=PaymentMethod.CASH)
    books.post(LedgerEntry(kind=EntryKind.PATIENT_PAYMENT, amount=Money(-1000), party=Party.PATIENT,
                           method=PaymentMethod.CASH, posted=TODAY))
    made = build_statement(PATIENT, books.entries, {1: old}, LABELS, PRACTICE, mine, TODAY)
    assert made.message == CREDIT_MESSAGE and made.balance_due == Money(-1000)
    new = _visit(2, TODAY - timedelta(days=3))
    books.charge(new, 6000, Party.PATIENT)
    made = build_statement(PATIENT, books.entries, {1: old, 2: new}, LABELS, PRACTICE, StatementSettings(), TODAY)
    assert made.message == StatementMessages().current and made.aging.current == Money(5000) == made.balance_due


def test_the_patient_is_the_guarantor_and_a_child_is_addressed_through_a_parent():
    made = build_statement(PATIENT, [], {}, LABELS, PRACTICE, StatementSettings(), TODAY)
    assert made.guarantor_name == "Sofia M Rivera" and made.guarantor_address == PATIENT.address
    assert made.remit_name == PRACTICE.name and made.remit_address == PRACTICE.address
    child = replace(PATIENT, dob=date(2010, 4, 16))
    assert guarantor_name(child, TODAY) == "Parent or guardian of Sofia M Rivera"
    assert guarantor_name(replace(child, dob=date(2008, 4, 15)), TODAY) == "Sofia M Rivera"
    remit = StatementSettings(remit_name="MSFM Billing", remit_address=Address(line1="PO Box 4410",
                                                                               city="Springfield", state="IL",
                                                                               zip="62708"))
    made = build_statement(PATIENT, [], {}, LABELS, PRACTICE, remit, TODAY)
    assert made.remit_name == "MSFM Billing" and made.remit_address.line1 == "PO Box 4410"


def test_more_visits_than_the_page_holds_fold_the_oldest_into_one_row_keeping_every_cent():
    rows = [StatementVisit(visit_id=i, service_date=date(2025, 1, 1) + timedelta(days=i), charges=Money(1000 + i),
                           balance=Money(100 + i)) for i in range(MAX_ROWS + 5)]
    folded = fold(rows)
    assert len(folded) == MAX_ROWS and folded[0].description == "6 earlier visits since 01/01/2025"
    assert Money.total(r.balance for r in folded) == Money.total(r.balance for r in rows)
    assert Money.total(r.charges for r in folded) == Money.total(r.charges for r in rows)
    assert folded[1:] == rows[6:] and fold(rows[:MAX_ROWS]) == rows[:MAX_ROWS]


# ------------------------------------------------------------------------------ who is due
def test_who_is_due_a_statement():
    rules = StatementSettings(minimum=Money(500), cycle_days=30)
    due = Candidate(1, Money(500), None, False)
    assert is_due(due, rules, TODAY)
    assert not is_due(replace(due, balance=Money(499)), rules, TODAY)  # under the minimum
    assert not is_due(replace(due, held=True), rules, TODAY)  # on hold
    assert not is_due(replace(due, last_statement=TODAY - timedelta(days=29)), rules, TODAY)  # within the cycle
    assert is_due(replace(due, last_statement=TODAY - timedelta(days=30)), rules, TODAY)
    assert not is_due(replace(due, balance=Money(0)), replace(rules, minimum=Money(0)), TODAY)  # nothing owed
    assert mailing_problem(Address(line1="1 A St", city="X", state="IL", zip="62701")) == ""
    assert "mailing address" in mailing_problem(Address(line1="1 A St", city="X", state="IL"))


def test_settings_problems_name_the_field():
    bad = StatementSettings(minimum=Money(-1), cycle_days=0, messages=replace(StatementMessages(), days_61_90=" "))
    assert {p.field for p in settings_problems(bad)} == {"minimum", "cycle_days", "messages.days_61_90"}
    assert settings_problems(StatementSettings()) == []
    half = StatementSettings(remit_address=Address(line1="PO Box 4410"), phone="555")
    assert {p.field for p in settings_problems(half)} >= {"remit_address.city", "remit_address.zip", "phone"}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(list(EntryKind)), st.integers(1, 20000),
                          st.sampled_from(list(Party))), max_size=30),
       st.lists(st.integers(0, 200), min_size=4, max_size=4))
def test_any_ledger_gives_rows_that_add_up_to_the_patient_balance(postings, ages):
    visits = {i + 1: _visit(i + 1, TODAY - timedelta(days=ages[i])) for i in range(3)}
    books = Books()
    for which, kind, cents, party in postings:
        visit = visits.get(which)
        if kind is EntryKind.REVERSAL:
            last = [e for e in books.entries if e.batch == books.entries[-1].batch] if books.entries else []
            if last and last[0].kind is not EntryKind.REVERSAL:  # the service reverses a whole batch
                books.post(*(e.reversed_by(TODAY) for e in last))
        elif kind is EntryKind.TRANSFER:  # always a pair on one line, from a payer to the patient
            if visit:
                books.transfer(visit, cents)
        elif visit is None:  # money on account, no visit
            books.post(LedgerEntry(kind=kind, amount=Money(-cents), party=Party.PATIENT, posted=TODAY))
        else:
            sign = 1 if kind in (EntryKind.CHARGE, EntryKind.REFUND) else -1
            books.line(visit, kind, sign * cents, party)
    made = build_statement(PATIENT, books.entries, visits, LABELS, PRACTICE, StatementSettings(), TODAY)
    assert made.balance_due == books.patient_balance()
    assert made.insurance_pending == Money.total(e.amount for e in books.entries if e.party.is_insurance)
    for r in made.visits:
        assert r.charges - r.insurance_paid - r.insurance_adjusted - r.patient_paid - r.patient_adjusted \
            - r.insurance_pending == r.balance
    if made.balance_due.cents >= 0:
        assert Money.total(m for _n, m in made.aging.buckets) == made.balance_due


# ------------------------------------------------------------------------------- receipts
def test_a_receipt_shows_where_the_payment_went_and_the_balance_right_after_it():
    first, second = _visit(1, date(2026, 2, 2)), _visit(2, date(2026, 3, 3))
    books = Books()
    books.charge(first, 3000, Party.PATIENT)
    books.charge(second, 2000, Party.PATIENT)
    paid = books.post(*(LedgerEntry(kind=EntryKind.PATIENT_PAYMENT, amount=Money(-c), visit_id=v.id,
                                    service_line_id=v.lines[0].id, service_date=v.service_date, party=Party.PATIENT,
                                    method=PaymentMethod.CARD, number="4242", posted=TODAY)
                        for v, c in ((first, 3000), (second, 2000))),
                      LedgerEntry(kind=EntryKind.PATIENT_PAYMENT, amount=Money(-1000), party=Party.PATIENT,
                                  method=PaymentMethod.CARD, number="4242", posted=TODAY))
    third = _visit(3, TODAY)
    books.charge(third, 9900, Party.PATIENT)  # later: not in the balance after the payment
    receipt = build_receipt(PATIENT, PRACTICE, books.entries)
    assert receipt.batch == paid[0].batch and receipt.amount == Money(6000)
    assert [(l.service_date, l.amount) for l in receipt.applied] == [
        (date(2026, 2, 2), Money(3000)), (date(2026, 3, 3), Money(2000)), (None, Money(1000))]
    assert receipt.balance_after == Money(-1000) and receipt.tender == "Card ending 4242" and not receipt.reversed
    books.reverse(paid[0])
    assert build_receipt(PATIENT, PRACTICE, books.entries, paid[0].batch).reversed
    assert [p.field for p in batch_problems(books.entries, 99)] == ["batch"]
    assert [p.field for p in batch_problems([], None)] == ["batch"]


def _pdf_words(data: bytes) -> list[list[dict]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_words(keep_blank_chars=False) for page in pdf.pages]


def _text(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() for page in pdf.pages]


def test_the_receipt_pdf_says_who_paid_what_and_only_the_last_four_digits():
    books = Books()
    visit = _visit(1, date(2026, 2, 2))
    books.charge(visit, 3000, Party.PATIENT)
    books.line(visit, EntryKind.PATIENT_PAYMENT, -2000, method=PaymentMethod.CARD, number="4242", posted=TODAY)
    [text] = _text(render_receipt(build_receipt(PATIENT, PRACTICE, books.entries)))
    for expected in ("PAYMENT RECEIPT", "Rivera, Sofia M.", "A1007", "$20.00", "Card ending 4242", "04/15/2026",
                     "Visit of 02/02/2026", "Your balance after this payment 10.00", PRACTICE.name):
        assert expected in text, expected


def _statement():
    visits = {1: _visit(1, TODAY - timedelta(days=100)), 2: _visit(2, TODAY - timedelta(days=40)),
              3: _visit(3, TODAY - timedelta(days=5), codes=("99213",))}
    books = Books()
    books.charge(visits[1], 14300, Party.PATIENT)
    books.charge(visits[2], 5000)
    books.line(visits[2], EntryKind.INSURANCE_PAYMENT, -3000, Party.PRIMARY)
    books.transfer(visits[2], 2000)
    books.charge(visits[3], 12500)
    return build_statement(PATIENT, books.entries, visits, LABELS, PRACTICE, StatementSettings(), TODAY)


def test_the_statement_pdf_reads_back_with_balances_aging_account_and_message():
    made = _statement()
    assert made.message.startswith("FINAL NOTICE")
    pdf = render_statements([made, replace(made, account="A2002", guarantor_name="Noah Baker")])
    first, second = _text(pdf)
    assert "A1007" in first and "A2002" in second and "NOAH BAKER" in second
    for expected in ("STATEMENT", "Statement date 04/15/2026", "Amount due 163.00",
                     "Established patient visit, low complexity", "143.00 0.00 0.00 0.00 0.00 143.00",  # the old visit
                     "50.00 30.00 0.00 0.00 0.00 20.00",  # charges, ins. paid, adjusted, you paid, pending, balance
                     "0.00 20.00 0.00 143.00 125.00 163.00",  # current, 31-60, 61-90, over 90, pending, due
                     "FINAL NOTICE", "Amount enclosed", "Make checks payable to and mail to:", "120 Maple St"):
        assert expected in first, expected


def _inside(word: dict, window, page_height: float = 792.0) -> bool:
    left, top = window.left * 72, window.top * 72
    return (left <= word["x0"] and word["x1"] <= left + window.width * 72
            and top <= word["top"] and word["bottom"] <= top + window.height * 72)


def test_the_addresses_sit_inside_the_envelope_windows():
    made = _statement()
    [words] = _pdf_words(render_statements([made]))
    for text in ("SOFIA", "RIVERA", "ELM", "APT", "SPRINGFIELD", "62704"):
        found = [w for w in words if w["text"] == text]
        assert found and _inside(found[0], ADDRESS_WINDOW), text
    in_window = [w["text"] for w in words if _inside(w, ADDRESS_WINDOW)]
    assert in_window == "SOFIA M RIVERA 78 ELM CT APT 4 SPRINGFIELD IL 62704".split()  # nothing else shows
    returned = " ".join(w["text"] for w in words if _inside(w, RETURN_WINDOW))
    assert returned == "Maple Street Family Medicine 120 Maple St, Suite 200 Springfield, IL 62701"


def test_names_with_accents_and_parentheses_print_as_typed():
    made = _statement()
    made = replace(made, guarantor_name="José Peña (Pepe)", patient_name="Peña, José \\ Jr",
                   guarantor_address=replace(made.guarantor_address, line2="Rear) \\ B"))
    [text] = _text(render_statements([made]))
    assert "JOSÉ PEÑA (PEPE)" in text and "Peña, José \\ Jr" in text and "REAR) \\ B" in text
