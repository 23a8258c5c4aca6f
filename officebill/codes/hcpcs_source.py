"""Gets the text of a HCPCS file from disk: a plain .txt, or the .txt inside the zip CMS publishes.

Files come from the internet, so nothing in them is trusted: the file must be
a regular file no larger than `MAX_FILE_BYTES`; a zip may hold at most
`MAX_MEMBERS` entries; a member is read in chunks and refused once it passes
`MAX_MEMBER_BYTES` or expands more than `MAX_RATIO` times (a zip bomb),
whatever its header claims. Damaged, password-protected and unsupported
members, and content that is not text, raise UserError saying what to do.
The whole CMS release is about 5.4 MB of text and compresses about 10:1.
"""
from __future__ import annotations

import io
import lzma
import os
import re
import stat
import struct
import zipfile
import zlib
from pathlib import Path

from ..core.problems import UserError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100
RATIO_FREE_BYTES = 1024 * 1024  # below this, any ratio is harmless
MAX_MEMBERS = 1000
CHUNK = 256 * 1024
HELP = "download the HCPCS file again from cms.gov and import the zip or the fixed-width .txt inside it"
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x19\x1b-\x1f\x7f]")
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError,
            struct.error, OverflowError, KeyError, IndexError)


def read_text(path: Path, first_line_width: int) -> tuple[str, str]:
    """(name to show, text) of a HCPCS file; in a zip, the largest .txt whose first line is that wide."""
    raw = _read_file(Path(path))
    name = Path(path).name
    if zipfile.is_zipfile(io.BytesIO(raw)):
        inner, raw = _member(name, raw, first_line_width)
        name = f"{name}:{inner}"
    elif raw[:2] == b"PK":
        raise UserError(f"{name}: the zip file is damaged; {HELP}")
    return name, _decode(name, raw)


def _read_file(path: Path, help: str = HELP, what: str = "HCPCS release", limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file no larger than `limit` (any other file raises UserError)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise UserError(f"{path} is not a file (a folder or a device); {help}")
        if info.st_size > limit:
            raise UserError(f"{path.name} is {info.st_size / 1e6:.0f} MB, larger than any {what} "
                            f"({limit // 2**20} MB at most); {help}")
        with open(path, "rb") as handle:
            raw = handle.read(info.st_size + 1)  # not MAX_FILE_BYTES: read(n) reserves n bytes first
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}; check the file name") from exc
    if len(raw) > limit:
        raise UserError(f"{path.name} is larger than any {what} ({limit // 2**20} MB at most); {help}")
    if not raw.strip():
        raise UserError(f"{path.name}: the file is empty; {help}")
    return raw


def _member(name: str, raw: bytes, width: int) -> tuple[str, bytes]:
    current = name
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise UserError(f"{name}: the zip holds {len(infos)} files, not a CMS HCPCS release; {HELP}")
            candidates = []
            for info in infos:
                if info.is_dir() or not info.filename.lower().endswith(".txt"):
                    continue
                current = f"{name}:{info.filename}"
                head = _read_member(archive, info, current, head=True)
                if len(head.split(b"\n", 1)[0].rstrip(b"\r")) >= width:
                    candidates.append(info)
            if not candidates:
                raise UserError(f"{name}: the zip holds no fixed-width HCPCS .txt file; {HELP}")
            chosen = max(candidates, key=lambda i: (i.file_size, i.filename))
            current = f"{name}:{chosen.filename}"
            return chosen.filename, _read_member(archive, chosen, current)
    except UserError:
        raise
    except RuntimeError as exc:  # encrypted members; NotImplementedError (a subclass): unsupported methods
        if "encrypt" in str(exc) or "password" in str(exc):
            raise UserError(f"{current}: the zip is password-protected (CMS files are not); {HELP}") from exc
        raise UserError(f"{current}: the zip uses a compression method or feature this program cannot read "
                        f"({exc}); unzip it with your system's tool and import the .txt file inside, or "
                        + HELP) from exc
    except _DAMAGED as exc:  # bad CRC, truncated or garbled headers and data
        raise UserError(f"{current}: the zip file is damaged ({exc}); {HELP}") from exc


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, head: bool = False,
                 help: str = HELP, what: str = "HCPCS release") -> bytes:
    """A member's bytes (or its first chunk), never more than the limits allow, whatever its header says."""
    if info.file_size > MAX_MEMBER_BYTES:
        raise _too_big(where, help, what)
    parts, total = [], 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            total += len(chunk)
            if total > MAX_MEMBER_BYTES:
                raise _too_big(where, help, what)
            if total > RATIO_FREE_BYTES and total > MAX_RATIO * max(info.compress_size, 1):
                raise UserError(f"{where}: the zip expands more than {MAX_RATIO} times (a 'zip bomb'); "
                                f"a CMS file does not; {help}")
            parts.append(chunk)
            if head:
                break
    return b"".join(parts)


def _too_big(where: str, help: str = HELP, what: str = "HCPCS release") -> UserError:
    return UserError(f"{where}: the file inside the zip is larger than any {what} "
                     f"({MAX_MEMBER_BYTES // 2**20} MB at most); {help}")


read_file_bytes, read_member, DAMAGED_ZIP = _read_file, _read_member, _DAMAGED  # shared with icd10cm_files


def _decode(name: str, raw: bytes) -> str:
    raw = raw.rstrip(b"\x1a")  # an old DOS end-of-file mark
    if _BINARY.search(raw):
        raise UserError(f"{name}: this is not a text file (it holds control or binary bytes); {HELP}")
    try:
        return raw.decode("ascii")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise UserError(f"{name}: this is not a text file; {HELP}") from exc
