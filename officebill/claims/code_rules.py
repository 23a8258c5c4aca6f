"""Sex- and age-specific ICD-10-CM diagnoses, as data.

Each entry names a range of dotless codes (compared on the first
len(first) characters, so `O00`-`O9A` covers O00.0 ... O9A.53 and `Z0012`
covers Z00.121 and Z00.129), what the codes are, who they fit, how serious a
mismatch is, and where the rule comes from. Sources:

* ICD-10-CM Official Guidelines for Coding and Reporting (CDC/NCHS), cited by
  section, e.g. I.C.15.a.1 "Codes from chapter 15 ... are to be used only on
  the maternal record".
* ICD-10-CM Tabular List chapter, block and code titles (e.g. block N40-N53
  "Diseases of male genital organs").
* CMS Medicare Code Editor (MCE) edits "Sex conflict" and "Age conflict" and
  their categories (maternity, newborn, pediatric 0-17, adult 15-124).

Only ranges that are sex- or age-specific by their title are listed; codes
whose fit depends on anatomy (transgender patients) are warnings except
pregnancy codes for a male patient, which payers reject outright. Add a
range here with its source; the scrubber picks it up.
"""
from __future__ import annotations

from dataclasses import dataclass

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


_MCE_SEX = "CMS Medicare Code Editor (MCE) edit 'Sex conflict'"
_MCE_AGE = "CMS Medicare Code Editor (MCE) edit 'Age conflict'"

F, M = Sex.FEMALE, Sex.MALE

SEX_RULES: tuple[SexRule, ...] = (
    SexRule("O00", "O9A", F, ERROR, "pregnancy, childbirth and the puerperium (chapter 15, O00-O9A)",
            "ICD-10-CM Official Guidelines I.C.15.a.1 (chapter 15 codes only on the maternal record); " + _MCE_SEX),
    SexRule("Z320", "Z320", F, WARNING, "encounter for pregnancy test (Z32.0-)",
            "ICD-10-CM Tabular Z32.0; " + _MCE_SEX),
    SexRule("Z33", "Z34", F, ERROR, "pregnant state / supervision of normal pregnancy (Z33-Z34)",
            "ICD-10-CM Official Guidelines I.C.15.b.1 and I.C.21.c.11; " + _MCE_SEX),
    SexRule("Z36", "Z37", F, ERROR, "antenatal screening / outcome of delivery (Z36-Z37)",
            "ICD-10-CM Official Guidelines I.C.15 and I.C.21.c.11 (maternal record); " + _MCE_SEX),
    SexRule("Z39", "Z3A", F, ERROR, "postpartum care / weeks of gestation (Z39, Z3A)",
            "ICD-10-CM Official Guidelines I.C.15.a.1 and I.C.21.c.11; " + _MCE_SEX),
    SexRule("C51", "C58", F, WARNING, "malignant neoplasms of female genital organs (C51-C58)",
            "ICD-10-CM Tabular block C51-C58; " + _MCE_SEX),
    SexRule("D06", "D06", F, WARNING, "carcinoma in situ of cervix uteri (D06)",
            "ICD-10-CM Tabular D06; " + _MCE_SEX),
    SexRule("D25", "D28", F, WARNING, "benign neoplasms of female genital organs (D25-D28)",
            "ICD-10-CM Tabular D25-D28; " + _MCE_SEX),
    SexRule("N70", "N98", F, WARNING, "diseases of the female genital tract (N70-N98)",
            "ICD-10-CM Tabular blocks N70-N77, N80-N98; " + _MCE_SEX),
    SexRule("Z0141", "Z0141", F, WARNING, "gynecological examination (Z01.41-)",
            "ICD-10-CM Tabular Z01.41; " + _MCE_SEX),
    SexRule("Z124", "Z124", F, WARNING, "screening for malignant neoplasm of cervix (Z12.4)",
            "ICD-10-CM Tabular Z12.4; " + _MCE_SEX),
    SexRule("C60", "C63", M, WARNING, "malignant neoplasms of male genital organs (C60-C63)",
            "ICD-10-CM Tabular block C60-C63; " + _MCE_SEX),
    SexRule("D29", "D29", M, WARNING, "benign neoplasms of male genital organs (D29)",
            "ICD-10-CM Tabular D29; " + _MCE_SEX),
    SexRule("N40", "N53", M, WARNING, "diseases of male genital organs (N40-N53)",
            "ICD-10-CM Tabular block N40-N53; " + _MCE_SEX),
    SexRule("Z125", "Z125", M, WARNING, "screening for malignant neoplasm of prostate (Z12.5)",
            "ICD-10-CM Tabular Z12.5; " + _MCE_SEX),
)

AGE_RULES: tuple[AgeRule, ...] = (
    AgeRule("O00", "O9A", None, None, 12, 55, WARNING, "pregnancy codes (chapter 15, O00-O9A)",
            "patients aged 12 to 55",
            "ICD-10-CM Official Guidelines I.C.15.a.1; " + _MCE_AGE + " (maternity diagnoses)"),
    AgeRule("Z33", "Z3A", None, None, 12, 55, WARNING, "pregnancy-related Z codes (Z33-Z3A)",
            "patients aged 12 to 55", _MCE_AGE + " (maternity diagnoses)"),
    AgeRule("P00", "P96", None, 28, None, None, WARNING,
            "perinatal conditions (chapter 16, P00-P96)",
            "newborns up to 28 days old (later only if the perinatal condition persists, I.C.16.a.4)",
            "ICD-10-CM Official Guidelines I.C.16 (perinatal period: birth through the 28th day) "
            "and I.C.16.a.4; " + _MCE_AGE + " (newborn diagnoses)"),
    AgeRule("Z38", "Z38", None, 28, None, None, ERROR, "liveborn infant codes (Z38)",
            "the newborn's birth record only",
            "ICD-10-CM Official Guidelines I.C.16.a.2 and I.C.21.c.12; " + _MCE_AGE + " (newborn diagnoses)"),
    AgeRule("Z00110", "Z00110", None, 7, None, None, WARNING, "newborn exam under 8 days (Z00.110)",
            "newborns under 8 days old", "ICD-10-CM Tabular Z00.110; " + _MCE_AGE),
    AgeRule("Z00111", "Z00111", 8, 28, None, None, WARNING, "newborn exam 8 to 28 days (Z00.111)",
            "newborns 8 to 28 days old", "ICD-10-CM Tabular Z00.111; " + _MCE_AGE),
    AgeRule("Z0012", "Z0012", 29, None, None, 17, WARNING, "routine child health exam (Z00.12-)",
            "children over 28 days and under 18 (MCE pediatric range 0-17)",
            "ICD-10-CM Tabular Z00.12 ('child over 28 days old'); " + _MCE_AGE + " (pediatric diagnoses)"),
    AgeRule("Z000", "Z000", None, None, 15, None, WARNING, "general adult medical exam (Z00.0-)",
            "adults (MCE adult range 15-124)",
            "ICD-10-CM Tabular Z00.0 Excludes1 (child health check Z00.12-); " + _MCE_AGE + " (adult diagnoses)"),
)
