"""Scrubber rules for the visit: diagnoses (21), service lines (24), dates, boxes 10, 14,
19, 22, 23, 28, and duplicate claims.

Diagnosis-code facts come from `ctx.codes` (see `rules_base.CodeLookup`);
sex/age data from `code_rules`. Sources are cited per rule: cms1500.md
sections, DOMAIN.md "Edits a scrubber should make", the ICD-10-CM Official
Guidelines for Coding and Reporting (section numbers), and CMS Medicare Code
Editor (MCE) edit names.
"""
from __future__ import annotations

import re
from itertools import combinations

from officebill.core.claim import Claim
from officebill.core.identifiers import check_state, ndc_line_problems
from officebill.core.limits import (
    MAX_CLAIM_TOTAL,
    MAX_DIAGNOSES,
    MAX_LINE_CHARGE,
    MAX_MODIFIERS,
    MAX_POINTERS,
    MAX_UNITS,
)
from officebill.core.records import PlanType, Sex

from .code_rules import AGE_RULES, SEX_RULES, in_range
from .rules_base import ScrubContext, age_on, dotless, dx_letter, error, rule, warning

BOX19_MAX = 71  # fillable widget capacity (cms1500.md §3 item 19)
BOX23_MAX = 29  # 08/05 field spec (cms1500.md §3 item 23)
REPEAT_MODIFIERS = frozenset({"76", "77", "91"})  # repeat procedure / test: not a duplicate

_DX_SHAPE = re.compile(r"^[A-Z][0-9A-Z]{2}[0-9A-Z]{0,4}$")  # ICD-10-CM: 3-7 chars, dotless
_PROC_SHAPE = re.compile(r"^([0-9]{4}[0-9A-Z]|[A-V][0-9]{4})$")  # CPT (incl. F/T/U) or HCPCS II
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")


def _dx_field(index: int) -> str:
    return f"visit.diagnoses[{index}]"


def _dx_box(index: int) -> str:
    return f"21{dx_letter(index)}" if index < MAX_DIAGNOSES else "21"


def _codes(claim: Claim) -> list[tuple[int, str]]:
    """(index, dotless code) of entered, well-shaped diagnoses."""
    return [(i, dotless(c)) for i, c in enumerate(claim.diagnoses) if _DX_SHAPE.match(dotless(c))]


# --- diagnoses (21) -----------------------------------------------------------------------


@rule("dx.present", visit_level=True)
def dx_present(claim: Claim, ctx: ScrubContext):
    """Box 21: at least one diagnosis. Source: cms1500.md §3 item 21; DOMAIN.md edits."""
    if not any((c or "").strip() for c in claim.diagnoses):
        yield error("21", "visit.diagnoses", "Enter at least one diagnosis (ICD-10-CM) for the visit.")


@rule("dx.max", visit_level=True)
def dx_max(claim: Claim, ctx: ScrubContext):
    """Box 21: at most 12 diagnoses (A-L). Source: cms1500.md §3 item 21 (OpenEMR logs "Too many
    diagnoses" beyond 12); DOMAIN.md edits."""
    if len(claim.diagnoses) > MAX_DIAGNOSES:
        yield error("21", f"visit.diagnoses[{MAX_DIAGNOSES}]",
                    f"A claim holds at most 12 diagnoses; this visit has {len(claim.diagnoses)}. "
                    "Remove the least important ones or bill on two claims.")


@rule("dx.format", visit_level=True)
def dx_format(claim: Claim, ctx: ScrubContext):
    """Box 21: each code is an ICD-10-CM code shape (3-7 characters, letter first, no
    narrative). Source: cms1500.md §3 item 21 ("≤ 7 characters without the period"; no
    narrative), §9 rejection 9."""
    for i, code in enumerate(claim.diagnoses):
        if not _DX_SHAPE.match(dotless(code)):
            yield error(_dx_box(i), _dx_field(i),
                        f"Diagnosis {dx_letter(i)} '{code}' is not an ICD-10-CM code (3 to 7 characters "
                        "starting with a letter, e.g. J02.0); pick it from the code list.")


