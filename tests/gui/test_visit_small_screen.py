"""Issue 15, "The form follows the cursor": on a 1366x768 and on the smallest (1000x600) window, with More
open, Enter and Ctrl+I keep the field with the cursor inside the form's view, nothing on the Visits
screen needs sideways scrolling, and procedure descriptions show enough to tell 99212-99214 apart.
Screenshots go to /tmp/shots/visit-*.png."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLabel

from tests.gui.test_visit_findings_focus import add_diagnosis_by_keys
from tests.gui.visit_fixtures import focused, press, type_text
from tests.gui.visit_window import show_visits, visit_window  # noqa: F401

SHOTS = Path("/tmp/shots")
SIZES = [(1000, 600), (1366, 768)]


def _in_sight(visits) -> bool:
    """The form is laid out (as tall as it needs: a line just added has its place) and the focused widget's
    rectangle lies inside the form's viewport."""
    if visits.form.height() < visits.form.minimumSizeHint().height():
        return False
    widget = focused()
    viewport = visits.form_scroll.viewport()
    if widget is None or not visits.form.isAncestorOf(widget):
        return False
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


def _shot(window, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / f"visit-{name}.png"))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_form_follows_the_cursor_and_never_scrolls_sideways(qtbot, visit_window, size):
    visit_window.resize(*size)
    qtbot.waitUntil(lambda: visit_window.width() == size[0] and visit_window.height() == size[1])
    visits = show_visits(qtbot, visit_window)
    type_text(qtbot, "Alvarez, Ai")
    press(qtbot, Qt.Key_Return)
    press(qtbot, Qt.Key_M, Qt.AltModifier)  # More open: the lines start lower
    qtbot.waitUntil(visits.header.more.isVisible)
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    add_diagnosis_by_keys(qtbot, visits, "E11.9")
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    qtbot.waitUntil(lambda: _in_sight(visits), timeout=5_000)
    codes = ["99212", "99213", "99214", "36415", "83036", "82947", "81002", "87880", "90471", "90686", "93000",
             "85025", "80053", "99213"]
    below_the_fold = 0
    for code in codes:
        type_text(qtbot, code)
        press(qtbot, Qt.Key_Return)  # picked: the modifiers
        qtbot.waitUntil(lambda: _in_sight(visits), timeout=5_000)
        press(qtbot, Qt.Key_Return)  # the next line
        qtbot.waitUntil(lambda: _in_sight(visits), timeout=5_000)
        below_the_fold += visits.form_scroll.verticalScrollBar().value() > 0
        if below_the_fold >= 3:
            break
    assert below_the_fold >= 3  # the form did have to scroll to follow the cursor
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    qtbot.waitUntil(lambda: _in_sight(visits), timeout=5_000)
    press(qtbot, Qt.Key_Return)  # a blank last line: on to the copay
    qtbot.waitUntil(lambda: focused() is visits.copay_field and _in_sight(visits), timeout=5_000)
    assert visits.form_scroll.horizontalScrollBar().maximum() == 0, "the form scrolls sideways"
    assert visits.form.width() <= visits.form_scroll.viewport().width()
    recent = visits.recent  # the recent visits beside the form fit their panel too
    header = recent.horizontalHeader()

    def recent_fits() -> bool:
        shown = [c for c in range(header.count()) if not recent.isColumnHidden(c)]
        return shown[:2] == [0, 1] and header.length() <= recent.viewport().width() + 1

    qtbot.waitUntil(recent_fits, timeout=5_000)
    assert recent.horizontalScrollBar().maximum() == 0

    shown = [QLabel.text(row.description) for row in visits.lines.filled_rows()[:3]]
    assert len(set(shown)) == 3, shown  # 99212, 99213, 99214 do not look alike
    for row, text in zip(visits.lines.filled_rows(), shown):  # cut in the middle: the telling end shows
        assert text == row.description.text() or text.endswith(row.description.text()[-12:]), text
    assert all(row.description.toolTip() == row.description.text() for row in visits.lines.filled_rows())
    assert visits.diagnoses.table.textElideMode() == Qt.ElideMiddle
    _shot(visit_window, f"{size[0]}x{size[1]}-lines")
    visits.form_scroll.verticalScrollBar().setValue(0)
    visits.field("service_date").setFocus()
    qtbot.waitUntil(lambda: _in_sight(visits), timeout=5_000)
    _shot(visit_window, f"{size[0]}x{size[1]}-more")
