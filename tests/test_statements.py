"""office.statements: who is due, runs recorded only after the PDF is in place, reprints, holds, receipts."""
from __future__ import annotations

import io
import os
from dataclasses import replace
from datetime import timedelta

import pdfplumber
import pytest

from officebill.core.money import Money
from officebill.core.problems import UserError, ValidationFailed
from officebill.core.statements import StatementMessages
from officebill.office import Office, statement_service
from officebill.office.changes import Area

from .billing.statement_office import LABELS, TODAY, make_statement_office


@pytest.fixture
def books(tmp_path):
    made = make_statement_office(tmp_path / "office.db")
    yield made
    made.office.close()


def _pages(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() for page in pdf.pages]


def _table_count(office, table: str) -> int:
    return office.money._stores.ledger.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_due_are_the_balances_over_the_minimum_not_sent_within_the_cycle_and_not_on_hold(books):
    office, ids = books.office, books.ids
    due = {d.patient_id: d for d in office.statements.due(TODAY)}
    assert set(due) == {ids["old"], ids["new"], ids["child"], ids["nowhere"]}  # not insured (pending), not small
    assert due[ids["old"]].balance == Money(14300) and due[ids["new"]].balance == Money(10000)
    assert "mailing address" in due[ids["nowhere"]].problem and not due[ids["old"]].problem

    office.statements.hold(ids["old"], "disputed")
    assert ids["old"] not in {d.patient_id for d in office.statements.due(TODAY)}
    assert office.statements.hold_of(ids["old"]).reason == "disputed"
    assert office.statements.release(ids["old"]).value is True
    assert office.statements.release(ids["old"]).value is False
    assert ids["old"] in {d.patient_id for d in office.statements.due(TODAY)}

    settings = office.statements.settings()
    office.statements.save_settings(replace(settings, minimum=Money(10000)))
    assert {d.patient_id for d in office.statements.due(TODAY)} == {ids["old"], ids["new"]}


def test_a_run_prints_the_due_statements_records_them_and_the_cycle_holds_them_back(books, tmp_path):
    office, ids, accounts = books.office, books.ids, books.accounts
    out = tmp_path / "run.pdf"
    made = office.statements.run(out, TODAY)
    run = made.value
    assert Area.MONEY in made.changes.areas
    assert run.id is not None and run.count == 3 and run.total == Money(14300 + 10000 + 8500)
    assert set(run.accounts) == {accounts["old"], accounts["new"], accounts["child"]}
    assert [d.account for d in run.skipped] == [accounts["nowhere"]]
    pages = _pages(out)
    assert len(pages) == 3
    by_account = {acc: next(p for p in pages if f"Account {acc}" in p) for acc in run.accounts}
    old = by_account[accounts["old"]]
    assert "Amount due 143.00" in old and "0.00 0.00 0.00 143.00 0.00 143.00" in old  # over 90 days
    assert LABELS["99213"][:30] in old and "venipuncture" in old and "FINAL NOTICE" in old  # the office's words
    new = by_account[accounts["new"]]
    assert "NOAH J BAKER" in new and "APT 3B" in new and "125.00 0.00 0.00 25.00 0.00 100.00" in new
    assert "PARENT OR GUARDIAN OF CHLOE ELLIS" in by_account[accounts["child"]]
    assert os.stat(out).st_mode & 0o077 == 0  # patient data: owner-only

    listed = office.statements.runs()
    assert [(r.id, r.count, r.total) for r in listed] == [(run.id, 3, run.total)]
    assert office.statements.get_run(run.id).accounts == run.accounts
    assert {d.patient_id for d in office.statements.due(TODAY + timedelta(days=29))} == {ids["nowhere"]}
    assert {d.patient_id for d in office.statements.due(TODAY + timedelta(days=30))} >= {ids["old"], ids["new"]}

    again = tmp_path / "again.pdf"
    assert office.statements.reprint(run.id, again).id == run.id
    assert _pages(again) == pages and again.read_bytes() == out.read_bytes()

    # a payment after the run changes the books, never the recorded statement
    office.payments.patient_payment(ids["old"], "43.00", "check", "1043", today=TODAY)
    office.statements.reprint(run.id, again)
    assert _pages(again) == pages
    with pytest.raises(ValidationFailed) as caught:
        office.statements.reprint(run.id + 5, again)
    assert caught.value.problems[0].field == "run_id"


def test_a_dry_run_and_a_preview_write_the_pdf_and_record_nothing(books, tmp_path):
    office, ids = books.office, books.ids
    dry = office.statements.run(tmp_path / "dry.pdf", TODAY, dry_run=True)
    assert dry.value.id is None and dry.value.count == 3 and not dry.changes
    assert len(_pages(tmp_path / "dry.pdf")) == 3
    statement = office.statements.preview(ids["insured"], tmp_path / "one.pdf", TODAY)  # not due: still previewed
    [page] = _pages(tmp_path / "one.pdf")
    assert statement.balance_due == Money(0) and statement.insurance_pending == Money(12500)
    assert "Amount due 0.00" in page and "No payment is due" in page
    assert office.statements.runs() == [] and _table_count(office, "statements") == 0
    assert len(office.statements.due(TODAY)) == 4
    with pytest.raises(ValidationFailed) as caught:
        office.statements.preview(9999, tmp_path / "x.pdf", TODAY)
    assert caught.value.problems[0].field == "patient_id"


