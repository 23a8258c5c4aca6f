"""Store for claims: the snapshot as made, the visit lines carried, status and its history.

A claim's data is kept as a JSON snapshot of `core.claim.Claim` taken when it
was made (refreshed while it is a draft or ready, frozen once printed); the
columns beside it hold what lists and searches need. A secondary or tertiary
claim names the claim whose posted result it follows (`primary_claim_id`).
"""
from __future__ import annotations

import dataclasses
import functools
import json
from dataclasses import replace
from datetime import date, datetime

from ..core.claim import Claim, ClaimListRow
from ..core.money import Money
from ..core.records import ClaimFrequency, ClaimStatus, Facility, Patient, Payer, Policy, Practice, Provider
from ..core.serialize import from_plain, to_plain
from .bulk_rows import insert_keyless, insert_rows, next_id
from .rows import from_iso, patient_name, to_iso

OPEN_STATUSES = tuple(status.value for status in ClaimStatus.current())


# Sort keys of the claims list (SQL ORDER BY of `ClaimStore.page`), by name.
LIST_ORDERS = {
    "id": "c.id", "patient": "p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE", "account": "p.account",
    "service_date": "c.service_date", "payer": "y.name COLLATE NOCASE", "total": "c.total_cents",
    "status": "c.status", "version": "c.version", "created": "c.created",
}


_NO_DEFAULT = object()
_AS_IS = (str, int, float, bool, type(None))


@functools.cache
def _fields_of(cls) -> tuple[tuple[str, object], ...]:
    """(name, default value) of a record class's fields: a default factory's value made once, `_NO_DEFAULT`
    for a field without a default."""
    found = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            found.append((f.name, f.default))
        elif f.default_factory is not dataclasses.MISSING:
            found.append((f.name, f.default_factory()))
        else:
            found.append((f.name, _NO_DEFAULT))
    return tuple(found)


def _compact(value):
    """`to_plain` without the fields that hold their default (from_plain gives them back): a small snapshot."""
    if type(value) in _AS_IS:
        return value
    if isinstance(value, (list, tuple)):
        return [_compact(v) for v in value]
    if isinstance(value, Money) or not dataclasses.is_dataclass(value) or isinstance(value, type):
        return to_plain(value)
    return {name: _compact(item) for name, default in _fields_of(type(value))
            if (item := getattr(value, name)) != default or default is _NO_DEFAULT}


def _json(value) -> str:
    return json.dumps(value, separators=(",", ":"))


# The records many claims have in common (frozen, so equal ones compact alike): their JSON made once each.
_SHARED_RECORDS = {Practice, Provider, Facility, Payer, Patient, Policy}


@functools.lru_cache(maxsize=65_536)
def _shared_json(record) -> str:
    return _json(_compact(record))


def snapshot_text(claim: Claim, without_id: bool = False) -> str:
    """The claim's JSON snapshot: defaults left out, and the lines only when they differ from the visit's
    (`without_id`: as if the claim had no id yet). Written field by field, as `json.dumps` writes the object."""
    same_lines = claim.lines == claim.visit.lines
    parts = {}
    for name, default in _fields_of(Claim):
        if (name == "id" and without_id) or (name == "lines" and same_lines):
            continue
        item = getattr(claim, name)
        if item != default or default is _NO_DEFAULT:
            parts[name] = _shared_json(item) if type(item) in _SHARED_RECORDS else _json(_compact(item))
    if same_lines:
        parts["lines_are_visit_lines"] = "true"
    elif "lines" not in parts:
        parts["lines"] = "[]"
    return "{" + ",".join(f'"{name}":{text}' for name, text in parts.items()) + "}"


def snapshot_claim(text: str) -> Claim:
    plain = json.loads(text)
    claim = from_plain(Claim, plain)
    if plain.get("lines_are_visit_lines"):
        claim = replace(claim, lines=claim.visit.lines)
    return claim


_LIST_COLUMNS = ("c.id, c.visit_id, v.patient_id, p.last_name, p.first_name, p.middle, p.suffix, p.account, "
                 "c.service_date, y.name, c.total_cents, c.status, c.printed, c.version, c.frequency, "
                 "c.primary_claim_id")
_LIST_JOINS = ("claims c JOIN visits v ON v.id = c.visit_id JOIN patients p ON p.id = v.patient_id "
               "JOIN payers y ON y.id = c.payer_id")


def _list_row(r) -> ClaimListRow:
    return ClaimListRow(id=r[0], visit_id=r[1], patient_id=r[2], patient_name=patient_name(*r[3:7]), account=r[7],
                        service_date=from_iso(r[8]), payer_name=r[9], total=Money(r[10]), status=ClaimStatus(r[11]),
                        printed=from_iso(r[12]), version=r[13], frequency=ClaimFrequency(r[14]),
                        primary_claim_id=r[15])


