"""CMS-1500 renderer: every value lands inside its box, in both modes, with printer offsets.

Positions are read back from the PDF with pdfplumber and checked against the CMS fillable-form
widget rectangles of the reference layout CSV (independent of the renderer's own x/baseline
numbers), with a small tolerance.
"""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from importlib.resources import files

import pdfplumber
import pytest

from officebill.claims.cms1500 import box_values, claim_pages, split_for_diagnoses
from officebill.claims.render import alignment_values, render_alignment_page, render_claims
from officebill.core.money import Money
from officebill.core.records import PlanType
from tests.claims.conftest import make_full_claim

MM = 72 / 25.4
TOL = 1.5  # points

# Items whose printed cell is not a CMS widget (or is wider than it), with the cell used.
CELL_OVERRIDES = {
    "page_of": (420.0, 696.4, 545.0, 712.0),  # top margin, above the form body (cms1500.md 5)
    "28_continued": (380.14, 98.69, 451.6, 110.38),  # box 28 up to the 28|29 rule
    "20_charges_cents": (524.1, 338.58, 589.3, 351.58),  # right of the cents rule (section 7.3)
}


def reference_cells() -> dict[str, tuple[float, float, float, float]]:
    text = files("officebill").joinpath("resources/cms1500/cms1500_layout.csv").read_text(encoding="utf-8")
    cells = {}
    for row in csv.DictReader(io.StringIO(text)):
        parts = row["fillable_rect_pdf"].split()
        if len(parts) == 4:
            cells[row["item"]] = tuple(float(p) for p in parts)
    cells.update(CELL_OVERRIDES)
    return cells


def courier_chars(pdf: bytes) -> list[list[dict]]:
    """Per page: the data characters (Courier), with x0, x1 and the baseline y (PDF space)."""
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            chars = [
                {"text": ch["text"], "x0": ch["x0"], "x1": ch["x1"], "base": ch["matrix"][5],
                 "font": ch["fontname"], "size": ch["size"]}
                for ch in page.chars if "Courier" in ch["fontname"]
            ]
            pages.append(chars)
    return pages


def text_in_cell(chars: list[dict], cell, dx: float = 0.0, dy: float = 0.0) -> list[str]:
    """Strings (one per baseline, left to right) of the characters that lie wholly in the cell.

    A character belongs to the cell when its advance box is inside [x0, x1] and the middle of
    its capitals (baseline + 3.5 pt) is inside [y0, y1], each widened by TOL.
    """
    x0, y0, x1, y1 = cell
    x0, x1, y0, y1 = x0 + dx, x1 + dx, y0 + dy, y1 + dy
    rows: dict[float, list[dict]] = {}
    for ch in chars:
        mid = ch["base"] + 3.5
        if ch["x0"] >= x0 - TOL and ch["x1"] <= x1 + TOL and y0 - TOL <= mid <= y1 + TOL:
            rows.setdefault(round(ch["base"], 1), []).append(ch)
    out = []
    for _, row in sorted(rows.items()):
        row.sort(key=lambda c: c["x0"])
        text, last = "", None
        for ch in row:
            if last is not None and ch["x0"] - last > 1.0:
                text += " " * max(1, round((ch["x0"] - last) / 7.2))
            text += ch["text"]
            last = ch["x1"]
        out.append(text)
    return out


def assert_in_cells(pdf: bytes, pages: list[dict[str, str]], dx: float = 0.0, dy: float = 0.0) -> int:
    cells = reference_cells()
    printed = courier_chars(pdf)
    assert len(printed) == len(pages)
    checked = 0
    for number, (chars, values) in enumerate(zip(printed, pages), start=1):
        for item, value in values.items():
            assert item in cells, f"no reference cell for {item}"
            found = text_in_cell(chars, cells[item], dx, dy)
            assert any(value in text for text in found), (
                f"page {number} item {item}: {value!r} not inside its cell; found {found}")
            checked += 1
        # And nothing else is printed: the character count equals the values' non-blank count.
        assert len([c for c in chars if c["text"] != " "]) == sum(len(v.replace(" ", "")) for v in values.values())
    return checked


# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["red", "full"])
@pytest.mark.parametrize("offset", [(0.0, 0.0), (3.0, 2.0), (-2.5, -4.0)])
def test_every_value_sits_in_its_box(mode, offset):
    claim = make_full_claim()
    pdf = render_claims([claim], mode=mode, offset_x_mm=offset[0], offset_y_mm=offset[1])
    # +x mm moves right; +y mm moves down the paper, i.e. lower PDF y.
    checked = assert_in_cells(pdf, claim_pages(claim), dx=offset[0] * MM, dy=-offset[1] * MM)
    assert checked > 150


def test_offsets_really_move_the_print():
    claim = make_full_claim()
    plain = courier_chars(render_claims([claim]))[0]
    moved = courier_chars(render_claims([claim], offset_x_mm=10, offset_y_mm=5))[0]
    assert len(plain) == len(moved)
    for a, b in zip(plain, moved):
        assert b["x0"] - a["x0"] == pytest.approx(10 * MM, abs=0.01)
        assert b["base"] - a["base"] == pytest.approx(-5 * MM, abs=0.01)
    with pytest.raises(AssertionError):  # the checker notices a misplaced print
        assert_in_cells(render_claims([claim], offset_x_mm=10), claim_pages(claim))


def test_red_form_is_courier_12_upper_case_black_on_letter():
    pdf = render_claims([make_full_claim()], mode="red")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        assert (page.width, page.height) == (612, 792)
        assert not page.rects and not page.lines  # data only
        assert {c["fontname"] for c in page.chars} == {"Courier"}
        assert {round(c["size"], 2) for c in page.chars} == {12.0}
        assert {tuple(c["non_stroking_color"] or (0,)) for c in page.chars} <= {(0,), (0, 0, 0)}
        text = "".join(c["text"] for c in page.chars)
        assert text == text.upper()
        assert not re.search(r"[$.#*\\]", text)
        widths = {round(c["x1"] - c["x0"], 2) for c in page.chars}
        assert widths == {7.2}  # 10 characters per inch
        baselines = {round(792 - c["matrix"][5], 2) for c in page.chars}
        assert all(abs(b - 20 - 12 * round((b - 20) / 12)) < 0.01 for b in baselines)  # 6 lpi grid


def test_pdf_declares_no_scaling_and_is_byte_stable():
    claims = [make_full_claim(), make_full_claim(9)]
    for mode in ("red", "full"):
        first = render_claims(claims, mode=mode)
        assert first == render_claims(claims, mode=mode)
        assert b"/PrintScaling /None" in first
        assert b"/MediaBox [ 0 0 612 792 ]" in first
    assert render_alignment_page() == render_alignment_page()
    assert b"/PrintScaling /None" in render_alignment_page()


def test_full_form_is_one_xobject_reused_on_every_page():
    pdf = render_claims([make_full_claim(9), make_full_claim(), make_full_claim()], mode="full")
    assert pdf.count(b"/Subtype /Form") == 1
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 4 or pdf.count(b"/Type /Page") >= 5
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) == 4
        for page in doc.pages:
            labels = "".join(c["text"] for c in page.chars if "Helvetica" in c["fontname"])
            assert "HEALTH INSURANCE CLAIM FORM" in labels
            assert len(page.lines) + len(page.rects) > 100  # rules, shading and check boxes
            red = [ln for ln in page.lines if ln["stroking_color"] and ln["stroking_color"][0] > 0.8
                   and ln["stroking_color"][1] < 0.3]
            assert len(red) > 50


