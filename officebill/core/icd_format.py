"""Diagnosis codes checked as typed: ICD-9-CM codes and misplaced dots are refused, not reformatted.

Claims use ICD-10-CM since October 1, 2015 (HIPAA code-set rule, 45 CFR 162.1002). An ICD-9-CM
code ("250.00", "401.9", "V70.0", "E880.9") is not silently turned into something else, and
neither is an ICD-10-CM code with its dot in the wrong place ("E1.165", "E116.5"): stripping the
dot would make E11.65 of both, which may not be what was meant. ICD-10-CM puts the dot after the
third character (Tabular List conventions; cms1500.md item 21).
"""
from __future__ import annotations

import re

_CODE_LIKE = re.compile(r"^[A-Z0-9.]+$")
_ICD9_NUMERIC = re.compile(r"^\d{3}(?:\.\d{1,2})?$")  # 001-999, e.g. 250.00, 401.9
_ICD9_V = re.compile(r"^V\d{2}\.\d{1,2}$")  # V01.0-V91.99; ICD-10-CM V codes have 7 characters
_ICD9_E = re.compile(r"^E[89]\d{2}\.\d$")  # E800.0-E999.1 (ICD-10-CM E codes stop at E89)
_DOTTED = re.compile(r"^[A-Z][0-9A-Z]{2}\.[0-9A-Z]{1,4}$")  # QA0.0101: the 2026 chapter 17 block QA0


def diagnosis_format_problem(typed: str) -> str | None:
    """What is wrong with a diagnosis code as typed, or None. Codes mixed with words and other
    shapes are left to the shape check (None here)."""
    code = (typed or "").strip().upper()
    if not code or not _CODE_LIKE.match(code):
        return None
    if _ICD9_V.match(code):
        return (f"'{code}' looks like an ICD-9-CM V code; claims use ICD-10-CM, where a V code is an external "
                "cause of 7 characters (e.g. V43.52XA) that is never the only diagnosis. Look the diagnosis up "
                "in the code list.")
    if _ICD9_NUMERIC.match(code) or _ICD9_E.match(code):
        return (f"'{code}' looks like an ICD-9-CM code; claims use ICD-10-CM codes (letter first, dot "
                "after the third character, e.g. E11.9). Look the diagnosis up in the code list.")
    if "." in code and not _DOTTED.match(code):
        return (f"'{code}' has its dot in the wrong place: ICD-10-CM writes it after the third character "
                "(as in E11.65). Check the code and pick it from the code list.")
    return None
