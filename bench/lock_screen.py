"""Bench: the window's lock screen on the demo office (issue 12), median and p95 of
- lock (screens and dialogs hidden, actions off, signed out),
- unlock as the same user (sign-in with its scrypt check, everything shown again as it was),
- switch user (sign-in as another user, the screens rebuilt for the new role),
- the idle watch's event filter per input event (it runs on every key and mouse event of the program).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/lock_screen.py [--repeats 20]
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def show(name: str, samples: list[float], unit: str = "ms") -> None:
    print(f"{name:44} median {statistics.median(samples):9.3f} {unit}   p95 {p95(samples):9.3f} {unit}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bench"])
    from officebill.demo import DEMO_USERS, build_demo
    from officebill.gui.main_window import MainWindow
    from officebill.office import Office

    print(f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs (shared), Python {platform.python_version()}; load {os.getloadavg()[0]:.2f}")
    (manager, _f, _r, manager_pw), (biller, _f2, _r2, biller_pw) = DEMO_USERS[0], DEMO_USERS[1]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "office.db"
        with Office.create(path) as office:
            build_demo(office, users=True)
        office = Office.open(path, user=manager, password=manager_pw)
        window = MainWindow(office, backup_on_close=False)
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        form = window.lock_screen.form
        locks, unlocks, switches = [], [], []

        def unlock_as(user: str, password: str) -> float:
            start = time.perf_counter()
            form.user_field.setText(user)
            form.password_field.setText(password)
            form.submit()
            app.processEvents()
            assert not window.locker.is_locked()
            return (time.perf_counter() - start) * 1000

        for turn in range(args.repeats):
            start = time.perf_counter()
            window.lock()
            app.processEvents()
            locks.append((time.perf_counter() - start) * 1000)
            unlocks.append(unlock_as(*((manager, manager_pw) if turn % 2 == 0 else (biller, biller_pw))))
            window.lock()
            app.processEvents()
            switches.append(unlock_as(*((biller, biller_pw) if turn % 2 == 0 else (manager, manager_pw))))
        show("lock", locks)
        show("unlock, same user (scrypt check included)", unlocks)
        show("switch user (screens rebuilt)", switches)
        event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
        watch = window.locker.idle
        samples = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            for _ in range(10_000):
                watch.eventFilter(window, event)
            samples.append((time.perf_counter() - start) * 1e6 / 10_000)
        show("idle watch, per input event", samples, "us")
        window.leave(backup=False)
        office.close()


if __name__ == "__main__":
    main()
