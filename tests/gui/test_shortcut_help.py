"""F1 lists the window's keys and those of the screen shown, on every screen (Claims and Visits included),
and the patient editor's own keys inside it (tests/gui/test_patient_editor_keys.py)."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser

from officebill.gui.main_window import SCREENS


def _press_f1(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: getattr(window, "shortcuts_dialog", None) is not None
                    and window.shortcuts_dialog.isVisible())
    return window.shortcuts_dialog


@pytest.mark.parametrize("name", SCREENS)
def test_f1_lists_the_keys_of_the_screen_shown_and_the_global_ones(qtbot, main_window, name):
    index = SCREENS.index(name)
    main_window.show_screen(index)
    qtbot.waitUntil(lambda: main_window.stack.currentIndex() == index)
    dialog = _press_f1(qtbot, main_window)
    text = dialog.findChild(QTextBrowser).toPlainText()
    assert "Everywhere" in text and "Ctrl+1" in text
    assert f"On the {name} screen" in text
    headings = [heading for heading, _keys in main_window.shortcut_sections()]
    assert headings == ["Everywhere", f"On the {name} screen"]
    assert len(main_window.shortcut_sections()[1][1]) >= 3  # a real list, not a token line
    if name in ("Claims", "Patients"):
        dialog.resize(760, 560)
        dialog.grab().save(f"/tmp/shots/f1-{name.lower()}.png")
    dialog.reject()
