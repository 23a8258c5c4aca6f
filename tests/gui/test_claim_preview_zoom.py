"""Issue 15, "the preview is readable": the claim preview fits its pane, zooms by keys and buttons
(Ctrl++ / Ctrl+- / Ctrl+0) from anywhere on the Claims screen, and opens large on demand (F11)."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.test_claims_search import main_window  # noqa: F401 (the window, codes linked)

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHOTS = Path("/tmp/shots")


def _preview_shown(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)  # Claims
    view = window.claims
    qtbot.waitUntil(lambda: window.stack.currentWidget() is view)
    qtbot.keyClick(view, Qt.Key.Key_D, ALT)  # Sent or printed
    qtbot.keyClick(view, Qt.Key.Key_W, ALT)  # the Preview tab
    preview = view.preview
    qtbot.waitUntil(lambda: preview.page_count() > 0 and preview.current_image() is not None, timeout=30_000)
    view.claim_table.setFocus()
    qtbot.waitUntil(view.claim_table.hasFocus)
    return view, preview


def _width(preview) -> int:
    return preview.page_view.pixmap().deviceIndependentSize().width()


def _fits(preview) -> bool:
    return 0 < _width(preview) <= preview.scroll.viewport().width()


@pytest.mark.parametrize("size", [(1366, 768), (1000, 600)])
def test_the_preview_fits_its_pane_and_zooms_by_keys_and_buttons(qtbot, main_window, size):
    main_window.resize(*size)
    view, preview = _preview_shown(qtbot, main_window)
    qtbot.waitUntil(lambda: _fits(preview))
    fitted = _width(preview)
    SHOTS.mkdir(exist_ok=True)
    main_window.grab().save(str(SHOTS / f"claims-preview-{size[0]}x{size[1]}.png"))

    qtbot.keyClick(view.claim_table, Qt.Key.Key_Plus, CTRL)  # from the list: the preview zooms
    assert preview.zoom_combo.currentData() == 1.25 and _width(preview) > fitted
    qtbot.keyClick(view.claim_table, Qt.Key.Key_Minus, CTRL)
    qtbot.keyClick(view.claim_table, Qt.Key.Key_Minus, CTRL)
    assert preview.zoom_combo.currentData() == 0.75
    qtbot.mouseClick(preview.zoom_in_button, Qt.MouseButton.LeftButton)
    assert preview.zoom_combo.currentData() == 1.0
    qtbot.keyClick(view.claim_table, Qt.Key.Key_0, CTRL)  # fit again
    assert preview.zoom_combo.currentIndex() == 0 and _fits(preview)
    assert view.claim_table.hasFocus()  # zooming never took the focus from the list


def test_f11_opens_the_page_large_and_readable(qtbot, main_window):
    main_window.resize(1366, 768)
    view, preview = _preview_shown(qtbot, main_window)
    pane = _width(preview)
    qtbot.keyClick(view.claim_table, Qt.Key.Key_F11)
    dialog = preview.large_view
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    large = dialog.preview
    qtbot.waitUntil(lambda: large.current_image() is not None)
    screen = dialog.screen().availableGeometry()
    assert dialog.width() >= 0.85 * screen.width() and dialog.height() >= 0.85 * screen.height()
    assert _width(large) > pane and _width(large) >= 816  # a letter page at its real size or more
    assert large.current_page() == preview.current_page()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "claims-preview-large.png"))
    qtbot.keyClick(large.scroll, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert QApplication.activeModalWidget() is None
