"""Alt+letter that is no shortcut does nothing (instead of typing the letter into the field).

Qt sends an Alt+letter to the focused widget as a key press only when no shortcut or mnemonic took
it; a line edit then types the letter and a combo box jumps to an item starting with it, so a missed
mnemonic silently changes a record. `ignore_stray_alt_letters(root)` swallows those key presses in
every widget inside `root`. AltGr (Ctrl+Alt on Windows, its own modifier on X11) still types, and so
does Option on macOS, where it is how accents are typed.
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

_OTHER_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier \
    | Qt.KeyboardModifier.GroupSwitchModifier


def is_stray_alt_letter(event) -> bool:
    """An Alt+key press that would type text (a letter, digit or sign)."""
    if sys.platform == "darwin" or event.type() != QEvent.Type.KeyPress:
        return False
    modifiers = event.modifiers()
    if not modifiers & Qt.KeyboardModifier.AltModifier or modifiers & _OTHER_MODIFIERS:
        return False
    text = event.text()
    return bool(text) and text.isprintable()


class _StrayAltFilter(QObject):
    """Watches the widget inside its root that has the keyboard focus: installed on it as focus arrives
    (so rows added later are covered, and no other widget's events pass through Python), listening to
    focus changes only while the root is shown (a closed dialog costs nothing)."""

    def __init__(self, root: QWidget):
        super().__init__(root)  # goes away with the root, and Qt then drops the filter
        self.root = root
        self._listening = False
        root.installEventFilter(self)
        self._listen(root.isVisible())

    def _listen(self, on: bool) -> None:
        if on == self._listening:
            return
        app = QApplication.instance()
        if on:
            app.focusChanged.connect(self._focus_changed)
            focused = QApplication.focusWidget()
            if focused is not None:
                self._focus_changed(None, focused)
        else:
            app.focusChanged.disconnect(self._focus_changed)
        self._listening = on

    def _focus_changed(self, _old, new) -> None:
        try:
            if new is not None and (new is self.root or self.root.isAncestorOf(new)):
                new.installEventFilter(self)  # installing again is harmless: Qt keeps one
        except RuntimeError:  # the root is gone (its window closed)
            return

    def eventFilter(self, obj, event) -> bool:
        if obj is self.root and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self._listen(event.type() == QEvent.Type.Show)
        return is_stray_alt_letter(event)


def ignore_stray_alt_letters(root: QWidget) -> None:
    """Swallow Alt+letter key presses no shortcut took, in `root` and everything inside it."""
    _StrayAltFilter(root)
