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
    _titles_apart(visits.lines.titles)
    _shot(visit_window, f"{size[0]}x{size[1]}-lines")
    visits.form_scroll.verticalScrollBar().setValue(0)
    visits.field("service_date").setFocus()
    qtbot.waitUntil(lambda: _in_sight(visits), timeout=5_000)
    _shot(visit_window, f"{size[0]}x{size[1]}-more")


def _inside(outer: QRect, widget, window) -> bool:
    """`widget`'s rectangle, in `window`'s coordinates, lies inside `outer`."""
    return outer.contains(QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()))


def _fits(text: str, font_metrics, width: int) -> bool:
    return font_metrics.horizontalAdvance(text) <= width


def _titles_apart(titles: dict) -> None:
    """Every line column title shows whole; Pointers and Units do not run together."""
    for text, label in titles.items():
        assert _fits(text, label.fontMetrics(), label.width()), f"the title {text!r} is cut"
    pointers, units = titles["Pointers"], titles["Units"]
    gap = units.x() - (pointers.x() + pointers.fontMetrics().horizontalAdvance("Pointers"))
    assert gap >= 2 * pointers.fontMetrics().horizontalAdvance(" "), f"Pointers and Units run together ({gap} px)"


def test_at_1000x600_save_titles_names_and_the_code_list_all_show(qtbot, visit_window):
    """Issue 15 at the smallest window: Save in sight without scrolling, the line titles whole (Pointers and
    Units apart), the recent visits' names whole or cut in the middle with a tooltip, the facility's name
    in a tooltip, and the procedure list inside the screens' area (not over the sidebar)."""
    visit_window.resize(1000, 600)
    qtbot.waitUntil(lambda: visit_window.width() == 1000 and visit_window.height() == 600)
    visits = show_visits(qtbot, visit_window)
    visible = visit_window.rect()
    for button in (visits.save_button, visits.save_new_button):
        qtbot.waitUntil(lambda b=button: b.isVisible() and _inside(visible, b, visit_window)
                        and b.visibleRegion().boundingRect() == b.rect(), timeout=5_000)  # not clipped by a scroll
        assert not visits.form.isAncestorOf(button)  # outside the scroll area: never below the fold
    _titles_apart(visits.lines.titles)
    assert visits.header.facility_combo.toolTip() == visits.header.facility_combo.currentText()
    assert "(POS" not in visits.header.facility_combo.currentText()  # the place of service shows beside

    type_text(qtbot, "Alvarez, Ai")
    press(qtbot, Qt.Key_Return)
    press(qtbot, Qt.Key_M, Qt.AltModifier)  # More open: the form at its widest, the recent visits narrowest
    qtbot.waitUntil(visits.header.more.isVisible)
    recent = visits.recent
    qtbot.waitUntil(lambda: recent.model().rowCount() > 0 and recent.columnWidth(1) > 0, timeout=5_000)
    assert recent.textElideMode() == Qt.ElideMiddle and not recent.wordWrap()  # wrapped: cut after a word
    names = [recent.model().index(row, 1) for row in range(recent.model().rowCount())]
    fitting = sum(_fits(index.data(), recent.fontMetrics(), recent.columnWidth(1) - 8) for index in names)
    assert fitting >= len(names) * 3 // 4, f"{fitting} of {len(names)} names whole"
    assert all(index.data() in index.data(Qt.ToolTipRole) for index in names)
    SHOTS.mkdir(parents=True, exist_ok=True)
    visit_window.grab().save(str(SHOTS / "v2-visits-more.png"))
    press(qtbot, Qt.Key_M, Qt.AltModifier)
    qtbot.waitUntil(lambda: not visits.header.more.isVisible())
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    type_text(qtbot, "office visit")
    picker = visits.lines.filled_rows()[0].picker if visits.lines.filled_rows() else visits.lines.rows[-1].picker
    qtbot.waitUntil(lambda: picker.panel.isVisible() and picker.model.rowCount() > 0, timeout=10_000)
    screens = QRect(visit_window.stack.mapTo(visit_window, QPoint(0, 0)), visit_window.stack.size())
    assert _inside(screens, picker.panel, visit_window), (picker.panel.geometry(), screens)
    assert not picker.panel.geometry().intersects(
        QRect(visit_window.sidebar.mapTo(visit_window, QPoint(0, 0)), visit_window.sidebar.size()))
    _shot(visit_window, "1000x600-code-list")
    SHOTS.mkdir(parents=True, exist_ok=True)
    visit_window.grab().save(str(SHOTS / "v2-visits-code-list.png"))
    press(qtbot, Qt.Key_Escape)


def test_at_1000x600_a_draft_waiting_shows_its_patient_whole(qtbot, visit_window):
    from datetime import date, datetime

    from officebill.storage.draft_store import VisitDraft

    visit_window.resize(1000, 600)
    qtbot.waitUntil(lambda: visit_window.width() == 1000 and visit_window.height() == 600)
    show_visits(qtbot, visit_window)
    panel = visit_window.visit_drafts.panel
    draft = VisitDraft(id=1, user_name="manager", form={}, patient_id=1, service_date=date(2026, 11, 30),
                       kept=True, saved_at=datetime(2026, 11, 30, 1, 9), patient_name="Rivera, David L.")
    panel.show_drafts([draft])
    table = panel.table
    assert table.textElideMode() == Qt.ElideMiddle and not table.wordWrap()

    def patient_whole() -> bool:
        return table.isVisible() and _fits("Rivera, David L.", table.fontMetrics(), table.columnWidth(0) - 8)

    qtbot.waitUntil(patient_whole, timeout=5_000)
    row = table.visualRect(table.model().index(0, 0))
    assert table.viewport().rect().contains(row), "the draft's row is cut"
    assert _inside(visit_window.rect(), table, visit_window)
    tip = table.model().index(0, 0).data(Qt.ToolTipRole)
    assert "Rivera, David L." in tip and "11/30/2026" in tip
    SHOTS.mkdir(parents=True, exist_ok=True)
    visit_window.grab().save(str(SHOTS / "v2-drafts.png"))


def test_at_1000x600_procedure_labels_keep_siblings_apart(qtbot, visit_window):
    visit_window.resize(1000, 600)
    qtbot.waitUntil(lambda: visit_window.width() == 1000 and visit_window.height() == 600)
    visit_window.stack.setCurrentWidget(visit_window.procedures)
    table = visit_window.procedures.table
    model = table.model()
    qtbot.waitUntil(lambda: table.isVisible() and model.rowCount() > 0, timeout=5_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    visit_window.grab().save(str(SHOTS / "v2-procedures.png"))
    assert table.textElideMode() == Qt.ElideMiddle
    assert not table.wordWrap()  # a wrapped cell is cut after its first words ("Established …"), not in the middle
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    codes = [c for c in ("99212", "99213", "99214", "99215") if c in rows]
    assert len(codes) >= 3, codes
    width = table.columnWidth(2) - 8
    shown = [table.fontMetrics().elidedText(model.index(rows[c], 2).data(), Qt.ElideMiddle, width) for c in codes]
    assert len(set(shown)) == len(codes), shown  # 99212-99215 do not look alike
    assert all(model.index(rows[c], 2).data() in model.index(rows[c], 2).data(Qt.ToolTipRole) for c in codes)
