"""The OfficeBill window's entry point: `officebill [--db PATH]`.

`--db PATH` is read before anything else (before Qt sees the arguments);
then the office file is opened (with a message, never a traceback, when it
cannot be used), the main window is shown and first-start work begins.
Closing the window makes an automatic backup in the background.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ..paths import default_office_path


def parse_args(argv: list[str]) -> tuple[Path | None, list[str]]:
    """`--db PATH` (or --db=PATH); everything else is left for Qt."""
    parser = argparse.ArgumentParser(prog="officebill", add_help=True,
                                     description="OfficeBill: billing for small physician offices.")
    parser.add_argument("--db", metavar="PATH", help="the office file to open (default: office.db in the data folder)")
    known, rest = parser.parse_known_args(argv)
    return (Path(known.db).expanduser() if known.db else None), rest


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    db, rest = parse_args(argv[1:])
    app = QApplication.instance() or QApplication([argv[0] if argv else "officebill", *rest])
    app.setOrganizationName("OfficeBill")
    app.setApplicationName("OfficeBill")
    app.setApplicationDisplayName("OfficeBill")

    from .first_start import FirstStart, open_office
    from .main_window import MainWindow
    from .theme import apply_application_look

    apply_application_look(app)
    office = open_office(db or default_office_path())
    if office is None:
        return 1
    window = MainWindow(office)
    window.show()
    starter = FirstStart(window)
    starter.run()
    try:
        return app.exec()
    finally:
        office.close()


if __name__ == "__main__":
    sys.exit(main())
