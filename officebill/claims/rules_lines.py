"""Scrubber rules for the service lines (box 24) and the claim total (box 28).

Sources are cited per rule: cms1500.md sections, DOMAIN.md "Edits a scrubber should make".
"""
from __future__ import annotations

import re

from officebill.core.claim import Claim
from officebill.core.identifiers import ndc_line_problems
from officebill.core.limits import (
    MAX_CLAIM_TOTAL,
    MAX_DIAGNOSES,
    MAX_LINE_CHARGE,
    MAX_MODIFIERS,
    MAX_POINTERS,
    MAX_UNITS,
)
from officebill.core.records import PlanType

from .rules_base import ScrubContext, dx_letter, error, rule, warning

_PROC_SHAPE = re.compile(r"^([0-9]{4}[0-9A-Z]|[A-V][0-9]{4})$")  # CPT (incl. F/T/U) or HCPCS II
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")


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
    """Box 24E for Medicare paper claims: one reference letter per line. Warning; not for a claim sent as an
    837P (SV107 takes up to four pointers). Source: cms1500.md §4 24E ("MCR: Enter only one reference ...
    letter per line item", S-SPEEDY, S-NORIDIAN); X12 837P 005010X222A1 SV107."""
    if claim.payer.plan_type is not PlanType.MEDICARE or ctx.electronic:
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


@rule("line.modifier_exists", visit_level=True)
def line_modifier_exists(claim: Claim, ctx: ScrubContext):
    """Box 24D: every modifier is a CPT (Level I) modifier or an HCPCS Level II modifier of the imported
    HCPCS file. A letter modifier is not judged while no HCPCS file is imported (the program cannot tell).
    Source: CPT Appendix A; CMS HCPCS Level II file (modifier records); cms1500.md §4 24D."""
    procedures = ctx.procedures
    if procedures is None:
        return
    for i, line in enumerate(claim.lines):
        for modifier in line.modifiers:
            modifier = (modifier or "").strip().upper()
            if _MODIFIER.match(modifier) and procedures.modifier_exists(modifier) is False:
                yield error("24D", _line(i, "modifiers"),
                            f"Line {i + 1}: {modifier} is not a CPT or HCPCS modifier; correct it or remove it.")


@rule("line.modifier_25", visit_level=True)
def line_modifier_25(claim: Claim, ctx: ScrubContext):
    """Box 24D: modifier 25 (significant, separately identifiable E/M service) belongs only on an E/M code.
    Source: CPT Appendix A (modifier 25); NCCI Policy Manual ch. XI (modifier 25 on E/M services)."""
    procedures = ctx.procedures
    if procedures is None:
        return
    for i, line in enumerate(claim.lines):
        mods = {(m or "").strip().upper() for m in line.modifiers}
        if "25" in mods and line.code and procedures.em_family(line.code.strip().upper()) is None:
            yield error("24D", _line(i, "modifiers"),
                        f"Line {i + 1}: modifier 25 goes only on an E/M visit code (the visit billed with a "
                        f"procedure), not on {line.code}; remove it from this line.")


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
