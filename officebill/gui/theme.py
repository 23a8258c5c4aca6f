"""Look helpers that follow the palette (light or dark), and the switch between the two while the program runs.

Colours that carry meaning (errors, warnings, good news, secondary text) are asked for here, never hard-coded, so
they stay readable in both palettes. `use_color_scheme` switches the whole program: the platform's own scheme
when it has one (Qt's `QStyleHints.setColorScheme`), else the Fusion style with the palette below; then every
widget's style sheet is set again, so a colour baked into it (`muted_color().name()`) or a `palette(...)` in it
follows the new palette.
"""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QListWidget, QStyleFactory, QWidget

Role = QPalette.ColorRole
APPEARANCE_KEY = "view/appearance"  # "system" (the default), "light" or "dark"; per computer

DARK_COLORS = {  # a dark palette for platforms that have none (offscreen, older Linux desktops)
    Role.Window: "#2b2b2b", Role.WindowText: "#e6e6e6", Role.Base: "#1f1f1f", Role.AlternateBase: "#2a2a2a",
    Role.Text: "#e6e6e6", Role.Button: "#353535", Role.ButtonText: "#e6e6e6", Role.BrightText: "#ffffff",
    Role.Highlight: "#3d6fb4", Role.HighlightedText: "#ffffff", Role.ToolTipBase: "#353535",
    Role.ToolTipText: "#e6e6e6", Role.PlaceholderText: "#9a9a9a", Role.Link: "#8ab4f8",
    Role.LinkVisited: "#c58af9", Role.Light: "#505050", Role.Midlight: "#404040", Role.Mid: "#5a5a5a",
    Role.Dark: "#181818", Role.Shadow: "#000000",
}
DISABLED_DARK_COLORS = {Role.WindowText: "#7a7a7a", Role.Text: "#7a7a7a", Role.ButtonText: "#7a7a7a",
                        Role.Base: "#262626", Role.Button: "#2f2f2f"}

_system_look: tuple[str, QPalette] | None = None  # the style name (and palette) the program started with


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
    """Secondary text: the palette's placeholder colour, made opaque over the window colour (a style sheet's
    `color: #rrggbb` drops the alpha, which turned half-transparent black into plain black)."""
    palette = QApplication.palette()
    text, window = palette.color(Role.PlaceholderText), palette.color(Role.Window)
    alpha = text.alphaF()
    return QColor.fromRgbF(*(alpha * t + (1 - alpha) * w for t, w in
                             ((text.redF(), window.redF()), (text.greenF(), window.greenF()),
                              (text.blueF(), window.blueF()))))


def meaning_colors() -> dict[str, str]:
    """The colours above as '#rrggbb', by name: what a style sheet may have baked in."""
    return {"error": error_color().name(), "caution": caution_color().name(), "good": good_color().name(),
            "muted": muted_color().name()}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in DARK_COLORS.items():
        palette.setColor(role, QColor(color))
    for role, color in DISABLED_DARK_COLORS.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))
    return palette


def light_palette() -> QPalette:
    return QStyleFactory.create("Fusion").standardPalette()


def use_color_scheme(dark: bool | None, app: QApplication | None = None) -> None:
    """Switch the program to dark (True), light (False) or back to the system's look (None), and repaint."""
    global _system_look
    app = app or QApplication.instance()
    before = meaning_colors()
    if _system_look is None:
        _system_look = (app.style().name(), QPalette(app.palette()))
    hints = app.styleHints()
    if dark is None:
        hints.unsetColorScheme()
        style_name, _palette = _system_look
        if app.style().name() != style_name:
            app.setStyle(style_name)
        app.setPalette(QPalette())  # no palette of our own: the platform's again, following its later changes
    else:
        hints.setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
        QApplication.processEvents()
        if is_dark(app.palette()) != dark:  # the platform has no such scheme: Fusion with our palette
            if app.style().name().lower() != "fusion":
                app.setStyle("Fusion")
            app.setPalette(dark_palette() if dark else light_palette())
    restyle(before, meaning_colors(), app)


def restyle(before: dict[str, str], after: dict[str, str], app: QApplication | None = None) -> None:
    """Set every widget's style sheet again, with each meaning colour of the old palette replaced by the new
    one's: a style sheet resolves its colours (and its `palette(...)`) only when it is set. A meaning colour
    given to a widget's own palette (a red summary) or to a list item (a red finding) is swapped too."""
    app = app or QApplication.instance()
    swaps = {old: after[name] for name, old in before.items() if old != after[name]}
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            for old, new in swaps.items():
                sheet = sheet.replace(old, new).replace(old.upper(), new)
            widget.setStyleSheet(sheet)
        if widget.testAttribute(Qt.WidgetAttribute.WA_SetPalette):
            _swap_palette(widget, swaps)
        if isinstance(widget, QListWidget):
            for row in range(widget.count()):
                item = widget.item(row)
                new = swaps.get(item.foreground().color().name())
                if new and item.foreground().style() != Qt.BrushStyle.NoBrush:
                    item.setForeground(QColor(new))
        widget.update()


def _swap_palette(widget: QWidget, swaps: dict[str, str]) -> None:
    palette = widget.palette()
    changed = False
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        new = swaps.get(palette.color(role).name())
        if new:
            palette.setColor(role, QColor(new))
            changed = True
    if changed:
        widget.setPalette(palette)


def appearance_settings() -> QSettings:
    """This computer's settings (the same store as `main_window.settings()`), where the appearance is kept."""
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, "OfficeBill", "OfficeBill")


def saved_scheme() -> bool | None:
    """The appearance chosen on this computer (View > Appearance): True dark, False light, None the system's."""
    return {"dark": True, "light": False}.get(str(appearance_settings().value(APPEARANCE_KEY, "system")))


def apply_application_look(app: QApplication) -> None:
    """At start: the platform's style, in the appearance chosen on this computer (System, the platform's own
    colour scheme, unless another was chosen)."""
    app.setStyleSheet("")  # no global style sheet: palette roles decide colours
    scheme = saved_scheme()
    if scheme is not None:
        use_color_scheme(scheme, app)
