"""SQLite URIs for file paths: any character a folder name may hold (`#`, `?`, `%`, spaces) is quoted."""
from __future__ import annotations

import os
from pathlib import Path


def file_uri(path: Path | str) -> str:
    """A `file:` URI naming `path` exactly (absolute, percent-quoted)."""
    return Path(os.path.abspath(path)).as_uri()


def readonly_uri(path: Path | str) -> str:
    """A URI that opens `path` read-only: `sqlite3.connect(readonly_uri(p), uri=True)`."""
    return file_uri(path) + "?mode=ro"
