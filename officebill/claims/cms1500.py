"""CMS-1500 (02/12) box values: turns a Claim into the text printed in each box.

Pure functions, no drawing. `claim_pages(claim)` gives one dict per form
(item name from the layout table -> text exactly as printed: upper case, no
punctuation except where the rules of cms1500.md 2-5 allow it, cut to what fits).
A claim with more than 6 lines continues on further forms; a claim with more
than 12 diagnoses is first split by `split_for_diagnoses` into claims whose
lines point only at their own diagnoses.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from officebill.core.claim import Claim, is_medigap
from officebill.core.edi import claim_control_number
from officebill.core.identifiers import normalize_ndc
from officebill.core.limits import MAX_DIAGNOSES, MAX_POINTERS
from officebill.core.money import Money
from officebill.core.records import (
    POINTER_LETTERS,
    Address,
    PlanType,
    Relationship,
    ServiceLine,
    Sex,
)
from officebill.core.vocabularies import TaxIdType

from .layout import LINES_PER_FORM, load_layout

CHECK = "X"
SIGNATURE_ON_FILE = "SIGNATURE ON FILE"
CONTINUED = "CONTINUED"
ICD10_INDICATOR = "0"

_PLAN_BOX = {
    PlanType.MEDICARE: "1_medicare",
    PlanType.MEDICAID: "1_medicaid",
    PlanType.TRICARE: "1_tricare",
    PlanType.CHAMPVA: "1_champva",
    PlanType.GROUP: "1_group_health_plan",
    PlanType.FECA: "1_feca_blk_lung",
    PlanType.OTHER: "1_other",
}
_RELATIONSHIP_BOX = {
    Relationship.SELF: "6_self",
    Relationship.SPOUSE: "6_spouse",
    Relationship.CHILD: "6_child",
    Relationship.OTHER: "6_other",
}


# ---------------------------------------------------------------------------------------------
# Text rules (cms1500.md section 2)

def clean_text(text: str, keep: str = "") -> str:
    """Upper case, no punctuation: '.', '#', "'" vanish, other symbols become spaces.

    Characters in `keep` (e.g. "-" for names) survive. Runs of spaces collapse.
    """
    out = []
    for ch in (text or "").upper():
        if ch.isascii() and (ch.isalnum() or ch == " " or ch in keep):
            out.append(ch)
        elif ch in ".#'":
            continue
        else:
            out.append(" ")
    return " ".join("".join(out).split())


def clean_id(text: str) -> str:
    """Identifiers: letters and digits only, no hyphens or spaces."""
    return "".join(ch for ch in (text or "").upper() if ch.isascii() and ch.isalnum())


def digits(text: str) -> str:
    return "".join(ch for ch in (text or "") if ch.isdigit())


def person_name(last: str, first: str, middle: str = "", suffix: str = "") -> str:
    """Boxes 2, 4, 9: LAST SUFFIX, FIRST, M: commas only as separators, hyphens allowed."""
    last_part = clean_text(f"{last} {suffix}", keep="-")
    parts = [last_part, clean_text(first, keep="-")]
    initial = clean_text(middle, keep="")[:1]
    if initial:
        parts.append(initial)
    return ", ".join(p for p in parts if p)


def referring_name(name: str) -> str:
    """Box 17: FIRST M LAST CREDENTIALS, no commas or periods (cms1500.md section 7.2)."""
    return clean_text(name, keep="-")


def date_parts(day: date | None, long_year: bool) -> tuple[str, str, str]:
    if day is None:
        return ("", "", "")
    year = f"{day.year:04d}" if long_year else f"{day.year % 100:02d}"
    return (f"{day.month:02d}", f"{day.day:02d}", year)


def date_spaced(day: date | None) -> str:
    """'MM DD YY' for boxes without dotted dividers (31 date)."""
    return " ".join(date_parts(day, long_year=False)) if day else ""


def money_parts(amount: Money) -> tuple[str, str]:
    """Dollars and cents, split at the rule: no $, commas or sign."""
    return (str(amount.dollars), f"{amount.cents_part:02d}")


def city_line(address: Address) -> str:
    """'CITY ST ZIP': a space between city and state, 9-digit ZIP without hyphen."""
    return " ".join(p for p in (clean_text(address.city), clean_text(address.state), digits(address.zip)) if p)


def street_line(address: Address) -> str:
    return clean_text(" ".join(p for p in (address.line1, address.line2) if p))


def phone_parts(phone: str) -> tuple[str, str]:
    """Area code and 7-digit number, no hyphen or space (a leading 1 is dropped)."""
    number = digits(phone)
    if len(number) == 11 and number.startswith("1"):
        number = number[1:]
    if len(number) < 10:
        return ("", number)
    return (number[:3], number[3:10])


def diagnosis_code(code: str) -> str:
    """Box 21: no decimal point."""
    return clean_id(code)


def pointer_letters(pointers: tuple[int, ...], diagnosis_count: int) -> str:
    """Box 24E: letters A-L, primary first, no commas or spaces, at most 4."""
    letters: list[str] = []
    for index in pointers:
        if 1 <= index <= min(diagnosis_count, MAX_DIAGNOSES):
            letter = POINTER_LETTERS[index - 1]
            if letter not in letters:
                letters.append(letter)
    return "".join(letters[:MAX_POINTERS])


# ---------------------------------------------------------------------------------------------
# More than 12 diagnoses

def split_for_diagnoses(claim: Claim) -> list[Claim]:
    """Split a claim with more than 12 diagnoses into claims of at most 12.

    Lines keep their order and are grouped greedily: a line joins the current part while the
    part's diagnoses (those its lines point at) stay within 12. Each part lists only its own
    diagnoses, in the claim's order of importance, and its lines' pointers are re-numbered
    against that list. The amount paid (box 29) stays on the first part. A claim with 12 or
    fewer diagnoses comes back unchanged, as the only element.
    """
    diagnoses = claim.visit.diagnoses
    if len(diagnoses) <= MAX_DIAGNOSES:
        return [claim]
    groups: list[tuple[list[ServiceLine], set[int]]] = []
    for line in claim.lines:
        used = {p for p in line.pointers if 1 <= p <= len(diagnoses)}
        if len(used) > MAX_DIAGNOSES:  # cannot happen with 4 pointers; kept as a guard
            raise ValueError(f"line {line.line_no} points at more than {MAX_DIAGNOSES} diagnoses")
        if groups and len(groups[-1][1] | used) <= MAX_DIAGNOSES:
            groups[-1][0].append(line)
            groups[-1][1].update(used)
        else:
            groups.append(([line], set(used)))
    parts: list[Claim] = []
    for number, (lines, used) in enumerate(groups):
        kept = sorted(used)  # original indexes, in order of importance
        renumber = {old: new for new, old in enumerate(kept, start=1)}
        new_lines = tuple(
            replace(line, line_no=i, pointers=tuple(renumber[p] for p in line.pointers if p in renumber))
            for i, line in enumerate(lines, start=1)
        )
        visit = replace(claim.visit, diagnoses=tuple(diagnoses[i - 1] for i in kept), lines=new_lines)
        parts.append(replace(claim, visit=visit, lines=new_lines,
                             amount_paid=claim.amount_paid if number == 0 else Money(0)))
    return parts


# ---------------------------------------------------------------------------------------------
# Box values

def _fit(values: dict[str, str]) -> dict[str, str]:
    """Drop empty values and cut each to what its slot holds."""
    layout = load_layout()
    out: dict[str, str] = {}
    for item, value in values.items():
        if not value:
            continue
        slot = layout[item]
        if slot.reserved:
            raise ValueError(f"{item} is reserved on the 02/12 form")
        out[item] = value[: slot.max_chars] if slot.max_chars else value
    return out


def shows_other_plan(claim: Claim) -> bool:
    """True when the form fills boxes 9-9d: another plan is on the claim and, on a Medicare claim, it is a
    Medigap policy on the primary claim (Medicare's item 9 is for Medigap only; a Medicaid secondary is
    crossed over from the Medicare ID and leaves 9-9d and 11d blank: IOM 100-04 ch. 26 items 9 and 11d,
    cms1500.md section 3 items 9 and 11d). The scrubber's other-insurance rule asks the same question."""
    if claim.other_policy is None:
        return False
    if claim.payer.plan_type == PlanType.MEDICARE:
        return not claim.is_secondary and is_medigap(claim.other_policy, claim.other_payer)
    return True


