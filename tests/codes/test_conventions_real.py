"""The code set's conventions read from the real bundled ICD-10-CM release (April 1, 2026).

Excludes1 notes are read into exact code sets (sampled against the tabular text, the declined
notes counted and bounded); manifestation codes are found from titles and "Code first" notes
(known ones in, known non-manifestations out). The tabular XML is read here with ElementTree on
its own, not through the code under test.
"""
from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET

import pytest

from officebill.codes import CodeIndex
from officebill.codes.claim_lookup import ClaimCodeLookup, span_prefixes
from officebill.codes.excludes import DECLINED, NO_CODE, PARSED, Target, parse_excludes1
from officebill.codes.icd10cm import XML_NAME, data_folder
from officebill.codes.manifestations import (
    CODE_FIRST,
    MANIFESTATION,
    is_manifestation_title,
    makes_manifestation,
)

DECLINED_AT_MOST = 10  # 3 in the April 2026 release; a new release may add a few
CODE_TOKEN = re.compile(r"\b[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?")


@pytest.fixture(scope="module")
def tabular():
    """{code (dotted): (title, parent, [(kind, text)])} and every Excludes1 note text, from the XML."""
    root = ET.parse(data_folder() / XML_NAME).getroot()
    codes: dict[str, tuple[str, str, list]] = {}
    notes: list[str] = []

    def own_notes(element):
        found = []
        for kind in ("excludes1", "codeFirst"):
            for block in element.findall(kind):
                found += [(kind, " ".join((n.text or "").split())) for n in block.findall("note")]
        return found

    def walk(element, parent):
        name = element.findtext("name")
        codes[name] = (" ".join(element.findtext("desc").split()), parent, own_notes(element))
        for kid in element.findall("diag"):
            walk(kid, name)

    for element in root.iter():
        notes += [" ".join((n.text or "").split()) for b in element.findall("excludes1") for n in b.findall("note")]
    for section in root.iter("section"):
        for diag in section.findall("diag"):
            walk(diag, "")
    return codes, notes


@pytest.fixture(scope="module")
def lookup(codes_db):
    with CodeIndex(codes_db, build=False) as index:
        yield ClaimCodeLookup(index)


def dotted(code: str) -> str:
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


# --- Excludes1 ------------------------------------------------------------------------------


def test_excludes1_notes_counted_and_declined_bounded(tabular):
    _, notes = tabular
    status = {PARSED: 0, NO_CODE: 0, DECLINED: 0}
    declined = []
    for text in notes:
        parsed = parse_excludes1(text)
        status[parsed.status] += 1
        if parsed.status == DECLINED:
            declined.append(text)
    print(f"\nExcludes1 notes: {len(notes)}; parsed {status[PARSED]}, naming no code {status[NO_CODE]}, "
          f"declined {status[DECLINED]}:", *declined, sep="\n  ")
    assert 0 < status[DECLINED] <= DECLINED_AT_MOST
    assert status[PARSED] >= 0.95 * len(notes)
    # A note that names no code names nothing a scrubber could check.
    for text in notes:
        if parse_excludes1(text).status == NO_CODE:
            assert not CODE_TOKEN.search(text), text


def _named(target: Target, text: str) -> bool:
    """The note's text names the target's first and last codes as written (E10, D29.2, S06.0X, I69)."""
    return all(dotted(code) in text for code in (target.first, target.last))


def test_sampled_parsed_notes_name_each_target_and_nothing_else(tabular):
    _, notes = tabular
    parsed = sorted({t for t in notes if parse_excludes1(t).status == PARSED})
    for text in random.Random(2026).sample(parsed, 40):
        targets = parse_excludes1(text).targets
        assert targets, text
        for target in targets:
            assert _named(target, text), (text, target)
            if target.start >= 0 or target.at_end:
                assert target.low in text, (text, target)
        named = {t.replace(".", "") for t in CODE_TOKEN.findall(text[text.rfind("(") + 1:] if "(" in text else text)}
        covered = {t.first for t in targets} | {t.last for t in targets}
        assert named <= covered, (text, named - covered)


