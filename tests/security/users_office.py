"""Offices with one user per role for the security tests, and a clock the tests move by hand."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from officebill.core.permissions import Role
from officebill.office import Office

PASSWORDS = {"boss": "boss password 2026", "bill": "biller password 26", "desk": "front desk pass 26"}
ROLES = {"boss": Role.MANAGER, "bill": Role.BILLER, "desk": Role.FRONT_DESK}
NAME_OF = {role: name for name, role in ROLES.items()}


def add_users(office: Office) -> None:
    """One user per role (none asked to change the password), added to an office without users."""
    for name, role in ROLES.items():
        office.users.add(name, f"{role.value.title()} Person", role, PASSWORDS[name], must_change_password=False)


def office_with_users(path: Path) -> Path:
    """A new office file at `path` with one user per role."""
    with Office.create(path) as office:
        add_users(office)
    return path


def open_as(path: Path, name: str, **more) -> Office:
    return Office.open(path, user=name, password=PASSWORDS[name], **more)


class Clock:
    """datetime.now for the sign-in delay, moved by the test instead of waiting."""

    def __init__(self, start: datetime = datetime(2026, 11, 27, 9, 0)):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
