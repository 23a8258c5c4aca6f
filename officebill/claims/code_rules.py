"""Sex- and age-specific ICD-10-CM diagnoses, as data with their source and release.

Each entry names a range of dotless codes (compared on the first len(first) characters, so
`O00`-`O9A` covers O00.0 ... O9A.53 and `Z0012` covers Z00.121 and Z00.129), what the codes
are, who they fit, how serious a mismatch is, and where the rule comes from.

Sources (`MCE` below):

* CMS Medicare Code Editor (MCE), "Definitions of Medicare Code Edits", edit 4 "Age conflict"
  with its four age categories: newborn (age 0 only), pediatric (0-17), maternity (9-64), adult
  (15-124); and edit 5 "Sex conflict". CMS deactivated the MCE sex-conflict edit from FY2025
  (October 1, 2024), so a sex mismatch is a warning here (other payers may still question it),
  except chapter 15 pregnancy codes on a male record, which payers' claim edits reject.
* The MCE's own code lists were not reachable from this machine; the ranges below are derived
  from the ICD-10-CM Tabular List titles (release `RELEASE`: chapter, block and code titles such
  as block N40-N53 "Diseases of male genital organs") and the ICD-10-CM Official Guidelines for
  Coding and Reporting FY2026, cited by section.

Errors only where a payer rejects: outside the MCE age ranges (maternity, newborn, pediatric,
adult exams), pregnancy codes for a male patient. A title that fits only part of an MCE range
(Z00.110 "under 8 days old") is a warning. Perinatal codes (P00-P96) have no age edit here:
guideline I.C.16.a.4 lets them be used at any age when the condition began in the perinatal
period and persists, and the MCE newborn edit is an inpatient edit (its list is the newborn's
birth record). Add a range here with its source; the scrubber picks it up.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from officebill.core.records import Sex

from .rules_base import ERROR, WARNING


def in_range(code: str, first: str, last: str) -> bool:
    """Is dotless `code` within first..last, compared on len(first) characters?"""
    head = code[: len(first)]
    return len(head) == len(first) and first <= head <= last[: len(first)]


@dataclass(frozen=True)
class SexRule:
    first: str
    last: str
    sex: Sex  # the only sex the codes fit
    severity: str
    what: str
    source: str

    def matches(self, code: str) -> bool:
        return in_range(code, self.first, self.last)


@dataclass(frozen=True)
class AgeRule:
    first: str
    last: str
    min_days: int | None  # inclusive, age in days on the date of service
    max_days: int | None  # inclusive
    min_years: int | None  # inclusive, whole years
    max_years: int | None  # inclusive
    severity: str
    what: str
    fits: str  # who the codes fit, for the message
    source: str

    def matches(self, code: str) -> bool:
        return in_range(code, self.first, self.last)

    def contradicts(self, years: int, days: int) -> bool:
        return (
            (self.min_days is not None and days < self.min_days)
            or (self.max_days is not None and days > self.max_days)
            or (self.min_years is not None and years < self.min_years)
            or (self.max_years is not None and years > self.max_years)
        )


RELEASE = "ICD-10-CM April 1, 2026 (FY2026); MCE age categories as in the FY2026 Definitions of Medicare Code Edits"
_MCE_SEX = "CMS MCE edit 5 'Sex conflict' (deactivated by CMS from FY2025: a warning)"
_MCE_AGE = "CMS MCE edit 4 'Age conflict'"
_TABULAR = "ICD-10-CM Tabular (" + RELEASE.split(";")[0] + ")"

F, M = Sex.FEMALE, Sex.MALE


def _female(first: str, last: str, what: str, source: str = "") -> SexRule:
    return SexRule(first, last, F, WARNING, what, f"{_TABULAR} {source or what}; {_MCE_SEX}")


def _male(first: str, last: str, what: str, source: str = "") -> SexRule:
    return SexRule(first, last, M, WARNING, what, f"{_TABULAR} {source or what}; {_MCE_SEX}")


SEX_RULES: tuple[SexRule, ...] = (
    SexRule("O00", "O9A", F, ERROR, "pregnancy, childbirth and the puerperium (chapter 15, O00-O9A)",
            "ICD-10-CM Official Guidelines I.C.15.a.1 (chapter 15 codes only on the maternal record); " + _MCE_SEX),
    SexRule("Z33", "Z34", F, ERROR, "pregnant state / supervision of normal pregnancy (Z33-Z34)",
            "ICD-10-CM Official Guidelines I.C.15.b.1 and I.C.21.c.11; " + _MCE_SEX),
    SexRule("Z36", "Z37", F, ERROR, "antenatal screening / outcome of delivery (Z36-Z37)",
            "ICD-10-CM Official Guidelines I.C.15 and I.C.21.c.11 (maternal record); " + _MCE_SEX),
    SexRule("Z39", "Z3A", F, ERROR, "postpartum care / weeks of gestation (Z39, Z3A)",
            "ICD-10-CM Official Guidelines I.C.15.a.1 and I.C.21.c.11; " + _MCE_SEX),
    _female("Z320", "Z320", "encounter for pregnancy test (Z32.0-)"),
    _female("C51", "C58", "malignant neoplasms of female genital organs (C51-C58)", "block C51-C58"),
    _female("D06", "D06", "carcinoma in situ of cervix uteri (D06)"),
    _female("D070", "D073", "carcinoma in situ of female genital organs (D07.0-D07.3)"),
    _female("D25", "D28", "benign neoplasms of female genital organs (D25-D28)"),
    _female("D39", "D39", "neoplasm of uncertain behavior of female genital organs (D39)"),
    _female("N70", "N98", "diseases of the female genital tract (N70-N98)", "blocks N70-N77, N80-N98"),
    _female("Q50", "Q52", "congenital malformations of female genital organs (Q50-Q52)"),
    _female("R87", "R87", "abnormal findings in specimens from female genital organs (R87)"),
    _female("Z0141", "Z0142", "gynecological examination / cervical smear (Z01.41-, Z01.42)"),
    _female("Z124", "Z124", "screening for malignant neoplasm of cervix (Z12.4)"),
    _female("Z1272", "Z1273", "screening for malignant neoplasm of vagina or ovary (Z12.72, Z12.73)"),
    _female("Z793", "Z793", "long term use of hormonal contraceptives (Z79.3)"),
    _female("Z8540", "Z8544", "personal history of malignant neoplasm of female genital organs (Z85.40-Z85.44)"),
    _female("Z875", "Z875", "personal history of complications of pregnancy (Z87.5-)"),
    _female("Z9071", "Z9072", "acquired absence of cervix, uterus or ovaries (Z90.71-, Z90.72-)"),
    _female("Z4002", "Z4003", "prophylactic removal of ovary or fallopian tube (Z40.02, Z40.03)"),
    *(_female(f"C50{n}1", f"C50{n}1", f"malignant neoplasm of breast, female (C50.{n}1-)") for n in "012345689"),
    _female("A5142", "A5142", "secondary syphilitic female pelvic disease (A51.42)"),
    _female("A5611", "A5611", "chlamydial female pelvic inflammatory disease (A56.11)"),
    _female("B373", "B373", "candidiasis of vulva and vagina (B37.3)"),
    _female("C796", "C796", "secondary malignant neoplasm of ovary (C79.6)"),
    _female("E28", "E28", "ovarian dysfunction (E28)"),
    _female("E894", "E894", "postprocedural ovarian failure (E89.4)"),
    _female("F5231", "F5231", "female orgasmic disorder (F52.31)"),
    _female("G4382", "G4383", "menstrual migraine (G43.82-, G43.83-)"),
    _female("I863", "I863", "vulval varices (I86.3)"),
    _female("L292", "L292", "pruritus vulvae (L29.2)"),
    _female("N992", "N993", "postprocedural adhesions of vagina, vaginal vault prolapse (N99.2, N99.3)"),
    _female("N9983", "N9983", "residual ovary syndrome (N99.83)"),
    _female("Z780", "Z780", "asymptomatic menopausal state (Z78.0)"),
    _female("Z86001", "Z86001", "personal history of in-situ neoplasm of cervix uteri (Z86.001)"),
    _female("Z8741", "Z8741", "personal history of dysplasia of the female genital tract (Z87.41-)"),
    _female("Z98891", "Z98891", "history of uterine scar from previous surgery (Z98.891)"),
    _male("C60", "C63", "malignant neoplasms of male genital organs (C60-C63)", "block C60-C63"),
    _male("D074", "D076", "carcinoma in situ of male genital organs (D07.4-D07.6)"),
    _male("D29", "D29", "benign neoplasms of male genital organs (D29)"),
    _male("D40", "D40", "neoplasm of uncertain behavior of male genital organs (D40)"),
    _male("N40", "N53", "diseases of male genital organs (N40-N53)", "block N40-N53"),
    _male("Q53", "Q55", "congenital malformations of male genital organs (Q53-Q55)"),
    _male("R86", "R86", "abnormal findings in specimens from male genital organs (R86)"),
    *(_male(f"C50{n}2", f"C50{n}2", f"malignant neoplasm of breast, male (C50.{n}2-)") for n in "012345689"),
    _male("A1814", "A1814", "tuberculosis of prostate (A18.14)"),
    _male("A5422", "A5422", "gonococcal prostatitis (A54.22)"),
    _male("A5902", "A5902", "trichomonal prostatitis (A59.02)"),
    _male("A6001", "A6001", "herpesviral infection of penis (A60.01)"),
    _male("B3881", "B3881", "prostatic coccidioidomycosis (B38.81)"),
    _male("D176", "D176", "benign lipomatous neoplasm of spermatic cord (D17.6)"),
    _male("E29", "E29", "testicular dysfunction (E29)"),
    _male("E895", "E895", "postprocedural testicular hypofunction (E89.5)"),
    _male("F5221", "F5221", "male erectile disorder (F52.21)"),
    _male("I861", "I861", "scrotal varices (I86.1)"),
    _male("L291", "L291", "pruritus scroti (L29.1)"),
    _male("R3983", "R3983", "unilateral non-palpable testicle (R39.83)"),
    _male("R972", "R972", "elevated prostate specific antigen (R97.2-)"),
    _male("Z1271", "Z1271", "screening for malignant neoplasm of testis (Z12.71)"),
    _male("Z125", "Z125", "screening for malignant neoplasm of prostate (Z12.5)"),
    _male("Z8545", "Z8548", "personal history of malignant neoplasm of male genital organs (Z85.45-Z85.48)"),
)

_MATERNITY = _MCE_AGE + " (maternity diagnoses, ages 9-64)"
_NEWBORN = _MCE_AGE + " (newborn diagnoses, age 0)"
_PEDIATRIC = _MCE_AGE + " (pediatric diagnoses, ages 0-17)"
_ADULT = _MCE_AGE + " (adult diagnoses, ages 15-124)"

AGE_RULES: tuple[AgeRule, ...] = (
    AgeRule("O00", "O9A", None, None, 9, 64, ERROR, "pregnancy codes (chapter 15, O00-O9A)",
            "patients aged 9 to 64", "ICD-10-CM Official Guidelines I.C.15.a.1; " + _MATERNITY),
    AgeRule("Z33", "Z34", None, None, 9, 64, ERROR, "pregnant state / supervision of pregnancy (Z33-Z34)",
            "patients aged 9 to 64", "ICD-10-CM Official Guidelines I.C.21.c.11; " + _MATERNITY),
    AgeRule("Z36", "Z37", None, None, 9, 64, ERROR, "antenatal screening / outcome of delivery (Z36-Z37)",
            "patients aged 9 to 64", "ICD-10-CM Official Guidelines I.C.21.c.11; " + _MATERNITY),
    AgeRule("Z39", "Z3A", None, None, 9, 64, ERROR, "postpartum care / weeks of gestation (Z39, Z3A)",
            "patients aged 9 to 64", "ICD-10-CM Official Guidelines I.C.21.c.11; " + _MATERNITY),
    AgeRule("Z38", "Z38", None, None, None, 0, ERROR, "liveborn infant codes (Z38)",
            "the newborn's birth record only (age 0)",
            "ICD-10-CM Official Guidelines I.C.16.a.2 and I.C.21.c.12; " + _NEWBORN),
    AgeRule("Z0011", "Z0011", None, None, None, 0, ERROR, "newborn health examination (Z00.11-)",
            "newborns (age 0)", f"{_TABULAR} Z00.11; " + _NEWBORN),
    AgeRule("Z00110", "Z00110", None, 7, None, None, WARNING, "newborn exam under 8 days (Z00.110)",
            "newborns under 8 days old", f"{_TABULAR} Z00.110 title"),
    AgeRule("Z00111", "Z00111", 8, 28, None, None, WARNING, "newborn exam 8 to 28 days (Z00.111)",
            "newborns 8 to 28 days old", f"{_TABULAR} Z00.111 title"),
    AgeRule("Z0012", "Z0012", None, None, None, 17, ERROR, "routine child health exam (Z00.12-)",
            "children under 18 (MCE pediatric range 0-17)", f"{_TABULAR} Z00.12; " + _PEDIATRIC),
    AgeRule("Z0012", "Z0012", 29, None, None, None, WARNING, "routine child health exam (Z00.12-)",
            "children over 28 days old (use Z00.11- for a newborn)", f"{_TABULAR} Z00.12 title"),
    AgeRule("Z681", "Z684", None, None, 20, None, ERROR, "adult body mass index (Z68.1-Z68.45)",
            "patients aged 20 and over (pediatric BMI percentiles Z68.5- below)",
            f"{_TABULAR} Z68 note (adult BMI codes for persons 20 years of age or older); ICD-10-CM Official "
            "Guidelines I.C.21.c.3; " + _ADULT),
    AgeRule("Z685", "Z685", None, None, 2, 19, ERROR, "pediatric body mass index percentile (Z68.5-)",
            "patients aged 2 to 19", f"{_TABULAR} Z68 note (pediatric BMI codes for persons 2-19 years of age); "
            "ICD-10-CM Official Guidelines I.C.21.c.3; " + _PEDIATRIC),
    AgeRule("Z000", "Z000", None, None, 15, None, ERROR, "general adult medical exam (Z00.0-)",
            "patients aged 15 and over (MCE adult range 15-124)",
            f"{_TABULAR} Z00.0 Excludes1 (child health check Z00.12-); " + _ADULT),
)


@lru_cache(maxsize=8192)
def sex_rule_for(code: str) -> SexRule | None:
    """The first sex rule naming dotless `code` (claims repeat codes: answered once per code)."""
    return next((data for data in SEX_RULES if data.matches(code)), None)


@lru_cache(maxsize=8192)
def age_rules_for(code: str) -> tuple[AgeRule, ...]:
    """The age rules naming dotless `code`, in table order (errors before the title warnings)."""
    return tuple(data for data in AGE_RULES if data.matches(code))
