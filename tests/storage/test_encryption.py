"""The encrypted office file: unreadable without its key, readable with it, converted in place safely, and
refused with a clear message when the key file is missing, foreign or contradicts the file."""
from __future__ import annotations

import json
import shutil
import sqlite3
import stat

import pytest

from officebill.core import key_wrap
from officebill.core.key_wrap import (
    RecoveryKeyMistyped,
    database_key,
    key_id,
    new_recovery_secret,
    parse_recovery_text,
    recovery_text,
    unwrap_key,
    wrap_key,
)
from officebill.core.problems import UserError
from officebill.office import Office
from officebill.storage import cipher, conversion
from officebill.storage.content import content_problems, table_names
from officebill.storage.database import open_office_db
from officebill.storage.errors import OfficeFileError
from officebill.storage.keyfile import key_path, pending_path

PASSWORD = "manager password 26"


@pytest.fixture(autouse=True)
def _no_keys_left(monkeypatch):
    monkeypatch.setattr(key_wrap, "_N", 2 ** 10)  # cheap wraps (the cost travels in each wrap; checked below)
    cipher.forget_keys()
    yield
    cipher.forget_keys()
    conversion.step_hook = None


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A plain office with one manager, made once per module (each test copies it)."""
    path = tmp_path_factory.mktemp("template") / "office.db"
    with Office.create(path) as office:
        office.users.add("boss", "Boss", "manager", PASSWORD)
        office.setup.save_setting("backups_kept", 7)
    return path


@pytest.fixture(autouse=True)
def _template(template, monkeypatch):
    monkeypatch.setitem(_made, "template", template)


_made: dict = {}


def _office(path):
    shutil.copyfile(_made["template"], path)
    return path


def _counts(conn) -> dict[str, int]:
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in table_names(conn)}


def _encrypted(tmp_path):
    path = _office(tmp_path / "office.db")
    key = database_key(new_recovery_secret())
    conversion.encrypt_office(path, key, {"boss": wrap_key(key, PASSWORD)})
    return path, key


def test_an_encrypted_file_is_unreadable_by_plain_sqlite_and_readable_with_its_key(tmp_path):
    path = _office(tmp_path / "office.db")
    before = _counts(sqlite3.connect(path))
    key = database_key(new_recovery_secret())
    conversion.encrypt_office(path, key, {"boss": wrap_key(key, PASSWORD)})
    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("select * from sqlite_master").fetchall()
    conn = cipher.connect_readonly(path, key)
    assert _counts(conn) == before  # every row kept
    conn.close()
    assert not cipher.opens_with(path, database_key(new_recovery_secret()))
    assert stat.S_IMODE(key_path(path).stat().st_mode) == 0o600
    assert json.loads(key_path(path).read_text())["key_id"] == key_id(key)
    assert not conversion.converting_path(path).exists()


def test_decrypt_in_place_keeps_every_row_and_removes_the_key_file(tmp_path):
    path, key = _encrypted(tmp_path)
    cipher.remember_key(key)
    with cipher.connect_readonly(path) as conn:
        before = _counts(conn)
    conversion.decrypt_office(path, key)
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert _counts(sqlite3.connect(path)) == before
    assert not key_path(path).exists() and not pending_path(path).exists()
    assert content_problems(path) == []


class Crash(BaseException):
    """A kill at a step (BaseException: nothing in the conversion catches it)."""


@pytest.mark.parametrize("step", ["checkpointed", "exported", "verified", "pending-written", "swapped"])
def test_a_crash_while_encrypting_leaves_a_whole_file_with_a_matching_key_file(tmp_path, step):
    path = _office(tmp_path / "office.db")
    with open_office_db(path) as db:
        before = _counts(db.conn)

    def crash(name):
        if name == step:
            raise Crash(name)

    conversion.step_hook = crash
    key = database_key(new_recovery_secret())
    with pytest.raises(Crash):
        conversion.encrypt_office(path, key, {"boss": wrap_key(key, PASSWORD)})
    conversion.step_hook = None
    cipher.remember_key(key)  # as if the person signed in again with the same password
    db = open_office_db(path)  # settles the pending key file first
    try:
        assert _counts(db.conn) == before
    finally:
        db.close()
    swapped = step == "swapped"
    assert (path.read_bytes()[:16] != b"SQLite format 3\x00") is swapped
    assert key_path(path).exists() is swapped
    assert not pending_path(path).exists() and not conversion.converting_path(path).exists()


@pytest.mark.parametrize("step", ["exported", "pending-written", "swapped"])
def test_a_crash_while_decrypting_leaves_a_whole_file_with_a_matching_key_file(tmp_path, step):
    path, key = _encrypted(tmp_path)
    cipher.remember_key(key)

    def crash(name):
        if name == step:
            raise Crash(name)

    conversion.step_hook = crash
    with pytest.raises(Crash):
        conversion.decrypt_office(path, key)
    conversion.step_hook = None
    open_office_db(path).close()
    swapped = step == "swapped"
    assert (path.read_bytes()[:16] == b"SQLite format 3\x00") is swapped
    assert key_path(path).exists() is not swapped
    assert not pending_path(path).exists()


def test_a_locked_office_a_missing_key_file_a_foreign_one_and_a_plain_file_are_refused(tmp_path):
    path, key = _encrypted(tmp_path)
    with pytest.raises(cipher.EncryptedOfficeLocked, match="is encrypted"):
        open_office_db(path)
    keys = key_path(path).read_bytes()
    key_path(path).unlink()
    with pytest.raises(OfficeFileError, match=r"key file office\.db\.keys is missing.*recovery key"):
        open_office_db(path)
    (tmp_path / "other").mkdir()
    other, _other_key = _encrypted(tmp_path / "other")
    key_path(path).write_bytes(key_path(other).read_bytes())
    with pytest.raises(OfficeFileError, match="does not belong to office.db"):
        open_office_db(path, key=key)
    key_path(path).write_bytes(keys)
    plain = _office(tmp_path / "plain.db")
    key_path(plain).write_bytes(keys)
    with pytest.raises(OfficeFileError, match="is not encrypted, but its key file"):
        open_office_db(plain)
    assert plain.read_bytes()[:16] == b"SQLite format 3\x00"  # nothing changed


def test_wraps_open_only_with_their_password_and_are_fresh_each_time(monkeypatch):
    monkeypatch.undo()  # the real cost: 32 MiB of memory per try
    assert key_wrap._N == 2 ** 15
    key = database_key(new_recovery_secret())
    first, second = wrap_key(key, PASSWORD), wrap_key(key, PASSWORD)
    assert first["salt"] != second["salt"] and first["data"] != second["data"]
    assert unwrap_key(first, PASSWORD) == key
    assert unwrap_key(first, PASSWORD + "x") is None
    tampered = dict(first, data=second["data"])
    assert unwrap_key(tampered, PASSWORD) is None


def test_the_recovery_key_tells_a_typo_from_a_wrong_key():
    secret = new_recovery_secret()
    text = recovery_text(secret)
    assert len(text.split("-")) == 9 and all(len(group) == 4 for group in text.split("-"))
    assert parse_recovery_text(text.lower().replace("-", " ")) == secret
    typo = ("B" if text[0] != "B" else "C") + text[1:]
    with pytest.raises(RecoveryKeyMistyped, match="mistyped"):
        parse_recovery_text(typo)
    with pytest.raises(RecoveryKeyMistyped, match="nine groups"):
        parse_recovery_text(text[:-5])
    other = recovery_text(new_recovery_secret())
    assert database_key(parse_recovery_text(other)) != database_key(secret)  # well formed, another key


def test_encrypting_an_encrypted_file_is_refused(tmp_path):
    path, key = _encrypted(tmp_path)
    with pytest.raises(UserError, match="encrypted already"):
        conversion.encrypt_office(path, key, {})


def test_an_encrypted_office_of_an_older_version_migrates_over_sqlcipher_with_an_encrypted_backup(tmp_path,
                                                                                                 monkeypatch):
    from officebill.storage import migrations
    from officebill.storage.backup import backups_dir, list_backups
    from tests.storage.older_files import office_file_at

    path = tmp_path / "office.db"
    office_file_at(path, monkeypatch, 10, "")
    key = database_key(new_recovery_secret())
    conversion.encrypt_office(path, key, {})
    cipher.remember_key(key)
    db = open_office_db(path)  # migrations 11 on, the audit seal function and FTS5 tables, all over SQLCipher
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(migrations.MIGRATIONS)
        assert db.execute("SELECT count(*) FROM patients_fts WHERE patients_fts MATCH 'x*'").fetchone() == (0,)
    finally:
        db.close()
    [before] = [b for b in list_backups(backups_dir(path), "office") if b.kind == "before-migration"]
    assert before.path.read_bytes()[:16] != b"SQLite format 3\x00" and key_path(before.path).exists()
    assert content_problems(before.path) == []  # readable with the key named by its own key file
