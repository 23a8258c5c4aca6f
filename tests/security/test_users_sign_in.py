"""Signing in: passwords, wrong passwords and the growing delay, disabled users, the forced change, the
manager's reset, signing out and switching user, and what the audit trail records (never a password)."""
import json
import sqlite3

import pytest

from officebill.core.passwords import hash_password, password_problem, sign_in_delay, verify_password
from officebill.core.permissions import Role
from officebill.core.problems import ValidationFailed
from officebill.office import Office
from officebill.office.session import NotAllowed, PasswordChangeRequired, Session, SignInFailed, SignInRequired
from tests.security.users_office import PASSWORDS, Clock, office_with_users, open_as


@pytest.fixture
def users_file(tmp_path):
    return office_with_users(tmp_path / "office.db")


def user_row(path, name):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT failures, last_failure, must_change, disabled FROM users WHERE name = ?",
                            [name]).fetchone()
    finally:
        conn.close()


def audit_text(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return json.dumps(conn.execute("SELECT * FROM audit").fetchall())
    finally:
        conn.close()


def test_hashes_are_salted_scrypt_and_check_only_the_right_password():
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first.startswith("scrypt$16384$8$1$") and first != second  # a fresh salt each time
    assert verify_password("correct horse battery", first) and verify_password("correct horse battery", second)
    assert not verify_password("correct horse batterY", first)
    assert not verify_password("correct horse battery", "scrypt$broken") and not verify_password("x", "")
    greedy = first.replace("scrypt$16384$", "scrypt$1073741824$")  # an edited row asking for 1 TiB of memory
    assert not verify_password("correct horse battery", greedy)
    assert "at least 12 characters" in password_problem("short pass") and password_problem("twelve chars") is None


def test_the_delay_starts_at_the_fifth_failure_and_doubles_up_to_a_cap():
    assert [sign_in_delay(n).total_seconds() for n in range(4, 9)] == [0, 1, 2, 4, 8]
    assert sign_in_delay(40).total_seconds() == 15 * 60


def test_a_file_with_users_opens_only_for_someone_who_signs_in(users_file):
    with pytest.raises(SignInRequired, match="has users: sign in"):
        Office.open(users_file)
    with open_as(users_file, "desk") as office:
        assert office.session == Session("desk", "Front Desk Person", Role.FRONT_DESK, False)
    with pytest.raises(SignInFailed, match="user name or the password is wrong"):
        Office.open(users_file, user="desk", password="not the password")
    with pytest.raises(SignInFailed, match="user name or the password is wrong"):  # the same words: no hint
        Office.open(users_file, user="nobody", password="not the password")


def test_a_file_without_users_is_open_to_whoever_opened_it(tmp_path):
    with Office.create(tmp_path / "office.db", who="script") as office:
        assert office.session is None and not office.has_users() and office.can("users.add")
        office.setup.save_setting("k", 1)
        assert office.audit.entries(table="settings")[0].who == "script"
        with pytest.raises(SignInFailed, match="no users yet"):
            office.sign_in("anyone", "any password at all")


def test_wrong_passwords_are_counted_in_the_file_and_audited_without_the_password(users_file):
    wrong = "a wrong password"
    for _ in range(2):
        with pytest.raises(SignInFailed):
            Office.open(users_file, user="bill", password=wrong)
    assert user_row(users_file, "bill")[0] == 2
    trail = audit_text(users_file)
    assert '"failures":2' in trail.replace(" ", "").replace("\\", "")
    assert wrong not in trail and PASSWORDS["bill"] not in trail and "scrypt$" not in trail
    with sqlite3.connect(users_file) as conn:  # the failure names the user tried, not the computer's account
        authors = [r[0] for r in conn.execute("SELECT who FROM audit WHERE tbl = 'users' AND action = 'update' AND after LIKE '%failures%'")]
    assert authors and set(authors) == {"bill (failed sign-in)"}
    with open_as(users_file, "bill"):  # a sign-in clears the count
        pass
    assert user_row(users_file, "bill")[0] == 0


def test_after_five_failures_a_growing_delay_that_holds_across_restarts(users_file):
    clock = Clock()
    office = Office.open(users_file, sign_in_later=True)
    office.users.clock = clock
    for _ in range(5):
        with pytest.raises(SignInFailed, match="wrong"):
            office.sign_in("desk", "a wrong password")
    with pytest.raises(SignInFailed, match="5 wrong passwords in a row for desk: wait 1 second"):
        office.sign_in("desk", PASSWORDS["desk"])  # even the right password waits
    office.close()
    again = Office.open(users_file, sign_in_later=True)  # a restart does not end the wait
    again.users.clock = clock
    with pytest.raises(SignInFailed, match="wait 1 second"):
        again.sign_in("desk", PASSWORDS["desk"])
    clock.advance(1)
    with pytest.raises(SignInFailed, match="user name or the password is wrong"):
        again.sign_in("desk", "still a wrong one")  # the 6th failure: 2 seconds now
    clock.advance(1)
    with pytest.raises(SignInFailed, match="6 wrong passwords in a row for desk: wait 1 second"):
        again.sign_in("desk", PASSWORDS["desk"])
    clock.advance(1)
    assert again.sign_in("desk", PASSWORDS["desk"]).user_name == "desk"
    assert next(u for u in again.users.unguarded().list() if u.name == "desk").failures == 0
    again.close()


def test_a_disabled_user_cannot_sign_in_until_enabled(users_file):
    with open_as(users_file, "boss") as office:
        office.users.disable("bill")
    with pytest.raises(SignInFailed, match="bill is disabled"):
        Office.open(users_file, user="bill", password=PASSWORDS["bill"])
    with pytest.raises(SignInFailed, match="wrong"):  # a wrong password says nothing about the user
        Office.open(users_file, user="bill", password="wrong password!")
    with open_as(users_file, "boss") as office:
        office.users.enable("bill")
    with open_as(users_file, "bill") as office:
        assert office.session.role is Role.BILLER


def test_a_new_user_must_choose_a_password_before_anything_else(users_file):
    with open_as(users_file, "boss") as office:
        added = office.users.add("Nina", "Nina New", "front desk", "given by boss 1").value
        assert added.must_change_password
    with Office.open(users_file, user="nina", password="given by boss 1") as office:  # names ignore case
        assert office.session.must_change_password
        with pytest.raises(PasswordChangeRequired, match="must choose a new password"):
            office.patients.find("")
        with pytest.raises(ValidationFailed) as short:
            office.users.change_password("Nina", "given by boss 1", "too short")
        assert short.value.for_field("new_password")
        with pytest.raises(ValidationFailed) as same:
            office.users.change_password("Nina", "given by boss 1", "given by boss 1")
        assert same.value.for_field("new_password")
        office.users.change_password("Nina", "given by boss 1", "ninas own password")
        assert not office.session.must_change_password
        assert office.patients.find("") == []
    with Office.open(users_file, user="Nina", password="ninas own password") as office:
        assert not office.session.must_change_password


def test_the_managers_reset_sets_a_password_to_change_and_ends_the_wait(users_file):
    clock = Clock()
    with Office.open(users_file, sign_in_later=True) as office:
        office.users.clock = clock
        for _ in range(6):
            with pytest.raises(SignInFailed):
                office.sign_in("bill", "wrong password again")
        office.sign_in("boss", PASSWORDS["boss"])
        office.users.reset("bill", "reset by the boss")
        office.sign_out()
        with pytest.raises(SignInFailed):
            office.sign_in("bill", PASSWORDS["bill"])  # the old password is gone
        assert office.sign_in("bill", "reset by the boss").must_change_password


def test_users_refuse_bad_input_and_change_nothing(users_file):
    with open_as(users_file, "boss") as office:
        before = office.users.list()
        for args, field in [(("x y", "", "biller", "a long password"), "name"),
                            (("bill", "", "biller", "a long password"), "name"),
                            (("newone", "", "janitor", "a long password"), "role"),
                            (("newone", "", "biller", "short"), "password"),
                            (("newone", "line\nbreak", "biller", "a long password"), "full_name")]:
            with pytest.raises(ValidationFailed) as failed:
                office.users.add(*args)
            assert failed.value.for_field(field), args
        with pytest.raises(ValidationFailed, match="no user"):
            office.users.disable("ghost")
        with pytest.raises(ValidationFailed, match="cannot disable yourself"):
            office.users.disable("boss")
        with pytest.raises(NotAllowed, match="only your own password"):
            office.users.change_password("bill", PASSWORDS["bill"], "a new password here")
        assert office.users.list() == before


def test_the_last_manager_cannot_be_disabled_or_lose_the_role(tmp_path):
    with Office.create(tmp_path / "office.db") as office:
        office.users.add("solo", "", "manager", "the only manager")
        with pytest.raises(ValidationFailed, match="only manager who can sign in"):
            office.users.disable("solo")
        with pytest.raises(ValidationFailed, match="only manager who can sign in"):
            office.users.set_role("solo", "biller")
        office.users.add("second", "", "biller", "the second user")
        with pytest.raises(ValidationFailed) as wrong:
            office.users.set_role("second", "boss")
        assert wrong.value.for_field("role")
        assert office.users.set_role("second", "manager").value.role is Role.MANAGER
        assert office.users.set_role("solo", "front desk").value.role is Role.FRONT_DESK


def test_a_new_role_applies_to_the_signed_in_user_at_once(users_file):
    with open_as(users_file, "boss") as office:
        office.users.set_role("bill", "manager")
        office.users.set_role("boss", "biller")
        assert office.session.role is Role.BILLER
        with pytest.raises(NotAllowed, match="you are signed in as biller"):
            office.users.list()
    with open_as(users_file, "bill") as office:
        assert office.session.role is Role.MANAGER and len(office.users.list()) == 3


def test_sign_out_switch_and_who_the_audit_trail_names(users_file):
    with open_as(users_file, "boss") as office:
        office.setup.save_setting("by", "boss")
        office.sign_out()
        with pytest.raises(SignInRequired):
            office.setup.setting("by")
        with pytest.raises(SignInFailed):
            office.switch("bill", "wrong password!!")
        assert office.session is None
        office.sign_in("desk", PASSWORDS["desk"])
        with pytest.raises(NotAllowed, match="Only a manager can change the practice setup"):
            office.setup.save_setting("by", "desk")
        office.switch("boss", PASSWORDS["boss"])
        office.setup.save_setting("by", "boss again")
        office.switch("bill", PASSWORDS["bill"])
        with pytest.raises(SignInFailed):
            office.switch("desk", "wrong password!!")
        assert office.session.user_name == "bill"  # a failed switch leaves the user signed in
        authors = [e.who for e in office.audit.unguarded().entries(table="settings")]
    assert authors[:2] == ["boss", "boss"]


def test_a_background_connection_continues_the_session(users_file):
    with open_as(users_file, "bill") as office:
        session = office.session
    with Office.open(users_file, signed_in_as=session) as worker:
        assert worker.session == session and worker.claims.list() == []
    with open_as(users_file, "boss") as office:
        office.users.disable("bill")
    with pytest.raises(SignInRequired, match="can no longer sign in"):
        Office.open(users_file, signed_in_as=session)
