"""Reads the CMS HCPCS Level II file (zip as downloaded, or the fixed-width text inside).

Pure parsing, no SQL. Every line is checked before anything is returned; the
first problem raises UserError naming the line and saying what to do.
Layout: /work/shared/data/hcpcs/LAYOUT.md (320-column records, RIC 3/4
procedures, 7/8 modifiers, continuation lines extend the long description).
"""
from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

from ..core.problems import UserError
from .records import HcpcsRecord

RECORD_WIDTH = 320
FIRST_LINE = {"3": "procedure", "7": "modifier"}
CONTINUATION = {"4": "procedure", "8": "modifier"}
_HELP = "download the HCPCS file again from cms.gov and import the zip or the fixed-width .txt inside it"


def read_hcpcs(path: Path) -> list[HcpcsRecord]:
    """All procedure and modifier records of a CMS HCPCS file, or UserError."""
    path = Path(path)
    name, text = _text_of(path)
    records = parse_hcpcs_text(text, name)
    if not records:
        raise UserError(f"{name}: the file holds no HCPCS records; {_HELP}")
    return records


def _text_of(path: Path) -> tuple[str, str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}; check the file name") from exc
    if not raw.strip():
        raise UserError(f"{path.name}: the file is empty; {_HELP}")
    if zipfile.is_zipfile(io.BytesIO(raw)):
        return _text_in_zip(path, raw)
    if raw[:2] == b"PK":
        raise UserError(f"{path.name}: the zip file is damaged; {_HELP}")
    return path.name, _decode(path.name, raw)


def _text_in_zip(path: Path, raw: bytes) -> tuple[str, str]:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        candidates = []
        for info in archive.infolist():
            if info.is_dir() or not info.filename.lower().endswith(".txt"):
                continue
            data = archive.read(info)
            first = data.split(b"\n", 1)[0].rstrip(b"\r")
            if len(first) >= RECORD_WIDTH:
                candidates.append((info.file_size, info.filename, data))
    if not candidates:
        raise UserError(f"{path.name}: the zip holds no fixed-width HCPCS .txt file; {_HELP}")
    _, inner, data = max(candidates)
    return f"{path.name}:{inner}", _decode(inner, data)


def _decode(name: str, raw: bytes) -> str:
    try:
        return raw.decode("ascii")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise UserError(f"{name}: this is not a text file; {_HELP}") from exc


def _day(value: str, where: str, field: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        if len(value) != 8 or not value.isdigit():
            raise ValueError(value)
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise UserError(f"{where}: {field} {value!r} is not a YYYYMMDD date; {_HELP}") from None


def parse_hcpcs_text(text: str, name: str = "HCPCS file") -> list[HcpcsRecord]:
    """Validates every line, joins continuation lines, returns records in file order."""
    groups: list[dict] = []
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{name} line {number}"
        if not line.strip():
            continue
        if len(line) < RECORD_WIDTH or line[RECORD_WIDTH:].strip():
            raise UserError(
                f"{where}: record is {len(line.rstrip())} characters wide, expected {RECORD_WIDTH}; "
                f"this is not a CMS HCPCS fixed-width file or it was damaged; {_HELP}"
            )
        ric = line[10]
        if ric in FIRST_LINE:
            groups.append(_first_line(line, ric, where))
        elif ric in CONTINUATION:
            _continue(groups, line, ric, where)
        else:
            raise UserError(f"{where}: unknown record identification code {ric!r} in column 11 "
                            f"(expected 3, 4, 7 or 8); {_HELP}")
    return [HcpcsRecord(g["code"], g["kind"], " ".join(g["long"]), g["short"], g["added"], g["effective"],
                        g["terminated"], g["action"]) for g in groups]


def _code(line: str, kind: str, where: str) -> str:
    code = line[3:5] if kind == "modifier" else line[0:5]
    if (kind == "modifier" and line[0:3].strip()) or not code.isalnum() or len(code.strip()) != len(code):
        raise UserError(f"{where}: {kind} code {line[0:5]!r} in columns 1-5 is malformed; {_HELP}")
    return code


def _first_line(line: str, ric: str, where: str) -> dict:
    kind = FIRST_LINE[ric]
    if line[5:10] != "00100":
        raise UserError(f"{where}: first line of a code has sequence {line[5:10]!r}, expected '00100'; {_HELP}")
    return {
        "code": _code(line, kind, where), "kind": kind, "long": [line[11:91].strip()],
        "short": line[91:119].strip(), "added": _day(line[268:276], where, "code added date"),
        "effective": _day(line[276:284], where, "action effective date"),
        "terminated": _day(line[284:292], where, "termination date"), "action": line[292].strip(),
        "seq": 100,
    }


def _continue(groups: list[dict], line: str, ric: str, where: str) -> None:
    kind = CONTINUATION[ric]
    code = _code(line, kind, where)
    if not groups:
        return  # a fragment starting mid-group: skip until the first RIC 3/7 line
    group = groups[-1]
    if group["code"] != code or group["kind"] != kind:
        raise UserError(f"{where}: continuation line for {code} does not follow a first line of {code}; {_HELP}")
    seq = line[5:10]
    if not seq.isdigit() or int(seq) != group["seq"] + 100:
        raise UserError(f"{where}: continuation sequence {seq!r} out of order for {code}; {_HELP}")
    group["seq"] = int(seq)
    group["long"].append(line[11:91].strip())