def test_box_formats():
    v = box_values(make_full_claim())
    assert v["2"] == "RIVERA, SOFIA, L"
    assert v["4"] == "RIVERA, MARCO, A"
    assert v["17_qual"] == "DN" and v["17_name"] == "DANA K WHITFIELD"  # FIRST M LAST, no commas
    assert (v["3_dob_mm"], v["3_dob_dd"], v["3_dob_yyyy"]) == ("04", "09", "2015")
    assert (v["24A_1_from_mm"], v["24A_1_from_dd"], v["24A_1_from_yy"]) == ("11", "02", "26")
    assert v["21_icd_ind"] == "0" and v["21A"] == "J020" and v["21D"] == "R059"
    assert v["24E_1"] == "AB" and v["24E_2"] == "B"
    assert (v["24F_1_dollars"], v["24F_1_cents"]) == ("150", "00")
    assert (v["28_dollars"], v["28_cents"]) == ("750", "00")
    assert v["24A_4_shaded"] == "N400409123401   ML2"  # N4 + NDC11, unit qualifier at position 17
    assert v["24J_1_npi"] == "1467503722"
    assert v["33b_qual"] + v["33b_id"] == "ZZ207Q00000X"
    assert (v["33_phone_area"], v["33_phone"]) == ("217", "5550142")
    assert v["33_city_state_zip"] == "SPRINGFIELD IL 627011234"
    assert v["32a"] == "1306849450" and v["33a"] == "1234567893"
    assert v["12_signature"] == v["13_signature"] == "SIGNATURE ON FILE"
    for check in ("1_group_health_plan", "3_sex_f", "6_child", "11a_sex_m", "11d_yes", "25_ein", "27_yes"):
        assert v[check] == "X"
    assert "page_of" not in v and "28_continued" not in v


def test_box_rules_for_edge_cases():
    claim = make_full_claim(1)
    line = replace(claim.lines[0], pointers=(1, 2, 3, 4, 2), ndc="0409-1234-01", ndc_unit="UN",
                   ndc_quantity="1.5", modifiers=("25", "59", "GT", "XU"), charge=Money(1234505))
    patient = replace(claim.patient, last_name="O'Neil-Smith", first_name="Mary Jo.", middle="", suffix="Jr.")
    claim = replace(claim, lines=(line,), patient=patient, facility=None, frequency="7",
                    original_ref="ICN-555-01", amount_paid=Money(2500),
                    practice=replace(claim.practice, phone="(217) 555-0142", accept_assignment=False))
    v = box_values(claim)
    assert v["2"] == "ONEIL-SMITH JR, MARY JO"
    assert v["24E_1"] == "ABCD"  # letters, no commas, at most 4
    assert v["24A_1_shaded"] == "N400409123401   UN1.5"
    assert [v[f"24D_1_mod{i}"] for i in range(1, 5)] == ["25", "59", "GT", "XU"]
    assert (v["24F_1_dollars"], v["24F_1_cents"]) == ("12345", "05")
    assert (v["22_code"], v["22_original_ref"]) == ("7", "ICN55501")
    assert (v["29_dollars"], v["29_cents"]) == ("25", "00")
    assert (v["33_phone_area"], v["33_phone"]) == ("217", "5550142")
    assert not any(k.startswith("32") for k in v)  # 32 only when a facility is given
    assert "13_signature" not in v and v["27_no"] == "X"
    pdf = render_claims([claim], mode="red")
    assert_in_cells(pdf, claim_pages(claim))


@pytest.mark.parametrize("mode", ["red", "full"])
def test_nine_lines_with_totals_on_every_page(mode):
    claim = make_full_claim(9)
    claim = replace(claim, payer=replace(claim.payer, totals_on_every_page=True), amount_paid=Money(2500))
    pages = claim_pages(claim)
    assert len(pages) == 2
    assert pages[0]["page_of"] == "PAGE 1 OF 2" and pages[1]["page_of"] == "PAGE 2 OF 2"
    assert (pages[0]["28_dollars"], pages[0]["28_cents"]) == ("750", "00")  # lines 1-6
    assert (pages[1]["28_dollars"], pages[1]["28_cents"]) == ("240", "00")  # lines 7-9
    assert "29_dollars" in pages[0] and "29_dollars" not in pages[1]  # each page stands alone
    assert "24D_3_cpt" in pages[1] and "24D_4_cpt" not in pages[1]
    assert pages[1]["24D_1_cpt"] == "81002"  # line 7 is the first line of form 2
    # Every other box is repeated.
    same = {k: v for k, v in pages[0].items() if not k.startswith(("24", "28", "29", "page_of"))}
    assert same and all(pages[1][k] == v for k, v in same.items())
    pdf = render_claims([claim], mode=mode)
    assert_in_cells(pdf, pages)
    text = [" ".join(text_in_cell(chars, (380.14, 98.69, 451.6, 110.38))) for chars in courier_chars(pdf)]
    assert text == ["750 00", "240 00"]


