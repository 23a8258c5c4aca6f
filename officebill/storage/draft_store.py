"""Store for visit drafts (table `visit_drafts`): visits typed but not saved, kept per user.

A draft holds the form as typed (`form`, JSON), the patient, date of service and saved visit it is about
(each may be missing), who typed it, and when it was made and last kept. The table is not audited by
trigger, since an autosave every few seconds would copy patient data into the audit trail each time;
`audit_draft` writes one audit row when a draft is made and one when it goes (discarded, or saved as a
visit), naming the draft's patient, visit and date but never the form's text.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class VisitDraft:
    """A visit typed but not saved. `kept`: the person chose Keep as draft (else autosaved while typing)."""

    id: int
    user_name: str
    form: dict = field(compare=False)
    patient_id: int | None = None
    service_date: date | None = None
    visit_id: int | None = None
    kept: bool = False
    created_at: datetime | None = None
    saved_at: datetime | None = None
    patient_name: str = ""  # "Last, First M." of the patient on file ("" when none or since deleted)


_COLUMNS = ("d.id, d.user_name, d.form, d.patient_id, d.service_date, d.visit_id, d.kept, d.created_at, d.saved_at, "
            "p.last_name, p.first_name, p.middle")
_FROM = "visit_drafts d LEFT JOIN patients p ON p.id = d.patient_id"


def _draft(row) -> VisitDraft:
    middle = f" {row[11][:1]}." if row[11] else ""
    name = f"{row[9]}, {row[10]}{middle}" if row[9] is not None else ""  # as Patient.display_name
    return VisitDraft(id=row[0], user_name=row[1], form=json.loads(row[2]), patient_id=row[3],
                      service_date=date.fromisoformat(row[4]) if row[4] else None, visit_id=row[5],
                      kept=bool(row[6]), created_at=datetime.fromisoformat(row[7]),
                      saved_at=datetime.fromisoformat(row[8]), patient_name=name)


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class DraftStore:
    def __init__(self, db):
        self.db = db

    def get(self, draft_id: int) -> VisitDraft | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM {_FROM} WHERE d.id = ?", [draft_id]).fetchone()
        return _draft(row) if row else None

    def for_user(self, user_name: str | None) -> list[VisitDraft]:
        """The drafts of `user_name` (every user's when None), last kept first."""
        if user_name is None:
            rows = self.db.execute(f"SELECT {_COLUMNS} FROM {_FROM} ORDER BY d.saved_at DESC, d.id DESC")
        else:
            rows = self.db.execute(f"SELECT {_COLUMNS} FROM {_FROM} WHERE d.user_name = ? COLLATE NOCASE "
                                   "ORDER BY d.saved_at DESC, d.id DESC", [user_name])
        return [_draft(row) for row in rows]

    def count(self, user_name: str) -> int:
        return self.db.execute("SELECT count(*) FROM visit_drafts WHERE user_name = ? COLLATE NOCASE",
                               [user_name]).fetchone()[0]

    def add(self, user_name: str, form: dict, *, patient_id: int | None, service_date: date | None,
            visit_id: int | None, kept: bool) -> int:
        now = _now()
        cursor = self.db.execute(
            "INSERT INTO visit_drafts (user_name, patient_id, service_date, visit_id, form, kept, created_at, "
            "saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [user_name, patient_id, service_date.isoformat() if service_date else None, visit_id,
             json.dumps(form, sort_keys=True), int(kept), now, now])
        return cursor.lastrowid

    def update(self, draft_id: int, form: dict, *, patient_id: int | None, service_date: date | None,
               visit_id: int | None, kept: bool) -> None:
        self.db.execute(
            "UPDATE visit_drafts SET patient_id = ?, service_date = ?, visit_id = ?, form = ?, kept = ?, saved_at = ? "
            "WHERE id = ?",
            [patient_id, service_date.isoformat() if service_date else None, visit_id, json.dumps(form, sort_keys=True),
             int(kept), _now(), draft_id])

    def delete(self, draft_id: int) -> None:
        self.db.execute("DELETE FROM visit_drafts WHERE id = ?", [draft_id])

    def audit_draft(self, draft: VisitDraft, action: str, note: str = "") -> None:
        """One audit row for a draft made ("insert") or gone ("delete"): its owner, patient, visit and date of
        service, and `note` (why it went); never the typed form. The caller holds the write transaction."""
        facts = {"user_name": draft.user_name, "patient_id": draft.patient_id, "visit_id": draft.visit_id,
                 "service_date": draft.service_date.isoformat() if draft.service_date else None, "note": note or None}
        facts = json.dumps({key: value for key, value in facts.items() if value is not None}, sort_keys=True)
        before, after = (facts, None) if action == "delete" else (None, facts)
        self.db.conn.execute("INSERT INTO audit (who, tbl, row_id, action, before, after) "
                             "VALUES ((SELECT who FROM temp.audit_user), 'visit_drafts', ?, ?, ?, ?)",
                             [draft.id, action, before, after])
