"""Finding audit rows for the viewer and the CSV export: by user, by patient, by time, newest first, in pages.

"About a patient" means rows of that patient's own records: the patient row and
its ledger views and statement hold, and the rows of its policies, visits,
diagnoses, service lines, claims and claim lines. Records since deleted are
found through their audit rows (an insert or delete row names its patient or
visit). Rows come newest first; `offset` pages through them, and
`iter_audit_rows` walks every match in batches for an export without holding
them all.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import sqlite_utils

_COLUMNS = "a.id, a.at, a.who, a.tbl, a.row_id, a.action, a.before, a.after"


@dataclass(frozen=True)
class AuditFilter:
    """Which rows: `who` (a user name, any case), `patient_id`, and a UTC time range `since` <= at < `until`
    (ISO text as the audit stores it)."""

    who: str | None = None
    patient_id: int | None = None
    since: str | None = None
    until: str | None = None


# Must read exactly as in migration 0016's index audit_parent, so that SQLite uses the index.
_PARENT = ("json_extract(coalesce(after, before), CASE tbl\n"
           "            WHEN 'policies' THEN '$.patient_id' WHEN 'visits' THEN '$.patient_id' "
           "WHEN 'claim_lines' THEN '$.claim_id'\n            ELSE '$.visit_id' END)")
_PARENT_COLUMN = {"policies": "patient_id", "visits": "patient_id", "claim_lines": "claim_id"}


def _ids_ever(db, table: str, parents: list[int]) -> list[int]:
    """Row ids of `table` whose parent (patient, visit or claim) is one of `parents`: the current rows, and
    deleted ones through the audit rows that added or deleted them."""
    if not parents:
        return []
    column = _PARENT_COLUMN.get(table, "visit_id")
    sql = (f"SELECT rowid FROM {table} WHERE {column} IN (SELECT value FROM json_each(:parents)) "
           f"UNION SELECT row_id FROM audit WHERE tbl = '{table}' AND {_PARENT} IN "
           "(SELECT value FROM json_each(:parents)) AND action IN ('insert', 'delete')")
    return [row[0] for row in db.conn.execute(sql, {"parents": json.dumps(parents)})]


def _patient_rows(db, patient_id: int) -> dict[str, list[int]]:
    """{table: row ids} of everything that is about the patient, from the patient down to claim lines."""
    rows = {"policies": _ids_ever(db, "policies", [patient_id]), "visits": _ids_ever(db, "visits", [patient_id])}
    for table in ("visit_diagnoses", "service_lines", "claims"):
        rows[table] = _ids_ever(db, table, rows["visits"])
    rows["claim_lines"] = _ids_ever(db, "claim_lines", rows["claims"])
    return rows


def _where(db, chosen: AuditFilter) -> tuple[str, dict]:
    clauses, params = [], {}
    if chosen.who:
        clauses.append("a.who = :who COLLATE NOCASE")
        params["who"] = chosen.who
    if chosen.patient_id is not None:
        terms = ["(a.tbl IN ('patients', 'ledger', 'statement_holds') AND a.row_id = :patient)"]
        params["patient"] = chosen.patient_id
        for table, ids in _patient_rows(db, chosen.patient_id).items():
            if ids:
                terms.append(f"(a.tbl = '{table}' AND a.row_id IN (SELECT value FROM json_each(:{table})))")
                params[table] = json.dumps(ids)
        clauses.append("(" + " OR ".join(terms) + ")")
    if chosen.since:
        clauses.append("a.at >= :since")
        params["since"] = chosen.since
    if chosen.until:
        clauses.append("a.at < :until")
        params["until"] = chosen.until
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _as_dict(row) -> dict:
    return {"id": row[0], "at": row[1], "who": row[2], "table": row[3], "row_id": row[4], "action": row[5],
            "before": json.loads(row[6]) if row[6] else None, "after": json.loads(row[7]) if row[7] else None}


def audit_rows(db: sqlite_utils.Database, chosen: AuditFilter, limit: int = 200, offset: int = 0,
               before_id: int | None = None) -> list[dict]:
    """One page of matching rows, newest first (`before_id`: only rows older than that one)."""
    where, params = _where(db, chosen)
    if before_id is not None:
        where = (where + " AND" if where else "WHERE") + " a.id < :before_id"
        params["before_id"] = before_id
    rows = db.conn.execute(f"SELECT {_COLUMNS} FROM audit a {where} ORDER BY a.id DESC LIMIT :limit OFFSET :offset",
                           {**params, "limit": limit, "offset": offset}).fetchall()
    return [_as_dict(row) for row in rows]


def iter_audit_rows(db: sqlite_utils.Database, chosen: AuditFilter, batch: int = 5000) -> Iterator[dict]:
    """Every matching row, newest first, read `batch` rows at a time (keyset paging: no growing OFFSET)."""
    before_id = None
    while True:
        page = audit_rows(db, chosen, limit=batch, before_id=before_id)
        yield from page
        if len(page) < batch:
            return
        before_id = page[-1]["id"]
