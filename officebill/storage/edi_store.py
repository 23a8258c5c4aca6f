"""Stores for electronic claims: clearinghouse profiles, which payers go through them, control numbers, 837P batches.

Control numbers (ISA13, GS06) come from `control_numbers`, one counter per
name, taken inside the caller's write transaction: a number taken is never
handed out again, even when the file it was meant for could not be written.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..core.edi import Clearinghouse, EdiBatch
from ..core.money import Money
from .record_store import RecordStore
from .rows import pick

CONTROL_MAX = 999_999_999  # ISA13 and GS06 hold 9 digits


class ClearinghouseStore(RecordStore[Clearinghouse]):
    table = "clearinghouses"
    order_by = "name COLLATE NOCASE"

    def to_row(self, c: Clearinghouse) -> dict:
        return {"name": c.name, "submitter_name": c.submitter_name, "submitter_id": c.submitter_id,
                "contact_name": c.contact_name, "contact_phone": c.contact_phone, "receiver_name": c.receiver_name,
                "receiver_id": c.receiver_id, "sender_qualifier": c.sender_qualifier, "sender_id": c.sender_id,
                "receiver_qualifier": c.receiver_qualifier, "receiver_isa_id": c.receiver_isa_id,
                "production": int(c.production), "active": int(c.active)}

    def from_row(self, row: dict) -> Clearinghouse:
        return Clearinghouse(**pick(row, "id", "name", "submitter_name", "submitter_id", "contact_name",
                                    "contact_phone", "receiver_name", "receiver_id", "sender_qualifier",
                                    "sender_id", "receiver_qualifier", "receiver_isa_id"),
                             production=bool(row["production"]), active=bool(row["active"]))


class EdiStore:
    """Payer routes, control numbers and 837P batches."""

    def __init__(self, db):
        self.db = db
        self.clearinghouses = ClearinghouseStore(db)

    # ------------------------------------------------------------ payer routes
    def payer_routes(self) -> dict[int, int | None]:
        """Each payer's clearinghouse id (None: the payer gets paper claims)."""
        return {row[0]: row[1] for row in self.db.execute("SELECT id, clearinghouse_id FROM payers")}

    def set_payer_clearinghouse(self, payer_id: int, clearinghouse_id: int | None) -> None:
        self.db.execute("UPDATE payers SET clearinghouse_id = ? WHERE id = ?", [clearinghouse_id, payer_id])

    # ------------------------------------------------------------ control numbers
    def take(self, name: str) -> int:
        """The next number of counter `name` (1 first), counted as used at once (call inside a write)."""
        number = self.db.execute(
            "INSERT INTO control_numbers (name, last) VALUES (?, 1) "
            "ON CONFLICT (name) DO UPDATE SET last = last + 1 RETURNING last", [name]).fetchone()[0]
        if number > CONTROL_MAX:
            raise OverflowError(f"control number {name} passed {CONTROL_MAX}")
        return number

    def last(self, name: str) -> int:
        row = self.db.execute("SELECT last FROM control_numbers WHERE name = ?", [name]).fetchone()
        return row[0] if row else 0

    # ------------------------------------------------------------ batches
    def add_batch(self, batch: EdiBatch, transaction_controls: dict[int, str]) -> EdiBatch:
        """Record an 837P file written and the claims it carried (each with its ST02)."""
        batch_id = self.db["edi_batches"].insert({
            "clearinghouse_id": batch.clearinghouse_id, "created": batch.created.isoformat(timespec="seconds"),
            "who": batch.who, "file_name": batch.file_name, "interchange_control": batch.interchange_control,
            "group_control": batch.group_control, "claim_count": len(batch.claim_ids),
            "total_cents": batch.total.cents}).last_pk
        self.db["edi_batch_claims"].insert_all(
            {"batch_id": batch_id, "claim_id": claim_id, "transaction_control": transaction_controls[claim_id]}
            for claim_id in batch.claim_ids)
        return replace(batch, id=batch_id)

    def batches(self, limit: int = 200) -> list[EdiBatch]:
        """The latest batches first, with their claims."""
        rows = self.db.execute(
            "SELECT b.*, c.name AS clearinghouse_name FROM edi_batches b "
            "JOIN clearinghouses c ON c.id = b.clearinghouse_id ORDER BY b.id DESC LIMIT ?", [limit]).fetchall()
        return [self._batch(row) for row in rows]

    def batch(self, batch_id: int) -> EdiBatch | None:
        row = self.db.execute(
            "SELECT b.*, c.name AS clearinghouse_name FROM edi_batches b "
            "JOIN clearinghouses c ON c.id = b.clearinghouse_id WHERE b.id = ?", [batch_id]).fetchone()
        return self._batch(row) if row else None

    def _batch(self, row) -> EdiBatch:
        (batch_id, clearinghouse_id, created, who, file_name, interchange_control, group_control, _count,
         total_cents, clearinghouse_name) = tuple(row)
        claim_ids = tuple(r[0] for r in self.db.execute(
            "SELECT claim_id FROM edi_batch_claims WHERE batch_id = ? ORDER BY rowid", [batch_id]))
        return EdiBatch(id=batch_id, clearinghouse_id=clearinghouse_id, clearinghouse_name=clearinghouse_name,
                        created=datetime.fromisoformat(created), who=who, file_name=file_name,
                        interchange_control=interchange_control, group_control=group_control, claim_ids=claim_ids,
                        total=Money(total_cents))

    def batches_of_claim(self, claim_id: int) -> list[int]:
        """The batches that carried a claim, oldest first."""
        return [r[0] for r in self.db.execute(
            "SELECT batch_id FROM edi_batch_claims WHERE claim_id = ? ORDER BY batch_id", [claim_id])]
