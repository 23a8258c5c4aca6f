"""Store for the office procedure list (fee schedule)."""
from __future__ import annotations

from ..core.money import Money
from ..core.records import Procedure
from .record_store import RecordStore
from .rows import pick


class ProcedureStore(RecordStore[Procedure]):
    table = "procedures"
    order_by = "code"

    def to_row(self, p: Procedure) -> dict:
        return {"code": p.code, "system": p.system, "label": p.label, "charge_cents": p.charge.cents,
                "units": p.units, "favorite": int(p.favorite), "active": int(p.active), "synonyms": p.synonyms}

    def from_row(self, row: dict) -> Procedure:
        return Procedure(**pick(row, "id", "code", "system", "label", "units", "synonyms"),
                         charge=Money(row["charge_cents"]), favorite=bool(row["favorite"]), active=bool(row["active"]))

    def by_code(self, code: str) -> Procedure | None:
        rows = self._rows("code = ?", [code.upper()])
        return self.from_row(rows[0]) if rows else None