def test_a_failed_pdf_write_records_nothing_and_leaves_no_file(books, tmp_path, monkeypatch):
    office = books.office
    with pytest.raises(UserError, match="does not exist"):
        office.statements.run(tmp_path / "missing" / "run.pdf", TODAY)
    assert office.statements.runs() == []

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    out = tmp_path / "run.pdf"
    out.write_bytes(b"an older run")
    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(UserError, match="No space left"):
        office.statements.run(out, TODAY)
    monkeypatch.undo()
    assert office.statements.runs() == [] and _table_count(office, "statements") == 0
    assert not out.exists()  # the older file is gone too: it cannot pass for this run
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_a_run_that_another_window_overtook_records_nothing_and_removes_its_pdf(books, tmp_path, monkeypatch):
    office, ids = books.office, books.ids
    other = Office.open(office.path)
    real_write = statement_service.write_private_file

    def write_then_other_window_holds(path, data, **kw):
        real_write(path, data, **kw)
        other.statements.hold(ids["new"], "payment plan")

    monkeypatch.setattr(statement_service, "write_private_file", write_then_other_window_holds)
    out = tmp_path / "run.pdf"
    with pytest.raises(UserError, match="another window"):
        office.statements.run(out, TODAY)
    other.close()
    assert office.statements.runs() == [] and not out.exists()


def test_settings_are_checked_kept_and_printed(books, tmp_path):
    office = books.office
    with pytest.raises(ValidationFailed) as caught:
        office.statements.save_settings(replace(office.statements.settings(), cycle_days=0))
    assert [p.field for p in caught.value.problems] == ["cycle_days"]
    mine = replace(office.statements.settings(), cycle_days=21, remit_name="Maple Billing Office",
                   messages=replace(StatementMessages(), current="Thanks! Pay at the front desk or by mail."))
    assert Area.SETUP in office.statements.save_settings(mine).changes.areas
    assert office.statements.settings() == mine
    office.statements.preview(books.ids["new"], tmp_path / "one.pdf", TODAY)
    [page] = _pages(tmp_path / "one.pdf")
    assert "Thanks! Pay at the front desk or by mail." in page and "Maple Billing Office" in page


def test_holds_name_the_patient_and_the_reason(books):
    with pytest.raises(ValidationFailed) as caught:
        books.office.statements.hold(9999, "x")
    assert caught.value.problems[0].field == "patient_id"
    with pytest.raises(ValidationFailed) as caught:
        books.office.statements.hold(books.ids["old"], "x" * 201)
    assert caught.value.problems[0].field == "reason"


def test_a_receipt_for_the_latest_payment_or_a_chosen_one(books, tmp_path):
    office, ids = books.office, books.ids
    paid = office.payments.patient_payment(ids["new"], "110.00", "check", "2001", today=TODAY).value
    receipt = office.statements.receipt(ids["new"], None, tmp_path / "r.pdf")
    assert receipt.batch == paid[0].batch and receipt.amount == Money(11000)
    assert receipt.balance_after == Money(-1000) and [l.amount for l in receipt.applied] == [Money(10000), Money(1000)]
    with pdfplumber.open(tmp_path / "r.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert "Check 2001" in text and "$110.00" in text and "Credit kept on your account" in text
    first = office.statements.receipt(ids["new"], _first_batch(office, ids["new"]), tmp_path / "first.pdf")
    assert first.amount == Money(2500) and first.tender == "Card ending 4242" and first.balance_after == Money(10000)
    with pytest.raises(ValidationFailed) as caught:
        office.statements.receipt(ids["insured"], None, tmp_path / "none.pdf")
    assert caught.value.problems[0].field == "batch"
    assert not (tmp_path / "none.pdf").exists()


def _first_batch(office, patient_id) -> int:
    return next(e.batch for e in office.money.ledger(patient_id) if e.kind.value == "patient_payment")


def test_statements_are_read_from_the_pdf_bytes_too(books):
    statement = books.office.statements.statement(books.ids["child"], TODAY)
    assert statement.aging.days_31_60 == Money(8500) and statement.message == StatementMessages().days_31_60
    with pdfplumber.open(io.BytesIO(statement_service.render_statements([statement]))) as pdf:
        assert "85.00" in pdf.pages[0].extract_text()


def test_holds_and_releases_are_in_the_audit_trail(books):
    office, ids = books.office, books.ids
    office.statements.hold(ids["old"], "payment plan")
    office.statements.release(ids["old"])
    actions = [(e.action, e.row_id) for e in office.audit.entries("statement_holds")]
    assert actions == [("delete", ids["old"]), ("insert", ids["old"])]  # newest first
    assert office.audit.entries("statement_holds")[1].after["reason"] == "payment plan"
