"""Making a folder's changes durable: fsync the folder after a file in it was created, renamed or removed.

Shared by the office file's storage and the code database's swap (two packages that may not import
each other), so both make their renames durable the same way.
"""
from __future__ import annotations

import os
from pathlib import Path


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
