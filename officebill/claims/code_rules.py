"""Sex- and age-specific ICD-10-CM diagnoses, as data with their source and release.

The CMS Medicare Code Editor (MCE) lists are data files under `officebill/resources/mce/` (one
dotless code a line, each file's header naming its source, version and fiscal year), read from
the CMS MCE Java software 2.0 version 43.1.0.0 (its data table `mce.bin`, which dates every code's
flags):

* age (MCE edit 4 "Age conflict"), the lists in effect on April 1, 2026 (MCE v43.1, FY2026):
  newborn (age 0), pediatric (0-17), maternity (9-64), adult (15-124);
* sex (MCE edit 5 "Sex conflict"), the lists in effect on September 30, 2024 (MCE v41.1, FY2024),
  the last ones: CMS deactivated the sex-conflict edit from FY2025 (October 1, 2024) and has not
  listed codes since. A sex mismatch on those lists is a warning (many commercial payers still
  apply the edit); chapter 15 pregnancy codes and the pregnancy Z codes on a male record stay
  errors (ranges below, from the ICD-10-CM Official Guidelines), since payers' edits reject them.

Other rules are ranges of dotless codes (compared on the first len(first) characters, so
`O00`-`O9A` covers O00.0 ... O9A.53 and `Z0012` covers Z00.121 and Z00.129) from the ICD-10-CM
Tabular List (release `RELEASE`) and the Official Guidelines FY2026, cited by section: the
newborn exam's day ranges (warnings) and the body mass index ages (errors).

Perinatal codes (P00-P96) have no age edit: guideline I.C.16.a.4 lets them be used at any age
when the condition began in the perinatal period, and the MCE newborn list no longer holds them
(since FY2017). Add a range or a list here with its source; the scrubber picks it up.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

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
    codes: frozenset[str] | None = None  # a listed set (first/last its lowest/highest), else the range

    def matches(self, code: str) -> bool:
        return code in self.codes if self.codes is not None else in_range(code, self.first, self.last)


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
    codes: frozenset[str] | None = None  # a listed set (first/last its lowest/highest), else the range

    def matches(self, code: str) -> bool:
        return code in self.codes if self.codes is not None else in_range(code, self.first, self.last)

    def contradicts(self, years: int, days: int) -> bool:
        return (
            (self.min_days is not None and days < self.min_days)
            or (self.max_days is not None and days > self.max_days)
            or (self.min_years is not None and years < self.min_years)
            or (self.max_years is not None and years > self.max_years)
        )


RELEASE = "ICD-10-CM April 1, 2026 (FY2026); CMS MCE v43.1 (FY2026) age lists, MCE v41.1 (FY2024) sex lists"
_MCE = "CMS Medicare Code Editor (MCE 2.0 software 43.1.0.0)"
_MCE_SEX = "CMS MCE edit 5 'Sex conflict' (deactivated by CMS from FY2025: a warning)"
_MCE_AGE = "CMS MCE edit 4 'Age conflict'"
_TABULAR = "ICD-10-CM Tabular (" + RELEASE.split(";")[0] + ")"

F, M = Sex.FEMALE, Sex.MALE


def mce_list(name: str) -> frozenset[str]:
    """The dotless codes of MCE list `name` (resources/mce/<name>.txt; # lines are its header)."""
    text = files("officebill").joinpath("resources", "mce", f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _mce_sex(name: str, sex: Sex, title: str) -> SexRule:
    codes = mce_list(name)
    return SexRule(min(codes), max(codes), sex, WARNING, f"MCE list '{title}'",
                   f"{_MCE} list '{title}' (MCE v41.1, FY2024, the last sex lists); {_MCE_SEX}", codes)


def _mce_age(name: str, min_years: int | None, max_years: int | None, title: str, fits: str) -> AgeRule:
    codes = mce_list(name)
    return AgeRule(min(codes), max(codes), None, None, min_years, max_years, ERROR, f"MCE list '{title}'",
                   fits, f"{_MCE} list '{title}' (MCE v43.1, FY2026); {_MCE_AGE}", codes)


SEX_RULES: tuple[SexRule, ...] = (
    SexRule("O00", "O9A", F, ERROR, "pregnancy, childbirth and the puerperium (chapter 15, O00-O9A)",
            "ICD-10-CM Official Guidelines I.C.15.a.1 (chapter 15 codes only on the maternal record); " + _MCE_SEX),
    SexRule("Z33", "Z34", F, ERROR, "pregnant state / supervision of normal pregnancy (Z33-Z34)",
            "ICD-10-CM Official Guidelines I.C.15.b.1 and I.C.21.c.11; " + _MCE_SEX),
    SexRule("Z36", "Z37", F, ERROR, "antenatal screening / outcome of delivery (Z36-Z37)",
            "ICD-10-CM Official Guidelines I.C.15 and I.C.21.c.11 (maternal record); " + _MCE_SEX),
    SexRule("Z39", "Z3A", F, ERROR, "postpartum care / weeks of gestation (Z39, Z3A)",
            "ICD-10-CM Official Guidelines I.C.15.a.1 and I.C.21.c.11; " + _MCE_SEX),
    _mce_sex("female", F, "Diagnoses for females only"),
    _mce_sex("male", M, "Diagnoses for males only"),
)

AGE_RULES: tuple[AgeRule, ...] = (
    _mce_age("maternity", 9, 64, "Maternity diagnoses", "patients aged 9 to 64"),
    _mce_age("newborn", None, 0, "Perinatal/Newborn diagnoses", "newborns (age 0)"),
    _mce_age("pediatric", None, 17, "Pediatric diagnoses", "patients aged 0 to 17"),
    _mce_age("adult", 15, None, "Adult diagnoses", "patients aged 15 to 124"),
    AgeRule("Z681", "Z684", None, None, 20, None, ERROR, "adult body mass index (Z68.1-Z68.45)",
            "patients aged 20 and over (pediatric BMI percentiles Z68.5- below)",
            f"{_TABULAR} Z68 note (adult BMI codes for persons 20 years of age or older); ICD-10-CM Official "
            "Guidelines I.C.21.c.3"),
    AgeRule("Z685", "Z685", None, None, 2, 19, ERROR, "pediatric body mass index percentile (Z68.5-)",
            "patients aged 2 to 19", f"{_TABULAR} Z68 note (pediatric BMI codes for persons 2-19 years of age); "
            "ICD-10-CM Official Guidelines I.C.21.c.3"),
    AgeRule("Z00110", "Z00110", None, 7, None, None, WARNING, "newborn exam under 8 days (Z00.110)",
            "newborns under 8 days old", f"{_TABULAR} Z00.110 title"),
    AgeRule("Z00111", "Z00111", 8, 28, None, None, WARNING, "newborn exam 8 to 28 days (Z00.111)",
            "newborns 8 to 28 days old", f"{_TABULAR} Z00.111 title"),
    AgeRule("Z0012", "Z0012", 29, None, None, None, WARNING, "routine child health exam (Z00.12-)",
            "children over 28 days old (use Z00.11- for a newborn)", f"{_TABULAR} Z00.12 title"),
)


@lru_cache(maxsize=8192)
def sex_rule_for(code: str) -> SexRule | None:
    """The first sex rule naming dotless `code` (claims repeat codes: answered once per code)."""
    return next((data for data in SEX_RULES if data.matches(code)), None)


@lru_cache(maxsize=8192)
def age_rules_for(code: str) -> tuple[AgeRule, ...]:
    """The age rules naming dotless `code`, in table order (errors before the title warnings)."""
    return tuple(data for data in AGE_RULES if data.matches(code))
