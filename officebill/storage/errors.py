"""The office file's user-facing errors: each message says what is wrong and what to do."""
from __future__ import annotations

import sqlite3

from ..core.problems import UserError


class OfficeFileError(UserError):
    """The office file cannot be used; the message says why and what to do."""


class NewerFileError(OfficeFileError):
    """The file was written by a newer OfficeBill."""


class OfficeBusyError(OfficeFileError):
    """Another program held the office file's write lock for longer than the busy timeout."""

    def __init__(self, path: object = None):
        where = f" ({path})" if path else ""
        super().__init__(
            f"The office file{where} is busy in another program (another OfficeBill window or command is "
            "writing to it). Nothing was saved. Try again in a moment."
        )


class OfficeInUseError(OfficeFileError):
    """The office file is open elsewhere, so it cannot be replaced (restore)."""


class DamagedFileError(OfficeFileError):
    """The file opens as SQLite but its contents cannot be read; `problems` lists why."""

    def __init__(self, message: str, problems: list[str] | tuple[str, ...] = ()):
        self.problems = tuple(problems)
        super().__init__(message)


# What reading a damaged SQLite file can raise: SQLite's errors, and text that is not UTF-8
# (Python's sqlite3 raises UnicodeDecodeError for some of it, e.g. in sqlite_master).
UNREADABLE = (sqlite3.DatabaseError, UnicodeDecodeError)
try:  # an encrypted office's connection (storage/cipher.py) raises SQLCipher's own classes of the same names
    from sqlcipher3 import dbapi2 as _sqlcipher

    UNREADABLE += (_sqlcipher.DatabaseError,)
    OPERATIONAL = (sqlite3.OperationalError, _sqlcipher.OperationalError)
except ImportError:  # pragma: no cover
    OPERATIONAL = (sqlite3.OperationalError,)
