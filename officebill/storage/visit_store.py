"""Store for visits with their ordered diagnoses and service lines."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..core.money import Money
from ..core.records import ServiceLine, Visit, VisitStatus
from .record_store import RecordStore
from .rows import from_iso, pick, to_iso


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

    def from_row(self, row: dict) -> Visit:
        visit_id = row["id"]
        diagnoses = tuple(
            r[0] for r in self.db.execute(
                "SELECT code FROM visit_diagnoses WHERE visit_id = ? ORDER BY position", [visit_id])
        )
        lines = tuple(
            _line_from(r) for r in self.db["service_lines"].rows_where("visit_id = ?", [visit_id], order_by="line_no")
        )
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

    def save(self, visit: Visit) -> Visit:
        """Write the visit, then replace its diagnoses and lines (kept lines keep their ids)."""
        saved = super().save(visit)
        visit_id = saved.id
        self.db.execute("DELETE FROM visit_diagnoses WHERE visit_id = ?", [visit_id])
        self.db["visit_diagnoses"].insert_all(
            [{"visit_id": visit_id, "position": i, "code": code} for i, code in enumerate(visit.diagnoses, 1)]
        )
        kept_ids = [line.id for line in visit.lines if line.id is not None]
        placeholders = ",".join("?" * len(kept_ids)) or "NULL"
        self.db.execute(
            f"DELETE FROM service_lines WHERE visit_id = ? AND id NOT IN ({placeholders})", [visit_id, *kept_ids]
        )
        # Free the line numbers first so renumbered kept lines do not collide.
        self.db.execute("UPDATE service_lines SET line_no = -line_no WHERE visit_id = ?", [visit_id])
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
        self.db["visits"].update(visit_id, {"status": status.value})

    def for_patient(self, patient_id: int, limit: int = 200) -> list[Visit]:
        return [self.from_row(r) for r in self._rows("patient_id = ?", [patient_id], limit=limit)]

    def between(self, start: date, end: date) -> list[Visit]:
        return [self.from_row(r) for r in
                self._rows("service_date BETWEEN ? AND ?", [start.isoformat(), end.isoformat()])]

    def recent_diagnoses(self, patient_id: int, limit: int = 20) -> list[str]:
        """This patient's diagnoses, most recent visit first, without repeats."""
        rows = self.db.execute(
            "SELECT d.code FROM visit_diagnoses d JOIN visits v ON v.id = d.visit_id "
            "WHERE v.patient_id = ? ORDER BY v.service_date DESC, d.position", [patient_id])
        return list(dict.fromkeys(r[0] for r in rows))[:limit]

    def most_used_diagnoses(self, limit: int = 20) -> list[str]:
        rows = self.db.execute(
            "SELECT code FROM visit_diagnoses GROUP BY code ORDER BY count(*) DESC, code LIMIT ?", [limit])
        return [r[0] for r in rows]

    def most_used_procedures(self, limit: int = 20) -> list[str]:
        rows = self.db.execute(
            "SELECT code FROM service_lines GROUP BY code ORDER BY count(*) DESC, code LIMIT ?", [limit])
        return [r[0] for r in rows]
