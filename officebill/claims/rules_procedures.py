"""Scrubber rules for procedures: NCCI PTP pairs, MUE units, same-day E/M visits, codes for an age band, duplicates.

The facts arrive as `ctx.procedures` (a `ProcedureEditLookup`, answered from codes.db by the code service);
when it is None the rules that need it yield nothing. Lines on the office's other live claims for the
same patient and day arrive as `ctx.history` (`HistoryKey`s), so a pair split across two claims of the
same provider is caught too.

When no NCCI files have been imported the PTP and MUE rules yield nothing and no finding says so: a
warning on every claim would itself be a false alarm on every clean claim, and would teach billers to
ignore warnings. What is loaded is shown where it is managed instead (`officebill-cli codes edits`, the
"Import NCCI edits…" dialog, `office.codes.procedure_edits.ptp_loaded` / `mue_loaded` for a status line).

Sources: NCCI Policy Manual for Medicare Services (2026), Introduction and chapter I (PTP edits, the
NCCI-associated modifiers, MUE adjudication indicators), chapter XI (modifier 25, E/M on the day of a
procedure); CMS "Medicare NCCI Procedure to Procedure (PTP) Edits" and "Medically Unlikely Edits" pages;
CPT E/M guidelines (preventive and problem-oriented visits on one day, modifier 25).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import NamedTuple, Protocol, runtime_checkable

from officebill.core.claim import Claim

from .rules_base import HistoryKey, ScrubContext, age_on, error, rule
from .rules_lines import _line

REPEAT_MODIFIERS = frozenset({"76", "77", "91"})  # repeat procedure / test: a second service, never a duplicate
_ANATOMIC = frozenset({"E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9",
                       "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9",
                       "LT", "RT", "LC", "LD", "RC", "LM", "RI"})
# NCCI Policy Manual ch. I, E: the modifiers that let both codes of a modifier-indicator-1 pair be paid
# (25 and 57 only on an E/M code; 27 is for hospital outpatient E/M and is kept for completeness).
NCCI_MODIFIERS = _ANATOMIC | {"24", "25", "27", "57", "58", "59", "78", "79", "91", "XE", "XS", "XP", "XU"}
_EM_ONLY = frozenset({"25", "57"})
# Modifiers that make a line another service than one with the same code (so not a duplicate): the site,
# a distinct service, the professional or technical component, bilateral.
_SEPARATING = _ANATOMIC | {"59", "XE", "XS", "XP", "XU", "26", "TC", "50"}
_VISITS = ("visit", "preventive")


@runtime_checkable
class ProcedureEditLookup(Protocol):
    """What the scrubber needs to know about procedure codes and modifiers (codes.db answers; tests fake it).

    Codes and modifiers arrive upper-cased. `ptp_edit` answers an object with `modifier_indicator` (0 or
    1; edits with 9 are no edit) and `rationale`, or None; `mue` one with `value`, `mai` (1 per line,
    2 and 3 per date of service) and `rationale`, or None."""

    ptp_loaded: bool
    mue_loaded: bool

    def ptp_edit(self, column1: str, column2: str, on: date):
        """The PTP edit in force on `on` with `column1` in column 1 and `column2` in column 2, or None."""

    def mue(self, code: str, on: date):
        """The MUE of `code` in the table in force on `on`, or None."""

    def modifier_exists(self, modifier: str) -> bool | None:
        """True when known, False when surely not a modifier, None when it cannot tell."""

    def em_family(self, code: str) -> str | None:
        """'visit', 'preventive' or 'other' for E/M codes; None for every other code."""


class Billed(NamedTuple):
    """One line for the pair rules: on this claim (`index` set) or on another claim (`claim_id`)."""

    code: str
    modifiers: frozenset
    units: int
    day: date | None
    index: int | None = None
    claim_id: int | None = None

    def where(self) -> str:
        if self.index is not None:
            return f"line {self.index + 1}"
        return f"claim {self.claim_id}" if self.claim_id else "another claim"


def _mods(modifiers: Iterable[str]) -> frozenset:
    return frozenset((m or "").strip().upper() for m in modifiers if (m or "").strip())


def _own(claim: Claim) -> list[Billed]:
    return [Billed((line.code or "").strip().upper(), _mods(line.modifiers), line.units if isinstance(line.units, int)
                   else 1, line.from_date or claim.service_date, index=i) for i, line in enumerate(claim.lines)]


def _same_patient_provider(claim: Claim, key: HistoryKey) -> bool:
    return key.patient_id == claim.patient.id and _same_provider(claim, key)


def _same_provider(claim: Claim, key: HistoryKey) -> bool:
    """The rendering provider of the line on another claim is this claim's (or one of them is not known)."""
    provider = claim.visit.provider_id or claim.provider.id
    return None in (provider, key.provider_id) or key.provider_id == provider


