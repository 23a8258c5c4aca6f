"""Procedure CSV: every bad file gets problems naming row and field, never an exception; our export reads back."""
import csv
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from officebill.core.limits import MAX_FEE, MAX_LINE_CHARGE, MAX_UNITS
from officebill.core.money import Money
from officebill.core.procedure_csv import (
    COLUMNS,
    data_line_numbers,
    parse_procedures,
    read_procedure_csv,
    write_procedures,
)
from officebill.core.records import Procedure

HEADER = ",".join(COLUMNS) + "\n"
GOOD_ROW = "99213,CPT,Office visit,125.00,1,yes,yes\n"
RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # slow shared machines
FIELD = re.compile(r"^(header|file|row [0-9]+(\.[a-z_]+)?)$")


def _fields(text):
    return [p.field for p in parse_procedures(text)[1]]


@pytest.mark.parametrize("row,field", [
    ("99213,CPT,Visit,125.00,²,yes,yes", "row 2.units"),  # int('²') raises; isdigit() says yes
    ("99213,CPT,Visit,125.00,٣,yes,yes", "row 2.units"),  # Arabic-Indic three: int() takes it
    ("99213,CPT,Visit,125.00,1000,yes,yes", "row 2.units"),
    ("99213,CPT,Visit,125.00," + "1" * 5000 + ",yes,yes", "row 2.units"),  # int() refuses over 4,300 digits
    ("99213,CPT,Visit,²125.00,1,yes,yes", "row 2.charge"),
    ("99213,CPT,Visit,99999999999999999999999.00,1,yes,yes", "row 2.charge"),  # past SQLite's integers
    (f"99213,CPT,Visit,{(MAX_FEE + Money(1)).plain()},1,yes,yes", "row 2.charge"),
    ("99213,CPT,Visit," + "9" * 5000 + ",1,yes,yes", "row 2.charge"),
    ("99213,CPT,Vi\x00sit,125.00,1,yes,yes", "row 2.label"),
    ("99213,CPT,Visit,125.00,1,maybe,yes", "row 2.favorite"),
    ("99213,CPT,Visit,125.00,1,yes,yes,extra", "row 2"),
    ("99213,CPT," + "x" * 300 + ",125.00,1,yes,yes", "row 2.label"),
    ('99213,CPT,"' + "x" * 140_000 + '",125.00,1,yes,yes', "row 2"),  # over csv's 131,072-character limit
    ('99213,CPT,"unclosed,125.00,1,yes,yes\n99214,CPT,Visit,1,1,yes,yes', "row 2.label"),
])
def test_a_bad_cell_is_a_problem_on_its_row(row, field):
    procedures, problems = parse_procedures(HEADER + row + "\n")
    assert field in [p.field for p in problems], problems
    assert all(len(p.message) < 300 for p in problems)


def test_a_field_over_the_csv_limit_stops_reading_with_a_message():
    problems = parse_procedures(HEADER + GOOD_ROW + '99214,CPT,"' + "x" * 140_000 + "\n")[1]
    assert [p.field for p in problems] == ["row 3"] and "131,072" in problems[0].message


@pytest.mark.parametrize("text,fields", [
    ("", ["header"]),
    ("\n\n", ["header"]),
    (GOOD_ROW, ["header"]),  # no header line
    ("code,label,label,charge\n99213,a,b,1\n", ["header"]),
    (HEADER, ["file"]),
    (HEADER + "\n  \n,,,,\n", ["file"]),
])
def test_file_level_problems(text, fields):
    assert _fields(text) == fields


@pytest.mark.parametrize("data", [
    "\ufeff" + HEADER + GOOD_ROW,
    (HEADER + GOOD_ROW).encode("utf-8-sig"),
    (HEADER + GOOD_ROW).encode("utf-8"),
    "\n\n" + HEADER + "\n" + GOOD_ROW + "\n",
    (HEADER + GOOD_ROW).replace("\n", "\r\n"),
    (HEADER + GOOD_ROW).replace("\n", "\r"),
])
def test_boms_blank_lines_and_line_ends_are_read(data):
    procedures, problems = parse_procedures(data)
    assert problems == [] and [p.code for p in procedures] == ["99213"]


