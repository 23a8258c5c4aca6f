"""officebill-cli signs in: --user with OFFICEBILL_PASSWORD (or a prompt), the users commands, and the
messages for a missing user, a wrong password, a disabled user and a refused command (no patient data shown,
nothing changed)."""
import contextlib
import io
import json
import shutil
import sqlite3

import pytest

from officebill.cli import main
from officebill.demo import DEMO_USERS
from officebill.office import Office
from tests.conftest import DEMO_TODAY

PASSWORD = {name: password for name, _full, _role, password in DEMO_USERS}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def cli_demo_file(tmp_path_factory, codes_db):
    """`officebill-cli demo` run once for the module, with what it printed."""
    folder = tmp_path_factory.mktemp("cli_demo")
    (folder / "codes.db").symlink_to(codes_db)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["--db", str(folder / "office.db"), "demo", "--today", DEMO_TODAY.isoformat()]) == 0
    return folder / "office.db", printed.getvalue()


@pytest.fixture
def cli_demo(tmp_path, cli_demo_file, codes_db, monkeypatch):
    """A copy of the CLI's demo office (with the demo users); nobody signed in by the environment."""
    (tmp_path / "codes.db").symlink_to(codes_db)
    shutil.copyfile(cli_demo_file[0], tmp_path / "office.db")
    monkeypatch.delenv("OFFICEBILL_USER")
    monkeypatch.delenv("OFFICEBILL_PASSWORD")
    return tmp_path / "office.db"


def test_the_demo_prints_its_users(cli_demo_file):
    for name, _full, role, password in DEMO_USERS:
        assert f"{name:10} {role.value:11} password: {password}" in cli_demo_file[1]


def patient_names(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT last_name FROM patients")}
    finally:
        conn.close()


def file_state(path):
    conn = sqlite3.connect(path)
    try:
        return [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("audit", "claims", "users")]
    finally:
        conn.close()


def test_commands_sign_in_with_user_and_the_password_variable(cli_demo, capsys, monkeypatch):
    monkeypatch.setenv("OFFICEBILL_PASSWORD", PASSWORD["frontdesk"])
    code, out, _ = run(capsys, "--db", str(cli_demo), "--user", "frontdesk", "patients", "--json")
    assert code == 0 and len(json.loads(out)) == 50
    monkeypatch.setenv("OFFICEBILL_USER", "biller")
    monkeypatch.setenv("OFFICEBILL_PASSWORD", PASSWORD["biller"])
    code, out, _ = run(capsys, "--db", str(cli_demo), "claims", "make")
    assert code == 0


def test_the_password_prompt_when_no_variable_is_set(cli_demo, capsys, monkeypatch):
    asked = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or PASSWORD["manager"])
    code, out, _ = run(capsys, "--db", str(cli_demo), "--user", "manager", "users", "list")
    assert code == 0 and asked == ["Password for manager: "]
    assert "biller" in out and "frontdesk" in out and PASSWORD["biller"] not in out


@pytest.mark.parametrize("argv, env, message", [
    ([], {}, "has users, so every command signs in: add --user NAME"),
    (["--user", "frontdesk"], {"OFFICEBILL_PASSWORD": "not the password"}, "user name or the password is wrong"),
    (["--user", "nobody"], {"OFFICEBILL_PASSWORD": "not the password"}, "user name or the password is wrong"),
    (["--user", "frontdesk"], {"OFFICEBILL_PASSWORD": PASSWORD["frontdesk"]},
     "A biller or manager can make and correct claims; you are signed in as front desk."),
])
def test_refusals_are_clear_show_no_patient_and_change_nothing(cli_demo, capsys, monkeypatch, argv, env, message):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    names, before = patient_names(cli_demo), file_state(cli_demo)
    code, out, err = run(capsys, "--db", str(cli_demo), *argv, "claims", "make")
    assert code == 1 and message in err and out == ""
    assert not any(name in err for name in names)
    state = file_state(cli_demo)
    assert state[1:] == before[1:] and state[0] <= before[0] + 1  # at most the counted wrong password


