"""Build-and-swap for codes.db: write a temporary file beside it, fsync, os.replace.

Every writer of codes.db (the first build, a rebuild, a code-set import) goes
through `replacing(path)`: the new file is written in the same folder as
`codes.db.<random>.tmp` (owner-only), flushed to disk, and moved over
`codes.db` in one rename. A process killed at any moment leaves either the
old file or the new one, never a mix. Readers holding the old file open keep
reading it (POSIX keeps the old inode alive); `CodeIndex` notices the swap
and reopens.

A temporary file left by a killed process is removed by `remove_stale(path)`,
which `ensure_built` and `CodeIndex` run when they start, after `recover(path)`
has rolled back any hot journal an older, in-place-writing version left. A temporary file is
stale when no process holds its lock (POSIX `flock`, taken by the writer for
as long as it works); where `flock` is missing, and for the unlocked
`.codes-*.building` files of earlier versions, when it has not been written
for `STALE_AFTER` seconds (a build takes seconds).
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from ..core.problems import UserError
from ..disk import fsync_folder

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

TEMP_SUFFIX = ".tmp"
STALE_AFTER = 600
_OLD_PATTERNS = (".codes-*.building",)  # builders before 2026-05 named their temporary file so
_live: set[str] = set()  # temporary files this process is writing right now
_live_lock = threading.Lock()


def temp_pattern(path: Path) -> str:
    """Glob pattern of the temporary files beside `path` (and SQLite's side files of them)."""
    return f"{Path(path).name}.*{TEMP_SUFFIX}*"


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yields a fresh temporary path beside `path`; on normal exit it is fsynced and moved over `path`.

    On any exception (or KeyboardInterrupt) the temporary file is removed and `path` is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f"{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)  # mode 0600
    temp = Path(name)
    with _live_lock:
        _live.add(name)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield temp
        os.fsync(fd)  # the same inode SQLite wrote through its own descriptor
        os.replace(temp, path)
        fsync_folder(path.parent)
    except BaseException:
        _remove(temp)
        raise
    finally:
        os.close(fd)
        with _live_lock:
            _live.discard(name)


def file_stamp(path: Path) -> tuple[int, int, int]:
    """Inode, modification time and size: changes whenever another program swaps or writes the file."""
    st = os.stat(path)
    return st.st_ino, st.st_mtime_ns, st.st_size


def copy_database(source: Path, temp: Path) -> None:
    """A consistent copy of the SQLite database `source` (read only) into `temp`."""
    with contextlib.closing(sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)) as src, \
            contextlib.closing(sqlite3.connect(temp)) as dst:
        src.backup(dst)


@contextlib.contextmanager
def updating(path: Path, again: str) -> Iterator[Path]:
    """Yields a private copy of the database at `path` (beside it); on normal exit the copy replaces it.

    Refused, with `path` untouched, when another program changed `path` meanwhile; SQLite and disk errors
    become UserError saying nothing was imported and what to do (`again`: "import the file again")."""
    path = Path(path)
    try:
        before = file_stamp(path)
        with replacing(path) as temp:
            copy_database(path, temp)
            yield temp
            if file_stamp(path) != before:
                raise UserError(f"another OfficeBill program changed the code database {path} during the "
                                f"import; nothing was imported; {again}")
    except sqlite3.DatabaseError as exc:
        raise UserError(f"could not write the code database {path}: {exc}; nothing was imported; rebuild it "
                        f"with 'officebill-cli codes build' and {again}") from exc
    except OSError as exc:
        raise UserError(f"could not write the code database {path}: {exc.strerror or exc}; nothing was imported; "
                        "check the free disk space and that the folder is writable") from exc


def _remove(temp: Path) -> None:
    for side in (temp, *temp.parent.glob(temp.name + "-*")):  # -journal, -wal, -shm
        with contextlib.suppress(OSError):
            side.unlink()


def recover(path: Path) -> None:
    """Rolls back a hot journal that an older OfficeBill, killed while writing codes.db in place, left.

    Read-only connections cannot roll one back, so until this runs every search fails
    ("attempt to write a readonly database"). This version never writes codes.db in place.
    """
    path = Path(path)
    if not Path(f"{path}-journal").exists() or not path.exists():
        return
    try:
        with contextlib.closing(sqlite3.connect(path)) as conn:  # opening a hot journal rolls it back
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        pass  # the caller's checks find the file unusable and rebuild it


def remove_stale(path: Path) -> list[Path]:
    """Removes temporary files left beside `path` by killed builds or imports; returns what was removed."""
    path = Path(path)
    if not path.parent.is_dir():
        return []
    found = list(path.parent.glob(temp_pattern(path)))
    for pattern in _OLD_PATTERNS:
        found += path.parent.glob(pattern)
    removed = []
    for temp in sorted(found):
        if _is_stale(temp):
            with contextlib.suppress(OSError):
                temp.unlink()
                removed.append(temp)
    return removed


def _is_stale(temp: Path) -> bool:
    owner = _owner_file(temp)
    with _live_lock:
        if str(owner) in _live:
            return False
    if fcntl is None or owner.suffix == ".building":
        try:
            return time.time() - owner.stat().st_mtime > STALE_AFTER
        except OSError:
            return True
    try:
        fd = os.open(owner, os.O_RDONLY)
    except FileNotFoundError:
        return True  # a side file whose main file is gone
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a running build or import holds it
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def _owner_file(temp: Path) -> Path:
    """The temporary database a side file (…tmp-journal) belongs to; the file itself otherwise."""
    name = temp.name
    cut = name.rfind(TEMP_SUFFIX)
    return temp if cut < 0 or name.endswith(TEMP_SUFFIX) else temp.with_name(name[:cut + len(TEMP_SUFFIX)])
