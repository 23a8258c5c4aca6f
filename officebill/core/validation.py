"""Validation of records before they are saved: every problem, each naming its field.

The facade calls these first and writes nothing when any problem is found.
The window shows the same problems beside the fields they name.
"""
from __future__ import annotations

import re
from datetime import date

from . import identifiers as ids
from .icd_format import diagnosis_format_problem
from .limits import (
    MAX_DIAGNOSES,
    MAX_FEE,
    MAX_LABEL,
    MAX_LINE_CHARGE,
    MAX_MODIFIERS,
    MAX_POINTERS,
    MAX_UNITS,
    POINTER_LETTERS,
)
from .money import Money
from .problems import Collector, Problem
from .records import (
    CLAIM_CODES_MAX,
    OTHER_DATE_QUALIFIERS,
    REFERRING_QUALIFIERS,
    Address,
    Facility,
    Patient,
    Payer,
    Person,
    Policy,
    Practice,
    Procedure,
    ProcedureSystem,
    Provider,
    Relationship,
    Sex,
    Visit,
)
from .timely_filing import days_problem

# MAX_DIAGNOSES, MAX_MODIFIERS and MAX_POINTERS live in core.limits; they stay importable from here.
_NAME = re.compile(r"^[A-Za-z][A-Za-z '\-.]*$")
_PROCEDURE_CODE = {ProcedureSystem.CPT: re.compile(r"^[0-9]{4}[0-9FTU]$"),
                   ProcedureSystem.HCPCS: re.compile(r"^[A-V][0-9]{4}$")}
_MEMBER_ID = re.compile(r"^[A-Za-z0-9]{2,30}$")


def _required(c: Collector, field: str, value: str, what: str) -> bool:
    if not (value or "").strip():
        c.add(field, f"Enter the {what}.")
        return False
    return True


def _name(c: Collector, field: str, value: str, what: str, required: bool = True) -> None:
    if not (value or "").strip():
        if required:
            c.add(field, f"Enter the {what}.")
        return
    if not _NAME.match(value.strip()):
        c.add(field, f"The {what} may hold only letters, spaces, hyphens and apostrophes.")


def address_problems(address: Address, prefix: str, *, required: bool = True, zip9: bool = False) -> list[Problem]:
    c = Collector(prefix)
    if address.is_blank() and not required:
        return []
    _required(c, "line1", address.line1, "street address")
    _required(c, "city", address.city, "city")
    if _required(c, "state", address.state, "state"):
        c.add("state", ids.check_state(address.state))
    if _required(c, "zip", address.zip, "ZIP code"):
        c.add("zip", (ids.check_zip9 if zip9 else ids.check_zip)(address.zip))
    return c.problems


def _phone(c: Collector, field: str, value: str, required: bool = False) -> None:
    if value.strip():
        c.add(field, ids.check_phone(value))
    elif required:
        c.add(field, "Enter the phone number with area code.")


def practice_problems(p: Practice) -> list[Problem]:
    c = Collector()
    _required(c, "name", p.name, "practice name")
    c.extend(address_problems(p.address, "address."))
    _phone(c, "phone", p.phone, required=True)
    if _required(c, "npi", p.npi, "practice (group) NPI"):
        c.add("npi", ids.check_npi(p.npi))
    if _required(c, "tax_id", p.tax_id, "tax ID (EIN or SSN)"):
        c.add("tax_id", ids.check_tax_id(p.tax_id_type, p.tax_id))
    if p.taxonomy.strip():
        c.add("taxonomy", ids.check_taxonomy(p.taxonomy))
    return c.problems


def provider_problems(p: Provider) -> list[Problem]:
    c = Collector()
    _name(c, "last_name", p.last_name, "provider's last name")
    _name(c, "first_name", p.first_name, "provider's first name")
    if _required(c, "npi", p.npi, "provider's individual NPI"):
        c.add("npi", ids.check_npi(p.npi))
    if p.taxonomy.strip():
        c.add("taxonomy", ids.check_taxonomy(p.taxonomy))
    return c.problems


def pos_problem(pos: str) -> str | None:
    if not re.fullmatch(r"[0-9]{2}", (pos or "").strip()):
        return "The place of service is a two-digit code, such as 11 (office)."
    return None