@rule("dx.duplicate", visit_level=True)
def dx_duplicate(claim: Claim, ctx: ScrubContext):
    """Box 21: a code entered twice. Source: CMS MCE edit 'Duplicate of PDX'; cms1500.md §4 24E
    (pointers must be unambiguous)."""
    seen: dict[str, int] = {}
    for i, code in _codes(claim):
        if code in seen:
            yield warning(_dx_box(i), _dx_field(i),
                          f"Diagnosis {dx_letter(i)} repeats diagnosis {dx_letter(seen[code])}; remove it "
                          "and point the lines at the first one.")
        else:
            seen[code] = i


@rule("dx.exists", visit_level=True)
def dx_exists(claim: Claim, ctx: ScrubContext):
    """Box 21: the code exists in the ICD-10-CM release. Source: CMS MCE edit 'Invalid diagnosis
    or procedure code'; DOMAIN.md "Each diagnosis exists"."""
    for i, code in _codes(claim):
        if not ctx.codes.exists(code):
            yield error(_dx_box(i), _dx_field(i),
                        f"Diagnosis {dx_letter(i)} '{claim.diagnoses[i]}' is not in ICD-10-CM; check for a "
                        "typo or pick the code from the list.")


@rule("dx.billable", visit_level=True)
def dx_billable(claim: Claim, ctx: ScrubContext):
    """Box 21: the code is billable on the date of service: a leaf, not a category header, with
    its 7th character where required. Source: ICD-10-CM Official Guidelines I.B.2 (code to the
    highest number of characters), I.A.4-I.A.5 (placeholder X, 7th characters); DOMAIN.md "Code
    sets"; cms1500.md §9 rejection 9 (not to the highest specificity)."""
    for i, code in _codes(claim):
        if ctx.codes.exists(code) and not ctx.codes.is_billable(code, claim.service_date):
            yield error(_dx_box(i), _dx_field(i),
                        f"Diagnosis {dx_letter(i)} '{claim.diagnoses[i]}' is a heading, not billable on the "
                        "date of service: choose a more specific code below it (with its 7th character "
                        "where one is required).")


def excludes_match(code: str, entry: str) -> bool:
    """Does dotless `code` fall under an Excludes1 entry ('E10', 'E10.-', 'P04-P96')?"""
    entry = dotless(entry).rstrip("-")
    if "-" in entry:
        first, last = entry.split("-", 1)
        return bool(first) and in_range(code, first, last)
    return bool(entry) and code.startswith(entry)


@rule("dx.excludes1", visit_level=True)
def dx_excludes1(claim: Claim, ctx: ScrubContext):
    """Box 21: no two codes that an Excludes1 note says are never coded together (notes inherit
    from ancestors). Source: ICD-10-CM Official Guidelines I.A.12.a (Excludes1); DOMAIN.md
    "Excludes1 pairs on the same claim"."""
    entered = _codes(claim)
    excluded = {i: tuple(ctx.codes.excludes1(code)) for i, code in entered}
    for (i, a), (j, b) in combinations(entered, 2):
        if a == b:
            continue
        if any(excludes_match(b, x) for x in excluded[i]) or any(excludes_match(a, x) for x in excluded[j]):
            yield error(_dx_box(j), _dx_field(j),
                        f"Diagnoses {dx_letter(i)} '{claim.diagnoses[i]}' and {dx_letter(j)} "
                        f"'{claim.diagnoses[j]}' exclude each other (Excludes1): keep the one that "
                        "describes the condition and remove the other.")


@rule("dx.manifestation_first", visit_level=True)
def dx_manifestation_first(claim: Claim, ctx: ScrubContext):
    """Box 21A: a manifestation code ("in diseases classified elsewhere", codeFirst note) is never
    first-listed. Source: ICD-10-CM Official Guidelines I.A.13 (etiology/manifestation
    convention); CMS MCE edit 'Manifestation code as principal diagnosis'."""
    entered = _codes(claim)
    if entered and entered[0][0] == 0 and ctx.codes.needs_code_first(entered[0][1]):
        yield error("21A", _dx_field(0),
                    f"'{claim.diagnoses[0]}' is a manifestation code and cannot be listed first: "
                    "put the underlying condition first and this code after it.")


