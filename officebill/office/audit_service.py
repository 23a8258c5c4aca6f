"""`office.audit`: the audit trail of who changed what, newest first."""
from __future__ import annotations

from dataclasses import dataclass

from ..storage.audit import audit_entries


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change: when, by whom, which row, and its values before and after."""

    id: int
    at: str
    who: str
    table: str
    row_id: int | None
    action: str
    before: dict | None
    after: dict | None


class AuditService:
    """Reading the audit trail (the stores' triggers write it)."""

    def __init__(self, db):
        self._db = db

    def entries(self, table: str | None = None, row_id: int | None = None, limit: int = 200) -> list[AuditEntry]:
        return [AuditEntry(**row) for row in audit_entries(self._db, table, row_id, limit)]
