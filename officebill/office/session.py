"""Who is signed in, and the guard every facade call passes: one place where permissions are enforced.

Each Office service is wrapped in a `Guarded` proxy. Calling one of its public
methods asks the office's `Gate` first: the action `"service.method"` needs the
permission `core.permissions.ACTIONS` names, and the signed-in role must hold it
(`NotAllowed` says who may). An office file with no users yet (made by scripts,
tests or an older OfficeBill) is open to whoever opened it (`session` is None).
Once a call is let in, the calls it makes to other services are not asked again:
saving a visit posts its charges even for a front-desk user.
"""
from __future__ import annotations

import functools
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from ..core.permissions import ACTIONS, Role, allowed, why_not
from ..core.problems import UserError


class NotAllowed(UserError):
    """The signed-in user's role does not hold the permission the action needs; nothing was done."""


class SignInRequired(UserError):
    """The office has users and nobody is signed in (never signed in, or signed out at the lock screen)."""


class EncryptedSignInRequired(SignInRequired):
    """The office file is encrypted: it opens only with a user name and password (or the recovery key)."""

    def __init__(self, path):
        self.path = path
        super().__init__(f"{path} is encrypted: it opens only when you sign in with your user name and password "
                         "(or the office's recovery key).")


class SignInFailed(UserError):
    """A wrong user name or password, a disabled user, or a user waiting out the delay after failures."""


class PasswordChangeRequired(NotAllowed):
    """The user signed in with a password a manager set; they must choose their own before anything else."""


@dataclass(frozen=True)
class Session:
    """The person signed in to an open office."""

    user_name: str
    full_name: str
    role: Role
    must_change_password: bool = False


# Actions a user who must change their password may still do: the change itself and the checks at opening.
_BEFORE_CHANGE = frozenset({"office.use"})


class Gate:
    """The office's sign-in state: whether users are required, who is signed in, and the check itself."""

    def __init__(self, users_required: bool = False):
        self.users_required = users_required
        self.session: Session | None = None
        self._inside = threading.local()

    def allows(self, action: str) -> bool:
        """True when `action` ("service.method" or a permission) may be done now."""
        try:
            self.check(action)
        except UserError:
            return False
        return True

    def check(self, action: str) -> None:
        """Raise SignInRequired, PasswordChangeRequired or NotAllowed when `action` may not be done now."""
        if getattr(self._inside, "depth", 0) or not self.users_required:
            return
        session = self.session
        if session is None:
            raise SignInRequired("Sign in first: this office has users, and nobody is signed in.")
        if session.must_change_password and ACTIONS.get(action, action) not in _BEFORE_CHANGE:
            raise PasswordChangeRequired(
                f"{session.user_name} must choose a new password before doing anything else "
                "(in the window: the password form; on the command line: officebill-cli users passwd).")
        if not allowed(session.role, action):
            raise NotAllowed(why_not(session.role, action))

    def refresh(self, user) -> None:
        """Take in a change to the signed-in user's row (a new password, so no forced change any more)."""
        session = self.session
        if session is not None and session.user_name.lower() == user.name.lower():
            self.session = Session(user.name, user.full_name, user.role, user.must_change_password)

    @contextmanager
    def inside(self):
        """Calls made from here on (on this thread) are part of one already allowed action."""
        self._inside.depth = getattr(self._inside, "depth", 0) + 1
        try:
            yield
        finally:
            self._inside.depth -= 1


class Guarded:
    """A service seen through the gate: each public method checks its action before running."""

    __slots__ = ("_gate", "_name", "_service")

    def __init__(self, name: str, service, gate: Gate):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_service", service)
        object.__setattr__(self, "_gate", gate)

    def __getattr__(self, attr: str):
        value = getattr(self._service, attr)
        if attr.startswith("_") or not callable(value):
            return value
        action, gate = f"{self._name}.{attr}", self._gate

        @functools.wraps(value)
        def guarded(*args, **kwargs):
            gate.check(action)
            with gate.inside():
                return value(*args, **kwargs)

        return guarded

    def __setattr__(self, attr: str, value) -> None:  # tests replace a service's method or clock
        setattr(self._service, attr, value)

    def __delattr__(self, attr: str) -> None:
        delattr(self._service, attr)

    def __repr__(self) -> str:
        return f"Guarded({self._service!r})"

    def unguarded(self):
        """The service itself, for the Office's own housekeeping (closing, cleaning up)."""
        return self._service
