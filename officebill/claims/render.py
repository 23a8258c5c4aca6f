"""CMS-1500 (02/12) PDF renderer (ReportLab), driven by the layout table.

Two modes:
* "red": data only, for pre-printed red drop-out forms: Courier 12 pt (10 cpi), 6 lpi,
  upper case, black, each value at its slot of `layout.load_layout()`.
* "full": the form itself drawn from cms1500_geometry.json (rules, boxes, labels, shading in
  the form's red) under the same data, for plain paper. The form is drawn once as a
  ReportLab form XObject and reused on every page.

Printer offsets (millimetres; +x moves everything right, +y moves everything down) apply to
everything on the page. Pages are exactly US Letter and the PDF asks viewers not to scale
(/PrintScaling /None). `Canvas(invariant=1)` makes the bytes repeatable.
"""
from __future__ import annotations

import io
from collections.abc import Iterable

from reportlab.pdfgen.canvas import Canvas

from officebill.core.claim import Claim

from .cms1500 import forms_for
from .layout import (
    FONT_SIZE,
    LINES_PER_FORM,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    load_geometry,
    load_layout,
)

MODES = ("red", "full")
DATA_FONT = "Courier"
LABEL_FONT = "Helvetica"
LABEL_BOLD = "Helvetica-Bold"
FORM_NAME = "cms1500_0212"
MM = 72.0 / 25.4


def mm_to_pt(mm: float) -> float:
    return float(mm) * MM


# ---------------------------------------------------------------------------------------------
# The facsimile form

def _rgb(values) -> tuple[float, float, float]:
    r, g, b = values
    return (r / 255.0, g / 255.0, b / 255.0)


def _y(y_top: float) -> float:
    return PAGE_HEIGHT - y_top


