"""office.reports and the kept open balances: month end reconciles over a year of postings (and over the
demo office's books), day sheet halves agree, deposits balance, unpaid claims follow their rule, aging
buckets at their edges and by date first billed, `verify` names a corrupted open balance, and the
CSV and PDF read back."""
import csv
from dataclasses import replace
from datetime import date, timedelta

import pdfplumber
import pytest

from officebill.billing.aging import AR, STATEMENT, OpenItem, age
from officebill.core.ledger import Party
from officebill.core.money import Money
from officebill.core.problems import ValidationFailed
from officebill.core.records import ClaimStatus

from .billing.money_office import TODAY, add_patient, add_visit, make_books
from .billing.money_year import YEAR_END, YEAR_START, post_a_year

RANGE_END = date(2026, 4, 30)  # after every posting of the year (make_books posts on 2026-04-15)


@pytest.fixture(scope="module")
def year(tmp_path_factory, codes_db):
    folder = tmp_path_factory.mktemp("year")
    (folder / "codes.db").symlink_to(codes_db)  # claims are built with the code database beside the office
    made = post_a_year(folder / "office.db")
    yield made
    made.office.close()


def _kept_total(office) -> Money:
    """A/R from the kept open balances (the aging's total and credits): a third, independent sum."""
    rows = office.reports.aging("payer", "service", RANGE_END)
    return rows.totals["total"] + rows.totals["credit"]


def assert_month_end_reconciles(office, start: date, end: date) -> None:
    periods = office.reports.month_sums(start, end)
    assert [p.difference for p in periods] == [Money(0)] * len(periods)
    for before, after in zip(periods, periods[1:]):
        assert after.opening == before.closing and after.start == before.end + timedelta(days=1)
    report = office.reports.month_end(start, end)
    t = report.totals
    assert (t["opening"] + t["charges"] - t["insurance_paid"] - t["patient_paid"] - t["adjustments"]
            - t["write_offs"] + t["refunds"]) == t["closing"]
    assert not [n for n in report.notes if "NOT reconcile" in n]


def test_month_end_reconciles_to_the_cent_over_a_year_of_postings(year):
    office = year.office
    assert office.money.verify() == []
    assert_month_end_reconciles(office, YEAR_START, RANGE_END)
    closing = office.reports.month_end(YEAR_START, RANGE_END).totals["closing"]
    assert closing == office.money.practice_balance() == _kept_total(office)
    totals = office.reports.month_end(YEAR_START, RANGE_END).totals
    # the year exercised every kind the identity names (a reversed payment is netted under payments)
    assert all(totals[k].cents > 0 for k in ("charges", "insurance_paid", "patient_paid", "adjustments",
                                            "write_offs", "refunds"))
    # a range starting mid-year opens with what was owed then
    mid = office.reports.month_sums(date(2025, 6, 15), YEAR_END)
    assert mid[0].opening == office.reports.month_sums(YEAR_START, date(2025, 6, 14))[-1].closing
    assert_month_end_reconciles(office, date(2025, 6, 15), YEAR_END)


def test_collection_rates_follow_their_definitions(year):
    whole = year.office.reports.month_sums(YEAR_START, YEAR_END)
    charges = sum(p.posted.charges for p in whole)
    contractual = -sum(p.posted.contractual for p in whole)
    payments = sum(p.net_payments.cents for p in whole)
    total = year.office.reports.month_end(YEAR_START, YEAR_END).totals
    assert str(total["gross"]) == f"{100 * payments / charges:.1f}%"
    assert str(total["net"]) == f"{100 * payments / (charges - contractual):.1f}%"
    assert 0 < contractual <= -sum(p.posted.adjustments for p in whole)


def test_month_end_over_the_demo_office_books(demo_office):
    """Whatever money the demo posts, its months reconcile and the kept balances equal the ledger."""
    office = demo_office
    assert office.money.verify() == []
    start, end = date(2024, 1, 1), date(2027, 12, 31)
    assert_month_end_reconciles(office, start, end)
    assert office.reports.month_end(start, end).totals["closing"] == office.money.practice_balance()


def test_the_day_sheet_by_provider_and_by_payer_add_up_to_the_same_totals(year):
    report = year.office.reports.daysheet(YEAR_START, YEAR_END)
    money_keys = [c.key for c in report.columns if c.numeric]
    for group in ("Provider", "Payer"):
        rows = [r for r in report.rows if r["group"] == group]
        assert {k: Money.total(r[k] for r in rows) for k in money_keys} == {k: report.totals[k] for k in money_keys}
    posted = year.office.reports.month_end(YEAR_START, YEAR_END).totals
    assert all(report.totals[k] == posted[k] for k in money_keys)
    assert "Patients" in [r["name"] for r in report.rows]


def test_deposits_show_applied_and_unapplied_money(year):
    report = year.office.reports.deposits(YEAR_START, RANGE_END)
    assert report.rows and all(r["applied"] + r["unapplied"] == r["amount"] for r in report.rows)
    assert all(r["unapplied"] == Money(500) for r in report.rows)  # each deposit was 5.00 over its EOB
    assert report.totals["unapplied"] == Money(500 * len(report.rows))
    assert all(YEAR_START <= r["received"] <= RANGE_END for r in report.rows)