def _other_plan(claim: Claim):
    """Boxes 9-9d: (other insured, 9a policy number, 9d plan) or None when the form leaves them blank.

    The other plan is the next payer on a primary claim and the earlier payer on a secondary or tertiary
    claim (NUCC: complete 9, 9a, 9d when 11d is YES). Medicare prints box 9 only for a Medigap policy:
    9a is MEDIGAP and its policy number, 9d the Medigap insurer's ID for the crossover (the COBA ID,
    recorded as that payer's payer ID) (cms1500.md section 3 item 9; MONEY.md, Secondary claims)."""
    if not shows_other_plan(claim):
        return None
    other = claim.other_policy
    person = other.insured or claim.patient.as_person()
    if claim.payer.plan_type == PlanType.MEDICARE:
        coba_id = clean_id(claim.other_payer.payer_id) if claim.other_payer else ""
        return person, "MEDIGAP" + clean_id(other.member_id), coba_id
    plan = other.plan_name or (claim.other_payer.name if claim.other_payer else "")
    return person, clean_id(other.group_number or other.member_id), clean_text(plan)


def _insured_policy(claim: Claim):
    """(insured, policy, payer) of boxes 4, 7, 11, 11a and 11c. Medicare as a secondary payer wants the
    insurance primary to it there (IOM 100-04 ch. 26 items 4 and 11, cms1500.md section 3 item 11: "NONE"
    only when there is no insurance primary to Medicare); every other claim its own policy's."""
    if claim.payer.plan_type == PlanType.MEDICARE and claim.is_secondary and claim.other_policy is not None:
        other = claim.other_policy
        return other.insured or claim.patient.as_person(), other, claim.other_payer or claim.payer
    return claim.insured, claim.policy, claim.payer


