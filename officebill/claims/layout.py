"""The CMS-1500 (02/12) layout table: where each printable item goes on the page.

One table drives both print modes. It is the public reference file
`cms1500_layout.csv` (package data, read through importlib.resources) with the
corrections of cms1500.md section 7 and a few geometry fixes applied on top, in
`CORRECTIONS` below, each with its reason. Positions follow the 10 cpi / 6 lpi
grid of cms1500.md 1.2: x = 24 + 7.2 * (column - 1), baseline = 20 + 12 * line
(points from the top edge); a handful of items use an absolute x where the grid
column would cross a pre-printed rule.

`Slot.cell` is the rectangle (PDF points, origin bottom-left) the printed value
must stay inside: the CMS fillable-form widget for that item, or the printed
cell from the geometry file where the widget is narrower than the box.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import files

PAGE_WIDTH = 612.0
PAGE_HEIGHT = 792.0
CHAR_WIDTH = 7.2  # Courier 12 pt advance: 10 characters per inch
LINE_PITCH = 12.0  # 6 lines per inch
FONT_SIZE = 12.0
LEFT_MARGIN = 24.0
TOP_MARGIN = 20.0
LINES_PER_FORM = 6

_RESOURCE_DIR = "resources/cms1500"


def column_x(column: int) -> float:
    """Left edge of a 1-based 10-cpi print column, in points from the left edge."""
    return LEFT_MARGIN + CHAR_WIDTH * (column - 1)


def line_baseline(line: int) -> float:
    """Baseline of a 1-based 6-lpi print line, in points from the top edge."""
    return TOP_MARGIN + LINE_PITCH * line


@dataclass(frozen=True)
class Slot:
    """One printable item of the form."""

    item: str
    description: str
    x: float  # left edge of the first character, points from the left edge
    baseline: float  # points from the top edge
    max_chars: int
    align: str = "left"  # "right": the value ends at x + max_chars * CHAR_WIDTH
    cell: tuple[float, float, float, float] | None = None  # x0 y0 x1 y1, PDF coordinates
    reserved: bool = False  # RESERVED FOR NUCC USE or an OpenEMR-only variant: never printed
    line: int | None = None
    column: int | None = None
    corrected: str = ""  # why this slot differs from the CSV, if it does

    def text_x(self, value: str) -> float:
        """Where a value of this slot starts (right-aligned slots end at a fixed column)."""
        if self.align == "right":
            return self.x + CHAR_WIDTH * (self.max_chars - len(value))
        return self.x

    @property
    def y(self) -> float:
        """ReportLab baseline y (origin bottom-left)."""
        return PAGE_HEIGHT - self.baseline


def _rect(text: str) -> tuple[float, float, float, float] | None:
    parts = text.split()
    if len(parts) != 4:
        return None
    x0, y0, x1, y1 = (float(p) for p in parts)
    return (x0, y0, x1, y1)


# Items the 02/12 form reserves, or OpenEMR-only variants superseded by a corrected row.
_RESERVED = {"8_reserved", "9b_reserved", "9c_reserved", "30_reserved", "20_charges_openemr"}

# Per-item changes to the CSV. Keys: line, column (grid), x (absolute), max_chars, align, cell.
CORRECTIONS: dict[str, dict] = {
    # Carrier block: OpenEMR's x = 312 / baselines 44-80 sit left of and below the CMS widgets
    # (cms1500.md 1.2). Column 43 and lines 1-4 keep the 6-lpi grid and land in the widgets.
    "carrier_1_name": dict(line=1, column=43, max_chars=29, why="carrier block into the CMS widgets"),
    "carrier_2_addr1": dict(line=2, column=43, max_chars=29, why="carrier block into the CMS widgets"),
    "carrier_3_addr2": dict(line=3, column=43, max_chars=29, why="carrier block into the CMS widgets"),
    "carrier_4_city_state_zip": dict(line=4, column=43, max_chars=29, why="carrier block into the CMS widgets"),
    # Widths: what fits before the next pre-printed rule (geometry), not OpenEMR's maxlen.
    "1a": dict(max_chars=29, why="29 characters fit"),
    "2": dict(max_chars=27, why="28 characters would cross the 2|3 rule"),
    "4": dict(max_chars=29, why="29 characters fit"),
    "5_street": dict(max_chars=27, why="fit before the 5|6 rule"),
    "5_city": dict(max_chars=24, why="fit before the city|state rule at 199.5 pt"),
    "7_street": dict(max_chars=29, why="29 characters fit"),
    "7_city": dict(max_chars=22, why="fit before the city|state rule at 542 pt"),
    "9": dict(max_chars=27, why="fit before the 9|10 rule"),
    "9a": dict(max_chars=27, why="fit before the 9|10 rule"),
    "9d": dict(max_chars=27, why="fit before the 9|10 rule"),
    "10d": dict(column=30, max_chars=19, why="02/12 claim codes: CMS widget at column 30, 19 characters"),
    "11": dict(max_chars=29, why="29 characters fit"),
    "11c": dict(max_chars=29, why="29 characters fit"),
    # Section 7.1: 11b is OTHER CLAIM ID: qualifier left of the dotted line at 388.8 pt.
    "11b_qual": dict(x=372.5, why="section 7.1: qualifier left of the dotted line"),
    # Section 7.7: the 12/13 signatures sit on the SIGNED line (line 30), not line 29.
    "12_signature": dict(line=30, why="section 7.7: on the SIGNED line"),
    "13_signature": dict(line=30, why="section 7.7: on the SIGNED line"),
    # 4-digit years: start just right of the DD|YY divider so CCYY stays inside the year cell
    # (the OpenEMR columns run 3-7 pt past the CMS year widgets).
    "3_dob_yyyy": dict(x=278.6, why="CCYY inside the year cell, clear of the 'M' label"),
    "15_yyyy": dict(x=322.4, why="CCYY inside the year cell"),
    "16_from_yyyy": dict(x=444.6, why="CCYY inside the year cell"),
    "16_to_yyyy": dict(x=543.8, why="CCYY inside the year cell"),
    "18_from_yyyy": dict(x=444.6, why="CCYY inside the year cell"),
    "18_to_yyyy": dict(x=543.8, why="CCYY inside the year cell"),
    # Boxes 16 and 18: OpenEMR's columns for the FROM month and the TO day run 3 pt past the CMS cells.
    "16_from_mm": dict(x=400.6, why="FROM month inside its cell"),
    "18_from_mm": dict(x=400.6, why="FROM month inside its cell"),
    "16_to_dd": dict(x=524.9, why="TO day inside its cell"),
    "18_to_dd": dict(x=524.9, why="TO day inside its cell"),
    # Area codes inside the pre-printed parentheses (the CMS widgets), not over the ")".
    "5_phone_area": dict(x=122.8, why="area code inside the parentheses"),
    "7_phone_area": dict(x=482.0, why="area code inside the parentheses"),
    "33_phone_area": dict(x=489.4, why="area code inside the parentheses"),
    "15_qual": dict(x=234.5, why="qualifier area is 233.8-258.9 pt"),
    # Section 7.2: 17 name is FIRST M LAST CREDENTIALS (formatting in cms1500.py); 23 characters
    # fit before the 17|17a rule at 212.1 pt.
    "17_qual": dict(max_chars=2, why="DN/DK/DQ are 2 characters, left of the dotted line at 40.1 pt"),
    "17_name": dict(max_chars=23, why="fit before the 17|17a rule"),
    "17a_id": dict(max_chars=15, why="fit before the 17a|18 rule"),
    "17b_npi": dict(max_chars=10, why="10-digit NPI"),
    # Section 7.3: 20 dollars end in column 69, cents in 71-72 (right of the rule at 524.1 pt).
    "20_charges_dollars": dict(column=64, max_chars=6, align="right",
                               why="section 7.3: dollars right-justified to column 69"),
    "20_charges_cents": dict(column=71, max_chars=2, cell=(524.1, 338.58, 589.3, 351.58),
                             why="section 7.3: cents in columns 71-72; the CMS widget ends at 537.7 pt"),
    "19": dict(max_chars=47, why="48 characters would reach the 19|20 rule at 370.5 pt"),
    "21_icd_ind": dict(max_chars=1, why="a single digit"),
    "22_code": dict(column=54, max_chars=6, why="the resubmission code field starts at 401.9 pt"),
    "22_original_ref": dict(max_chars=17, why="fit before the right frame"),
    "23": dict(max_chars=29, why="29 characters fit"),
    # Section 7.5: 26 account number: 14 characters fit when started at x ~ 178 pt.
    "26": dict(x=178.4, max_chars=14, why="section 7.5: 14 characters from x = 178.4 pt"),
    "28_dollars": dict(column=51, max_chars=6, align="right", why="dollars right-justified to the rule"),
    "29_dollars": dict(max_chars=5, align="right", why="dollars right-justified to the rule"),
    "31_signature": dict(max_chars=20, why="fit in box 31"),
    # Section 7.8: 31 date at the CMS date widget (x = 113.4 pt, column 14).
    "31_date": dict(column=14, max_chars=8, why="section 7.8: date at column 14"),
    "32_name": dict(max_chars=26, why="columns 23-48 fit before the 32|33 rule"),
    "32_street": dict(max_chars=26, why="columns 23-48 fit before the 32|33 rule"),
    "32_city_state_zip": dict(max_chars=26, why="columns 23-48 fit before the 32|33 rule"),
    "32a": dict(x=187.2, why="clear of the pre-printed 'a.' and inside the 32a|32b rule at 259.9 pt"),
    "32b_qual": dict(why=""),
    "33_name": dict(max_chars=29, why="29 characters fit (columns 50-78)"),
    "33_street": dict(max_chars=29, why="29 characters fit (columns 50-78)"),
    "33_city_state_zip": dict(max_chars=29, why="29 characters fit (columns 50-78)"),
    # Section 7.6: 33 phone is 7 digits with no hyphen from column 70.
    "33_phone": dict(max_chars=7, why="section 7.6: no hyphen, 7 digits from column 70"),
    "33a": dict(x=380.4, why="clear of the pre-printed 'a.' and inside the 33a|33b rule at 454 pt"),
    "33b_id": dict(max_chars=14, why=""),
}

# Per service line n (1..6).
for _n in range(1, LINES_PER_FORM + 1):
    CORRECTIONS[f"24A_{_n}_shaded"] = dict(max_chars=61, why="may extend through 24G (column 61)")
    CORRECTIONS[f"24F_{_n}_dollars"] = dict(align="right", why="dollars right-justified to column 54")
    # Column 56 ends at 434.4 pt, on the F|G rule (434.7); 418.4 keeps 2 pt from both rules.
    CORRECTIONS[f"24F_{_n}_cents"] = dict(x=418.4, why="cents between the cents rule and the F|G rule")
    # Section 7.4: EPSDT code right-justified in the shaded half of 24H (463.7-478.7 pt).
    CORRECTIONS[f"24H_{_n}_shaded_epsdt"] = dict(x=464.0, why="section 7.4: right-justified in shaded 24H")
    # Section 7.9: only 11 characters fit in 24J shaded.
    CORRECTIONS[f"24J_{_n}_shaded_other_id"] = dict(max_chars=11, why="section 7.9: 11 characters fit")
    CORRECTIONS[f"24J_{_n}_npi"] = dict(max_chars=10, why="10-digit NPI")
    # Modifiers centred in their four cells (243.4|269.0|290.3|312.0|334.3 pt); OpenEMR's
    # columns 36 and 39 run onto the mod2|mod3 and mod3|mod4 rules.
    for _k, _x in ((1, 249.0), (2, 272.4), (3, 293.9), (4, 315.9)):
        CORRECTIONS[f"24D_{_n}_mod{_k}"] = dict(x=_x, why="modifier centred in its cell")
    CORRECTIONS[f"24D_{_n}_cpt"] = dict(max_chars=6, why="7 characters would cross the CPT|modifier rule")
    CORRECTIONS[f"24E_{_n}"] = dict(max_chars=4, why="at most 4 pointers")

# Box 21: a 7-character ICD-10-CM code (50.4 pt) fills its 51 pt underline exactly; OpenEMR's
# columns 3/16/29/42 start 4-5 pt right of each underline and run past its end.
for _row, _letters in enumerate(("ABCD", "EFGH", "IJKL")):
    for _letter, _x in zip(_letters, (34.0, 127.0, 221.2, 315.6)):
        CORRECTIONS[f"21{_letter}"] = dict(x=_x, max_chars=7, why="code on its underline")

# Items that are not in the CSV.
EXTRA_SLOTS: tuple[Slot, ...] = (
    # "PAGE n OF m" in the top margin, right of centre, above the top rule of the form body and
    # clear of the right-hand PICA box (cms1500.md section 5, HMSA/TMHP).
    Slot(item="page_of", description="PAGE n OF m (multi-form claims)", x=column_x(58),
         baseline=line_baseline(6), max_chars=14, align="right", cell=(420.0, 696.4, 545.0, 712.0),
         line=6, column=58, corrected="added: cms1500.md section 5"),
    # "CONTINUED" in box 28 on all but the last form (cms1500.md section 5).
    Slot(item="28_continued", description="28 CONTINUED (multi-form claims, last-page total)",
         x=column_x(51), baseline=line_baseline(56), max_chars=9, cell=(380.14, 98.69, 451.6, 110.38),
         line=56, column=51, corrected="added: cms1500.md section 5"),
)


def _read_resource(name: str) -> str:
    return files("officebill").joinpath(f"{_RESOURCE_DIR}/{name}").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_rows() -> tuple[dict[str, str], ...]:
    """The layout CSV as shipped (the public reference table, unchanged)."""
    return tuple(csv.DictReader(io.StringIO(_read_resource("cms1500_layout.csv"))))


@lru_cache(maxsize=1)
def load_geometry() -> dict:
    """Pre-printed rules, boxes, shading and checkboxes of the form (cms1500_geometry.json)."""
    return json.loads(_read_resource("cms1500_geometry.json"))


def _slot_from_row(row: dict[str, str]) -> Slot:
    line = int(row["line"]) if row["line"].strip() else None
    column = int(row["column"]) if row["column"].strip() else None
    max_chars = int(row["max_chars"]) if row["max_chars"].strip() else 0
    return Slot(
        item=row["item"],
        description=row["description"],
        x=float(row["x_pt"]),
        baseline=float(row["baseline_pt_from_top"]),
        max_chars=max_chars,
        cell=_rect(row["fillable_rect_pdf"]),
        reserved=row["item"] in _RESERVED,
        line=line,
        column=column,
    )


def _centre_checkbox(slot: Slot) -> Slot:
    """An X centred on its check box: the OpenEMR columns put it about 3 pt right of centre,
    against the right edge of the printed square."""
    x0, _, x1, _ = slot.cell
    return replace(slot, x=round((x0 + x1) / 2 - CHAR_WIDTH / 2, 2), column=None,
                   corrected="check box: X centred on the printed square")


def _apply(slot: Slot, fix: dict) -> Slot:
    changes: dict = {}
    line = fix.get("line", slot.line)
    column = fix.get("column", slot.column)
    if "line" in fix:
        changes["baseline"] = line_baseline(line)
        changes["line"] = line
    if "column" in fix:
        changes["x"] = column_x(column)
        changes["column"] = column
    if "x" in fix:
        changes["x"] = float(fix["x"])
        changes["column"] = None
    for key in ("max_chars", "align", "cell"):
        if key in fix:
            changes[key] = fix[key]
    changes["corrected"] = fix.get("why", "")
    return replace(slot, **changes)


@lru_cache(maxsize=1)
def load_layout() -> dict[str, Slot]:
    """Every printable item, keyed by the CSV `item` name, with the corrections applied."""
    slots: dict[str, Slot] = {}
    for row in load_rows():
        slot = _slot_from_row(row)
        if "/" in row["fillable_field"] and slot.cell is not None:  # check box widget ("name/EXPORT")
            slot = _centre_checkbox(slot)
        fix = CORRECTIONS.get(slot.item)
        if fix:
            slot = _apply(slot, fix)
        slots[slot.item] = slot
    for extra in EXTRA_SLOTS:
        slots[extra.item] = extra
    missing = set(CORRECTIONS) - set(slots)
    if missing:  # a renamed CSV row must not silently drop a correction
        raise ValueError(f"layout corrections name unknown items: {sorted(missing)}")
    return slots