# Box titles: (text, x, baseline from top, size). Measured from the official form image.
_S = 5.2  # label size
_LABELS: tuple[tuple[str, float, float, float], ...] = (
    ("APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12", 20.3, 75.5, 4.8),
    ("PICA", 43.0, 93.0, _S), ("PICA", 548.0, 93.0, _S),
    ("1.  MEDICARE", 21.0, 103.0, _S), ("MEDICAID", 82.0, 103.0, _S), ("TRICARE", 134.0, 103.0, _S),
    ("CHAMPVA", 200.0, 103.0, _S), ("GROUP", 250.0, 102.0, _S), ("HEALTH PLAN", 250.0, 107.0, _S),
    ("FECA", 308.0, 102.0, _S), ("BLK LUNG", 306.0, 107.0, _S), ("OTHER", 350.0, 103.0, _S),
    ("(Medicare#)", 33.0, 115.0, _S), ("(Medicaid#)", 82.0, 115.0, _S), ("(ID#/DoD#)", 133.0, 115.0, _S),
    ("(Member ID#)", 198.0, 115.0, _S), ("(ID#)", 249.0, 115.0, _S), ("(ID#)", 307.0, 115.0, _S),
    ("(ID#)", 350.0, 115.0, _S),
    ("1a. INSURED'S I.D. NUMBER", 373.0, 103.0, _S), ("(For Program in Item 1)", 508.0, 103.0, _S),
    ("2. PATIENT'S NAME (Last Name, First Name, Middle Initial)", 21.0, 127.0, _S),
    ("3. PATIENT'S BIRTH DATE", 229.0, 126.0, _S), ("SEX", 330.0, 127.0, _S),
    ("MM", 240.0, 131.5, 4.2), ("DD", 262.0, 131.5, 4.2), ("YY", 286.0, 131.5, 4.2),
    ("M", 306.0, 140.0, _S), ("F", 342.0, 140.0, _S),
    ("4. INSURED'S NAME (Last Name, First Name, Middle Initial)", 373.0, 127.0, _S),
    ("5. PATIENT'S ADDRESS (No., Street)", 21.0, 150.0, _S),
    ("6. PATIENT RELATIONSHIP TO INSURED", 229.0, 150.0, _S),
    ("Self", 236.0, 164.0, _S), ("Spouse", 264.0, 164.0, _S), ("Child", 301.0, 164.0, _S),
    ("Other", 334.0, 164.0, _S),
    ("7. INSURED'S ADDRESS (No., Street)", 373.0, 150.0, _S),
    ("CITY", 21.0, 174.0, _S), ("STATE", 202.0, 174.0, _S), ("8. RESERVED FOR NUCC USE", 229.0, 174.0, _S),
    ("CITY", 373.0, 174.0, _S), ("STATE", 545.0, 174.0, _S),
    ("ZIP CODE", 21.0, 197.0, _S), ("TELEPHONE (Include Area Code)", 116.0, 197.0, _S),
    ("(", 120.0, 211.0, 8.0), (")", 145.0, 211.0, 8.0),
    ("ZIP CODE", 373.0, 198.0, _S), ("TELEPHONE (Include Area Code)", 467.0, 198.0, _S),
    ("(", 478.0, 211.0, 8.0), (")", 506.0, 211.0, 8.0),
    ("9. OTHER INSURED'S NAME (Last Name, First Name, Middle Initial)", 21.0, 223.0, _S),
    ("10. IS PATIENT'S CONDITION RELATED TO:", 229.0, 223.0, _S),
    ("11. INSURED'S POLICY GROUP OR FECA NUMBER", 373.0, 223.0, _S),
    ("a. OTHER INSURED'S POLICY OR GROUP NUMBER", 21.0, 246.0, _S),
    ("a. EMPLOYMENT? (Current or Previous)", 229.0, 246.0, _S),
    ("YES", 277.0, 261.0, _S), ("NO", 320.0, 261.0, _S),
    ("a. INSURED'S DATE OF BIRTH", 373.0, 247.0, _S), ("SEX", 530.0, 247.0, _S),
    ("MM", 398.0, 252.0, 4.2), ("DD", 420.0, 252.0, 4.2), ("YY", 443.0, 252.0, 4.2),
    ("M", 492.0, 261.0, _S), ("F", 545.0, 261.0, _S),
    ("b. RESERVED FOR NUCC USE", 21.0, 269.0, _S), ("b. AUTO ACCIDENT?", 229.0, 270.0, _S),
    ("PLACE (State)", 328.0, 272.0, _S), ("YES", 277.0, 285.0, _S), ("NO", 320.0, 285.0, _S),
    ("b. OTHER CLAIM ID (Designated by NUCC)", 373.0, 270.0, _S),
    ("c. RESERVED FOR NUCC USE", 21.0, 294.0, _S), ("c. OTHER ACCIDENT?", 229.0, 294.0, _S),
    ("YES", 277.0, 309.0, _S), ("NO", 320.0, 309.0, _S),
    ("c. INSURANCE PLAN NAME OR PROGRAM NAME", 373.0, 294.0, _S),
    ("d. INSURANCE PLAN NAME OR PROGRAM NAME", 21.0, 318.0, _S),
    ("10d. CLAIM CODES (Designated by NUCC)", 229.0, 318.0, _S),
    ("d. IS THERE ANOTHER HEALTH BENEFIT PLAN?", 373.0, 318.0, _S),
    ("YES", 400.0, 333.0, _S), ("NO", 437.0, 333.0, _S),
    ("If yes, complete items 9, 9a, and 9d.", 466.0, 333.0, _S),
    ("12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE  I authorize the release of any medical or other "
     "information necessary", 21.0, 349.0, 4.8),
    ("to process this claim. I also request payment of government benefits either to myself or to the "
     "party who accepts assignment", 21.0, 355.0, 4.8),
    ("below.", 21.0, 361.0, 4.8),
    ("SIGNED", 21.0, 379.0, _S), ("DATE", 255.0, 379.0, _S),
    ("13. INSURED'S OR AUTHORIZED PERSON'S SIGNATURE  I authorize", 373.0, 343.0, 4.8),
    ("payment of medical benefits to the undersigned physician or supplier for", 373.0, 349.0, 4.8),
    ("services described below.", 373.0, 355.0, 4.8),
    ("SIGNED", 375.0, 380.0, _S),
    ("14. DATE OF CURRENT ILLNESS, INJURY, or PREGNANCY (LMP)", 21.0, 390.0, _S),
    ("MM", 31.0, 395.5, 4.2), ("DD", 52.0, 395.5, 4.2), ("YY", 78.0, 395.5, 4.2), ("QUAL.", 106.0, 405.0, _S),
    ("15. OTHER DATE", 215.0, 390.0, _S), ("QUAL.", 215.0, 401.0, _S),
    ("MM", 284.0, 395.5, 4.2), ("DD", 305.0, 395.5, 4.2), ("YY", 332.0, 395.5, 4.2),
    ("16. DATES PATIENT UNABLE TO WORK IN CURRENT OCCUPATION", 373.0, 390.0, _S),
    ("FROM", 378.0, 405.0, _S), ("TO", 490.0, 405.0, _S),
    ("MM", 404.0, 395.5, 4.2), ("DD", 426.0, 395.5, 4.2), ("YY", 453.0, 395.5, 4.2),
    ("MM", 506.0, 395.5, 4.2), ("DD", 528.0, 395.5, 4.2), ("YY", 555.0, 395.5, 4.2),
    ("17. NAME OF REFERRING PROVIDER OR OTHER SOURCE", 21.0, 414.0, _S),
    ("17a.", 214.0, 416.0, _S), ("17b.", 214.0, 428.0, _S), ("NPI", 247.0, 428.0, _S),
    ("18. HOSPITALIZATION DATES RELATED TO CURRENT SERVICES", 373.0, 414.0, _S),
    ("FROM", 378.0, 429.0, _S), ("TO", 490.0, 429.0, _S),
    ("MM", 404.0, 419.5, 4.2), ("DD", 426.0, 419.5, 4.2), ("YY", 453.0, 419.5, 4.2),
    ("MM", 506.0, 419.5, 4.2), ("DD", 528.0, 419.5, 4.2), ("YY", 555.0, 419.5, 4.2),
    ("19. ADDITIONAL CLAIM INFORMATION (Designated by NUCC)", 21.0, 438.0, _S),
    ("20. OUTSIDE LAB?", 373.0, 438.0, _S), ("$ CHARGES", 490.0, 438.0, _S),
    ("YES", 400.0, 453.0, _S), ("NO", 437.0, 453.0, _S),
    ("21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY  Relate A-L to service line below (24E)", 21.0, 462.0, _S),
    ("ICD Ind.", 289.0, 467.0, _S),
    ("A.", 24.0, 477.0, _S), ("B.", 118.0, 477.0, _S), ("C.", 212.0, 477.0, _S), ("D.", 306.0, 477.0, _S),
    ("E.", 24.0, 489.0, _S), ("F.", 118.0, 489.0, _S), ("G.", 212.0, 489.0, _S), ("H.", 306.0, 489.0, _S),
    ("I.", 24.0, 501.0, _S), ("J.", 118.0, 501.0, _S), ("K.", 212.0, 501.0, _S), ("L.", 306.0, 501.0, _S),
    ("22. RESUBMISSION", 373.0, 462.0, _S), ("CODE", 384.0, 468.0, _S),
    ("ORIGINAL REF. NO.", 467.0, 468.0, _S),
    ("23. PRIOR AUTHORIZATION NUMBER", 373.0, 486.0, _S),
    ("24. A.", 21.0, 511.0, _S), ("DATE(S) OF SERVICE", 55.0, 511.0, _S),
    ("From", 48.0, 517.0, _S), ("To", 108.0, 517.0, _S),
    ("MM", 23.0, 525.0, 4.2), ("DD", 45.0, 525.0, 4.2), ("YY", 67.0, 525.0, 4.2),
    ("MM", 88.0, 525.0, 4.2), ("DD", 110.0, 525.0, 4.2), ("YY", 132.0, 525.0, 4.2),
    ("B.", 156.0, 511.0, _S), ("PLACE OF", 148.0, 518.0, 4.4), ("SERVICE", 148.5, 525.0, 4.4),
    ("C.", 177.0, 511.0, _S), ("EMG", 174.0, 525.0, _S),
    ("D. PROCEDURES, SERVICES, OR SUPPLIES", 195.0, 511.0, _S),
    ("(Explain Unusual Circumstances)", 212.0, 518.0, _S),
    ("CPT/HCPCS", 195.0, 525.0, _S), ("MODIFIER", 272.0, 525.0, _S),
    ("E.", 350.0, 511.0, _S), ("DIAGNOSIS", 337.0, 518.0, _S), ("POINTER", 340.0, 525.0, _S),
    ("F.", 400.0, 511.0, _S), ("$ CHARGES", 388.0, 525.0, _S),
    ("G.", 446.0, 511.0, _S), ("DAYS", 443.0, 516.0, 4.2), ("OR", 446.0, 520.5, 4.2),
    ("UNITS", 442.0, 525.0, 4.2),
    ("H.", 469.0, 511.0, _S), ("EPSDT", 465.0, 516.0, 4.0), ("Family", 465.0, 520.5, 4.0),
    ("Plan", 467.0, 525.0, 4.0),
    ("I.", 487.0, 511.0, _S), ("ID.", 485.0, 518.0, _S), ("QUAL.", 482.0, 525.0, _S),
    ("J.", 542.0, 511.0, _S), ("RENDERING", 528.0, 518.0, _S), ("PROVIDER ID. #", 522.0, 525.0, _S),
    ("25. FEDERAL TAX I.D. NUMBER", 21.0, 677.0, _S), ("SSN", 136.0, 677.0, _S), ("EIN", 151.0, 677.0, _S),
    ("26. PATIENT'S ACCOUNT NO.", 179.0, 677.0, _S),
    ("27. ACCEPT ASSIGNMENT?", 284.0, 677.0, _S), ("(For govt. claims, see back)", 290.0, 682.0, 4.0),
    ("YES", 300.0, 692.0, _S), ("NO", 336.0, 692.0, _S),
    ("28. TOTAL CHARGE", 373.0, 677.0, _S), ("$", 376.0, 692.0, 6.0),
    ("29. AMOUNT PAID", 455.0, 677.0, _S), ("$", 457.0, 692.0, 6.0),
    ("30. Rsvd for NUCC Use", 523.0, 677.0, _S),
    ("31. SIGNATURE OF PHYSICIAN OR SUPPLIER", 21.0, 702.0, _S),
    ("INCLUDING DEGREES OR CREDENTIALS", 30.0, 708.0, _S),
    ("(I certify that the statements on the reverse", 30.0, 714.0, 4.8),
    ("apply to this bill and are made a part thereof.)", 30.0, 720.0, 4.8),
    ("SIGNED", 21.0, 755.0, _S), ("DATE", 125.0, 755.0, _S),
    ("32. SERVICE FACILITY LOCATION INFORMATION", 179.0, 702.0, _S),
    ("a.", 179.0, 752.0, _S), ("b.", 262.0, 752.0, _S),
    ("33. BILLING PROVIDER INFO & PH #", 373.0, 702.0, _S),
    ("(", 484.0, 705.0, 8.0), (")", 510.0, 705.0, 8.0),
    ("a.", 373.0, 752.0, _S), ("b.", 456.0, 752.0, _S),
    ("NUCC Instruction Manual available at: www.nucc.org", 21.0, 765.0, 5.8),
    ("APPROVED OMB-0938-1197 FORM 1500 (02-12)", 405.0, 765.0, 5.8),
)

