"""Look-ups by code: notes with ancestors, children, 7th characters, code forms."""
from __future__ import annotations


def test_notes_include_own_and_inherited_labelled_by_source(index):
    notes = index.notes("E11.9")
    own = [n for n in notes if not n.inherited]
    assert own and all(n.source == "E11.9" for n in own)
    assert any(n.source == "E11" and n.kind == "includes" for n in notes)
    assert any(n.source == "E11" and n.kind == "useAdditionalCode" for n in notes)
    assert any(n.source.startswith("chapter ") for n in notes)


def test_generated_code_inherits_leaf_and_category_notes(index):
    notes = index.notes("S02.0XXA")
    sources = {n.source for n in notes}
    assert {"S02.0", "S02"} <= sources
    assert any(n.kind == "codeAlso" and "S06" in n.text for n in notes)
    assert any(n.kind == "sevenChrNote" for n in notes)


def test_manifestation_code_has_code_first_note(index):
    assert any(n.kind == "codeFirst" for n in index.notes("G63"))


def test_notes_of_unknown_code_is_empty(index):
    assert index.notes("XYZ") == []


def test_children_are_billable_descendants(index):
    kids = [h.code for h in index.children("E11.6")]
    assert "E11.65" in kids and "E11.621" in kids
    assert "E11.62" not in kids
    assert all(h.billable for h in index.children("S52.50"))
    assert "S52.501A" in [h.code for h in index.children("S52.501")]


def test_seventh_characters_for_fracture_leaf(index):
    chars = index.seventh_characters("s52.501")
    assert chars[0].char == "A" and chars[0].code == "S52.501A"
    assert chars[0].meaning == "initial encounter for closed fracture"
    assert chars[-1].char == "S"
    assert index.seventh_characters("E11.9") == []


def test_code_forms_with_or_without_dot_any_case(index):
    assert index.describe("e1165") == index.describe("E11.65") == "Type 2 diabetes mellitus with hyperglycemia"
    assert index.hit("i10").code == "I10"
    assert index.exists("QA0.0101") or index.exists("I1A.0")


def test_places_of_service_and_cpt_modifiers(index):
    assert index.describe("11", "pos") == "Office"
    assert len(index.search("0", "pos", limit=100)) + len(index.search("1", "pos", limit=100)) > 10
    assert index.describe("25", "modifier")
    assert index.is_billable("TC", "modifier")
