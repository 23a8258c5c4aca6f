"""The reports' SQL: sums of the ledger by date, provider, payer and kind; unpaid claims; deposits by date.

Every figure is an aggregate made in SQL over the ledger's date index
(`ledger_posted`, migration 0009) or the kept open balances, so a report
costs what the period holds, not the office's whole history. A reversal is
summed under the kind of the entry it undoes (joined by `reverses_id`).
"""
from __future__ import annotations

from datetime import date

from ..core.records import Provider
from .rows import from_iso, patient_name

# (kind, group code, cents) of the entries posted in a range, reversals under the kind they undo.
_KIND = "CASE WHEN l.kind = 'reversal' THEN o.kind ELSE l.kind END"
_FROM = "FROM ledger l LEFT JOIN ledger o ON o.id = l.reverses_id"
_IN_RANGE = "l.posted >= ? AND l.posted <= ?"


class ReportStore:
    """Read-only aggregates for `office.reports`; returns tuples of plain values (cents, ISO dates)."""

    def __init__(self, db):
        self.db = db

    def _range(self, start: date, end: date) -> list[str]:
        return [start.isoformat(), end.isoformat()]

    # ------------------------------------------------------------ the books
    def balance_before(self, day: date) -> int:
        """A/R in cents at the start of `day`: every entry posted before it."""
        return self.db.execute("SELECT coalesce(sum(amount_cents), 0) FROM ledger WHERE posted < ?",
                               [day.isoformat()]).fetchone()[0]

    def posted_by_month(self, start: date, end: date) -> dict[str, int]:
        """'YYYY-MM' -> the plain sum of what was posted in that month of the range (no kinds involved)."""
        rows = self.db.execute("SELECT substr(posted, 1, 7), sum(amount_cents) FROM ledger WHERE posted >= ? "
                               "AND posted <= ? GROUP BY 1", self._range(start, end))
        return dict(rows.fetchall())

    def kinds_by_month(self, start: date, end: date) -> list[tuple[str, str, str, int]]:
        """('YYYY-MM', kind, group code, cents) of the entries posted in the range."""
        return self.db.execute(f"SELECT substr(l.posted, 1, 7), {_KIND}, l.group_code, sum(l.amount_cents) {_FROM} "
                               f"WHERE {_IN_RANGE} GROUP BY 1, 2, 3", self._range(start, end)).fetchall()

    def kinds_by_provider(self, start: date, end: date) -> list[tuple[str, str, str, int]]:
        """(provider's name, kind, group code, cents); entries without a visit under 'No visit (on account)'."""
        rows = self.db.execute(
            f"SELECT v.provider_id, p.last_name, p.first_name, p.credential, {_KIND}, l.group_code, "
            f"sum(l.amount_cents) {_FROM} LEFT JOIN visits v ON v.id = l.visit_id "
            f"LEFT JOIN providers p ON p.id = v.provider_id WHERE {_IN_RANGE} GROUP BY 1, 5, 6",
            self._range(start, end))
        found = []
        for provider_id, last, first, credential, kind, group, cents in rows:
            if provider_id is None:
                name = "No visit (on account)"
            else:  # as the Provider record shows itself (its own rule)
                name = Provider(last_name=last or "", first_name=first or "", credential=credential or "").display_name
            found.append((name, kind, group, cents))
        return found

    def kinds_by_payer(self, start: date, end: date) -> list[tuple[str, str, str, int]]:
        """(payer's name, or 'Patients' for the patients' own part, kind, group code, cents)."""
        rows = self.db.execute(
            f"SELECT CASE WHEN l.party = 'patient' THEN 0 ELSE coalesce(l.payer_id, 0) END AS g, y.name, {_KIND}, "
            f"l.group_code, sum(l.amount_cents) {_FROM} LEFT JOIN payers y ON y.id = l.payer_id "
            f"WHERE {_IN_RANGE} GROUP BY 1, 3, 4", self._range(start, end))
        return [("Patients" if g == 0 else (name or f"payer {g}"), kind, group, cents)
                for g, name, kind, group, cents in rows]

    # ------------------------------------------------------------ deposits
    def deposit_ids(self, start: date, end: date) -> list[int]:
        """The deposits received in the range, oldest first."""
        return [r[0] for r in self.db.execute("SELECT id FROM deposits WHERE received >= ? AND received <= ? "
                                              "ORDER BY received, id", self._range(start, end))]

    # ------------------------------------------------------- unpaid claims
    def unpaid_claims(self, billed_on_or_before: date) -> list[tuple]:
        """(claim id, payer, account, patient name, date of service, billed, total cents, payer owes cents,
        last activity) for claims billed on or before the day, not void or replaced, with no payment standing
        (a reversed payment does not count) while their payer still owes on the visit."""
        rows = self.db.execute(  # driven from what payers still owe (few rows in a paid-up office), not claims
            "SELECT c.id, y.name, p.account, p.last_name, p.first_name, p.middle, p.suffix, c.service_date, "
            "c.printed, c.total_cents, b.owed, max(c.printed, "
            " coalesce((SELECT max(l.posted) FROM ledger l WHERE l.claim_id = c.id), ''),"
            " coalesce((SELECT substr(max(h.at), 1, 10) FROM claim_status_history h WHERE h.claim_id = c.id), '')) "
            "FROM (SELECT visit_id, payer_id, sum(amount_cents) AS owed FROM open_balances "
            "      WHERE party != 'patient' AND amount_cents != 0 GROUP BY visit_id, payer_id) b "
            "JOIN claims c ON c.visit_id = b.visit_id AND c.payer_id = b.payer_id "
            "JOIN payers y ON y.id = c.payer_id JOIN visits v ON v.id = c.visit_id "
            "JOIN patients p ON p.id = v.patient_id "
            "WHERE b.owed > 0 AND c.printed IS NOT NULL AND c.printed <= ? AND c.status NOT IN ('void', 'replaced') "
            "AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.claim_id = c.id AND l.kind = 'insurance_payment' "
            "  AND l.amount_cents != 0 AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.reverses_id = l.id))",
            [billed_on_or_before.isoformat()])
        return [(r[0], r[1], r[2], patient_name(*r[3:7]), from_iso(r[7]), from_iso(r[8]), r[9], r[10],
                 from_iso(r[11][:10])) for r in rows]
