"""Store for visits with their ordered diagnoses and service lines."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from ..core.money import Money
from ..core.records import ServiceLine, Visit, VisitStatus, VisitSummary
from .bulk_rows import insert_keyless, insert_rows
from .record_store import RecordStore
from .rows import from_iso, patient_name, pick, to_iso


def _line_row(visit_id: int, line: ServiceLine) -> dict:
    return {
        "visit_id": visit_id, "line_no": line.line_no, "from_date": to_iso(line.from_date),
        "to_date": to_iso(line.to_date or line.from_date), "code": line.code,
        "modifiers": " ".join(line.modifiers), "pointers": " ".join(str(p) for p in line.pointers),
        "units": line.units, "charge_cents": line.charge.cents, "ndc": line.ndc,
        "ndc_quantity": line.ndc_quantity, "ndc_unit": line.ndc_unit, "emg": int(line.emg),
    }


def _line_from(row: dict) -> ServiceLine:
    return ServiceLine(
        **pick(row, "id", "line_no", "code", "units", "ndc", "ndc_quantity", "ndc_unit"),
        from_date=from_iso(row["from_date"]), to_date=from_iso(row["to_date"]),
        modifiers=tuple(row["modifiers"].split()), pointers=tuple(int(p) for p in row["pointers"].split()),
        charge=Money(row["charge_cents"]), emg=bool(row["emg"]),
    )


class VisitStore(RecordStore[Visit]):
    table = "visits"
    order_by = "service_date DESC, id DESC"

    def to_row(self, v: Visit) -> dict:
        return {
            "patient_id": v.patient_id, "service_date": to_iso(v.service_date), "provider_id": v.provider_id,
            "facility_id": v.facility_id, "pos": v.pos, "referring_name": v.referring_name,
            "referring_npi": v.referring_npi, "referring_qualifier": v.referring_qualifier,
            "prior_auth": v.prior_auth, "onset_date": to_iso(v.onset_date),
            "accident_employment": int(v.accident_employment), "accident_auto": int(v.accident_auto),
            "accident_state": v.accident_state, "accident_other": int(v.accident_other),
            "additional_info": v.additional_info, "claim_codes": v.claim_codes,
            "other_date": to_iso(v.other_date), "other_date_qualifier": v.other_date_qualifier,
            "unable_to_work_from": to_iso(v.unable_to_work_from), "unable_to_work_to": to_iso(v.unable_to_work_to),
            "hospitalized_from": to_iso(v.hospitalized_from), "hospitalized_to": to_iso(v.hospitalized_to),
            "copay_collected_cents": v.copay_collected.cents,
            "status": VisitStatus(v.status).value,
        }

    def from_row(self, row: dict, diagnoses: tuple[str, ...] | None = None,
                 lines: tuple[ServiceLine, ...] | None = None) -> Visit:
        """The visit of a row; its diagnoses and lines are read unless given (`_many` reads them for a list)."""
        visit_id = row["id"]
        if diagnoses is None:
            diagnoses = tuple(
                r[0] for r in self.db.execute(
                    "SELECT code FROM visit_diagnoses WHERE visit_id = ? ORDER BY position", [visit_id])
            )
        if lines is None:
            lines = tuple(_line_from(r) for r in
                          self.db["service_lines"].rows_where("visit_id = ?", [visit_id], order_by="line_no"))
        return Visit(
            **pick(row, "id", "patient_id", "provider_id", "facility_id", "pos", "referring_name",
                   "referring_npi", "referring_qualifier", "prior_auth", "accident_state", "additional_info",
                   "claim_codes", "other_date_qualifier"),
            service_date=from_iso(row["service_date"]), onset_date=from_iso(row["onset_date"]),
            other_date=from_iso(row["other_date"]),
            unable_to_work_from=from_iso(row["unable_to_work_from"]), unable_to_work_to=from_iso(row["unable_to_work_to"]),
            hospitalized_from=from_iso(row["hospitalized_from"]), hospitalized_to=from_iso(row["hospitalized_to"]),
            accident_employment=bool(row["accident_employment"]), accident_auto=bool(row["accident_auto"]),
            accident_other=bool(row["accident_other"]), copay_collected=Money(row["copay_collected_cents"]),
            status=VisitStatus(row["status"]), diagnoses=diagnoses, lines=lines,
        )

    def _many(self, rows: list[dict]) -> list[Visit]:
        """Visits of many rows with three queries in all: the rows, their diagnoses, their lines."""
        if not rows:
            return []
        ids = json.dumps([r["id"] for r in rows])
        diagnoses: dict[int, list[str]] = {}
        for visit_id, code in self.db.execute(
                "SELECT visit_id, code FROM visit_diagnoses WHERE visit_id IN (SELECT value FROM json_each(?)) "
                "ORDER BY visit_id, position", [ids]):
            diagnoses.setdefault(visit_id, []).append(code)
        lines: dict[int, list[ServiceLine]] = {}
        cursor = self.db.execute(
            "SELECT * FROM service_lines WHERE visit_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY visit_id, line_no", [ids])
        names = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(names, values))
            lines.setdefault(row["visit_id"], []).append(_line_from(row))
        return [self.from_row(r, tuple(diagnoses.get(r["id"], ())), tuple(lines.get(r["id"], ()))) for r in rows]

    def get_many(self, visit_ids: list[int]) -> dict[int, Visit]:
        """The visits with these ids, by id (three queries however many)."""
        rows = self._rows("id IN (SELECT value FROM json_each(?))", [json.dumps(list(visit_ids))])
        return {v.id: v for v in self._many(rows)}

    def insert_many(self, visits: list[Visit]) -> list[Visit]:
        """Write new visits (no id yet) with their diagnoses and lines: what `save` writes for each, in three
        statements however many; returns them with their ids and their lines' ids."""
        ids = insert_rows(self.db, self.table, [self.to_row(v) for v in visits])
        insert_keyless(self.db, "visit_diagnoses", [{"visit_id": visit_id, "position": i, "code": code}
                                                    for visit_id, v in zip(ids, visits)
                                                    for i, code in enumerate(v.diagnoses, 1)])
        line_ids = iter(insert_rows(self.db, "service_lines", [_line_row(visit_id, line)
                                                               for visit_id, v in zip(ids, visits) for line in v.lines]))
        return [replace(v, id=visit_id, lines=tuple(replace(line, id=next(line_ids)) for line in v.lines))
                for visit_id, v in zip(ids, visits)]

    def save(self, visit: Visit) -> Visit:
        """Write the visit, then bring its diagnoses and lines in line (kept lines keep their ids).

        Only what changed is written, so the audit trail records changes and an unchanged save writes nothing."""
        if visit.id is None and all(line.id is None for line in visit.lines):
            return self.insert_many([visit])[0]
        saved = super().save(visit)
        visit_id = saved.id
        old_diagnoses = tuple(r[0] for r in self.db.execute(
            "SELECT code FROM visit_diagnoses WHERE visit_id = ? ORDER BY position", [visit_id]))
        if old_diagnoses != tuple(visit.diagnoses):
            self.db.execute("DELETE FROM visit_diagnoses WHERE visit_id = ?", [visit_id])
            self.db["visit_diagnoses"].insert_all(
                [{"visit_id": visit_id, "position": i, "code": code} for i, code in enumerate(visit.diagnoses, 1)]
            )
        kept_ids = [line.id for line in visit.lines if line.id is not None]
        placeholders = ",".join("?" * len(kept_ids)) or "NULL"
        if visit.id is not None:
            self.db.execute(
                f"DELETE FROM service_lines WHERE visit_id = ? AND id NOT IN ({placeholders})", [visit_id, *kept_ids]
            )
            # Free the line numbers of renumbered kept lines first so that they do not collide.
            stored = dict(self.db.execute("SELECT id, line_no FROM service_lines WHERE visit_id = ?", [visit_id]))
            moved = [line.id for line in visit.lines if line.id is not None and stored.get(line.id) != line.line_no]
            if moved:
                self.db.execute(f"UPDATE service_lines SET line_no = -line_no WHERE visit_id = ? AND id IN "
                                f"({','.join('?' * len(moved))})", [visit_id, *moved])
        lines = []
        for line in visit.lines:
            row = _line_row(visit_id, line)
            if line.id is None:
                line = replace(line, id=self.db["service_lines"].insert(row).last_pk)
            else:
                self.db["service_lines"].update(line.id, row)
            lines.append(line)
        return replace(saved, lines=tuple(lines))

    def set_status(self, visit_id: int, status: VisitStatus) -> None:
        self.set_statuses([visit_id], status)

    def set_statuses(self, visit_ids: list[int], status: VisitStatus) -> None:
        """Give these visits one status (one prepared statement for all)."""
        self.db.conn.executemany("UPDATE visits SET status = ? WHERE id = ?",
                                 [(VisitStatus(status).value, visit_id) for visit_id in visit_ids])

    def for_patient(self, patient_id: int, limit: int = 200) -> list[Visit]:
        return self._many(self._rows("patient_id = ?", [patient_id], limit=limit))

    def between(self, start: date, end: date) -> list[Visit]:
        return self._many(self._rows("service_date BETWEEN ? AND ?", [start.isoformat(), end.isoformat()]))

    def summaries(self, start: date, end: date) -> list[VisitSummary]:
        """The visits between two dates as lists show them, newest first, in one query."""
        rows = self.db.execute(
            "SELECT v.id, v.service_date, v.patient_id, v.provider_id, v.status, "
            "p.last_name, p.first_name, p.middle, p.suffix, "
            "(SELECT group_concat(code, ' ') FROM (SELECT code FROM visit_diagnoses d WHERE d.visit_id = v.id "
            "ORDER BY position)), "
            "(SELECT coalesce(sum(charge_cents), 0) FROM service_lines l WHERE l.visit_id = v.id) "
            "FROM visits v JOIN patients p ON p.id = v.patient_id "
            "WHERE v.service_date BETWEEN ? AND ? ORDER BY v.service_date DESC, v.id DESC",
            [start.isoformat(), end.isoformat()])
        return [VisitSummary(id=r[0], service_date=from_iso(r[1]), patient_id=r[2], patient_name=patient_name(*r[5:9]),
                             provider_id=r[3], status=VisitStatus(r[4]), diagnoses=tuple((r[9] or "").split()),
                             total=Money(r[10]))
                for r in rows]

    def seen_between(self, patient_id: int, first: date, before: date) -> bool:
        """True when the patient has a visit dated `first` .. the day before `before` (one indexed look-up)."""
        return self.db.execute(
            "SELECT EXISTS (SELECT 1 FROM visits WHERE patient_id = ? AND service_date >= ? AND service_date < ?)",
            [patient_id, first.isoformat(), before.isoformat()]).fetchone()[0] == 1

    def recent_diagnoses(self, patient_id: int, limit: int = 20) -> list[str]:
        """This patient's diagnoses, most recent visit first, without repeats."""
        rows = self.db.execute(
            "SELECT d.code FROM visit_diagnoses d JOIN visits v ON v.id = d.visit_id "
            "WHERE v.patient_id = ? ORDER BY v.service_date DESC, d.position", [patient_id])
        return list(dict.fromkeys(r[0] for r in rows))[:limit]

    def most_used_diagnoses(self, limit: int = 20) -> list[str]:
        """The office's most used diagnosis codes (from `code_usage`, which triggers keep up to date)."""
        return self._most_used("diagnosis", limit)

    def most_used_procedures(self, limit: int = 20) -> list[str]:
        return self._most_used("procedure", limit)

    def _most_used(self, kind: str, limit: int) -> list[str]:
        rows = self.db.execute(
            "SELECT code FROM code_usage WHERE kind = ? AND uses > 0 ORDER BY uses DESC, code LIMIT ?", [kind, limit])
        return [r[0] for r in rows]