@pytest.mark.parametrize("mode", ["red", "full"])
def test_nine_lines_continued_then_grand_total(mode):
    claim = make_full_claim(9)
    claim = replace(claim, payer=replace(claim.payer, totals_on_every_page=False), amount_paid=Money(2500))
    pages = claim_pages(claim)
    assert len(pages) == 2
    assert pages[0]["28_continued"] == "CONTINUED" and "28_dollars" not in pages[0]
    assert (pages[1]["28_dollars"], pages[1]["28_cents"]) == ("990", "00")  # grand total, last page
    assert "28_continued" not in pages[1]
    assert pages[0]["29_dollars"] == pages[1]["29_dollars"] == "25"  # only 24 and 28 differ
    pdf = render_claims([claim], mode=mode)
    assert_in_cells(pdf, pages)
    text = [" ".join(text_in_cell(chars, (380.14, 98.69, 451.6, 110.38))) for chars in courier_chars(pdf)]
    assert text == ["CONTINUED", "990 00"]
    tops = [" ".join(text_in_cell(chars, CELL_OVERRIDES["page_of"])) for chars in courier_chars(pdf)]
    assert tops == ["PAGE 1 OF 2", "PAGE 2 OF 2"]


def _many_diagnoses_claim():
    claim = make_full_claim(6)
    codes = tuple(f"M{n:02d}.{n % 10}" for n in range(1, 16))  # 15 diagnoses
    pointer_sets = [(1, 2, 3, 4), (5, 6, 7, 8), (9, 10, 1), (11, 12, 13), (14, 2), (15, 1)]
    lines = tuple(replace(line, pointers=p) for line, p in zip(claim.lines, pointer_sets))
    visit = replace(claim.visit, diagnoses=codes, lines=lines)
    return replace(claim, visit=visit, lines=lines, amount_paid=Money(1000))


def test_split_for_diagnoses_keeps_pointers_on_their_own_diagnoses():
    claim = _many_diagnoses_claim()
    parts = split_for_diagnoses(claim)
    assert len(parts) == 2
    assert [len(p.lines) for p in parts] == [3, 3]
    assert sum((p.total for p in parts), Money(0)) == claim.total
    assert [p.amount_paid for p in parts] == [Money(1000), Money(0)]
    originals = iter(claim.lines)
    for part in parts:
        assert len(part.diagnoses) <= 12
        for line in part.lines:
            before = next(originals)
            assert line.code == before.code
            # Re-lettered pointers name the same diagnosis codes as before.
            assert [part.diagnoses[p - 1] for p in line.pointers] == [claim.diagnoses[p - 1] for p in before.pointers]
        used = {p for line in part.lines for p in line.pointers}
        assert used == set(range(1, len(part.diagnoses) + 1))  # only its own diagnoses, all used
    assert parts[0].diagnoses[0] == "M01.1"  # the primary stays first
    assert parts[1].diagnoses == ("M01.1", "M02.2", "M11.1", "M12.2", "M13.3", "M14.4", "M15.5")
    assert box_values(parts[1])["24E_1"] == "CDE"


def test_split_leaves_small_claims_alone_and_render_splits_big_ones():
    claim = make_full_claim()
    assert split_for_diagnoses(claim) == [claim]
    with pytest.raises(ValueError):
        claim_pages(_many_diagnoses_claim())
    big = _many_diagnoses_claim()
    pdf = render_claims([big, claim], mode="red")
    pages = [page for part in split_for_diagnoses(big) for page in claim_pages(part)] + claim_pages(claim)
    assert len(pages) == 3
    assert_in_cells(pdf, pages)