@rule("dx.sex_conflict", visit_level=True)
def dx_sex_conflict(claim: Claim, ctx: ScrubContext):
    """Box 21 vs box 3: diagnosis that fits only the other sex (table `code_rules.SEX_RULES`).
    Source: ICD-10-CM Official Guidelines I.C.15.a.1; CMS MCE edit 'Sex conflict'; DOMAIN.md."""
    sex = claim.patient.sex
    if sex not in (Sex.MALE, Sex.FEMALE):
        return
    for i, code in _codes(claim):
        for data in SEX_RULES:
            if data.matches(code) and data.sex is not sex:
                who = "female" if data.sex is Sex.FEMALE else "male"
                yield (error if data.severity == "error" else warning)(
                    _dx_box(i), _dx_field(i),
                    f"Diagnosis {dx_letter(i)} '{claim.diagnoses[i]}' is for {who} patients "
                    f"({data.what}) but the patient is recorded as {sex.name.lower()}; check the code "
                    f"or the patient's sex. [{data.source}]")
                break


@rule("dx.age_conflict", visit_level=True)
def dx_age_conflict(claim: Claim, ctx: ScrubContext):
    """Box 21 vs box 3: diagnosis outside the age it fits (table `code_rules.AGE_RULES`: maternity
    12-55, perinatal P00-P96 up to 28 days, newborn/child/adult exams). Source: ICD-10-CM
    Official Guidelines I.C.15, I.C.16; CMS MCE edit 'Age conflict'; DOMAIN.md."""
    dob, dos = claim.patient.dob, claim.service_date
    if dob is None or dos is None or dob > dos:
        return
    years, days = age_on(dob, dos)
    for i, code in _codes(claim):
        for data in AGE_RULES:
            if data.matches(code) and data.contradicts(years, days):
                yield (error if data.severity == "error" else warning)(
                    _dx_box(i), _dx_field(i),
                    f"Diagnosis {dx_letter(i)} '{claim.diagnoses[i]}' ({data.what}) is for {data.fits}; "
                    f"the patient is {years} years ({days} days) old on the date of service. Check the "
                    f"code or the date of birth. [{data.source}]")
                break


# --- service lines (24) -----------------------------------------------------------------------


def _line(i: int, part: str) -> str:
    return f"lines[{i}].{part}"


@rule("lines.present", visit_level=True)
def lines_present(claim: Claim, ctx: ScrubContext):
    """Box 24: at least one service line. Source: cms1500.md §4."""
    if not claim.lines:
        yield error("24", "lines", "Add at least one service line (procedure, charge, units).")


@rule("line.code", visit_level=True)
def line_code(claim: Claim, ctx: ScrubContext):
    """Box 24D: procedure code is a CPT (5 characters, digits or 4 digits + F/T/U) or HCPCS Level
    II code (letter + 4 digits), no narrative. Source: cms1500.md §4 24D; DOMAIN.md "Code sets"."""
    for i, line in enumerate(claim.lines):
        if not _PROC_SHAPE.match((line.code or "").strip().upper()):
            yield error("24D", _line(i, "code"),
                        f"Line {i + 1}: '{line.code}' is not a CPT or HCPCS code (5 characters such as 99213 "
                        "or J1885); pick it from the procedure list.")


@rule("line.pointers_present", visit_level=True)
def line_pointers_present(claim: Claim, ctx: ScrubContext):
    """Box 24E: every line points at least at one diagnosis. Source: cms1500.md §4 24E; DOMAIN.md
    "Each line has at least one pointer"."""
    for i, line in enumerate(claim.lines):
        if not line.pointers:
            yield error("24E", _line(i, "pointers"), f"Line {i + 1}: choose the diagnosis (A-L) this service treats.")


@rule("line.pointers_range", visit_level=True)
def line_pointers_range(claim: Claim, ctx: ScrubContext):
    """Box 24E: every pointer names an entered diagnosis (A-L). Source: cms1500.md §9 rejection 10
    ("pointing to an empty line of 21"); DOMAIN.md."""
    count = min(len(claim.diagnoses), MAX_DIAGNOSES)
    for i, line in enumerate(claim.lines):
        bad = [p for p in line.pointers if not (isinstance(p, int) and 1 <= p <= count)]
        if bad:
            yield error("24E", _line(i, "pointers"),
                        f"Line {i + 1}: pointer {', '.join(map(str, bad))} does not match an entered diagnosis "
                        f"(A-{dx_letter(count - 1) if count else 'A'}); point at a diagnosis in box 21.")


