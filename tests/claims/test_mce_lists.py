"""The CMS Medicare Code Editor (MCE) sex and age lists, checked against the real bundled
ICD-10-CM release (April 1, 2026).

The lists are data files (`officebill/resources/mce/`); `code_rules` loads them. Here every listed
code must be a code of the release and a billable one (no code of the release extends it), the
headers must name their source and release, and known codes must land where the MCE puts them.
The release's code list is read here on its own, not through the code under test.
"""
from __future__ import annotations

from importlib.resources import files

import pytest

from officebill.claims import code_rules
from officebill.claims.code_rules import age_rules_for, mce_list, sex_rule_for
from officebill.claims.rules_base import ERROR, WARNING
from officebill.codes.icd10cm import CODE_LIST_NAME, data_folder
from officebill.core.records import Sex

LISTS = ("female", "male", "maternity", "newborn", "pediatric", "adult")
# Sizes of the lists as extracted (MCE v41.1 sex lists, MCE v43.1 age lists): a changed file shows here.
SIZES = {"female": 3431, "male": 529, "maternity": 2543, "newborn": 42, "pediatric": 125, "adult": 856}


@pytest.fixture(scope="module")
def release() -> set[str]:
    """Every code (dotless) of the April 2026 release; block ranges such as 'A00-A09' left out."""
    text = (data_folder() / CODE_LIST_NAME).read_text(encoding="utf-8")
    return {line.strip() for line in text.splitlines() if line.strip()[:1].isalpha() and "-" not in line}


@pytest.fixture(scope="module")
def parents(release) -> set[str]:
    """Codes of the release that another code extends (categories and subcategories)."""
    return {code[:n] for code in release for n in range(3, len(code))}


@pytest.mark.parametrize("name", LISTS)
def test_every_listed_code_is_a_billable_code_of_the_release(name, release, parents):
    codes = mce_list(name)
    assert len(codes) == SIZES[name]
    missing = sorted(codes - release)
    not_billable = sorted(codes & parents)
    print(f"MCE {name}: {len(codes)} codes, {len(missing)} not in the April 2026 release, "
          f"{len(not_billable)} not billable")
    assert missing == [] and not_billable == []


@pytest.mark.parametrize("name", LISTS)
def test_each_list_names_its_source_and_release(name):
    text = files("officebill").joinpath("resources", "mce", f"{name}.txt").read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any(line.startswith("# Source: CMS Medicare Code Editor") and "43.1.0.0" in line for line in header)
    fiscal_year = "FY2024" if name in ("female", "male") else "FY2026"
    assert any(line.startswith("# Release: MCE v4") and fiscal_year in line for line in header)
    assert f"({SIZES[name]} codes)" in text


def test_no_code_is_for_both_sexes():
    assert mce_list("female").isdisjoint(mce_list("male"))


def test_known_codes_fall_where_the_mce_puts_them(release, parents):
    def sex_of(code):
        data = sex_rule_for(code)
        return (data.sex, data.severity) if data is not None else None

    assert sex_of("N400") == (Sex.MALE, WARNING)  # benign prostatic hyperplasia
    assert sex_of("C61") == (Sex.MALE, WARNING)
    assert {sex_of(code) for code in release - parents if code.startswith("N800")} == {(Sex.FEMALE, WARNING)}
    assert sex_of("C50911") == (Sex.FEMALE, WARNING) and sex_of("C50921") == (Sex.MALE, WARNING)
    assert sex_of("C50919") == (Sex.FEMALE, WARNING)  # unspecified site of unspecified female breast
    assert sex_of("I10") is None and sex_of("J069") is None
    # Every chapter 15 code of the release is for a female patient and an error on a male record,
    # the codes added since the last MCE sex list (FY2024) included.
    chapter_15 = [code for code in release if code[0] == "O"]
    assert len(chapter_15) > 2000
    assert {sex_of(code) for code in chapter_15} == {(Sex.FEMALE, ERROR)}


def test_known_codes_carry_the_mce_ages():
    def ages(code):
        return [(data.min_years, data.max_years) for data in age_rules_for(code) if data.severity == ERROR]

    assert ages("O80") == [(9, 64)]  # maternity
    assert ages("Z3A01") == [(9, 64)]
    assert ages("Z3800") == [(None, 0)]  # newborn
    assert ages("Z00129") == [(None, 17)]  # pediatric
    assert ages("N400") == [(15, None)]  # adult
    assert ages("Z0000") == [(15, None)]
    assert ages("Z6841") == [(15, None), (20, None)]  # MCE adult list, then the Tabular Z68 note (20+)
    # Perinatal codes may be used at any age (guideline I.C.16.a.4): no MCE newborn list entry.
    assert ages("P0700") == [] and ages("P271") == []
    maternity = next(data for data in age_rules_for("O80"))
    assert maternity.contradicts(65, 65 * 365) and maternity.contradicts(8, 8 * 365)
    assert not maternity.contradicts(9, 9 * 365) and not maternity.contradicts(64, 64 * 365 + 300)


def test_rules_cite_their_source():
    for data in code_rules.SEX_RULES + code_rules.AGE_RULES:
        assert data.source and data.first <= data.last
        if data.codes is not None:
            assert "MCE" in data.source and min(data.codes) == data.first and max(data.codes) == data.last
