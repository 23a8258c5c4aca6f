"""Scrubber rules that check codes against the code-set release in force on the date of service.

Release facts arrive as `ctx.releases` (a `ReleaseFacts`, from `office.codes.release_lookup`); without
them the diagnosis rules fall back to `ctx.codes` (one release, dates ignored) and the release rules
say nothing. Each problem is reported once: a code that did not exist on the day (unknown, not yet
added, deleted) by dx.exists, one that existed but was a heading (or had been expanded) by dx.billable.
"""
from __future__ import annotations

from datetime import date
from typing import Protocol

from officebill.core.claim import Claim

from .rules_base import ScrubContext, dx_box, dx_field, dx_letter, entered_diagnoses, error, rule, warning

CMS_PAGE = "the ICD-10-CM page of cms.gov (Medicare > Coding & Billing > ICD-10 > ICD-10-CM)"
IMPORT_HOW = ("import them with Setup > Import ICD-10-CM release… in the window, or "
              "`officebill-cli codes import-icd10cm FILE ...`")


class DiagnosisOnDate(Protocol):
    state: str  # valid, header, not_yet, deleted, expanded, unknown
    release: str  # the release in force on the day, e.g. 'October 1, 2026'
    changed_in: str  # the release that added (not_yet), deleted or expanded the code
    suggestions: tuple[str, ...]  # dotted codes to use instead


class ProcedureOnDate(Protocol):
    state: str  # valid, not_yet, terminated, unknown
    since: date | None
    until: date | None


class HeldRelease(Protocol):
    name: str  # 'April 1, 2026'
    effective: date
    ends: date


class ReleaseFacts(Protocol):
    """What the release rules need; codes are dotless and upper case."""

    def diagnosis(self, code: str, on: date | None) -> DiagnosisOnDate:
        """The ICD-10-CM code on the date of service (the newest release when `on` is None)."""

    def newest(self) -> HeldRelease | None:
        """The newest ICD-10-CM release held."""

    def procedure(self, code: str, on: date | None) -> ProcedureOnDate:
        """A HCPCS Level II code on the date of service ('unknown' for codes not in the file held, CPT)."""


def _us(day: date) -> str:
    return f"{day:%m/%d/%Y}"


def _use(suggestions: tuple[str, ...]) -> str:
    return f"use one of {', '.join(suggestions)}" if suggestions else "pick a current code from the list"


def _in_release(fact: DiagnosisOnDate) -> str:
    if fact.changed_in and fact.changed_in != fact.release:
        return f"in the {fact.changed_in} release (the {fact.release} release is in force on the date of service)"
    if fact.changed_in:
        return f"in the {fact.changed_in} release, in force on the date of service"
    return f"by the {fact.release} release, in force on the date of service"


@rule("dx.exists", visit_level=True)
def dx_exists(claim: Claim, ctx: ScrubContext):
    """Box 21: the code exists in the ICD-10-CM release in force on the date of service. Source: CMS MCE
    edit 'Invalid diagnosis or procedure code'; HIPAA code-set rule (45 CFR 162.1002: the code set valid
    at the time the service is provided); DOMAIN.md "Each diagnosis exists"."""
    for i, code in entered_diagnoses(claim):
        shown = f"Diagnosis {dx_letter(i)} '{claim.diagnoses[i]}'"
        if ctx.releases is None:
            if not ctx.codes.exists(code):
                yield error(dx_box(i), dx_field(i),
                            f"{shown} is not in ICD-10-CM; check for a typo or pick the code from the list.")
            continue
        fact = ctx.releases.diagnosis(code, claim.service_date)
        if fact.state == "unknown":
            yield error(dx_box(i), dx_field(i),
                        f"{shown} is not in ICD-10-CM (the {fact.release} release is in force on the date of "
                        "service); check for a typo or pick the code from the list.")
        elif fact.state == "not_yet" and fact.changed_in:
            yield error(dx_box(i), dx_field(i),
                        f"{shown} is not in ICD-10-CM before the {fact.changed_in} release; on the date of "
                        f"service the {fact.release} release is in force: code with the codes valid then.")
        elif fact.state == "not_yet":
            yield error(dx_box(i), dx_field(i),
                        f"{shown} is not in the {fact.release} release of ICD-10-CM, in force on the date of "
                        "service (a later release added it): code with the codes valid then.")
        elif fact.state == "deleted":
            yield error(dx_box(i), dx_field(i),
                        f"{shown} was deleted {_in_release(fact)}: {_use(fact.suggestions)}.")