@rule("line.pointers_max", visit_level=True)
def line_pointers_max(claim: Claim, ctx: ScrubContext):
    """Box 24E: at most 4 pointers per line. Source: cms1500.md §4 24E, §9 rejection 10."""
    for i, line in enumerate(claim.lines):
        if len(line.pointers) > MAX_POINTERS:
            yield error("24E", _line(i, "pointers"),
                        f"Line {i + 1} has {len(line.pointers)} diagnosis pointers; keep the 4 most relevant.")


@rule("line.pointers_duplicate", visit_level=True)
def line_pointers_duplicate(claim: Claim, ctx: ScrubContext):
    """Box 24E: no pointer letter twice on a line. Source: cms1500.md §4 24E."""
    for i, line in enumerate(claim.lines):
        if len(set(line.pointers)) != len(line.pointers):
            yield error("24E", _line(i, "pointers"), f"Line {i + 1} points at the same diagnosis twice; remove the repeat.")


@rule("medicare.single_pointer")
def medicare_single_pointer(claim: Claim, ctx: ScrubContext):
    """Box 24E for Medicare paper claims: one reference letter per line. Warning. Source:
    cms1500.md §4 24E ("MCR: Enter only one reference ... letter per line item", S-SPEEDY,
    S-NORIDIAN)."""
    if claim.payer.plan_type is not PlanType.MEDICARE:
        return
    for i, line in enumerate(claim.lines):
        if len(line.pointers) > 1:
            yield warning("24E", _line(i, "pointers"),
                          f"Line {i + 1}: Medicare's paper instructions ask for one diagnosis pointer per line; "
                          "keep the primary one.")


@rule("line.dates", visit_level=True)
def line_dates(claim: Claim, ctx: ScrubContext):
    """Box 24A: from date present and on the visit's date of service; "to" not before "from".
    Source: cms1500.md §4 24A (span without valid To date -> unprocessable); DOMAIN.md "to not
    before from"."""
    dos = claim.service_date
    for i, line in enumerate(claim.lines):
        if line.from_date is None:
            yield error("24A", _line(i, "from_date"), f"Line {i + 1}: enter the date of service.")
            continue
        if line.to_date is not None and line.to_date < line.from_date:
            yield error("24A", _line(i, "to_date"),
                        f"Line {i + 1}: the 'to' date is before the 'from' date; correct or swap them.")
        if dos is not None and line.from_date != dos:
            yield error("24A", _line(i, "from_date"),
                        f"Line {i + 1}: the date {line.from_date:%m/%d/%Y} is not the visit's date of service "
                        f"{dos:%m/%d/%Y}; enter services from other days as their own visit.")


@rule("visit.service_date", visit_level=True)
def visit_service_date(claim: Claim, ctx: ScrubContext):
    """Box 24A: the visit has a date of service, not in the future, nor any line date. Source: DOMAIN.md "dates of service not in
    the future"; cms1500.md §9 rejection 11."""
    dos = claim.service_date
    if dos is None:
        yield error("24A", "visit.service_date", "Enter the visit's date of service.")
    elif dos > ctx.today:
        yield error("24A", "visit.service_date",
                    "The date of service is in the future; services are billed after they are given.")
    for i, line in enumerate(claim.lines):
        for part in ("from_date", "to_date"):
            value = getattr(line, part)
            if value is not None and value > ctx.today and value != dos:
                yield error("24A", _line(i, part), f"Line {i + 1}: the date {value:%m/%d/%Y} is in the future.")


@rule("line.span_units", visit_level=True)
def line_span_units(claim: Claim, ctx: ScrubContext):
    """Box 24A/24G: a from-to span groups consecutive identical services; its days must equal the
    units. Warning. Source: cms1500.md §4 24A ("days must equal the 24G units")."""
    for i, line in enumerate(claim.lines):
        if line.from_date and line.to_date and line.to_date > line.from_date:
            days = (line.to_date - line.from_date).days + 1
            if days != line.units:
                yield warning("24G", _line(i, "units"),
                              f"Line {i + 1} spans {days} days but bills {line.units} units; a span needs one "
                              "unit per day, or enter separate lines.")


