"""Test set-up shared by the whole suite: headless Qt, a private data directory, built code database."""
import os
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

DEMO_TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory, monkeypatch):
    """Every test gets its own OFFICEBILL_HOME so nothing touches the user's files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("OFFICEBILL_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def codes_db(tmp_path_factory):
    """The real code database, built once per test session."""
    from officebill.codes import ensure_built

    return ensure_built(tmp_path_factory.mktemp("codes") / "codes.db")


@pytest.fixture
def office_with_codes(tmp_path, codes_db):
    """A new office whose code database (beside it, linked) is already built."""
    from officebill.office import Office

    (tmp_path / "codes.db").symlink_to(codes_db)
    with Office.create(tmp_path / "office.db") as office:
        yield office


@pytest.fixture
def demo_office(office_with_codes):
    """The demo practice with visits up to DEMO_TODAY, the code database ready."""
    from officebill.demo import build_demo

    build_demo(office_with_codes, today=DEMO_TODAY)
    return office_with_codes
