"""A patient payment's receipt as a PDF (ReportLab): the top half of a letter page, to hand over or mail.

It says who was paid, by whom, when, how much, how (a card by its last four
digits only), which visits the money went to (and any credit left on the
account), and the patient's balance right after the payment.
"""
from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from ..core.statements import Receipt
from .page import BOLD, PAGE_WIDTH, REGULAR, address_lines, amount, fit, new_canvas, x_at, y_at

LEFT, RIGHT, LABELS_RIGHT = 1.0, 7.5, 2.6


def render_receipt(receipt: Receipt) -> bytes:
    """The receipt's PDF (bytes), one page."""
    canvas, buffer = new_canvas("Payment receipt")
    _draw(canvas, receipt)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _text(canvas: Canvas, x: float, top: float, text: str, font: str = REGULAR, size: float = 10) -> None:
    canvas.setFont(font, size)
    canvas.drawString(x_at(x), y_at(top), text)


def _right(canvas: Canvas, x: float, top: float, text: str, font: str = REGULAR, size: float = 10) -> None:
    canvas.setFont(font, size)
    canvas.drawRightString(x_at(x), y_at(top), text)


def _draw(canvas: Canvas, r: Receipt) -> None:
    canvas.setFont(BOLD, 13)
    canvas.drawCentredString(PAGE_WIDTH / 2, y_at(0.8), fit(r.practice_name, 6.5 * 72, BOLD, 13))
    contact = [*address_lines(r.practice_address, one_street_line=True), r.practice_phone]
    canvas.setFont(REGULAR, 9)
    for i, line in enumerate(line for line in contact if line):
        canvas.drawCentredString(PAGE_WIDTH / 2, y_at(1.0 + 0.15 * i), line)
    _text(canvas, LEFT, 1.75, "PAYMENT RECEIPT", BOLD, 14)
    canvas.setLineWidth(0.75)
    canvas.line(x_at(LEFT), y_at(1.85), x_at(RIGHT), y_at(1.85))
    facts = (("Date received", f"{r.received:%m/%d/%Y}" if r.received else ""),
             ("Received from", r.patient_name), ("Account", r.account),
             ("Amount", f"${amount(r.amount)}"), ("Paid by", r.tender))
    for i, (label, value) in enumerate(facts):
        top = 2.15 + 0.24 * i
        _right(canvas, LABELS_RIGHT, top, label)
        _text(canvas, LABELS_RIGHT + 0.2, top, fit(value, 4.5 * 72, BOLD, 11), BOLD, 11)
    top = 3.45
    _text(canvas, LEFT, top, "Applied to", BOLD, 10)
    _right(canvas, RIGHT, top, "Amount", BOLD, 10)
    canvas.setLineWidth(0.5)
    canvas.line(x_at(LEFT), y_at(top + 0.07), x_at(RIGHT), y_at(top + 0.07))
    for line in r.applied:
        top += 0.2
        what = (f"Visit of {line.service_date:%m/%d/%Y}" if line.service_date else f"Visit {line.visit_id}") \
            if line.visit_id is not None else "Credit kept on your account"
        _text(canvas, LEFT, top, what)
        _right(canvas, RIGHT, top, amount(line.amount))
    top += 0.3
    canvas.line(x_at(LEFT), y_at(top - 0.16), x_at(RIGHT), y_at(top - 0.16))
    balance = ("Your balance after this payment" if r.balance_after.cents >= 0
               else "Your credit after this payment")
    _text(canvas, LEFT, top, balance, BOLD, 10)
    _right(canvas, RIGHT, top, amount(r.balance_after if r.balance_after.cents >= 0 else -r.balance_after),
           BOLD, 10)
    if r.reversed:
        _text(canvas, LEFT, top + 0.35, "This payment was reversed later; this copy is for your records only.",
              BOLD, 10)
    _text(canvas, LEFT, top + (0.7 if r.reversed else 0.45), "Thank you for your payment.", REGULAR, 10)
    canvas.setFont(REGULAR, 7)
    canvas.drawString(x_at(LEFT), y_at(top + (0.95 if r.reversed else 0.7)), f"Receipt for payment {r.batch}")
