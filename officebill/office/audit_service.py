"""`office.audit`: the audit trail of who changed or opened what, its hash chain, and its viewer's rows.

Times are stored in UTC; the viewer's dates are the office's local dates and
its rows show local time (`AuditEntry.local_time`).
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from ..core.problems import Problem, ValidationFailed
from ..storage.audit import VIEW_TABLES, audit_entries, record_view
from ..storage.audit_anchor import anchor_report, office_backups
from ..storage.audit_chain import ChainReport, verify_chain
from ..storage.audit_search import AuditFilter, audit_rows, iter_audit_rows
from ..storage.durable import private_file
from ..storage.transaction import write_transaction

CSV_COLUMNS = ("id", "local time", "time (UTC)", "user", "action", "table", "row", "before", "after")
MAX_PAGE = 10_000

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

    @property
    def local_time(self) -> str:
        """When, in this computer's time zone, to the second ("2026-11-27 14:03:09")."""
        try:
            moment = datetime.fromisoformat(self.at.replace("Z", "+00:00"))
        except ValueError:
            return self.at
        return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")

    def csv_row(self) -> list:
        def text(values):
            return "" if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True)

        return [self.id, self.local_time, self.at, self.who, self.action, self.table,
                "" if self.row_id is None else self.row_id, text(self.before), text(self.after)]


def _utc_start(day: date) -> str:
    """The stored-time text of local midnight starting `day`."""
    return datetime.combine(day, time()).astimezone().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def audit_filter(user: str | None = None, patient_id: int | None = None, since: date | None = None,
                 until: date | None = None) -> AuditFilter:
    """The rows of `user`, about `patient_id`, from local date `since` through `until` (both included)."""
    if since and until and since > until:
        raise ValidationFailed([Problem("until", f"The end date {until:%m/%d/%Y} is before the start date "
                                                 f"{since:%m/%d/%Y}; swap them.")])
    return AuditFilter(who=(user or "").strip() or None, patient_id=patient_id,
                       since=_utc_start(since) if since else None,
                       until=_utc_start(until + timedelta(days=1)) if until else None)


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

    def rows(self, user: str | None = None, patient_id: int | None = None, since: date | None = None,
             until: date | None = None, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
        """One page of the audit trail, newest first: changes and openings by `user`, about the patient
        `patient_id` (the patient, policies, visits, claims, ledger views), between the local dates
        `since` and `until` (both included)."""
        if not 1 <= limit <= MAX_PAGE or offset < 0:
            raise ValidationFailed([Problem("limit", f"Ask for 1 to {MAX_PAGE:,} rows at a time, from 0 on.")])
        chosen = audit_filter(user, patient_id, since, until)
        return [AuditEntry(**row) for row in audit_rows(self._db, chosen, limit, offset)]

    def export_csv(self, path: Path | str, user: str | None = None, patient_id: int | None = None,
                   since: date | None = None, until: date | None = None) -> int:
        """Write every row `rows` would list (not one page) to a CSV file, owner-only; returns how many."""
        chosen = audit_filter(user, patient_id, since, until)
        count = 0
        with private_file(Path(path)) as out:
            text = io.TextIOWrapper(out, encoding="utf-8", newline="")
            writer = csv.writer(text)
            writer.writerow(CSV_COLUMNS)
            for row in iter_audit_rows(self._db, chosen):
                writer.writerow(AuditEntry(**row).csv_row())
                count += 1
            text.flush()
            text.detach()
        return count

    def verify_chain(self) -> ChainReport:
        """Walk the whole hash chain (reads every audit row once), then hold it against the newest backup (rows
        removed from the end show there); the report names the first bad row."""
        report = verify_chain(self._db.conn)
        if not report.ok:
            return report
        backups = office_backups(getattr(self._db, "path", None))
        return anchor_report(self._db.conn, backups, report.rows) or report

    def chain_problems(self) -> list[str]:
        """`verify_chain` as the check lists problems: empty when the audit trail is intact."""
        report = self.verify_chain()
        return [] if report.ok else [report.message]
