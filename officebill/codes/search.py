"""CodeIndex: the read-only code database the pickers, the scrubber and the CLI ask.

Order of results: exact code, code-prefix matches (shortest codes first),
the patient's own earlier codes that match (`history`), the office's preferred
codes (favorites, most used) that match, then word matches by relevance. One
exception keeps a general phrase general: when the best word match is an
unspecified / uncomplicated code and a preferred code of the same category
matches too ("type 2 diabetes": E11.9 vs a frequent E11.65), the general code
stays first and the preferred one follows it. For "procedure" the office's
own procedure list comes first (`office_search`), then the HCPCS Level II
codes the everyday terms name, then HCPCS words.

An import or rebuild replaces codes.db with a new file; an open index notices
(the file's inode changed) and reopens before its next question, so a window
sees codes imported by the CLI or by a worker without being told.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from . import lookup
from .builder import Progress, ensure_built
from .office_search import office_hits
from .procedure_terms import codes_for
from .ranking import fts_query, matches, query_words, score
from .records import HcpcsRecord, Hit, Note, SeventhCharacter
from .schema import BLOCKS, connect_read, read_meta
from .swap import recover, remove_stale
from .text import SYSTEMS, is_general, looks_like_code, normalize_code

CANDIDATES = 200  # word matches fetched in static-rank order before re-ranking
MAX_CODE_LENGTH = 7


class CodeIndex:
    """Searches and looks up codes in codes.db (built on first use)."""

    def __init__(self, path: Path, progress: Progress | None = None, build: bool = True):
        self.path = Path(path)
        if build:
            ensure_built(self.path, progress=progress)  # also removes temporary files of killed imports
        else:
            recover(self.path)
            remove_stale(self.path)
        self._opened = connect_read(self.path)
        self._file = _identity(self.path)

    @property
    def _conn(self) -> sqlite3.Connection:
        """The open connection, reopened first when an import or rebuild has swapped in a new file."""
        now = _identity(self.path)
        if now is not None and now != self._file:
            self._opened, self._file = connect_read(self.path), now  # the old one closes when unused
        return self._opened

    def connection(self) -> sqlite3.Connection:
        """The read-only connection (reopened after a swap), for the other look-ups of this package."""
        return self._conn

    def close(self) -> None:
        self._opened.close()

    def __enter__(self) -> CodeIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def meta(self) -> dict[str, str]:
        """Which releases the database holds (icd10cm_release, hcpcs_release, builder_version ...)."""
        return read_meta(self._conn)

    # ---- search -------------------------------------------------------------------------------

    def search(self, text: str, system: str, limit: int = 20, office_procedures: Sequence = (),
               preferred: Sequence[str] = (), history: Sequence[str] = (),
               patient_kind: str | None = None) -> list[Hit]:
        """Best matches first; see the module docstring for the order. `history`: the patient's own earlier
        codes; `patient_kind` ("new", "established" or None) orders the office's E/M visit codes."""
        if system not in SYSTEMS:
            raise ValueError(f"unknown code system {system!r}; use one of {', '.join(SYSTEMS)}")
        if not text.strip() or limit <= 0:
            return []
        if system == "procedure":
            hits = office_hits(text, office_procedures, [*history, *preferred], patient_kind)
            hits += self._term_hits(text, limit)
            hits += self.search(text, "hcpcs", limit, preferred=[*history, *preferred])
            return _unique(hits)[:limit]
        hits = self._code_hits(text, system, limit)
        tokens = query_words(text)
        own = self._preferred_hits(tokens, text, system, history)
        favored = self._preferred_hits(tokens, text, system, preferred)
        found = self._word_hits(tokens, system, limit) if len(hits) + len(own) + len(favored) < limit else []
        if not hits and found and _keeps_general_first(found[0], favored):
            return _unique([*own, found[0], *favored, *found[1:]])[:limit]
        return _unique([*hits, *own, *favored, *found])[:limit]

    def _term_hits(self, text: str, limit: int) -> list[Hit]:
        """HCPCS Level II codes the everyday terms name ("toradol" -> J1885), as the code file describes them."""
        if len(text.strip()) < 2:
            return []
        found = (lookup.row(self._conn, "hcpcs", code) for code in codes_for(text) if code[:1].isalpha())
        return [self._hit("hcpcs", *row[:3]) for row in found if row][:limit]

    def _code_hits(self, text: str, system: str, limit: int) -> list[Hit]:
        if not looks_like_code(text):
            return []
        key = normalize_code(text)
        found = []
        exact = lookup.row(self._conn, system, key)
        if exact:
            found.append(self._hit(system, exact[0], exact[1], exact[2]))
        for length in range(len(key) + 1, MAX_CODE_LENGTH + 1):
            if len(found) >= limit:
                break
            rows = self._conn.execute(
                "SELECT code, description, billable FROM code WHERE system = ? AND length(code) = ? "
                "AND code > ? AND code < ? ORDER BY code LIMIT ?",
                (system, length, key, key + "\uffff", limit - len(found)),
            )
            found += [self._hit(system, *r) for r in rows]
        return found

    def _preferred_hits(self, tokens: list[str], text: str, system: str, preferred: Iterable[str]) -> list[Hit]:
        found = []
        for code in preferred:
            got = self._conn.execute("SELECT code, description, billable, terms FROM code WHERE system = ? AND code = ?",
                                     (system, normalize_code(code))).fetchone()
            if got and (got[0].startswith(normalize_code(text)) or matches(tokens, got[1], got[3])):
                found.append(self._hit(system, *got[:3]))
        return found

    def _word_hits(self, tokens: list[str], system: str, limit: int) -> list[Hit]:
        if not tokens:
            return []
        low, high = BLOCKS[system]
        rows = self._conn.execute(
            "SELECT code, description, billable, rank, terms FROM code WHERE id IN "
            "(SELECT rowid FROM code_fts WHERE code_fts MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?)",
            (fts_query(tokens), low, high, CANDIDATES),
        ).fetchall()
        scored = []
        for code, description, billable, rank, terms in rows:
            value = score(tokens, description, terms, rank)
            if value is not None:
                scored.append((value, code, description, billable))
        scored.sort()
        return [self._hit(system, code, description, billable) for _, code, description, billable in scored[:limit]]

    @staticmethod
    def _hit(system: str, code: str, description: str, billable) -> Hit:
        return Hit(lookup.shown(system, code), description, bool(billable), system)

    # ---- look-ups by code ---------------------------------------------------------------------

    def exists(self, code: str, system: str = "icd10cm") -> bool:
        return lookup.row(self._conn, system, code) is not None

    def is_billable(self, code: str, system: str = "icd10cm") -> bool:
        found = lookup.row(self._conn, system, code)
        return bool(found and found[2])

    def describe(self, code: str, system: str = "icd10cm") -> str | None:
        found = lookup.row(self._conn, system, code)
        return found[1] if found else None

    def hit(self, code: str, system: str = "icd10cm") -> Hit | None:
        found = lookup.row(self._conn, system, code)
        return self._hit(system, *found[:3]) if found else None

    def notes(self, code: str) -> list[Note]:
        """ICD-10-CM notes of the code and of every ancestor, section and chapter (labelled by source)."""
        return lookup.icd_notes(self._conn, code)

    def children(self, code: str, system: str = "icd10cm") -> list[Hit]:
        """Billable codes below a header, in code order."""
        return [self._hit(system, c, d, True) for c, d in lookup.children(self._conn, system, code)]

    def seventh_characters(self, code: str) -> list[SeventhCharacter]:
        """For a leaf needing a 7th character: each allowed character, its meaning and the full code."""
        return lookup.seventh_characters(self._conn, code)

    def hcpcs(self, code: str) -> list[HcpcsRecord]:
        """The HCPCS file's record(s) for a code or Level II modifier, with real dates."""
        return lookup.hcpcs_records(self._conn, code)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _keeps_general_first(best: Hit, favored: list[Hit]) -> bool:
    """True when the best word match is a general code and frequency would put a sibling above it."""
    return is_general(best.description) and any(h.code[:3] == best.code[:3] and h.code != best.code for h in favored)


def _unique(hits: list[Hit]) -> list[Hit]:
    seen, result = set(), []
    for hit in hits:
        if hit.code not in seen:
            seen.add(hit.code)
            result.append(hit)
    return result