def facility_problems(f: Facility) -> list[Problem]:
    c = Collector()
    _required(c, "name", f.name, "facility name")
    c.extend(address_problems(f.address, "address."))
    if f.npi.strip():
        c.add("npi", ids.check_npi(f.npi))
    c.add("default_pos", pos_problem(f.default_pos))
    return c.problems


def payer_problems(p: Payer) -> list[Problem]:
    from .records import FILING_INDICATORS, PlanType

    c = Collector()
    _required(c, "name", p.name, "payer name")
    c.extend(address_problems(p.address, "address."))
    if p.payer_id and not re.fullmatch(r"[A-Za-z0-9]{2,10}", p.payer_id):
        c.add("payer_id", "The payer ID is 2 to 10 letters or digits, as the clearinghouse lists it.")
    try:
        PlanType(p.plan_type)
    except ValueError:
        c.add("plan_type", "Choose the type of coverage for box 1 (Medicare, Medicaid, group health plan, ...).")
    if p.filing_indicator not in FILING_INDICATORS:
        c.add("filing_indicator", "Choose a claim filing indicator from the list (for example CI commercial).")
    c.add("timely_filing_days", days_problem(p.timely_filing_days))
    return c.problems


def patient_problems(p: Patient, today: date | None = None) -> list[Problem]:
    c = Collector()
    if p.account and not re.fullmatch(r"[A-Za-z0-9]{1,14}", p.account):
        c.add("account", "The account number is up to 14 letters or digits, no hyphens.")
    _name(c, "last_name", p.last_name, "patient's last name")
    _name(c, "first_name", p.first_name, "patient's first name")
    _name(c, "middle", p.middle, "middle name", required=False)
    c.add("dob", ids.check_birth_date(p.dob, today))
    if p.sex not in (Sex.MALE, Sex.FEMALE, Sex.UNKNOWN):
        c.add("sex", "Choose M, F or U (unknown) for sex.")
    c.extend(address_problems(p.address, "address."))
    _phone(c, "phone", p.phone)
    if p.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", p.email):
        c.add("email", "The e-mail address looks wrong; it should look like name@example.com.")
    return c.problems


def _insured_problems(person: Person, today: date | None) -> list[Problem]:
    c = Collector("insured.")
    _name(c, "last_name", person.last_name, "insured's last name")
    _name(c, "first_name", person.first_name, "insured's first name")
    c.add("dob", ids.check_birth_date(person.dob, today))
    c.extend(address_problems(person.address, "insured.address.", required=False))
    return c.problems


def policy_problems(p: Policy, today: date | None = None) -> list[Problem]:
    c = Collector()
    if p.payer_id is None:
        c.add("payer_id", "Choose the insurance company (payer).")
    if p.priority not in (1, 2, 3):
        c.add("priority", "The policy order is 1 (primary), 2 (secondary) or 3 (tertiary).")
    if _required(c, "member_id", p.member_id, "member ID from the insurance card"):
        if not _MEMBER_ID.match(p.member_id.strip()):
            c.add("member_id", "The member ID is letters and digits only, as on the card, without spaces or hyphens.")
    if p.group_number and not re.fullmatch(r"[A-Za-z0-9]{1,30}", p.group_number):
        c.add("group_number", "The group number is letters and digits only, without spaces or hyphens.")
    if p.relationship is Relationship.SELF:
        if p.insured is not None:
            c.add("relationship", "The patient is the insured, so no other insured person may be given.")
    elif p.insured is None:
        c.add("insured", "Enter the insured person (subscriber) when the patient is not the insured.")
    else:
        c.extend(_insured_problems(p.insured, today))
    c.add("end", ids.check_range(p.effective, p.end, "policy end date"))
    if p.copay.cents < 0:
        c.add("copay", "The copay cannot be negative.")
    return c.problems