@rule("line.charge", visit_level=True)
def line_charge(claim: Claim, ctx: ScrubContext):
    """Box 24F: charge positive and within 99999.99. Source: DOMAIN.md "Charges positive";
    cms1500.md §4 24F (no negatives; max 99999.99)."""
    for i, line in enumerate(claim.lines):
        if line.charge.cents <= 0:
            yield error("24F", _line(i, "charge"), f"Line {i + 1}: enter a charge greater than $0.00 (fee schedule).")
        elif line.charge > MAX_LINE_CHARGE:
            yield error("24F", _line(i, "charge"), f"Line {i + 1}: the charge is more than 24F holds ({MAX_LINE_CHARGE}).")


@rule("line.units", visit_level=True)
def line_units(claim: Claim, ctx: ScrubContext):
    """Box 24G: units at least 1 (and at most 3 digits). Source: DOMAIN.md "units at least 1";
    cms1500.md §4 24G, §9 rejection 13."""
    for i, line in enumerate(claim.lines):
        if not isinstance(line.units, int) or line.units < 1:
            yield error("24G", _line(i, "units"), f"Line {i + 1}: units must be at least 1.")
        elif line.units > MAX_UNITS:
            yield error("24G", _line(i, "units"), f"Line {i + 1}: 24G holds at most {MAX_UNITS} units.")


@rule("line.modifiers", visit_level=True)
def line_modifiers(claim: Claim, ctx: ScrubContext):
    """Box 24D: modifiers are exactly two letters/digits, at most 4, none repeated. Source:
    cms1500.md §4 24D; DOMAIN.md "modifiers two characters"."""
    for i, line in enumerate(claim.lines):
        mods = [(m or "").strip().upper() for m in line.modifiers]
        bad = [m for m in mods if not _MODIFIER.match(m)]
        if bad:
            yield error("24D", _line(i, "modifiers"),
                        f"Line {i + 1}: modifier {', '.join(repr(m) for m in bad)} is not two letters or digits.")
        if len(mods) > MAX_MODIFIERS:
            yield error("24D", _line(i, "modifiers"), f"Line {i + 1}: at most {MAX_MODIFIERS} modifiers fit; remove {len(mods) - MAX_MODIFIERS}.")
        if len(set(mods)) != len(mods):
            yield error("24D", _line(i, "modifiers"), f"Line {i + 1}: a modifier is entered twice.")


@rule("line.ndc", visit_level=True)
def line_ndc(claim: Claim, ctx: ScrubContext):
    """Box 24A shaded: NDC (N4) is 11 digits (5-4-2), with a unit qualifier F2/GR/ME/ML/UN and a
    quantity (up to 6 digits, 3 decimals); no unit or quantity without an NDC. Source:
    cms1500.md §4 "24A-24G shaded line" (N4, units list, Medicare 8-byte layout)."""
    for i, line in enumerate(claim.lines):
        for field, message in ndc_line_problems(line.ndc, line.ndc_unit, line.ndc_quantity).items():
            yield error("24A", _line(i, field), f"Line {i + 1}: {message}")


# --- claim-level boxes ------------------------------------------------------------------------


@rule("claim.total")
def claim_total(claim: Claim, ctx: ScrubContext):
    """Box 28: total charge equals the sum of the line charges (and of the visit's lines), and
    fits the box. A secondary/tertiary claim bills only the lines left to its payer (MONEY.md, Secondary
    claims), each as on the visit. Source: cms1500.md §3 item 28; DOMAIN.md "total equals the sum of the lines"."""
    line_sum = sum(line.charge.cents for line in claim.lines)
    if claim.total.cents != line_sum:
        yield error("28", "lines", "The total charge does not equal the sum of the lines; remake the claim.")
    elif claim.is_secondary:  # billed for the lines left to this payer: each as the visit has it
        if any(line not in claim.visit.lines for line in claim.lines):
            yield error("28", "lines", "A line of this claim changed on the visit after the claim was made; "
                                       "check the claim again (unprinted) or correct it (printed).")
    elif claim.visit.lines and claim.visit.total.cents != line_sum:
        yield error("28", "lines",
                    f"The claim's lines total {claim.total} but the visit's total {claim.visit.total}: the visit "
                    "changed after the claim was made; remake the claim.")
    elif line_sum > MAX_CLAIM_TOTAL.cents:
        yield error("28", "lines", "The total charge is more than box 28 holds; split the claim.")
    if claim.amount_paid.cents < 0:
        yield error("29", "amount_paid", "The amount paid cannot be negative.")


