"""What is at an office path, checked before anything writes to it.

`inspect_office_path(path, create=...)` returns "missing", "empty" or
"office", or raises OfficeFileError saying what the thing is instead (a
folder, a FIFO or device, a read-only file, another program's database, the
code database, a damaged file, a name too long). It only reads.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from . import migrations
from .content import CODE_DB_MARKERS, OFFICE_MARKERS, SQLITE_HEADER, table_names
from .errors import UNREADABLE, DamagedFileError, NewerFileError, OfficeFileError

CREATE_HINT = "create one with `officebill-cli --db PATH new` or choose another file"
RESTORE_HINT = "Restore a backup (officebill-cli restore FILE) or choose another file."


def os_error_message(path: Path, exc: OSError, doing: str = "open") -> str:
    """A sentence for an OSError met while using `path`."""
    code = exc.errno
    if code == errno.ENAMETOOLONG:
        return f"The name {str(path)[:80]}... is too long for the file system; choose a shorter name or folder."
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
        return f"The disk holding {path} is full (or the file size limit was reached); nothing was saved. Free some space and try again."
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{path} cannot be written: permission denied or a read-only disk. Check its permissions or choose another place."
    if code == errno.ENOTDIR:
        return f"{path} cannot be used: part of the folder path is a file, not a folder."
    return f"Could not {doing} {path}: {exc.strerror or exc}."


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse_read_only(path: Path, mode: int) -> None:
    if not os.access(path, os.W_OK) or not mode & 0o222:
        raise OfficeFileError(
            f"{path} is read-only, so it cannot be written. Make it writable (check its permissions) "
            "or copy it somewhere you can write. The file was not changed."
        )
    folder = path.parent
    if not os.access(folder, os.W_OK):
        raise OfficeFileError(
            f"The folder {folder} is read-only, so {path.name} cannot be written (OfficeBill keeps its "
            "journal and lock files beside the office file). Copy the file somewhere you can write."
        )


def _sqlite_contents(path: Path, key: bytes | None = None) -> tuple[set[str], int]:
    from .cipher import connect_readonly

    try:
        conn = connect_readonly(path, key)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            return table_names(conn), version
        finally:
            conn.close()
    except UNREADABLE as exc:
        raise DamagedFileError(f"{path} is damaged or is not an OfficeBill office file ({exc}). {RESTORE_HINT}",
                               [str(exc)]) from exc


def inspect_office_path(path: Path, *, create: bool = False, key: bytes | None = None) -> str:
    """"missing", "empty" (0 bytes or a SQLite file with no tables) or "office"; else OfficeFileError.

    `key` opens an encrypted office (whose first bytes are not SQLite's header)."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if create:
            return "missing"
        raise OfficeFileError(f"There is no office file at {path}; {CREATE_HINT}.") from None
    except OSError as exc:
        raise OfficeFileError(os_error_message(path, exc)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise OfficeFileError(
            f"{path} is a folder, not an office file. Give the path of the office file itself "
            f"(for example {path / 'office.db'})."
        )
    if not stat.S_ISREG(info.st_mode):
        raise OfficeFileError(f"{path} is {_kind_of(info.st_mode)}, not an office file; choose an office file.")
    _refuse_read_only(path, info.st_mode)
    if info.st_size == 0:
        if create:
            return "empty"
        raise OfficeFileError(f"{path} is empty (0 bytes), not an office file; {CREATE_HINT}.")
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise OfficeFileError(os_error_message(path, exc)) from exc
    if header != SQLITE_HEADER and key is None:
        raise DamagedFileError(
            f"{path} is not an OfficeBill office file: it is not a SQLite database (it may be damaged, "
            f"or another kind of file). OfficeBill did not change it. {RESTORE_HINT} If it is an encrypted "
            f"office, its key file {path.name}.keys is missing: put back the one made with it (a backup's .keys "
            "file) or use the office's recovery key (officebill-cli --db FILE recover)."
        )
    tables, version = _sqlite_contents(path, key)
    if not tables or (tables == {"migrations"} and version == 0):
        if create:
            return "empty"  # a new database, or an office whose creation was cut short
        raise OfficeFileError(f"{path} is an empty database, not an office file; {CREATE_HINT}.")
    if all(name in tables for name in CODE_DB_MARKERS) and "practice" not in tables:
        raise OfficeFileError(
            f"{path} is OfficeBill's code database (codes.db), not an office file. Give the office file "
            "(usually office.db in the same folder). The code database was not changed."
        )
    if "migrations" in tables and version > len(migrations.MIGRATIONS):
        raise NewerFileError(
            f"{path} was written by a newer version of OfficeBill (schema {version}; this version "
            f"understands up to {len(migrations.MIGRATIONS)}). Install the newer OfficeBill to open it; "
            "the file was not changed."
        )
    if not all(name in tables for name in OFFICE_MARKERS):
        listed = ", ".join(sorted(tables)[:6]) + (", ..." if len(tables) > 6 else "")
        raise OfficeFileError(
            f"{path} is a SQLite database of another program (its tables: {listed}), not an OfficeBill "
            "office file. OfficeBill did not change it; choose another file."
        )
    return "office"
