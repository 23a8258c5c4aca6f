"""Issue 15, dark mode: View > Appearance switches the running window between light and dark (every panel,
the code list included, as grabbed pixels show), back again, and the choice is kept for the next start."""
import os
from collections import Counter

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from officebill.gui import appearance, theme
from officebill.gui.appearance import Appearance
from tests.gui.test_frontdesk_keys import front_desk_window  # noqa: F401 (fixture: the window with codes)


@pytest.fixture(autouse=True)
def _system_look_after():
    yield
    theme.use_color_scheme(None)


def _lightness(widget, x: int = 6, y: int = 6) -> int:
    """The lightness of one pixel of what `widget` shows now (0 black, 255 white)."""
    QApplication.processEvents()
    return widget.grab().toImage().pixelColor(x, y).lightness()


def _background(widget) -> int:
    """The lightness of the colour most of what `widget` shows now is painted in: its background."""
    QApplication.processEvents()
    image = widget.grab().toImage()
    seen = Counter(image.pixelColor(x, y).lightness() for x in range(0, image.width(), 7)
                   for y in range(0, image.height(), 7))
    return seen.most_common(1)[0][0]


def _choose(window, name: str) -> None:
    """View > Appearance > `name`, as the menu's action does it."""
    view = next(m.menu() for m in window.menuBar().actions() if m.text() == "View")
    menu = next(a.menu() for a in view.actions() if a.menu() is not None)
    action = next(a for a in menu.actions() if a.text().replace("&", "").startswith(name))
    action.trigger()


def _code_list_open(qtbot, window):
    """The Visits screen, a new visit, the diagnosis picker showing matches for words typed in it."""
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(QApplication.focusWidget(), "rive")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    visits = window.visits
    qtbot.waitUntil(lambda: QApplication.focusWidget() is visits.diagnoses.field, timeout=20_000)
    qtbot.keyClicks(visits.diagnoses.field, "diabetes")
    picker = visits.diagnoses.picker
    qtbot.waitUntil(lambda: picker.is_open() and len(picker.rows()) > 3, timeout=20_000)
    return picker.panel.list.viewport()


def test_dark_and_back_repaints_the_window_and_the_code_list(qtbot, front_desk_window):
    window = front_desk_window
    patients = window.patients.table.viewport()
    assert _background(window) > 160 and _background(patients) > 160

    _choose(window, "Dark")
    assert theme.is_dark()
    assert _background(window) < 80 and _background(patients) < 80

    code_list = _code_list_open(qtbot, window)
    rows = code_list.grab().toImage()
    lightest = max(rows.pixelColor(x, y).lightness() for x in range(rows.width() // 2) for y in range(40, 60))
    assert _background(code_list) < 80 and lightest > 150  # light text on a dark list (row 1 is highlighted)
    panel = window.visits.diagnoses.picker.panel
    assert _lightness(panel, 1, panel.height() // 2) < 100  # the panel's own style sheet background follows

    _choose(window, "Light")
    assert not theme.is_dark()
    assert _background(code_list) > 160
    window.show_screen(0)
    assert _background(window) > 160 and _background(patients) > 160


def test_system_restores_the_look_the_program_started_with(qtbot, front_desk_window):
    started = QApplication.palette().color(theme.Role.Window).name()
    _choose(front_desk_window, "Dark")
    _choose(front_desk_window, "System")
    assert QApplication.palette().color(theme.Role.Window).name() == started
    assert appearance.saved_appearance() is Appearance.SYSTEM


def test_the_choice_is_kept_for_the_next_start(qtbot, front_desk_window):
    assert appearance.saved_appearance() is Appearance.SYSTEM  # the default
    _choose(front_desk_window, "Dark")
    theme.use_color_scheme(None)  # as a new program starts: the system's look...
    assert not theme.is_dark()
    theme.apply_application_look(QApplication.instance())  # ...then app.main applies the saved choice
    assert appearance.saved_appearance() is Appearance.DARK and theme.is_dark()


def test_meaning_colours_stay_readable_in_both(qtbot):
    for dark in (False, True):
        theme.use_color_scheme(dark)
        window = QApplication.palette().color(theme.Role.Window)
        for name, color in theme.meaning_colors().items():
            assert abs(theme.QColor(color).lightness() - window.lightness()) > 60, (dark, name, color)


def test_a_red_message_and_a_red_finding_shown_before_the_switch_turn_to_the_dark_red(qtbot):
    from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem

    summary, findings = QLabel("3 problems"), QListWidget()
    qtbot.addWidget(summary)
    qtbot.addWidget(findings)
    palette = summary.palette()
    palette.setColor(summary.foregroundRole(), theme.error_color())
    summary.setPalette(palette)
    item = QListWidgetItem("ERROR: no diagnosis")
    item.setForeground(theme.error_color())
    findings.addItem(item)
    light_red = theme.error_color().name()

    theme.use_color_scheme(True)

    dark_red = theme.error_color().name()
    assert dark_red != light_red
    assert summary.palette().color(summary.foregroundRole()).name() == dark_red
    assert findings.item(0).foreground().color().name() == dark_red