_SIDE_LABELS = (("CARRIER", 20.0, 95.0), ("PATIENT AND INSURED INFORMATION", 98.0, 382.0),
                ("PHYSICIAN OR SUPPLIER INFORMATION", 388.0, 755.0))

# 24 column rules that run through the whole service line (shaded and white halves).
_FULL_HEIGHT_24_RULES = (478.7, 499.9)
_DOTTED_24_RULES = (38.6, 59.9, 102.9, 126.1)


def draw_form(canvas: Canvas) -> None:
    """Draw the blank CMS-1500 (02/12) facsimile from cms1500_geometry.json."""
    geo = load_geometry()
    red = _rgb(geo["colors_measured_from_scan"]["rule_red_rgb"])
    pink = _rgb(geo["colors_measured_from_scan"]["shading_pink_rgb"])
    c = canvas
    c.saveState()
    # Shading first, so rules draw over it.
    c.setFillColorRGB(*pink)
    for line in geo["service_lines"]:
        x0, x1 = line["shaded_x"]
        t0, t1 = line["shaded_y_top"]
        c.rect(x0, _y(t1), x1 - x0, t1 - t0, stroke=0, fill=1)
    for area in geo["shaded_areas_other"]:
        c.rect(area["x0"], _y(area["y_top1"]), area["x1"] - area["x0"], area["y_top1"] - area["y_top0"],
               stroke=0, fill=1)

    c.setStrokeColorRGB(*red)
    c.setFillColorRGB(*red)
    c.setLineCap(0)
    for rule in geo["horizontal_rules"]:
        heavy = "heavy" in rule.get("weight", "")
        c.setLineWidth(1.6 if heavy else 0.6)
        c.line(rule["x0"], _y(rule["y_top"]), rule["x1"], _y(rule["y_top"]))

    service_top = geo["service_lines"][0]["shaded_y_top"][0]
    for rule in geo["vertical_rules"]:
        x, t0, t1 = rule["x"], rule["y_top0"], rule["y_top1"]
        dotted = "dotted" in rule["what"]
        c.setLineWidth(0.5 if dotted else 0.6)
        c.setDash(1, 1.5) if dotted else c.setDash()
        if t0 <= 504.5 and t1 >= 670 and not any(abs(x - f) < 0.6 for f in _FULL_HEIGHT_24_RULES):
            c.line(x, _y(t0), x, _y(service_top))  # 24 header only; white halves below
        else:
            c.line(x, _y(t0), x, _y(t1))
    c.setDash()
    # Box 24 column rules in the white half of each service line.
    for line in geo["service_lines"]:
        w0, w1 = line["white_y_top"]
        for x in geo["service_line_unshaded_half_column_rules_x"]["values"]:
            if any(abs(x - f) < 0.6 for f in _FULL_HEIGHT_24_RULES) or x in (19.3, 589.3):
                continue
            c.setDash(1, 1.5) if x in _DOTTED_24_RULES else c.setDash()
            c.setLineWidth(0.5)
            c.line(x, _y(w0), x, _y(w1))
        c.setDash()
        # Big line number in the left margin and the pre-printed NPI in 24I.
        c.setFont(LABEL_FONT, 11)
        c.drawString(7.0, _y(w1 - 1.5), str(line["line"]))
        c.setFont(LABEL_FONT, _S)
        c.drawString(484.0, _y(w1 - 2.5), "NPI")

    # Checkbox squares, as (x0, x1, y_top0, y_top1).
    boxes = geo["checkboxes_printed_approx"]
    squares: list[tuple[float, float, float, float]] = []
    t0, t1 = boxes["box1"]["y_top"]
    squares += [(a, b, t0, t1) for a, b in boxes["box1"]["x_pairs"]]
    t0, t1 = boxes["box3_sex"]["y_top"]
    squares += [(*boxes["box3_sex"]["M_x"], t0, t1), (*boxes["box3_sex"]["F_x"], t0, t1)]
    t0, t1 = boxes["box6"]["y_top"]
    squares += [(a, b, t0, t1) for a, b in boxes["box6"]["x_pairs"]]
    for t0, t1 in boxes["box10abc_yes_no"]["y_top_rows"]:
        squares += [(*boxes["box10abc_yes_no"]["YES_x"], t0, t1), (*boxes["box10abc_yes_no"]["NO_x"], t0, t1)]
    for key, names in (("box20", ("YES_x", "NO_x")), ("box25", ("SSN_x", "EIN_x")), ("box27", ("YES_x", "NO_x"))):
        t0, t1 = boxes[key]["y_top"]
        squares += [(*boxes[key][n], t0, t1) for n in names]
    layout = load_layout()
    for item in ("11a_sex_m", "11a_sex_f", "11d_yes", "11d_no"):  # from the CMS widget rectangles
        x0, b0, x1, b1 = layout[item].cell
        squares.append((x0, x1, PAGE_HEIGHT - b1, PAGE_HEIGHT - b0))
    c.setLineWidth(0.6)
    for a, b, t0, t1 in squares:
        c.rect(a, _y(t1), b - a, t1 - t0, stroke=1, fill=0)
    for box in ("pica_box_left", "pica_box_right"):
        b = geo["header"][box]
        c.rect(b["x0"], _y(b["y_top1"]), b["x1"] - b["x0"], b["y_top1"] - b["y_top0"], stroke=1, fill=0)

    # Title, labels, footer, side labels.
    title = geo["header"]["title_HEALTH_INSURANCE_CLAIM_FORM_red_bold"]
    c.setFont(LABEL_BOLD, 10.5)
    c.drawString(title["x0"], _y(title["y_top1"]), "HEALTH INSURANCE CLAIM FORM")
    for text, x, base, size in _LABELS:
        c.setFont(LABEL_FONT, size)
        c.drawString(x, _y(base), text)
    c.setFont(LABEL_BOLD, 5.2)
    c.drawString(94.0, _y(342.0), "READ BACK OF FORM BEFORE COMPLETING & SIGNING THIS FORM.")
    c.setFont("Helvetica-BoldOblique", 6.5)
    c.drawString(250.0, _y(765.0), "PLEASE PRINT OR TYPE")
    c.setFont(LABEL_FONT, 5.5)
    for text, t0, t1 in _SIDE_LABELS:
        c.saveState()
        c.translate(597.5, _y((t0 + t1) / 2))
        c.rotate(90)
        width = c.stringWidth(text, LABEL_FONT, 5.5)
        c.drawString(-width / 2, 0, text)
        c.restoreState()
        c.setLineWidth(0.4)
        c.line(594.8, _y(t0 + 1), 594.8, _y(t1 - 1))
    c.restoreState()


