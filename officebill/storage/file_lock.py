"""Advisory locks on an office file's sidecar lock file (`office.db.lock`).

Every open office connection holds a SHARED lock for its whole life; a
restore takes an EXCLUSIVE one, so it can tell whether the file is open in
another window, command or connection. The kernel drops a lock when its
process dies, so a killed program never leaves a stale lock behind. The lock
file itself is never deleted (deleting it would split later lockers apart).

POSIX uses `fcntl.flock` (per open file, so two connections in one process
conflict as two processes do); Windows uses `msvcrt.locking` on a byte range.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
    import msvcrt


def lock_path(office_path: Path) -> Path:
    """The sidecar lock file of an office file: `office.db` -> `office.db.lock`."""
    office_path = Path(office_path)
    return office_path.with_name(office_path.name + ".lock")


class LockBusy(Exception):
    """The lock is held by someone else in a conflicting mode."""


class OfficeLock:
    """One handle on the lock file. `close()` releases whatever it holds."""

    def __init__(self, office_path: Path):
        self.path = lock_path(office_path)
        self.fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        self.mode: str | None = None

    def _try(self, exclusive: bool) -> bool:
        if fcntl is not None:
            flags = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
            try:
                fcntl.flock(self.fd, flags)
            except BlockingIOError:
                return False
            return True
        # pragma: no cover - Windows: msvcrt has no shared mode; byte 0 is the "writer" byte and each
        # reader locks one byte of a wide range, so readers coexist and the writer locks the whole range.
        return _windows_try(self, exclusive)

    def acquire(self, exclusive: bool = False, wait: float = 0.0) -> None:
        """Take the lock, retrying for up to `wait` seconds; raise LockBusy when it cannot be had."""
        if self.fd is None:
            raise ValueError("lock already closed")
        deadline = time.monotonic() + wait
        while not self._try(exclusive):
            if time.monotonic() >= deadline:
                raise LockBusy(str(self.path))
            time.sleep(0.02)
        self.mode = "exclusive" if exclusive else "shared"

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases its flock / msvcrt ranges
            self.fd, self.mode = None, None

    def __enter__(self) -> OfficeLock:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:  # a forgotten handle still lets go when collected
        try:
            self.close()
        except Exception:  # noqa: BLE001 - best effort during interpreter shutdown
            pass


_READER_SLOTS = 64


def _windows_try(lock: OfficeLock, exclusive: bool) -> bool:  # pragma: no cover - Windows only
    def try_range(start: int, length: int) -> bool:
        os.lseek(lock.fd, start, os.SEEK_SET)
        try:
            msvcrt.locking(lock.fd, msvcrt.LK_NBLCK, length)
        except OSError:
            return False
        return True

    if exclusive:
        return try_range(0, 1 + _READER_SLOTS)
    if not try_range(0, 1):  # a writer holds byte 0
        return False
    os.lseek(lock.fd, 0, os.SEEK_SET)
    msvcrt.locking(lock.fd, msvcrt.LK_UNLCK, 1)
    for slot in range(1, 1 + _READER_SLOTS):
        if try_range(slot, 1):
            return True
    return False
