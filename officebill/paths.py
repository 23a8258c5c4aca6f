"""Where OfficeBill keeps its files: OFFICEBILL_HOME or the platform data directory."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "OfficeBill"


def data_dir() -> Path:
    """The folder holding the office file, backups and the code database.

    Naming it creates nothing: the folder is made when an office is created
    (`open_office_db(..., create=True)`) or the code database is built, so a
    mistyped OFFICEBILL_HOME leaves no trace."""
    override = os.environ.get("OFFICEBILL_HOME")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_office_path() -> Path:
    return data_dir() / "office.db"


def codes_path(office_path: Path | None = None) -> Path:
    """The code database sits beside the office file."""
    folder = Path(office_path).resolve().parent if office_path else data_dir()
    return folder / "codes.db"


DEMO_OFFICE_NAME = "demo-office.db"


def demo_office_path(office_path: Path | None = None) -> Path:
    """The demo office's own file: beside the office file (sharing its code database), else in the data
    folder. "Open the demo office" fills this file, never the office's real one."""
    folder = Path(office_path).resolve().parent if office_path else data_dir()
    return folder / DEMO_OFFICE_NAME


def is_demo_office(path: Path | str) -> bool:
    """True for a demo office file (the window's title says DEMO)."""
    return Path(path).name == DEMO_OFFICE_NAME


def documents_folder(office_path: Path | str, create: bool = False) -> Path:
    """The office's documents folder, where file dialogs open (claim PDFs, statements, exports, reports):
    beside the office file, named after it (`office-documents` for office.db), so a demo office beside the
    real one keeps its papers apart. With `create`, made owner-only (0700) when missing."""
    office_path = Path(office_path).resolve()
    folder = office_path.parent / f"{office_path.stem}-documents"
    if create and not folder.is_dir():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder
