"""Scrubber building blocks: findings, the code-lookup protocol, the rule registry.

A rule is a small function `check(claim, ctx)` that yields `Issue`s; `@rule(id)`
registers it in `RULES` with its stable id. The runner (`scrubber.scrub`) turns
issues into `Finding`s carrying the rule id. Rules never import storage, codes
or Qt: diagnosis-code facts come through `ctx.codes` (a `CodeLookup`).

Field paths name the record field to fix, relative to the `Claim`
(`practice.npi`, `visit.diagnoses[2]`, `lines[1].pointers`); indexes are
0-based positions in the tuple, messages speak of "line 2" / "diagnosis C".
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple, Protocol, runtime_checkable

from officebill.core.claim import Claim
from officebill.core.limits import MAX_DIAGNOSES, POINTER_LETTERS
from officebill.core.places_of_service import PLACES_OF_SERVICE

ERROR = "error"  # blocks printing / sending
WARNING = "warning"  # shown, does not block

class HistoryKey(NamedTuple):
    """One service line on another, non-void claim of the office (the facade leaves out the lines of the
    claim being scrubbed, of the claim it replaces, and of the claims it follows or that follow it)."""

    patient_id: int | None
    service_date: date | None
    code: str
    payer_id: int | None
    modifiers: tuple[str, ...] = ()
    provider_id: int | None = None
    units: int = 1
    claim_id: int | None = None


@runtime_checkable
class CodeLookup(Protocol):
    """What the scrubber needs to know about ICD-10-CM codes.

    Every method receives a diagnosis code upper-cased and WITHOUT the dot
    (`E1165`, `S020XXA`), the form the code list file and claims use. The
    implementation in `officebill.codes` answers from codes.db; tests use a
    small fake. All methods must answer False / empty for unknown codes
    rather than raise.
    """

    def exists(self, code: str) -> bool:
        """True when the code is in the code-set release (header or billable)."""

    def is_billable(self, code: str, on: date | None = None) -> bool:
        """True when the code may be reported on `on` (the date of service):
        a leaf, with its 7th character where one is required, valid in the
        release that covers `on`. An implementation holding one release may
        ignore `on`."""

    def excludes1(self, code: str) -> Iterable[str]:
        """The codes named in Excludes1 notes of the code and of every
        ancestor, section and chapter (notes are inherited). Each entry is a
        code or prefix standing for itself and all its descendants (`E10`,
        `E10.-`, `E1165`), or an inclusive range (`P04-P96`); dots and a
        trailing `.-` are allowed and ignored. A note narrowed by characters
        or words ("E08-E13 with .44") comes as the exact codes it names; a
        note that cannot be read exactly names nothing (no finding rather
        than a false one)."""

    def code_first(self, code: str) -> Iterable[str]:
        """The codes named by "Code first" notes of the code and its ancestors
        (not of its section or chapter), entries as in `excludes1`: when one of
        them is on the claim too, it is listed before this code (Z3A weeks of
        gestation after the obstetric code; N18 after E11.22 or I12.-)."""

    def needs_code_first(self, code: str) -> bool | str:
        """Truthy for manifestation codes: the code's or an ancestor's title
        says "in diseases classified elsewhere", or the code or an ancestor
        carries a "Code first" note to code the underlying condition first
        without "if known", "if applicable" or "any associated" (those only
        order codes). Such a code may never be the first-listed diagnosis
        (guideline I.A.13). The answer "code first" (a note alone, on a
        title naming no underlying condition, such as M40 kyphosis) asks
        for the underlying disease first when there is one: a warning."""


@dataclass(frozen=True)
class Finding:
    """One thing a payer would reject (error) or question (warning)."""

    severity: str  # ERROR or WARNING
    rule: str  # stable id, e.g. 'npi.rendering'
    box: str  # CMS-1500 box, e.g. '24J', '21B', 'carrier'
    field: str  # record field to fix, e.g. 'provider.npi', 'lines[1].pointers'
    message: str  # says how to fix it
    overridden_reason: str = ""  # a biller's written reason, when an overridable finding was overridden
    overridable: bool = False  # its rule lets a biller override it with a written reason (Rule.overridable)

    @property
    def overridden(self) -> bool:
        return bool(self.overridden_reason)

    @property
    def is_error(self) -> bool:
        """True when the finding blocks printing: an error nobody overrode."""
        return self.severity == ERROR and not self.overridden_reason

    def __str__(self) -> str:
        text = f"{self.severity.upper()} [{self.rule}] box {self.box} ({self.field}): {self.message}"
        return text + (f" (overridden: {self.overridden_reason})" if self.overridden_reason else "")


class Issue(NamedTuple):
    severity: str
    box: str
    field: str
    message: str


def error(box: str, field_path: str, message: str) -> Issue:
    return Issue(ERROR, box, field_path, message)


def warning(box: str, field_path: str, message: str) -> Issue:
    return Issue(WARNING, box, field_path, message)


# Place of service codes, CMS POS code set (code source 237; the same 52 as pyx12 `map/codes.xml` "pos").
PLACE_OF_SERVICE_CODES = frozenset(PLACES_OF_SERVICE)


@dataclass(frozen=True)
class ScrubContext:
    """What rules may consult besides the claim."""

    codes: CodeLookup
    today: date
    history: frozenset = frozenset()  # of HistoryKey
    pos_codes: frozenset = PLACE_OF_SERVICE_CODES
    releases: object | None = None  # code-set releases by date of service (rules_releases), None = not known
    procedures: object | None = None  # NCCI PTP / MUE / modifier facts (rules_procedures), None = not known
    current_policy: object | None = None  # the claim's policy as on file now (a printed claim's may have changed)
    electronic: bool = False  # the claim goes to its payer as an 837P (the payer is routed to a clearinghouse)


Check = Callable[[Claim, ScrubContext], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    id: str
    check: Check = field(repr=False)
    visit_level: bool  # needs only patient + visit: usable before a claim exists
    doc: str = ""
    overridable: bool = False  # the guidelines allow a biller to override it, with a written reason


RULES: list[Rule] = []


def rule(rule_id: str, *, visit_level: bool = False, overridable: bool = False) -> Callable[[Check], Check]:
    """Register `check` under `rule_id` (must be unique); `overridable` when the guidelines let a biller
    override its findings with a written reason (Excludes1 for unrelated conditions, I.A.12.a)."""

    def register(check: Check) -> Check:
        if any(existing.id == rule_id for existing in RULES):
            raise ValueError(f"duplicate scrubber rule id {rule_id!r}")
        RULES.append(Rule(rule_id, check, visit_level, (check.__doc__ or "").strip(), overridable))
        return check

    return register


def dotless(code: str) -> str:
    """'e11.65 ' -> 'E1165' (claims and the code list use no dot)."""
    return (code or "").replace(".", "").strip().upper()


def dx_letter(index: int) -> str:
    """0 -> 'A' ... 11 -> 'L'; beyond L, the position number."""
    return POINTER_LETTERS[index] if 0 <= index < MAX_DIAGNOSES else str(index + 1)


def age_on(dob: date, day: date) -> tuple[int, int]:
    """(whole years, days) old on `day`."""
    years = day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
    return years, (day - dob).days


DX_SHAPE = re.compile(r"^[A-Z][0-9A-Z]{2}[0-9A-Z]{0,4}$")  # ICD-10-CM: 3-7 chars, dotless


def dx_field(index: int) -> str:
    """The record field of the diagnosis at `index`."""
    return f"visit.diagnoses[{index}]"


def dx_box(index: int) -> str:
    """The box of the diagnosis at `index`: '21A' ... '21L'."""
    return f"21{dx_letter(index)}" if index < MAX_DIAGNOSES else "21"


def entered_diagnoses(claim: Claim) -> list[tuple[int, str]]:
    """(index, dotless code) of entered, well-shaped diagnoses."""
    return [(i, dotless(c)) for i, c in enumerate(claim.diagnoses) if DX_SHAPE.match(dotless(c))]
