"""Identifier checks: each valid and invalid case named in the domain notes."""
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from officebill.core import identifiers as ids


@pytest.mark.parametrize("npi", ["1234567893", "1467503722", "1306849450", "2000000002"])
def test_valid_npis(npi):
    assert ids.check_npi(npi) is None


@pytest.mark.parametrize("npi,why", [
    ("1234567890", "check digit"), ("123456789", "10 digits"), ("3234567893", "1 or 2"),
    ("12345678a3", "10 digits"), ("", "10 digits"),
])
def test_invalid_npis(npi, why):
    assert why in ids.check_npi(npi)


@given(st.from_regex(r"[12][0-9]{8}", fullmatch=True))
def test_npi_check_digit_always_validates(first_nine):
    assert ids.check_npi(first_nine + str(ids.npi_check_digit(first_nine))) is None
    wrong = (ids.npi_check_digit(first_nine) + 1) % 10
    assert ids.check_npi(first_nine + str(wrong)) is not None


@pytest.mark.parametrize("ein,ok", [
    ("37-1234567", True), ("371234567", True), ("07-1234567", False), ("89-1234567", False),
    ("00-1234567", False), ("3712345", False), ("37-123456a", False),
])
def test_ein(ein, ok):
    assert (ids.check_ein(ein) is None) is ok


@pytest.mark.parametrize("ssn,ok", [("123-45-6789", True), ("000-12-3456", False), ("666-12-3456", False),
                                    ("912-12-3456", False), ("123-00-4567", False), ("12345", False)])
def test_ssn(ssn, ok):
    assert (ids.check_ssn(ssn) is None) is ok


def test_tax_id_kind():
    assert ids.check_tax_id("EIN", "37-1234567") is None
    assert ids.check_tax_id("SSN", "123-45-6789") is None
    assert ids.check_tax_id("ITIN", "123") is not None


@pytest.mark.parametrize("code,ok", [("207Q00000X", True), ("363LF0000X", True), ("207Q00000", False),
                                     ("207q00000x", False), ("20AQ00000X", False)])
def test_taxonomy(code, ok):
    assert (ids.check_taxonomy(code) is None) is ok


@pytest.mark.parametrize("zip_code,ok,ok9", [("62701", True, False), ("62701-1234", True, True),
                                             ("627011234", True, True), ("6270", False, False),
                                             ("62701-12", False, False), ("ABCDE", False, False)])
def test_zip(zip_code, ok, ok9):
    assert (ids.check_zip(zip_code) is None) is ok
    assert (ids.check_zip9(zip_code) is None) is ok9


@pytest.mark.parametrize("state,ok", [("IL", True), ("dc", True), ("PR", True), ("AE", True), ("XX", False),
                                      ("Illinois", False), ("", False)])
def test_state(state, ok):
    assert (ids.check_state(state) is None) is ok


@pytest.mark.parametrize("phone,ok", [("(217) 555-0142", True), ("217.555.0142", True), ("1-217-555-0142", True),
                                      ("555-0142", False), ("(017) 555-0142", False), ("217 155 0142", False)])
def test_phone(phone, ok):
    assert (ids.check_phone(phone) is None) is ok


def test_phone_format():
    assert ids.format_phone("2175550142") == "(217) 555-0142"


def test_dates():
    today = date(2026, 11, 27)
    assert ids.check_birth_date(date(1980, 1, 1), today) is None
    assert "future" in ids.check_birth_date(date(2026, 11, 28), today)
    assert ids.check_birth_date(None, today) is not None
    assert "130 years" in ids.check_birth_date(date(1850, 1, 1), today)
    assert ids.check_not_future(date(2026, 11, 27), "date of service", today) is None
    assert ids.check_not_future(date(2026, 12, 1), "date of service", today) is not None
    assert ids.check_range(date(2026, 1, 2), date(2026, 1, 1)) is not None
    assert ids.check_range(date(2026, 1, 1), date(2026, 1, 1)) is None
    assert ids.check_range(None, date(2026, 1, 1)) is None


@pytest.mark.parametrize("text,expected", [("04/09/2015", date(2015, 4, 9)), ("2015-04-09", date(2015, 4, 9)),
                                           ("04092015", date(2015, 4, 9)), ("", None), ("4/9/2015", date(2015, 4, 9))])
def test_parse_date(text, expected):
    assert ids.parse_date(text) == expected


@pytest.mark.parametrize("bad", ["13/01/2020", "02/30/2020", "yesterday", "2020/01/01"])
def test_parse_date_refuses(bad):
    with pytest.raises(ValueError, match="MM/DD/YYYY"):
        ids.parse_date(bad)