def procedure_problems(p: Procedure) -> list[Problem]:
    c = Collector()
    pattern = _PROCEDURE_CODE.get(p.system)
    if pattern is None:
        c.add("system", "The code system is CPT or HCPCS.")
    elif not pattern.match(p.code):
        example = "99213" if p.system == ProcedureSystem.CPT else "J1885"
        c.add("code", f"A {p.system} code has 5 characters, such as {example}.")
    _required(c, "label", p.label, "label staff will recognise")
    if len(p.label) > MAX_LABEL:
        c.add("label", f"The label is {len(p.label):,} characters; keep it to {MAX_LABEL}.")
    elif len(p.label.splitlines()) > 1:
        c.add("label", "The label is one line; remove the line break (in a CSV: a double quote left open?).")
    if len(p.synonyms) > MAX_LABEL:
        c.add("synonyms", f"The words are {len(p.synonyms):,} characters; keep them to {MAX_LABEL}.")
    elif len(p.synonyms.splitlines()) > 1:
        c.add("synonyms", "The words are one line, separated by commas; remove the line break.")
    if p.charge.cents <= 0:
        c.add("charge", "Enter the office's charge for this procedure (more than $0.00).")
    elif p.charge > MAX_FEE:
        c.add("charge", f"The charge is per unit and at most {MAX_FEE}, the most box 24F of a claim can print.")
    if p.units < 1:
        c.add("units", "Default units are at least 1.")
    elif p.units > MAX_UNITS:
        c.add("units", f"Default units are at most {MAX_UNITS} (box 24G holds three digits).")
    elif MAX_FEE >= p.charge > Money(0) and p.line_charge() > MAX_LINE_CHARGE:
        c.add("units", f"{p.units} units at {p.charge} come to {p.line_charge()}, more than box 24F can print "
                       f"({MAX_LINE_CHARGE}); lower the default units.")
    return c.problems


def visit_problems(v: Visit, today: date | None = None) -> list[Problem]:
    """Problems that block saving a visit; payer rules are the scrubber's job."""
    c = Collector()
    today = today or date.today()
    if v.patient_id is None:
        c.add("patient_id", "Choose the patient.")
    if v.service_date is None:
        c.add("service_date", "Enter the date of service.")
    else:
        c.add("service_date", ids.check_not_future(v.service_date, "date of service", today))
    if v.provider_id is None:
        c.add("provider_id", "Choose the rendering provider.")
    c.add("pos", pos_problem(v.pos))
    if v.referring_qualifier not in REFERRING_QUALIFIERS:
        c.add("referring_qualifier", "Choose the provider's role for box 17: referring, ordering or supervising.")
    if v.referring_npi:
        c.add("referring_npi", ids.check_npi(v.referring_npi))
        if not v.referring_name.strip():
            c.add("referring_name", "Enter the referring provider's name to go with the NPI.")
    c.add("onset_date", ids.check_not_future(v.onset_date, "onset date", today))
    if v.accident_auto:
        c.add("accident_state", ids.check_state(v.accident_state) and "For an auto accident, enter the state it happened in.")
    c.extend(_claim_date_problems(v, today))
    if not v.diagnoses:
        c.add("diagnoses", "Enter at least one diagnosis.")
    if len(v.diagnoses) > MAX_DIAGNOSES:
        c.add("diagnoses", f"A visit holds at most {MAX_DIAGNOSES} diagnoses; remove the least important.")
    seen = set()
    for i, code in enumerate(v.diagnoses):
        key = code.replace(".", "").upper()
        if key in seen:
            c.add(f"diagnoses[{i}]", f"{code} is listed twice; remove the repeat.")
        seen.add(key)
        c.add(f"diagnoses[{i}]", diagnosis_format_problem(code))
    if not v.lines:
        c.add("lines", "Enter at least one service line.")
    for i, line in enumerate(v.lines):
        c.extend(_line_problems(line, i, len(v.diagnoses), v.service_date, today))
    if v.copay_collected.cents < 0:
        c.add("copay_collected", "The copay collected cannot be negative.")
    return c.problems


_CLAIM_CODES = re.compile(rf"[A-Za-z0-9 ]{{0,{CLAIM_CODES_MAX}}}")