def test_users_commands_add_list_disable_enable_reset_passwd(cli_demo, capsys, monkeypatch):
    db = ["--db", str(cli_demo)]
    monkeypatch.setenv("OFFICEBILL_USER", "manager")
    monkeypatch.setenv("OFFICEBILL_PASSWORD", PASSWORD["manager"])
    monkeypatch.setenv("OFFICEBILL_NEW_PASSWORD", "given password 1")
    code, out, _ = run(capsys, *db, "users", "add", "Lee", "--role", "biller", "--full-name", "Lee Park")
    assert code == 0 and "choose their own password" in out
    with pytest.raises(SystemExit):
        main([*db, "users", "add", "lee2", "--role", "janitor"])
    assert "invalid choice: 'janitor'" in capsys.readouterr().err
    code, out, _ = run(capsys, *db, "users", "list", "--json")
    lee = next(u for u in json.loads(out) if u["name"] == "Lee")
    assert lee == {"name": "Lee", "full_name": "Lee Park", "role": "biller", "can_sign_in": True,
                   "must_change_password": True, "failures_in_a_row": 0, "last_sign_in": None}
    code, out, _ = run(capsys, *db, "users", "role", "lee", "--role", "front desk")
    assert code == 0 and out.strip() == "Lee is now front desk."
    assert run(capsys, *db, "users", "disable", "lee")[0] == 0
    monkeypatch.setenv("OFFICEBILL_PASSWORD", "given password 1")
    code, _, err = run(capsys, *db, "--user", "lee", "patients")
    assert code == 1 and "lee is disabled" in err.lower()
    monkeypatch.setenv("OFFICEBILL_PASSWORD", PASSWORD["manager"])
    assert run(capsys, *db, "users", "enable", "lee")[0] == 0
    monkeypatch.setenv("OFFICEBILL_PASSWORD", "given password 1")
    code, _, err = run(capsys, *db, "--user", "lee", "patients")
    assert code == 1 and "users passwd" in err  # the forced change comes first
    monkeypatch.setenv("OFFICEBILL_NEW_PASSWORD", "lees own password")
    code, out, _ = run(capsys, *db, "--user", "lee", "users", "passwd")
    assert code == 0 and "changed" in out
    monkeypatch.setenv("OFFICEBILL_PASSWORD", "lees own password")
    assert run(capsys, *db, "--user", "lee", "patients")[0] == 0
    code, _, err = run(capsys, *db, "--user", "lee", "users", "reset", "frontdesk")
    assert code == 1 and "Only a manager can manage users; you are signed in as front desk." in err
    monkeypatch.setenv("OFFICEBILL_PASSWORD", PASSWORD["manager"])
    monkeypatch.setenv("OFFICEBILL_NEW_PASSWORD", "reset password 1")
    assert run(capsys, *db, "users", "reset", "lee")[0] == 0
    with Office.open(cli_demo, user="lee", password="reset password 1") as office:
        assert office.session.must_change_password


def test_restore_needs_a_manager(cli_demo, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("OFFICEBILL_PASSWORD", PASSWORD["manager"])
    code, out, _ = run(capsys, "--db", str(cli_demo), "--user", "manager", "backup", "--to", str(tmp_path / "b"))
    assert code == 0
    monkeypatch.setenv("OFFICEBILL_PASSWORD", PASSWORD["biller"])
    code, _, err = run(capsys, "--db", str(cli_demo), "--user", "biller", "restore", out.strip())
    assert code == 1 and "Only a manager can make and manage backups" in err


def test_the_first_manager_of_an_office_without_users(tmp_path, capsys, monkeypatch):
    db = ["--db", str(tmp_path / "office.db")]
    monkeypatch.delenv("OFFICEBILL_USER")
    monkeypatch.setenv("OFFICEBILL_PASSWORD", "first manager pw")
    assert run(capsys, *db, "new")[0] == 0
    code, out, _ = run(capsys, *db, "users", "list")
    assert code == 0 and "No users yet" in out
    code, out, _ = run(capsys, *db, "users", "add", "ann", "--role", "manager")
    assert code == 0 and out.strip() == "Added ann (manager)."
    code, _, err = run(capsys, *db, "users", "list")
    assert code == 1 and "--user NAME" in err
    assert run(capsys, *db, "--user", "ann", "users", "list")[0] == 0
