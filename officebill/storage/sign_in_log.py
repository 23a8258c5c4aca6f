"""Audit rows for sign-ins that name no user of the office: an unknown name tried, or failures noted in an
encrypted office's key file while it was still locked (written at the next opening).

The row names what was tried (`who`: "NAME (failed sign-in, no such user)"), on the users table with no row,
action "sign-in"; it is sealed into the hash chain like every other audit row. It never holds the password.
"""
from __future__ import annotations

from datetime import datetime


def record_failed_sign_in(db, who: str, at: datetime | None = None) -> None:
    """One audit row for a refused sign-in; the caller holds the write transaction. `at` is UTC (default: now)."""
    if at is None:
        db.conn.execute("INSERT INTO audit (who, tbl, row_id, action) VALUES (?, 'users', NULL, 'sign-in')", [who])
        return
    stamp = at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"
    db.conn.execute("INSERT INTO audit (at, who, tbl, row_id, action) VALUES (?, ?, 'users', NULL, 'sign-in')",
                    [stamp, who])


def user_exists(db, name: str) -> bool:
    return db.conn.execute("SELECT 1 FROM users WHERE name = ? COLLATE NOCASE", [name]).fetchone() is not None
