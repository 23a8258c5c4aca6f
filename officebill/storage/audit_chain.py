"""The audit trail's hash chain: every audit row sealed, so an edit, removal or insertion shows.

Each audit row's seal is sha256(the previous sealed row's hash + the row's own
content, written canonically: its id, time, user, table, row, action, before
and after). Seals live in `audit_chain` (insert-only, like `audit`), one per
audit row, so sealing never rewrites an audit row. A TEMP trigger that
`install_audit_triggers` makes on every OfficeBill connection seals each audit
row in the same statement, and so in the same transaction, that writes it; the
hashing is `audit_seal`, a Python function registered on the connection.
Migration 0016 sealed the rows written before the chain existed.

`verify_chain(conn)` reads both tables once, in id order (no sort, no second
copy in memory), and names the first row that was changed, removed or inserted
outside OfficeBill. It never names a row's content: the audit holds patient data.

The chain has no secret key: it shows tampering by any tool that does not
recompute every later seal, and shows nothing when the newest rows are removed
together with their seals (nothing after them to notice the gap).
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass

SEAL_FUNCTION = "audit_seal"
_COLUMNS = "id, at, who, tbl, row_id, action, before, after"


def seal(previous: str | None, *content) -> str:
    """The hash of one audit row: sha256 of the previous seal and the row's content (canonical JSON)."""
    canonical = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{previous or ''}\n{canonical}".encode()).hexdigest()


def register_seal_function(conn: sqlite3.Connection) -> None:
    """Make `audit_seal(previous, id, at, who, tbl, row_id, action, before, after)` callable on `conn`."""
    conn.create_function(SEAL_FUNCTION, 9, seal, deterministic=True)


def seal_trigger_sql() -> str:
    """The TEMP trigger that seals each new audit row, chained to the newest seal before it."""
    values = ", ".join(f"NEW.{column.strip()}" for column in _COLUMNS.split(","))
    return ("CREATE TEMP TRIGGER IF NOT EXISTS audit_seal_insert AFTER INSERT ON main.audit BEGIN "
            "INSERT INTO audit_chain (audit_id, hash) VALUES (NEW.id, "
            f"{SEAL_FUNCTION}((SELECT hash FROM main.audit_chain WHERE audit_id < NEW.id "
            f"ORDER BY audit_id DESC LIMIT 1), {values})); END;")


@dataclass(frozen=True)
class ChainReport:
    """The outcome of walking the chain: `ok`, how many rows were read, and the first bad row."""

    ok: bool
    rows: int
    first_bad_id: int | None
    message: str


_ADVICE = ("Someone changed the office file with another program. Keep this file and its backups as they are "
           "(they are the evidence) and tell the office manager.")


def _bad(rows: int, row_id: int, what: str) -> ChainReport:
    return ChainReport(False, rows, row_id, f"The audit trail was tampered with: {what}. {_ADVICE}")


def _changed_what(row_id: int, stored: str, expected: str, following) -> str:
    """Whether row `row_id` itself or its seal was changed, told by the next row's seal (which used the original)."""
    if following is not None:
        next_content, next_hash = following[:8], following[8]
        if next_hash is not None and seal(expected, *next_content) == next_hash:
            return f"the seal of audit row {row_id} was changed (the row itself is as written)"
    return f"audit row {row_id} was changed after it was written (it no longer matches its seal)"


def _orphan_seal(conn: sqlite3.Connection) -> int | None:
    """The first seal whose audit row is gone."""
    row = conn.execute("SELECT min(audit_id) FROM audit_chain c "
                       "WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.id = c.audit_id)").fetchone()
    return row[0]


def verify_chain(conn: sqlite3.Connection) -> ChainReport:
    """Walk every audit row in id order with its seal; name the first row changed, removed or inserted."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_chain'").fetchone():
        return ChainReport(True, 0, None, "The audit trail has no hash chain yet (an older office file).")
    cursor = conn.execute(f"SELECT {', '.join('a.' + c.strip() for c in _COLUMNS.split(','))}, c.hash "
                          "FROM audit a LEFT JOIN audit_chain c ON c.audit_id = a.id ORDER BY a.id")
    report, previous, last_id, count = None, "", 0, 0
    for row in cursor:
        row_id, stored = row[0], row[8]
        if row_id != last_id + 1:
            gap = f"audit row {last_id + 1}" if row_id == last_id + 2 else f"audit rows {last_id + 1} to {row_id - 1}"
            report = _bad(count, last_id + 1, f"{gap} {'was' if row_id == last_id + 2 else 'were'} removed")
            break
        if stored is None:
            report = _bad(count, row_id, f"audit row {row_id} has no seal: it was added outside OfficeBill")
            break
        expected = seal(previous, *row[:8])
        if stored != expected:
            report = _bad(count, row_id, _changed_what(row_id, stored, expected, cursor.fetchone()))
            break
        previous, last_id, count = stored, row_id, count + 1
    cursor.close()
    orphan = _orphan_seal(conn)
    if orphan is not None and (report is None or orphan < report.first_bad_id):
        return _bad(count, orphan, f"audit row {orphan} was removed (its seal is still there)")
    if report is not None:
        return report
    return ChainReport(True, count, None, f"The audit trail's {count:,} rows are sealed and unchanged.")
