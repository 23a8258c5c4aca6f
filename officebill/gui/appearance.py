"""View > Appearance: System, Light or Dark, applied at once to every open window and kept for next time.

The choice is kept per computer (QSettings), not in the office file: it suits the screen and the room a person
works in, several computers share one office file, and it must apply before any office opens (the sign-in screen,
the welcome). The default is System: the platform's own light or dark look.
"""
from __future__ import annotations

from enum import Enum

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMenu, QMenuBar, QWidget

from . import theme


class Appearance(Enum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"

    @property
    def label(self) -> str:
        return {"system": "&System (as the computer is set)", "light": "&Light", "dark": "&Dark"}[self.value]

    @property
    def dark(self) -> bool | None:
        return {"system": None, "light": False, "dark": True}[self.value]


def saved_appearance() -> Appearance:
    """The appearance chosen on this computer (System when none was, or the setting is unreadable)."""
    return {True: Appearance.DARK, False: Appearance.LIGHT, None: Appearance.SYSTEM}[theme.saved_scheme()]


def choose_appearance(choice: Appearance) -> None:
    """A person's choice: applied at once to every window and kept for the next start on this computer."""
    store = theme.appearance_settings()
    store.setValue(theme.APPEARANCE_KEY, choice.value)
    store.sync()
    theme.use_color_scheme(choice.dark, QApplication.instance())


def appearance_menu(parent: QWidget | None = None) -> QMenu:
    """Appearance ▸ System / Light / Dark, the current one checked."""
    menu = QMenu("&Appearance", parent)
    group = QActionGroup(menu)
    group.setExclusive(True)
    current = saved_appearance()
    for choice in Appearance:
        action = QAction(choice.label, menu, checkable=True)
        action.setChecked(choice is current)
        action.setData(choice.value)
        action.triggered.connect(lambda _checked=False, c=choice: choose_appearance(c))
        group.addAction(action)
        menu.addAction(action)
    menu.aboutToShow.connect(lambda: _check_current(menu))
    return menu


def _check_current(menu: QMenu) -> None:
    current = saved_appearance().value
    for action in menu.actions():
        action.setChecked(action.data() == current)


def view_menu(bar: QMenuBar) -> QMenu:
    """A View menu holding Appearance, added to `bar`. No Alt letter: Alt+V and Alt+W are taken on screens
    (New visit, New provider); Alt, then the arrow keys, reach it."""
    menu = bar.addMenu("View")
    menu.addMenu(appearance_menu(menu))
    return menu
