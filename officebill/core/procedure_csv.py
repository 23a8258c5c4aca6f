"""The office procedure list as CSV: parse with per-row problems, and write.

Columns: code, system (CPT or HCPCS; guessed from the code when blank), label,
charge (dollars), units (default 1), favorite (yes/no), active (yes/no).
"""
from __future__ import annotations

import csv
import io
import re

from .money import Money, MoneyError
from .problems import Problem
from .records import Procedure
from .validation import procedure_problems

COLUMNS = ("code", "system", "label", "charge", "units", "favorite", "active")
_TRUE = {"1", "y", "yes", "true", "x"}
_FALSE = {"", "0", "n", "no", "false"}


def _flag(value: str, default: bool) -> bool | None:
    value = (value or "").strip().lower()
    if not value:
        return default
    return True if value in _TRUE else False if value in _FALSE else None


def _data_rows(reader: csv.DictReader):
    """(line number in the file, row) for each non-blank data row; blank lines keep the count right."""
    for raw in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if isinstance(v, str) or v is None}
        if any(row.values()):
            yield reader.line_num, row


def data_line_numbers(text: str) -> list[int]:
    """The file line of each procedure row `parse_procedures` reads, in order (for previews)."""
    return [number for number, _ in _data_rows(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))]


def parse_procedures(text: str) -> tuple[list[Procedure], list[Problem]]:
    """Procedures read from CSV text, and every problem found (field names carry the file line)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("code", "label", "charge") if c not in headers]
    if missing:
        return [], [Problem("header", f"The file needs the columns {', '.join(missing)}; "
                                      f"the first line should read: {','.join(COLUMNS)}")]
    procedures, problems, seen = [], [], {}
    for number, row in _data_rows(reader):
        where = f"row {number}"
        code = row.get("code", "").upper()
        system = (row.get("system") or ("HCPCS" if re.match(r"^[A-V]", code) else "CPT")).upper()
        try:
            charge = Money.parse(row.get("charge", ""))
        except MoneyError as exc:
            problems.append(Problem(f"{where}.charge", str(exc)))
            charge = Money(0)
        units_text = row.get("units") or "1"
        if not units_text.isdigit():
            problems.append(Problem(f"{where}.units", f"'{units_text}' is not a whole number of units."))
        favorite, active = _flag(row.get("favorite", ""), False), _flag(row.get("active", ""), True)
        for name, value in (("favorite", favorite), ("active", active)):
            if value is None:
                problems.append(Problem(f"{where}.{name}", f"Write yes or no in the {name} column."))
        procedure = Procedure(code=code, system=system, label=row.get("label", ""), charge=charge,
                              units=int(units_text) if units_text.isdigit() else 1, favorite=bool(favorite),
                              active=active is not False)
        problems += [Problem(f"{where}.{p.field}", p.message) for p in procedure_problems(procedure)
                     if not (p.field == "charge" and any(q.field == f"{where}.charge" for q in problems))]
        if code in seen:
            problems.append(Problem(f"{where}.code", f"{code} is also on row {seen[code]}; keep one."))
        seen.setdefault(code, number)
        procedures.append(procedure)
    if not procedures and not problems:
        problems.append(Problem("file", "The file has no procedure rows under its header line."))
    return procedures, problems


def write_procedures(procedures: list[Procedure]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in procedures:
        writer.writerow([p.code, p.system, p.label, p.charge.plain(), p.units,
                         "yes" if p.favorite else "no", "yes" if p.active else "no"])
    return out.getvalue()
