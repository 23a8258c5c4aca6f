"""Cells of the CSV files OfficeBill writes, guarded against formula injection (OWASP "CSV Injection").

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
return before one) as a formula, so `write_csv` writes such a cell with a leading
single quote, which spreadsheets show as text. Plain numbers such as -12.50 are
left alone: they cannot run. A cell that itself starts with a quote is guarded too,
so `unguard_cell` can remove exactly the quotes `guard_cell` added: reading our own
export gives back the original values, and a hand-made file's cells are unchanged
unless they look like ours.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
_GUARDED = FORMULA_STARTS + (GUARD,)
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def guard_cell(text: str) -> str:
    """`text` as written to a CSV cell: a quote before anything a spreadsheet could run."""
    if text.startswith(_GUARDED) and not _NUMBER.fullmatch(text):
        return GUARD + text
    return text


def unguard_cell(text: str) -> str:
    """The value of a cell `guard_cell` may have written: its guard quote removed, nothing else."""
    return text[1:] if text.startswith(GUARD) and guard_cell(text[1:]) == text else text


def write_csv(rows: Iterable[Iterable[object]]) -> str:
    """CSV text (lines end in \\n) of `rows`, each cell as `str()` and guarded.

    A cell holding a carriage return is quoted (the csv module quotes only the line
    terminator's characters), so the file reads back as written.
    """
    out = io.StringIO(newline="")
    plain = csv.writer(out, lineterminator="\n")
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        cells = [guard_cell(str(cell)) for cell in row]
        (quoted if any("\r" in cell for cell in cells) else plain).writerow(cells)
    return out.getvalue()
