"""Money: parsing, formatting, arithmetic; floats and nonsense refused."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from officebill.core.money import Money, MoneyError


@pytest.mark.parametrize("text,cents", [
    ("$1,234.50", 123450), ("1234.5", 123450), ("0.05", 5), ("12", 1200), ("-3.10", -310),
    ("(3.00)", -300), ("$0.99", 99), (".5", 50), ("1,000,000", 100000000), (" 7.25 ", 725),
])
def test_parse(text, cents):
    assert Money.parse(text).cents == cents


@pytest.mark.parametrize("bad", ["", "abc", "1.234", "12,34.00", "$$5", "1-2", "(5", "1.2.3", "--1", "5e3"])
def test_parse_refuses_nonsense(bad):
    with pytest.raises(MoneyError):
        Money.parse(bad)


def test_floats_refused():
    with pytest.raises(MoneyError, match="float"):
        Money.parse(12.5)
    with pytest.raises(MoneyError):
        Money(12.5)
    with pytest.raises(MoneyError):
        Money(True)


def test_format_and_arithmetic():
    assert str(Money(123450)) == "$1,234.50"
    assert str(Money(-5)) == "-$0.05"
    assert Money(123450).plain() == "1234.50"
    assert Money(100) + Money(250) == Money(350)
    assert Money(100) - Money(250) == Money(-150)
    assert Money(1250).times(3) == Money(3750)
    assert Money.total([Money(1), Money(2)]) == Money(3)
    with pytest.raises(MoneyError):
        Money(100).times(1.5)


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_round_trip(cents):
    amount = Money(cents)
    assert Money.parse(str(amount)) == amount
    assert Money.parse(amount.plain()) == amount
