"""`office.users`: adding, listing, disabling, enabling and resetting users, changing one's password, and the
password check behind `office.sign_in`.

A user a manager adds or resets must choose their own password at the next
sign-in (`must_change_password`); the first user of an office without users
(the person setting it up) has chosen theirs already. After five wrong passwords
in a row a user waits (`core.passwords.sign_in_delay`) before the next try is
even checked. Names are compared without regard to case.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import nullcontext
from datetime import datetime

from ..core.passwords import hash_password, password_problem, sign_in_delay, verify_password
from ..core.permissions import Role, User
from ..core.problems import Problem
from ..storage.sign_in_log import record_failed_sign_in
from .changes import Area, Outcome
from .service import fail_if
from .session import NotAllowed, SignInFailed

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
WRONG_PASSWORD = "The user name or the password is wrong. Check both (passwords are case-sensitive) and try again."


def name_problem(name: str) -> str | None:
    if not _NAME.fullmatch(name or ""):
        return ("Give a user name of 1 to 32 letters, digits, dots, dashes or underscores, starting with a letter "
                "or digit (for example mrivera).")
    return None


def role_of(role: Role | str) -> Role | None:
    try:
        return Role(role)
    except ValueError:
        return None


class UserService:
    """The office's users; every write is one transaction and is recorded in the audit trail."""

    def __init__(self, office, store, gate, key_wraps=None):
        self._office = office
        self._store = store
        self._gate = gate
        self._wraps = key_wraps  # an encrypted office's key file: each password change rewraps the key
        self.clock = datetime.now  # tests put a fake clock here to walk through the sign-in delay

    # ------------------------------------------------------------------ reads
    def list(self) -> list[User]:
        return self._store.list()

    # ----------------------------------------------------------------- writes
    def add(self, name: str, full_name: str, role: Role | str, password: str,
            must_change_password: bool | None = None) -> Outcome[User]:
        """A new user. Unless told otherwise they choose a new password at their first sign-in, except the
        first user of an office without users, who is the person setting it up."""
        name, full_name = (name or "").strip(), (full_name or "").strip()
        problems = [Problem("name", name_problem(name))] if name_problem(name) else []
        if not problems and self._store.get(name) is not None:
            problems.append(Problem("name", f"There is already a user {name}; choose another name."))
        if len(full_name) > 80 or any(ord(c) < 32 for c in full_name):
            problems.append(Problem("full_name", "Give the person's name in at most 80 characters, on one line."))
        if role_of(role) is None:
            problems.append(Problem("role", f"'{role}' is not a role; choose {', '.join(r.value for r in Role)}."))
        if password_problem(password or ""):
            problems.append(Problem("password", password_problem(password or "")))
        fail_if(problems)
        if must_change_password is None:
            must_change_password = self._store.has_users()
        user = User(name=name, full_name=full_name, role=Role(role), must_change_password=must_change_password)
        with self._rewrapping(name, password), self._office.transaction(Area.SETUP) as write:
            self._store.add(user, hash_password(password), self.clock())
            return write.outcome(self._store.get(name))

    def disable(self, name: str) -> Outcome[User]:
        """The user can no longer sign in (their name stays in the audit trail)."""
        user = self._existing(name)
        session = self._gate.session
        if session is not None and session.user_name.lower() == user.name.lower():
            fail_if([Problem("name", "You cannot disable yourself; another manager can.")])
        if user.role is Role.MANAGER and not user.disabled and self._store.count_enabled(Role.MANAGER) <= 1:
            fail_if([Problem("name", f"{user.name} is the only manager who can sign in; add or enable another "
                                     "manager first, or nobody could manage users any more.")])
        return self._set_disabled(user, True)

    def set_role(self, name: str, role: Role | str) -> Outcome[User]:
        """Give a user another role (from their next action on, when they are signed in elsewhere: next sign-in)."""
        user = self._existing(name)
        if role_of(role) is None:
            fail_if([Problem("role", f"'{role}' is not a role; choose {', '.join(r.value for r in Role)}.")])
        if (user.role is Role.MANAGER and role_of(role) is not Role.MANAGER and not user.disabled
                and self._store.count_enabled(Role.MANAGER) <= 1):
            fail_if([Problem("role", f"{user.name} is the only manager who can sign in; make another user a "
                                     "manager first, or nobody could manage users any more.")])
        with self._office.transaction(Area.SETUP) as write:
            self._store.set_role(user.name, role_of(role))
            changed = self._store.get(user.name)
        self._gate.refresh(changed)
        return write.outcome(changed)

    def enable(self, name: str) -> Outcome[User]:
        return self._set_disabled(self._existing(name), False)

    def reset(self, name: str, new_password: str) -> Outcome[User]:
        """A manager sets a new password; the user must choose their own at the next sign-in. Clears the delay."""
        user = self._existing(name)
        if password_problem(new_password or ""):
            fail_if([Problem("password", password_problem(new_password or ""))])
        return self._set_password(user, new_password, must_change=True)

    def change_password(self, name: str, old_password: str, new_password: str) -> Outcome[User]:
        """A user replaces their own password (the old one proves it is them)."""
        user = self._existing(name)
        session = self._gate.session
        if session is not None and session.user_name.lower() != user.name.lower():
            raise NotAllowed(f"You can change only your own password; a manager resets another user's "
                             f"(officebill-cli users reset {user.name}).")
        if not verify_password(old_password or "", self._store.password_hash(user.name) or ""):
            fail_if([Problem("old_password", "The current password is wrong; type it again.")])
        problems = []
        if password_problem(new_password or ""):
            problems.append(Problem("new_password", password_problem(new_password or "")))
        elif new_password == old_password:
            problems.append(Problem("new_password", "Choose a password different from the current one."))
        fail_if(problems)
        return self._set_password(user, new_password, must_change=False)

    # ---------------------------------------------------------------- helpers
    def _existing(self, name: str) -> User:
        user = self._store.get(name or "")
        if user is None:
            fail_if([Problem("name", f"There is no user {name!r}; the users are listed by officebill-cli users "
                                     "list (or Setup > Users).")])
        return user

    def _set_disabled(self, user: User, disabled: bool) -> Outcome[User]:
        with self._office.transaction(Area.SETUP) as write:
            self._store.set_disabled(user.name, disabled)
            changed = self._store.get(user.name)
        if self._wraps is not None and disabled:
            self._wraps.remove(user.name)  # a disabled user's password no longer opens an encrypted file
        elif self._wraps is not None:
            self._wraps.enabled(user.name)
        return write.outcome(changed)

    def _set_password(self, user: User, password: str, must_change: bool) -> Outcome[User]:
        with self._rewrapping(user.name, password), self._office.transaction(Area.SETUP) as write:
            self._store.set_password(user.name, hash_password(password), must_change)
            changed = self._store.get(user.name)
        self._gate.refresh(changed)
        return write.outcome(changed)

    def _rewrapping(self, name: str, password: str):
        """The key file's wrap for `name`'s new password around the write (nothing for a plain office)."""
        return self._wraps.changing(name, password) if self._wraps is not None else nullcontext()

    def _recover(self, name: str, new_password: str) -> Outcome[User]:
        """The recovery key was given (the office is open with the key it stands for): the manager `name`
        sets their own new password. Not a facade action: only `Office.recover` calls it."""
        user = self._existing(name)
        if user.role is not Role.MANAGER or user.disabled:
            fail_if([Problem("name", f"{user.name} is not a manager who can sign in; the recovery key sets the "
                                     "password of a manager (who can then reset the others').")])
        if password_problem(new_password or ""):
            fail_if([Problem("password", password_problem(new_password or ""))])
        with self._office.transaction():
            self._store.record_sign_in(user.name, self.clock())  # clears the failures in a row
        return self._set_password(user, new_password, must_change=False)