@pytest.mark.parametrize("text, first, last, check, hit, miss", [
    ("type 1 diabetes mellitus (E10.-)", "E10", "E10", None, "E109", "E119"),
    ("congenital deformities and malformations of limbs (Q65-Q66, Q68-Q74)", "Q65", "Q66", None, "Q660", "Q670"),
    ("neuralgic amyotrophy in diabetes mellitus (E08-E13 with .44)", "E08", "E13", None, "E1144", "E1142"),
    ("amnestic syndrome due to psychoactive substance use (F10-F19 with 5th character .6)", "F10", "F19", None,
     "F1026", "F1020"),
    ("open skull fracture (S02.- with 7th character B)", "S02", "S02", None, "S0200XB", "S0200XA"),
    ("fluency disorder (stuttering) following cerebrovascular disease (I69. with final characters -23)",
     "I69", "I69", None, "I69023", "I69020"),
    ("diabetic (peripheral) angiopathy (E08-E13 with .51-.52)", "E08", "E13", None, "E1152", "E1159"),
    ("concussion with other intracranial injuries classified in subcategories S06.1- to S06.6-, and S06.81- to "
     "S06.89-, code to specified intracranial injury", "S061", "S066", None, "S065X0A", "S067X0A"),
    ("leukemia in remission C91.0-C95.9 with 5th character 1", "C910", "C959", None, "C9101", "C9100"),
    ("benign neoplasm of testis (D29.2.-)", "D292", "D292", None, "D2920", "D293"),
])
def test_qualified_notes_read_exactly(text, first, last, check, hit, miss):
    parsed = parse_excludes1(text)
    assert parsed.status == PARSED
    target = parsed.targets[0]
    assert (target.first, target.last) == (first, last)
    assert target.matches(hit) and not target.matches(miss)


@pytest.mark.parametrize("text", [
    "chronic diseases of rheumatic origin (I05-I09) unless rheumatic fever is also present or there is evidence of "
    "reactivation or activity of the rheumatic process.",
    "open fracture of elbow and forearm (S52.- with open fracture 7th character)",
    "specified adverse effects of drugs and medicaments (A00-R94 and T80-T88.6, T88.8)",
])
def test_notes_that_cannot_be_read_exactly_are_declined(text):
    assert parse_excludes1(text) == parse_excludes1(text) and parse_excludes1(text).status == DECLINED


def test_title_words_narrow_a_note(lookup):
    """E87.2- acidosis: 'diabetic acidosis - see categories E08-E10, E11, E13 with ketoacidosis'."""
    entries = lookup.excludes1("E8720")
    assert "E1110" in entries and "E1010" in entries  # type 2 / type 1 diabetes with ketoacidosis
    assert not any(e.startswith("E119") or e == "E11" for e in entries)


@pytest.mark.parametrize("a, b, excluded", [
    ("E119", "E109", True),  # E11 Excludes1 type 1 diabetes (E10.-)
    ("E1165", "E1010", True),
    ("J449", "J45909", False),  # COPD with asthma: no Excludes1 between J44 and J45 in this release
    ("E1142", "G63", True),  # G63 Excludes1 diabetic polyneuropathy (E08-E13 with .42)
    ("E119", "G63", False),
    ("F0781", "S060X1A", True),  # postconcussional syndrome Excludes1 current concussion (7th character A)
    ("F0781", "S060X1D", False),
    ("R509", "P819", True),  # chapter 18 Excludes1 perinatal conditions (P04-P96), inherited from the chapter
    ("I10", "E119", False),
    ("D720", "D72824", False),  # D72 'basophilia (D72.824)' names a child of its own category
    ("J020", "J069", True),  # J06 Excludes1 streptococcal pharyngitis (J02.0)
    ("J029", "J069", False),
])
def test_known_pairs_on_real_codes(lookup, a, b, excluded):
    from officebill.claims.rules_diagnoses import excludes_match

    found = any(excludes_match(b, x) for x in lookup.excludes1(a)) or any(
        excludes_match(a, x) for x in lookup.excludes1(b))
    assert found is excluded


def test_code_first_notes_name_their_codes(lookup):
    assert {"O09-O60", "O80-O82", "O94-O9A"} <= set(lookup.code_first("Z3A20"))
    assert "E1122" in lookup.code_first("N1830") and "I12" in lookup.code_first("N1830")
    assert lookup.code_first("Z23") == ()  # 'any routine childhood examination' names no code
    assert lookup.code_first("G63") == ()  # 'underlying disease, such as:' lists examples, not an order
    assert "I130" in lookup.code_first("I5020") or "I13" in lookup.code_first("I5020")
    assert not any(x.startswith("K29") for x in lookup.code_first("T360X5A"))  # section notes are not the code's


