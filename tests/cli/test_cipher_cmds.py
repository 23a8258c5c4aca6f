"""officebill-cli encrypt, decrypt and recover: a manager converts the office in place (every row kept, the
recovery key printed once), the recovery key sets a new password, and refusals change nothing."""
from __future__ import annotations

import re
import shutil
import sqlite3

import pytest

from officebill.cli import main
from officebill.core import key_wrap
from officebill.office import Office
from officebill.storage import cipher

BOSS, BILL = "manager password 26", "biller password 26"
RECOVERY = re.compile(r"\b([A-Z2-7]{4}(?:-[A-Z2-7]{4}){8})\b")


@pytest.fixture(autouse=True)
def _cheap_wraps(monkeypatch):
    monkeypatch.setattr(key_wrap, "_N", 2 ** 10)  # the cost travels in each wrap; tests/storage checks the real one
    cipher.forget_keys()
    monkeypatch.setenv("OFFICEBILL_USER", "boss")
    monkeypatch.setenv("OFFICEBILL_PASSWORD", BOSS)
    yield
    cipher.forget_keys()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "office.db"
    with Office.create(path) as office:
        office.users.add("boss", "Boss", "manager", BOSS)
        office.users.add("bill", "Bill", "biller", BILL, must_change_password=False)
    return path


@pytest.fixture
def office_path(template, tmp_path):
    path = tmp_path / "office.db"
    shutil.copyfile(template, path)
    return path


def _counts(conn) -> dict[str, int]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def test_encrypt_prints_the_recovery_key_once_and_decrypt_brings_every_row_back(office_path, capsys):
    before = _counts(sqlite3.connect(office_path))
    assert main(["--db", str(office_path), "encrypt"]) == 0
    out = capsys.readouterr().out
    assert len(RECOVERY.findall(out)) == 1 and "gone for good" in out
    assert "users reset NAME, for bill" in out
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(office_path).execute("select * from sqlite_master").fetchall()
    cipher.forget_keys()
    assert main(["--db", str(office_path), "users", "list"]) == 0  # signs in through the key file
    cipher.forget_keys()
    assert main(["--db", str(office_path), "decrypt"]) == 0
    after = _counts(sqlite3.connect(office_path))
    trail = ("audit", "audit_chain")  # the sign-ins between are audited
    assert {k: v for k, v in after.items() if k not in trail} == {k: v for k, v in before.items() if k not in trail}
    assert all(after[name] > before[name] for name in trail)


def test_only_a_manager_encrypts_and_a_wrong_password_changes_nothing(office_path, capsys, monkeypatch):
    original = office_path.read_bytes()
    monkeypatch.setenv("OFFICEBILL_USER", "bill")
    monkeypatch.setenv("OFFICEBILL_PASSWORD", BILL)
    assert main(["--db", str(office_path), "encrypt"]) == 1
    assert "manager" in capsys.readouterr().err
    monkeypatch.setenv("OFFICEBILL_USER", "boss")
    monkeypatch.setenv("OFFICEBILL_PASSWORD", "not the password")
    assert main(["--db", str(office_path), "encrypt"]) == 1
    assert "wrong" in capsys.readouterr().err
    assert office_path.read_bytes()[:16] == original[:16] == b"SQLite format 3\x00"


def test_recover_sets_a_new_password_and_a_wrong_key_is_refused(office_path, capsys, monkeypatch):
    assert main(["--db", str(office_path), "encrypt"]) == 0
    recovery = RECOVERY.search(capsys.readouterr().out).group(1)
    cipher.forget_keys()
    monkeypatch.setenv("OFFICEBILL_NEW_PASSWORD", "recovered password 1")
    monkeypatch.setenv("OFFICEBILL_RECOVERY_KEY", key_wrap.recovery_text(key_wrap.new_recovery_secret()))
    assert main(["--db", str(office_path), "recover"]) == 1
    assert "not the recovery key of this office" in capsys.readouterr().err
    monkeypatch.setenv("OFFICEBILL_RECOVERY_KEY", recovery)
    assert main(["--db", str(office_path), "recover"]) == 0
    cipher.forget_keys()
    monkeypatch.setenv("OFFICEBILL_PASSWORD", "recovered password 1")
    assert main(["--db", str(office_path), "users", "list"]) == 0


def test_an_encrypted_office_without_a_password_says_what_is_needed(office_path, capsys, monkeypatch):
    assert main(["--db", str(office_path), "encrypt"]) == 0
    cipher.forget_keys()
    monkeypatch.delenv("OFFICEBILL_USER")
    assert main(["--db", str(office_path), "users", "list"]) == 1
    assert "--user NAME" in capsys.readouterr().err


def test_backup_check_and_restore_of_an_encrypted_office_from_the_command_line(office_path, capsys):
    assert main(["--db", str(office_path), "encrypt"]) == 0
    cipher.forget_keys()
    assert main(["--db", str(office_path), "backup"]) == 0
    [backup] = sorted((office_path.parent / "backups").glob("office-*-backup.db"))
    assert backup.read_bytes()[:16] != b"SQLite format 3\x00" and (office_path.parent / "backups" / (
        backup.name + ".keys")).exists()
    cipher.forget_keys()
    assert main(["--db", str(office_path), "check"]) == 0
    cipher.forget_keys()
    capsys.readouterr()
    assert main(["--db", str(office_path), "restore", str(backup)]) == 0, capsys.readouterr().err
    cipher.forget_keys()
    assert main(["--db", str(office_path), "users", "list"]) == 0
