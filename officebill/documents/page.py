"""What the office's letter-size documents share: the canvas, positions from the top in inches, text fitting.

Only the standard PDF fonts (Helvetica and Helvetica-Bold) are used: every
reader has them, nothing is embedded, so a thousand pages stay small. The
canvas is `invariant` (the same records give the same bytes) and asks
viewers not to scale the page, so addresses land where the envelope needs them.
"""
from __future__ import annotations

import io
from contextlib import contextmanager
from functools import lru_cache

from reportlab import rl_config
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..core.money import Money
from ..core.records import Address

PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0  # US Letter, points
INCH = 72.0
REGULAR, BOLD = "Helvetica", "Helvetica-Bold"


def x_at(inches: float) -> float:
    """Points from the left edge."""
    return inches * INCH


def y_at(inches_from_top: float) -> float:
    """PDF's y (points up from the bottom) of a distance down from the top edge, in inches."""
    return PAGE_HEIGHT - inches_from_top * INCH


def new_canvas(title: str) -> tuple[Canvas, io.BytesIO]:
    """A letter canvas writing into a buffer, byte-stable and unscaled when printed."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1)
    canvas.setViewerPreference("PrintScaling", "None")
    canvas.setTitle(title)
    canvas.setCreator("OfficeBill")
    return canvas, buffer


def amount(money: Money) -> str:
    """An amount as printed in a column: 1,234.50 (a credit as -12.00)."""
    sign = "-" if money.cents < 0 else ""
    return f"{sign}{money.dollars:,}.{money.cents_part:02d}"


def address_lines(address: Address, one_street_line: bool = False) -> list[str]:
    """Street lines (joined into one with `one_street_line`) then "City, ST 12345"; blank parts left out."""
    city = ", ".join(p for p in (address.city, " ".join(p for p in (address.state, address.zip) if p)) if p)
    streets = [line for line in (address.line1, address.line2) if line.strip()]
    if one_street_line:
        streets = [", ".join(streets)] if streets else []
    return [*streets, city] if city else streets


@lru_cache(maxsize=8192)
def width(text: str, font: str = REGULAR, size: float = 8) -> float:
    """The printed width of `text` in points (amounts and labels repeat, so widths are remembered)."""
    return stringWidth(text, font, size)


def fit(text: str, room: float, font: str = REGULAR, size: float = 8) -> str:
    """`text` cut to fit `room` points, ending in "..." when cut."""
    if width(text, font, size) <= room:
        return text
    low, high = 0, len(text)  # the longest prefix that fits with the dots
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle] + "...", font, size) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "..."


def shrink(text: str, room: float, font: str = REGULAR, size: float = 10, smallest: float = 8) -> tuple[str, float]:
    """`text` and a font size at most `size` at which it fits `room`; cut at `smallest` when it still does not."""
    while size > smallest and width(text, font, size) > room:
        size -= 0.5
    return fit(text, room, font, size), size


def wrap(text: str, room: float, font: str = REGULAR, size: float = 9, max_lines: int = 3) -> list[str]:
    """`text` broken into lines of at most `room` points, at most `max_lines` (the last one cut)."""
    space = width(" ", font, size)
    lines: list[str] = []
    current, used = "", 0.0
    for word in text.split():
        wide = width(word, font, size)
        if current and used + space + wide > room:
            lines.append(current)
            current, used = "", 0.0
        current, used = (f"{current} {word}", used + space + wide) if current else (word, wide)
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [fit(" ".join(lines[max_lines - 1:]), room, font, size)]
    return lines


_ESCAPES = {ord("("): "\\(", ord(")"): "\\)", ord("\\"): "\\\\"}


def pdf_string(text: str) -> str:
    """`text` as the inside of a PDF string for the standard fonts (WinAnsi: cp1252; other characters as ?)."""
    if text.isascii() and text.isprintable():
        return text.translate(_ESCAPES)
    raw = text.encode("cp1252", "replace")
    return "".join(chr(b).translate(_ESCAPES) if 32 <= b < 127 else f"\\{b:03o}" for b in raw)


class PageText:
    """The text of one page drawn as a single PDF text object: far quicker than a drawString per value."""

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.text = canvas.beginText()
        self.font: tuple[str, float] | None = None
        self.names: dict[str, str] = {}

    def add(self, left: float, top: float, text: str, font: str = REGULAR, size: float = 8) -> None:
        """`text` starting `left` inches from the left edge, its baseline `top` inches from the top."""
        self._place(x_at(left), top, text, font, size)

    def right(self, right: float, top: float, text: str, font: str = REGULAR, size: float = 8) -> None:
        """`text` ending `right` inches from the left edge."""
        self._place(x_at(right) - width(text, font, size), top, text, font, size)

    def _place(self, x: float, top: float, text: str, font: str, size: float) -> None:
        if self.font != (font, size):
            self.text._code.append(f"{self._font_name(font)} {size:g} Tf")
            self.font = (font, size)
        # The operators themselves: ReportLab's setTextOrigin and textOut format floats and measure the text
        # in Python for a cursor we never use, which was most of the time of a 1,000-statement run.
        self.text._code.append(f"1 0 0 1 {x:.2f} {y_at(top):.2f} Tm ({pdf_string(text)}) Tj")

    def _font_name(self, font: str) -> str:
        """The font's name inside this PDF (/F1...), registering it with the document the first time."""
        if font not in self.names:
            self.names[font] = self.canvas._doc.getInternalFontName(font)
        return self.names[font]

    def draw(self) -> None:
        self.canvas.drawText(self.text)


@contextmanager
def plain_streams():
    """Page streams compressed only, not also ASCII85-encoded (ReportLab's default): smaller and much quicker."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before