def _others(claim: Claim, ctx: ScrubContext, same_payer: bool = False) -> list[Billed]:
    """The same patient's lines on the provider's other live claims (to this claim's payer only, with
    `same_payer`); none for replacements and voids, which stand in for a claim already counted."""
    if claim.frequency.is_resubmission:
        return []
    return [Billed(key.code.upper(), _mods(key.modifiers), key.units or 1, key.service_date, claim_id=key.claim_id)
            for key in ctx.history
            if _same_patient_provider(claim, key) and (not same_payer or key.payer_id == claim.payer.id)]


def _pairs(claim: Claim, ctx: ScrubContext) -> Iterator[tuple[Billed, Billed]]:
    """(line of this claim, other line of the same day): every pair once within the claim, and with other claims."""
    own = _own(claim)
    others = _others(claim, ctx)
    for n, line in enumerate(own):
        for other in own[n + 1:] + others:
            if line.day is not None and other.day == line.day and line.code and other.code:
                yield line, other


def _bypassed(column1: Billed, column2: Billed, procedures) -> bool:
    """True when a modifier-indicator-1 pair carries a modifier that lets both be paid: with an E/M code in
    the pair only 25 or 57 on the E/M line (the site, 59 and X{EPSU} do not make a visit separate: NCCI
    Policy Manual ch. I, E and ch. XI); otherwise any NCCI-associated modifier but those two, on either line."""
    visits = [b for b in (column1, column2) if procedures.em_family(b.code) is not None]
    if visits:
        return any(b.modifiers & _EM_ONLY for b in visits)
    return bool((column1.modifiers | column2.modifiers) & (NCCI_MODIFIERS - _EM_ONLY))


@rule("ncci.ptp", visit_level=True)
def ncci_ptp(claim: Claim, ctx: ScrubContext):
    """Box 24D: a column-2 code billed with its column-1 code for the patient on one day (this claim or
    another claim of the provider) is denied: modifier indicator 0 never together; 1 only with an
    NCCI-associated modifier on either line (with an E/M code in the pair: 25 or 57 on the visit). Source:
    NCCI Policy Manual, Introduction, ch. I (E: NCCI-associated modifiers) and ch. XI (E/M with procedures)."""
    procedures = ctx.procedures
    if procedures is None or not procedures.ptp_loaded:
        return
    for line, other in _pairs(claim, ctx):
        for column1, column2 in ((line, other), (other, line)):
            edit = procedures.ptp_edit(column1.code, column2.code, line.day)
            if edit is None:
                continue
            if edit.modifier_indicator == 1 and _bypassed(column1, column2, procedures):
                continue
            target = column2 if column2.index is not None else column1
            reason = f" ({edit.rationale})" if edit.rationale else ""
            remove = f"remove {column2.code}" + ("" if column2.index is not None else
                                                 f" from {column2.where()} (correct or void that claim)")
            if edit.modifier_indicator == 0:
                fix = f"NCCI never pays the two on one day, even with a modifier{reason}; {remove}."
            elif procedures.em_family(column1.code) or procedures.em_family(column2.code):
                fix = (f"NCCI pays the two on one day only when the E/M visit was significant and separately "
                       f"identifiable{reason}: if it was, add modifier 25 to the visit's line; otherwise {remove}.")
            else:
                fix = (f"NCCI pays the two on one day only when they were separate services{reason}: if so (another "
                       f"site, session or encounter), add the NCCI modifier that says so (XS, XE, XU, XP or 59; the "
                       f"side or digit such as RT, LT, F1, T1); otherwise {remove}.")
            yield error("24D", _line(target.index, "code"),
                        f"Line {target.index + 1}: {column2.code} ({column2.where()}) is bundled into {column1.code} "
                        f"({column1.where()}). {fix}")
            break  # one finding per pair


