"""Restore a backup over the office file: refused while the file is open, atomic under a kill.

The steps, each safe to be killed after:
1. check the backup (`content_problems`) and what is at the office path;
2. take the EXCLUSIVE file lock, refusing when any window, command or
   connection has the office open (they hold it SHARED);
3. checkpoint the office's WAL into the main file (TRUNCATE, so the WAL is
   empty) and keep a copy of it, made with the backup API, in the backups
   folder: commits that were only in the WAL are in the main file and the copy;
4. delete the now-empty `-wal` and `-shm`, fsync the folder;
5. copy the backup to `office.db.restoring` (owner-only), fsync it;
6. `os.replace` it over the office file, fsync the folder.
Killed before 6 the office is the old one with all its commits (a stale
`.restoring` is cleaned at the next open); after 6 it is the restored one.
No -wal exists from step 4 on, so a new main file never meets an old WAL.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.problems import UserError
from .backup import _stamp, backup_to_dir, backups_dir, check_backup, copy_database
from .cipher import connect_encrypted, key_for
from .durable import create_private, fsync_file, fsync_folder
from .errors import UNREADABLE, DamagedFileError, NewerFileError, OfficeFileError, OfficeInUseError
from .file_checks import inspect_office_path
from .file_lock import LockBusy, OfficeLock
from .keyfile import KeyFile, header_of, key_path, looks_encrypted, office_key_file, pending_path, settle

IN_USE = ("The office file is open in another OfficeBill window or command; close it, then restore. "
          "Nothing was changed.")
BUSY_TIMEOUT_S = 5.0

# A test hook: called with each step's name as the restore passes it (see tests/storage/test_restore_kill.py).
step_hook = None


def _step(name: str) -> None:
    if step_hook is not None:
        step_hook(name)


def _check_target(office_path: Path) -> None:
    """Refuse to overwrite something that is not an office file; a damaged or newer office may be replaced."""
    try:
        inspect_office_path(office_path, create=True)
    except NewerFileError:
        pass  # its copy is kept like any other
    except DamagedFileError:
        pass  # replacing a damaged office is what restores are for; its bytes are kept


def _checkpoint(office_path: Path) -> bool:
    """Move every commit from the WAL into the main file and empty the WAL; False when the file is unreadable."""
    try:
        key = key_for(office_path) if looks_encrypted(office_path) else None
        if looks_encrypted(office_path) and key is None:
            return False  # locked: kept byte for byte, with its key file
        options = {"timeout": BUSY_TIMEOUT_S, "isolation_level": None}
        conn = (connect_encrypted(str(office_path), key, **options) if key is not None
                else sqlite3.connect(str(office_path), **options))
    except (*UNREADABLE, OfficeFileError):
        return False
    try:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except UNREADABLE:
        return False
    finally:
        conn.close()
    if busy:
        raise OfficeInUseError("The office file is in use by another program (it could not be brought up to "
                               "date for the restore); close it, then restore. Nothing was changed.")
    return True


def _keep_raw(office_path: Path) -> Path:
    """A byte copy of an unreadable office file (and its WAL), so nothing is thrown away."""
    folder = backups_dir(office_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{office_path.stem}-{_stamp()}-replaced-by-restore.db"
    for suffix in ("", "-wal", ".keys"):
        source = Path(str(office_path) + suffix)
        if source.is_file():
            copy = Path(str(target) + suffix)
            create_private(copy)  # owner-only before a byte of patient data is in it
            with open(source, "rb") as read, open(copy, "r+b") as write:
                shutil.copyfileobj(read, write)
            fsync_file(copy)
    fsync_folder(folder)
    return target


def restore_office(backup: Path, office_path: Path) -> Path | None:
    """Replace `office_path` with the checked `backup`; returns the kept copy of the replaced file (or None)."""
    backup, office_path = Path(backup), Path(office_path)
    check_backup(backup)
    _check_target(office_path)
    office_path.parent.mkdir(parents=True, exist_ok=True)
    with office_alone(office_path, "restore into", "restore"):
        return _replace(backup, office_path)


@contextmanager
def office_alone(office_path: Path, doing: str, job: str) -> Iterator[None]:
    """Hold the office file's EXCLUSIVE lock while it is replaced (a restore, a conversion): refused with
    OfficeInUseError while any window or command has it open; a disk error or unreadable file met inside
    becomes a UserError saying the `job` could not finish and the office file is as it was."""
    try:
        lock = OfficeLock(office_path)
    except OSError as exc:
        raise UserError(f"Could not {doing} {office_path}: {exc.strerror or exc}.") from exc
    with lock:
        try:
            lock.acquire(exclusive=True)
        except LockBusy:
            raise OfficeInUseError(IN_USE) from None
        try:
            yield
        except OSError as exc:
            raise UserError(f"The {job} could not finish ({exc.strerror or exc}); the office file is as it "
                            "was. Free some disk space and try again.") from exc
        except UNREADABLE as exc:
            raise UserError(f"The {job} could not finish ({exc}); the office file is as it was.") from exc


def _replace(backup: Path, office_path: Path) -> Path | None:
    kept = None
    office_keys = office_key_file(office_path) if office_path.exists() else None
    # A plain backup restored into an encrypted office is encrypted with the office's key (when unlocked).
    office_key = key_for(office_path) if office_keys is not None and not looks_encrypted(backup) else None
    temp = office_path.with_name(office_path.name + ".restoring")
    if office_path.exists():
        if _checkpoint(office_path):
            _step("checkpointed")
            kept = backup_to_dir(office_path, backups_dir(office_path), reason="replaced-by-restore")
        else:
            kept = _keep_raw(office_path)
        _step("kept")
        for suffix in ("-wal", "-shm"):
            Path(str(office_path) + suffix).unlink(missing_ok=True)
            _step(f"removed{suffix}")
        fsync_folder(office_path.parent)
    try:
        copy_database(backup, temp, key=office_key)
        _step("copied")
        _pending_key_file(backup, temp, office_path, office_keys)
        _step("pending-written")
        os.replace(temp, office_path)
    except BaseException:
        temp.unlink(missing_ok=True)
        pending_path(office_path).unlink(missing_ok=True)
        raise
    _step("replaced")
    fsync_folder(office_path.parent)
    settle(office_path)  # the pending key file (if any) becomes the office's
    return kept


def _pending_key_file(backup: Path, copy: Path, office_path: Path, office_keys: KeyFile | None) -> None:
    """The key file that goes with the restored copy, written as `office.db.keys.pending` (see keyfile.settle).

    An encrypted copy gets the backup's wraps (they go with the restored users rows) and, when the key is
    the same, the office's current ones too (each user's next sign-in keeps only the wrap that opened); a plain
    copy makes the office plain: its old key file is set aside to be removed once the copy is in place."""
    pending = pending_path(office_path)
    if not looks_encrypted(copy):
        if key_path(office_path).exists():
            os.replace(key_path(office_path), pending)
        return
    from_backup = office_key_file(backup)
    same = office_keys is not None and (from_backup is None or office_keys.key_id == from_backup.key_id)
    chosen = office_keys if same else from_backup
    if chosen is None:
        raise UserError(f"{backup} is encrypted but its key file {key_path(backup).name} is not beside it; put it "
                        "back (it was made with the backup) and try again. Nothing was changed.")
    merged = KeyFile.new(pending, chosen.key_id, header_of(copy))
    both = [from_backup] if from_backup is not None and from_backup.key_id == chosen.key_id else []
    for source in [*both, chosen] if chosen is not from_backup else both:
        for name, wraps in source.data["wraps"].items():
            mine = merged.data["wraps"].setdefault(name, [])
            mine += [wrap for wrap in wraps if wrap not in mine]
    merged.data["failures"], merged.data["notes"] = dict(chosen.data["failures"]), list(chosen.data["notes"])
    merged.save()
