"""officebill-cli: office commands, --db, --json, errors on stderr with non-zero exit."""
import json
import shutil
import sqlite3
import subprocess
import sys

import pytest

from officebill.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_db(tmp_path, capsys):
    path = tmp_path / "office.db"
    assert run(capsys, "--db", str(path), "demo", "--today", "2026-11-27")[0] == 0
    return path


def test_demo_and_listings(demo_db, capsys):
    code, out, _ = run(capsys, "--db", str(demo_db), "patients", "--json")
    assert code == 0
    patients = json.loads(out)
    assert len(patients) == 50 and {"account", "last_name", "dob"} <= set(patients[0])
    code, out, _ = run(capsys, "--db", str(demo_db), "patient", patients[0]["account"], "--json")
    shown = json.loads(out)
    assert shown["patient"]["account"] == patients[0]["account"] and shown["policies"]
    code, out, _ = run(capsys, "--db", str(demo_db), "setup", "--json")
    assert json.loads(out)["practice"]["name"] == "Maple Street Family Medicine"
    code, out, _ = run(capsys, "--db", str(demo_db), "procedures", "list", "--json")
    assert len(json.loads(out)) == 25
    code, out, _ = run(capsys, "--db", str(demo_db), "audit", "--limit", "5", "--json")
    assert len(json.loads(out)) == 5


def test_user_errors_are_messages_not_tracebacks(demo_db, tmp_path, capsys):
    code, out, err = run(capsys, "--db", str(demo_db), "demo")
    assert code == 1 and err.startswith("error: The demo office can only be built")
    code, _, err = run(capsys, "--db", str(demo_db), "patient", "Z999")
    assert code == 1 and "No patient has account Z999" in err
    code, _, err = run(capsys, "--db", str(demo_db), "restore", str(tmp_path / "nope.db"))
    assert code == 1 and "does not exist" in err
    newer = tmp_path / "newer.db"
    shutil.copy(demo_db, newer)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 500")
    conn.commit()
    conn.close()
    code, _, err = run(capsys, "--db", str(newer), "patients")
    assert code == 1 and "newer version of OfficeBill" in err
    bad_csv = tmp_path / "fees.csv"
    bad_csv.write_text("code,label,charge\n99213,Visit,abc\n")
    code, _, err = run(capsys, "--db", str(demo_db), "procedures", "import", str(bad_csv))
    assert code == 1 and "row 2.charge" in err


def test_backup_restore_check(demo_db, tmp_path, capsys):
    code, out, _ = run(capsys, "--db", str(demo_db), "backup", "--to", str(tmp_path / "b"))
    assert code == 0
    made = out.strip()
    code, out, _ = run(capsys, "--db", str(demo_db), "check", "--json")
    assert code == 0 and json.loads(out)["ok"] is True
    code, out, _ = run(capsys, "--db", str(demo_db), "restore", made)
    assert code == 0 and "kept" in out


def test_default_location_from_officebill_home(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OFFICEBILL_HOME", str(tmp_path / "home"))
    assert run(capsys, "demo")[0] == 0
    assert (tmp_path / "home" / "office.db").exists()


def test_installed_entry_point_runs():
    result = subprocess.run([sys.executable, "-m", "officebill.cli", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "officebill-cli" in result.stdout
