"""Pairs of diagnoses the classification reports as one combination code, as data.

* Hypertension with chronic kidney disease is I12.- (I12.0 for stage 5 or end stage, I12.9
  otherwise), with heart failure I11.0, with both I13.- (I13.2 with stage 5/ESRD, I13.0
  otherwise): ICD-10-CM Official Guidelines I.C.9.a.1, I.C.9.a.2, I.C.9.a.3 (the classification
  presumes the link). I10 beside N18.- or I50.- is the miss.
* Diabetes "with" a condition the Alphabetic Index lists under "Diabetes, with" is the
  combination code of that diabetes category (guideline I.A.15, the "with" convention; I.B.9).
  Only links whose combination code exists in every diabetes category (E08-E13) are listed.

`combination_findings(codes, exists)` takes the claim's dotless codes in order and returns
(position, message) pairs naming the suggested code. Pure data: no I/O.
"""
from __future__ import annotations

from collections.abc import Callable

DIABETES = ("E08", "E09", "E10", "E11", "E13")

# (prefix of the linked condition, combination suffix after the category, what it is)
DIABETES_WITH: tuple[tuple[str, str, str], ...] = (
    ("N18", "22", "chronic kidney disease"),
    ("G629", "42", "polyneuropathy"),
    ("K3184", "43", "gastroparesis"),
    ("I739", "51", "peripheral angiopathy (peripheral vascular disease)"),
    ("I96", "52", "gangrene"),
    ("L974", "621", "foot ulcer (heel and midfoot)"),
    ("L975", "621", "foot ulcer"),
    ("L971", "622", "skin ulcer of the lower limb"),
    ("L972", "622", "skin ulcer of the lower limb"),
    ("L973", "622", "skin ulcer of the lower limb"),
    ("L984", "622", "skin ulcer"),
    ("E162", "649", "hypoglycemia"),
    ("K05", "630", "periodontal disease"),
)
_CKD_LATE = ("N185", "N186")  # stage 5, end stage renal disease


def _dotted(code: str) -> str:
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


def _hypertension(codes: list[str]) -> list[tuple[int, str]]:
    if "I10" not in codes:
        return []
    ckd = [c for c in codes if c.startswith("N18")]
    failure = [c for c in codes if c.startswith("I50")]
    late = any(c in _CKD_LATE for c in ckd)
    if ckd and failure:
        suggested, why = ("I13.2" if late else "I13.0"), "heart failure and chronic kidney disease"
        guideline = "I.C.9.a.3"
    elif ckd:
        suggested, why, guideline = ("I12.0" if late else "I12.9"), "chronic kidney disease", "I.C.9.a.2"
    elif failure:
        suggested, why, guideline = "I11.0", "heart failure", "I.C.9.a.1"
    else:
        return []
    others = ", ".join(_dotted(c) for c in ckd + failure)
    return [(codes.index("I10"), f"hypertension with {why} is one code: report {suggested} instead of I10 "
                                 f"(keep {others} for the type or stage); the classification presumes the link "
                                 f"(guideline {guideline}).")]


def _diabetes(codes: list[str], exists: Callable[[str], bool]) -> list[tuple[int, str]]:
    found = []
    for category in DIABETES:
        own = [c for c in codes if c.startswith(category)]
        if not own:
            continue
        for prefix, suffix, what in DIABETES_WITH:
            linked = next((c for c in codes if c.startswith(prefix)), None)
            combined = category + suffix
            if linked is None or any(c.startswith(combined) for c in own) or not exists(combined):
                continue
            found.append((codes.index(own[0]),
                          f"diabetes with {what} ({_dotted(linked)}) is coded with the combination code "
                          f"{_dotted(combined)}; the 'with' convention links them unless the provider documents "
                          "another cause (guideline I.A.15)."))
    return found


def combination_findings(codes: list[str], exists: Callable[[str], bool]) -> list[tuple[int, str]]:
    """(position in `codes`, message) for each combination code the claim's codes call for."""
    return _hypertension(codes) + _diabetes(codes, exists)
