"""The self-test's window check: Qt loads offscreen, every window module imports, the main window builds."""
from __future__ import annotations

import importlib
import os
import pkgutil
import sys

from PySide6.QtWidgets import QApplication

# Modules with an entry point of their own, not part of the window.
NOT_WINDOW_MODULES = {"app", "screenshots", "selfcheck"}


def window_modules() -> list[str]:
    package = importlib.import_module("officebill.gui")
    return [f"officebill.gui.{m.name}" for m in pkgutil.iter_modules(package.__path__)
            if m.name not in NOT_WINDOW_MODULES]


def check_window(office) -> str:
    """Build the main window on `office` without showing or closing it; returns what was seen."""
    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([sys.argv[0] if sys.argv else "officebill", "-platform", "offscreen"])
    modules = window_modules()
    for name in modules:
        importlib.import_module(name)
    from .main_window import MainWindow

    window = MainWindow(office, backup_on_close=False)
    title = window.windowTitle()
    window.deleteLater()  # not close(): closing would back up the throwaway office
    app.processEvents()
    return f"platform {app.platformName()}, {len(modules)} modules, main window built ({title})"
