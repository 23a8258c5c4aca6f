"""The Claims list's search box in SQL: claims found by what staff type, a page at a time, with counts.

Each word typed must match the claim in one of its meanings (`WordMeanings`): a prefix of a word of the
patient's last or first name or account (the `patients_fts` index), a prefix of a word of the payer's name,
the claim number (`123`, `#123`, `C123` or the printed box 26 control number `A1001C123`), or the date of
service (`11/03/2026`, `2026-11-03`, `11032026`; a month as `11/2026` or `2026-11`).

Every search reads through an index: the most selective word drives (its claims found through the patient,
payer, date or claim number index), the other words filter those rows. A driver matching very many claims
(a payer, one letter) is walked in list order instead (`claims_status_created`), a page at a time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..core.claim import ClaimListRow
from ..core.edi import claim_id_from_control_number
from ..core.identifiers import parse_date
from .claim_store import _LIST_COLUMNS, _LIST_JOINS, LIST_ORDERS, _list_row

COUNT_CAP = 1000  # counts above this show as "1000+": counting every claim of a common word takes too long
CLAIMS_PER_PATIENT = 20  # about, in a ten-year office; only to choose which word drives
PAYER_CLAIMS = 50_000  # about, per payer named: a payer word drives only when nothing narrower was typed
WALK_ABOVE = 12_000  # claims a driving word may read for an exact count; above, counts stop at COUNT_CAP
SMALL_GROUP = 20_000  # claims of a tab whose status index is walked whole to count a common word
# The list orders a common word's page is read in along an index: (index, sort key) by LIST_ORDERS name.
WALKS = {"created": ("claims_status_created", "c.created"), "id": ("claims_status", "c.id")}
MAX_WORDS = 6  # words of a search (more add nothing a person types)
_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{1,2}-\d{1,2}|\d{8}")
_MONTH = (re.compile(r"(?P<m>\d{1,2})/(?P<y>\d{4})"), re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})"))
_CLAIM_NUMBER = re.compile(r"#?\s*(\d{1,9})|C(\d{1,9})|[A-Z0-9]*C(\d{1,9})", re.I)


@dataclass
class WordMeanings:
    """What one typed word may stand for; a claim matches the word when it matches any of these."""

    word: str
    fts: str = ""  # the patients_fts MATCH expression (a prefix), "" when the word has no letter or digit
    payer_ids: tuple[int, ...] = ()
    claim_ids: tuple[int, ...] = ()
    days: tuple[str, str] | None = None  # first and last ISO date of service (one day or a month)
    patients: int = 0  # how many patients the fts prefix matches (to choose the driving word)
    params: list = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.fts or self.payer_ids or self.claim_ids or self.days)


def _days(word: str) -> tuple[str, str] | None:
    if _DATE.fullmatch(word):
        try:
            day = parse_date(word)
        except ValueError:
            return None
        return day.isoformat(), day.isoformat()
    for pattern in _MONTH:
        match = pattern.fullmatch(word)
        if match and 1 <= int(match["m"]) <= 12:
            first = date(int(match["y"]), int(match["m"]), 1)
            return first.isoformat(), first.replace(day=28).isoformat()[:8] + "31"
    return None


def _claim_ids(word: str) -> tuple[int, ...]:
    match = _CLAIM_NUMBER.fullmatch(word)
    if not match:
        return ()
    if match.group(1) or match.group(2):
        return (int(match.group(1) or match.group(2)),)
    found = claim_id_from_control_number(word)
    return (found,) if found else ()


def _names_patients_only(meaning: WordMeanings) -> bool:
    return bool(meaning.fts and meaning.patients) and not (meaning.payer_ids or meaning.claim_ids or meaning.days)


def words_of(text: str) -> list[str]:
    """The words of a search ("Rivera, M" is two), at most MAX_WORDS."""
    return [w for w in re.split(r"[\s,;]+", (text or "").strip()) if w][:MAX_WORDS]


class ClaimSearch:
    """Claims matching a search text: counts by status and pages of list rows, through indexes only."""

    def __init__(self, db):
        self.db = db

    # ------------------------------------------------------------- what the words mean
    def meanings(self, text: str) -> list[WordMeanings]:
        payers = self.db.execute("SELECT id, name FROM payers").fetchall()  # a handful: read whole
        found = []
        for word in words_of(text):
            folded = word.casefold()
            meaning = WordMeanings(word, days=_days(word), claim_ids=_claim_ids(word))
            meaning.payer_ids = tuple(pid for pid, name in payers
                                      if any(w.startswith(folded) for w in re.split(r"\W+", name.casefold())))
            letters = re.sub(r"[^\w]+", " ", word).split()
            if letters and meaning.days is None:
                meaning.fts = "{last_name first_name account} : (" + " AND ".join(
                    '"' + part.replace('"', '""') + '"*' for part in letters) + ")"
                meaning.patients = self.db.execute(
                    "SELECT count(*) FROM patients_fts WHERE patients_fts MATCH ?", [meaning.fts]).fetchone()[0]
            found.append(meaning)
        return found

    # ------------------------------------------------------------- SQL of the words
    @staticmethod
    def _condition(meaning: WordMeanings) -> tuple[str, list]:
        """The word as a condition on a claim row (c, and v its visit), true when any meaning matches."""
        parts, params = [], []
        if meaning.fts and meaning.patients:
            parts.append("v.patient_id IN (SELECT rowid FROM patients_fts WHERE patients_fts MATCH ?)")
            params.append(meaning.fts)
        if meaning.payer_ids:
            parts.append(f"c.payer_id IN ({','.join('?' * len(meaning.payer_ids))})")
            params += meaning.payer_ids
        if meaning.claim_ids:
            parts.append(f"c.id IN ({','.join('?' * len(meaning.claim_ids))})")
            params += meaning.claim_ids
        if meaning.days:
            parts.append("c.service_date BETWEEN ? AND ?")
            params += meaning.days
        return "(" + (" OR ".join(parts) or "0") + ")", params

    @staticmethod
    def _claims_of(meaning: WordMeanings, statuses: tuple[str, ...]) -> tuple[str, list]:
        """The ids of the claims in `statuses` matching the word, each meaning read through its index."""
        marks = ",".join("?" * len(statuses))
        parts, params = [], []
        if meaning.fts and meaning.patients:
            parts.append("SELECT c.id FROM patients_fts f CROSS JOIN visits v ON v.patient_id = f.rowid "
                         "CROSS JOIN claims c ON c.visit_id = v.id WHERE patients_fts MATCH ?")
            params.append(meaning.fts)
        if meaning.payer_ids:  # over the payer index when there is one, else along the status index
            parts.append(f"SELECT id FROM claims WHERE status IN ({marks}) "
                         f"AND payer_id IN ({','.join('?' * len(meaning.payer_ids))})")
            params += [*statuses, *meaning.payer_ids]
        if meaning.claim_ids:
            parts.append(f"SELECT id FROM claims WHERE id IN ({','.join('?' * len(meaning.claim_ids))})")
            params += meaning.claim_ids
        if meaning.days:
            parts.append(f"SELECT id FROM claims WHERE status IN ({marks}) AND service_date BETWEEN ? AND ?")
            params += [*statuses, *meaning.days]
        return " UNION ".join(parts) or "SELECT NULL WHERE 0", params

    @staticmethod
    def _weight(meaning: WordMeanings) -> int:
        """About how many claims the word reads when it drives (patients × their claims; a payer: a share)."""
        weight = len(meaning.claim_ids) + meaning.patients * CLAIMS_PER_PATIENT
        weight += len(meaning.payer_ids) * PAYER_CLAIMS
        if meaning.days:
            weight += 150 if meaning.days[0] == meaning.days[1] else 4_000
        return weight

    def _filters(self, meanings: list[WordMeanings]) -> tuple[str, list]:
        where, params = [], []
        for meaning in meanings:
            sql, more = self._condition(meaning)
            where.append(sql)
            params += more
        return " AND ".join(where) or "1", params

    def _driven(self, meanings: list[WordMeanings], statuses: tuple[str, ...]) -> tuple[str, list]:
        """FROM and WHERE of the claims matching every word: the lightest word's claims, filtered by the rest
        (a word that names only patients joins from their index; one with several meanings, a UNION)."""
        driver, *others = sorted(meanings, key=self._weight)
        filters, more = self._filters(others)
        marks = ",".join("?" * len(statuses))
        if _names_patients_only(driver):
            return ("patients_fts f CROSS JOIN visits v ON v.patient_id = f.rowid CROSS JOIN claims c "
                    f"ON c.visit_id = v.id WHERE patients_fts MATCH ? AND c.status IN ({marks}) AND {filters}",
                    [driver.fts, *statuses, *more])
        ids, params = self._claims_of(driver, statuses)
        return (f"claims c CROSS JOIN visits v ON v.id = c.visit_id WHERE c.id IN ({ids}) "
                f"AND c.status IN ({marks}) AND {filters}", [*params, *statuses, *more])

    # ------------------------------------------------------------- what the list asks
    def counts(self, text: str, groups: list[tuple[str, ...]], cap: int = COUNT_CAP) -> list[int]:
        """How many claims of each group of statuses match `text`; `cap` + 1 means more than `cap`."""
        meanings = self.meanings(text)
        if not meanings or any(m.is_empty() for m in meanings):
            return [0] * len(groups)
        if min(self._weight(m) for m in meanings) <= WALK_ABOVE:  # few claims: count them all at once
            source, params = self._driven(meanings, tuple(s for group in groups for s in group))
            by_status = dict(self.db.execute(f"SELECT c.status, count(*) FROM {source} GROUP BY c.status",
                                             params).fetchall())
            return [sum(by_status.get(s, 0) for s in group) for group in groups]
        found = []
        for statuses in groups:  # common words: each group counted up to the cap, the cheaper way
            marks = ",".join("?" * len(statuses))
            size = self.db.execute(f"SELECT count(*) FROM (SELECT 1 FROM claims WHERE status IN ({marks}) "
                                   "LIMIT ?)", [*statuses, SMALL_GROUP + 1]).fetchone()[0]
            driver = min(meanings, key=self._weight)
            if size <= SMALL_GROUP or not _names_patients_only(driver):  # walk the group's status index
                filters, params = self._filters(meanings)
                source = (f"claims c CROSS JOIN visits v ON v.id = c.visit_id WHERE c.status IN ({marks}) "
                          f"AND {filters}")
                params = [*statuses, *params]
            else:  # most claims are in it: the driving word's patients' claims reach the cap soon
                source, params = self._driven(meanings, statuses)
            found.append(self.db.execute(f"SELECT count(*) FROM (SELECT 1 FROM {source} LIMIT ?)",
                                         [*params, cap + 1]).fetchone()[0])
        return found

    def page(self, text: str, statuses: tuple[str, ...], offset: int = 0, limit: int = 200,
             order: str = "created", descending: bool = True) -> list[ClaimListRow]:
        """One page of the claims in `statuses` matching `text`, sorted like `ClaimStore.page`."""
        meanings = self.meanings(text)
        if not meanings or any(m.is_empty() for m in meanings):
            return []
        direction = "DESC" if descending else "ASC"
        lightest = min(self._weight(m) for m in meanings)
        if order in WALKS and lightest ** 2 > (offset + limit) * self._claim_count():
            ids, params = self._walked(meanings, statuses, offset, limit, order, direction)
        else:
            source, params = self._driven(meanings, statuses)
            keys = ", ".join(f"{part} {direction}" for part in LIST_ORDERS[order].split(", "))
            joined = source
            if "p." in keys or "y." in keys:  # the sort keys' tables
                joined = source.replace(" WHERE ", " JOIN patients p ON p.id = v.patient_id "
                                        "JOIN payers y ON y.id = c.payer_id WHERE ", 1)
            ids = f"SELECT c.id FROM {joined} ORDER BY {keys}, c.id {direction} LIMIT ? OFFSET ?"
            params = [*params, limit, offset]
        order_of = [i for (i,) in self.db.execute(ids, params)]
        if not order_of:
            return []
        rows = self.db.execute(f"SELECT {_LIST_COLUMNS} FROM {_LIST_JOINS} WHERE c.id IN "
                               f"({','.join('?' * len(order_of))})", order_of)
        found = {r[0]: _list_row(r) for r in rows}
        return [found[i] for i in order_of if i in found]

    def _walked(self, meanings, statuses, offset, limit, order, direction) -> tuple[str, list]:
        """The page's ids read along each status's index in the list's order, merged (common words): by
        (status, created, id) for the newest first, by (status, id) for claim numbers."""
        filters, params = self._filters(meanings)
        index, key = WALKS[order]
        arms = " UNION ALL ".join(
            f"SELECT c.id, {key} AS k FROM claims c INDEXED BY {index} CROSS JOIN visits v "
            f"ON v.id = c.visit_id WHERE c.status = ? AND {filters}" for _status in statuses)
        values = [value for status in statuses for value in (status, *params)]
        return (f"SELECT id FROM ({arms} ORDER BY 2 {direction}, 1 {direction} LIMIT ? OFFSET ?)",
                [*values, limit, offset])

    def _claim_count(self) -> int:
        """About how many claims the office has (the highest claim number: no count over the table)."""
        return self.db.execute("SELECT coalesce(max(id), 0) FROM claims").fetchone()[0]

