"""The F1 list of keys: one dialog for the main window (its global keys and the current screen's) and for
dialogs with keys of their own (the patient editor).

A screen or dialog tells its keys through `shortcut_help() -> [(keys, what they do)]`; `keys_dialog`
shows sections of them, and `install_f1(dialog, sections)` makes F1 inside a dialog show its list
(the main window's F1 does not reach into a modal dialog).
"""
from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

Sections = list[tuple[str, list[tuple[str, str]]]]


def help_of(widget) -> list[tuple[str, str]]:
    """`widget.shortcut_help()` as (keys, action) strings; empty when it has none or cannot tell."""
    helper = getattr(widget, "shortcut_help", None)
    if not callable(helper):
        return []
    try:
        return [(str(keys), str(action)) for keys, action in helper()]
    except Exception:  # noqa: BLE001 - the other sections are still worth showing
        return []


def keys_dialog(parent: QWidget, sections: Sections, title: str = "Keyboard shortcuts") -> QDialog:
    """A dialog listing each section's keys (opened, not modal-blocking); Esc or Close shuts it."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    rows = []
    for heading, keys in sections:
        rows.append(f"<tr><td colspan='2'><h3>{escape(heading)}</h3></td></tr>")
        rows += [f"<tr><td style='padding-right:18px'><b>{escape(k)}</b></td><td>{escape(a)}</td></tr>"
                 for k, a in keys]
    text = QTextBrowser()
    text.setAccessibleName(title)
    text.setHtml("<table cellspacing='2'>" + "".join(rows) + "</table>")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(buttons)
    dialog.resize(760, 560)
    dialog.open()
    return dialog


def install_f1(dialog: QWidget, sections: Callable[[], Sections]) -> None:
    """F1 inside `dialog` opens the list of `sections()` (kept as `dialog.keys_dialog`)."""
    def show() -> None:
        dialog.keys_dialog = keys_dialog(dialog, sections(), f"Keys: {dialog.windowTitle()}")

    QShortcut(QKeySequence("F1"), dialog, show)
