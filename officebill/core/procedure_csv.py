"""The office procedure list as CSV: one reading for preview and import, and the export.

Columns: code, system (CPT or HCPCS; guessed from the code when blank), label,
charge (dollars for one unit), units (default 1), favorite (yes/no), active (yes/no),
and optionally synonyms (the office's own words for the procedure, comma separated;
written on export only when some procedure has them).
The first non-blank line is the header; blank lines are skipped but counted, so a
problem's field ("row 7.charge") names the line where that row starts in the file.

`read_procedure_csv` never raises on bad input: undecodable bytes, NUL characters,
fields over the csv module's 131,072-character limit, non-ASCII digits, amounts no
claim can print: each becomes a `Problem`. Preview (`--dry-run`, the import dialog)
and import call it alike, so they find the same problems.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from .csv_cells import unguard_cell, write_csv
from .money import Money, MoneyError
from .problems import Problem
from .records import Procedure, ProcedureSystem
from .validation import procedure_problems

COLUMNS = ("code", "system", "label", "charge", "units", "favorite", "active")
OPTIONAL = ("synonyms",)
REQUIRED = ("code", "label", "charge")
_LONG_TEXT = ("label", "synonyms")  # cells with their own length rule (procedure_problems)
_TRUE = {"1", "y", "yes", "true", "x"}
_FALSE = {"", "0", "n", "no", "false"}
_SHORT_CELL = 64  # longest code, system, charge, units or flag worth reading; labels have their own limit
_NOT_TEXT = re.compile(r"[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class ProcedureCsv:
    """What a procedure CSV holds: one procedure per data row, the file line each starts on, every problem."""

    procedures: list[Procedure] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _flag(value: str, default: bool) -> bool | None:
    value = value.lower()
    if not value:
        return default
    return True if value in _TRUE else False if value in _FALSE else None


def _shown(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _decode(data: str | bytes) -> tuple[str, list[Problem]]:
    if isinstance(data, str):
        return data.lstrip("\ufeff"), []
    try:
        return data.decode("utf-8-sig").lstrip("\ufeff"), []
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return "", [Problem(f"row {line}", f"Line {line} is not UTF-8 text (byte 0x{data[exc.start]:02X}). "
                                           "Save the file from the spreadsheet as 'CSV UTF-8'.")]


def _records(text: str):
    """(first file line, cells) for each non-blank record; a csv error ends the file with a Problem."""
    reader = csv.reader(io.StringIO(text, newline=""))
    end = 0
    while True:
        start = end + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            limit = f"{csv.field_size_limit():,}"
            reason = (f"a field on this row is longer than {limit} characters (an unclosed quote?)"
                      if "field limit" in str(exc) else f"the row cannot be read as CSV ({exc})")
            yield start, Problem(f"row {start}", f"Reading stopped here: {reason}.")
            return
        end = reader.line_num
        if any(cell.strip() for cell in cells):
            yield start, cells


def _header(cells: list[str]) -> tuple[list[str], list[Problem]]:
    names = [cell.strip().lower() for cell in cells]
    problems = []
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        problems.append(Problem("header", f"The file needs the columns {', '.join(missing)}; "
                                          f"the first line should read: {','.join(COLUMNS)}"))
    twice = sorted({n for n in names if n and names.count(n) > 1})
    if twice and not missing:
        problems.append(Problem("header", f"The header names {', '.join(twice)} more than once; keep one of each."))
    return names, problems


def _row_problems(where: str, names: list[str], cells: list[str]) -> tuple[dict[str, str], list[Problem]]:
    """The row's cells by column name (stripped, guard quotes removed), and problems with the cells themselves."""
    problems, row = [], {}
    extra = [c for c in cells[len(names):] if c.strip()]
    if extra:
        problems.append(Problem(where, f"This row has {len(cells)} cells but the header has {len(names)}; "
                                       "put text holding commas in double quotes."))
    for name, cell in zip(names, cells):
        if name not in COLUMNS + OPTIONAL or name in row:  # other columns are not read
            continue
        value = unguard_cell(cell.strip())
        if _NOT_TEXT.search(value):
            problems.append(Problem(f"{where}.{name}", "This cell holds a NUL or other non-text character: "
                                                       "the file looks damaged or is not a CSV; export it again."))
            value = _NOT_TEXT.sub("", value)
        if name not in _LONG_TEXT and len(value) > _SHORT_CELL:
            problems.append(Problem(f"{where}.{name}", f"This {name} is {len(value):,} characters long; "
                                                       "check the columns of this row."))
            value = ""
        row[name] = value
    return row, problems


