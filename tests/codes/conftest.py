"""Shared fixtures for the code-set tests: one real codes.db per session, copies for writers."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from officebill.codes import CodeIndex

from .release_files import small_codes_db

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
HCPCS_SAMPLES = SHARED / "data" / "hcpcs"


@pytest.fixture(scope="session")
def built_db(tmp_path_factory, codes_db) -> Path:
    """The session's real ICD-10-CM build (tests/conftest.py) plus the fixture HCPCS file, made once."""
    from officebill.codes import import_hcpcs

    path = tmp_path_factory.mktemp("codes-hcpcs") / "codes.db"
    shutil.copy(codes_db, path)
    import_hcpcs(path, FIXTURES / "hcpcs_sample.txt", partial=True)  # a fixture is not a whole release
    return path


@pytest.fixture(scope="session")
def small_db(tmp_path_factory, built_db) -> Path:
    """A current codes.db without ICD-10-CM (a few hundred kB): cheap to copy for many import trials."""
    return small_codes_db(built_db, tmp_path_factory.mktemp("codes-small") / "codes.db")


@pytest.fixture
def small_copy(small_db, tmp_path) -> Path:
    """A private copy of the small database for tests that write."""
    target = tmp_path / "small" / "codes.db"
    target.parent.mkdir()
    shutil.copy(small_db, target)
    return target


@pytest.fixture(scope="session")
def index(built_db) -> CodeIndex:
    with CodeIndex(built_db, build=False) as opened:
        yield opened


@pytest.fixture
def db_copy(built_db, tmp_path) -> Path:
    """A private copy of the built database for tests that write."""
    target = tmp_path / "codes.db"
    shutil.copy(built_db, target)
    return target


@pytest.fixture
def shared_hcpcs() -> Path:
    if not HCPCS_SAMPLES.is_dir():
        pytest.skip("../shared/data/hcpcs is not present")
    return HCPCS_SAMPLES
