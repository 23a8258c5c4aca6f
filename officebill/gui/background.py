"""The one helper for work that takes longer than a keystroke (code build, imports, backups, demo).

`run_in_background(fn, ...)` runs `fn(progress)` on Qt's thread pool and
delivers its result (or exception) back on the GUI thread through signals.
`progress(fraction, message)` may be called from the worker; a progress
dialog appears only when the work is still running after about half a second.

A SQLite connection belongs to the thread that opened it: worker functions
open their own `Office.open(path)` (`in_own_office`) or work on paths. The
changes a worker's office committed come back with its result and are emitted
on the GUI office's one change signal (`office_changes`), so the screens
showing those areas reload from the GUI's office.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

SHOW_PROGRESS_AFTER_MS = 500

Progress = Callable[[float, str], None]

_running: set[BackgroundTask] = set()  # keeps tasks alive until they report


class _Box:
    """Carries a worker's result across threads."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class _WorkerSignals(QObject):
    progress = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], signals: _WorkerSignals):
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._signals = signals

    def run(self) -> None:  # worker thread
        try:
            result = self._fn(lambda fraction, message="": self._signals.progress.emit(float(fraction), message))
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread to report
            self._signals.failed.emit(_Box(exc))
        else:
            self._signals.succeeded.emit(_Box(result))


class BackgroundTask(QObject):
    """One piece of background work; `finished(result)` or `failed(exception)` fire on the GUI thread."""

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(float, str)

    def __init__(self, fn: Callable[[Progress], Any], *, parent: QWidget | None = None, label: str = "Working…",
                 show_after_ms: int | None = SHOW_PROGRESS_AFTER_MS):
        super().__init__()
        self._fn = fn
        self._parent = parent
        self._label = label
        self._dialog: QProgressDialog | None = None
        self._done = False
        self._fraction = 0.0
        self._message = label
        self._signals = _WorkerSignals()
        self._signals.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._signals.succeeded.connect(self._on_succeeded, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(show_after_ms or 0)
        self._timer.timeout.connect(self._show_progress)
        self._quiet = show_after_ms is None  # work nobody waits for (a check at opening): no progress dialog

    @property
    def done(self) -> bool:
        return self._done

    @property
    def progress_dialog(self) -> QProgressDialog | None:
        return self._dialog

    def start(self) -> BackgroundTask:
        _running.add(self)
        if not self._quiet:
            self._timer.start()
        QThreadPool.globalInstance().start(_Runnable(self._fn, self._signals))
        return self

    @Slot()
    def _show_progress(self) -> None:
        if self._done or not self.parent_alive():
            return
        dialog = QProgressDialog(self._message, "", 0, 100, self._parent)
        dialog.setWindowTitle("OfficeBill")
        dialog.setCancelButton(None)  # the work cannot be interrupted safely
        dialog.setWindowModality(Qt.WindowModality.WindowModal if self._parent else Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)
        if self._fraction <= 0:
            dialog.setRange(0, 0)  # busy indicator until the worker reports a fraction
        else:
            dialog.setValue(int(self._fraction * 100))
        dialog.show()
        self._dialog = dialog

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        self._fraction = fraction
        if message:
            self._message = message[:1].upper() + message[1:]
        dialog = self._dialog
        if dialog is not None and not self._done:
            # a modal dialog's setValue processes events: the task may finish (and drop its dialog) meanwhile
            dialog.setLabelText(self._message)
            if fraction > 0 and dialog.maximum() == 0:
                dialog.setRange(0, 100)
            if fraction > 0:
                dialog.setValue(min(100, int(fraction * 100)))
        self.progressed.emit(fraction, message)

    def parent_alive(self) -> bool:
        """False once the widget the work belongs to has been deleted (a closed screen, dialog or window)."""
        return self._parent is None or shiboken6.isValid(self._parent)

    def _finish(self) -> None:
        self._done = True
        self._timer.stop()
        if self._dialog is not None and not shiboken6.isValid(self._dialog):
            self._dialog = None  # deleted with its parent
        if self._dialog is not None:
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None
        _running.discard(self)

    @Slot(object)
    def _on_succeeded(self, box: _Box) -> None:
        self._finish()
        result = box.value
        if isinstance(result, _FromOwnOffice):
            from .office_changes import report_from_worker

            report_from_worker(result.path, result.changes)
            if result.error is not None:
                self.failed.emit(result.error)
                return
            result = result.value
        self.result = result
        self.finished.emit(result)

    @Slot(object)
    def _on_failed(self, box: _Box) -> None:
        self._finish()
        self.failed.emit(box.value)


def run_in_background(fn: Callable[[Progress], Any], *, parent: QWidget | None = None, label: str = "Working…",
                      on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[BaseException], None] | None = None,
                      show_after_ms: int | None = SHOW_PROGRESS_AFTER_MS) -> BackgroundTask:
    """Run `fn(progress)` off the GUI thread; `on_done(result)` / `on_error(exc)` run on the GUI thread.

    A progress dialog shows when the work lasts longer than `show_after_ms`; None: never (quiet checks).

    With a `parent`, the callbacks belong to it: once the parent widget is deleted (its screen, dialog or
    window closed while the work ran) they are not called, so none reaches a deleted widget. The work
    itself still finishes, and the changes it made still reach the office's change signal."""
    task = BackgroundTask(fn, parent=parent, label=label, show_after_ms=show_after_ms)
    if on_done is not None:
        task.finished.connect(_while_alive(task, on_done))
    if on_error is not None:
        task.failed.connect(_while_alive(task, on_error))
    return task.start()


