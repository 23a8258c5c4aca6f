"""Parses the CMS HCPCS Level II file: fixed-width records in, `HcpcsRecord`s out. No SQL.

Every line is checked before anything is returned; the first problem raises
UserError naming the line and saying what to do. Getting the text out of a
zip, with size limits, is `hcpcs_source`'s job.

Layout. Source: the record layout CMS ships inside each release zip
(`HCPC2026_recordlayout.txt`, "HCPCS Contractor Record - 2026", in
`HCPC2026_JAN_ANWEB.zip` from the "HCPCS Quarterly Update" page on cms.gov),
and what the January 2026 data file shows where the layout is silent
(marked "seen"). Columns are 1-based and inclusive; the code reads only these:

    1-5      HCPCS code (procedure records); modifiers: 1-3 blank, 4-5 modifier
    6-10     sequence number: 00100 on a code's first line, then 00200, 00300 ...
    11       record identification code (RIC): 3 procedure first line,
             4 procedure continuation, 7 modifier first line, 8 modifier continuation
    12-91    long description (80 columns; continued on RIC 4/8 lines)
    92-119   short description (28 columns; first lines only)
    269-276  code added date, YYYYMMDD
    277-284  action effective date, YYYYMMDD
    285-292  termination date, YYYYMMDD or blank (blank: not terminated)
    293      action code (A added, B, C, S, F, T changed, D discontinued,
             N no change, P payment change, R reactivated)

- Each record is 320 characters; lines end in CR LF (seen). One record
  (G9871, 2026) carries 226 extra trailing spaces (seen): text past column
  320 must be blank. The last line holds only spaces (seen).
- A code's lines are contiguous: its RIC 3/7 line with sequence 00100, then
  RIC 4/8 lines with the same code and the next sequence numbers. The full
  long description is columns 12-91 of each line, trimmed and joined with
  single spaces. Continuation lines are blank from column 92 (seen), so the
  dates and the action come from the first line only.
- A description can fill all 80 columns and run into the short description
  with no space (seen), so fields are cut by column, never split on spaces.
- A fragment may start with continuation lines; they are skipped until the
  first RIC 3/7 line.
- Terminated codes stay in the file for years with action N (seen): whether
  a code may be billed is decided by its termination date, never the action.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ..core.problems import UserError
from .hcpcs_source import HELP as _HELP
from .hcpcs_source import read_text
from .records import HcpcsRecord

RECORD_WIDTH = 320
FIRST_LINE = {"3": "procedure", "7": "modifier"}
CONTINUATION = {"4": "procedure", "8": "modifier"}
_CODE = {"procedure": re.compile(r"[A-Z0-9]{5}"), "modifier": re.compile(r"   [A-Z0-9]{2}")}


def read_hcpcs(path: Path) -> list[HcpcsRecord]:
    """All procedure and modifier records of a CMS HCPCS file (zip or .txt), or UserError."""
    name, text = read_text(Path(path), RECORD_WIDTH)
    records = parse_hcpcs_text(text, name)
    if not records:
        raise UserError(f"{name}: the file holds no HCPCS records; {_HELP}")
    return records


def _day(value: str, where: str, field: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        if len(value) != 8 or not (value.isascii() and value.isdigit()):
            raise ValueError(value)
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise UserError(f"{where}: {field} {value!r} is not a YYYYMMDD date; {_HELP}") from None


def parse_hcpcs_text(text: str, name: str = "HCPCS file") -> list[HcpcsRecord]:
    """Validates every line, joins continuation lines, returns records in file order."""
    groups: list[dict] = []
    first_seen: dict[tuple[str, str], int] = {}
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
            key = (groups[-1]["kind"], groups[-1]["code"])
            if key in first_seen:
                raise UserError(f"{where}: {key[0]} {key[1]} appears a second time (first on line "
                                f"{first_seen[key]}); this is not a CMS HCPCS file or it was damaged; {_HELP}")
            first_seen[key] = number
        elif ric in CONTINUATION:
            _continue(groups, line, ric, where)
        else:
            raise UserError(f"{where}: unknown record identification code {ric!r} in column 11 "
                            f"(expected 3, 4, 7 or 8); {_HELP}")
    return [HcpcsRecord(g["code"], g["kind"], " ".join(g["long"]), g["short"], g["added"], g["effective"],
                        g["terminated"], g["action"]) for g in groups]


def _code(line: str, kind: str, where: str) -> str:
    if not _CODE[kind].fullmatch(line[0:5]):
        raise UserError(f"{where}: {kind} code {line[0:5]!r} in columns 1-5 is malformed; {_HELP}")
    return line[0:5].strip()


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
    if not (seq.isascii() and seq.isdigit()) or int(seq) != group["seq"] + 100:
        raise UserError(f"{where}: continuation sequence {seq!r} out of order for {code}; {_HELP}")
    group["seq"] = int(seq)
    group["long"].append(line[11:91].strip())