def _common_boxes(claim: Claim) -> dict[str, str]:
    """Every box except 24 (service lines), 28/29 (totals) and the page number."""
    v: dict[str, str] = {}
    payer, policy, patient, practice = claim.payer, claim.policy, claim.patient, claim.practice
    insured, box11_policy, box11_payer = _insured_policy(claim)
    is_medicare = payer.plan_type == PlanType.MEDICARE

    # Carrier block: name, address line(s), CITY ST ZIP, filled from the top.
    carrier = [clean_text(payer.name), clean_text(payer.address.line1), clean_text(payer.address.line2),
               city_line(payer.address)]
    carrier = [line for line in carrier if line]
    for item, text in zip(("carrier_1_name", "carrier_2_addr1", "carrier_3_addr2", "carrier_4_city_state_zip"),
                          carrier):
        v[item] = text

    v[_PLAN_BOX[payer.plan_type]] = CHECK
    if is_medicare and claim.other_payer is not None and claim.other_payer.plan_type == PlanType.MEDICAID \
            and not claim.is_secondary:
        v[_PLAN_BOX[PlanType.MEDICAID]] = CHECK  # Medicare: a Medicaid crossover marks both (cms1500.md item 1)
    v["1a"] = clean_id(policy.member_id)
    v["2"] = person_name(patient.last_name, patient.first_name, patient.middle, patient.suffix)
    v["3_dob_mm"], v["3_dob_dd"], v["3_dob_yyyy"] = date_parts(patient.dob, long_year=True)
    if patient.sex == Sex.MALE:
        v["3_sex_m"] = CHECK
    elif patient.sex == Sex.FEMALE:
        v["3_sex_f"] = CHECK
    v["4"] = person_name(insured.last_name, insured.first_name, insured.middle)
    v["5_street"] = street_line(patient.address)
    v["5_city"] = clean_text(patient.address.city)
    v["5_state"] = clean_text(patient.address.state)
    v["5_zip"] = digits(patient.address.zip)
    v["5_phone_area"], v["5_phone"] = phone_parts(patient.phone)
    v[_RELATIONSHIP_BOX[box11_policy.relationship]] = CHECK
    v["7_street"] = street_line(insured.address)
    v["7_city"] = clean_text(insured.address.city)
    v["7_state"] = clean_text(insured.address.state)
    v["7_zip"] = digits(insured.address.zip)
    v["7_phone_area"], v["7_phone"] = phone_parts(insured.phone)

    # 9, 9a, 9d and 11d: another health benefit plan (Medicare: 9 for Medigap only, 11d blank).
    other_plan = _other_plan(claim)
    if other_plan is not None:
        other_insured, v["9a"], v["9d"] = other_plan
        v["9"] = person_name(other_insured.last_name, other_insured.first_name, other_insured.middle)
    if not is_medicare:
        v["11d_yes" if claim.other_policy is not None else "11d_no"] = CHECK

    visit = claim.visit
    v["10a_yes" if visit.accident_employment else "10a_no"] = CHECK
    v["10b_yes" if visit.accident_auto else "10b_no"] = CHECK
    if visit.accident_auto:
        v["10b_state"] = clean_text(visit.accident_state)
    v["10c_yes" if visit.accident_other else "10c_no"] = CHECK
    if visit.claim_codes.strip():
        v["10d"] = clean_text(visit.claim_codes)  # NUCC condition codes, e.g. W2

    group = clean_id(box11_policy.group_number)
    if is_medicare and claim.is_secondary:  # MCR item 11: the primary insurance's policy or group number
        v["11"] = group or clean_id(box11_policy.member_id)
    else:
        v["11"] = group or ("NONE" if is_medicare else "")
    v["11a_dob_mm"], v["11a_dob_dd"], v["11a_dob_yyyy"] = date_parts(insured.dob, long_year=True)
    if insured.sex == Sex.MALE:
        v["11a_sex_m"] = CHECK
    elif insured.sex == Sex.FEMALE:
        v["11a_sex_f"] = CHECK
    v["11c"] = clean_text(box11_policy.plan_name or box11_payer.name)

    # 12/13: SIGNATURE ON FILE (no date with SOF); 13 authorises payment to the provider, so
    # only when the practice accepts assignment.
    if patient.signature_on_file:
        v["12_signature"] = SIGNATURE_ON_FILE
        if practice.accept_assignment:
            v["13_signature"] = SIGNATURE_ON_FILE

    # 14: onset date, qualifier 431 (onset of current symptoms or illness); Medicare ignores it.
    # MM DD YY like 16, 18 and 24A: Medicare wants 11b, 14, 16, 18, 19 and 24A all 6- or all
    # 8-digit (cms1500.md section 2), and 24A's year cells hold 2 characters.
    if visit.onset_date:
        v["14_mm"], v["14_dd"], v["14_yyyy"] = date_parts(visit.onset_date, long_year=False)
        if not is_medicare:
            v["14_qual"] = "431"

    # 15, 16, 18: MM DD YY, each part in its dotted cell (cms1500.md §2 allows 6 or 8 digits here).
    # 6 digits because the printed year cells of 15/16/18 are 3 characters wide (the CMS widgets
    # in cms1500_layout.csv; CCYY runs past the cell), and because Medicare wants 16 and 18 the
    # same width as 24A, whose year cells hold YY only (cms1500.md §2 "Other dates").
    # 15: other date, qualifier then the date. Medicare: leave blank (cms1500.md §3 item 15).
    if visit.other_date and not is_medicare:
        v["15_qual"] = visit.other_date_qualifier
        v["15_mm"], v["15_dd"], v["15_yyyy"] = date_parts(visit.other_date, long_year=False)

    # 16: dates unable to work; 18: hospitalization (TO blank while still admitted).
    for prefix, day in (("16_from", visit.unable_to_work_from), ("16_to", visit.unable_to_work_to),
                        ("18_from", visit.hospitalized_from), ("18_to", visit.hospitalized_to)):
        if day:
            v[f"{prefix}_mm"], v[f"{prefix}_dd"], v[f"{prefix}_yyyy"] = date_parts(day, long_year=False)

    # 17/17b: referring (DN), ordering (DK) or supervising (DQ) provider.
    if visit.referring_name:
        v["17_qual"] = visit.referring_qualifier
        v["17_name"] = referring_name(visit.referring_name)
        v["17b_npi"] = digits(visit.referring_npi)

    v["19"] = clean_text(visit.additional_info)
    v["20_no"] = CHECK  # no purchased services are billed by the office

    # 21: ICD indicator 0 (ICD-10-CM), codes without the decimal point, A-L.
    diagnoses = claim.visit.diagnoses
    if len(diagnoses) > MAX_DIAGNOSES:
        raise ValueError("more than 12 diagnoses: split the claim with split_for_diagnoses first")
    if diagnoses:
        v["21_icd_ind"] = ICD10_INDICATOR
    for index, code in enumerate(diagnoses):
        v[f"21{POINTER_LETTERS[index]}"] = diagnosis_code(code)

    # 22: only for replacement (7) or void (8) claims.
    if claim.frequency.is_resubmission:
        v["22_code"] = claim.frequency.value
        v["22_original_ref"] = clean_id(claim.original_ref)
    v["23"] = clean_id(visit.prior_auth)

    v["25_tax_id"] = digits(practice.tax_id)
    v["25_ssn" if practice.tax_id_type.upper() == TaxIdType.SSN else "25_ein"] = CHECK
    v["26"] = claim_control_number(patient.account, claim.id)  # the 837P's CLM01 and the 835's CLP01
    v["27_yes" if practice.accept_assignment else "27_no"] = CHECK

    v["31_signature"] = SIGNATURE_ON_FILE
    v["31_date"] = date_spaced(claim.printed or claim.created)

    # 32 only when a facility is given.
    facility = claim.facility
    if facility is not None:
        v["32_name"] = clean_text(facility.name)
        v["32_street"] = street_line(facility.address)
        v["32_city_state_zip"] = city_line(facility.address)
        v["32a"] = digits(facility.npi)

    v["33_phone_area"], v["33_phone"] = phone_parts(practice.phone)
    v["33_name"] = clean_text(practice.name)
    v["33_street"] = street_line(practice.address)
    v["33_city_state_zip"] = city_line(practice.address)
    v["33a"] = digits(practice.npi)
    if practice.taxonomy:
        v["33b_qual"] = "ZZ"
        v["33b_id"] = clean_id(practice.taxonomy)
    return v