def _while_alive(task: BackgroundTask, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    def call(value) -> None:
        if task.parent_alive():
            callback(value)

    return call


class _FromOwnOffice:
    """A worker's result (or exception) and every change its own Office committed, back to the GUI thread."""

    __slots__ = ("path", "value", "error", "changes")

    def __init__(self, path, value=None, error: BaseException | None = None, changes=None):
        self.path, self.value, self.error, self.changes = path, value, error, changes


def in_own_office(path, action: Callable):
    """A worker function that opens its own connection to the office at `path` and runs `action(office, progress)`.

    What that office's writes changed travels back with the result: on the GUI thread the task
    emits it on the office's one change signal (`office_changes`) before `on_done` / `on_error`
    run, so every screen showing those areas reloads (even when the action failed half-way).
    When the window's office on that file is open read-only (damaged rows), so is the worker's; on a file
    with users the worker is signed in as the person signed in to the window's office."""
    from .office_changes import read_only_problems, signed_in_session

    damaged = read_only_problems(path)  # read on the GUI thread, where the window's offices live
    session = signed_in_session(path)  # the worker works as the person who started it

    def work(progress: Progress):
        from ..office import Changes, Office

        changed = []
        try:
            with Office.open(path, signed_in_as=session) as office:
                if damaged:
                    office.open_read_only(damaged)
                office.subscribe(changed.append)
                value = action(office, progress)
        except BaseException as exc:  # noqa: BLE001 - reported on the GUI thread with what did change
            return _FromOwnOffice(path, error=exc, changes=_union(changed, Changes()))
        return _FromOwnOffice(path, value=value, changes=_union(changed, Changes()))

    return work


def _union(changes: list, empty):
    total = empty
    for change in changes:
        total = total | change
    return total


def running_tasks() -> list[BackgroundTask]:
    """Background work started and not yet reported back."""
    return [task for task in _running if not task.done]


def when_idle(callback: Callable[[], None], poll_ms: int = 50) -> None:
    """Call `callback()` on the GUI thread once no background task is running.

    A worker's own Office closes before its result is reported, so by then no worker holds a
    connection to the office file (restore refuses while any is open). The GUI keeps running meanwhile."""
    if not running_tasks():
        callback()
        return
    QTimer.singleShot(poll_ms, lambda: when_idle(callback, poll_ms))
