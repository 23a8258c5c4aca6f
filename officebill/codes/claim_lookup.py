"""The scrubber's view of ICD-10-CM (`claims.rules_base.CodeLookup`) over a `CodeIndex`.

The scrubber asks with dotless codes; Excludes1 notes are prose naming codes,
prefixes (`E10.-`) and ranges (`P04-P96`), which are pulled out here.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

_CODE = r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?"
_REFERENCE = re.compile(rf"({_CODE})(?:\s*-\s*({_CODE}))?")


def dotted(code: str) -> str:
    code = code.replace(".", "").upper()
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


def code_references(text: str) -> list[str]:
    """Codes, prefixes and ranges named in a note, e.g. 'E10.-', 'P04-P96'."""
    found = []
    for start, end in _REFERENCE.findall(text):
        found.append(f"{start}-{end}" if end else start)
    return found


class ClaimCodeLookup:
    """Answers the scrubber's questions from the code index."""

    def __init__(self, index):
        self.index = index
        self.excludes1 = lru_cache(maxsize=4096)(self._excludes1)
        self.needs_code_first = lru_cache(maxsize=4096)(self._needs_code_first)

    def exists(self, code: str) -> bool:
        return self.index.exists(dotted(code))

    def is_billable(self, code: str, on: date | None = None) -> bool:
        return self.index.is_billable(dotted(code))

    def _excludes1(self, code: str) -> tuple[str, ...]:
        refs = []
        for note in self.index.notes(dotted(code)):
            if note.kind == "excludes1":
                refs += code_references(note.text)
        return tuple(dict.fromkeys(refs))

    def _needs_code_first(self, code: str) -> bool:
        description = (self.index.describe(dotted(code)) or "").lower()
        if "in diseases classified elsewhere" in description:
            return True
        # "Code first underlying ..." marks a manifestation; other code-first notes (Z23: "code first
        # any routine childhood examination") only order codes that may appear together.
        return any(note.kind == "codeFirst" and "underlying" in note.text.lower()
                   for note in self.index.notes(dotted(code)))
