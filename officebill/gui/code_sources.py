"""What the code picker lists: `PickRow`s and the sources that turn typed text into them.

Sources are plain objects (no Qt widgets) with `rows(text)`, `step(row)` and
`notes_html(row)`: `CodeSource` asks the facade's code search for one system
(ICD-10-CM, procedures, modifiers, POS) and offers suggestions for an empty
field; `PatientSource` searches patients. Choosing a row may lead to a `Step`:
a non-billable header offers its billable children, and a code that needs a
7th character lists the allowed characters. The facade is the only way to the data.

Look-ups are not second-guessed here: the facade returns `Hit`, `Note` and
`SeventhCharacter` records, a code it does not know has no description and is
not billable, and an unreadable code database raises (never read as "billable").
Until the code database is built (first start) nothing touches it: the ICD-10-CM
and code-set pickers say so instead of listing codes whose billability is unknown.
"""
from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from .code_notes import notes_to_html
from .theme import caution_color, good_color

# What an empty POS / modifier picker offers: the codes a physician office uses most.
COMMON = {
    "pos": ("11", "02", "10", "12", "20", "19", "22", "21", "23", "31", "32", "81", "99"),
    "modifier": ("25", "59", "26", "50", "51", "76", "91", "95", "LT", "RT", "GT", "XS", "XU"),
}
EMPTY_TEXT = "No matches. Try fewer letters, a code (E11.9) or an abbreviation (dm2, htn)."
# The procedure picker's own hints: codes and words of the office's procedures, never diagnosis examples.
PROCEDURE_EMPTY_TEXT = ("No matches on the office's procedure list. Try fewer letters, a code (99213) or the "
                        "words you use (office visit, flu shot, ekg, UA, CBC).")
PROCEDURE_START_TEXT = "Type a code (99213) or words: office visit, flu shot, ekg, UA, CBC, A1c, injection."


@dataclass(frozen=True)
class PickRow:
    """One row of the picker list. `kind`: hit, heading (a section title), child, seventh, patient."""

    code: str
    description: str = ""
    billable: bool = True
    kind: str = "hit"
    key: str = ""  # a single character that chooses the row (7th-character step)
    value: object = field(default=None, compare=False)

    @property
    def selectable(self) -> bool:
        return self.kind != "heading"


@dataclass(frozen=True)
class Step:
    """A follow-up choice after picking a row (children of a header, 7th characters)."""

    title: str
    rows: list[PickRow]


class PickerSource(Protocol):
    def rows(self, text: str) -> list[PickRow]: ...

    def step(self, row: PickRow) -> Step | None: ...

    def notes_html(self, row: PickRow) -> str: ...


