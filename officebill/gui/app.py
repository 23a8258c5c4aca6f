"""The OfficeBill window's entry point: `officebill [--db PATH]`.

`--db PATH` is read before anything else (before Qt sees the arguments);
then the office file is opened (with a message, never a traceback, when it
cannot be used), signed out; the sign-in screen comes first (or, for a file
without users, the first administrator), then the main window is shown and
first-start work begins.
Closing the window makes an automatic backup in the background.

`OfficeController` owns the window: File > Open office file and restoring a
backup close the old window (and its office connection) and build a new one.
The last office file opened is remembered and used when no --db is given.
Only one window works on an office file: a second launch on the same file brings
the first window forward (`single_instance.py`) and ends.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from ..paths import default_office_path, is_demo_office

LAST_OFFICE_KEY = "office/last_file"


def _settings():
    from .main_window import settings

    return settings()


def remember_office(path: Path) -> None:
    store = _settings()
    store.setValue(LAST_OFFICE_KEY, str(Path(path).resolve()))
    store.sync()


def startup_office_path(db: Path | None = None) -> Path:
    """--db when given; else the OFFICEBILL_HOME folder's office file when that is set; else the last
    office file opened when it still exists; else the default file."""
    if db is not None:
        return db
    if os.environ.get("OFFICEBILL_HOME"):
        return default_office_path()
    last = _settings().value(LAST_OFFICE_KEY)
    if last and Path(str(last)).is_file():
        return Path(str(last))
    return default_office_path()


class OfficeController(QObject):
    """Owns the one main window and its office; swaps both when another file is opened or a backup restored."""

    window_changed = Signal(object)  # the new MainWindow
    restore_finished = Signal(object)  # where the replaced file was kept, or None when nothing was restored
    brought_forward = Signal()  # another launch on this office file asked for the window

    # (user, password) signing in without the sign-in screen: for scripts, screenshots and tests only.
    credentials: tuple[str, str] | None = None

    def __init__(self, *, backup_on_close: bool = True, first_start: bool = True,
                 build_code_database: bool = True):
        super().__init__()
        self.backup_on_close = backup_on_close
        self.first_start = first_start
        self.build_code_database = build_code_database
        self.window = None
        self.starter = None
        self.check_task = None
        self.restore_task = None
        self._open_offices: list = []
        self._locks: dict = {}  # resolved office path -> single_instance.WindowLock held by this program
        self.handed_over = False  # start() found the file open in another window and brought that one forward
        self.signed_in_declined = False  # the person quit at the sign-in screen (or the first administrator)

    # ---------------------------------------------------------------- opening
    def start(self, path: Path) -> bool:
        """Open the office file (explaining a file that cannot be used) and show its window; False: quit."""
        from .first_start import open_office

        if not self.claim(Path(path)):
            return False
        office = open_office(Path(path))
        if office is None:
            self._release_unused()
            return False
        return self.show_office(office) is not None

    # ------------------------------------------------------- one window per file
    def claim(self, path: Path, parent=None) -> bool:
        """Take `path` for this program's window. When another window holds it, bring that one forward
        (or say where the file is open) and return False. A file that does not exist yet is claimed when
        its window opens (`show_office`), so no lock file is left beside a path that was never created."""
        from .single_instance import WindowLock, already_open_message, ask_running_window_to_raise

        key = Path(path).resolve()
        if key in self._locks:
            return True
        if not key.exists():
            return True  # nothing to hold yet (first start, or a file still to be created): claimed once it is
        lock = WindowLock(key, self)
        if lock.acquire():
            lock.raise_requested.connect(self.bring_forward)
            self._locks[key] = lock
            return True
        if ask_running_window_to_raise(key):
            self.handed_over = True
            if parent is not None and hasattr(parent, "show_message"):
                parent.show_message(f"{key} is open in another OfficeBill window; it was brought forward.")
            return False
        QMessageBox.warning(parent, "OfficeBill", already_open_message(key, lock.holder()))
        return False

    def bring_forward(self) -> None:
        """Another launch asked for this office file: show the window on top."""
        window = self.window
        if window is None:
            return
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()
        self.brought_forward.emit()

    def _release_unused(self) -> None:
        """Give up the claim of every file no open office uses any more."""
        in_use = {Path(o.path).resolve() for o in self._open_offices}
        for key in [k for k in self._locks if k not in in_use]:
            self._locks.pop(key).release()

    def show_office(self, office):
        from .first_start import sign_in_to
        from .main_window import MainWindow
        from .welcome import FirstStart

        if not self.claim(office.path, self.window):
            office.close()
            return None
        if not sign_in_to(office, self.window, credentials=self.credentials,
                          ask_for_administrator=self.first_start):
            office.close()  # nobody signed in (or no administrator was made): nothing of the office shows
            self._release_unused()
            self.signed_in_declined = True
            return None
        if not is_demo_office(office.path):  # the next start opens the real office, not the demo tried
            remember_office(office.path)
        self._open_offices.append(office)
        window = MainWindow(office, backup_on_close=self.backup_on_close, controller=self)
        window.closed.connect(lambda: self._window_closed(window))
        self.window = window
        window.show()
        if not gc.get_freeze_count():  # once: what stays for the session (window, screens, code lists) is not
            gc.freeze()  # walked by every full collection (on a ten-year office one cost up to 30 ms in a list)
        window.check_rows()  # damaged rows: the window stays open read-only and offers the backups
        if self.first_start:
            self.starter = FirstStart(window, build_code_database=self.build_code_database)
            self.starter.run()
        self.window_changed.emit(window)
        return window

    def open_path(self, path: Path) -> bool:
        """Switch to another office file; on a file that cannot be used the current office stays open."""
        from .first_start import open_office

        current = self.window
        office = open_office(Path(path), current, keep_current=True)  # another file: its own users sign in
        if office is None:
            return False
        if current is not None and office.path.resolve() == current.office.path.resolve():
            office.close()
            current.show_message("That office file is already open.")
            return False
        if not self.claim(office.path, current):
            office.close()  # open in another window: that one came forward, this one stays as it was
            return False
        if current is not None:
            current.save_settings()
        self.show_office(office)
        if current is not None:
            current.leave(backup=True)  # the old office's close-time backup, then its connection closes
        return True

    def _window_closed(self, window) -> None:
        self._close_office(window.office)

    def _close_office(self, office, *, keep_claim: bool = False) -> None:
        if office in self._open_offices:
            self._open_offices.remove(office)
        try:
            office.close()
        except Exception:  # noqa: BLE001 - already closed
            pass
        if not keep_claim:
            self._release_unused()

    def close_all(self) -> None:
        for office in list(self._open_offices):
            self._close_office(office)
        self._release_unused()

    # -------------------------------------------------------------- restoring
    def restore(self, window, backup: Path) -> None:
        """Check the backup, close the office, replace its file with the backup, reopen it in a new window.

        A backup that fails the check is refused with its message and nothing changes."""
        from ..office import backup_problems, restore_backup
        from .background import run_in_background, when_idle
        from .first_start import open_office

        backup = Path(backup)
        office = window.office
        path = office.path

        session = office.session  # the restored file opens for the same user when it has them

        def reopen(message: str, kept) -> None:
            reopened = open_office(path, window, signed_in_as=session)
            if reopened is not None and self.show_office(reopened) is not None:
                self.window.show_message(message)
            window.leave(backup=False)
            self._release_unused()
            self.restore_finished.emit(kept)

        def restored(kept) -> None:
            where = f" The replaced file is kept as {kept}." if kept else ""
            reopen(f"Restored {backup.name}.{where}", kept)

        def not_restored(exc) -> None:
            QMessageBox.warning(window, "Restore", f"The backup was not restored: {exc}\n\n"
                                "The office file was not replaced; OfficeBill reopens it as it was.")
            reopen("The backup was not restored.", None)

        def checked(problems) -> None:
            if problems:
                QMessageBox.warning(window, "Restore",
                                    f"This backup cannot be restored:\n\n{problems[0]}\n\n"
                                    "Nothing was changed. Choose another backup (Check integrity tells "
                                    "which are sound).")
                self.restore_finished.emit(None)
                return
            window.save_settings()
            window.setEnabled(False)
            window.show_message("Waiting for background work to finish before restoring…")
            when_idle(start_restore)  # a worker's own connection to the file would make the restore refuse

        def start_restore() -> None:
            # no connection may stay open on the file being replaced; the window keeps its claim on the file
            self._close_office(office, keep_claim=True)
            self.restore_task = run_in_background(lambda _p: restore_backup(backup, path), parent=window,
                                                  label="Restoring the backup…", on_done=restored,
                                                  on_error=not_restored)

        self.check_task = run_in_background(lambda _p: backup_problems(backup), parent=window,
                                            label="Checking the backup…", on_done=checked,
                                            on_error=lambda exc: checked([str(exc)]))


def parse_args(argv: list[str]) -> tuple[Path | None, list[str]]:
    """`--db PATH` (or --db=PATH); everything else is left for Qt."""
    parser = argparse.ArgumentParser(prog="officebill", add_help=True,
                                     description="OfficeBill: billing for small physician offices.")
    parser.add_argument("--db", metavar="PATH", help="the office file to open (default: office.db in the data folder)")
    parser.add_argument("--self-test", action="store_true",  # answered by officebill.launch before the window
                        help="check the installation in a throwaway office and exit (0 when all is well)")
    known, rest = parser.parse_known_args(argv)
    return (Path(known.db).expanduser() if known.db else None), rest


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    db, rest = parse_args(argv[1:])
    app = QApplication.instance() or QApplication([argv[0] if argv else "officebill", *rest])
    app.setOrganizationName("OfficeBill")
    app.setApplicationName("OfficeBill")
    app.setApplicationDisplayName("OfficeBill")
    app.setDesktopFileName("officebill")
    app.setWindowIcon(QIcon(str(files("officebill") / "resources" / "icons" / "officebill-256.png")))

    from .theme import apply_application_look

    apply_application_look(app)
    quit_after_show = os.environ.get("OFFICEBILL_QUIT_AFTER_SHOW") == "1"  # start-time measurement, smoke tests
    controller = OfficeController(first_start=not quit_after_show)
    if not controller.start(startup_office_path(db)):
        # handed over: the window already open came forward; declined: Quit at the sign-in screen
        return 0 if controller.handed_over or controller.signed_in_declined else 1
    if quit_after_show:
        QTimer.singleShot(0, app.quit)
    try:
        return app.exec()
    finally:
        controller.close_all()


if __name__ == "__main__":
    sys.exit(main())
