"""One window per office file: a second launch on the same file brings the first window forward.

The window holding an office file holds a `QLockFile` beside it (`office.db.window.lock`,
keyed by the file's resolved path, so `--db`, OFFICEBILL_HOME and the last-opened file
all meet there) and listens on a `QLocalServer` named after the same path. A second
launch that cannot take the lock connects to that server and asks it to raise its
window; when nobody answers (a window that is starting or stuck), it says where the
file is already open (process and host from the lock file) instead of opening it twice.

A lock left by a process that died is stale and taken over at once (QLockFile checks
the process id recorded in it).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"
CONNECT_MS = 1500


def _resolved(path) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(path).absolute()


def lock_path(office_path) -> Path:
    resolved = _resolved(office_path)
    return resolved.with_name(resolved.name + ".window.lock")


def server_name(office_path) -> str:
    """The local server's name: per user and per office file (Unix socket names are short)."""
    digest = hashlib.sha256(str(_resolved(office_path)).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    return f"officebill-{user}-{digest}"


class WindowLock(QObject):
    """The claim of one office file by this program's window; `raise_requested` when another launch asks."""

    raise_requested = Signal()

    def __init__(self, office_path, parent: QObject | None = None):
        super().__init__(parent)
        self.office_path = _resolved(office_path)
        self._lock = QLockFile(str(lock_path(self.office_path)))
        self._lock.setStaleLockTime(0)  # only a dead process's lock is stale, however old a live one is
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """Take the file for this window and start answering other launches; False when it is taken."""
        if not self._lock.tryLock(100):
            return False
        name = server_name(self.office_path)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(name):
            QLocalServer.removeServer(name)  # a socket file left by a process that died
            server.listen(name)
        server.newConnection.connect(self._connected)
        self._server = server
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    def held(self) -> bool:
        return self._lock.isLocked()

    def _connected(self) -> None:
        while self._server is not None and self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            self.raise_requested.emit()
        socket.disconnectFromServer()

    def holder(self) -> str:
        """Who holds the file, as a person reads it: 'process 1234 on host-name', or '' when unknown."""
        info = self._lock.getLockInfo()  # PySide6: (pid, host, application), or a false value when unreadable
        if not info or len(info) < 2 or not isinstance(info[0], int) or info[0] <= 0:
            return ""
        pid, host = info[0], info[1]
        return f"process {pid} on {host}" if host else f"process {pid}"


def ask_running_window_to_raise(office_path) -> bool:
    """Ask the window holding `office_path` to come forward; True when the request was delivered."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(office_path))
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(RAISE)
    delivered = socket.waitForBytesWritten(CONNECT_MS) or socket.bytesToWrite() == 0
    socket.disconnectFromServer()
    return delivered


def already_open_message(office_path, holder: str) -> str:
    where = f" by OfficeBill ({holder})" if holder else " by another OfficeBill window"
    return (f"The office file {office_path} is already open{where}. Switch to that window "
            "(only one window may work on an office file at a time), or close it first.")
