"""Plain records the code database hands out: search hits, notes, 7th characters, HCPCS rows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Hit:
    """One search result. `code` is shown form (ICD with its dot)."""

    code: str
    description: str
    billable: bool
    system: str  # icd10cm, hcpcs, cpt (office list), modifier, pos
    source: str = "codes"  # "codes" (the code database) or "office" (the office procedure list)


@dataclass(frozen=True)
class Note:
    """An instructional note; `source` names the code, section or chapter it sits on."""

    kind: str  # inclusionTerm, includes, excludes1, excludes2, codeFirst, useAdditionalCode, codeAlso, notes, sevenChrNote
    text: str
    source: str
    inherited: bool


@dataclass(frozen=True)
class SeventhCharacter:
    char: str
    meaning: str
    code: str  # the complete billable code it makes, shown form


@dataclass(frozen=True)
class HcpcsRecord:
    """One HCPCS Level II procedure or modifier from the CMS file."""

    code: str
    kind: str  # "procedure" or "modifier"
    long_description: str
    short_description: str
    added: date | None
    effective: date | None
    terminated: date | None
    action: str

    def active_on(self, day: date) -> bool:
        """Valid on a date of service (decided by the termination date, never the action code)."""
        return self.terminated is None or day <= self.terminated
