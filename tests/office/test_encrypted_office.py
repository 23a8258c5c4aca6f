"""An encrypted office through the facade: sign-in unwraps the key, passwords rewrap it (safely across a
crash between the key file and the users row), the recovery key, backups and restores, and each bad input
refused with a clear message that changes nothing."""
from __future__ import annotations

import shutil

import pytest

from officebill.core import key_wrap
from officebill.core.problems import UserError
from officebill.office import Office, restore_backup
from officebill.office.encryption import encrypt_file
from officebill.office.session import EncryptedSignInRequired, SignInFailed
from officebill.storage import cipher
from officebill.storage.keyfile import key_path, office_key_file

BOSS, BILL = "manager password 26", "biller password 26"


@pytest.fixture(autouse=True)
def _cheap_wraps(monkeypatch):
    monkeypatch.setattr(key_wrap, "_N", 2 ** 10)  # the cost travels in each wrap; tests/storage checks the real one
    cipher.forget_keys()
    yield
    cipher.forget_keys()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "office.db"
    with Office.create(path) as office:
        office.users.add("boss", "Boss", "manager", BOSS)
        office.users.add("bill", "Bill", "biller", BILL, must_change_password=False)
        office.setup.save_setting("backups_kept", 7)
    return path


@pytest.fixture(scope="module")
def encrypted_template(template, tmp_path_factory):
    """The template encrypted once per module, with wraps for boss and bill (cheap wraps, as in `_cheap_wraps`)."""
    path = tmp_path_factory.mktemp("encrypted") / "office.db"
    shutil.copyfile(template, path)
    cost = key_wrap._N
    key_wrap._N = 2 ** 10
    try:
        recovery = encrypt_file(path, {"boss": BOSS, "bill": BILL})
    finally:
        key_wrap._N = cost
    return path, recovery


@pytest.fixture
def encrypted(encrypted_template, tmp_path):
    """(path, recovery key text): a copy of the encrypted template with its key file; no key unlocked."""
    source, recovery = encrypted_template
    path = tmp_path / "office.db"
    shutil.copyfile(source, path)
    shutil.copyfile(key_path(source), key_path(path))
    cipher.forget_keys()
    return path, recovery


def _relock():
    cipher.forget_keys()


def test_sign_in_unwraps_the_key_and_the_office_opens(encrypted):
    path, _ = encrypted
    with pytest.raises(EncryptedSignInRequired, match="is encrypted"):
        Office.open(path, sign_in_later=True)
    with Office.open(path, user="bill", password=BILL) as office:
        assert office.session.user_name == "bill"
        assert office.setup.setting("backups_kept") == 7


def test_a_wrong_password_is_counted_before_the_key_is_known_and_audited_later(encrypted):
    path, _ = encrypted
    for _ in range(5):
        with pytest.raises(SignInFailed, match="wrong"):
            Office.open(path, user="bill", password="not the password")
    with pytest.raises(SignInFailed, match="5 wrong passwords in a row for bill: wait"):
        Office.open(path, user="bill", password=BILL)  # the delay holds even for the right password
    with pytest.raises(SignInFailed, match="user name or the password is wrong"):
        Office.open(path, user="nobody", password="whatever it is")
    assert office_key_file(path).failures("bill")[0] == 5
    assert not cipher._keyring  # nothing unlocked
    with Office.open(path, user="boss", password=BOSS) as office:
        whos = [entry.who for entry in office.audit.entries()]
        assert whos.count("bill (failed sign-in)") == 5
        assert "nobody (failed sign-in, no such user)" in whos
        assert office.audit.verify_chain().ok
    assert office_key_file(path).data["notes"] == []


def test_a_password_change_rewraps_the_key(encrypted):
    path, _ = encrypted
    with Office.open(path, user="bill", password=BILL) as office:
        office.users.change_password("bill", BILL, "a brand new password")
    assert len(office_key_file(path).wraps("bill")) == 1
    _relock()
    with pytest.raises(SignInFailed):
        Office.open(path, user="bill", password=BILL)
    Office.open(path, user="bill", password="a brand new password").close()


def test_a_crash_before_the_users_row_commits_keeps_the_old_password(encrypted, monkeypatch):
    path, _ = encrypted
    with Office.open(path, user="bill", password=BILL) as office:
        store = office.users.unguarded()._store

        def crash(*_args):
            raise RuntimeError("power cut")

        monkeypatch.setattr(store, "set_password", crash)
        with pytest.raises(RuntimeError):
            office.users.change_password("bill", BILL, "a brand new password")
    assert len(office_key_file(path).wraps("bill")) == 1
    _relock()
    Office.open(path, user="bill", password=BILL).close()


def test_a_crash_after_the_users_row_committed_lets_the_new_password_in(encrypted):
    path, _ = encrypted
    with Office.open(path, user="bill", password=BILL) as office:
        keys = office_key_file(path)
        keys.add_wrap("bill", key_wrap.wrap_key(cipher.key_for(path), "a brand new password"))
        keys.save()  # the new wrap is written; then the row commits; then the process dies: the old wrap stays
        office.users.unguarded()._wraps = None
        office.users.change_password("bill", BILL, "a brand new password")
    assert len(office_key_file(path).wraps("bill")) == 2
    _relock()
    with pytest.raises(SignInFailed):
        Office.open(path, user="bill", password=BILL)  # the old wrap opens the key; the users row says no
    _relock()
    Office.open(path, user="bill", password="a brand new password").close()
    assert len(office_key_file(path).wraps("bill")) == 1  # the stale wrap is gone


