"""Stores for the books: the append-only ledger and the payers' deposits.

The ledger table refuses UPDATE and DELETE at the SQL level (triggers that
RAISE(ABORT)); a deposit's own facts cannot change either, only its closing
date can be set. Big sums (a patient's, a payer's, the practice's aging) are
done in SQL over the indexes made by the migration. Aging reads `open_balances`,
one row per (patient, visit, party, payer) kept by a trigger on every ledger
insert (migration 0009); `open_balance_mismatches` checks it against the ledger.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from ..core.ledger import Deposit, EntryKind, LedgerEntry, Party
from ..core.money import Money
from .database import current_user
from .rows import from_iso, patient_name, to_iso

_COLUMNS = ("kind", "amount_cents", "patient_id", "visit_id", "service_line_id", "service_date", "claim_id",
            "party", "payer_id", "deposit_id", "allowed_cents", "group_code", "reason", "reverses_id", "batch",
            "posted", "who", "note", "method", "number")


def _row(entry: LedgerEntry, entry_id: int, batch: int, who: str) -> tuple:
    return (entry_id, entry.kind.value, entry.amount.cents, entry.patient_id, entry.visit_id, entry.service_line_id,
            to_iso(entry.service_date), entry.claim_id, entry.party.value, entry.payer_id, entry.deposit_id,
            entry.allowed.cents if entry.allowed is not None else None,
            entry.group.value if entry.group else "", entry.reason, entry.reverses_id, batch,
            to_iso(entry.posted), entry.who or who, entry.note, entry.method.value if entry.method else "",
            entry.number)


def _entry(row) -> LedgerEntry:
    (entry_id, kind, cents, patient_id, visit_id, line_id, service_date, claim_id, party, payer_id, deposit_id,
     allowed, group, reason, reverses_id, batch, posted, who, note, method, number) = row
    return LedgerEntry(
        id=entry_id, kind=EntryKind(kind), amount=Money(cents), patient_id=patient_id, visit_id=visit_id,
        service_line_id=line_id, service_date=from_iso(service_date), claim_id=claim_id, party=Party(party),
        payer_id=payer_id, deposit_id=deposit_id, allowed=Money(allowed) if allowed is not None else None,
        group=group or None, reason=reason, reverses_id=reverses_id, batch=batch, posted=from_iso(posted),
        who=who, note=note, method=method or None, number=number)


_SELECT = "SELECT id, " + ", ".join(_COLUMNS) + " FROM ledger"
_INSERT = f"INSERT INTO ledger (id, {', '.join(_COLUMNS)}) VALUES (?, {', '.join('?' * len(_COLUMNS))})"

# The day an open balance's age counts from (billing/aging.py explains the rule).
_AGE_START = {"service": "o.service_date", "billed": "coalesce(o.billed, o.moved, o.service_date)"}


class LedgerStore:
    """Append-only money events; every read returns `LedgerEntry` records or sums of them."""

    def __init__(self, db):
        self.db = db

    # ------------------------------------------------------------------ writing
    def append(self, entries: Iterable[LedgerEntry], who: str | None = None) -> list[LedgerEntry]:
        """Insert entries as one batch (the batch number is the first new id); call inside a transaction."""
        return self.append_batches([entries], who)

    def append_batches(self, batches: Iterable[Iterable[LedgerEntry]], who: str | None = None) -> list[LedgerEntry]:
        """Insert several batches (e.g. one per EOB line) in one statement; each batch's number is its first id.

        The ids are given, counting on from the largest (the table is append-only and this runs inside the
        write transaction, so nothing else inserts meanwhile): one `executemany` writes every row."""
        who = who or current_user()
        rows = self._write(batches, who)
        return [replace(entry, id=entry_id, who=entry.who or who, batch=batch) for entry, entry_id, batch in rows]

    def write_batches(self, batches: Iterable[Iterable[LedgerEntry]], who: str | None = None) -> int:
        """`append_batches` for a caller that needs nothing back (the many-year demo's hundreds of thousands of
        rows): the same rows, without making the saved entries. Returns how many were written."""
        return len(self._write(batches, who or current_user()))

    def _write(self, batches: Iterable[Iterable[LedgerEntry]], who: str) -> list[tuple[LedgerEntry, int, int]]:
        """Number and insert the batches' entries: (entry, its id, its batch) for each."""
        next_id = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM ledger").fetchone()[0]
        rows = []
        for entries in batches:
            batch = next_id
            for entry in entries:
                rows.append((entry, next_id, batch))
                next_id += 1
        self.db.conn.executemany(_INSERT, [_row(entry, entry_id, batch, who) for entry, entry_id, batch in rows])
        return rows

    # ------------------------------------------------------------------ reading
    def _select(self, where: str, params=(), order: str = "id") -> list[LedgerEntry]:
        return [_entry(r) for r in self.db.execute(f"{_SELECT} WHERE {where} ORDER BY {order}", list(params))]

    def get(self, entry_id: int) -> LedgerEntry | None:
        found = self._select("id = ?", [entry_id])
        return found[0] if found else None

    def batch(self, batch: int) -> list[LedgerEntry]:
        return self._select("batch = ?", [batch])

    def reversal_of(self, entry_id: int) -> LedgerEntry | None:
        found = self._select("reverses_id = ?", [entry_id])
        return found[0] if found else None

    def for_patient(self, patient_id: int) -> list[LedgerEntry]:
        return self._select("patient_id = ?", [patient_id], "posted, id")

    def for_visit(self, visit_id: int) -> list[LedgerEntry]:
        return self._select("visit_id = ?", [visit_id])

    def for_line(self, service_line_id: int) -> list[LedgerEntry]:
        return self._select("service_line_id = ?", [service_line_id])

    def for_lines(self, line_ids: list[int]) -> list[LedgerEntry]:
        if not line_ids:
            return []
        return self._select(f"service_line_id IN ({','.join('?' * len(line_ids))})", line_ids)

    def for_claim(self, claim_id: int) -> list[LedgerEntry]:
        return self._select("claim_id = ?", [claim_id])

    def for_deposit(self, deposit_id: int) -> list[LedgerEntry]:
        return self._select("deposit_id = ?", [deposit_id])

    def all(self) -> list[LedgerEntry]:
        return self._select("1")

    # ------------------------------------------------------------------- sums
    def _sum(self, where: str = "1", params=()) -> Money:
        return Money(self.db.execute(f"SELECT coalesce(sum(amount_cents), 0) FROM ledger WHERE {where}",
                                     list(params)).fetchone()[0])

    def payer_balance(self, payer_id: int) -> Money:
        """What a payer owes on every line it is responsible for."""
        return self._sum("payer_id = ? AND party != ?", [payer_id, Party.PATIENT.value])

    def patient_split(self, patient_id: int) -> tuple[Money, Money]:
        """(what insurance owes, what the patient owes) on a patient's account: one indexed sum."""
        row = self.db.execute(
            "SELECT coalesce(sum(CASE WHEN party != 'patient' THEN amount_cents END), 0), "
            "coalesce(sum(CASE WHEN party = 'patient' THEN amount_cents END), 0) FROM ledger WHERE patient_id = ?",
            [patient_id]).fetchone()
        return Money(row[0]), Money(row[1])

    def party_balance(self, service_line_id: int, party: Party) -> Money:
        return self._sum("service_line_id = ? AND party = ?", [service_line_id, party.value])

    def party_balances(self, line_ids: list[int], party: Party) -> dict[int, Money]:
        """What `party` owes on each of the lines, in one query (lines it owes nothing on: 0.00)."""
        rows = self.db.execute(
            f"SELECT service_line_id, sum(amount_cents) FROM ledger WHERE party = ? AND service_line_id IN "
            f"({','.join('?' * len(line_ids))}) GROUP BY service_line_id", [party.value, *line_ids]) if line_ids else []
        found = {line_id: Money(cents) for line_id, cents in rows}
        return {line_id: found.get(line_id, Money(0)) for line_id in line_ids}

    def patient_open_lines(self, patient_id: int, visit_id: int | None = None) -> list[tuple]:
        """(line id, visit id, date of service, what the patient owes) for lines with a patient balance."""
        where, params = "patient_id = ? AND party = 'patient' AND service_line_id IS NOT NULL", [patient_id]
        if visit_id is not None:
            where, params = where + " AND visit_id = ?", [*params, visit_id]
        rows = self.db.execute(
            f"SELECT service_line_id, visit_id, service_date, sum(amount_cents) FROM ledger WHERE {where} "
            "GROUP BY service_line_id HAVING sum(amount_cents) > 0 ORDER BY service_date, visit_id, service_line_id",
            params)
        return [(r[0], r[1], from_iso(r[2]), Money(r[3])) for r in rows]

    def aging_sums(self, by: str, dated_by: str, cutoffs: list[date]) -> list[tuple]:
        """(group, name, [cents per bucket], credit cents) per payer ("patient" for patients' own balances)
        or per patient id, summed in SQL over the open balances.

        `cutoffs[i]`: the earliest start day of bucket i (youngest first); older starts fall in the last
        bucket. Positive balances go in buckets, negative ones (credits) are summed apart. SQL sums what is
        younger than each cutoff (one comparison per sum, the cheapest form for 300,000 open balances);
        the buckets are the differences. Patients come largest balance first (as the report shows them)."""
        start = _AGE_START[dated_by]
        younger = ", ".join(f"sum(o.amount_cents) FILTER (WHERE o.amount_cents > 0 AND {start} >= ?{i + 1})"
                            for i in range(len(cutoffs)))
        sums = (f"{younger}, sum(o.amount_cents) FILTER (WHERE o.amount_cents > 0), "
                "sum(o.amount_cents) FILTER (WHERE o.amount_cents < 0)")
        if by == "payer":  # grouped in the index's order (no sort); a payer's parties are added up below
            sql = (f"SELECT CASE WHEN o.party = 'patient' THEN 0 ELSE o.payer_id END, {sums}, y.name "
                   "FROM open_balances o LEFT JOIN payers y ON y.id = o.payer_id WHERE o.amount_cents != 0 "
                   "GROUP BY o.party, o.payer_id")
        else:
            sql = (f"SELECT a.*, p.account, p.last_name, p.first_name, p.middle, p.suffix FROM (SELECT o.patient_id, "
                   f"{sums} FROM open_balances o WHERE o.amount_cents != 0 GROUP BY o.patient_id) a "
                   f"LEFT JOIN patients p ON p.id = a.patient_id ORDER BY {len(cutoffs) + 2} DESC, p.account")
        n = len(cutoffs)
        found: dict = {}
        for row in self.db.execute(sql, [d.isoformat() for d in cutoffs]):
            group, cumulative, credit, rest = row[0], [c or 0 for c in row[1:n + 2]], row[n + 2] or 0, row[n + 3:]
            cents = [cumulative[0]] + [cumulative[i] - cumulative[i - 1] for i in range(1, n + 1)]
            if by == "payer":
                group, name = ("patient", "Patients") if group == 0 else (group, rest[0] or f"payer {group}")
            else:
                name = f"{rest[0]}  {patient_name(*rest[1:])}" if rest[0] else f"patient {group}"
            if group in found:  # the same payer as primary and as secondary
                _, _, before, before_credit = found[group]
                cents, credit = [x + y for x, y in zip(before, cents)], before_credit + credit
            found[group] = (group, name, cents, credit)
        return list(found.values())

    def open_balance_mismatches(self) -> list[tuple]:
        """(patient id, visit id, party, payer id, open_balances cents, ledger cents) wherever the kept
        balance is not the ledger's sum (visit and payer 0 mean none). Empty when they agree."""
        rows = self.db.execute(
            "SELECT patient_id, visit_id, party, payer_id, sum(kept), sum(summed) FROM ("
            " SELECT patient_id, coalesce(visit_id, 0) AS visit_id, party, coalesce(payer_id, 0) AS payer_id,"
            "  0 AS kept, amount_cents AS summed FROM ledger"
            " UNION ALL SELECT patient_id, visit_id, party, payer_id, amount_cents, 0 FROM open_balances) "
            "GROUP BY patient_id, visit_id, party, payer_id HAVING sum(kept) != sum(summed)")
        return [tuple(r) for r in rows]

    def visit_credits(self, visit_ids: Iterable[int]) -> list[tuple[int, int, Money]]:
        """(visit id, patient id, credit) for visits holding patient money not on any line (a copay at check-in)."""
        visit_ids = list(visit_ids)
        if not visit_ids:
            return []
        rows = self.db.execute(
            "SELECT visit_id, patient_id, -sum(amount_cents) FROM ledger WHERE visit_id IN "
            f"({','.join('?' * len(visit_ids))}) AND party = 'patient' AND service_line_id IS NULL "
            "GROUP BY visit_id, patient_id HAVING sum(amount_cents) < 0", visit_ids)
        return [(r[0], r[1], Money(r[2])) for r in rows]

    def deposit_applied(self, deposit_id: int) -> Money:
        """The deposit's money applied to lines (payments and their reversals), as a positive amount."""
        return -self._sum("deposit_id = ? AND kind IN ('insurance_payment', 'reversal')", [deposit_id])

    def live_charges(self, service_line_id: int) -> list[LedgerEntry]:
        """The line's CHARGE entries not yet reversed."""
        return self._select("service_line_id = ? AND kind = 'charge' AND id NOT IN "
                            "(SELECT reverses_id FROM ledger WHERE reverses_id IS NOT NULL)", [service_line_id])

    def has_money_besides_charges(self, service_line_id: int) -> bool:
        """True when payments, adjustments, transfers or write-offs stand (not reversed) on the line."""
        return self.db.execute(
            "SELECT EXISTS (SELECT 1 FROM ledger WHERE service_line_id = ? AND kind NOT IN ('charge', 'reversal') "
            "AND id NOT IN (SELECT reverses_id FROM ledger WHERE reverses_id IS NOT NULL))",
            [service_line_id]).fetchone()[0] == 1

    def live_charges_for_visit(self, visit_id: int) -> list[LedgerEntry]:
        return self._select("visit_id = ? AND kind = 'charge' AND id NOT IN "
                            "(SELECT reverses_id FROM ledger WHERE reverses_id IS NOT NULL)", [visit_id])

    # ------------------------------------------------------------- verifying
    def bad_reversals(self) -> list[tuple[int, int]]:
        """(reversal id, reversed id) where the reversal is not the exact negation on the same line and party."""
        rows = self.db.execute(
            "SELECT r.id, o.id FROM ledger r JOIN ledger o ON o.id = r.reverses_id WHERE "
            "r.amount_cents != -o.amount_cents OR r.party != o.party OR r.patient_id != o.patient_id OR "
            "coalesce(r.service_line_id, -1) != coalesce(o.service_line_id, -1) OR "
            "coalesce(r.deposit_id, -1) != coalesce(o.deposit_id, -1) OR o.kind = 'reversal'")
        return [tuple(r) for r in rows]

    def unbalanced_transfers(self) -> list[int]:
        """Batches whose transfers do not net to zero (money appeared or vanished moving between parties)."""
        rows = self.db.execute("SELECT batch FROM ledger WHERE kind = 'transfer' OR (kind = 'reversal' AND "
                               "reverses_id IN (SELECT id FROM ledger WHERE kind = 'transfer')) "
                               "GROUP BY batch HAVING sum(amount_cents) != 0")
        return [r[0] for r in rows]

    def charge_mismatches(self) -> list[tuple[int, int, int]]:
        """(line id, the line's charge, the ledger's charges) for lines of live visits that disagree."""
        rows = self.db.execute(
            "SELECT s.id, s.charge_cents, coalesce((SELECT sum(l.amount_cents) FROM ledger l WHERE "
            "l.service_line_id = s.id AND (l.kind = 'charge' OR (l.kind = 'reversal' AND l.reverses_id IN "
            "(SELECT id FROM ledger WHERE kind = 'charge' AND service_line_id = s.id)))), 0) AS posted "
            "FROM service_lines s JOIN visits v ON v.id = s.visit_id WHERE v.status != 'void' "
            "AND s.charge_cents != posted")
        return [tuple(r) for r in rows]

    def practice_balance(self) -> Money:
        return self._sum()


