"""Store for claims: the snapshot as made, the visit lines carried, status and its history.

A claim's data is kept as a JSON snapshot of `core.claim.Claim` taken when it
was made (refreshed while it is a draft or ready, frozen once printed); the
columns beside it hold what lists and searches need.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

from ..core.claim import Claim
from ..core.records import ClaimStatus
from ..core.serialize import from_plain, to_plain
from .rows import from_iso, to_iso

OPEN_STATUSES = (ClaimStatus.DRAFT.value, ClaimStatus.READY.value, ClaimStatus.PRINTED.value)


class ClaimStore:
    def __init__(self, db):
        self.db = db

    def _from_row(self, row: dict) -> Claim:
        claim = from_plain(Claim, json.loads(row["snapshot"]))
        return replace(claim, id=row["id"], status=ClaimStatus(row["status"]), printed=from_iso(row["printed"]),
                       version=row["version"], frequency=row["frequency"])

    def _rows(self, where: str | None = None, params=(), order_by: str = "id") -> list[dict]:
        return list(self.db["claims"].rows_where(where, list(params), order_by=order_by))

    def get(self, claim_id: int) -> Claim | None:
        rows = self._rows("id = ?", [claim_id])
        return self._from_row(rows[0]) if rows else None

    def list(self, statuses: tuple[str, ...] | None = None) -> list[Claim]:
        if statuses:
            marks = ",".join("?" * len(statuses))
            rows = self._rows(f"status IN ({marks})", statuses, order_by="created DESC, id DESC")
        else:
            rows = self._rows(order_by="created DESC, id DESC")
        return [self._from_row(r) for r in rows]

    def for_visit(self, visit_id: int) -> list[Claim]:
        return [self._from_row(r) for r in self._rows("visit_id = ?", [visit_id])]

    def insert(self, claim: Claim, replaces_claim_id: int | None = None, note: str = "made") -> Claim:
        row = {
            "visit_id": claim.visit.id, "policy_id": claim.policy.id, "payer_id": claim.payer.id,
            "version": claim.version, "frequency": claim.frequency, "replaces_claim_id": replaces_claim_id,
            "status": ClaimStatus(claim.status).value, "created": to_iso(claim.created),
            "printed": to_iso(claim.printed), "total_cents": claim.total.cents,
            "snapshot": json.dumps(to_plain(claim)),
        }
        claim = replace(claim, id=self.db["claims"].insert(row).last_pk)  # the snapshot's id comes from the row
        self._write_lines(claim)
        self._history(claim.id, claim.status, note)
        return claim

    def update_snapshot(self, claim: Claim) -> Claim:
        """Replace the data of a claim not yet printed (after the visit or setup was fixed)."""
        self.db["claims"].update(claim.id, {"snapshot": json.dumps(to_plain(claim)), "total_cents": claim.total.cents,
                                            "policy_id": claim.policy.id, "payer_id": claim.payer.id})
        self.db.execute("DELETE FROM claim_lines WHERE claim_id = ?", [claim.id])
        self._write_lines(claim)
        return claim

    def set_status(self, claim: Claim, status: ClaimStatus, note: str = "", printed: date | None = None) -> Claim:
        changes = {"status": status.value}
        if printed:
            changes["printed"] = printed.isoformat()
        self.db["claims"].update(claim.id, changes)
        self._history(claim.id, status, note)
        return replace(claim, status=status, printed=printed or claim.printed)

    def set_payer_claim_number(self, claim_id: int, number: str) -> None:
        self.db["claims"].update(claim_id, {"payer_claim_number": number})

    def payer_claim_number(self, claim_id: int) -> str:
        return self.db["claims"].get(claim_id)["payer_claim_number"]

    def history(self, claim_id: int) -> list[dict]:
        return list(self.db["claim_status_history"].rows_where("claim_id = ?", [claim_id], order_by="id"))

    def billed_lines(self) -> list[tuple[int, tuple]]:
        """(claim id, (patient_id, service_date, code, payer_id)) for every line on live original claims."""
        rows = self.db.execute(
            "SELECT c.id, v.patient_id, v.service_date, l.code, c.payer_id FROM claims c "
            "JOIN claim_lines l ON l.claim_id = c.id JOIN visits v ON v.id = c.visit_id "
            "WHERE c.status IN ('draft','ready','printed') AND c.frequency = '1'")
        return [(r[0], (r[1], from_iso(r[2]), r[3], r[4])) for r in rows]

    def visits_without_claims(self) -> list[int]:
        rows = self.db.execute(
            "SELECT v.id FROM visits v WHERE v.status != 'void' AND NOT EXISTS "
            "(SELECT 1 FROM claims c WHERE c.visit_id = v.id AND c.status NOT IN ('void')) "
            "ORDER BY v.service_date, v.id")
        return [r[0] for r in rows]

    def _write_lines(self, claim: Claim) -> None:
        self.db["claim_lines"].insert_all([
            {"claim_id": claim.id, "line_no": n, "service_line_id": line.id, "code": line.code,
             "charge_cents": line.charge.cents}
            for n, line in enumerate(claim.lines, 1)
        ])

    def _history(self, claim_id: int, status, note: str) -> None:
        self.db["claim_status_history"].insert({
            "claim_id": claim_id, "at": datetime.now().isoformat(timespec="seconds"),
            "status": ClaimStatus(status).value, "note": note,
        })