def test_span_prefixes():
    assert span_prefixes("E08", "E13")[:2] == ["E08", "E09"] and span_prefixes("E08", "E13")[-1] == "E13"
    assert "E10" in span_prefixes("E08", "E13") and "E14" not in span_prefixes("E08", "E13")
    assert span_prefixes("B270", "B279") == [f"B27{n}" for n in range(10)]


# --- manifestations -------------------------------------------------------------------------


def _chain(codes, code):
    while code:
        yield code, codes[code]
        code = codes[code][1]


@pytest.mark.parametrize("code", ["G63", "R65.20", "H36.81", "M14.60", "M14.671", "F02.80", "F02.C0", "D63.1", "G13.0",
                                  "N52.1", "M36.4"])
def test_known_manifestations(lookup, tabular, code):
    codes, _ = tabular
    assert code in codes, f"{code} is not in the release"
    assert lookup.needs_code_first(code.replace(".", "")) == (CODE_FIRST if code == "R65.20" else MANIFESTATION)


@pytest.mark.parametrize("code", ["M40.00", "F07.81", "Z98.3", "R65.20"])
def test_code_first_note_on_a_title_naming_no_underlying_condition_is_code_first_only(lookup, code):
    assert lookup.needs_code_first(code.replace(".", "")) == CODE_FIRST


@pytest.mark.parametrize("code", ["Z23", "N18.30", "E11.9", "I10", "J45.909", "B95.0", "H54.7", "K31.84",
                                  "F54", "J84.89", "I21.A1"])
def test_known_non_manifestations_despite_code_first_notes(lookup, code):
    assert not lookup.needs_code_first(code.replace(".", ""))


def test_manifestation_set_sampled_against_the_tabular(lookup, tabular):
    """Every code whose title chain or "Code first" notes could make it a manifestation is asked;
    40 found and 40 refused are checked against the tabular text, and 500 codes with neither
    mark must not be manifestations."""
    codes, _ = tabular

    def marks(code):
        chain = list(_chain(codes, code))
        titles = [title for _, (title, _, _) in chain]
        firsts = [text for _, (_, _, notes) in chain for kind, text in notes if kind == "codeFirst"]
        return titles, firsts

    candidates, others = [], []
    for code in codes:
        titles, firsts = marks(code)
        marked = any("classified elsewhere" in t for t in titles) or any("underlying" in n.lower() for n in firsts)
        (candidates if marked else others).append(code)
    manifestations = [c for c in candidates if lookup.needs_code_first(c.replace(".", ""))]
    print(f"\nmanifestation codes (headers and leaves, no 7th characters): {len(manifestations)} "
          f"of {len(candidates)} marked codes")
    assert 500 < len(manifestations) < len(candidates)
    rng = random.Random(11)
    for code in rng.sample(manifestations, 40):
        titles, firsts = marks(code)
        assert any(re.search(r"\b(in|due to) .*classified elsewhere", t) for t in titles) or any(
            n.lower().lstrip(", ").startswith(("underlying", "the underlying")) for n in firsts), (code, titles, firsts)
    refused = [c for c in candidates if c not in set(manifestations)]
    for code in rng.sample(refused, 40):
        titles, firsts = marks(code)
        assert not any(" in diseases classified elsewhere" in t for t in titles), code
        assert not any(n.lower() in ("underlying disease", "underlying condition") for n in firsts), code
    for code in rng.sample(others, 500):
        assert not lookup.needs_code_first(code.replace(".", "")), code


@pytest.mark.parametrize("note, expected", [
    ("underlying disease, such as:", True),
    ("the underlying physiological condition", True),
    ("underlying disease, if known, such as:", False),
    ("any associated underlying cause of the blindness", False),
    (", if applicable, underlying condition such as:", False),
    ("any routine childhood examination", False),
    ("underlying condition when associated fever is present, such as with:", False),
])
def test_code_first_notes_that_make_a_manifestation(note, expected):
    assert makes_manifestation(note) is expected


def test_manifestation_titles():
    assert is_manifestation_title("Polyneuropathy in diseases classified elsewhere")
    assert is_manifestation_title("Arthropathy in hypersensitivity reactions classified elsewhere")
    assert is_manifestation_title("Erectile dysfunction due to diseases classified elsewhere")
    assert not is_manifestation_title("Streptococcus, group A, as the cause of diseases classified elsewhere")
    assert not is_manifestation_title("Type 2 diabetes mellitus with diabetic polyneuropathy")
