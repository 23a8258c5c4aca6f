"""Importing the CMS HCPCS Level II file from the window, in the background, all or nothing."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from ..core.problems import UserError
from ..office import NotWholeRelease
from .background import BackgroundTask, in_own_office, run_in_background
from .file_dialogs import CODE_RELEASE_KIND, open_file_name

TITLE = "Import the CMS HCPCS file"


def code_sets_text(office) -> str:
    """One line saying which code-set releases the code database holds."""
    if not office.codes.ready():
        return "Code sets: being prepared…"
    releases = office.codes.releases()
    hcpcs = releases["hcpcs"] or "none imported yet (download the HCPCS file from CMS, then Import HCPCS…)"
    held = office.codes.icd10cm_releases()
    icd = (f"{held[-1]['name']} release, in force to {held[-1]['ends']} (Setup > Import ICD-10-CM release… "
           "adds the next)") if held else releases["icd10cm"]
    return f"Code sets: ICD-10-CM {icd} · HCPCS Level II: {hcpcs}"


def choose_and_import(parent: QWidget, office, on_done: Callable[[dict], None]) -> BackgroundTask | None:
    """Ask for the file (the zip as CMS distributes it, or the text inside) and import it."""
    name = open_file_name(parent, office, CODE_RELEASE_KIND, TITLE, "HCPCS files (*.zip *.txt);;All files (*)")
    return import_file(parent, office, Path(name), on_done) if name else None


def import_file(parent: QWidget, office, path: Path, on_done: Callable[[dict], None],
                partial: bool = False) -> BackgroundTask:
    """Import in the background; a file holding only part of a release is merged only if the person agrees."""
    def failed(exc: BaseException) -> None:
        if isinstance(exc, NotWholeRelease) and not partial and _import_as_update(parent, exc):
            import_file(parent, office, path, on_done, partial=True)
            return
        message = str(exc) if isinstance(exc, UserError) else f"The import did not work: {exc}"
        QMessageBox.warning(parent, TITLE, f"{message}\n\nNothing was imported; the code sets are as they were.")

    def action(office, progress):
        return office.codes.import_hcpcs(path, progress, partial=partial).value

    return run_in_background(in_own_office(office.path, action), parent=parent, label="Importing HCPCS codes…",
                             on_done=on_done, on_error=failed)


def _import_as_update(parent: QWidget, exc: NotWholeRelease) -> bool:
    """Ask whether a short file is an update to merge (keeping every other code) rather than a release."""
    answer = QMessageBox.question(
        parent, TITLE,
        f"This file holds {exc.procedures} HCPCS codes; the code database holds {exc.held}. A whole CMS release "
        "holds thousands.\n\nImport it as an update (add and change these codes, keep all the others)?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
