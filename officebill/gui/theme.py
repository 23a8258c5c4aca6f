"""Look helpers that follow the platform palette (light or dark); no hard-coded light colours."""
from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_color(widget: QWidget | None = None) -> QColor:
    """A red readable on the current window colour (light or dark)."""
    palette = widget.palette() if widget is not None else QApplication.palette()
    return QColor("#ff8a80") if is_dark(palette) else QColor("#b3261e")


def caution_color() -> QColor:
    """An amber readable on the current base colour: needs attention, not an error."""
    return QColor("#ffd54f") if is_dark() else QColor("#8a5300")


def good_color() -> QColor:
    """A green readable on the current base colour."""
    return QColor("#81c995") if is_dark() else QColor("#1e7b34")


def muted_color() -> QColor:
    """Secondary text: the palette's placeholder colour."""
    return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)


def apply_application_look(app: QApplication) -> None:
    """Keep the platform style and colour scheme; only make sure tooltips and focus are visible."""
    app.setStyleSheet("")  # no global style sheet: palette roles decide colours
