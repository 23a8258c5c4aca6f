"""The audit trail: who changed which row of which table, when, before and after.

Temporary triggers, made on every connection, copy each insert, update and
delete of the audited tables into `audit` as JSON. They are per connection so
they carry the user's name; the `audit` table itself refuses UPDATE and DELETE
(permanent triggers in the schema), so history cannot be rewritten.
"""
from __future__ import annotations

import json

import sqlite_utils

from .migrations import AUDITED_TABLES


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _json_row(table_columns: list[str], alias: str) -> str:
    pairs = ", ".join(f"'{col}', {alias}.\"{col}\"" for col in table_columns)
    return f"json_object({pairs})"


def install_audit_triggers(db: sqlite_utils.Database, who: str) -> None:
    """Create this connection's audit triggers, recording `who` as the author."""
    author = _quote(who)
    statements = []
    for table in AUDITED_TABLES:
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        new, old = _json_row(columns, "NEW"), _json_row(columns, "OLD")
        insert = "INSERT INTO audit (who, tbl, row_id, action, before, after) VALUES"
        statements += [
            f"CREATE TEMP TRIGGER IF NOT EXISTS audit_{table}_insert AFTER INSERT ON main.{table} BEGIN "
            f"{insert} ({author}, '{table}', NEW.rowid, 'insert', NULL, {new}); END;",
            f"CREATE TEMP TRIGGER IF NOT EXISTS audit_{table}_update AFTER UPDATE ON main.{table} BEGIN "
            f"{insert} ({author}, '{table}', NEW.rowid, 'update', {old}, {new}); END;",
            f"CREATE TEMP TRIGGER IF NOT EXISTS audit_{table}_delete AFTER DELETE ON main.{table} BEGIN "
            f"{insert} ({author}, '{table}', OLD.rowid, 'delete', {old}, NULL); END;",
        ]
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
