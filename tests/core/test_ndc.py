"""The NDC rules (box 24A shaded line): one normal form, one check, one unit list; ASCII digits only."""
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from officebill.core import identifiers as ids


@pytest.mark.parametrize("typed,normal", [
    ("00409-1234-01", "00409123401"), (" 00409123401 ", "00409123401"), ("0409-1234-01", "00409123401"),
    ("00409-234-01", "00409023401"), ("00409-1234-1", "00409123401"), ("00409 1234 01", "00409123401"),
])
def test_ndc_forms_become_eleven_digits(typed, normal):
    assert ids.normalize_ndc(typed) == normal
    assert ids.ndc_problem(typed) is None


@pytest.mark.parametrize("typed", ["0409123401", "1234-5678", "00409-1234-012", "409-1234-1", "0409-234-01", "abc",
                                   "٠٠٤٠٩١٢٣٤٠١", "0040912340²"])
def test_other_text_is_not_an_ndc(typed):
    assert ids.ndc_problem(typed) is not None
    assert ids.normalize_ndc(typed) == typed.strip()


def test_a_blank_ndc_is_no_problem():
    assert ids.ndc_problem("") is None and ids.ndc_problem("  ") is None


@given(st.text(max_size=20))
def test_an_accepted_ndc_is_always_eleven_ascii_digits(text):
    if ids.ndc_problem(text) is None and text.strip():
        normal = ids.normalize_ndc(text)
        assert len(normal) == 11 and all(c in "0123456789" for c in normal)
        assert ids.normalize_ndc(normal) == normal


@pytest.mark.parametrize("typed,normal", [("2", "2"), ("2.0", "2"), (".5", "0.5"), ("100", "100"),
                                          ("123456.125", "123456.125")])
def test_ndc_quantities(typed, normal):
    assert ids.ndc_quantity_problem(typed) is None
    assert ids.normalize_ndc_quantity(typed) == normal


@pytest.mark.parametrize("typed", ["0", "0.000", "-1", "1234567", "1.2345", "²", "١", "1e3"])
def test_bad_ndc_quantities(typed):
    assert ids.ndc_quantity_problem(typed) is not None


def test_ndc_line_problems_name_their_fields():
    assert ids.ndc_line_problems("00409123401", "ml", "2") == {}
    assert ids.ndc_line_problems("", "", "") == {}
    assert set(ids.ndc_line_problems("00409123401", "MG", "0")) == {"ndc_unit", "ndc_quantity"}
    assert set(ids.ndc_line_problems("00409123401", "", "")) == {"ndc_unit", "ndc_quantity"}
    assert set(ids.ndc_line_problems("", "ML", "")) == {"ndc"}
    assert set(ids.ndc_line_problems("12", "ML", "2")) == {"ndc"}


def test_only_ascii_digits_are_digits():
    assert ids.digits_only("(555) ٢٠١-4477²") == "5554477"
    assert ids.check_phone("٥٥٥٢٠١٤٤٧٧") is not None
    with pytest.raises(ValueError):
        ids.parse_date("٠٣/٠٢/٢٠٢٦")
    assert ids.parse_date("03/02/2026") == date(2026, 3, 2)
