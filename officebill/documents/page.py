"""What the office's letter-size documents share: the canvas, positions from the top in inches, text fitting.

Only the standard PDF fonts (Helvetica and Helvetica-Bold) are used: every
reader has them, nothing is embedded, so a thousand pages stay small. The
canvas is `invariant` (the same records give the same bytes) and asks
viewers not to scale the page, so addresses land where the envelope needs them.
"""
from __future__ import annotations

import io

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


def fit(text: str, width: float, font: str = REGULAR, size: float = 8) -> str:
    """`text` cut to fit `width` points, ending in "..." when cut."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "...", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "..."


def shrink(text: str, width: float, font: str = REGULAR, size: float = 10, smallest: float = 8) -> tuple[str, float]:
    """`text` and a font size at most `size` at which it fits `width`; cut at `smallest` when it still does not."""
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.5
    return fit(text, width, font, size), size


def wrap(text: str, width: float, font: str = REGULAR, size: float = 9, max_lines: int = 3) -> list[str]:
    """`text` broken into lines of at most `width` points, at most `max_lines` (the last one cut)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if stringWidth(trial, font, size) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [fit(" ".join(lines[max_lines - 1:]), width, font, size)]
    return lines
