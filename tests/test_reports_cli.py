"""officebill-cli reports daysheet|deposits|unpaid|month and ar aging: text, JSON, CSV and PDF, bad input."""
import json

from officebill.cli import main

from .billing.money_office import TODAY, make_books


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _books(tmp_path):
    books = make_books(tmp_path / "office.db")
    office = books.office
    first, second = books.lines
    deposit = office.payments.new_deposit(books.primary.payer_id, "CHK9", TODAY, "90.00").value
    office.payments.post_insurance(deposit.id, books.claim_id, [
        (first, "100.00", "80.00", [("CO", "45", "50.00"), ("PR", "2", "20.00")]),
        (second, "10.00", "0.00", [("CO", "45", "10.00"), ("PR", "1", "10.00")])], today=TODAY)
    office.close()
    return ["--db", str(tmp_path / "office.db")]


def test_each_report_prints_json_and_saves_csv_and_pdf(tmp_path, capsys):
    db = _books(tmp_path)
    span = ["--from", "2026-04-01", "--to", "2026-04-30"]
    code, out, _ = _run(capsys, *db, "reports", "daysheet", *span, "--json")
    daysheet = json.loads(out)
    assert code == 0 and daysheet["report"] == "daysheet"
    assert daysheet["totals"]["charges"] == "170.00" and daysheet["totals"]["insurance_paid"] == "80.00"
    assert daysheet["totals"]["adjustments"] == "60.00"

    code, out, _ = _run(capsys, *db, "reports", "deposits", *span, "--csv", str(tmp_path / "d.csv"),
                        "--pdf", str(tmp_path / "d.pdf"))
    assert code == 0 and "CHK9" in out and "Saved the CSV" in out
    assert (tmp_path / "d.csv").read_text().splitlines()[1].split(",")[3:6] == ["90.00", "80.00", "10.00"]
    assert (tmp_path / "d.pdf").read_bytes().startswith(b"%PDF")

    code, out, _ = _run(capsys, *db, "reports", "month", "--from", "2026-01-01", "--to", "2026-06-30", "--json")
    month = json.loads(out)
    assert [r["month"] for r in month["rows"]] == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    assert month["totals"]["closing"] == "30.00" and month["totals"]["gross"] == "47.1"

    code, out, _ = _run(capsys, *db, "reports", "unpaid", "--days", "30", "--today", "2026-06-30", "--json")
    assert code == 0 and json.loads(out)["rows"] == []  # these claims were never printed

    code, out, _ = _run(capsys, *db, "ar", "aging", "--by", "payer", "--dated-by", "billed", "--today", "2026-06-30",
                        "--pdf", str(tmp_path / "a.pdf"))
    assert code == 0 and "by date first billed" in out and (tmp_path / "a.pdf").exists()


def test_bad_report_input_is_a_message(tmp_path, capsys):
    db = _books(tmp_path)
    code, _, err = _run(capsys, *db, "reports", "daysheet", "--from", "2026-13-01", "--to", "2026-04-30")
    assert code == 1 and "YYYY-MM-DD" in err
    code, _, err = _run(capsys, *db, "reports", "month", "--from", "2026-05-01", "--to", "2026-04-30")
    assert code == 1 and "end: The end date is before the start date" in err
    code, _, err = _run(capsys, *db, "reports", "deposits", "--from", "2026-04-01", "--to", "2026-04-30",
                        "--csv", str(tmp_path / "missing" / "d.csv"))
    assert code == 1 and "does not exist" in err
