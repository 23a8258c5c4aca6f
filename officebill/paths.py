"""Where OfficeBill keeps its files: OFFICEBILL_HOME or the platform data directory."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "OfficeBill"


def data_dir() -> Path:
    """The folder holding the office file, backups and the code database."""
    override = os.environ.get("OFFICEBILL_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_office_path() -> Path:
    return data_dir() / "office.db"


def codes_path(office_path: Path | None = None) -> Path:
    """The code database sits beside the office file."""
    folder = Path(office_path).resolve().parent if office_path else data_dir()
    return folder / "codes.db"