def test_a_new_user_a_reset_and_a_disabled_user(encrypted):
    path, _ = encrypted
    with Office.open(path, user="boss", password=BOSS) as office:
        office.users.add("desk", "Desk", "front desk", "temporary password 1")
        office.users.disable("bill")
    assert office_key_file(path).wraps("bill") == []
    _relock()
    with Office.open(path, user="desk", password="temporary password 1") as office:
        assert office.session.must_change_password
    _relock()
    with pytest.raises(SignInFailed, match="bill is disabled and cannot sign in"):
        Office.open(path, user="bill", password=BILL)
    _relock()
    with Office.open(path, user="boss", password=BOSS) as office:
        office.users.enable("bill")
        office.users.reset("bill", "temporary password 2")
    _relock()
    Office.open(path, user="bill", password="temporary password 2").close()


def test_the_recovery_key_opens_it_and_sets_a_new_password(encrypted):
    path, recovery = encrypted
    with Office.recover(path, recovery.lower(), "boss", "recovered password 1") as office:
        assert office.session.user_name == "boss"
        assert "boss (recovery key)" in [entry.who for entry in office.audit.entries()]
    _relock()
    Office.open(path, user="boss", password="recovered password 1").close()


def test_the_recovery_key_opens_it_without_its_key_file(encrypted):
    path, recovery = encrypted
    key_path(path).unlink()
    with pytest.raises(UserError, match="key file office.db.keys is not beside it.*recovery key"):
        Office.open(path, user="boss", password=BOSS)
    Office.recover(path, recovery, "boss", "recovered password 1").close()
    _relock()
    Office.open(path, user="boss", password="recovered password 1").close()


def test_a_wrong_or_mistyped_recovery_key_changes_nothing(encrypted, tmp_path):
    path, recovery = encrypted
    before = key_path(path).read_bytes()
    other = key_wrap.recovery_text(key_wrap.new_recovery_secret())
    with pytest.raises(SignInFailed, match="not the recovery key of this office"):
        Office.recover(path, other, "boss", "recovered password 1")
    typo = ("B" if recovery[0] != "B" else "C") + recovery[1:]
    with pytest.raises(SignInFailed, match="mistyped"):
        Office.recover(path, typo, "boss", "recovered password 1")
    with pytest.raises(UserError, match="not a manager"):
        Office.recover(path, recovery, "bill", "recovered password 1")
    assert key_path(path).read_bytes() == before


def test_backup_and_restore_of_an_encrypted_office(encrypted):
    path, _ = encrypted
    with Office.open(path, user="boss", password=BOSS) as office:
        backup = office.backups.make()
        office.setup.save_setting("backups_kept", 9)
        assert office.audit.verify_chain().ok
    assert backup.read_bytes()[:16] != b"SQLite format 3\x00"
    assert key_path(backup).exists()
    assert office.backups.unguarded().content_problems() == []
    restore_backup(backup, path)
    _relock()
    with Office.open(path, user="boss", password=BOSS) as office:
        assert office.setup.setting("backups_kept") == 7
        assert path.read_bytes()[:16] != b"SQLite format 3\x00"


def test_a_plain_backup_restored_into_an_encrypted_office_is_encrypted_with_its_key(encrypted, template):
    path, _ = encrypted
    Office.open(path, user="boss", password=BOSS).close()  # unlocked, as the restore command signs in first
    restore_backup(template, path)
    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    _relock()
    Office.open(path, user="bill", password=BILL).close()


def test_an_unknown_name_is_audited_in_a_plain_office_without_saying_so(template, tmp_path):
    path = tmp_path / "office.db"
    shutil.copyfile(template, path)
    with Office.open(path, sign_in_later=True) as office:
        with pytest.raises(SignInFailed, match="user name or the password is wrong"):
            office.sign_in("mallory", "some password 12")
        office.sign_in("boss", BOSS)
        assert "mallory (failed sign-in, no such user)" in [entry.who for entry in office.audit.entries()]
        assert office.audit.verify_chain().ok


def test_the_checks_and_compacting_work_on_an_encrypted_office_and_its_backups(encrypted):
    from officebill.office import optimize_office_file

    path, _ = encrypted
    with Office.open(path, user="boss", password=BOSS) as office:
        office.backups.make()
        assert office.backups.integrity_problems() == []
        assert office.backups.content_problems() == []
        [(_whole, size)] = office.backups.table_sizes()  # SQLCipher has no dbstat: the whole file
        assert isinstance(size, int) and size == path.stat().st_size
        assert office.audit.verify_chain().ok and office.audit.chain_problems() == []
    result = optimize_office_file(path, compact=True)
    assert result["kept"] is not None and path.read_bytes()[:16] != b"SQLite format 3\x00"
    _relock()
    with Office.open(path, user="boss", password=BOSS) as office:
        assert office.audit.chain_problems() == []
