"""Fixtures of the EDI tests: the small money office of tests/billing (two payers, a visit, its claims), with
the session's code database beside it (posting a primary's result makes the secondary claim, which is checked)."""
import pytest

from ..billing.money_office import make_books


@pytest.fixture
def books(tmp_path, codes_db):
    (tmp_path / "codes.db").symlink_to(codes_db)
    made = make_books(tmp_path / "office.db")
    yield made
    made.office.close()