@rule("visit.pos", visit_level=True)
def visit_pos(claim: Claim, ctx: ScrubContext):
    """Box 24B: place of service is a 2-digit CMS POS code. Source: cms1500.md §4 24B; CMS POS code
    set (pyx12 codes.xml 'pos')."""
    if (claim.visit.pos or "").strip() not in ctx.pos_codes:
        yield error("24B", "visit.pos",
                    f"'{claim.visit.pos}' is not a CMS place-of-service code; use two digits such as 11 (office) "
                    "or 02/10 (telehealth).")


@rule("visit.onset", visit_level=True)
def visit_onset(claim: Claim, ctx: ScrubContext):
    """Box 14: onset date not after the date of service nor in the future. Source: cms1500.md §3
    item 14, §9 rejection 11 ("Item 14/15 dates in the future")."""
    onset, dos = claim.visit.onset_date, claim.service_date
    if onset is None:
        return
    if onset > ctx.today:
        yield error("14", "visit.onset_date", "The onset date is in the future; correct it.")
    elif dos is not None and onset > dos:
        yield error("14", "visit.onset_date", "The onset date is after the date of service; correct it.")


INPATIENT_POS = {"21": "inpatient hospital", "31": "skilled nursing facility",
                 "51": "inpatient psychiatric facility", "61": "comprehensive inpatient rehabilitation facility"}


@rule("visit.hospitalization", visit_level=True)
def visit_hospitalization(claim: Claim, ctx: ScrubContext):
    """Box 18 (and 16): a visit at an inpatient place of service (21, 31, 51, 61) gives the
    admission date (warning: cms1500.md §3 item 18 describes the box, and §9 does not list a
    blank 18 among the rejections, so the claim is not blocked); admission not after the date of
    service, discharge neither before admission nor in the future, and for an inpatient visit
    not before the date of service; box 16 "to" not before "from" and "from" not in the future.
    Source: cms1500.md §3 items 16 and 18 ("FROM/TO admission and discharge; TO blank if not
    discharged"), §2 (dates), §9 rejection 11 (dates in the future)."""
    visit, dos = claim.visit, claim.service_date
    admitted, discharged = visit.hospitalized_from, visit.hospitalized_to
    pos = (visit.pos or "").strip()
    if pos in INPATIENT_POS and admitted is None:
        yield warning("18", "visit.hospitalized_from",
                      f"The place of service is {pos} ({INPATIENT_POS[pos]}): enter the admission date in "
                      "box 18 (leave the discharge date blank while the patient is still admitted).")
    if admitted is not None:
        if admitted > ctx.today:
            yield error("18", "visit.hospitalized_from", "The admission date is in the future; correct it.")
        elif dos is not None and admitted > dos:
            yield error("18", "visit.hospitalized_from",
                        "The admission date is after the date of service; box 18 is the stay during or "
                        "before this visit.")
    if discharged is not None:
        if admitted is None:
            yield error("18", "visit.hospitalized_from", "Enter the admission date to go with the discharge date.")
        elif discharged < admitted:
            yield error("18", "visit.hospitalized_to", "The discharge date is before the admission date; correct or swap them.")
        if discharged > ctx.today:
            yield error("18", "visit.hospitalized_to",
                        "The discharge date is in the future; leave it blank until the patient is discharged.")
        elif pos in INPATIENT_POS and dos is not None and discharged < dos:
            yield error("18", "visit.hospitalized_to",
                        "The discharge date is before this inpatient visit's date of service; correct it.")
    start, end = visit.unable_to_work_from, visit.unable_to_work_to
    if start is not None and start > ctx.today:
        yield error("16", "visit.unable_to_work_from", "The first day unable to work is in the future; correct it.")
    if end is not None and (start is None or end < start):
        yield error("16", "visit.unable_to_work_to" if start else "visit.unable_to_work_from",
                    "Box 16 'to' is before 'from'; correct or swap them." if start else
                    "Box 16 needs the first day unable to work as well as the last.")