class ClaimStore:
    def __init__(self, db):
        self.db = db

    def _from_row(self, row: dict) -> Claim:
        claim = snapshot_claim(row["snapshot"])
        return replace(claim, id=row["id"], status=ClaimStatus(row["status"]), printed=from_iso(row["printed"]),
                       version=row["version"], frequency=row["frequency"], primary_claim_id=row["primary_claim_id"])

    def _rows(self, where: str | None = None, params=(), order_by: str = "id") -> list[dict]:
        return list(self.db["claims"].rows_where(where, list(params), order_by=order_by))

    def get(self, claim_id: int) -> Claim | None:
        rows = self._rows("id = ?", [claim_id])
        return self._from_row(rows[0]) if rows else None

    def get_many(self, claim_ids: list[int]) -> dict[int, Claim]:
        """The claims with these ids (missing ones left out), read in chunks of 500 (an 835 names a thousand)."""
        found = {}
        for start in range(0, len(claim_ids), 500):
            chunk = list(claim_ids[start:start + 500])
            for row in self._rows(f"id IN ({','.join('?' * len(chunk))})", chunk):
                found[row["id"]] = self._from_row(row)
        return found

    def payer_claim_numbers(self, claim_ids: list[int]) -> dict[int, str]:
        """The payer's claim number recorded for each of the claims ('' when none)."""
        found = {}
        for start in range(0, len(claim_ids), 500):
            chunk = list(claim_ids[start:start + 500])
            rows = self.db.execute(f"SELECT id, coalesce(payer_claim_number, '') FROM claims WHERE id IN "
                                   f"({','.join('?' * len(chunk))})", chunk)
            found.update(dict(rows.fetchall()))
        return found

    def set_payer_claim_numbers(self, numbers: dict[int, str]) -> None:
        """Record many payers' claim numbers at once (an 835's CLP07s)."""
        self.db.conn.executemany("UPDATE claims SET payer_claim_number = ? WHERE id = ?",
                                 [(number, claim_id) for claim_id, number in numbers.items()])

    def list(self, statuses: tuple[str, ...] | None = None) -> list[Claim]:
        if statuses:
            marks = ",".join("?" * len(statuses))
            rows = self._rows(f"status IN ({marks})", statuses, order_by="created DESC, id DESC")
        else:
            rows = self._rows(order_by="created DESC, id DESC")
        return [self._from_row(r) for r in rows]

    def for_visit(self, visit_id: int) -> list[Claim]:
        return [self._from_row(r) for r in self._rows("visit_id = ?", [visit_id])]

    def next_id(self) -> int:
        """The id the next claim inserted gets (inside the write transaction)."""
        return next_id(self.db, "claims")

    def insert(self, claim: Claim, replaces_claim_id: int | None = None, note: str = "made") -> Claim:
        return self.insert_many([(replace(claim, id=None) if claim.id else claim, replaces_claim_id, note)])[0]

    def insert_many(self, items: list[tuple[Claim, int | None, str]]) -> list[Claim]:
        """Write new claims, each (claim, id of the claim it replaces or None, history note), as `insert` writes
        one: the claim rows, their lines and their first history rows, in three statements however many.

        A claim without an id gets the next free one; one with an id (counted on from `next_id` by a caller that
        needed it beforehand) is written with it. Returns the claims with their ids."""
        rows = [{
            "visit_id": claim.visit.id, "policy_id": claim.policy.id, "payer_id": claim.payer.id,
            "version": claim.version, "frequency": claim.frequency, "replaces_claim_id": replaces_claim_id,
            "status": ClaimStatus(claim.status).value, "created": to_iso(claim.created),
            "printed": to_iso(claim.printed), "total_cents": claim.total.cents,
            "service_date": to_iso(claim.service_date),
            "snapshot": snapshot_text(claim, without_id=True),  # the snapshot's id comes from the row
            "primary_claim_id": claim.primary_claim_id,
        } for claim, replaces_claim_id, _note in items]
        ids = insert_rows(self.db, "claims", rows, [claim.id for claim, _r, _n in items])
        claims = [claim if claim.id == claim_id else replace(claim, id=claim_id)
                  for (claim, _r, _n), claim_id in zip(items, ids)]
        self._write_lines(claims)
        self._history([(claim.id, claim.status, note) for claim, (_c, _r, note) in zip(claims, items)])
        return claims

    def update_snapshot(self, claim: Claim) -> Claim:
        """Replace the data of a claim not yet printed (after the visit or setup was fixed); lines only if changed."""
        self.db["claims"].update(claim.id, {"snapshot": snapshot_text(claim), "total_cents": claim.total.cents,
                                            "service_date": to_iso(claim.service_date),
                                            "policy_id": claim.policy.id, "payer_id": claim.payer.id})
        stored = self.db.execute("SELECT service_line_id, code, charge_cents FROM claim_lines WHERE claim_id = ? "
                                 "ORDER BY line_no", [claim.id]).fetchall()
        if stored != [(line.id, line.code, line.charge.cents) for line in claim.lines]:
            self.db.execute("DELETE FROM claim_lines WHERE claim_id = ?", [claim.id])
            self._write_lines([claim])
        return claim

    def set_status(self, claim: Claim, status: ClaimStatus, note: str = "", printed: date | None = None) -> Claim:
        changes = {"status": status.value}
        if printed:
            changes["printed"] = printed.isoformat()
        self.db["claims"].update(claim.id, changes)
        self._history([(claim.id, status, note)])
        return replace(claim, status=status, printed=printed or claim.printed)

    def set_statuses(self, changes: list[tuple[Claim, ClaimStatus, str]]) -> None:
        """Give many claims a new status, each (claim, status, history note), as `set_status` does without a
        printed date: one statement for the claims, one for their history."""
        self.db.conn.executemany("UPDATE claims SET status = ? WHERE id = ?",
                                 [(ClaimStatus(status).value, claim.id) for claim, status, _note in changes])
        self._history([(claim.id, status, note) for claim, status, note in changes])

    def add_history(self, claim: Claim, note: str) -> None:
        """A note in the claim's history at its present status (nothing else about the claim changes)."""
        self._history([(claim.id, claim.status, note)])

    def set_payer_claim_number(self, claim_id: int, number: str) -> None:
        self.db["claims"].update(claim_id, {"payer_claim_number": number})

    def payer_claim_number(self, claim_id: int) -> str:
        return self.db["claims"].get(claim_id)["payer_claim_number"]

    def history(self, claim_id: int) -> list[dict]:
        return list(self.db["claim_status_history"].rows_where("claim_id = ?", [claim_id], order_by="id"))

    def billed_lines(self, keys=None) -> list[tuple[int, tuple, int | None]]:
        """(claim id, (patient_id, service_date, code, payer_id, modifiers, provider_id, units, claim id), primary
        claim id) for the lines on live claims that bill their services (originals and corrected claims,
        frequency 1 and 7; not void versions) of visits on the given (patient_id, service_date) pairs (every one
        when `keys` is None: slow). The primary claim id is that of the claim a secondary/tertiary claim follows
        (None for others)."""
        select = ("SELECT c.id, v.patient_id, v.service_date, l.code, c.payer_id, c.primary_claim_id, s.modifiers, "
                  "v.provider_id, coalesce(s.units, 1) FROM {source} "
                  "JOIN claims c ON c.visit_id = v.id JOIN claim_lines l ON l.claim_id = c.id "
                  "LEFT JOIN service_lines s ON s.id = l.service_line_id "
                  "WHERE c.status IN ('draft','ready','printed','sent') AND c.frequency IN ('1', '7')")
        if keys is None:
            rows = self.db.execute(select.format(source="visits v"))
        else:
            pairs = json.dumps(sorted({(int(p), d.isoformat() if isinstance(d, date) else d) for p, d in keys}))
            # CROSS JOIN keeps this order (the pairs, then visits by (patient_id, service_date)): left to
            # itself the planner starts from every live claim by status.
            source = ("(SELECT json_extract(value, '$[0]') AS patient_id, json_extract(value, '$[1]') AS day "
                      "FROM json_each(?)) k CROSS JOIN visits v ON v.patient_id = k.patient_id "
                      "AND v.service_date = k.day CROSS")
            rows = self.db.execute(select.format(source=source), [pairs])
        return [(r[0], (r[1], from_iso(r[2]), r[3], r[4], tuple((r[6] or '').split()), r[7], r[8], r[0]), r[5]) for r in rows]

    def has_follower(self, visit_id: int, policy_id: int) -> bool:
        """True when the visit has a claim to this policy that is live, or was ever made as a secondary/tertiary
        claim (even if voided since: a follower is made once; the office makes another by hand)."""
        return self.db.execute(
            "SELECT EXISTS (SELECT 1 FROM claims WHERE visit_id = ? AND policy_id = ? AND "
            "(status != 'void' OR primary_claim_id IS NOT NULL))", [visit_id, policy_id]).fetchone()[0] == 1

    def awaiting_followers(self, since: date) -> list[int]:
        """Claims whose result, posted on or after `since`, moved money to a secondary or tertiary payer whose
        claim for the visit was never made (postings that did not go through `post_insurance`), oldest first."""
        rows = self.db.execute(
            "SELECT DISTINCT l.claim_id FROM ledger l WHERE l.kind = 'transfer' AND l.party IN "
            "('secondary', 'tertiary') AND l.amount_cents > 0 AND l.claim_id IS NOT NULL AND l.posted >= ? "
            "AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.reverses_id = l.id) "
            "AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.visit_id = l.visit_id AND c.payer_id = l.payer_id "
            "AND (c.status != 'void' OR c.primary_claim_id IS NOT NULL)) ORDER BY l.claim_id", [since.isoformat()])
        return [r[0] for r in rows]

    def followers(self, claim_id: int) -> list[Claim]:
        """The secondary/tertiary claims made after this claim's result, oldest first."""
        return [self._from_row(r) for r in self._rows("primary_claim_id = ?", [claim_id])]

    def visits_without_claims(self) -> list[int]:
        """Visits (not void) with no claim but void ones: the open visits, and billed ones whose claims were voided."""
        no_live_claim = ("NOT EXISTS (SELECT 1 FROM claims c2 WHERE c2.visit_id = v.id AND c2.status != 'void')")
        rows = self.db.execute(
            f"SELECT v.id, v.service_date FROM visits v WHERE v.status = 'open' AND {no_live_claim} "
            f"UNION SELECT v.id, v.service_date FROM claims c CROSS JOIN visits v ON v.id = c.visit_id "
            f"WHERE c.status = 'void' AND v.status != 'void' AND {no_live_claim} "
            "ORDER BY 2, 1")
        return [r[0] for r in rows]

    # ------------------------------------------------------------- lists, a page at a time
    def counts(self) -> dict[str, int]:
        """How many claims have each status (GROUP BY over the status index)."""
        return dict(self.db.execute("SELECT status, count(*) FROM claims GROUP BY status").fetchall())

    def page(self, statuses: tuple[str, ...], offset: int = 0, limit: int = 200, order: str = "created",
             descending: bool = True) -> list[ClaimListRow]:
        """One page of the claims in `statuses`, sorted by `order` (a LIST_ORDERS key), newest first by default."""
        direction = "DESC" if descending else "ASC"
        keys = ", ".join(f"{part} {direction}" for part in LIST_ORDERS[order].split(", "))
        marks = ",".join("?" * len(statuses))
        rows = self.db.execute(
            f"SELECT {_LIST_COLUMNS} FROM {_LIST_JOINS} WHERE c.status IN ({marks}) "
            f"ORDER BY {keys}, c.id {direction} LIMIT ? OFFSET ?", [*statuses, limit, offset])
        return [_list_row(r) for r in rows]

    def payer_claims(self, payer_id: int, text: str = "", limit: int = 50) -> list[tuple[ClaimListRow, Money]]:
        """A payer's claims (not void or replaced) whose account or last name starts with `text`, or whose
        number is `text`, each with what the claim's payer still owes on its lines; newest first (read backwards
        along the claims' ids, so only the rows shown are summed, each by its lines' index (`+l.payer_id` keeps
        SQLite off the payer index, which would read all of the payer's entries per line))."""
        text = text.strip()
        owed = ("(SELECT coalesce(sum(l.amount_cents), 0) FROM claim_lines cl CROSS JOIN ledger l "
                "ON l.service_line_id = cl.service_line_id WHERE cl.claim_id = c.id AND +l.payer_id = c.payer_id "
                "AND l.party != 'patient')")
        where, params = "c.payer_id = ? AND c.status NOT IN ('void', 'replaced')", [payer_id]
        if text:
            where += (" AND (p.account LIKE ? OR p.last_name LIKE ? OR p.last_name || ', ' || p.first_name LIKE ?"
                      " OR c.id = ?)")
            params += [f"{text}%"] * 3 + [int(text) if text.isdigit() else -1]
        rows = self.db.execute(
            f"SELECT {_LIST_COLUMNS}, {owed} AS owed FROM {_LIST_JOINS} WHERE {where} "
            "ORDER BY c.id DESC LIMIT ?", [*params, limit])
        return [(_list_row(r), Money(r[16])) for r in rows]

    def _write_lines(self, claims: list[Claim]) -> None:
        insert_keyless(self.db, "claim_lines", [
            {"claim_id": claim.id, "line_no": n, "service_line_id": line.id, "code": line.code,
             "charge_cents": line.charge.cents}
            for claim in claims for n, line in enumerate(claim.lines, 1)
        ])

    def _history(self, entries: list[tuple[int, ClaimStatus | str, str]]) -> None:
        """History rows (claim id, status, note), all stamped now."""
        at = datetime.now().isoformat(timespec="seconds")
        self.db.conn.executemany("INSERT INTO claim_status_history (claim_id, at, status, note) VALUES (?, ?, ?, ?)",
                                 [(claim_id, at, ClaimStatus(status).value, note) for claim_id, status, note in entries])
