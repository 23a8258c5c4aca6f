"""Scrubber rules for the diagnoses (box 21): shape, duplicates, Excludes1, order, combinations, sex and age.

Diagnosis-code facts come from `ctx.codes` (see `rules_base.CodeLookup`); sex/age data from
`code_rules`. Sources are cited per rule: the ICD-10-CM Official Guidelines for Coding and
Reporting (section numbers), CMS Medicare Code Editor (MCE) edit names, cms1500.md, DOMAIN.md.
"""
from __future__ import annotations

from itertools import combinations

from officebill.core.claim import Claim
from officebill.core.icd_format import diagnosis_format_problem
from officebill.core.limits import (
    MAX_DIAGNOSES,
)
from officebill.core.records import Sex

from .code_rules import age_rules_for, in_range, sex_rule_for
from .combination_codes import combination_findings
from .rules_base import (
    DX_SHAPE,
    ScrubContext,
    age_on,
    dotless,
    dx_box,
    dx_field,
    dx_letter,
    entered_diagnoses,
    error,
    rule,
    warning,
)

CODE_FIRST_ONLY = "code first"  # `CodeLookup.needs_code_first`: a note alone, not a manifestation title

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
    narrative), checked as typed: an ICD-9-CM code (250.00, V70.0) or a dot in the wrong place
    (E1.165) is refused, not reformatted. Source: cms1500.md §3 item 21 ("≤ 7 characters without
    the period"; no narrative), §9 rejection 9; HIPAA code sets 45 CFR 162.1002 (ICD-10-CM since
    2015-10-01); ICD-10-CM Tabular List (the dot follows the third character)."""
    for i, code in enumerate(claim.diagnoses):
        problem = diagnosis_format_problem(code)
        if problem:
            yield error(dx_box(i), dx_field(i), f"Diagnosis {dx_letter(i)}: {problem}")
        elif not DX_SHAPE.match(dotless(code)):
            yield error(dx_box(i), dx_field(i),
                        f"Diagnosis {dx_letter(i)} '{code}' is not an ICD-10-CM code (3 to 7 characters "
                        "starting with a letter, e.g. J02.0); pick it from the code list.")


@rule("dx.duplicate", visit_level=True)
def dx_duplicate(claim: Claim, ctx: ScrubContext):
    """Box 21: a code entered twice. Source: CMS MCE edit 'Duplicate of PDX'; cms1500.md §4 24E
    (pointers must be unambiguous)."""
    seen: dict[str, int] = {}
    for i, code in entered_diagnoses(claim):
        if code in seen:
            yield warning(dx_box(i), dx_field(i),
                          f"Diagnosis {dx_letter(i)} repeats diagnosis {dx_letter(seen[code])}; remove it "
                          "and point the lines at the first one.")
        else:
            seen[code] = i


def excludes_match(code: str, entry: str) -> bool:
    """Does dotless `code` fall under an Excludes1 entry ('E10', 'E10.-', 'P04-P96')?"""
    entry = dotless(entry).rstrip("-")
    if "-" in entry:
        first, last = entry.split("-", 1)
        return bool(first) and in_range(code, first, last)
    return bool(entry) and code.startswith(entry)


@rule("dx.excludes1", visit_level=True, overridable=True)
def dx_excludes1(claim: Claim, ctx: ScrubContext):
    """Box 21: no two codes that an Excludes1 note says are never coded together (notes inherit
    from ancestors, section and chapter; notes the code set's reader cannot read exactly give no
    finding). Overridable: the guideline's exception is two conditions that are unrelated to each
    other. Source: ICD-10-CM Official Guidelines I.A.12.a (Excludes1 and its exception); DOMAIN.md
    "Excludes1 pairs on the same claim"."""
    entered = entered_diagnoses(claim)
    excluded = {i: tuple(ctx.codes.excludes1(code)) for i, code in entered}
    for (i, a), (j, b) in combinations(entered, 2):
        if a == b:
            continue
        if any(excludes_match(b, x) for x in excluded[i]) or any(excludes_match(a, x) for x in excluded[j]):
            yield error(dx_box(j), dx_field(j),
                        f"Diagnoses {dx_letter(i)} '{claim.diagnoses[i]}' and {dx_letter(j)} "
                        f"'{claim.diagnoses[j]}' exclude each other (Excludes1): keep the one that "
                        "describes the condition and remove the other. If the two conditions are unrelated "
                        "to each other, the biller may override this finding with a written reason "
                        "(guideline I.A.12.a exception).")


@rule("dx.manifestation_first", visit_level=True)
def dx_manifestation_first(claim: Claim, ctx: ScrubContext):
    """Box 21A: a manifestation code (title "in diseases classified elsewhere", or a "Code first
    underlying ..." note without "if known"/"if applicable" on a code whose title names the link)
    is never first-listed: an error. A code carrying such a note whose title names no underlying
    condition (M40 kyphosis; F07.81, listed first as the nature of a sequela under I.B.10) is a
    warning. Source: ICD-10-CM Official Guidelines I.A.13 (etiology/manifestation convention),
    I.B.10; CMS MCE edit 'Manifestation code as principal diagnosis'."""
    entered = entered_diagnoses(claim)
    if not entered or entered[0][0] != 0:
        return
    kind = ctx.codes.needs_code_first(entered[0][1])
    if kind == CODE_FIRST_ONLY and any(is_sequela(code) for _, code in entered[1:]):
        return  # the nature of a sequela goes first, the sequela code after it (I.B.10)
    if kind == CODE_FIRST_ONLY:
        yield warning("21A", dx_field(0),
                      f"'{claim.diagnoses[0]}' carries a 'Code first underlying condition' note: when the "
                      "patient has an underlying disease causing it, list that disease first and this code after it.")
    elif kind:
        yield error("21A", dx_field(0),
                    f"'{claim.diagnoses[0]}' is a manifestation code and cannot be listed first: "
                    "put the underlying condition first and this code after it.")


SEQUELA_CATEGORIES = ("B90", "B91", "B92", "B94", "E64", "E68", "G09", "I69", "O94")


def is_sequela(code: str) -> bool:
    """A sequela code: 7th character S in chapter 19 (S00-T88), or a "Sequelae of ..." category."""
    return (code[:1] in ("S", "T") and len(code) == 7 and code[6] == "S") or code[:3] in SEQUELA_CATEGORIES


@rule("dx.code_first_order", visit_level=True)
def dx_code_first_order(claim: Claim, ctx: ScrubContext):
    """Box 21: a code whose "Code first" note names another diagnosis on the claim is listed after
    it (Z3A weeks of gestation after the obstetric code, N18 after E11.22 or I12.-). A warning; a
    first-listed manifestation is `dx.manifestation_first`'s. Source: ICD-10-CM Official
    Guidelines I.A.13 ("code first" sets the sequence), I.C.21.c.11 (Z3A), I.C.9.a.2."""
    code_first = getattr(ctx.codes, "code_first", None)  # a lookup written before it was asked answers nothing
    if code_first is None:
        return
    entered = entered_diagnoses(claim)
    for n, (i, code) in enumerate(entered):
        named = tuple(code_first(code))
        if not named or (n == 0 and i == 0 and ctx.codes.needs_code_first(code)):
            continue
        later = next(((j, other) for j, other in entered[n + 1:]
                      if other != code and any(excludes_match(other, x) for x in named)), None)
        if later:
            j, other = later
            yield warning(dx_box(i), dx_field(i),
                          f"Diagnosis {dx_letter(i)} '{claim.diagnoses[i]}' has a 'Code first' note naming "
                          f"{dx_letter(j)} '{claim.diagnoses[j]}': list {dx_letter(j)} before it.")


def is_external_cause(code: str) -> bool:
    """Chapter 20, External causes of morbidity (V00-Y99)."""
    return code[:1] in ("V", "W", "X", "Y")


@rule("dx.external_cause_first", visit_level=True)
def dx_external_cause_first(claim: Claim, ctx: ScrubContext):
    """Box 21A: an external-cause code (V00-Y99) is never the first-listed diagnosis. Source:
    ICD-10-CM Official Guidelines I.C.20 ("External cause codes ... should never be sequenced as
    the first-listed or principal diagnosis"); CMS MCE edit 'External causes of morbidity codes as
    principal diagnosis'."""
    entered = entered_diagnoses(claim)
    if entered and entered[0][0] == 0 and is_external_cause(entered[0][1]):
        yield error("21A", dx_field(0),
                    f"'{claim.diagnoses[0]}' is an external-cause code (V00-Y99) and cannot be listed first: "
                    "put the injury or condition it explains first and this code after it.")


@rule("dx.external_cause_pointer", visit_level=True)
def dx_external_cause_pointer(claim: Claim, ctx: ScrubContext):
    """Box 24E: a line may not point only at external-cause codes (V00-Y99): they say how an
    injury happened, not why the service was done. Source: ICD-10-CM Official Guidelines I.C.20
    (external cause codes are secondary codes only); cms1500.md §4 24E (pointer to the diagnosis
    the service treats)."""
    for n, line in enumerate(claim.lines):
        codes = [dotless(claim.diagnoses[p - 1]) for p in line.pointers if 1 <= p <= len(claim.diagnoses)]
        if codes and all(is_external_cause(code) for code in codes):
            yield error("24E", f"lines[{n}].pointers",
                        f"Line {n + 1} points only at external-cause codes ({', '.join(codes)}); point it at "
                        "the injury or condition treated as well.")


def is_manifestation(ctx: ScrubContext, code: str) -> bool:
    """A manifestation code proper (not a code carrying a 'Code first' note alone)."""
    kind = ctx.codes.needs_code_first(code)
    return bool(kind) and kind != CODE_FIRST_ONLY


@rule("dx.secondary_pointer", visit_level=True)
def dx_secondary_pointer(claim: Claim, ctx: ScrubContext):
    """Box 24E: a line may not point only at codes that are secondary by rule: a BMI code (Z68,
    an error) or a manifestation code (a warning: the underlying condition is the line's primary
    diagnosis). External causes are `dx.external_cause_pointer`'s. Source: ICD-10-CM Official
    Guidelines I.C.21.c.3 (BMI only with an associated reportable diagnosis), I.A.13; NUCC 1500
    manual item 24E (the first pointer is the line's primary diagnosis)."""
    for n, line in enumerate(claim.lines):
        codes = [dotless(claim.diagnoses[p - 1]) for p in line.pointers if 1 <= p <= len(claim.diagnoses)]
        codes = [code for code in codes if DX_SHAPE.match(code)]
        if not codes or all(is_external_cause(code) for code in codes):
            continue
        if all(code.startswith("Z68") or is_external_cause(code) for code in codes):
            yield error("24E", f"lines[{n}].pointers",
                        f"Line {n + 1} points only at a BMI code ({', '.join(codes)}); point it first at the condition "
                        "treated (obesity, underweight ...), with the BMI after it.")
        elif all(is_manifestation(ctx, code) or code.startswith("Z68") for code in codes):
            yield warning("24E", f"lines[{n}].pointers",
                          f"Line {n + 1} points only at a manifestation code ({', '.join(codes)}); point it first at "
                          "the underlying condition.")


@rule("dx.bmi_first", visit_level=True)
def dx_bmi_first(claim: Claim, ctx: ScrubContext):
    """Box 21A: a body mass index code (Z68.-) is never first-listed; it goes with the reportable
    condition it documents (obesity, underweight). Source: ICD-10-CM Official Guidelines I.C.21.c.3
    (BMI codes are secondary codes only) and I.B.14."""
    entered = entered_diagnoses(claim)
    if entered and entered[0][0] == 0 and entered[0][1].startswith("Z68"):
        yield error("21A", dx_field(0),
                    f"'{claim.diagnoses[0]}' is a BMI code (Z68) and cannot be listed first: put the condition "
                    "it documents (obesity, overweight, underweight ...) first and the BMI after it.")


@rule("dx.combination", visit_level=True)
def dx_combination(claim: Claim, ctx: ScrubContext):
    """Box 21: two codes the classification combines into one (hypertension with chronic kidney
    disease I12.-, with heart failure I11.0, both I13.-; diabetes "with" a condition the index links
    to it). A warning naming the combination code. Source: ICD-10-CM Official Guidelines
    I.C.9.a.1-3, I.A.15 ("with" convention), I.B.9 (combination codes); `combination_codes`."""
    entered = entered_diagnoses(claim)
    for index, message in combination_findings([code for _, code in entered], ctx.codes.exists):
        i = entered[index][0]
        yield warning(dx_box(i), dx_field(i), f"Diagnosis {dx_letter(i)} '{claim.diagnoses[i]}': {message}")


@rule("dx.sex_conflict", visit_level=True)
def dx_sex_conflict(claim: Claim, ctx: ScrubContext):
    """Box 21 vs box 3: diagnosis that fits only the other sex (table `code_rules.SEX_RULES`).
    Source: ICD-10-CM Official Guidelines I.C.15.a.1; CMS MCE edit 'Sex conflict' (deactivated from
    FY2025, so only pregnancy codes are errors); DOMAIN.md."""
    sex = claim.patient.sex
    if sex not in (Sex.MALE, Sex.FEMALE):
        return
    for i, code in entered_diagnoses(claim):
        data = sex_rule_for(code)
        if data is not None and data.sex is not sex:
            who = "female" if data.sex is Sex.FEMALE else "male"
            yield (error if data.severity == "error" else warning)(
                dx_box(i), dx_field(i),
                f"Diagnosis {dx_letter(i)} '{claim.diagnoses[i]}' is for {who} patients "
                f"({data.what}) but the patient is recorded as {sex.name.lower()}; check the code "
                f"or the patient's sex. [{data.source}]")


@rule("dx.age_conflict", visit_level=True)
def dx_age_conflict(claim: Claim, ctx: ScrubContext):
    """Box 21 vs box 3: diagnosis outside the age it fits (table `code_rules.AGE_RULES`: the MCE
    age categories maternity 9-64, newborn 0, pediatric 0-17, adult 15-124 on the codes they
    name; BMI adult 20+ and pediatric 2-19). Perinatal P codes have no age edit: they stay in use
    while the perinatal condition persists (I.C.16.a.4). Source: ICD-10-CM Official Guidelines
    I.C.15, I.C.16, I.C.21.c.3; CMS MCE edit 'Age conflict'; DOMAIN.md."""
    dob, dos = claim.patient.dob, claim.service_date
    if dob is None or dos is None or dob > dos:
        return
    years, days = age_on(dob, dos)
    for i, code in entered_diagnoses(claim):
        for data in age_rules_for(code):
            if data.contradicts(years, days):
                yield (error if data.severity == "error" else warning)(
                    dx_box(i), dx_field(i),
                    f"Diagnosis {dx_letter(i)} '{claim.diagnoses[i]}' ({data.what}) is for {data.fits}; "
                    f"the patient is {years} years ({days} days) old on the date of service. Check the "
                    f"code or the date of birth. [{data.source}]")
                break


# --- service lines (24) -----------------------------------------------------------------------
