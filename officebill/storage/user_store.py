"""Store for the people who sign in (`users`): their role, password hash, and failed sign-ins in a row.

Names compare without regard to case (the column is COLLATE NOCASE). The failure
count and the time of the last failure live in the row, so the delay after
repeated wrong passwords holds across restarts; each change to them is an update
of `users`, so the audit trail records it (without the password).
"""
from __future__ import annotations

from datetime import datetime

from ..core.permissions import Role, User
from .audit import audit_user, set_audit_user

_COLUMNS = "name, full_name, role, disabled, must_change, failures, last_failure, created, last_sign_in"


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _stamp(moment: datetime) -> str:
    return moment.isoformat()


def _user(row) -> User:
    name, full_name, role, disabled, must_change, failures, last_failure, created, last_sign_in = row
    return User(name=name, full_name=full_name, role=Role(role), disabled=bool(disabled),
                must_change_password=bool(must_change), failures=failures, last_failure=_when(last_failure),
                created=_when(created), last_sign_in=_when(last_sign_in))


class UserStore:
    def __init__(self, db):
        self.db = db

    def has_users(self) -> bool:
        exists = self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'users'").fetchone()
        return bool(exists) and self.db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    def get(self, name: str) -> User | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM users WHERE name = ?", [name.strip()]).fetchone()
        return _user(row) if row else None

    def list(self) -> list[User]:
        return [_user(row) for row in self.db.execute(f"SELECT {_COLUMNS} FROM users ORDER BY name")]

    def count_enabled(self, role: Role) -> int:
        return self.db.execute("SELECT count(*) FROM users WHERE role = ? AND disabled = 0", [role.value]).fetchone()[0]

    def password_hash(self, name: str) -> str | None:
        row = self.db.execute("SELECT password_hash FROM users WHERE name = ?", [name.strip()]).fetchone()
        return row[0] if row else None

    def add(self, user: User, password_hash: str, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO users (name, full_name, role, password_hash, must_change, disabled, created) "
            "VALUES (?, ?, ?, ?, ?, 0, ?)",
            [user.name, user.full_name, user.role.value, password_hash, int(user.must_change_password), _stamp(now)])

    def set_password(self, name: str, password_hash: str, must_change: bool) -> None:
        self.db.execute("UPDATE users SET password_hash = ?, must_change = ?, failures = 0, last_failure = NULL "
                        "WHERE name = ?", [password_hash, int(must_change), name])

    def set_role(self, name: str, role: Role) -> None:
        self.db.execute("UPDATE users SET role = ? WHERE name = ?", [role.value, name])

    def set_disabled(self, name: str, disabled: bool) -> None:
        self.db.execute("UPDATE users SET disabled = ? WHERE name = ?", [int(disabled), name])

    def record_failure(self, name: str, now: datetime) -> None:
        """Count a wrong password; the audit row names the user whose name was tried, not whoever is signed in
        (or the computer's account at a sign-in screen)."""
        author = audit_user(self.db)
        set_audit_user(self.db, f"{name} (failed sign-in)")
        try:
            self.db.execute("UPDATE users SET failures = failures + 1, last_failure = ? WHERE name = ?",
                            [_stamp(now), name])
        finally:
            set_audit_user(self.db, author)

    def record_sign_in(self, name: str, now: datetime) -> None:
        self.db.execute("UPDATE users SET failures = 0, last_failure = NULL, last_sign_in = ? WHERE name = ?",
                        [_stamp(now), name])


def name_audit_author(db, who: str) -> None:
    """From now on this connection's audit rows name `who` (the person who signed in)."""
    set_audit_user(db, who)
