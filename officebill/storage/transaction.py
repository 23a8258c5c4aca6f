"""Write transactions that wait their turn: `BEGIN IMMEDIATE` outside, SAVEPOINTs inside.

A deferred `BEGIN` that reads before it writes gets "database is locked" at
once when another program wrote in between, because SQLite cannot run its
busy handler there. `BEGIN IMMEDIATE` takes the write lock first, so SQLite
waits up to the busy timeout for the other program; if it still cannot have
the lock, `OfficeBusyError` says so and nothing was written.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import OPERATIONAL, OfficeBusyError

_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
_savepoints = itertools.count(1)


def is_busy(exc: BaseException) -> bool:
    """True when `exc` is SQLite's "database is locked"/"busy" (the lock could not be had)."""
    if not isinstance(exc, OPERATIONAL):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


def _path_of(db) -> object:
    return getattr(db, "path", None)


def begin_immediate(db) -> None:
    """Start the outermost write transaction, waiting up to the busy timeout for the lock."""
    try:
        db.conn.execute("BEGIN IMMEDIATE")
    except OPERATIONAL as exc:
        if is_busy(exc):
            raise OfficeBusyError(_path_of(db)) from exc
        raise


@contextmanager
def write_transaction(db) -> Iterator:
    """One all-or-nothing write: commit on success, roll back on any exception.

    The outermost level issues `BEGIN IMMEDIATE`; a nested level (inside an
    open transaction) is a SAVEPOINT that a failure rolls back to. Stores do
    not open or commit transactions themselves; the caller wraps them in this.
    """
    conn = db.conn
    if conn.in_transaction:
        name = f"officebill_{next(_savepoints)}"
        conn.execute(f'SAVEPOINT "{name}"')
        try:
            yield db
        except BaseException:
            if conn.in_transaction:  # a RAISE(ROLLBACK) may already have ended everything
                conn.execute(f'ROLLBACK TO "{name}"')
                conn.execute(f'RELEASE "{name}"')
            raise
        conn.execute(f'RELEASE "{name}"')
        return
    begin_immediate(db)
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except OPERATIONAL as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if is_busy(exc):
            raise OfficeBusyError(_path_of(db)) from exc
        raise
