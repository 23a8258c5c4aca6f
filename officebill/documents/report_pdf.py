"""A report as a PDF: its title, period, one table (header repeated on every page, totals last) and notes.

Landscape US Letter, the standard Helvetica fonts only (nothing embedded),
drawn by ReportLab's platypus from the `Report` record (no SQL); the document
is `invariant`, so the same report gives the same bytes.
"""
from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..billing.reports import Report

REGULAR, BOLD = "Helvetica", "Helvetica-Bold"
_TITLE = ParagraphStyle("title", fontName=BOLD, fontSize=14, leading=18)
_SUB = ParagraphStyle("period", fontName=REGULAR, fontSize=9, leading=12, textColor=colors.HexColor("#444444"))
_NOTE = ParagraphStyle("note", fontName=REGULAR, fontSize=8, leading=10)
_MARGIN = 0.5 * inch


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(report: Report, width: float) -> Table:
    header, rows = report.table()
    font_size = 8 if len(report.columns) <= 9 else 7
    table = Table([header, *rows], repeatRows=1, hAlign="LEFT",
                  colWidths=_widths(report, width, font_size))
    style = [
        ("FONT", (0, 0), (-1, -1), REGULAR, font_size),
        ("FONT", (0, 0), (-1, 0), BOLD, font_size),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for index, column in enumerate(report.columns):
        if column.numeric:
            style.append(("ALIGN", (index, 0), (index, -1), "RIGHT"))
    if report.totals:
        style += [("FONT", (0, -1), (-1, -1), BOLD, font_size), ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black)]
    table.setStyle(TableStyle(style))
    return table


def _widths(report: Report, width: float, font_size: float) -> list[float]:
    """Each column as wide as its longest text (up to a limit), scaled down to fit the page."""
    header, rows = report.table()
    sample = [header, *rows[:500], *rows[-5:]]
    wanted = [min(3 * inch, max(stringWidth(r[i], BOLD, font_size) for r in sample) + 8)
              for i in range(len(header))]
    scale = min(1.0, width / sum(wanted))
    return [w * scale for w in wanted]


def report_pdf(report: Report) -> bytes:
    """The report's PDF bytes."""
    buffer = io.BytesIO()
    page = landscape(letter)
    document = SimpleDocTemplate(buffer, pagesize=page, leftMargin=_MARGIN, rightMargin=_MARGIN,
                                 topMargin=_MARGIN, bottomMargin=_MARGIN, title=report.title, creator="OfficeBill",
                                 invariant=1)
    story = [Paragraph(_escape(report.title), _TITLE), Paragraph(_escape(report.period), _SUB), Spacer(1, 8),
             _table(report, page[0] - 2 * _MARGIN), Spacer(1, 8)]
    story += [Paragraph(_escape(note), _NOTE) for note in report.notes]
    document.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def _footer(canvas, document) -> None:
    canvas.saveState()
    canvas.setFont(REGULAR, 7)
    canvas.drawRightString(document.pagesize[0] - _MARGIN, _MARGIN / 2, f"Page {document.page}")
    canvas.restoreState()
