"""The one question asked before unsaved work would be left: Save / Discard / Cancel.

The window asks it when closing or switching office files; the Visits screen asks it before another
visit replaces a half-entered one (a new visit from Ctrl+E, a recent visit, a visit from Claims).
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


def ask_to_save(parent: QWidget, screen: str, save: Callable[[], bool]) -> bool:
    """Ask Save / Discard / Cancel about the `screen` screen's unsaved changes.

    True means go on: saved (`save()` succeeded) or discarded; False means stay (Cancel, or the save
    was refused: its problems are on the screen)."""
    answer = QMessageBox.question(
        parent, "Unsaved changes",
        f"The {screen} screen has changes that are not saved.\n\nSave them before leaving?",
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save)
    if answer == QMessageBox.StandardButton.Save:
        return bool(save())
    return answer == QMessageBox.StandardButton.Discard
