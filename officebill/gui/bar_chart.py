"""A plain bar chart drawn with QPainter (no QtCharts: the bundle stays small): aging buckets, money by month.

`BarChart.set_bars(title, [(label, Money)])` shows one bar per label, the amount above it, the label
below; negative amounts are drawn as zero-height bars with their amount. Colours follow the palette.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..core.money import Money


def compact(amount: Money) -> str:
    """$12,345 or $1.2M: the amount above a bar, without cents."""
    dollars = amount.cents / 100
    if abs(dollars) >= 1_000_000:
        return f"${dollars / 1_000_000:,.1f}M"
    return f"${dollars:,.0f}"


class BarChart(QWidget):
    """Bars with their labels and amounts; empty when there is nothing to draw."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.title = ""
        self.bars: list[tuple[str, Money]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(190)
        self.setAccessibleName("Chart")

    def sizeHint(self) -> QSize:
        return QSize(600, 220)

    def set_bars(self, title: str, bars: list[tuple[str, Money]]) -> None:
        self.title, self.bars = title, list(bars)
        self.setAccessibleDescription(f"{title}: " + ", ".join(f"{label} {amount}" for label, amount in self.bars))
        self.setVisible(bool(self.bars))
        self.update()

    def paintEvent(self, _event) -> None:
        if not self.bars:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        bar = palette.color(QPalette.ColorRole.Highlight)
        metrics = self.fontMetrics()
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(12, line + 10, -12, -(line + 8))
        painter.setPen(text)
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(12, 2, self.width() - 24, line + 4), Qt.AlignmentFlag.AlignLeft, self.title)
        font.setBold(False)
        painter.setFont(font)
        top = max((amount.cents for _, amount in self.bars), default=0) or 1
        slot = area.width() / len(self.bars)
        width = min(slot * 0.6, 90)
        usable = area.height() - line - 4
        for i, (label, amount) in enumerate(self.bars):
            height = max(0.0, usable * amount.cents / top)
            x = area.left() + i * slot + (slot - width) / 2
            rect = QRectF(x, area.bottom() - height, width, height)
            painter.fillRect(rect, bar if amount.cents >= 0 else QColor(bar).lighter(160))
            painter.setPen(text)
            painter.drawText(QRectF(area.left() + i * slot, rect.top() - line - 2, slot, line),
                             Qt.AlignmentFlag.AlignHCenter, compact(amount))
            painter.drawText(QRectF(area.left() + i * slot, area.bottom() + 4, slot, line),
                             Qt.AlignmentFlag.AlignHCenter, metrics.elidedText(label, Qt.TextElideMode.ElideRight,
                                                                               int(slot) - 4))
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.end()