@rule("ncci.mue", visit_level=True)
def ncci_mue(claim: Claim, ctx: ScrubContext):
    """Box 24G: units over the Medically Unlikely Edit: per line for MAI 1; per day, summed over the lines
    of this claim and the provider's other claims for the patient, for MAI 2 and 3. Source: NCCI Policy
    Manual ch. I, V (MUE); CMS MUE page (MAI 1 line edit, 2 date of service policy, 3 clinical)."""
    procedures = ctx.procedures
    if procedures is None or not procedures.mue_loaded:
        return
    own, others = _own(claim), _others(claim, ctx)
    done = set()
    for line in own:
        if line.day is None or not line.code or (line.code, line.day) in done:
            continue
        limit = procedures.mue(line.code, line.day)
        if limit is None:
            continue
        if limit.mai == 1:
            if line.units > limit.value:
                yield error("24G", _line(line.index, "units"),
                            f"Line {line.index + 1}: {line.units} units of {line.code} are more than its Medically "
                            f"Unlikely Edit allows on one line ({limit.value}); bill the units actually given, or "
                            "split them over lines with the modifier that tells them apart (such as the side).")
            continue
        done.add((line.code, line.day))
        same = [b for b in own + others if b.code == line.code and b.day == line.day]
        total = sum(b.units for b in same)
        if total > limit.value:
            kind = "policy: never more" if limit.mai == 2 else "clinical: more only in rare, documented cases"
            elsewhere = sorted({b.where() for b in same if b.index is None})
            also = f" (with {', '.join(elsewhere)})" if elsewhere else ""
            yield error("24G", _line(line.index, "units"),
                        f"Line {line.index + 1}: {total} units of {line.code} on {line.day:%m/%d/%Y}{also} are more "
                        f"than its Medically Unlikely Edit of {limit.value} a day ({kind}); bill the units actually "
                        "given.")


@rule("em.same_day", visit_level=True, overridable=True)
def em_same_day(claim: Claim, ctx: ScrubContext):
    """Box 24D: two E/M visits for the patient by the same provider on one day need a reason; a problem
    visit with modifier 25 beside a preventive visit is the one combination CPT allows without one
    (modifier 25 for a same-day procedure does not make a second visit separate). Overridable: the biller
    writes the reason (e.g. two unrelated problems at separate encounters). Source: NCCI Policy Manual
    ch. XI (E/M services on one day); CPT E/M guidelines, preventive medicine services."""
    procedures = ctx.procedures
    if procedures is None:
        return
    visits = [b for b in _own(claim) + _others(claim, ctx)
              if b.day is not None and procedures.em_family(b.code) in _VISITS]
    for n, line in enumerate(visits):
        if line.index is None:
            continue
        for other in visits[:n] + [b for b in visits[n + 1:] if b.index is None]:
            if other.day != line.day or _is_duplicate(line, other):
                continue  # a duplicate is claim.duplicate's finding
            families = {procedures.em_family(line.code), procedures.em_family(other.code)}
            problem = line if procedures.em_family(line.code) == "visit" else other
            if families == {"visit", "preventive"} and "25" in problem.modifiers:
                continue
            yield error("24D", _line(line.index, "code"),
                        f"Line {line.index + 1}: {line.code} is a second E/M visit on {line.day:%m/%d/%Y} by the same "
                        f"provider ({other.code}, {other.where()}); payers pay one a day unless the visits were "
                        "separate encounters for unrelated problems: combine them into one visit code, or override "
                        "with the reason.")
            break


# CPT preventive medicine visits by the patient's age (new patient 99381-99387, established 99391-99397):
# (lowest age, highest age, words), whole years on the date of service.
PREVENTIVE_AGES = {1: (0, 0, "under 1 year"), 2: (1, 4, "1 through 4 years"), 3: (5, 11, "5 through 11 years"),
                   4: (12, 17, "12 through 17 years"), 5: (18, 39, "18 through 39 years"),
                   6: (40, 64, "40 through 64 years"), 7: (65, 200, "65 years and older")}


