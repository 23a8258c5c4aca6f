"""Words front-desk staff type for procedures, mapped to the codes they mean; new vs established visits.

CPT descriptions belong to the AMA and are not shipped: the terms here are our
own everyday words ("flu shot", "ekg", "UA", "CBC"). They only lead to codes;
what a row shows is the office's own label (or the public HCPCS text).

The new / established rule: a patient seen by the practice within the last
`ESTABLISHED_YEARS` years is established, so for "visit" the established E/M
codes rank before the new-patient ones (and the other way for a new patient).
"""
from __future__ import annotations

from datetime import date
from functools import cache

from .text import normalize_code, words

ESTABLISHED_YEARS = 3


def _span(first: int, last: int) -> tuple[str, ...]:
    return tuple(str(code) for code in range(first, last + 1))


OFFICE_NEW = _span(99202, 99205)
OFFICE_ESTABLISHED = _span(99212, 99215)
PREVENTIVE_NEW = _span(99381, 99387)
PREVENTIVE_ESTABLISHED = _span(99391, 99397)
NEW_PATIENT = frozenset(OFFICE_NEW + PREVENTIVE_NEW)
ESTABLISHED_PATIENT = frozenset(OFFICE_ESTABLISHED + PREVENTIVE_ESTABLISHED + ("99211",))

_VISITS = OFFICE_ESTABLISHED + OFFICE_NEW
_PREVENTIVE = PREVENTIVE_ESTABLISHED + PREVENTIVE_NEW
_FLU_VACCINES = ("90686", "90688", "90674", "90756", "90656", "90658", "90662", "90682", "90694", "90685",
                 "90687", "Q2035", "Q2036", "Q2037", "Q2038")
_VACCINE_GIVING = ("90471", "90472", "90460", "90461", "G0008", "G0009", "G0010")
_JOINT = ("20610", "20611", "20605", "20606", "20600", "20604")
_STEROIDS = ("J3301", "J1030", "J1040", "J1100")