def _line_boxes(claim: Claim, line: ServiceLine, n: int) -> dict[str, str]:
    """Box 24 for one service line printed in form line n (1..6)."""
    v: dict[str, str] = {}
    if line.ndc:
        quantity = re.sub(r"[^0-9.]", "", line.ndc_quantity or "")
        unit = clean_id(line.ndc_unit)
        tail = f"   {unit}{quantity}" if unit or quantity else ""
        v[f"24A_{n}_shaded"] = f"N4{normalize_ndc(line.ndc)}{tail}"
    v[f"24A_{n}_from_mm"], v[f"24A_{n}_from_dd"], v[f"24A_{n}_from_yy"] = date_parts(line.from_date, False)
    to_date = line.to_date or line.from_date
    v[f"24A_{n}_to_mm"], v[f"24A_{n}_to_dd"], v[f"24A_{n}_to_yy"] = date_parts(to_date, False)
    v[f"24B_{n}"] = digits(claim.visit.pos or (claim.facility.default_pos if claim.facility else ""))
    if line.emg:
        v[f"24C_{n}"] = "Y"
    v[f"24D_{n}_cpt"] = clean_id(line.code)
    for slot_name, modifier in zip(("mod1", "mod2", "mod3", "mod4"), line.modifiers):
        v[f"24D_{n}_{slot_name}"] = clean_id(modifier)
    v[f"24E_{n}"] = pointer_letters(line.pointers, len(claim.visit.diagnoses))
    v[f"24F_{n}_dollars"], v[f"24F_{n}_cents"] = money_parts(line.charge)
    v[f"24G_{n}"] = str(line.units)
    # 24J: rendering NPI only when it differs from the billing NPI in 33a (NUCC).
    provider_npi = digits(claim.provider.npi)
    if provider_npi and provider_npi != digits(claim.practice.npi):
        v[f"24J_{n}_npi"] = provider_npi
        if claim.provider.taxonomy and claim.payer.plan_type != PlanType.MEDICARE:
            v[f"24I_{n}_shaded_qual"] = "ZZ"
            v[f"24J_{n}_shaded_other_id"] = clean_id(claim.provider.taxonomy)
    return v


