"""Reads the CMS NCCI files the office downloads: practitioner PTP edits (tab-delimited .txt) and the MUE table (.csv).

PTP ("Medicare NCCI Procedure to Procedure (PTP) Edits", practitioner services): zips named
`ccipra-vVVVrR-fN.zip`, one tab-delimited `.txt` each (the quarter comes in parts f1-f4). Each text opens
with a copyright preamble and header rows, then one edit per line: column 1 code, column 2 code, "*" when
the edit was in existence prior to 1996 (else blank), effective date YYYYMMDD, deletion date YYYYMMDD or
"*" (none), modifier indicator 0 (not allowed) / 1 (allowed) / 9 (not applicable: no edit), rationale.
Deleted edits stay in the files, so one quarter's files answer every date of service.

MUE ("Medicare NCCI Medically Unlikely Edits", practitioner services): a zip holding the table as .csv and
.xlsx; the .csv opens with a quoted copyright preamble, then the header `HCPCS/CPT Code, Practitioner
Services MUE Values, MUE Adjudication Indicator, MUE Rationale`; the indicator cell holds the MAI digit
and its words ("1 Line Edit", "2 Date of Service Edit: Policy", "3 Date of Service Edit: Clinical").
The rows carry no dates: the table is in force from its quarter's first day (in the file name, or given).

Files come from the internet: sizes, member counts and expansion ratios are bounded, and any line after
the first edit that is not an edit refuses the whole file (UserError naming the file and line).
"""
from __future__ import annotations

import csv
import io
import os
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from ..core.problems import UserError

MAX_FILE_BYTES = 300 * 1024 * 1024
MAX_MEMBER_BYTES = 400 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 100
PTP_HELP = ("download the practitioner PTP edits of one quarter from cms.gov (Medicare NCCI Procedure to "
            "Procedure (PTP) Edits, Practitioner PTP Edits: the zips ccipra-…-f1 to -f4) and import all of them")
MUE_HELP = ("download the practitioner MUE table from cms.gov (Medicare NCCI Medically Unlikely Edits, "
            "Practitioner Services MUE Table) and import the zip or the .csv inside it")
_CODE = re.compile(r"^[0-9A-Z]{5}$")
_DAY = re.compile(r"^[0-9]{8}$")
_PTP_NAME = re.compile(r"cci(pra|oph)-v(\d+)r(\d+)(?:-f(\d+))?", re.I)


class MueDateUnknown(UserError):
    """The MUE table's name does not say from which day it is in force; ask for the date and import again."""


class PtpEdit(NamedTuple):
    column1: str
    column2: str
    effective: int  # YYYYMMDD
    deleted: int | None  # YYYYMMDD, None while in force
    modifier: int  # 0 not allowed, 1 allowed, 9 not applicable
    rationale: str


@dataclass(frozen=True)
class MueRow:
    code: str
    value: int
    mai: int  # 1 line, 2 date of service (policy), 3 date of service (clinical)
    rationale: str


@dataclass(frozen=True)
class MueFile:
    rows: list[MueRow]
    effective: date
    release: str


# ---------------------------------------------------------------------------------------------- PTP


def ptp_release(files: list[Path]) -> str:
    """The quarter the practitioner PTP files are (e.g. "ccipra-v322r0 (4 parts)"), checked before anything is read:
    one quarter, all its parts, practitioner edits."""
    if not files:
        raise UserError(f"choose the PTP files to import; {PTP_HELP}")
    names = [name for path in files for name, _ in _texts(Path(path), (".txt",), PTP_HELP, read=False)]
    for name in names:
        found = _PTP_NAME.search(name)
        if found and found.group(1).lower() == "oph":
            raise UserError(f"{name} holds the outpatient hospital edits; a physician office bills under the "
                            f"practitioner edits (ccipra-…); {PTP_HELP}")
    return _ptp_release(names)


def read_ptp(files: list[Path]) -> Iterator[PtpEdit]:
    """Every edit of the practitioner PTP files (zips or .txt), one file at a time (a quarter is millions of
    lines); raises UserError at the first line that is not an edit, or for a file holding none."""
    for path in files:
        for name, text in _texts(Path(path), (".txt",), PTP_HELP):
            yield from _ptp_edits(name, text)


def _ptp_edits(name: str, text: str) -> Iterator[PtpEdit]:
    found = 0
    for number, line in enumerate(text.splitlines(), start=1):
        fields = [f.strip() for f in line.split("\t")]
        if not found and not _looks_like_edit(fields):
            continue  # the copyright preamble and the header rows
        if not line.strip():
            continue
        found += 1
        yield _ptp_edit(name, number, fields)
    if not found:
        raise UserError(f"{name} holds no PTP edit lines (column 1 and column 2 codes, tab-separated), so it is "
                        f"not an NCCI PTP file; {PTP_HELP}")