def test_unpaid_claims_are_billed_more_than_n_days_ago_with_no_payment(year):
    office = year.office
    today = date(2026, 1, 31)
    report = office.reports.unpaid(60, today)
    listed = {r["claim"] for r in report.rows}
    assert listed and all(r["days"] > 60 and r["owed"].cents > 0 for r in report.rows)
    paid = {e.claim_id for p in year.patients for e in office.money.ledger(p)
            if e.kind.value == "insurance_payment" and e.amount.cents}
    assert not listed & paid

    def payer_owes(claim_id):
        return sum(office.money.line_balances(line.id).get(Party.PRIMARY, Money(0)).cents
                   for line in office.claims.get(claim_id).lines) > 0

    assert listed == {c for c in set(year.claims) - paid
                      if (today - office.claims.get(c).printed).days > 60 and payer_owes(c)}
    # the edge: billed exactly N days ago is not "more than N days"
    one = report.rows[0]
    assert one["claim"] not in {r["claim"] for r in office.reports.unpaid(one["days"], today).rows}
    assert one["claim"] in {r["claim"] for r in office.reports.unpaid(one["days"] - 1, today).rows}
    assert [r["payer"] for r in report.rows] == sorted(r["payer"] for r in report.rows)


def test_bad_report_input_is_refused_naming_the_field(year):
    with pytest.raises(ValidationFailed) as caught:
        year.office.reports.daysheet(YEAR_END, YEAR_START)
    assert [p.field for p in caught.value.problems] == ["end"]
    with pytest.raises(ValidationFailed) as caught:
        year.office.reports.unpaid(-1)
    assert [p.field for p in caught.value.problems] == ["older_than_days"]
    with pytest.raises(ValidationFailed) as caught:
        year.office.reports.aging("visit", "yesterday")
    assert [p.field for p in caught.value.problems] == ["by", "dated_by"]


# ------------------------------------------------------------------ aging
EDGE_DAYS = (0, 30, 31, 60, 61, 90, 91, 120, 121, 400)


def test_aging_buckets_at_their_edges_in_sql_agree_with_the_rule(tmp_path):
    """One visit per edge day; SQL's buckets equal billing.aging's for both bucket sets."""
    books = make_books(tmp_path / "office.db")
    office, today = books.office, TODAY
    patient, _ = add_patient(office, books.primary.payer_id, None, last="Edge")
    for days in EDGE_DAYS:
        add_visit(office, patient.id, books.visit.provider_id, charges=(1000 + days,), day=today - timedelta(days))
    items = [OpenItem(patient.id, today - timedelta(days), Money(1000 + days)) for days in EDGE_DAYS]
    for bucketing in (STATEMENT, AR):
        expected = age(items, today, bucketing)[0].buckets
        found = [r for r in office.money.aging("patient", today, "service", bucketing) if r.group == patient.id]
        assert found[0].buckets == expected
    report = office.reports.aging("patient", "service", today)
    row = [r for r in report.rows if r["name"].startswith(patient.account)][0]
    assert row["0-30"] == Money(1000 + 1030) and row["31-60"] == Money(1031 + 1060)
    assert row["91-120"] == Money(1091 + 1120) and row["over 120"] == Money(1121 + 1400)
    office.close()


def test_aging_by_date_first_billed_counts_from_the_first_printed_claim(tmp_path):
    books = make_books(tmp_path / "office.db")  # date of service 2026-03-02, charges posted 2026-04-15
    office, today = books.office, date(2026, 5, 20)
    payer = books.primary.payer_id

    def bucket_of_payer(dated_by):
        rows = office.reports.aging("payer", dated_by, today).rows
        row = [r for r in rows if r["name"] != "Patients"][0]
        return [b for b in AR.names if row[b]]

    assert bucket_of_payer("service") == ["61-90"]  # 79 days since the date of service
    assert bucket_of_payer("billed") == ["31-60"]  # not billed yet: from the day it came to the payer (35 days)
    stores = office.claims._stores
    with office.transaction():
        stores.claims.set_status(stores.claims.get(books.claim_id), ClaimStatus.PRINTED, printed=date(2026, 5, 1))
    assert bucket_of_payer("billed") == ["0-30"]
    # a corrected claim printed later does not restart the clock; an earlier one moves it back
    with office.transaction():
        stores.claims.set_status(stores.claims.get(books.claim_id), ClaimStatus.PRINTED, printed=date(2026, 5, 15))
    assert bucket_of_payer("billed") == ["0-30"]
    row = office.money._stores.ledger.db.execute("SELECT billed FROM open_balances WHERE payer_id = ? AND party = "
                                                 "'primary'", [payer]).fetchone()
    assert row[0] == "2026-05-01"
    # a balance that comes to a payer whose claim was printed before takes the claim's day at once
    with office.transaction():
        stores.claims.set_status(stores.claims.get(books.secondary_claim_id), ClaimStatus.PRINTED,
                                 printed=date(2026, 4, 20))
    first, second = books.lines
    deposit = office.payments.new_deposit(payer, "CHK1", TODAY, "80.00").value
    office.payments.post_insurance(deposit.id, books.claim_id, [
        (first, "100.00", "80.00", [("CO", "45", "50.00"), ("PR", "2", "20.00")]),
        (second, "10.00", "0.00", [("CO", "45", "10.00"), ("PR", "1", "10.00")])], today=date(2026, 5, 16))
    moved = office.money._stores.ledger.db.execute(
        "SELECT billed, moved, amount_cents FROM open_balances WHERE party = 'secondary'").fetchone()
    assert moved == ("2026-04-20", "2026-05-16", 3000)
    assert office.money.verify() == []
    office.close()


