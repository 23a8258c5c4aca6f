"""`office.audit`: the audit trail of who changed or opened what, its hash chain, and its viewer's rows."""
from __future__ import annotations

from dataclasses import dataclass

from ..core.problems import Problem, ValidationFailed
from ..storage.audit import VIEW_TABLES, audit_entries, record_view
from ..storage.audit_chain import ChainReport, verify_chain
from ..storage.transaction import write_transaction

__all__ = ["AuditEntry", "AuditService", "ChainReport"]


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change or opening: when, by whom, which row, and its values before and after."""

    id: int
    at: str
    who: str
    table: str
    row_id: int | None
    action: str
    before: dict | None
    after: dict | None


class AuditService:
    """Reading the audit trail (the stores' triggers write it), recording views, and checking the chain."""

    def __init__(self, db):
        self._db = db

    def entries(self, table: str | None = None, row_id: int | None = None, limit: int = 200) -> list[AuditEntry]:
        return [AuditEntry(**row) for row in audit_entries(self._db, table, row_id, limit)]

    def record_view(self, kind: str, patient_id: int) -> None:
        """Record that the signed-in user opened a patient's record (`kind` "patient") or ledger ("ledger").

        One small write of its own; call it when the record is shown, not while searching."""
        if kind not in VIEW_TABLES:
            raise ValidationFailed([Problem("kind", f"Say which was opened: {' or '.join(VIEW_TABLES)}.")])
        with write_transaction(self._db):
            record_view(self._db, kind, int(patient_id))

    def verify_chain(self) -> ChainReport:
        """Walk the whole hash chain (reads every audit row once); the report names the first bad row."""
        return verify_chain(self._db.conn)

    def chain_problems(self) -> list[str]:
        """`verify_chain` as the check lists problems: empty when the audit trail is intact."""
        report = self.verify_chain()
        return [] if report.ok else [report.message]