def _looks_like_edit(fields: list[str]) -> bool:
    return len(fields) >= 6 and bool(_CODE.match(fields[0].upper()) and _CODE.match(fields[1].upper())
                                     and _DAY.match(fields[3]))


def _ptp_edit(name: str, number: int, fields: list[str]) -> PtpEdit:
    where = f"{name} line {number}"
    if not _looks_like_edit(fields):
        raise UserError(f"{where} is not a PTP edit (column 1, column 2, *, effective date, deletion date, "
                        f"modifier indicator, rationale, tab-separated); nothing was imported; {PTP_HELP}")
    effective = _day(fields[3], where, "effective date")
    deleted = None if fields[4] in ("*", "") else _day(fields[4], where, "deletion date")
    if fields[5] not in ("0", "1", "9"):
        raise UserError(f"{where}: the modifier indicator '{fields[5]}' is not 0, 1 or 9; nothing was imported; "
                        + PTP_HELP)
    rationale = fields[6] if len(fields) > 6 else ""
    return PtpEdit(fields[0].upper(), fields[1].upper(), effective, deleted, int(fields[5]), rationale)


def _day(text: str, where: str, what: str) -> int:
    try:
        date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise UserError(f"{where}: the {what} '{text}' is not a date (YYYYMMDD); nothing was imported; "
                        + PTP_HELP) from None
    return int(text)


def _ptp_release(names: list[str]) -> str:
    found = [_PTP_NAME.search(n) for n in names]
    if not all(found):
        return ", ".join(names)
    versions = {(m.group(2), m.group(3)) for m in found}
    if len(versions) > 1:
        raise UserError("the files are from different quarters ("
                        + ", ".join(sorted(f"v{v}r{r}" for v, r in versions))
                        + f"); nothing was imported; {PTP_HELP}")
    parts = sorted(int(m.group(4)) for m in found if m.group(4))
    if parts and (parts != list(range(1, len(parts) + 1)) or len(parts) < 4):
        raise UserError(f"the practitioner PTP edits come in four parts (-f1 to -f4); these files are part(s) "
                        f"{', '.join(map(str, parts))}; importing them alone would drop the edits of the others; "
                        f"nothing was imported; {PTP_HELP}")
    version, revision = versions.pop()
    return f"ccipra-v{version}r{revision}" + (f" ({len(parts)} parts)" if parts else "")


def ptp_quarter(release: str) -> str | None:
    """The quarter a CMS version names: NCCI version 32.2 ("ccipra-v322r0") is 2026 Q3 (the major number counts
    years from 1994, the minor one quarters from 0: version 30.0 took effect January 1, 2024)."""
    found = _PTP_NAME.search(release or "")
    if not found or len(found.group(2)) < 2 or int(found.group(2)[-1]) > 3:
        return None
    return f"{1994 + int(found.group(2)[:-1])} Q{int(found.group(2)[-1]) + 1}"


# ---------------------------------------------------------------------------------------------- MUE


def read_mue(files: list[Path], effective: date | None = None) -> MueFile:
    """The practitioner MUE table (zip or .csv), checked whole; in force from `effective` or the date its name gives."""
    if not files:
        raise UserError(f"choose the MUE table to import; {MUE_HELP}")
    rows: dict[str, MueRow] = {}
    names, preambles = [], []
    for path in files:
        for name, text in _texts(Path(path), (".csv", ".txt"), MUE_HELP):
            names.append(name)
            found, preamble = _mue_rows(name, text)
            preambles.append(preamble)
            rows.update((r.code, r) for r in found)
    day = effective or _effective_from(names, preambles)
    if day is None:
        raise MueDateUnknown(f"{', '.join(names)}: the quarter of this MUE table is not in its name; say from which "
                        "day it is in force (the quarter's first day, e.g. 2026-01-01: --effective on the command "
                        "line)")
    return MueFile(list(rows.values()), day, ", ".join(names))


def _mue_rows(name: str, text: str) -> tuple[list[MueRow], str]:
    lines = text.splitlines()
    delimiter = "\t" if sum("\t" in line for line in lines[:50]) > sum("," in line for line in lines[:50]) else ","
    rows: list[MueRow] = []
    preamble: list[str] = []
    started = False
    for number, fields in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
        fields = [f.strip() for f in fields]
        if not started:
            head = " ".join(fields).lower()
            if len(fields) >= 3 and fields[0].lower().startswith("hcpcs") and "mue" in head:  # the header row
                if "outpatient hospital" in head or "dme" in head:
                    raise UserError(f"{name} is the {'outpatient hospital' if 'hospital' in head else 'DME supplier'}"
                                    f" MUE table; a physician office bills under the practitioner table; {MUE_HELP}")
                started = True
                continue
            if not _looks_like_mue(fields):
                preamble.append(" ".join(fields))
                continue
            started = True
        if not any(fields):
            continue
        rows.append(_mue_row(name, number, fields))
    if not rows:
        raise UserError(f"{name} holds no MUE rows (HCPCS/CPT code, MUE value, adjudication indicator, rationale), "
                        f"so it is not an NCCI MUE table; {MUE_HELP}")
    return rows, "\n".join(preamble)