def test_bytes_that_are_not_utf8_name_their_line():
    assert _fields((HEADER + GOOD_ROW + "99214,CPT,Caf\xe9,1,1,no,yes\n").encode("latin-1")) == ["row 3"]


def test_rows_are_named_by_the_line_they_start_on():
    text = HEADER + '\n99213,CPT,"two\nlines",x,1,no,yes\n99214,CPT,Visit,abc,1,no,yes\n'
    read = read_procedure_csv(text)
    assert read.lines == [3, 5]
    assert {p.field for p in read.problems} == {"row 3.label", "row 3.charge", "row 5.charge"}


def test_our_guard_quote_is_removed_on_import():
    procedures, problems = parse_procedures(HEADER + "99213,CPT,'=cmd|x,125.00,1,no,yes\n")
    assert problems == [] and procedures[0].label == "=cmd|x"


def test_the_export_runs_no_formula():
    text = write_procedures([Procedure(code="99213", label="=HYPERLINK(\"http://x\")", charge=Money(100)),
                             Procedure(code="99214", label="@SUM(1)", charge=Money(100))])
    cells = [cell for row in csv.reader(text.splitlines()) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


# --- properties -------------------------------------------------------------------------------


def _check_never_raises(data):
    read = read_procedure_csv(data)
    assert len(read.procedures) == len(read.lines)
    assert read.procedures or read.problems
    for problem in read.problems:
        assert FIELD.match(problem.field), problem
    assert parse_procedures(data) == (read.procedures, read.problems)  # preview and import read alike
    assert data_line_numbers(data) == read.lines


@RELAXED
@given(st.text())
def test_any_text_gives_problems_not_exceptions(text):
    _check_never_raises(text)


@RELAXED
@given(st.binary())
def test_any_bytes_give_problems_not_exceptions(data):
    _check_never_raises(data)


@RELAXED
@given(st.lists(st.text(alphabet=st.sampled_from(',"\n\r\x00 ²٣\ufeff=\'.-$09aJ'), max_size=12), max_size=8))
def test_csv_shaped_text_gives_problems_not_exceptions(rows):
    _check_never_raises(HEADER + "\n".join(rows))


NASTY = st.sampled_from(['"', ",", "\n", "\r", "\x00", "²", "٣", "\ufeff", "=", "'", "-", "9" * 30, "\udcff", "",
                         "yes", "$", "(", ".", "x" * 300])


@RELAXED
@given(st.data())
def test_mutated_exports_give_problems_not_exceptions(data):
    text = write_procedures([Procedure(code="99213", label="Office visit", charge=Money(12500)),
                             Procedure(code="J1885", system="HCPCS", label="=Ketorolac, 15 mg", charge=Money(1200),
                                       units=2, favorite=True)])
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        text = text[:at] + data.draw(NASTY) + text[at + cut:]
    _check_never_raises(text)


LABELS = st.one_of(
    st.text(min_size=1, max_size=60),
    st.tuples(st.sampled_from(["=", "+", "-", "@", "'", "'=", "''"]), st.text(max_size=40)).map("".join),
).map(lambda s: s.replace("\x00", "").strip()).filter(lambda s: len(s.splitlines()) == 1)


@st.composite
def procedure_lists(draw):
    codes = draw(st.lists(st.from_regex(r"[0-9]{4}[0-9FTU]|[A-V][0-9]{4}", fullmatch=True),
                          min_size=1, max_size=5, unique=True))
    result = []
    for code in codes:
        units = draw(st.integers(1, MAX_UNITS))
        charge = draw(st.integers(1, MAX_LINE_CHARGE.cents // units))
        result.append(Procedure(code=code, system="CPT" if code[0].isdigit() else "HCPCS", label=draw(LABELS),
                                charge=Money(charge), units=units, favorite=draw(st.booleans()),
                                active=draw(st.booleans())))
    return result


@RELAXED
@given(procedure_lists())
def test_an_export_reads_back_as_the_same_procedures(procedures):
    read, problems = parse_procedures(write_procedures(procedures))
    assert problems == []
    assert read == procedures
