"""Identifier checks (NPI, EIN, SSN, taxonomy, ZIP, state, phone, Medicare MBI, NDC, dates).

Each check takes text and returns None when it is valid, or a message that says
what is wrong and how to fix it. Only ASCII digits count as digits. Sources: CMS
NPI standard (Luhn over 80840 + 9 digits), IRS EIN prefixes, NUCC taxonomy code
pattern, USPS state codes, FDA NDC directory and the NUCC 1500 manual (box 24A
shaded line: N4, an 11-digit 5-4-2 NDC, unit qualifier and quantity).
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from .vocabularies import NdcUnit, TaxIdType

NEVER_ISSUED_EIN_PREFIXES = frozenset(
    "00 07 08 09 17 18 19 28 29 49 69 70 78 79 89 96 97".split()
)

USPS_STATES = frozenset(
    """AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT
    NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY
    DC PR VI GU AS MP AA AE AP""".split()
)

_TAXONOMY = re.compile(r"^[0-9]{3}[0-9A-Z]{6}X$")


def digits_only(text: str) -> str:
    """The ASCII digits of `text` (other scripts' digits and superscripts are not digits here)."""
    return re.sub(r"[^0-9]", "", text or "")


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def npi_check_digit(first_nine: str) -> int:
    """The Luhn check digit of an NPI whose first nine digits are given."""
    for digit in range(10):
        if luhn_ok("80840" + first_nine + str(digit)):
            return digit
    raise AssertionError("unreachable")


def check_npi(text: str) -> str | None:
    value = (text or "").strip()
    if not re.fullmatch(r"[0-9]{10}", value):
        return "An NPI is exactly 10 digits; check the number on the NPPES record."
    if value[0] not in "12":
        return "An NPI starts with 1 or 2; check the number on the NPPES record."
    if not luhn_ok("80840" + value):
        return "This NPI's check digit is wrong (likely a typo); check it against NPPES."
    return None


def check_ein(text: str) -> str | None:
    value = digits_only(text)
    if not re.fullmatch(r"[0-9]{2}-?[0-9]{7}", (text or "").strip()):
        return "An EIN is 9 digits, written 12-3456789."
    if value[:2] in NEVER_ISSUED_EIN_PREFIXES:
        return f"EINs never begin with {value[:2]}; check the number on the IRS letter (CP 575)."
    return None


def check_ssn(text: str) -> str | None:
    value = digits_only(text)
    if not re.fullmatch(r"[0-9]{3}-?[0-9]{2}-?[0-9]{4}", (text or "").strip()):
        return "An SSN is 9 digits, written 123-45-6789."
    if value[:3] in ("000", "666") or value[0] == "9" or value[3:5] == "00" or value[5:] == "0000":
        return "This is not an SSN the Social Security Administration issues; check the number."
    return None


def check_tax_id(kind: str, text: str) -> str | None:
    if kind == TaxIdType.EIN:
        return check_ein(text)
    if kind == TaxIdType.SSN:
        return check_ssn(text)
    return "Choose EIN or SSN as the kind of tax ID."


def check_taxonomy(text: str) -> str | None:
    if not _TAXONOMY.match((text or "").strip()):
        return "A taxonomy code is 10 characters ending in X, such as 207Q00000X (family medicine)."
    return None


def check_zip(text: str) -> str | None:
    value = (text or "").strip()
    if not re.fullmatch(r"[0-9]{5}(-?[0-9]{4})?", value):
        return "A ZIP code is 5 digits or ZIP+4 (12345 or 12345-6789)."
    return None


def check_zip9(text: str) -> str | None:
    problem = check_zip(text)
    if problem:
        return problem
    if len(digits_only(text)) != 9:
        return "This address needs the full ZIP+4 (12345-6789) for claims."
    return None


def check_state(text: str) -> str | None:
    if (text or "").strip().upper() not in USPS_STATES:
        return "Use the two-letter USPS state code, such as NY or CA."
    return None


# Medicare Beneficiary Identifier (CMS "MBI format specification"): 11 characters; position 1 a digit 1-9,
# 2, 5, 8 and 9 letters, 3 and 6 a letter or digit, 4, 7, 10 and 11 digits; the letters never S, L, O, I, B, Z.
MBI_FORBIDDEN_LETTERS = "SLOIBZ"
_MBI_LETTER = "AC-HJKMNP-RT-Y"
_MBI = re.compile(f"^[1-9][{_MBI_LETTER}][{_MBI_LETTER}0-9][0-9][{_MBI_LETTER}][{_MBI_LETTER}0-9][0-9]"
                  f"[{_MBI_LETTER}]{{2}}[0-9]{{2}}$")
# The numbers the MBI replaced (no longer accepted since 2020): the SSN-based HICN (9 digits and a 1-2
# character beneficiary identification code) and the Railroad Retirement Board's (letters, then 6 or 9 digits).
_HICN = re.compile(r"^[0-9]{9}[A-Z][A-Z0-9]?$|^[A-Z]{1,3}[0-9]{6}([0-9]{3})?$")


def check_mbi(text: str) -> str | None:
    """None for a well-formed Medicare Beneficiary Identifier, else what is wrong (an old HICN or railroad
    number, a letter MBIs never use, or the wrong shape) and how to fix it."""
    mbi = (text or "").strip().upper().replace("-", "")
    if _MBI.match(mbi):
        return None
    if _HICN.match(mbi):
        return ("This is an old Medicare number (HICN or railroad number), no longer accepted since 2020: enter "
                "the patient's Medicare Beneficiary Identifier (MBI) from the new card, or look it up with the "
                "MAC's MBI lookup tool.")
    forbidden = sorted({c for c in mbi if c in MBI_FORBIDDEN_LETTERS})
    if len(mbi) == 11 and forbidden:
        return (f"An MBI never uses the letter(s) {', '.join(forbidden)} (S, L, O, I, B and Z are left out so they "
                "are not read as digits): check the Medicare card and retype the MBI.")
    return ("A Medicare Beneficiary Identifier has 11 characters like 1EG4TE5MK73 (a digit 1-9, a letter, a letter "
            "or digit, a digit, a letter, a letter or digit, a digit, two letters, two digits): copy it from the "
            "patient's red, white and blue Medicare card.")


def check_phone(text: str) -> str | None:
    value = digits_only(text)
    if len(value) == 11 and value.startswith("1"):
        value = value[1:]
    if len(value) != 10 or value[0] in "01" or value[3] in "01":
        return "A phone number is 10 digits with area code, such as (555) 201-4477."
    return None


def normalize_phone(text: str) -> str:
    value = digits_only(text)
    return value[1:] if len(value) == 11 and value.startswith("1") else value


def format_phone(text: str) -> str:
    value = normalize_phone(text)
    if len(value) != 10:
        return text or ""
    return f"({value[:3]}) {value[3:6]}-{value[6:]}"


def check_birth_date(value: date | None, today: date | None = None) -> str | None:
    if value is None:
        return "Enter the date of birth (MM/DD/YYYY)."
    today = today or date.today()
    if value > today:
        return "The date of birth is in the future; check the year."
    if value.year < today.year - 130:
        return "The date of birth is more than 130 years ago; check the year."
    return None


def check_not_future(value: date | None, what: str, today: date | None = None) -> str | None:
    if value is not None and value > (today or date.today()):
        return f"The {what} is in the future; enter a date on or before today."
    return None


def check_range(start: date | None, end: date | None, what: str = "end date") -> str | None:
    if start is not None and end is not None and end < start:
        return f"The {what} is before the start date; swap them or correct one."
    return None


def parse_date(text: str | date | None) -> date | None:
    """Read MM/DD/YYYY, MMDDYYYY, or ISO YYYY-MM-DD; None for blank. Raises ValueError."""
    if text is None or isinstance(text, date):
        return text
    raw = text.strip()
    if not raw:
        return None
    for pattern, order in (
        (r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", "ymd"),
        (r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", "mdy"),
        (r"([0-9]{2})([0-9]{2})([0-9]{4})", "mdy"),
    ):
        match = re.fullmatch(pattern, raw)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups())))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break
    raise ValueError(f"'{text}' is not a date; type it as MM/DD/YYYY.")


# --- NDC (box 24A shaded line) ---------------------------------------------------------------

NDC_EXAMPLE = "00409-1234-01"
_NDC_HYPHENATED = re.compile(r"([0-9]{4,5})-([0-9]{3,4})-([0-9]{1,2})")
_NDC_QUANTITY = re.compile(r"[0-9]{1,6}(\.[0-9]{0,3})?|\.[0-9]{1,3}")


def _shown(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _ndc11(text: str) -> str | None:
    typed = (text or "").strip().replace(" ", "")
    if re.fullmatch(r"[0-9]{11}", typed):
        return typed
    parts = _NDC_HYPHENATED.fullmatch(typed)
    if parts and len("".join(parts.groups())) in (10, 11):
        labeler, product, package = parts.groups()
        return labeler.zfill(5) + product.zfill(4) + package.zfill(2)
    return None


def normalize_ndc(text: str) -> str:
    """An NDC as the 11 digits (5-4-2, no hyphens) the CMS-1500 and 837P need.

    Takes 11 digits, or the hyphenated 5-4-2, 4-4-2, 5-3-2 and 5-4-1 forms (the short
    segment gets its leading zero, the usual 10-to-11-digit conversion). Text that is
    not an NDC comes back stripped, as typed, so `ndc_problem` can say what is wrong.
    """
    return _ndc11(text) or (text or "").strip()


def ndc_problem(text: str) -> str | None:
    """None for a blank or well-formed NDC (see `normalize_ndc`); otherwise how to type it.

    Ten digits without hyphens are refused: which segment lacks its zero is unknown.
    """
    typed = (text or "").strip()
    if not typed or _ndc11(typed):
        return None
    count = len(digits_only(typed))
    hint = "; add the leading zero to the short segment" if count == 10 else ""
    return f"Type the NDC as 11 digits, or 5-4-2 with hyphens, e.g. {NDC_EXAMPLE} ('{_shown(typed)}' has {count} digits{hint})."


def normalize_ndc_quantity(text: str) -> str:
    """An NDC quantity written plainly ('2.0' -> '2', '.5' -> '0.5'); other text comes back stripped."""
    typed = (text or "").strip()
    if not _NDC_QUANTITY.fullmatch(typed):
        return typed
    return f"{Decimal(typed).normalize():f}"


def ndc_quantity_problem(text: str) -> str | None:
    """None for a blank or valid quantity: a number above 0, up to 6 digits and 3 decimals."""
    typed = (text or "").strip()
    if not typed:
        return None
    if not _NDC_QUANTITY.fullmatch(typed):
        return "Type the NDC quantity as a number, up to 6 digits and 3 decimals, e.g. 2 or 0.5."
    if Decimal(typed) <= 0:
        return "The NDC quantity must be more than 0."
    return None


def ndc_line_problems(ndc: str, unit: str, quantity: str) -> dict[str, str]:
    """A line's NDC, unit and quantity together: field name ('ndc', 'ndc_unit', 'ndc_quantity') -> message.

    No NDC: no unit or quantity either. With an NDC: a valid NDC, one of the `NdcUnit`
    qualifiers, and a quantity above 0.
    """
    ndc, unit, quantity = (ndc or "").strip(), (unit or "").strip().upper(), (quantity or "").strip()
    problems: dict[str, str] = {}
    if not ndc:
        if unit or quantity:
            problems["ndc"] = f"Enter the NDC the quantity is for, e.g. {NDC_EXAMPLE}, or clear the unit and quantity."
        return problems
    if message := ndc_problem(ndc):
        problems["ndc"] = message
    if unit not in NdcUnit.__members__:
        problems["ndc_unit"] = ("Choose the unit of the NDC quantity: "
                                + ", ".join(f"{u.value} {u.label.lower()}" for u in NdcUnit) + ".")
    if not quantity:
        problems["ndc_quantity"] = "Enter the NDC quantity, e.g. 2."
    elif message := ndc_quantity_problem(quantity):
        problems["ndc_quantity"] = message
    return problems
