"""CSV cells OfficeBill writes: nothing a spreadsheet could run, and read back exactly."""
import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from officebill.core.csv_cells import guard_cell, unguard_cell, write_csv


def _read(text):
    return [[unguard_cell(c) for c in row] for row in csv.reader(io.StringIO(text, newline=""))]


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-", "'=x", "'"])
def test_cells_a_spreadsheet_could_run_are_written_as_text(cell):
    written = write_csv([[cell]])
    assert written.startswith(("'", '"\''))
    assert _read(written) == [[cell]]


@pytest.mark.parametrize("cell", ["plain", "99213", "-12.50", "+3", "12.00", "a=b", ""])
def test_other_cells_are_written_as_they_are(cell):
    assert guard_cell(cell) == cell
    assert unguard_cell(cell) == cell


def test_a_hand_made_cell_keeps_a_quote_we_would_not_have_added():
    assert unguard_cell("'abc") == "'abc"
    assert unguard_cell("'-12.50") == "'-12.50"
    assert unguard_cell("'=x") == "=x"


def test_a_carriage_return_inside_a_cell_survives():
    assert _read(write_csv([["a\rb", "c"], ["d", "e"]])) == [["a\rb", "c"], ["d", "e"]]


@given(st.lists(st.lists(st.text(), min_size=1, max_size=4), min_size=1, max_size=4))
def test_any_cells_read_back_exactly(rows):
    assert _read(write_csv(rows)) == rows


@given(st.text())
def test_no_written_cell_starts_a_formula(cell):
    written = guard_cell(cell)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r")) or written.lstrip("+-").replace(".", "", 1).isdigit()
    assert unguard_cell(written) == cell
