"""Store for statement runs, the statements printed (their content as printed, JSON) and accounts on hold.

A statement row is written once, when its run is recorded, and never changed;
a preview is never stored. The content is the statement as printed, so a
reprint draws the same page.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from ..core.money import Money
from ..core.statements import StatementHold, StatementRun
from .rows import from_iso, to_iso

_RUN = ("SELECT r.id, r.statement_date, r.run_at, r.who, r.minimum_cents, r.cycle_days, count(s.id), "
        "coalesce(sum(s.balance_cents), 0) FROM statement_runs r LEFT JOIN statements s ON s.run_id = r.id")


def _run(row, accounts: tuple[str, ...] = ()) -> StatementRun:
    run_id, day, run_at, who, minimum, cycle, count, total = row
    return StatementRun(id=run_id, statement_date=from_iso(day), run_at=run_at, who=who, minimum=Money(minimum),
                        cycle_days=cycle, count=count, total=Money(total), accounts=accounts)


class StatementStore:
    """Statement runs, statements and holds; reads return records or plain tuples."""

    def __init__(self, db):
        self.db = db

    # ------------------------------------------------------------------ who is due
    def candidates(self) -> list[tuple[int, Money, date | None, bool]]:
        """(patient id, patient balance, date of the last statement, on hold) for every positive patient balance.

        The balances are read from `open_balances` (each visit's balance per party, kept by a trigger on the
        ledger and checked against it by `office.money.verify`), not summed over the whole ledger."""
        rows = self.db.execute(
            "SELECT b.patient_id, b.cents, (SELECT max(statement_date) FROM statements s "
            "WHERE s.patient_id = b.patient_id), EXISTS (SELECT 1 FROM statement_holds h "
            "WHERE h.patient_id = b.patient_id) FROM (SELECT patient_id, sum(amount_cents) AS cents "
            "FROM open_balances WHERE party = 'patient' AND amount_cents != 0 GROUP BY patient_id "
            "HAVING sum(amount_cents) > 0) b ORDER BY b.patient_id")
        return [(r[0], Money(r[1]), from_iso(r[2]), bool(r[3])) for r in rows]

    def last_statement_id(self) -> int:
        """The newest statement's id (0 when none): what was recorded before a run started."""
        return self.db.execute("SELECT coalesce(max(id), 0) FROM statements").fetchone()[0]

    def recorded_since(self, statement_id: int, patient_ids: Iterable[int]) -> list[int]:
        """The patients among `patient_ids` given a statement after `statement_id`, or put on hold meanwhile."""
        ids = json.dumps(list(patient_ids))
        rows = self.db.execute(
            "SELECT DISTINCT patient_id FROM statements WHERE id > ? AND patient_id IN (SELECT value FROM "
            "json_each(?)) UNION SELECT patient_id FROM statement_holds WHERE patient_id IN "
            "(SELECT value FROM json_each(?))", [statement_id, ids, ids])
        return sorted(r[0] for r in rows)

    # ---------------------------------------------------------------------- runs
    def add_run(self, run: StatementRun, statements: Iterable[tuple[int, Money, str]]) -> StatementRun:
        """Record a run and its statements, (patient id, balance, content JSON) each; call inside a transaction."""
        cursor = self.db.conn.execute(
            "INSERT INTO statement_runs (statement_date, run_at, who, minimum_cents, cycle_days) "
            "VALUES (?, ?, ?, ?, ?)", [to_iso(run.statement_date), run.run_at, run.who, run.minimum.cents,
                                       run.cycle_days])
        run_id = cursor.lastrowid
        self.db.conn.executemany(
            "INSERT INTO statements (run_id, patient_id, statement_date, balance_cents, content) "
            "VALUES (?, ?, ?, ?, ?)",
            [(run_id, patient_id, to_iso(run.statement_date), balance.cents, content)
             for patient_id, balance, content in statements])
        return self.run(run_id)

    def runs(self, limit: int = 200) -> list[StatementRun]:
        """The runs, newest first (without their accounts)."""
        rows = self.db.execute(f"{_RUN} GROUP BY r.id ORDER BY r.id DESC LIMIT ?", [limit])
        return [_run(r) for r in rows]

    def run(self, run_id: int) -> StatementRun | None:
        """One run with the accounts it went to."""
        row = self.db.execute(f"{_RUN} WHERE r.id = ? GROUP BY r.id", [run_id]).fetchone()
        if row is None:
            return None
        accounts = tuple(r[0] for r in self.db.execute(
            "SELECT p.account FROM statements s JOIN patients p ON p.id = s.patient_id WHERE s.run_id = ? "
            "ORDER BY s.id", [run_id]))
        return _run(row, accounts)

    def contents(self, run_id: int) -> list[str]:
        """The run's statements as printed (JSON), in print order."""
        return [r[0] for r in self.db.execute("SELECT content FROM statements WHERE run_id = ? ORDER BY id",
                                              [run_id])]

    def last_statement(self, patient_id: int) -> date | None:
        return from_iso(self.db.execute("SELECT max(statement_date) FROM statements WHERE patient_id = ?",
                                        [patient_id]).fetchone()[0])

    # --------------------------------------------------------------------- holds
    def hold(self, hold: StatementHold) -> StatementHold:
        """Put an account on hold (or change the reason of its hold, keeping the date it began)."""
        self.db.conn.execute(
            "INSERT INTO statement_holds (patient_id, since, reason) VALUES (?, ?, ?) "
            "ON CONFLICT (patient_id) DO UPDATE SET reason = excluded.reason",
            [hold.patient_id, to_iso(hold.since), hold.reason])
        return self.held(hold.patient_id)

    def release(self, patient_id: int) -> bool:
        """Take an account off hold; False when it was not on hold."""
        return self.db.conn.execute("DELETE FROM statement_holds WHERE patient_id = ?", [patient_id]).rowcount > 0

    def held(self, patient_id: int) -> StatementHold | None:
        row = self.db.execute("SELECT patient_id, since, reason FROM statement_holds WHERE patient_id = ?",
                              [patient_id]).fetchone()
        return StatementHold(patient_id=row[0], since=from_iso(row[1]), reason=row[2]) if row else None

    def holds(self) -> list[StatementHold]:
        rows = self.db.execute("SELECT patient_id, since, reason FROM statement_holds ORDER BY since, patient_id")
        return [StatementHold(patient_id=r[0], since=from_iso(r[1]), reason=r[2]) for r in rows]