# ---------------------------------------------------------------------------------------------
# Pages

def _draw_values(canvas: Canvas, values: dict[str, str]) -> None:
    layout = load_layout()
    text = canvas.beginText()
    text.setFont(DATA_FONT, FONT_SIZE)
    for item, value in values.items():
        slot = layout[item]
        text.setTextOrigin(slot.text_x(value), slot.y)
        text.textOut(value)
    canvas.drawText(text)


class _Document:
    """A canvas set up for claim printing: Letter, no scaling, offsets, optional form XObject."""

    def __init__(self, mode: str, offset_x_mm: float, offset_y_mm: float, reuse_form: bool = True):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.mode = mode
        self.dx = mm_to_pt(offset_x_mm)
        self.dy = -mm_to_pt(offset_y_mm)  # +y (down on paper) is -y in PDF space
        self.reuse_form = reuse_form
        self.buffer = io.BytesIO()
        c = Canvas(self.buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1)
        c.setViewerPreference("PrintScaling", "None")
        c.setTitle("CMS-1500 claims")
        c.setCreator("OfficeBill")
        self.canvas = c
        self.form_ready = False
        self.pages = 0

    def _form(self) -> None:
        c = self.canvas
        if not self.reuse_form:
            draw_form(c)
            return
        if not self.form_ready:
            c.beginForm(FORM_NAME, lowerx=0, lowery=0, upperx=PAGE_WIDTH, uppery=PAGE_HEIGHT)
            draw_form(c)
            c.endForm()
            self.form_ready = True
        c.doForm(FORM_NAME)

    def page(self, values: dict[str, str]) -> None:
        c = self.canvas
        c.saveState()
        if self.dx or self.dy:
            c.translate(self.dx, self.dy)
        if self.mode == "full":
            self._form()
        c.setFillColorRGB(0, 0, 0)
        _draw_values(c, values)
        c.restoreState()
        c.showPage()
        self.pages += 1

    def finish(self) -> bytes:
        if self.pages == 0:
            self.page({})
        self.canvas.save()
        return self.buffer.getvalue()


