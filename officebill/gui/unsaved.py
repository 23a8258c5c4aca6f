"""The one question asked before unsaved work would be left: Keep as draft / Save / Discard / Cancel.

The window asks it when closing or switching office files; the Visits screen asks it before another
visit replaces a half-entered one (a new visit from Ctrl+E, a recent visit, a visit from Claims, a draft).
A screen that can keep its work as a draft registers a `DraftOffer` (`offer_drafts`); the question about
that screen then offers **Keep as draft** too, as the default button (the phone rings all day at a front
desk: Enter keeps the work and moves on). Other screens keep the three buttons.

Qt's static `QMessageBox.question` takes standard buttons only: Keep as draft is its SaveAll button,
relabelled as the box is shown (`_Relabel`), so tests answer it as they answer the others (`KEEP_AS_DRAFT`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

TITLE = "Unsaved changes"
KEEP_AS_DRAFT = QMessageBox.StandardButton.SaveAll  # shown as "Keep as draft"
KEEP_LABEL = "&Keep as draft"


@dataclass(frozen=True)
class DraftOffer:
    """How a screen keeps its unsaved work as a draft: `keep()` (True: kept) and `discard()` (the person
    chose Discard: the draft kept while typing goes too)."""

    widget: QWidget
    screen: str
    keep: Callable[[], bool]
    discard: Callable[[], None]
    where: str = "the Drafts list"


_offers: list[DraftOffer] = []


def offer_drafts(offer: DraftOffer) -> None:
    """From now on the question about `offer.screen` (asked by the screen or by its window) offers Keep as draft."""
    _offers.append(offer)
    offer.widget.destroyed.connect(lambda *_: withdraw_drafts(offer.widget))


def withdraw_drafts(widget: QWidget) -> None:
    _offers[:] = [offer for offer in _offers if offer.widget is not widget and shiboken6.isValid(offer.widget)]


def _offer_for(parent: QWidget, screen: str) -> DraftOffer | None:
    """The offer of the screen asked about: `parent` itself, or a screen named `screen` inside it."""
    for offer in list(_offers):
        if not shiboken6.isValid(offer.widget):
            continue
        if offer.widget is parent or (offer.screen == screen and parent.isAncestorOf(offer.widget)):
            return offer
    return None


class _Relabel(QObject):
    """While installed: the next question box shown gets its SaveAll button renamed Keep as draft."""

    def __init__(self, where: str):
        super().__init__()
        self.where = where

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QMessageBox) and watched.windowTitle() == TITLE:
            button = watched.button(KEEP_AS_DRAFT)
            if button is not None and button.text() != KEEP_LABEL:
                button.setText(KEEP_LABEL)
                button.setToolTip(f"Put what is typed in {self.where}, to finish later")
                watched.setInformativeText(f"Keep as draft (Enter) puts it in {self.where}, to finish later.")
        return False


def ask(parent: QWidget, text: str, buttons, default, where: str = "") -> QMessageBox.StandardButton:
    """`QMessageBox.question` with SaveAll shown as Keep as draft (when `buttons` has it)."""
    app = QApplication.instance()
    relabel = _Relabel(where or "the Drafts list") if app is not None and buttons & KEEP_AS_DRAFT else None
    if relabel is not None:
        app.installEventFilter(relabel)
    try:
        return QMessageBox.question(parent, TITLE, text, buttons, default)
    finally:
        if relabel is not None:
            app.removeEventFilter(relabel)


def ask_to_save(parent: QWidget, screen: str, save: Callable[[], bool]) -> bool:
    """Ask (Keep as draft /) Save / Discard / Cancel about the `screen` screen's unsaved changes.

    True means go on: kept as a draft, saved (`save()` succeeded) or discarded; False means stay (Cancel,
    or the save or the draft was refused: the screen says why)."""
    offer = _offer_for(parent, screen)
    buttons = QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
    default = QMessageBox.StandardButton.Save
    if offer is not None:
        buttons, default = buttons | KEEP_AS_DRAFT, KEEP_AS_DRAFT
    answer = ask(parent, f"The {screen} screen has changes that are not saved.\n\nSave them before leaving?",
                 buttons, default, offer.where if offer else "")
    if answer == KEEP_AS_DRAFT and offer is not None:
        return bool(offer.keep())
    if answer == QMessageBox.StandardButton.Save:
        return bool(save())
    if answer == QMessageBox.StandardButton.Discard:
        if offer is not None:
            offer.discard()
        return True
    return False
