"""The scrubber's view of ICD-10-CM (`claims.rules_base.CodeLookup`) over a `CodeIndex`.

The scrubber asks with dotless codes. Excludes1 (and "Code first") notes are read by `excludes.parse_excludes1`
into exact targets (notes inherit from ancestors, section and chapter: the index returns them
all); a target narrowed by later characters or by title words is expanded here into the exact
billable codes it names, so the scrubber matches plain codes, prefixes and ranges. Manifestations
are recognised by `manifestations.is_manifestation` from the titles and "Code first" notes of
the code and its ancestors. Answers are computed once per code and kept for the life of the
lookup, which lives as long as its code database is open (`office.codes.claim_lookup`).
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from .excludes import PARSED, Target, parse_excludes1
from .manifestations import manifestation_kind
from .text import normalize_code

_GROUP_SOURCES = ("section", "chapter")
_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def dotted(code: str) -> str:
    code = code.replace(".", "").upper()
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


def span_prefixes(first: str, last: str) -> list[str]:
    """The codes of len(first) characters from `first` to `last` (compared on len(first)):
    'E08'-'E13' -> E08, E09, E0A ... E13 (the caller keeps those that exist)."""
    last = last[: len(first)]
    found = [first[0]] if first[0] == last[0] else []
    for position in range(1, len(first)):
        found = [p + c for p in found for c in _CHARACTERS
                 if first[: position + 1] <= p + c <= last[: position + 1]]
    return found


class ClaimCodeLookup:
    """Answers the scrubber's questions from the code index."""

    def __init__(self, index):
        self.index = index
        self.excludes1 = lru_cache(maxsize=16384)(self._excludes1)
        self.needs_code_first = lru_cache(maxsize=16384)(self._needs_code_first)
        self.code_first = lru_cache(maxsize=16384)(self._code_first)
        self._expanded = lru_cache(maxsize=1024)(self._expand)
        self._exists = lru_cache(maxsize=16384)(lambda code: self.index.exists(dotted(code)))
        self._billable = lru_cache(maxsize=16384)(lambda code: self.index.is_billable(dotted(code)))

    def exists(self, code: str) -> bool:
        return self._exists(code)

    def is_billable(self, code: str, on: date | None = None) -> bool:
        return self._billable(code)

    def _excludes1(self, code: str) -> tuple[str, ...]:
        entries: list[str] = []
        for note in self.index.notes(dotted(code)):
            if note.kind != "excludes1":
                continue
            parsed = parse_excludes1(note.text)
            if parsed.status != PARSED:
                continue
            owner = "" if note.source.startswith(_GROUP_SOURCES) else normalize_code(note.source)
            for target in parsed.targets:
                if owner and target.first.startswith(owner):
                    continue  # D72 'basophilia (D72.824)': a note naming its own code's children excludes no pair
                entries += [target.entry] if target.plain else self._expanded(target)
        return tuple(dict.fromkeys(entries))

    def _code_first(self, code: str) -> tuple[str, ...]:
        """Codes named by the "Code first" notes of the code and its ancestors (read like Excludes1)."""
        entries: list[str] = []
        examples_of = None  # the source whose "Code first underlying disease, such as:" list is running
        for note in self.index.notes(dotted(code)):
            if note.kind != "codeFirst" or note.source.startswith(_GROUP_SOURCES):
                continue
            if note.text.rstrip().endswith(":"):
                examples_of = note.source if "such as" in note.text.lower() else None
                continue
            if note.source == examples_of:
                continue  # examples of an underlying disease (G63: 'metabolic diseases (E70-E88)'), not an order
            parsed = parse_excludes1(note.text)
            if parsed.status == PARSED:
                for target in parsed.targets:
                    entries += [target.entry] if target.plain else self._expanded(target)
        return tuple(dict.fromkeys(entries))

    def _expand(self, target: Target) -> tuple[str, ...]:
        """The billable codes a narrowed target names ('E08-E13 with .44' -> E08.44 ... E13.44)."""
        found = []
        for prefix in span_prefixes(target.first, target.last):
            hit = self.index.hit(dotted(prefix))
            if hit is None:
                continue
            rows = [hit] if hit.billable else []
            rows += self.index.children(dotted(prefix))
            found += [normalize_code(h.code) for h in rows if target.matches(normalize_code(h.code), h.description)]
        return tuple(found)

    def _needs_code_first(self, code: str) -> str:
        """'manifestation', 'code first' or '' (see `manifestations.manifestation_kind`)."""
        code = normalize_code(code)
        titles = [self.index.describe(dotted(code[:n])) or "" for n in range(3, len(code) + 1)]
        notes = [note.text for note in self.index.notes(dotted(code))
                 if note.kind == "codeFirst" and not note.source.startswith(_GROUP_SOURCES)]
        return manifestation_kind(titles, notes)
