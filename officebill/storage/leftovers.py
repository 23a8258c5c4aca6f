"""Clean what a killed backup or restore of one office file left behind.

`clean_leftovers(office_path)` removes that office's `*.partial` backups (in
its backups folder) and `office.db.restoring` temp file, but only when it can
take the exclusive file lock, i.e. when no other window or command has the
office open (one of them could be writing that very file right now).
Another office's files in the same folders are never touched.
"""
from __future__ import annotations

from pathlib import Path

from .backup import BACKUP_NAME, backups_dir
from .durable import fsync_folder
from .file_lock import LockBusy, OfficeLock

_SIDECARS = ("", "-journal", "-wal", "-shm")  # SQLite's own files beside a database being written
_PARTIAL_SUFFIXES = tuple(".partial" + sidecar for sidecar in _SIDECARS)
_RESTORE_SUFFIXES = tuple(temp + sidecar for temp in (".restoring", ".compacting") for sidecar in _SIDECARS)


def _partial_backups(office_path: Path) -> list[Path]:
    folder = backups_dir(office_path)
    if not folder.is_dir():
        return []
    prefix = f"{office_path.stem}-"
    found = []
    for path in folder.iterdir():
        name = path.name
        for suffix in _PARTIAL_SUFFIXES:
            if name.startswith(prefix) and name.endswith(suffix):
                if BACKUP_NAME.match(name[len(prefix):-len(suffix)]):
                    found.append(path)
    return found


def leftovers(office_path: Path) -> list[Path]:
    """The temporary files of this office's killed backups, restores and compactions that exist now."""
    office_path = Path(office_path)
    temps = [office_path.with_name(office_path.name + suffix) for suffix in _RESTORE_SUFFIXES]
    temps.append(office_path.with_suffix(".restoring"))  # the name older versions used
    return [p for p in temps if p.is_file()] + _partial_backups(office_path)


def clean_leftovers(office_path: Path) -> list[Path]:
    """Remove this office's leftovers when nobody has it open; returns what was removed."""
    office_path = Path(office_path)
    found = leftovers(office_path)
    if not found:
        return []
    try:
        lock = OfficeLock(office_path)
    except OSError:
        return []
    with lock:
        try:
            lock.acquire(exclusive=True)
        except LockBusy:
            return []
        removed = []
        for path in leftovers(office_path):
            try:
                path.unlink()
            except OSError:
                continue
            removed.append(path)
        for folder in {p.parent for p in removed}:
            fsync_folder(folder)
    return removed