def render_claims(claims: Iterable[Claim], mode: str = "red", offset_x_mm: float = 0.0,
                  offset_y_mm: float = 0.0, *, _reuse_form: bool = True) -> bytes:
    """Render claims into one PDF (bytes), one or more forms per claim.

    mode "red" prints data only for pre-printed red forms; "full" draws the form too.
    offset_x_mm / offset_y_mm shift everything (+x right, +y down) to correct a printer.
    Claims with more than 12 diagnoses are split (see `split_for_diagnoses`), claims with more
    than 6 lines continue on further forms with PAGE n OF m and the payer's totals rule.
    `_reuse_form=False` redraws the form on every page (benchmark comparison only).
    """
    doc = _Document(mode, offset_x_mm, offset_y_mm, reuse_form=_reuse_form)
    for values in forms_for(claims):
        doc.page(values)
    return doc.finish()


def render_claim(claim: Claim, mode: str = "red", offset_x_mm: float = 0.0, offset_y_mm: float = 0.0) -> bytes:
    return render_claims([claim], mode, offset_x_mm, offset_y_mm)


# Alignment test page: X in known check boxes, the width of known fields filled with X, and
# brackets marking the first and last character cell of the wide fields.
ALIGNMENT_CHECKBOXES = ("1_medicare", "1_other", "3_sex_m", "3_sex_f", "6_self", "6_other", "10a_yes",
                        "10c_no", "11d_yes", "20_no", "25_ssn", "25_ein", "27_yes", "27_no")
