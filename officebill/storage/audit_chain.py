"""The audit trail's hash chain: every audit row sealed, so an edit, removal or insertion shows.

Each audit row's seal is sha256(the previous row's seal, a newline, the row's
own content written canonically), as 64 hex digits. The canonical content is
SQLite's own `quote()` of each column (id, at, who, tbl, row_id, action,
before, after: so NULL, 5 and '5' differ and no text can forge a separator)
joined by the unit separator, char(31); any SQLite tool with a sha256 can
recompute it. Seals live in `audit_chain` (insert-only, like `audit`), one per
audit row, so sealing never rewrites an audit row. A TEMP trigger that
`install_audit_triggers` makes on every OfficeBill connection seals each audit
row in the statement, and so the transaction, that writes it; the hashing is
`audit_seal`, a Python function registered on the connection. Migration 0016
sealed the rows written before the chain existed.

`verify_chain(conn)` reads both tables once, in id order (no sort, nothing
held in memory), and names the first row that was changed, removed or inserted
outside OfficeBill. It never shows a row's content: the audit holds patient data.

The chain has no secret key: it shows tampering by any tool that does not
recompute every later seal, and shows nothing when the newest rows are removed
together with their seals (nothing after them notices the gap): `audit_anchor` holds the chain against
the newest backup for that.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from hashlib import sha256

SEAL_FUNCTION = "audit_seal"
COLUMNS = ("id", "at", "who", "tbl", "row_id", "action", "before", "after")


def canonical_sql(alias: str) -> str:
    """The SQL expression of a row's canonical content (`alias` "NEW" or a table alias)."""
    return " || char(31) || ".join(f"quote({alias}.{column})" for column in COLUMNS)


def seal(previous: str | None, canonical: str) -> str:
    """One row's seal: sha256 of the previous seal, a newline and the row's canonical content, in hex."""
    return sha256(f"{previous or ''}\n{canonical}".encode()).hexdigest()


def register_seal_function(conn: sqlite3.Connection) -> None:
    """Make `audit_seal(previous seal, canonical content)` callable on `conn`."""
    conn.create_function(SEAL_FUNCTION, 2, seal, deterministic=True)


def seal_trigger_sql() -> str:
    """The TEMP trigger that seals each new audit row, chained to the newest seal before it."""
    return ("CREATE TEMP TRIGGER IF NOT EXISTS audit_seal_insert AFTER INSERT ON main.audit BEGIN "
            "INSERT INTO audit_chain (audit_id, hash) VALUES (NEW.id, "
            f"{SEAL_FUNCTION}((SELECT hash FROM main.audit_chain WHERE audit_id < NEW.id "
            f"ORDER BY audit_id DESC LIMIT 1), {canonical_sql('NEW')})); END;")


@dataclass(frozen=True)
class ChainReport:
    """The outcome of walking the chain: `ok`, how many rows were found sound, and the first bad row."""

    ok: bool
    rows: int
    first_bad_id: int | None
    message: str


_ADVICE = ("Someone changed the office file with another program. Keep this file and its backups as they are "
           "(they are the evidence) and tell the office manager.")


def tampered(rows: int, row_id: int, what: str) -> ChainReport:
    """The report on a tampered trail: `what` says which row and how, in words without patient data."""
    return ChainReport(False, rows, row_id, f"The audit trail was tampered with: {what}. {_ADVICE}")


def _digest(previous: bytes, canonical: bytes) -> str:
    return sha256(previous + b"\n" + canonical).hexdigest()


def _changed_what(row_id: int, expected: str, following) -> str:
    """Whether row `row_id` itself or its seal was changed, told by the next row's seal (made from the original)."""
    if following is not None and following[2] is not None and \
            _digest(expected.encode(), following[1]) == following[2]:
        return f"the seal of audit row {row_id} was changed (the row itself is as written)"
    return f"audit row {row_id} was changed after it was written (it no longer matches its seal)"


def _first_orphan_seal(conn: sqlite3.Connection) -> int | None:
    """The first seal whose audit row is gone."""
    return conn.execute("SELECT min(audit_id) FROM audit_chain c "
                        "WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.id = c.audit_id)").fetchone()[0]


def _walk(conn: sqlite3.Connection) -> tuple[int, ChainReport | None]:
    """(rows found sound, the report on the first bad row or None)."""
    cursor = conn.execute(f"SELECT a.id, CAST({canonical_sql('a')} AS BLOB), c.hash "
                          "FROM audit a LEFT JOIN audit_chain c ON c.audit_id = a.id ORDER BY a.id")
    previous, last_id, count = b"", 0, 0
    try:
        for row_id, canonical, stored in cursor:
            if row_id != last_id + 1:
                one = row_id == last_id + 2
                gap = f"audit row {last_id + 1} was" if one else f"audit rows {last_id + 1} to {row_id - 1} were"
                return count, tampered(count, last_id + 1, f"{gap} removed")
            if stored is None:
                return count, tampered(count, row_id, f"audit row {row_id} has no seal: it was added outside OfficeBill")
            expected = _digest(previous, canonical)
            if stored != expected:
                return count, tampered(count, row_id, _changed_what(row_id, expected, cursor.fetchone()))
            previous, last_id, count = stored.encode(), row_id, count + 1
    finally:
        cursor.close()
    return count, None


def verify_chain(conn: sqlite3.Connection) -> ChainReport:
    """Walk every audit row in id order with its seal; name the first row changed, removed or inserted."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_chain'").fetchone():
        return ChainReport(True, 0, None, "The audit trail has no hash chain yet (an older office file).")
    count, report = _walk(conn)
    orphan = _first_orphan_seal(conn)
    if orphan is not None and (report is None or orphan < report.first_bad_id):
        return tampered(count, orphan, f"audit row {orphan} was removed (its seal is still there)")
    return report or ChainReport(True, count, None, f"The audit trail's {count:,} rows are sealed and unchanged.")
