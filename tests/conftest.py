"""Test set-up shared by the whole suite: headless Qt, a private data directory, built code database.

The real code database (the whole ICD-10-CM release, several seconds) is built once per run, by
`codes_db`; every other test that needs one links or copies that file, or puts it beside an office
before the code under test looks for it (`officebill.paths.codes_path`). Tests of the builder itself
build from `small_icd_release`, a few hundred codes cut from the same release, in a fraction of a second.
"""
import os
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

DEMO_TODAY = date(2026, 11, 27)
DEMO_UNBILLED = 6  # the demo's visits of its last week (Mon-Thu before DEMO_TODAY), waiting for `claims make`
SMALL_RELEASE_CATEGORIES = ("E11", "I10", "J02", "R07", "S06")  # diabetes, hypertension, ... and a 7th-character block
_cut_release = []  # the small release, cut from the one the session build parsed


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory, monkeypatch):
    """Every test gets its own OFFICEBILL_HOME so nothing touches the user's files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("OFFICEBILL_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _cli_signs_in_as_demo_manager(monkeypatch):
    """officebill-cli signs in as the demo's manager (OFFICEBILL_USER / OFFICEBILL_PASSWORD): `officebill-cli demo`
    makes an office with users, and the suite's CLI tests run their commands on it. Offices without users ignore
    the variables; tests of signing in (tests/security) remove them."""
    from officebill.demo import DEMO_USERS

    name, _full_name, _role, password = DEMO_USERS[0]
    monkeypatch.setenv("OFFICEBILL_USER", name)
    monkeypatch.setenv("OFFICEBILL_PASSWORD", password)
    monkeypatch.delenv("OFFICEBILL_NEW_PASSWORD", raising=False)


def _cut(release):
    from officebill.codes.icd10cm import IcdRelease

    codes = [c for c in release.codes if c.code[:3] in SMALL_RELEASE_CATEGORIES]
    keys = {c.chapter for c in codes} | {c.section for c in codes}
    return IcdRelease(release.version, [g for g in release.groups if g.key in keys], codes)


_extra_builds = []  # whole-release builds besides the session's one: the tests that made them


@pytest.fixture(scope="session", autouse=True)
def _extra_code_builds():
    """Notes every build of the whole release outside `codes_db` (reported at the end of the run)."""
    from officebill.codes import builder, icd10cm

    build, whole_release = builder.build, icd10cm.read_release

    def noting(path, progress=None):
        if icd10cm.read_release is whole_release:  # not codes_db's own build, not small_icd_release
            _extra_builds.append(os.environ.get("PYTEST_CURRENT_TEST", "?").rsplit(" ", 1)[0])
        return build(path, progress)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builder, "build", noting)
        yield


def pytest_terminal_summary(terminalreporter):
    if _extra_builds:
        terminalreporter.write_sep("-", f"the code database was built {len(_extra_builds)} more time(s) than once")
        for test in _extra_builds:
            terminalreporter.write_line(f"  {test}: link codes_db beside the office instead (tests/conftest.py)")


@pytest.fixture(scope="session")
def codes_db(tmp_path_factory):
    """The real code database, built once per test session (read it, link it, or copy it; never write it)."""
    from officebill.codes import ensure_built, icd10cm

    parse = icd10cm.read_release

    def parse_and_keep_a_cut(*args, **kwargs):
        release = parse(*args, **kwargs)
        _cut_release[:] = [_cut(release)]
        return release

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(icd10cm, "read_release", parse_and_keep_a_cut)
        return ensure_built(tmp_path_factory.mktemp("codes") / "codes.db")


@pytest.fixture
def small_icd_release(codes_db, monkeypatch):
    """Builds in this test read a small cut of the ICD-10-CM release (SMALL_RELEASE_CATEGORIES) instead of
    parsing the whole one: for tests of how the builder works (progress, versions, interruptions, the CLI),
    which do not need 98,000 codes."""
    from officebill.codes import icd10cm

    if not _cut_release:  # codes_db found a current file and parsed nothing (not expected: its folder is new)
        _cut_release.append(_cut(icd10cm.read_release()))
    release = _cut_release[0]
    monkeypatch.setattr(icd10cm, "read_release", lambda folder=None: release)
    return release


@pytest.fixture
def office_with_codes(tmp_path, codes_db):
    """A new office whose code database (beside it, linked) is already built."""
    from officebill.office import Office

    (tmp_path / "codes.db").symlink_to(codes_db)
    with Office.create(tmp_path / "office.db") as office:
        yield office


@pytest.fixture(scope="session")
def demo_office_file(tmp_path_factory, codes_db):
    """The demo office built once per run (its year of money takes seconds); read it or copy it, never write it."""
    from officebill.demo import build_demo
    from officebill.office import Office

    folder = tmp_path_factory.mktemp("demo_office")
    (folder / "codes.db").symlink_to(codes_db)
    with Office.create(folder / "office.db") as office:
        build_demo(office, today=DEMO_TODAY)
    return folder / "office.db"


@pytest.fixture
def demo_office(tmp_path, codes_db, demo_office_file):
    """A copy of the demo practice (a year of visits and money up to DEMO_TODAY), the code database ready."""
    import shutil

    from officebill.office import Office

    (tmp_path / "codes.db").symlink_to(codes_db)
    shutil.copyfile(demo_office_file, tmp_path / "office.db")
    (tmp_path / "office.db").chmod(0o600)
    with Office.open(tmp_path / "office.db") as office:
        yield office