def preventive_code(code: str, years: int) -> str:
    """The preventive medicine visit code of `code`'s kind (new 9938x, established 9939x) for a patient `years`
    old (whole years); any other code unchanged."""
    code = (code or "").strip()
    if not (code[:4] in ("9938", "9939") and code[4:].isdigit() and int(code[4]) in PREVENTIVE_AGES):
        return code
    return code[:4] + str(next(n for n, (lo, hi, _) in PREVENTIVE_AGES.items() if lo <= max(years, 0) <= hi))


# Other codes whose CPT descriptor limits the patient's age: code -> (lowest, highest age in whole years, words,
# what to bill instead).
AGE_LIMITED = {
    "90460": (0, 18, "through 18 years of age", "90471-90474 (administration without that counseling)"),
    "90461": (0, 18, "through 18 years of age", "90472 or 90474 for each further vaccine"),
}


@rule("procedure.age", visit_level=True)
def procedure_age(claim: Claim, ctx: ScrubContext):
    """Box 24D: a code whose CPT descriptor is for an age band must fit the patient's age on the date of
    service: preventive medicine visits (99381-99387 new, 99391-99397 established: under 1 year, 1-4, 5-11,
    12-17, 18-39, 40-64, 65 and older) and immunization administration with counseling (90460/90461:
    through 18 years of age). Source: CPT 2026 code descriptors (E/M Preventive Medicine Services;
    Immunization Administration for Vaccines/Toxoids)."""
    dob = claim.patient.dob
    for i, line in enumerate(claim.lines):
        code = (line.code or "").strip().upper()
        day = line.from_date or claim.service_date
        if dob is None or day is None or day < dob:
            continue
        years = age_on(dob, day)[0]
        fitting = preventive_code(code, years)
        if fitting != code:
            yield error("24D", _line(i, "code"),
                        f"Line {i + 1}: {code} is the preventive visit for patients {PREVENTIVE_AGES[int(code[4])][2]}; "
                        f"the patient is {years} on {day:%m/%d/%Y}: use {fitting}.")
        elif code in AGE_LIMITED and not AGE_LIMITED[code][0] <= years <= AGE_LIMITED[code][1]:
            lo, hi, words, instead = AGE_LIMITED[code]
            yield error("24D", _line(i, "code"),
                        f"Line {i + 1}: {code} is for patients {words}; the patient is {years} on "
                        f"{day:%m/%d/%Y}: bill {instead}.")


def _is_duplicate(line: Billed, other: Billed) -> bool:
    return (line.code == other.code and line.day == other.day
            and not (REPEAT_MODIFIERS & (line.modifiers | other.modifiers))
            and line.modifiers & _SEPARATING == other.modifiers & _SEPARATING)


@rule("claim.duplicate")
def claim_duplicate(claim: Claim, ctx: ScrubContext):
    """Box 24D: the same procedure twice for the patient on one day, on this claim or already billed to this
    payer on another claim, with the same modifiers that set services apart (the side, digit, 59/X{EPSU},
    26/TC, 50); a repeat modifier (76, 77, 91) makes it a second service. Replacements and voids are
    exempt. Source: DOMAIN.md "Duplicate claim ... already billed" (payers deny duplicates); NCCI Policy
    Manual ch. I (anatomic modifiers mark separate services)."""
    if claim.frequency.is_resubmission:
        return
    own = _own(claim)
    billed = _others(claim, ctx, same_payer=True)
    for n, line in enumerate(own):
        if not line.code or line.day is None:
            continue
        earlier = next((b for b in own[:n] + billed if _is_duplicate(line, b)), None)
        if earlier is None:
            continue
        where = (f"repeats {earlier.where()}" if earlier.index is not None
                 else f"was already billed to this payer on {earlier.where()}")
        yield error("24D", _line(line.index, "code"),
                    f"Line {line.index + 1}: {line.code} on {line.day:%m/%d/%Y} {where} with the same modifiers; "
                    + ("bill it once with the units added up, or remove the line; if they are separate services, "
                       "add the modifier that tells them apart (such as the side)." if earlier.index is not None else
                       "remove the line or void the earlier claim; if they are separate services, add the modifier "
                       "that tells them apart (such as the side)."))