def _procedure(where: str, row: dict[str, str], short: set[str]) -> tuple[Procedure, list[Problem]]:
    problems = []
    code = row.get("code", "").upper()
    system = (row.get("system") or ProcedureSystem.for_code(code)).upper()
    charge = Money(0)
    if "charge" not in short:
        try:
            charge = Money.parse(row.get("charge", ""))
        except MoneyError as exc:
            problems.append(Problem(f"{where}.charge", str(exc) if len(row.get("charge", "")) <= 40 else
                                    "The charge is not an amount; type dollars and cents such as 125.00."))
    units_text = row.get("units") or "1"
    units_ok = re.fullmatch(r"[0-9]+", units_text) is not None  # ASCII digits only: int() also takes '٣'
    if not units_ok and "units" not in short:
        problems.append(Problem(f"{where}.units", f"'{_shown(units_text)}' is not a whole number of units; "
                                                  "type digits 0-9, such as 1."))
    favorite, active = _flag(row.get("favorite", ""), False), _flag(row.get("active", ""), True)
    for name, value in (("favorite", favorite), ("active", active)):
        if value is None and name not in short:
            problems.append(Problem(f"{where}.{name}", f"Write yes or no in the {name} column."))
    procedure = Procedure(code=code, system=system, label=row.get("label", ""), charge=charge,
                          units=int(units_text) if units_ok else 1, favorite=bool(favorite),
                          active=active is not False, synonyms=row.get("synonyms", ""))
    named = {p.field for p in problems} | {f"{where}.{name}" for name in short}
    problems += [Problem(f"{where}.{p.field}", p.message) for p in procedure_problems(procedure)
                 if f"{where}.{p.field}" not in named]
    return procedure, problems


def read_procedure_csv(data: str | bytes) -> ProcedureCsv:
    """Every procedure row of a CSV (text, or bytes in UTF-8), the line each starts on, and every problem."""
    text, problems = _decode(data)
    if problems:
        return ProcedureCsv(problems=problems)
    records = _records(text)
    first = next(records, None)
    if first is None:
        return ProcedureCsv(problems=[Problem("header", "The file is empty; its first line should read: "
                                                        + ",".join(COLUMNS))])
    if isinstance(first[1], Problem):
        return ProcedureCsv(problems=[first[1]])
    names, problems = _header(first[1])
    if problems:
        return ProcedureCsv(problems=problems)
    result, seen = ProcedureCsv(), {}
    for number, cells in records:
        if isinstance(cells, Problem):
            result.problems.append(cells)
            break
        where = f"row {number}"
        row, row_problems = _row_problems(where, names, cells)
        short = {p.field.split(".", 1)[1] for p in row_problems if "." in p.field}
        procedure, more = _procedure(where, row, short)
        result.problems.extend(row_problems + more)
        if procedure.code in seen:
            result.problems.append(Problem(f"{where}.code", f"{procedure.code} is also on row {seen[procedure.code]}; "
                                                            "keep one."))
        seen.setdefault(procedure.code, number)
        result.procedures.append(procedure)
        result.lines.append(number)
    if not result.procedures and not result.problems:
        result.problems.append(Problem("file", "The file has no procedure rows under its header line."))
    return result


def parse_procedures(data: str | bytes) -> tuple[list[Procedure], list[Problem]]:
    """Procedures read from CSV, and every problem found (field names carry the file line)."""
    read = read_procedure_csv(data)
    return read.procedures, read.problems


def data_line_numbers(data: str | bytes) -> list[int]:
    """The file line where each procedure row `parse_procedures` reads starts, in order (for previews)."""
    return read_procedure_csv(data).lines


def write_procedures(procedures: list[Procedure]) -> str:
    """The procedure list as CSV text (header first), every cell guarded against formula injection."""
    synonyms = any(p.synonyms for p in procedures)
    return write_csv([COLUMNS + OPTIONAL if synonyms else COLUMNS,
                      *([p.code, p.system, p.label, p.charge.plain(), p.units, "yes" if p.favorite else "no",
                         "yes" if p.active else "no", *([p.synonyms] if synonyms else [])] for p in procedures)])
