"""officebill-cli: office commands, --db, --json, errors on stderr with non-zero exit."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from officebill.cli import main

CLI = Path(sys.executable).with_name("officebill-cli" + (".exe" if os.name == "nt" else ""))  # the venv's script


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_db(tmp_path, capsys, codes_db):
    path = tmp_path / "office.db"
    (tmp_path / "codes.db").symlink_to(codes_db)  # claims need the code database: the session's, not a new build
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


def test_default_location_from_officebill_home(tmp_path, monkeypatch, capsys, codes_db):
    monkeypatch.setenv("OFFICEBILL_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "codes.db").symlink_to(codes_db)  # the demo year makes claims: the session's codes
    assert run(capsys, "demo")[0] == 0
    assert (tmp_path / "home" / "office.db").exists()


def installed(*argv, cwd=None):
    """Runs the installed `officebill-cli` console script (beside this Python) as a user would."""
    assert CLI.is_file(), f"{CLI} is missing: install the package into this environment (pip install -e .)"
    return subprocess.run([str(CLI), *argv], capture_output=True, text=True, timeout=120, cwd=cwd)


def test_module_entry_point_runs():
    result = subprocess.run([sys.executable, "-m", "officebill.cli", "--help"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and "officebill-cli" in result.stdout


def test_installed_command_runs(tmp_path):
    shown = installed("--help")
    assert shown.returncode == 0 and shown.stdout.startswith("usage: officebill-cli") and shown.stderr == ""
    path = tmp_path / "clinic" / "office.db"
    made = installed("--db", str(path), "new")
    assert made.returncode == 0 and str(path) in made.stdout and made.stderr == ""
    assert path.is_file()
    listed = installed("--db", str(path), "patients", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout) == []


# ------------------------------------------------------------------ issue 13's CLI defects
def test_a_mistyped_db_is_an_error_naming_it_and_creates_nothing(tmp_path, capsys):
    """Defect 3: a command on a missing file used to create an empty office (and its folders)."""
    typo = tmp_path / "x" / "typo.db"
    for argv in (["patients"], ["setup"], ["claims", "list"], ["procedures", "list"]):
        code, out, err = run(capsys, "--db", str(typo), *argv)
        assert code == 1 and str(typo) in err and err.startswith("error:"), (argv, err)
        assert "Traceback" not in err and out == ""
    assert list(tmp_path.iterdir()) == []  # no file, no folder
    result = installed("--db", str(typo), "patients")
    assert result.returncode == 1 and str(typo) in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_creates_the_office_and_a_second_new_refuses(tmp_path, capsys):
    path = tmp_path / "made" / "office.db"
    code, out, _ = run(capsys, "--db", str(path), "new")
    assert code == 0 and path.is_file() and str(path) in out
    before = path.read_bytes()
    code, out, err = run(capsys, "--db", str(path), "new")
    assert code == 1 and "already exists" in err and str(path) in err and out == ""
    assert path.read_bytes() == before
    code, out, _ = run(capsys, "--db", str(path), "patients", "--json")
    assert code == 0 and json.loads(out) == []


def test_a_one_row_csv_updates_an_existing_code_and_dry_run_agrees(tmp_path, capsys):
    """Defect 4: a one-row CSV could not update a code on the list ("already on the list")."""
    path = tmp_path / "office.db"
    assert run(capsys, "--db", str(path), "new")[0] == 0
    first = tmp_path / "first.csv"
    first.write_text("code,label,charge\n99213,Office visit,125.00\n99214,Visit level 4,185.00\n")
    assert run(capsys, "--db", str(path), "procedures", "import", str(first))[0] == 0
    one = tmp_path / "one.csv"
    one.write_text("code,label,charge\n99213,Office visit level 3,130.00\n")

    code, out, err = run(capsys, "--db", str(path), "procedures", "import", str(one), "--dry-run")
    assert (code, err) == (0, "") and "1 row(s) read, 0 problem(s)" in out
    code, out, err = run(capsys, "--db", str(path), "procedures", "import", str(one))
    assert (code, err) == (0, "") and "Imported 1 procedure(s)" in out

    code, out, _ = run(capsys, "--db", str(path), "procedures", "list", "--json")
    listed = {p["code"]: p for p in json.loads(out)}
    assert set(listed) == {"99213", "99214"}  # the other code is kept
    assert listed["99213"]["label"] == "Office visit level 3" and listed["99213"]["charge"] == "130.00"
    assert listed["99214"]["label"] == "Visit level 4"


@pytest.mark.parametrize("argv", [["--no-such-option"], ["frobnicate"], [], ["claims", "print", "--ids", "one"],
                                  ["patients", "--limit", "many"]])
def test_argument_errors_exit_1_with_error_on_stderr(argv, tmp_path, capsys):
    """Defect 9: argparse exited 2 while the README says every mistake exits 1."""
    with pytest.raises(SystemExit) as raised:
        main(["--db", str(tmp_path / "office.db"), *argv])
    out, err = capsys.readouterr()
    assert raised.value.code == 1 and "error:" in err and out == ""
    assert not (tmp_path / "office.db").exists()


def test_the_installed_command_exits_1_on_an_argument_error():
    result = installed("patients", "--no-such-option")
    assert result.returncode == 1 and "error: unrecognized arguments: --no-such-option" in result.stderr


def test_setup_of_an_empty_office_is_a_sentence_not_empty_headings(tmp_path, capsys):
    path = tmp_path / "office.db"
    assert run(capsys, "--db", str(path), "new")[0] == 0
    code, out, err = run(capsys, "--db", str(path), "setup")
    assert (code, err) == (0, "")
    assert "no practice set up yet" in out and str(path) in out
    assert not any(heading in out for heading in ("Providers:", "Facilities:", "Payers:", "NPI"))


def test_print_all_ready_when_every_claim_is_printed_says_so(demo_db, tmp_path, capsys):
    db = ["--db", str(demo_db)]
    pdf = tmp_path / "claims.pdf"
    code, out, err = run(capsys, *db, "claims", "print", "--all-ready", "--out", str(pdf))
    assert code == 1 and "make claims for new visits (claims make)" in err  # the demo year's are all printed
    assert run(capsys, *db, "claims", "make")[0] == 0
    assert run(capsys, *db, "claims", "print", "--all-ready", "--out", str(pdf))[0] == 0
    pdf.unlink()
    code, out, err = run(capsys, *db, "claims", "print", "--all-ready", "--out", str(pdf))
    assert code == 1 and "printed or sent already" in err and "make claims from visits first" not in err
    assert not pdf.exists()