class CodeSource:
    """Rows from the facade's code search for one system: icd10cm, procedure, modifier, pos.

    `patient_id` and `service_date` are callables so the picker always ranks for the visit's current patient
    and date of service (new or established patient; today when the date is None).
    """

    def __init__(self, office, system: str, patient_id: Callable[[], int | None] = lambda: None,
                 limit: int = 30, service_date: Callable[[], date | None] = lambda: None):
        self.office = office
        self.system = system
        self.patient_id = patient_id
        self.service_date = service_date
        self.limit = limit
        self._ready = False

    # ------------------------------------------------------------- the index
    @property
    def codes(self):
        return self.office.codes

    def ready(self) -> bool:
        """True once the code database is built. Until then nothing here touches `office.codes`, which
        would build it on the GUI thread (the window builds it in the background on first start)."""
        if not self._ready:
            self._ready = self.office.codes.ready()
        return self._ready

    def empty_message(self, typed: bool) -> str:
        if self.system == "procedure":
            return PROCEDURE_EMPTY_TEXT if typed else PROCEDURE_START_TEXT
        if not self.ready():
            return "The code lists are still being prepared (first start); try again in a moment."
        return EMPTY_TEXT if typed else "Type a code or words to search."

    def describe(self, code: str) -> str:
        """The code's description; blank for a code the lists do not hold, or before they are built."""
        if self.system == "procedure":
            procedure = self.office.procedures.get(code)
            if procedure:
                return procedure.label
        if not self.ready():
            return ""
        system = "hcpcs" if self.system == "procedure" else self.system
        return self.codes.describe(code, system) or ""

    def is_billable(self, code: str) -> bool:
        """ICD-10-CM only: True for a billable code the lists hold (never a guess; see `ready`)."""
        if self.system != "icd10cm":
            raise ValueError(f"billable is asked of diagnosis codes, not {self.system}")
        return self.ready() and self.codes.is_billable(code)

    @staticmethod
    def _row(hit, kind: str = "hit") -> PickRow:
        return PickRow(code=hit.code, description=hit.description or "", billable=hit.billable, kind=kind, value=hit)

    # ------------------------------------------------------------------ rows
    def rows(self, text: str) -> list[PickRow]:
        text = text.strip()
        if not text:
            return self.suggestions()
        if not self.ready():
            if self.system != "procedure":
                return []
            return [self._row(h) for h in self.office.codes.office_procedures(text, self.patient_id(),
                                                                              self.service_date())]
        hits = self.office.codes.search(text, self.system, self.limit, self.patient_id(), self.service_date())
        return [self._row(h) for h in hits]

    def suggestions(self) -> list[PickRow]:
        """What an empty picker shows: this patient's diagnoses and the office's most used codes; for
        procedures the office list, favorites first and the visit codes of the patient's kind first among them."""
        if self.system == "procedure":
            return [self._row(h) for h in self.office.codes.office_procedures("", self.patient_id(),
                                                                              self.service_date())]
        if not self.ready():
            return []  # the picker says the code lists are still being prepared
        if self.system == "icd10cm":
            rows: list[PickRow] = []
            seen: set[str] = set()
            patient_id = self.patient_id()
            recent = self.office.visits.recent_diagnoses(patient_id) if patient_id else []
            for title, codes in (("This patient's previous diagnoses", recent),
                                 ("Most used in this office", self.office.visits.most_used_diagnoses())):
                fresh = [c for c in codes if c not in seen]
                if not fresh:
                    continue
                rows.append(PickRow(code="", description=title, kind="heading"))
                for code in fresh:
                    seen.add(code)
                    rows.append(PickRow(code=code, description=self.describe(code), billable=self.is_billable(code)))
            return rows
        hits = (self.codes.hit(code, self.system) for code in COMMON.get(self.system, ()))
        return [self._row(hit) for hit in hits if hit is not None]

    def step(self, row: PickRow) -> Step | None:
        if self.system != "icd10cm" or row.kind == "seventh" or row.billable or not self.ready():
            return None
        sevenths = self.codes.seventh_characters(row.code)
        if sevenths:
            stem = sevenths[0].code[:-1]
            padded = f" (placeholder X added: {stem}_)" if stem.replace(".", "") != row.code.replace(".", "") else ""
            return Step(
                f"{row.code} needs a 7th character{padded}. Type the letter or choose:",
                [PickRow(code=s.code, description=f"{s.char}  {s.meaning}", kind="seventh",
                         key=s.char.upper(), value=s) for s in sevenths])
        children = [PickRow(code=_shown(c.code), description=c.description or "", kind="child", value=c)
                    for c in self.codes.children(row.code)]
        if not children:
            return None
        plural = "s" if len(children) != 1 else ""
        return Step(f"{row.code} is a category, not billable. Choose one of its {len(children)} billable "
                    f"code{plural}:", children)

    def notes_html(self, row: PickRow) -> str:
        if not row.selectable or not row.code:
            return ""
        description = (self.describe(row.code) or row.description) if row.kind == "seventh" else row.description
        head = f"<b>{html.escape(row.code)}</b> {html.escape(description)}"
        parts = [head]
        if self.system == "icd10cm" and self.ready():
            parts.append(_billable_line(row, self))
            parts.append(notes_to_html(self.codes.notes(row.code)))
        elif self.system == "procedure":
            procedure = self.office.procedures.get(row.code)
            if procedure:
                fee = f"Office fee: {procedure.charge} per unit"
                if procedure.units != 1:
                    fee += f"; {procedure.units} units by default: {procedure.line_charge()}"
                parts.append(fee + (" · favorite" if procedure.favorite else ""))
            else:
                parts.append(f"<span style='color:{caution_color().name()}'>Not on the office procedure list: "
                             "type the charge on the line.</span>")
        return "<br>".join(p for p in parts if p)


def _shown(code: str) -> str:
    """ICD codes with their dot (children may come back dotless)."""
    code = code.strip().upper()
    if "." not in code and len(code) > 3 and code[:1].isalpha():
        return code[:3] + "." + code[3:]
    return code


def _billable_line(row: PickRow, source: CodeSource) -> str:
    if row.kind == "seventh" or row.billable:
        return f"<span style='color:{good_color().name()}'>Billable</span>"
    if source.codes.seventh_characters(row.code):
        return f"<span style='color:{caution_color().name()}'>Needs a 7th character; press Enter to choose it.</span>"
    return f"<span style='color:{caution_color().name()}'>Header, not billable; press Enter to choose a specific code.</span>"


class PatientSource:
    """Rows from `office.patients.find`: search by name, account or date of birth."""

    def __init__(self, office, limit: int = 20):
        self.office = office
        self.limit = limit

    def rows(self, text: str) -> list[PickRow]:
        patients = self.office.patients.find(text.strip(), limit=self.limit)
        return [PickRow(code=p.account, description=_patient_line(p), kind="patient", value=p) for p in patients]

    def step(self, row: PickRow) -> Step | None:
        return None

    def notes_html(self, row: PickRow) -> str:
        return ""


def _patient_line(p) -> str:
    dob = p.dob.strftime("%m/%d/%Y") if p.dob else "no DOB"
    return f"{p.display_name}   DOB {dob}"