def test_the_patients_part_ages_from_the_first_statement_that_asked_for_it(tmp_path):
    books = make_books(tmp_path / "office.db")
    office = books.office
    patient = office.patients.save(replace(books.patient, id=None, account="", last_name="Self"), []).value[0]
    db = office.money._stores.ledger.db
    visit = add_visit(office, patient.id, books.visit.provider_id, charges=(8000,), day=date(2026, 1, 10))
    today = date(2026, 5, 20)

    def buckets(dated_by):
        row = [r for r in office.money.aging("patient", today, dated_by, AR) if r.group == patient.id][0]
        return [b for b, m in row.buckets.items() if m]

    assert buckets("service") == ["over 120"] and buckets("billed") == ["31-60"]  # moved: posted 2026-04-15
    with office.transaction():
        db.execute("INSERT INTO statements (patient_id, statement_date, balance_cents, content) "
                   "VALUES (?, '2026-05-01', 8000, '{}')", [patient.id])
        db.execute("INSERT INTO statements (patient_id, statement_date, balance_cents, content) "
                   "VALUES (?, '2026-05-19', 8000, '{}')", [patient.id])
    assert buckets("billed") == ["0-30"]
    assert db.execute("SELECT billed FROM open_balances WHERE visit_id = ?", [visit.id]).fetchone()[0] == "2026-05-01"
    office.close()


# ------------------------------------------------------------ kept balances
def test_verify_names_every_open_balance_that_disagrees_with_the_ledger(tmp_path, capsys):
    from officebill.cli import main

    books = make_books(tmp_path / "office.db")
    office = books.office
    db = office.money._stores.ledger.db
    assert office.money.verify() == []
    with office.transaction():
        db.execute("UPDATE open_balances SET amount_cents = amount_cents + 1 WHERE visit_id = ?", [books.visit.id])
        db.execute("INSERT INTO open_balances (patient_id, visit_id, party, payer_id, amount_cents) "
                   "VALUES (?, 999, 'patient', 0, 2500)", [books.patient.id])
    problems = office.money.verify()
    payer = books.primary.payer_id
    assert problems == [
        f"open balance of patient {books.patient.id}, visit {books.visit.id}, primary (payer {payer}) is $170.01 "
        "but the ledger sums to $170.00",
        f"open balance of patient {books.patient.id}, visit 999, patient is $25.00 but the ledger sums to $0.00"]
    office.close()
    code = main(["--db", str(tmp_path / "office.db"), "check"])
    out = capsys.readouterr().out
    assert code == 1 and "2 problem(s)" in out and "visit 999, patient is $25.00" in out


# ------------------------------------------------------------ CSV and PDF
def test_each_report_reads_back_from_csv_and_pdf(year, tmp_path):
    office = year.office
    made = [office.reports.aging("payer", "billed", RANGE_END), office.reports.aging("patient", "service", RANGE_END),
            office.reports.daysheet(YEAR_START, YEAR_END), office.reports.deposits(YEAR_START, YEAR_END),
            office.reports.unpaid(30, RANGE_END), office.reports.month_end(YEAR_START, YEAR_END)]
    for report in made:
        csv_path = office.reports.to_csv(report, tmp_path / f"{report.kind}.csv")
        with open(csv_path, newline="") as f:
            rows = list(csv.reader(f))
        header, body = rows[0], rows[1:]
        assert header == [c.title for c in report.columns]
        assert len(body) == len(report.rows) + 1
        for column in report.columns:
            if column.cell.value == "money" and report.kind in ("aging", "deposits", "unpaid"):
                i = header.index(column.title)
                assert Money.total(Money.parse(r[i]) for r in body[:-1]) == report.totals[column.key]
        pdf_path = office.reports.to_pdf(report, tmp_path / f"{report.kind}.pdf")
        with pdfplumber.open(pdf_path) as pdf:
            page = pdf.pages[0]
            assert page.width > page.height  # landscape
            text = "\n".join(p.extract_text() for p in pdf.pages)
        assert report.title in text and report.columns[1].title in text
        total_line = [line for line in text.splitlines() if line.startswith("Total")][-1]
        money = [c for c in report.columns if c.cell.value == "money"]
        assert report.text(report.totals, money[-1]) in total_line
    # the same report gives the same bytes
    again = office.reports.to_pdf(made[-1], tmp_path / "again.pdf")
    assert again.read_bytes() == (tmp_path / "month_end.pdf").read_bytes()
