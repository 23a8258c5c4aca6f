"""Owner-only files made durable: create 0600 from the start, fsync the file and its folder.

Every file OfficeBill writes that holds patient data is made here, owner-only
(0600 on POSIX) from its first byte: the office file and its backups and
restored copies (`create_private`), and claim and statement PDFs, CSV exports
and 837 files (`write_private_file`, or `private_file` to write one in
pieces): to a temporary file in the target's folder, flushed and fsynced, then
renamed over the target; a crash at any moment leaves no file or the whole one.
On Windows the mode bits do not apply: a new file takes its folder's access
rules (the user's own profile folders are private to the user).
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ..core.problems import UserError
from ..disk import fsync_folder


def create_private(path: Path) -> None:
    """Create `path` empty and owner-only (0600), replacing a leftover of the same name."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        path.unlink()
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush `path`'s contents to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_TEMP_TAG = ".officebill-"
_PRIVATE_TEMP = re.compile(r"^\..+\.officebill-[A-Za-z0-9_]+\.partial$")


def clean_private_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files killed `write_private_file` calls left in `folder`; returns them."""
    removed = []
    try:
        candidates = list(Path(folder).iterdir())
    except OSError:
        return removed
    for path in candidates:
        if _PRIVATE_TEMP.match(path.name):
            try:
                path.unlink()
            except OSError:
                continue
            removed.append(path)
    return removed


@contextmanager
def private_file(path: Path, replace_old: bool = True) -> Iterator[BinaryIO]:
    """A binary file to write `path` through, atomically and owner-only: nothing is at `path` until the
    block ends without an exception; then the whole file is there, fsynced.

    With `replace_old=False` an existing file at `path` is removed before writing, so that when the
    write fails nothing older is left there to be mistaken for the new file. Temporary files that a
    killed earlier write left in the folder are removed first (`clean_private_leftovers`)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"The folder {folder} does not exist; choose an existing folder for {path.name}.")
    temp = None
    try:
        clean_private_leftovers(folder)
        if not replace_old and (path.exists() or path.is_symlink()):
            path.unlink()
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}{_TEMP_TAG}", suffix=".partial", dir=folder)
        with os.fdopen(fd, "wb") as out:  # mkstemp creates the file 0600 (on Windows: the folder's access rules)
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
        temp = None
        fsync_folder(folder)
    except OSError as exc:
        raise UserError(f"Could not write {path}: {exc.strerror or exc}. Nothing was marked as done; "
                        "free some disk space or choose another folder, then try again.") from exc
    finally:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)


def write_private_file(path: Path, data: bytes, replace_old: bool = True) -> Path:
    """Write `data` to `path` atomically and owner-only (see `private_file`)."""
    with private_file(path, replace_old) as out:
        out.write(data)
    return Path(path)
