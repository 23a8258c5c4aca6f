"""officebill-cli statements / receipts: a round trip through the command line (money in JSON as "12.50")."""
import json

import pdfplumber

from officebill.cli import main

from .billing.statement_office import make_statement_office


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_statements_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "office.db"
    books = make_statement_office(path)
    accounts = books.accounts
    books.office.close()
    db = ("--db", str(path))
    date = ("--date", "2026-04-15")

    code, out, _ = _run(capsys, *db, "statements", "due", *date, "--json")
    due = {row["account"]: row for row in json.loads(out)["due"]}
    assert code == 0 and due[accounts["old"]]["balance"] == "143.00" and due[accounts["nowhere"]]["problem"]

    code, out, _ = _run(capsys, *db, "statements", "hold", accounts["new"].lower(), "--reason", "payment plan")
    assert code == 0 and "on hold" in out

    code, out, _ = _run(capsys, *db, "statements", "run", "--out", str(tmp_path / "dry.pdf"), "--dry-run", *date,
                        "--json")
    dry = json.loads(out)
    assert code == 0 and dry["id"] is None and dry["dry_run"] and dry["statements"] == 2 and dry["total"] == "228.00"
    assert [s["account"] for s in dry["skipped"]] == [accounts["nowhere"]]

    code, out, _ = _run(capsys, *db, "statements", "release", accounts["new"])
    assert code == 0 and "gets statements again" in out
    code, out, _ = _run(capsys, *db, "statements", "run", "--out", str(tmp_path / "run.pdf"), *date, "--json")
    run = json.loads(out)
    assert code == 0 and run["id"] == 1 and run["statements"] == 3 and run["total"] == "328.00"
    assert sorted(run["accounts"]) == sorted([accounts["old"], accounts["new"], accounts["child"]])

    code, _, err = _run(capsys, *db, "statements", "run", "--out", str(tmp_path / "again.pdf"), *date)
    assert code == 1 and "No statement can be mailed" in err and not (tmp_path / "again.pdf").exists()

    code, out, _ = _run(capsys, *db, "statements", "runs", "--json")
    assert code == 0 and [(r["id"], r["statements"], r["total"]) for r in json.loads(out)["runs"]] == [(1, 3, "328.00")]

    code, out, _ = _run(capsys, *db, "statements", "reprint", "1", "--out", str(tmp_path / "reprint.pdf"))
    assert code == 0 and (tmp_path / "reprint.pdf").read_bytes() == (tmp_path / "run.pdf").read_bytes()

    code, out, _ = _run(capsys, *db, "statements", "preview", accounts["insured"], "--out", str(tmp_path / "p.pdf"),
                        *date)
    assert code == 0 and "balance due $0.00" in out
    code, _, err = _run(capsys, *db, "statements", "preview", "Z999", "--out", str(tmp_path / "z.pdf"))
    assert code == 1 and "There is no account Z999" in err
    code, _, err = _run(capsys, *db, "statements", "run", "--out", str(tmp_path / "x.pdf"), "--date", "31/31/2026")
    assert code == 1 and "--date" in err and "Traceback" not in err

    code, out, _ = _run(capsys, *db, "statements", "settings", "--minimum", "100", "--cycle-days", "45",
                        "--message", "over-90", "Please call us.", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["minimum"] == "100.00" and shown["cycle_days"] == 45
    assert shown["messages"]["over_90"] == "Please call us."
    for day, expected in (("2026-05-15", []), ("2026-06-01", [accounts["old"], accounts["new"]])):
        code, out, _ = _run(capsys, *db, "statements", "due", "--date", day, "--json")
        assert [row["account"] for row in json.loads(out)["due"]] == expected  # CHILD owes under 100.00
    code, _, err = _run(capsys, *db, "statements", "settings", "--cycle-days", "0")
    assert code == 1 and "cycle_days:" in err
    code, _, err = _run(capsys, *db, "statements", "settings", "--message", "later", "x")
    assert code == 1 and "--message" in err

    code, out, _ = _run(capsys, *db, "receipts", "print", accounts["new"], "--out", str(tmp_path / "r.pdf"))
    assert code == 0 and "Card ending 4242" in out
    with pdfplumber.open(tmp_path / "r.pdf") as pdf:
        assert "$25.00" in pdf.pages[0].extract_text()
    code, _, err = _run(capsys, *db, "receipts", "print", accounts["new"], "--batch", "999",
                        "--out", str(tmp_path / "r2.pdf"))
    assert code == 1 and "batch:" in err
