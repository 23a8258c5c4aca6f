"""The audit trail: who changed which row of which table, when, and what changed (before and after).

Temporary triggers, made on every connection, write each insert, update and
delete of the audited tables into `audit`. They are per connection so they
carry the user's name, which they read from this connection's TEMP table
`audit_user` (`set_audit_user` changes it on sign-in and switch); the `audit`
table itself refuses UPDATE and DELETE (permanent triggers in the schema), and
every row is sealed into the hash chain as it is written (`audit_chain`).
`record_view` writes the rows for openings of a patient's record or ledger.

An audit row holds changes, not copies: an update records only the columns
whose value changed (old values in `before`, new in `after`) and nothing at all
when no value changed (the trigger's WHEN clause compares every column); an
insert records the new row's filled-in columns and a delete the old row's.
Large columns (a claim's JSON snapshot) are never copied: the row says that
they changed and their length.
"""
from __future__ import annotations

import json

import sqlite_utils

from .audit_chain import register_seal_function, seal_trigger_sql
from .migrations import AUDITED_TABLES

# Columns too large to copy into the audit: only their change and length are recorded.
LARGE_COLUMNS = {"claims": {"snapshot"}, "users": {"password_hash"}}


def _row_json(table: str, columns: list[str], alias: str) -> str:
    """The row's columns that hold something, as a JSON object (large ones by their length)."""
    large = LARGE_COLUMNS.get(table, set())
    pairs = ", ".join(
        f"'{col}', " + (f"'[' || length({alias}.\"{col}\") || ' characters]'" if col in large else f'{alias}."{col}"')
        for col in columns)
    return (f"(SELECT json_group_object(key, value) FROM json_each(json_object({pairs})) "
            "WHERE value IS NOT NULL AND value != '')")


def _changed_json(table: str, columns: list[str], side: str) -> str:
    """The columns an update changed, with their OLD or NEW values (`side`), as a JSON object."""
    large = LARGE_COLUMNS.get(table, set())
    selects = []
    for col in columns:
        old, new = f'OLD."{col}"', f'NEW."{col}"'
        if col in large:
            differs = f"{old} IS NOT {new}"
            selects.append(f"SELECT '{col}' AS c, CASE WHEN {differs} THEN '[' || length({old}) || ' characters]' END"
                           f" AS o, CASE WHEN {differs} THEN '[' || length({new}) || ' characters, not copied]' END"
                           " AS n")
        else:
            selects.append(f"SELECT '{col}' AS c, {old} AS o, {new} AS n")
    value = "o" if side == "OLD" else "n"
    return f"(SELECT json_group_object(c, {value}) FROM ({' UNION ALL '.join(selects)}) WHERE o IS NOT n)"


# What `record_view` may record: the kind of opening and the audit table name it is recorded under.
VIEW_TABLES = {"patient": "patients", "ledger": "ledger"}
_AUTHOR = "(SELECT who FROM temp.audit_user)"


def set_audit_user(db: sqlite_utils.Database, who: str) -> None:
    """From now on this connection's audit rows name `who` (the signed-in user)."""
    conn = db.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS audit_user (who TEXT NOT NULL)")
    conn.execute("DELETE FROM temp.audit_user")
    conn.execute("INSERT INTO temp.audit_user (who) VALUES (?)", [who or "unknown"])


def audit_user(db: sqlite_utils.Database) -> str:
    """Whom this connection's audit rows name now."""
    row = db.conn.execute("SELECT who FROM temp.audit_user").fetchone()
    return row[0] if row else "unknown"


def record_view(db: sqlite_utils.Database, kind: str, row_id: int) -> None:
    """Write an audit row for one opening of a patient's record ("patient") or ledger ("ledger").

    The caller holds the write transaction; the row is sealed like every other."""
    db.conn.execute(f"INSERT INTO audit (who, tbl, row_id, action) VALUES ({_AUTHOR}, ?, ?, 'view')",
                    [VIEW_TABLES[kind], row_id])


def install_audit_triggers(db: sqlite_utils.Database, who: str) -> None:
    """Create this connection's audit triggers, recording `who` as the author until `set_audit_user`."""
    set_audit_user(db, who)
    register_seal_function(db.conn)
    author = _AUTHOR
    statements = []
    for table in AUDITED_TABLES:
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        if not columns:  # a file opened at an older schema, before the migration that adds this table
            continue
        insert = "INSERT INTO audit (who, tbl, row_id, action, before, after) VALUES"
        changed = " OR ".join(f'OLD."{col}" IS NOT NEW."{col}"' for col in columns)
        statements += [
            f"CREATE TEMP TRIGGER IF NOT EXISTS audit_{table}_insert AFTER INSERT ON main.{table} BEGIN "
            f"{insert} ({author}, '{table}', NEW.rowid, 'insert', NULL, {_row_json(table, columns, 'NEW')}); END;",
            f"CREATE TEMP TRIGGER IF NOT EXISTS audit_{table}_update AFTER UPDATE ON main.{table} "
            f"WHEN {changed} BEGIN "
            f"{insert} ({author}, '{table}', NEW.rowid, 'update', {_changed_json(table, columns, 'OLD')}, "
            f"{_changed_json(table, columns, 'NEW')}); END;",
            f"CREATE TEMP TRIGGER IF NOT EXISTS audit_{table}_delete AFTER DELETE ON main.{table} BEGIN "
            f"{insert} ({author}, '{table}', OLD.rowid, 'delete', {_row_json(table, columns, 'OLD')}, NULL); END;",
        ]
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_chain'").fetchone():
        statements.append(seal_trigger_sql())
    for statement in statements:
        db.execute(statement)


def audit_entries(db: sqlite_utils.Database, table: str | None = None, row_id: int | None = None,
                  limit: int = 200) -> list[dict]:
    """Newest-first audit rows, optionally for one table or row."""
    where, params = [], []
    if table:
        where.append("tbl = ?")
        params.append(table)
    if row_id is not None:
        where.append("row_id = ?")
        params.append(row_id)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    rows = db.execute(
        f"SELECT id, at, who, tbl, row_id, action, before, after FROM audit {clause} "
        f"ORDER BY id DESC LIMIT ?", [*params, limit]
    ).fetchall()
    return [
        {"id": r[0], "at": r[1], "who": r[2], "table": r[3], "row_id": r[4], "action": r[5],
         "before": json.loads(r[6]) if r[6] else None, "after": json.loads(r[7]) if r[7] else None}
        for r in rows
    ]
