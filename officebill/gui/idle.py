"""Auto-lock: the window locks after a number of minutes without a key press or a mouse action.

`IdleWatch` filters the application's input events (keys, mouse buttons, wheel, mouse moves over the
window) and restarts one single-shot timer on each; when the timer runs out it emits `idle`, and the
main window locks (`main_window.MainWindow.lock`). The same filter hands on Ctrl+L pressed in one of the
window's dialogs, where the window's Lock shortcut does not reach (`lock_keys`). The minutes are an office-wide setting
(`AUTO_LOCK_KEY`, default `DEFAULT_MINUTES`), kept through the facade's settings and changed on the
Users screen; tests give the watch a short interval in milliseconds instead (`set_interval_ms`).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

AUTO_LOCK_KEY = "security.auto_lock_minutes"
DEFAULT_MINUTES = 5
MIN_MINUTES, MAX_MINUTES = 1, 60

# Input that means someone is at the keyboard (a window merely repainting or a timer firing does not).
ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
                      QEvent.Type.Wheel, QEvent.Type.MouseMove, QEvent.Type.TouchBegin, QEvent.Type.ShortcutOverride})


def auto_lock_minutes(office) -> int:
    """The office's auto-lock minutes (the setting, kept between MIN_MINUTES and MAX_MINUTES)."""
    try:
        minutes = int(office.setup.setting(AUTO_LOCK_KEY, DEFAULT_MINUTES))
    except (TypeError, ValueError):
        return DEFAULT_MINUTES
    except Exception:  # noqa: BLE001 - signed out or not allowed to read settings: the default protects
        return DEFAULT_MINUTES
    return max(MIN_MINUTES, min(MAX_MINUTES, minutes))


class IdleWatch(QObject):
    """`idle` fires once after `interval_ms` without input anywhere in the application; `lock_keys` when
    Ctrl+L is pressed in a dialog (the window's own Lock action takes it in the window itself)."""

    idle = Signal()
    lock_keys = Signal()

    def __init__(self, minutes: int = DEFAULT_MINUTES, parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        self._watching = False

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(int(minutes) * 60_000)

    def set_interval_ms(self, interval_ms: int) -> None:
        """The idle time before `idle` (tests use a short one); restarts the count when watching."""
        self.timer.setInterval(max(1, int(interval_ms)))
        if self.timer.isActive():
            self.timer.start()

    def interval_ms(self) -> int:
        return self.timer.interval()

    def start(self) -> None:
        """Watch the application's input and count from now."""
        app = QApplication.instance()
        if app is not None and not self._watching:
            app.installEventFilter(self)
            self._watching = True
        self.timer.start()

    def stop(self) -> None:
        """Stop counting (the window is locked, or closing)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None and self._watching:
            app.removeEventFilter(self)
            self._watching = False

    def is_watching(self) -> bool:
        return self._watching and self.timer.isActive()

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind in ACTIVITY and self.timer.isActive():
            self.timer.start()  # someone is here: count again from now
        if (kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_L
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier):
            self.lock_keys.emit()  # no shortcut took it: a dialog (a ledger, a patient) has the keyboard
            return True
        return False
