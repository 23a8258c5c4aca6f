"""Patient statements as a PDF (ReportLab): one letter page per statement, for a #10 double-window envelope.

The page is folded in three. Its top third shows through the envelope's two
windows: the practice's return address in the upper one, the guarantor's
address in the lower one. The windows of the common #10 double-window
envelope (4 1/8 x 9 1/2 in) made for letter pages folded in three are: upper
3 1/2 x 1 in, 3/4 in from the left and 2 5/8 in from the bottom; lower
4 x 1 1/8 in, 3/4 in from the left and 5/8 in from the bottom. The folded page
(3 2/3 in tall) can ride 0.46 in up or down inside the envelope, so each
address is kept inside the part of its window that shows the page in either
position (`RETURN_WINDOW`, `ADDRESS_WINDOW`, in inches from the page's top
left). The middle third lists the visits, the aging and the message; the
bottom is the remittance stub, torn off and mailed back with the payment.

The parts that are the same on every page of a run (labels, rules, the
practice's addresses) are drawn once as a form XObject and reused, so a
thousand statements stay small and quick to draw.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from ..core.statements import Statement
from .page import (
    BOLD,
    REGULAR,
    PageText,
    address_lines,
    amount,
    fit,
    new_canvas,
    plain_streams,
    shrink,
    wrap,
    x_at,
    y_at,
)


@dataclass(frozen=True)
class Window:
    """A part of an envelope window, in inches from the page's top left."""

    left: float
    top: float
    width: float
    height: float


RETURN_WINDOW = Window(0.75, 0.50, 3.50, 0.54)  # always visible through the upper window
ADDRESS_WINDOW = Window(0.75, 2.375, 4.00, 0.667)  # always visible through the lower window
TEXT_LEFT = 1.0  # addresses start here: 1/4 in of play either way inside the windows

# The visit table: (title, right edge in inches) of each amount column, after date and description.
COLUMNS = (("Charges", 4.10), ("Ins. paid", 4.88), ("Ins. adjusted", 5.66), ("You paid/adj.", 6.44),
           ("Ins. pending", 7.22), ("Balance", 8.00))
COLUMN_FIELDS = ("charges", "insurance_paid", "insurance_adjusted", None, "insurance_pending", "balance")
TABLE_TOP, ROW_HEIGHT, LINE_HEIGHT = 3.95, 0.18, 0.12
TABLE_SPACE = 2.45  # inches from the first row to the aging (12 one-line rows, or fewer with two-line ones)
LEFT, RIGHT, DESCRIPTION_LEFT, DESCRIPTION_RIGHT = 0.5, 8.0, 1.25, 3.32
STUB_TOP = 8.05
REMIT_TOP = 9.55  # low on the stub, where the window of a #9 return envelope shows it


def render_statements(statements: Iterable[Statement]) -> bytes:
    """One PDF with a page per statement (bytes)."""
    with plain_streams():
        return _render(statements)


def _render(statements: Iterable[Statement]) -> bytes:
    canvas, buffer = new_canvas("Patient statements")
    forms: dict[tuple, str] = {}
    pages = 0
    for statement in statements:
        key = (statement.practice_name, statement.practice_address, statement.practice_phone,
               statement.remit_name, statement.remit_address)
        if key not in forms:
            forms[key] = f"statement_form_{len(forms)}"
            canvas.beginForm(forms[key], lowerx=0, lowery=0, upperx=612, uppery=792)
            _draw_fixed(canvas, statement)
            canvas.endForm()
        canvas.doForm(forms[key])
        _draw_statement(canvas, statement)
        canvas.showPage()
        pages += 1
    if not pages:
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# ------------------------------------------------------------------------- what every page shares
def _text(canvas: Canvas, x: float, top: float, text: str, font: str = REGULAR, size: float = 8) -> None:
    canvas.setFont(font, size)
    canvas.drawString(x_at(x), y_at(top), text)


def _right(canvas: Canvas, x: float, top: float, text: str, font: str = REGULAR, size: float = 8) -> None:
    canvas.setFont(font, size)
    canvas.drawRightString(x_at(x), y_at(top), text)


def _rule(canvas: Canvas, left: float, right: float, top: float, width: float = 0.5) -> None:
    canvas.setLineWidth(width)
    canvas.line(x_at(left), y_at(top), x_at(right), y_at(top))


def _box(canvas: Canvas, left: float, top: float, width: float, height: float) -> None:
    canvas.setLineWidth(0.75)
    canvas.rect(x_at(left), y_at(top + height), width * 72, height * 72)


