"""The OfficeBill window's entry point: `officebill [--db PATH]`.

`--db PATH` is read before anything else (before Qt sees the arguments);
then the office file is opened (with a message, never a traceback, when it
cannot be used), the main window is shown and first-start work begins.
Closing the window makes an automatic backup in the background.
"""
from __future__ import annotations

import argparse
import os
import sys
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ..paths import default_office_path


def parse_args(argv: list[str]) -> tuple[Path | None, list[str]]:
    """`--db PATH` (or --db=PATH); everything else is left for Qt."""
    parser = argparse.ArgumentParser(prog="officebill", add_help=True,
                                     description="OfficeBill: billing for small physician offices.")
    parser.add_argument("--db", metavar="PATH", help="the office file to open (default: office.db in the data folder)")
    parser.add_argument("--self-test", action="store_true",
                        help="check the installation in a throwaway office and exit (0 when all is well)")
    known, rest = parser.parse_known_args(argv)
    return (Path(known.db).expanduser() if known.db else None), rest


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if "--self-test" in argv[1:]:  # checks the installation without touching the user's data
        from ..selftest import main as self_test

        return self_test(argv[1:])
    db, rest = parse_args(argv[1:])
    app = QApplication.instance() or QApplication([argv[0] if argv else "officebill", *rest])
    app.setOrganizationName("OfficeBill")
    app.setApplicationName("OfficeBill")
    app.setApplicationDisplayName("OfficeBill")
    app.setDesktopFileName("officebill")
    app.setWindowIcon(QIcon(str(files("officebill") / "resources" / "icons" / "officebill-256.png")))

    from .first_start import FirstStart, open_office
    from .main_window import MainWindow
    from .theme import apply_application_look

    apply_application_look(app)
    office = open_office(db or default_office_path())
    if office is None:
        return 1
    window = MainWindow(office)
    window.show()
    if os.environ.get("OFFICEBILL_QUIT_AFTER_SHOW") == "1":  # start-time measurement and smoke tests
        QTimer.singleShot(0, app.quit)
    else:
        FirstStart(window).run()
    try:
        return app.exec()
    finally:
        office.close()


if __name__ == "__main__":
    sys.exit(main())