# Phrase (as typed, any case) -> the codes it means. Every word is also searchable by prefix.
TERMS: dict[str, tuple[str, ...]] = {
    # visits
    "office visit": _VISITS, "visit": _VISITS, "ov": _VISITS, "sick visit": _VISITS, "appointment": _VISITS,
    "new patient": OFFICE_NEW + PREVENTIVE_NEW, "new pt": OFFICE_NEW + PREVENTIVE_NEW, "np": OFFICE_NEW,
    "established": OFFICE_ESTABLISHED + PREVENTIVE_ESTABLISHED, "est": OFFICE_ESTABLISHED + PREVENTIVE_ESTABLISHED,
    "follow up": OFFICE_ESTABLISHED, "followup": OFFICE_ESTABLISHED, "return visit": OFFICE_ESTABLISHED,
    "recheck": OFFICE_ESTABLISHED, "nurse visit": ("99211",), "bp check": ("99211",),
    "physical": _PREVENTIVE, "annual physical": _PREVENTIVE, "annual exam": _PREVENTIVE, "checkup": _PREVENTIVE,
    "check up": _PREVENTIVE, "well visit": _PREVENTIVE, "well child": _PREVENTIVE, "wcc": _PREVENTIVE,
    "preventive": _PREVENTIVE, "wellness": _PREVENTIVE + ("G0438", "G0439"),
    "medicare wellness": ("G0438", "G0439"), "awv": ("G0438", "G0439"),
    "welcome to medicare": ("G0402",), "ippe": ("G0402",),
    # shots and vaccines
    "flu shot": _FLU_VACCINES, "flu shot given": ("90471", "G0008"), "flu vaccine": _FLU_VACCINES,
    "influenza vaccine": _FLU_VACCINES,
    "vaccine admin": _VACCINE_GIVING, "shot admin": _VACCINE_GIVING, "immunization admin": _VACCINE_GIVING,
    "pneumonia shot": ("90732", "90670", "90671", "90677", "G0009"), "pneumovax": ("90732",),
    "prevnar": ("90670", "90671", "90677"), "shingles shot": ("90750",), "shingrix": ("90750",),
    "tdap": ("90715",), "td": ("90714",), "tetanus shot": ("90715", "90714"), "hep b shot": ("90746", "90739"),
    "hep a shot": ("90632",), "mmr": ("90707",), "hpv shot": ("90651",), "rsv shot": ("90678", "90679"),
    "injection": ("96372",), "shot": ("96372",), "im injection": ("96372",), "sq injection": ("96372",),
    "subq": ("96372",), "b12 shot": ("J3420", "96372"), "toradol": ("J1885",), "ketorolac": ("J1885",),
    "rocephin": ("J0696",), "ceftriaxone": ("J0696",), "kenalog": ("J3301",), "depo medrol": ("J1030", "J1040"),
    "depo provera": ("J1050",), "decadron": ("J1100",), "bicillin": ("J0561",), "penicillin shot": ("J0561",),
    "phenergan": ("J2550",), "zofran": ("J2405",), "allergy shot": ("95115", "95117"),
    "joint injection": _JOINT, "knee injection": _JOINT, "shoulder injection": _JOINT,
    "cortisone shot": _JOINT + _STEROIDS, "steroid shot": _JOINT + _STEROIDS, "trigger point": ("20552", "20553"),
    # tests in the office and labs
    "ekg": ("93000", "93005", "93010"), "ecg": ("93000", "93005", "93010"),
    "electrocardiogram": ("93000", "93005", "93010"), "heart tracing": ("93000", "93005", "93010"),
    "ua": ("81000", "81001", "81002", "81003"), "urinalysis": ("81000", "81001", "81002", "81003"),
    "urine dip": ("81002", "81003"), "dipstick": ("81002", "81003"), "urine culture": ("87086", "87088"),
    "pregnancy test": ("81025", "84703"), "upt": ("81025",), "hcg": ("81025", "84703"),
    "cbc": ("85025", "85027"), "blood count": ("85025", "85027"), "cmp": ("80053",), "bmp": ("80048",),
    "lipid panel": ("80061",), "lipids": ("80061",), "cholesterol": ("80061",),
    "a1c": ("83036",), "hba1c": ("83036",), "tsh": ("84443",), "thyroid test": ("84443",),
    "psa": ("84153", "G0103"), "vitamin d": ("82306",), "b12 level": ("82607",), "hepatic panel": ("80076",),
    "lft": ("80076",), "ferritin": ("82728",), "inr": ("85610",), "protime": ("85610",),
    "fingerstick": ("82962", "36416"), "blood sugar": ("82962", "82947"), "accucheck": ("82962",),
    "glucose": ("82962", "82947"), "hgb": ("85018",), "mono": ("86308",), "monospot": ("86308",),
    "flu test": ("87804", "87502"), "rapid flu": ("87804",), "covid test": ("87635", "87811"),
    "rsv test": ("87807",), "strep": ("87880", "87081"), "rapid strep": ("87880",), "strep test": ("87880", "87081"),
    "fobt": ("82270", "82274"), "hemoccult": ("82270",), "stool card": ("82270",), "fit test": ("82274",),
    "blood draw": ("36415",), "venipuncture": ("36415",), "lab draw": ("36415",), "draw": ("36415",),
    "tb test": ("86580",), "ppd": ("86580",), "pap": ("Q0091", "88142"), "pap smear": ("Q0091", "88142"),
    "spirometry": ("94010", "94060"), "pft": ("94010", "94060"), "pulse ox": ("94760", "94761"),
    "oximetry": ("94760", "94761"), "hearing test": ("92551", "92552"), "vision test": ("99173",),
    "eye chart": ("99173",), "depression screen": ("96127", "G0444"), "phq": ("96127", "G0444"),
    "chest xray": ("71046", "71045"), "chest x ray": ("71046", "71045"),
    # treatments and small procedures
    "neb": ("94640",), "nebulizer": ("94640",), "breathing treatment": ("94640", "J7613"), "albuterol": ("J7613",),
    "earwax": ("69210", "69209"), "ear wax": ("69210", "69209"), "ear wash": ("69209",),
    "ear lavage": ("69209",), "cerumen": ("69210", "69209"),
    "i&d": ("10060", "10061"), "incision and drainage": ("10060", "10061"), "abscess": ("10060", "10061"),
    "wart": ("17110", "17111"), "cryo": ("17110", "17111", "17000", "17003"), "freeze": ("17110", "17000"),
    "skin tag": ("11200",), "biopsy": ("11102", "11104", "11106"), "punch biopsy": ("11104",),
    "laceration": ("12001", "12002", "12011", "12013"), "stitches": ("12001", "12002", "12011", "12013"),
    "sutures": ("12001", "12002", "12011", "12013"), "splint": ("29125", "29105", "29130"),
    "ingrown nail": ("11730", "11750"), "toenail": ("11730", "11750"),
    "smoking cessation": ("99406", "99407"), "tobacco counseling": ("99406", "99407"),
}


@cache
def _terms_by_code() -> dict[str, str]:
    found: dict[str, list[str]] = {}
    for phrase, codes in TERMS.items():
        for code in codes:
            found.setdefault(code, []).append(phrase)
    return {code: " ".join(phrases) for code, phrases in found.items()}


def terms_for(code: str) -> str:
    """The everyday words for a code ("" when the table has none), to search along with its label."""
    return _terms_by_code().get(normalize_code(code), "")


def codes_for(text: str) -> list[str]:
    """The codes of every term that the typed words name, best first (see `term_ranks`)."""
    return list(term_ranks(text))


def term_ranks(text: str) -> dict[str, int]:
    """Each code the typed words name -> the place in `TERMS` of the first term naming it (lower is better).

    A term is named when every typed word starts a word of it ("flu sh" names "flu shot")."""
    typed = words(text)
    found: dict[str, int] = {}
    if not typed:
        return found
    for place, (phrase, codes) in enumerate(TERMS.items()):
        term = words(phrase)
        if all(any(w.startswith(t) for w in term) for t in typed):
            for code in codes:
                found.setdefault(code, place)
    return found


def visit_kind(code: str) -> str | None:
    """"new" or "established" for the E/M visit codes that depend on it; None for every other code."""
    code = normalize_code(code)
    return "new" if code in NEW_PATIENT else "established" if code in ESTABLISHED_PATIENT else None


def established_since(day: date) -> date:
    """The first day a visit makes the patient established on `day` (the same day, `ESTABLISHED_YEARS` back)."""
    year = day.year - ESTABLISHED_YEARS
    return day.replace(year=year) if not (day.month == 2 and day.day == 29) else date(year, 2, 28)
