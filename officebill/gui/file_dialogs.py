"""Where the window's file dialogs open: the office's documents folder (`paths.documents_folder`, a folder
beside the office file, made owner-only when first used), or the folder last used for that kind of file in
this office (remembered in QSettings per office file and kind), never the folder the program was started
from or the home folder.

Every `QFileDialog` of the window goes through these: `save_file_name`, `open_file_name`, `open_file_names`,
`existing_folder`. Each takes the office (or its file's path) and a kind (`PDF_KIND`, ...), and remembers
the folder chosen.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from ..paths import documents_folder

# Kinds of file: each remembers its own last folder (per office).
PDF_KIND = "claims-pdf"
ALIGNMENT_KIND = "alignment-page"
STATEMENTS_KIND = "statements"
RECEIPT_KIND = "receipt"
EXPORT_837_KIND = "837p"
REMITTANCE_KIND = "835"
ACKNOWLEDGMENT_KIND = "999-277ca"
AUDIT_KIND = "audit-csv"
REPORT_KIND = "report"
PROCEDURES_KIND = "procedures-csv"
CODE_RELEASE_KIND = "code-release"  # ICD-10-CM, HCPCS and NCCI files from CMS
BACKUP_KIND = "backup"
OFFICE_FILE_KIND = "office-file"


def _office_path(office) -> Path:
    return Path(getattr(office, "path", office)).resolve()


def _key(office, kind: str) -> str:
    digest = hashlib.sha256(str(_office_path(office)).encode()).hexdigest()[:16]  # no patient data, no path
    return f"file_dialogs/{digest}/{kind}"


def start_folder(office, kind: str, default: Path | None = None) -> Path:
    """The folder a dialog for `kind` opens in: the last one used for it in this office while it exists,
    else `default`, else the office's documents folder (made, owner-only, when first used)."""
    remembered = QSettings().value(_key(office, kind), "", type=str)
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    if default is not None and Path(default).is_dir():
        return Path(default)
    return documents_folder(_office_path(office), create=True)


def remember(office, kind: str, chosen: str | Path) -> None:
    """Keep the folder of `chosen` (a file, or a folder for `existing_folder`) for the next dialog of `kind`."""
    if not chosen:
        return
    path = Path(chosen)
    QSettings().setValue(_key(office, kind), str(path if path.is_dir() else path.parent))


def save_file_name(parent: QWidget, office, kind: str, title: str, name: str, filters: str,
                   default: Path | None = None, **options) -> str:
    """QFileDialog.getSaveFileName opening in the start folder with `name` suggested; '' when cancelled."""
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(start_folder(office, kind, default) / name),
                                                  filters, **options)
    remember(office, kind, chosen)
    return chosen


def open_file_name(parent: QWidget, office, kind: str, title: str, filters: str,
                   default: Path | None = None) -> str:
    chosen, _filter = QFileDialog.getOpenFileName(parent, title, str(start_folder(office, kind, default)), filters)
    remember(office, kind, chosen)
    return chosen


def open_file_names(parent: QWidget, office, kind: str, title: str, filters: str) -> list[str]:
    chosen, _filter = QFileDialog.getOpenFileNames(parent, title, str(start_folder(office, kind)), filters)
    if chosen:
        remember(office, kind, chosen[0])
    return list(chosen)


def existing_folder(parent: QWidget, office, kind: str, title: str, default: Path | None = None) -> str:
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start_folder(office, kind, default)))
    remember(office, kind, chosen)
    return chosen
