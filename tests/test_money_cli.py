"""officebill-cli ledger / payments patient / ar aging: a round trip through the command line."""
import json

from officebill.cli import main

from .billing.money_office import make_books


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_round_trip(tmp_path, capsys):
    path = tmp_path / "office.db"
    books = make_books(path)
    account, visit_id = books.patient.account, books.visit.id
    books.office.close()
    db = ("--db", str(path))

    code, out, _ = _run(capsys, *db, "ledger", account, "--json")
    data = json.loads(out)
    assert code == 0 and [e["amount"] for e in data["entries"]] == ["150.00", "20.00"]
    assert data["balances"] == {"insurance": "170.00", "patient": "0.00", "total": "170.00", "credit": "0.00"}

    code, _, err = _run(capsys, *db, "payments", "patient", account, "25", "--method", "card",
                        "--number", "4111 1111 1111 1111")
    assert code == 1 and "number: Never enter a full card number" in err and "Traceback" not in err
    code, _, err = _run(capsys, *db, "payments", "patient", account, "-3", "--method", "cash")
    assert code == 1 and "amount" in err

    code, out, _ = _run(capsys, *db, "payments", "patient", account, "25.00", "--method", "card", "--number", "4242",
                        "--visit", str(visit_id), "--json")
    made = json.loads(out)
    assert code == 0 and made["entries"][0]["amount"] == "-25.00" and made["entries"][0]["number"] == "4242"
    assert made["balances"]["credit"] == "25.00"

    code, out, _ = _run(capsys, *db, "ledger", account)
    assert code == 0 and "patient_payment" in out and "Total $145.00" in out

    code, out, _ = _run(capsys, *db, "ar", "aging", "--json")
    aging = json.loads(out)
    assert aging["dated_by"] == "date of service" and aging["buckets"][-1] == "over 120"
    assert [r["name"] for r in aging["rows"]] == ["Blue Cross Blue Shield of Illinois", "Patients"]
    assert aging["totals"]["total"] == "170.00" and aging["totals"]["credit"] == "-25.00"
    code, out, _ = _run(capsys, *db, "ar", "aging", "--by", "patient", "--dated-by", "billed", "--json")
    assert json.loads(out)["rows"][0]["name"].split()[0] == account
    code, out, _ = _run(capsys, *db, "ar", "aging")
    assert code == 0 and "Total " in out and "Blue Cross" in out

    code, _, err = _run(capsys, *db, "ledger", "Z999")
    assert code == 1 and "no account" in err
