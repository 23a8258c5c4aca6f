"""The main window on a copy of the demo office with the session's code database (the claim check
runs), for the Visits screen tests that need the whole window (Setup, the patient editor, its size)."""
from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture
def visit_window(qtbot, tmp_path, _demo_template, codes_db):
    from officebill.gui import background
    from officebill.gui.main_window import MainWindow
    from officebill.office import Office
    from tests.gui.conftest import DEMO_MANAGER

    folder = tmp_path / "demo"
    folder.mkdir()
    shutil.copyfile(_demo_template, folder / "office.db")
    (folder / "codes.db").symlink_to(codes_db)
    office = Office.open(folder / "office.db", user=DEMO_MANAGER[0], password=DEMO_MANAGER[1])
    window = MainWindow(office, backup_on_close=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitExposed(window, timeout=20_000):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window
    qtbot.waitUntil(lambda: not background._running, timeout=60_000)
    for dialog in QApplication.topLevelWidgets():
        if dialog is not window and dialog.isVisible() and hasattr(dialog, "reject"):
            dialog.reject()
    window.leave(backup=False)  # typed work was asked about in the test: close without asking
    office.close()


def show_visits(qtbot, window):
    """Ctrl+2, a new visit, the focus in the patient field."""
    from PySide6.QtCore import Qt

    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.visits)
    window.visits.new_visit()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.visits.field("patient_id"))
    return window.visits
