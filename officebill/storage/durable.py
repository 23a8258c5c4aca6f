"""Owner-only files made durable: create 0600 from the start, fsync the file and its folder."""
from __future__ import annotations

import os
from pathlib import Path


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


def fsync_folder(folder: Path) -> None:
    """Make creations, renames and deletions in `folder` durable (no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; its renames are durable when they return
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