def claim_pages(claim: Claim) -> list[dict[str, str]]:
    """The box values of each form of one claim (12 diagnoses at most; see split_for_diagnoses).

    Six service lines per form; every other box is repeated on each form. Box 28 follows the
    payer's totals rule (cms1500.md section 5): `totals_on_every_page` True gives each form its
    own total; False prints CONTINUED on all forms but the last and the claim total on the last.
    Box 29 (amount paid) is on the first form only with per-form totals (each form stands
    alone, as OpenEMR does) and repeated on every form with the last-form total (HMSA: only 24
    and 28 differ between forms). Forms of a multi-form claim carry PAGE n OF m.
    """
    common = _common_boxes(claim)
    chunks = [claim.lines[i:i + LINES_PER_FORM] for i in range(0, len(claim.lines), LINES_PER_FORM)] or [()]
    count = len(chunks)
    per_page = claim.payer.totals_on_every_page
    pages: list[dict[str, str]] = []
    for number, chunk in enumerate(chunks, start=1):
        values = dict(common)
        for n, line in enumerate(chunk, start=1):
            values.update(_line_boxes(claim, line, n))
        last = number == count
        if per_page or last:
            total = Money.total(line.charge for line in chunk) if per_page else claim.total
            values["28_dollars"], values["28_cents"] = money_parts(total)
        else:
            values["28_continued"] = CONTINUED
        if claim.amount_paid and (number == 1 or not per_page):
            values["29_dollars"], values["29_cents"] = money_parts(claim.amount_paid)
        if count > 1:
            values["page_of"] = f"PAGE {number} OF {count}"
        pages.append(_fit(values))
    return pages


def box_values(claim: Claim) -> dict[str, str]:
    """The box values of a claim that fits on one form (the first form otherwise)."""
    return claim_pages(claim)[0]


def forms_for(claims) -> list[dict[str, str]]:
    """Every form of a batch, in order: >12-diagnosis claims split, >6-line claims continued."""
    forms: list[dict[str, str]] = []
    for claim in claims:
        for part in split_for_diagnoses(claim):
            forms.extend(claim_pages(part))
    return forms