@pytest.mark.parametrize("mode", ["red", "full"])
def test_alignment_page_marks_sit_in_their_boxes_and_follow_the_offsets(mode):
    values = alignment_values()
    assert values["1_medicare"] == "X" and values["1a"].startswith("[") and values["1a"].endswith("]")
    for offset in ((0.0, 0.0), (1.5, -3.0)):
        pdf = render_alignment_page(mode, offset_x_mm=offset[0], offset_y_mm=offset[1])
        assert_in_cells(pdf, [values], dx=offset[0] * MM, dy=-offset[1] * MM)


def test_claims_package_imports_neither_storage_nor_qt():
    code = ("import sys, officebill.claims.render, officebill.claims.cms1500, officebill.claims.layout;"
            "bad=[m for m in sys.modules if m.startswith(('officebill.storage','PySide6','PyQt'))];"
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_bad_mode_is_refused():
    with pytest.raises(ValueError):
        render_claims([make_full_claim()], mode="blue")


def test_box17_qualifier_follows_the_providers_role():
    claim = make_full_claim()
    assert box_values(claim)["17_qual"] == "DN"
    ordering = replace(claim, visit=replace(claim.visit, referring_qualifier="DK"))
    assert box_values(ordering)["17_qual"] == "DK"


def test_boxes_10d_15_16_18_come_from_the_visit():
    claim = make_full_claim()
    visit = replace(claim.visit, claim_codes="w2 aa ab ac ad ae a", other_date=date(2026, 10, 30),
                    other_date_qualifier="090", unable_to_work_from=date(2026, 10, 29),
                    unable_to_work_to=date(2026, 11, 16), hospitalized_from=date(2026, 10, 28),
                    hospitalized_to=None)
    claim = replace(claim, visit=visit)
    v = box_values(claim)
    assert v["10d"] == "W2 AA AB AC AD AE A"
    # MM DD YY: the year cells of 15/16/18 hold 3 characters, and 24A prints YY too.
    assert (v["15_qual"], v["15_mm"], v["15_dd"], v["15_yyyy"]) == ("090", "10", "30", "26")
    assert (v["16_from_mm"], v["16_from_dd"], v["16_from_yyyy"]) == ("10", "29", "26")
    assert (v["16_to_mm"], v["16_to_dd"], v["16_to_yyyy"]) == ("11", "16", "26")
    assert (v["18_from_mm"], v["18_from_dd"], v["18_from_yyyy"]) == ("10", "28", "26")
    assert not any(k.startswith("18_to") for k in v)  # still admitted: TO blank
    # Medicare: box 15 is left blank (cms1500.md §3 item 15); 16 and 18 still print.
    medicare = replace(claim, payer=replace(claim.payer, plan_type=PlanType.MEDICARE))
    m = box_values(medicare)
    assert not any(k.startswith("15") for k in m)
    assert m["18_from_yyyy"] == "26" and m["10d"] == "W2 AA AB AC AD AE A"
    # Nothing entered: the boxes stay empty.
    bare = replace(claim, visit=replace(visit, claim_codes="", other_date=None, other_date_qualifier="",
                                        unable_to_work_from=None, unable_to_work_to=None, hospitalized_from=None))
    assert not any(k.split("_")[0] in ("10d", "15", "16", "18") for k in box_values(bare))


def test_boxes_10d_and_15_sit_in_their_cells():
    claim = make_full_claim()
    claim = replace(claim, visit=replace(claim.visit, claim_codes="W2 AA AB AC AD AE A"))
    values = box_values(claim)
    assert values["10d"] and values["15_qual"] == "454" and values["15_yyyy"] == "26"
    assert_in_cells(render_claims([claim], mode="red"), claim_pages(claim))


def test_claim_dates_share_one_width_as_medicare_requires():
    """cms1500.md section 2: 11b, 14, 16, 18, 19 and 24A all 6-digit (24A's year cells hold 2 characters)."""
    values = box_values(make_full_claim())
    years = [values[item] for item in ("14_yyyy", "16_from_yyyy", "16_to_yyyy", "18_from_yyyy", "18_to_yyyy",
                                       "24A_1_from_yy", "24A_1_to_yy")]
    assert all(len(year) == 2 for year in years), years