ALIGNMENT_FIELDS = ("carrier_1_name", "1a", "2", "3_dob_mm", "3_dob_dd", "3_dob_yyyy", "4", "5_street",
                    "7_street", "11", "14_mm", "14_dd", "14_yyyy", "17b_npi", "19", "21A", "21D", "21L",
                    "22_original_ref", "23", "25_tax_id", "26", "28_dollars", "28_cents", "31_date", "32a",
                    "33a", "33b_id", "33_name", "33_street")
ALIGNMENT_LINE_ITEMS = ("24A_{n}_from_mm", "24A_{n}_from_dd", "24A_{n}_from_yy", "24A_{n}_to_mm",
                        "24A_{n}_to_dd", "24A_{n}_to_yy", "24B_{n}", "24D_{n}_cpt", "24D_{n}_mod1",
                        "24D_{n}_mod4", "24E_{n}", "24F_{n}_dollars", "24F_{n}_cents", "24G_{n}", "24J_{n}_npi")


def alignment_values() -> dict[str, str]:
    """The values of the alignment test page, keyed like box values."""
    layout = load_layout()
    values = {item: "X" for item in ALIGNMENT_CHECKBOXES}
    for item in ALIGNMENT_FIELDS:
        width = layout[item].max_chars
        values[item] = "[" + "X" * (width - 2) + "]" if width > 3 else "X" * width
    for n in (1, LINES_PER_FORM):
        for pattern in ALIGNMENT_LINE_ITEMS:
            item = pattern.format(n=n)
            values[item] = "X" * layout[item].max_chars
        values[f"24A_{n}_shaded"] = "[SHADED" + "X" * 24 + "]"
    values["page_of"] = "ALIGNMENT TEST"
    return values


def render_alignment_page(mode: str = "red", offset_x_mm: float = 0.0, offset_y_mm: float = 0.0) -> bytes:
    """One page of alignment marks in known boxes, with the given offsets applied.

    Print it on a pre-printed form ("red") at 100 % scale: every X must sit inside its box and
    each bracketed field between its box edges. Measure how far the marks sit from where they
    belong (in mm, + right / + down) and add that to the printer offsets.
    """
    doc = _Document(mode, offset_x_mm, offset_y_mm)
    doc.page(alignment_values())
    return doc.finish()