def _looks_like_mue(fields: list[str]) -> bool:
    return (len(fields) >= 3 and bool(_CODE.match(fields[0].upper())) and fields[1].isdigit()
            and fields[2][:1] in ("1", "2", "3"))


def _mue_row(name: str, number: int, fields: list[str]) -> MueRow:
    if not _looks_like_mue(fields):
        raise UserError(f"{name} line {number} is not an MUE row (code, MUE value, adjudication indicator 1-3, "
                        f"rationale); nothing was imported; {MUE_HELP}")
    return MueRow(fields[0].upper(), int(fields[1]), int(fields[2][0]), fields[3] if len(fields) > 3 else "")


_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"), start=1)}
_QUARTER = re.compile(r"(20\d\d)[ _-]?q([1-4])", re.I)
_ISO = re.compile(r"(20\d\d)[-_](\d\d)[-_](\d\d)")
_US = re.compile(r"(\d\d)[-_/](\d\d)[-_/](20\d\d)")
_WORDS = re.compile(r"effective\s+(" + "|".join(_MONTHS) + r")\s+(\d{1,2}),?\s+(20\d\d)", re.I)


def _effective_from(names: list[str], preambles: list[str]) -> date | None:
    """The quarter's first day from a file name (2026q1, _Eff_01-01-2026, 2026-01-01) or the preamble's words."""
    for text in [*names, *preambles]:
        try:
            if found := _QUARTER.search(text):
                return date(int(found.group(1)), 3 * int(found.group(2)) - 2, 1)
            if found := _ISO.search(text):
                return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
            if found := _US.search(text):
                return date(int(found.group(3)), int(found.group(1)), int(found.group(2)))
            if found := _WORDS.search(text):
                return date(int(found.group(3)), _MONTHS[found.group(1).lower()], int(found.group(2)))
        except ValueError:
            continue
    return None


# ---------------------------------------------------------------------------------------------- files


def _texts(path: Path, suffixes: tuple[str, ...], help_text: str, read: bool = True) -> Iterator[tuple[str, str]]:
    """(name, text) of a plain file, or of each member of a zip ending in one of `suffixes` (text "" unless `read`)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise UserError(f"{path} is not a file; {help_text}")
        if info.st_size > MAX_FILE_BYTES:
            raise UserError(f"{path.name} is {info.st_size / 1e6:.0f} MB, larger than any NCCI file; {help_text}")
        if path.suffix.lower() == ".xlsx":
            raise UserError(f"{path.name} is an Excel workbook, which this program does not read; import the .csv "
                            f"(or the zip holding it) instead; {help_text}")
        if not zipfile.is_zipfile(path):
            yield path.name, _decode(path.name, path.read_bytes(), help_text) if read else ""
            return
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > MAX_MEMBERS:
                raise UserError(f"{path.name}: the zip holds {len(members)} files, not an NCCI file; {help_text}")
            chosen = [m for m in members if m.filename.lower().endswith(suffixes)
                      and "readme" not in m.filename.lower()]
            if not chosen:
                raise UserError(f"{path.name}: the zip holds no {' or '.join(suffixes)} file; {help_text}")
            for member in chosen:
                text = _decode(member.filename, _member(archive, member, path.name, help_text), help_text) if read else ""
                yield f"{path.name}:{member.filename}", text
    except UserError:
        raise
    except (OSError, zipfile.BadZipFile, RuntimeError, EOFError, ValueError) as exc:
        raise UserError(f"cannot read {path.name}: {exc}; {help_text}") from exc


def _member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, zip_name: str, help_text: str) -> bytes:
    where = f"{zip_name}:{member.filename}"
    if member.file_size > MAX_MEMBER_BYTES:
        raise UserError(f"{where} is larger than any NCCI file; {help_text}")
    out = io.BytesIO()
    with archive.open(member) as handle:
        while chunk := handle.read(1 << 20):
            out.write(chunk)
            if out.tell() > MAX_MEMBER_BYTES or out.tell() > (1 << 20) + MAX_RATIO * max(member.compress_size, 1):
                raise UserError(f"{where}: the zip expands far more than an NCCI file does (a 'zip bomb'); {help_text}")
    return out.getvalue()


def _decode(name: str, raw: bytes, help_text: str) -> str:
    if b"\x00" in raw[:65536]:
        raise UserError(f"{name} is not a text file; {help_text}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")