@rule("visit.accident", visit_level=True)
def visit_accident(claim: Claim, ctx: ScrubContext):
    """Box 10b: an auto accident needs the 2-letter state (PLACE); a state without an auto
    accident is an error too. Source: cms1500.md §3 items 10a-c."""
    visit = claim.visit
    if visit.accident_auto:
        problem = check_state(visit.accident_state)
        if problem:
            yield error("10b", "visit.accident_state", f"Auto accident: enter the state where it happened. {problem}")
    elif (visit.accident_state or "").strip():
        yield warning("10b", "visit.accident_state",
                      "An accident state is entered but 'auto accident' is not checked; check it or clear the state.")


@rule("visit.box19", visit_level=True)
def visit_box19(claim: Claim, ctx: ScrubContext):
    """Box 19: additional claim information fits (71 characters). Source: cms1500.md §3 item 19
    (fillable widget allows 71; OpenEMR 48)."""
    text = claim.visit.additional_info or ""
    if len(text) > BOX19_MAX:
        yield error("19", "visit.additional_info",
                    f"Box 19 holds {BOX19_MAX} characters; this text has {len(text)}. Shorten it or send an attachment.")


@rule("visit.prior_auth", visit_level=True)
def visit_prior_auth(claim: Claim, ctx: ScrubContext):
    """Box 23: prior authorization without hyphens or spaces (warning; printed without them), at
    most 29 characters. Source: cms1500.md §3 item 23 ("No hyphens or spaces", 29 chars)."""
    text = claim.visit.prior_auth or ""
    if re.search(r"[\s\-]", text.strip()):
        yield warning("23", "visit.prior_auth",
                      "Write the prior authorization number without hyphens or spaces, exactly as the payer "
                      "issued it otherwise.")
    if len(re.sub(r"[\s\-]", "", text)) > BOX23_MAX:
        yield error("23", "visit.prior_auth", f"Box 23 holds {BOX23_MAX} characters; check the number.")


@rule("claim.frequency")
def claim_frequency(claim: Claim, ctx: ScrubContext):
    """Box 22: frequency 1 (original), 7 (replacement) or 8 (void); 7 and 8 need the payer's
    original claim number; an original claim leaves box 22 blank. Source: cms1500.md §3 item 22,
    §9 rejection 17."""
    if claim.frequency.is_resubmission and not (claim.original_ref or "").strip():
        yield error("22", "original_ref",
                    "A replacement or void needs the payer's original claim number (ICN/DCN) from the EOB.")
    elif not claim.frequency.is_resubmission and (claim.original_ref or "").strip():
        yield error("22", "original_ref",
                    "An original claim leaves box 22 blank: clear the original reference, or make this a "
                    "replacement (7).")


@rule("claim.duplicate")
def claim_duplicate(claim: Claim, ctx: ScrubContext):
    """Same patient, date, procedure and payer already billed on another claim (repeat modifiers
    76/77/91 exempt; replacements and voids exempt). Source: DOMAIN.md "Duplicate claim ... already
    billed" (payers deny duplicates)."""
    if claim.frequency.is_resubmission or not ctx.history:
        return
    for i, line in enumerate(claim.lines):
        if REPEAT_MODIFIERS & {(m or "").strip().upper() for m in line.modifiers}:
            continue
        key = (claim.patient.id, line.from_date or claim.service_date, (line.code or "").upper(), claim.payer.id)
        if key in ctx.history:
            yield error("24D", _line(i, "code"),
                        f"Line {i + 1}: {line.code} on {key[1]:%m/%d/%Y} was already billed to this payer; "
                        "remove the line, void the earlier claim, or add modifier 76/91 for a true repeat.")
