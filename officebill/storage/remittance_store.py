"""Store for what came back electronically: 835 imports, their work list, and 999/277CA acknowledgments.

A payer's trace number is imported once (UNIQUE (payer_key, trace_number)).
A claim payment the import could not post is kept whole as JSON (the service
writes and reads it) until a person resolves it. Also the bulk reads an
import needs: what each party owes on many lines at once.
"""
from __future__ import annotations

from datetime import date, datetime

from ..core.ledger import Party
from ..core.money import Money
from .rows import from_iso


class RemittanceStore:
    def __init__(self, db):
        self.db = db

    # ------------------------------------------------------------- imports
    def find(self, payer_key: str, trace_number: str) -> dict | None:
        """The earlier import of this payer's trace number: id, file_name, imported, who, deposit_id."""
        row = self.db.execute("SELECT id, file_name, imported, who, deposit_id FROM remittances "
                              "WHERE payer_key = ? AND trace_number = ?", [payer_key, trace_number]).fetchone()
        return dict(zip(("id", "file_name", "imported", "who", "deposit_id"), row)) if row else None

    def insert(self, *, payer_key: str, trace_number: str, payer_id: int | None, deposit_id: int | None,
               file_name: str, imported: datetime, who: str, amount: Money, summary: str) -> int:
        cursor = self.db.conn.execute(
            "INSERT INTO remittances (payer_key, trace_number, payer_id, deposit_id, file_name, imported, who, "
            "amount_cents, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [payer_key, trace_number, payer_id, deposit_id, file_name, imported.isoformat(timespec="seconds"), who,
             amount.cents, summary])
        return cursor.lastrowid

    def get(self, remittance_id: int) -> dict | None:
        keys = ("id", "payer_key", "trace_number", "payer_id", "deposit_id", "file_name", "imported", "who",
                "amount_cents", "summary")
        row = self.db.execute(f"SELECT {', '.join(keys)} FROM remittances WHERE id = ?", [remittance_id]).fetchone()
        return dict(zip(keys, row)) if row else None

    def set_summary(self, remittance_id: int, summary: str) -> None:
        self.db.conn.execute("UPDATE remittances SET summary = ? WHERE id = ?", [summary, remittance_id])

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM remittances").fetchone()[0]

    # ------------------------------------------------------------ work list
    def add_work(self, remittance_id: int, control: str, problem: str, content: str) -> int:
        cursor = self.db.conn.execute(
            "INSERT INTO remittance_work (remittance_id, claim_control, problem, content) VALUES (?, ?, ?, ?)",
            [remittance_id, control, problem, content])
        return cursor.lastrowid

    _WORK = ("SELECT w.id, w.remittance_id, w.claim_control, w.problem, w.content, w.resolved, w.resolution, "
             "r.trace_number, coalesce(y.name, r.payer_key), r.deposit_id FROM remittance_work w "
             "JOIN remittances r ON r.id = w.remittance_id LEFT JOIN payers y ON y.id = r.payer_id")

    def _work_rows(self, where: str, params) -> list[dict]:
        keys = ("id", "remittance_id", "control", "problem", "content", "resolved", "resolution", "trace_number",
                "payer_name", "deposit_id")
        rows = self.db.execute(f"{self._WORK} WHERE {where} ORDER BY w.id", params).fetchall()
        return [{**dict(zip(keys, r)), "resolved": from_iso(r[5])} for r in rows]

    def work(self, open_only: bool = True) -> list[dict]:
        return self._work_rows("w.resolved IS NULL" if open_only else "1", [])

    def work_item(self, work_id: int) -> dict | None:
        found = self._work_rows("w.id = ?", [work_id])
        return found[0] if found else None

    def resolve_work(self, work_id: int, day: date, resolution: str) -> None:
        self.db.conn.execute("UPDATE remittance_work SET resolved = ?, resolution = ? WHERE id = ?",
                             [day.isoformat(), resolution, work_id])

    # ------------------------------------------------------------ bulk reads
    def line_party_balances(self, line_ids: list[int]) -> dict[tuple[int, Party], Money]:
        """What each party owes on each of the lines, from the ledger, in one query."""
        found: dict[tuple[int, Party], Money] = {}
        for start in range(0, len(line_ids), 500):
            chunk = line_ids[start:start + 500]
            rows = self.db.execute(
                f"SELECT service_line_id, party, sum(amount_cents) FROM ledger WHERE service_line_id IN "
                f"({','.join('?' * len(chunk))}) GROUP BY service_line_id, party", chunk)
            found.update({(r[0], Party(r[1])): Money(r[2]) for r in rows})
        return found

    # ------------------------------------------------------- acknowledgments
    def batch_by_group_control(self, group_control: int) -> int | None:
        row = self.db.execute("SELECT id FROM edi_batches WHERE group_control = ? ORDER BY id DESC LIMIT 1",
                              [group_control]).fetchone()
        return row[0] if row else None

    def batch_claims(self, batch_id: int, transaction_control: str | None = None) -> list[int]:
        """The claims a batch carried (only those of one transaction set, by its ST02, when given)."""
        where, params = "batch_id = ?", [batch_id]
        if transaction_control is not None:
            where, params = where + " AND ltrim(transaction_control, '0') = ltrim(?, '0')", [*params,
                                                                                             transaction_control]
        return [r[0] for r in self.db.execute(f"SELECT claim_id FROM edi_batch_claims WHERE {where} ORDER BY claim_id",
                                              params)]

    def add_acknowledgment(self, *, kind: str, file_name: str, imported: datetime, batch_id: int | None,
                           claim_id: int | None, accepted: bool, codes: str, message: str) -> int:
        cursor = self.db.conn.execute(
            "INSERT INTO acknowledgments (kind, file_name, imported, batch_id, claim_id, accepted, codes, message) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [kind, file_name, imported.isoformat(timespec="seconds"), batch_id, claim_id, int(accepted), codes,
             message])
        return cursor.lastrowid

    def acknowledgments(self, claim_id: int) -> list[dict]:
        keys = ("id", "kind", "file_name", "imported", "batch_id", "accepted", "codes", "message")
        rows = self.db.execute("SELECT id, kind, file_name, imported, batch_id, accepted, codes, message "
                               "FROM acknowledgments WHERE claim_id = ? ORDER BY id", [claim_id]).fetchall()
        return [dict(zip(keys, r)) for r in rows]
