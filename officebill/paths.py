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
