"""The window's one signal for what changed in the office (Anki's `OpChanges` and `operation_did_execute`).

`OfficeChanges.of(office)` is the single Qt object per open `Office`: it subscribes
once (`office.subscribe`) and emits `changed(Changes)` after every write committed
through that office. Background work runs on its own `Office` (`background.in_own_office`);
its writes are collected there and, when the result arrives on the GUI thread,
`report_from_worker(path, changes)` emits them on the same signal. Screens
connect `changed` to their `office_changed(changes)` slot and reload only when
`changes.touches(...)` the areas they show; the main window re-emits it as
`MainWindow.changed`.

An office found to have damaged rows is opened read-only (`mark_read_only`); the
workers started on its file then open theirs read-only too (`read_only_problems`).
A worker on an office file with users works as the person signed in to the window's
office on that file (`signed_in_session`).
"""
from __future__ import annotations

from pathlib import Path
from weakref import WeakKeyDictionary

from PySide6.QtCore import QObject, Signal

from ..office import Changes

_hubs: WeakKeyDictionary = WeakKeyDictionary()  # Office -> OfficeChanges


def _key(path) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(path).absolute()


class OfficeChanges(QObject):
    """`changed(Changes)` for one open office: its own writes and those its background workers made."""

    changed = Signal(object)

    def __init__(self, office):
        super().__init__()
        self.path = _key(office.path)
        office.subscribe(self.report)  # the office holds the hub; the hub never holds the office
        self.read_only_problems: list[str] = []  # the damaged rows that made the office read-only

    @classmethod
    def of(cls, office) -> OfficeChanges:
        """The one signal object of `office` (made on first use)."""
        hub = _hubs.get(office)
        if hub is None:
            hub = cls(office)
            _hubs[office] = hub
        return hub

    def report(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)


def report_from_worker(path, changes: Changes) -> None:
    """A worker's own Office on `path` committed `changes`: every open office on that file hears them."""
    if not changes:
        return
    key = _key(path)
    for hub in list(_hubs.values()):
        if hub.path == key:
            hub.report(changes)


def forget(office) -> None:
    """The office is closing: its signal stops (the window's screens go with it)."""
    hub = _hubs.pop(office, None)
    if hub is not None:
        office.unsubscribe(hub.report)


def mark_read_only(office, problems: list[str]) -> None:
    """Refuse every write on `office` (its rows are damaged), and on the workers' offices on its file."""
    office.open_read_only(problems)
    OfficeChanges.of(office).read_only_problems = list(problems)


def read_only_problems(path) -> list[str]:
    """The damaged rows of an office open read-only on `path` in this program; empty when none is."""
    key = _key(path)
    for hub in list(_hubs.values()):
        if hub.path == key and hub.read_only_problems:
            return list(hub.read_only_problems)
    return []


def signed_in_session(path):
    """The session of the person signed in to an office open on `path` in this program (None: nobody)."""
    key = _key(path)
    for office, hub in list(_hubs.items()):
        session = getattr(office, "session", None)
        if hub.path == key and session is not None:
            return session
    return None