class SignInCheck:
    """The password check behind `office.sign_in` (the Office's own, not a service: nothing else calls it).
    Wrong passwords and sign-ins are written to the user's row, so the delay holds across restarts."""

    def __init__(self, office, store, clock: Callable[[], datetime]):
        self._office = office
        self._store = store
        self._clock = clock
        self._unknown_user_hash: str | None = None

    def has_users(self) -> bool:
        return self._store.has_users()

    def check(self, name: str, password: str) -> User:
        """The user whose name and password these are, or SignInFailed (a wrong password is recorded)."""
        now = self._clock()
        user = self._store.get(name or "")
        if user is None:
            self._unknown_user_hash = self._unknown_user_hash or hash_password("not a user of this office")
            verify_password(password or "", self._unknown_user_hash)  # the same time as a known name takes
            self._record_unknown(name or "")
            raise SignInFailed(WRONG_PASSWORD)
        wait = sign_in_delay(user.failures)
        if user.last_failure is not None and now < user.last_failure + wait:
            seconds = max(1, round((user.last_failure + wait - now).total_seconds()))
            raise SignInFailed(f"{user.failures} wrong passwords in a row for {user.name}: wait {seconds} second"
                               f"{'s' if seconds != 1 else ''} and try again, or ask a manager to reset the password.")
        if not verify_password(password or "", self._store.password_hash(user.name) or ""):
            self._record(self._store.record_failure, user.name, now)
            raise SignInFailed(WRONG_PASSWORD)
        if user.disabled:
            raise SignInFailed(f"{user.name} is disabled and cannot sign in; a manager can enable the user again.")
        return user

    def password_matches(self, name: str, password: str) -> bool:
        return verify_password(password or "", self._store.password_hash(name) or "")

    def record_sign_in(self, user: User) -> None:
        """Record a successful sign-in (clearing the failures in a row)."""
        self._record(self._store.record_sign_in, user.name, self._clock())

    def current(self, name: str) -> User | None:
        """The user's row as it is now, or None when they are gone or disabled."""
        user = self._store.get(name or "")
        return None if user is None or user.disabled else user

    def _record_unknown(self, name: str) -> None:
        """An audit row for a name that is no user here (the person is told only "wrong name or password")."""
        if self._office.read_only_reason:
            return
        with self._office.transaction():
            record_failed_sign_in(self._office._db, f"{name[:64]} (failed sign-in, no such user)")

    def _record(self, store_call, name: str, now: datetime) -> None:
        if self._office.read_only_reason:  # a damaged file open read-only: sign-ins are not written
            return
        with self._office.transaction():
            store_call(name, now)