@rule("dx.billable", visit_level=True)
def dx_billable(claim: Claim, ctx: ScrubContext):
    """Box 21: the code is billable on the date of service: a leaf, not a category header, with
    its 7th character where required, and not expanded into more specific codes by the release in force.
    Source: ICD-10-CM Official Guidelines I.B.2 (code to the highest number of characters), I.A.4-I.A.5
    (placeholder X, 7th characters); DOMAIN.md "Code sets"; cms1500.md §9 rejection 9."""
    for i, code in entered_diagnoses(claim):
        shown = f"Diagnosis {dx_letter(i)} '{claim.diagnoses[i]}'"
        if ctx.releases is None:
            if ctx.codes.exists(code) and not ctx.codes.is_billable(code, claim.service_date):
                yield error(dx_box(i), dx_field(i), f"{shown} is a heading, not billable on the date of service: "
                            "choose a more specific code below it (with its 7th character where one is required).")
            continue
        fact = ctx.releases.diagnosis(code, claim.service_date)
        if fact.state == "expanded":
            yield error(dx_box(i), dx_field(i),
                        f"{shown} was expanded into more specific codes {_in_release(fact)}, so it is no longer "
                        f"billable: {_use(fact.suggestions)}.")
        elif fact.state == "header":
            yield error(dx_box(i), dx_field(i),
                        f"{shown} is a heading, not billable on the date of service: choose a more specific code "
                        "below it (with its 7th character where one is required)"
                        + (f", such as {', '.join(fact.suggestions)}." if fact.suggestions else "."))


def _last_day(claim: Claim) -> date | None:
    days = [claim.service_date] + [day for line in claim.lines for day in (line.from_date, line.to_date)]
    days = [day for day in days if day is not None]
    return max(days) if days else None


def fiscal_year(day: date) -> int:
    return day.year + 1 if day.month >= 10 else day.year


@rule("codes.release_current", visit_level=True)
def release_current(claim: Claim, ctx: ScrubContext):
    """Box 21: the code database holds the ICD-10-CM release in force on the date of service (CMS publishes
    a release each October 1, sometimes an update on April 1); when the newest held ends before the date
    of service, the codes were checked against an outdated release: one warning per claim saying what to
    download. Source: HIPAA code-set rule (45 CFR 162.1002), CMS ICD-10-CM release notes."""
    newest = ctx.releases.newest() if ctx.releases is not None else None
    day = _last_day(claim)
    if newest is None or day is None or day <= newest.ends:
        return
    fy = fiscal_year(day)
    yield warning("21", "visit.diagnoses",
                  f"The newest ICD-10-CM release held ({newest.name}) ended {_us(newest.ends)}, before the date of "
                  f"service {_us(day)}, so the diagnoses were checked against an outdated code set. Download the "
                  f"FY{fy} ICD-10-CM release from {CMS_PAGE}: the '{fy} Code Descriptions in Tabular Order' zip "
                  f"and the zip holding the tabular XML ('{fy} Table and Index'), then {IMPORT_HOW}.")


@rule("line.code_dates", visit_level=True)
def line_code_dates(claim: Claim, ctx: ScrubContext):
    """Box 24D: a HCPCS Level II code is billed only from the day CMS added it through its termination
    date. Source: CMS HCPCS record layout (code added date, termination date: "the last date for which
    a procedure or modifier code may be used"); DOMAIN.md "Code sets"."""
    if ctx.releases is None:
        return
    for i, line in enumerate(claim.lines):
        code = (line.code or "").strip().upper()
        day = line.from_date or claim.service_date
        if not code or day is None:
            continue
        fact = ctx.releases.procedure(code, day)
        if fact.state == "not_yet":
            yield error("24D", f"lines[{i}].code",
                        f"Line {i + 1}: {code} is not a HCPCS code before {_us(fact.since)} (CMS added it then), "
                        f"after the date of service {_us(day)}; use the code in force on that date.")
        elif fact.state == "terminated":
            yield error("24D", f"lines[{i}].code",
                        f"Line {i + 1}: {code} was terminated on {_us(fact.until)}, before the date of service "
                        f"{_us(day)}; use the code that replaced it (search the procedure list).")