def _claim_date_problems(v: Visit, today: date) -> list[Problem]:
    """Boxes 10d, 15, 16 and 18 (cms1500.md §3): format, dates not in the future, ranges in order."""
    c = Collector()
    if not _CLAIM_CODES.fullmatch(v.claim_codes or ""):
        c.add("claim_codes", f"Box 10d holds up to {CLAIM_CODES_MAX} letters, digits and spaces "
                             "(NUCC condition codes such as W2).")
    if v.other_date is not None:
        c.add("other_date", ids.check_not_future(v.other_date, "other date (box 15)", today))
        if not v.other_date_qualifier:
            c.add("other_date_qualifier", "Choose what the box 15 date is (initial treatment, accident, ...).")
    elif v.other_date_qualifier:
        c.add("other_date", "Enter the box 15 date, or clear its qualifier.")
    if v.other_date_qualifier and v.other_date_qualifier not in OTHER_DATE_QUALIFIERS:
        c.add("other_date_qualifier", "The box 15 qualifier is one of " + ", ".join(OTHER_DATE_QUALIFIERS) + ".")
    # Box 16: the first day off work has happened; the last may be an expected return date.
    c.add("unable_to_work_from", ids.check_not_future(v.unable_to_work_from, "first day unable to work", today))
    c.add("unable_to_work_to", ids.check_range(v.unable_to_work_from, v.unable_to_work_to,
                                               "last day unable to work"))
    if v.unable_to_work_to is not None and v.unable_to_work_from is None:
        c.add("unable_to_work_from", "Enter the first day the patient was unable to work (box 16).")
    # Box 18: admission and discharge have both happened; no discharge yet means a blank TO.
    c.add("hospitalized_from", ids.check_not_future(v.hospitalized_from, "admission date", today))
    c.add("hospitalized_to", ids.check_not_future(v.hospitalized_to, "discharge date", today)
          or ids.check_range(v.hospitalized_from, v.hospitalized_to, "discharge date"))
    if v.hospitalized_to is not None and v.hospitalized_from is None:
        c.add("hospitalized_from", "Enter the admission date to go with the discharge date (box 18).")
    return c.problems


def _line_problems(line, index: int, diagnosis_count: int, service_date, today) -> list[Problem]:
    c = Collector(f"lines[{index}].")
    if not re.fullmatch(r"[A-Z0-9]{5}", line.code or ""):
        c.add("code", "Enter a 5-character procedure code (CPT or HCPCS).")
    if len(line.modifiers) > MAX_MODIFIERS:
        c.add("modifiers", f"A line takes at most {MAX_MODIFIERS} modifiers.")
    for modifier in line.modifiers:
        if not re.fullmatch(r"[A-Z0-9]{2}", modifier):
            c.add("modifiers", f"Modifier '{modifier}' must be two letters or digits, such as 25.")
    if not line.pointers:
        c.add("pointers", "Point the line at least at one diagnosis (A).")
    if len(line.pointers) > MAX_POINTERS:
        c.add("pointers", f"A line points at most at {MAX_POINTERS} diagnoses.")
    for pointer in line.pointers:
        if not 1 <= pointer <= max(diagnosis_count, 0):
            c.add("pointers", f"Pointer {pointer} does not match an entered diagnosis; use A to "
                              f"{POINTER_LETTERS[min(max(diagnosis_count, 1), MAX_DIAGNOSES) - 1]}.")
    if line.units < 1:
        c.add("units", "Units are at least 1.")
    elif line.units > MAX_UNITS:
        c.add("units", f"Units are at most {MAX_UNITS} (box 24G holds three digits).")
    if line.charge.cents <= 0:
        c.add("charge", "The charge must be more than $0.00.")
    elif line.charge > MAX_LINE_CHARGE:
        c.add("charge", f"A line's charge is at most {MAX_LINE_CHARGE}, the most box 24F can print.")
    for name, message in ids.ndc_line_problems(line.ndc, line.ndc_unit, line.ndc_quantity).items():
        c.add(name, message)
    if line.from_date is None:
        c.add("from_date", "Enter the date of service for the line.")
    else:
        c.add("from_date", ids.check_not_future(line.from_date, "line's date of service", today))
        c.add("to_date", ids.check_range(line.from_date, line.to_date, "line's 'to' date"))
    return c.problems