def _draw_fixed(canvas: Canvas, s: Statement) -> None:
    """Labels, rules and the practice's addresses: the same on every statement of the practice."""
    # return address, in the upper window
    top = RETURN_WINDOW.top + 0.14
    _text(canvas, TEXT_LEFT, top, fit(s.practice_name, 3.2 * 72, BOLD, 9.5), BOLD, 9.5)
    for i, line in enumerate(address_lines(s.practice_address, one_street_line=True)[:2]):
        _text(canvas, TEXT_LEFT, top + 0.15 * (i + 1), fit(line, 3.2 * 72, REGULAR, 9), REGULAR, 9)
    # heading block on the right
    _right(canvas, RIGHT, 0.75, "STATEMENT", BOLD, 18)
    for i, label in enumerate(("Statement date", "Account", "Amount due")):
        _text(canvas, 5.2, 1.15 + 0.22 * i, label, REGULAR, 9)
    _rule(canvas, 5.2, RIGHT, 1.78)
    if s.practice_phone:
        _text(canvas, 5.2, 1.98, "Billing questions? Call", REGULAR, 8)
        _right(canvas, RIGHT, 1.98, s.practice_phone, BOLD, 8)
    # the visit table
    _text(canvas, LEFT, TABLE_TOP - 0.22, "Your account", BOLD, 10)
    _text(canvas, LEFT, TABLE_TOP, "Date", BOLD, 7.5)
    _text(canvas, DESCRIPTION_LEFT, TABLE_TOP, "Services", BOLD, 7.5)
    for title, right in COLUMNS:
        _right(canvas, right, TABLE_TOP, title, BOLD, 7.5)
    _rule(canvas, LEFT, RIGHT, TABLE_TOP + 0.06)
    # aging and balance
    aging_top = 6.95
    _rule(canvas, LEFT, RIGHT, aging_top - 0.2, 0.75)
    for i, title in enumerate(("Current", "31-60 days", "61-90 days", "Over 90 days", "Ins. pending", "Balance due")):
        _right(canvas, 2.0 + 1.2 * i, aging_top, title, BOLD, 7.5)
    # the stub
    canvas.setDash(3, 2)
    _rule(canvas, 0.25, 8.25, STUB_TOP - 0.2)
    canvas.setDash()
    _text(canvas, LEFT, STUB_TOP - 0.27, "Please detach and return this part with your payment.", REGULAR, 7)
    _text(canvas, TEXT_LEFT, REMIT_TOP - 0.22, "Make checks payable to and mail to:", REGULAR, 8)
    _text(canvas, TEXT_LEFT, REMIT_TOP, fit(s.remit_name, 3.4 * 72, BOLD, 10), BOLD, 10)
    for i, line in enumerate(address_lines(s.remit_address)[:3]):
        _text(canvas, TEXT_LEFT, REMIT_TOP + 0.16 * (i + 1), fit(line, 3.4 * 72, REGULAR, 10), REGULAR, 10)
    for i, label in enumerate(("Account", "Statement date", "Patient", "Amount due")):
        _text(canvas, 4.9, STUB_TOP + 0.2 + 0.24 * i, label, REGULAR, 9)
    _text(canvas, 4.9, STUB_TOP + 1.35, "Amount enclosed", BOLD, 9)
    _box(canvas, 6.2, STUB_TOP + 1.15, 1.8, 0.3)
    _text(canvas, 6.27, STUB_TOP + 1.35, "$", REGULAR, 10)
    _text(canvas, 4.9, STUB_TOP + 1.75, "Write your account number on your check.", REGULAR, 7.5)


# --------------------------------------------------------------------------- one statement's values
def _draw_statement(canvas: Canvas, s: Statement) -> None:
    page = PageText(canvas)
    day = f"{s.statement_date:%m/%d/%Y}"
    due = amount(s.balance_due)
    for i, value in enumerate((day, s.account, due)):
        page.right(RIGHT, 1.15 + 0.22 * i, value, BOLD, 10 if i == 2 else 9)
    # the guarantor, in the lower window: upper case, as the postal service reads best
    top = ADDRESS_WINDOW.top + 0.14
    for i, line in enumerate(_guarantor_lines(s)):
        text, size = shrink(line, 3.6 * 72)
        page.add(TEXT_LEFT, top + 0.153 * i, text, REGULAR, size)
    # visits
    top = TABLE_TOP + 0.25
    for row, lines in zip(s.visits, _descriptions(s)):
        if row.service_date:
            page.add(LEFT, top, f"{row.service_date:%m/%d/%Y}")
        for i, line in enumerate(lines):
            page.add(DESCRIPTION_LEFT, top + LINE_HEIGHT * i, line)
        for (_title, right), name in zip(COLUMNS, COLUMN_FIELDS):
            value = row.patient_paid + row.patient_adjusted if name is None else getattr(row, name)
            page.right(right, top, amount(value), BOLD if name == "balance" else REGULAR)
        top += ROW_HEIGHT + LINE_HEIGHT * (len(lines) - 1)
    # aging, pending, balance due
    figures = [money for _name, money in s.aging.buckets] + [s.insurance_pending, s.balance_due]
    for i, money in enumerate(figures):
        page.right(2.0 + 1.2 * i, 7.15, amount(money), BOLD if i == 5 else REGULAR, 10 if i == 5 else 9)
    for i, line in enumerate(wrap(s.message, 7.4 * 72, BOLD, 9)):
        page.add(LEFT, 7.42 + 0.15 * i, line, BOLD, 9)
    # stub values
    for i, value in enumerate((s.account, day, fit(s.patient_name, 2.3 * 72, BOLD, 9), due)):
        page.right(RIGHT, STUB_TOP + 0.2 + 0.24 * i, value, BOLD, 9)
    page.draw()


def _descriptions(s: Statement) -> list[list[str]]:
    """Each row's description in one or two lines; two-line rows go back to one (cut) from the oldest while the
    rows would run past the table's space."""
    width = (DESCRIPTION_RIGHT - DESCRIPTION_LEFT) * 72 - 6
    lines = [wrap(row.description, width, REGULAR, 8, max_lines=2) or [""] for row in s.visits]
    for i, row_lines in enumerate(lines):
        if ROW_HEIGHT * len(lines) + LINE_HEIGHT * sum(len(l) - 1 for l in lines) <= TABLE_SPACE:
            break
        if len(row_lines) > 1:
            lines[i] = [fit(s.visits[i].description, width)]
    return lines


def _guarantor_lines(s: Statement) -> list[str]:
    """The envelope address: name, street lines, city state ZIP (upper case, at most four lines)."""
    a = s.guarantor_address
    city = " ".join(p for p in (a.city, a.state, a.zip) if p)
    lines = [s.guarantor_name, a.line1, a.line2, city]
    return [line.upper() for line in lines if line.strip()][:4]
