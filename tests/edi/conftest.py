"""Fixtures of the EDI tests: the small money office of tests/billing (two payers, a visit, its claims)."""
import pytest

from ..billing.money_office import make_books


@pytest.fixture
def books(tmp_path):
    made = make_books(tmp_path / "office.db")
    yield made
    made.office.close()