class DepositStore:
    """Payers' checks and EFTs; what is applied is always read from the ledger."""

    def __init__(self, db, ledger: LedgerStore):
        self.db = db
        self.ledger = ledger

    def insert(self, deposit: Deposit) -> Deposit:
        cursor = self.db.conn.execute(
            "INSERT INTO deposits (payer_id, number, received, amount_cents, note) VALUES (?, ?, ?, ?, ?)",
            [deposit.payer_id, deposit.number, to_iso(deposit.received), deposit.amount.cents, deposit.note])
        return replace(deposit, id=cursor.lastrowid, applied=Money(0))

    def _from(self, row) -> Deposit:
        deposit_id, payer_id, number, received, cents, note, closed = row
        return Deposit(id=deposit_id, payer_id=payer_id, number=number, received=from_iso(received),
                       amount=Money(cents), note=note, closed=from_iso(closed),
                       applied=self.ledger.deposit_applied(deposit_id), adjustments=self.adjusted(deposit_id))

    # ------------------------------------------------- provider-level adjustments (835 PLB, recoupments)
    def add_adjustment(self, deposit_id: int, reason: str, reference: str, amount: Money) -> None:
        """Record part of a deposit's money that is not a claim payment (`amount`: + adds, - withholds)."""
        self.db.conn.execute("INSERT INTO deposit_adjustments (deposit_id, reason, reference, amount_cents) "
                             "VALUES (?, ?, ?, ?)", [deposit_id, reason, reference, amount.cents])

    def adjusted(self, deposit_id: int) -> Money:
        return Money(self.db.execute("SELECT coalesce(sum(amount_cents), 0) FROM deposit_adjustments "
                                     "WHERE deposit_id = ?", [deposit_id]).fetchone()[0])

    def adjustments(self, deposit_id: int) -> list[tuple[str, str, Money]]:
        """(reason, reference, amount) of each adjustment on the deposit, in the order recorded."""
        rows = self.db.execute("SELECT reason, reference, amount_cents FROM deposit_adjustments WHERE deposit_id = ? "
                               "ORDER BY id", [deposit_id]).fetchall()
        return [(r[0], r[1], Money(r[2])) for r in rows]

    def get(self, deposit_id: int) -> Deposit | None:
        row = self.db.execute("SELECT id, payer_id, number, received, amount_cents, note, closed FROM deposits "
                              "WHERE id = ?", [deposit_id]).fetchone()
        return self._from(row) if row else None

    def list(self, open_only: bool = False) -> list[Deposit]:
        where = "WHERE closed IS NULL" if open_only else ""
        rows = self.db.execute("SELECT id, payer_id, number, received, amount_cents, note, closed FROM deposits "
                               f"{where} ORDER BY received DESC, id DESC").fetchall()
        return [self._from(r) for r in rows]

    def close(self, deposit_id: int, day: date) -> None:
        self.db.conn.execute("UPDATE deposits SET closed = ? WHERE id = ?", [day.isoformat(), deposit_id])
