"""Property tests: mutated office files and backups get a UserError (never another exception) from
open_office_db and check_backup, and a refused restore leaves the office file byte for byte as it was.

Examples per property: OFFICEBILL_MUTATION_EXAMPLES (default 60; 600 when OFFICEBILL_LONG_TESTS=1).
"""
import os
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from officebill.core.problems import UserError
from officebill.storage import backup as backups
from officebill.storage.database import open_office_db
from officebill.storage.restore import restore_office

from .small_office import checksum, make_office

EXAMPLES = int(os.environ.get("OFFICEBILL_MUTATION_EXAMPLES",
                              "600" if os.environ.get("OFFICEBILL_LONG_TESTS") == "1" else "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=os.environ.get("OFFICEBILL_LONG_TESTS") != "1",
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A small office (512-byte pages, so a mutation lands on something that matters), as bytes."""
    folder = tmp_path_factory.mktemp("template")
    office = make_office(folder / "office.db")
    conn = sqlite3.connect(office, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA page_size = 512")
    conn.execute("VACUUM")
    conn.close()
    return office  # a path: hypothesis prints the arguments of a failing example


mutations = st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8)


def _mutate(data: bytes, changes, cut: float | None) -> bytes:
    out = bytearray(data)
    for where, value in changes:
        # half the changes land in the first 2 KB: header, schema and the first tables' roots
        index = int(where * (2048 if value % 2 else len(out)))
        out[index] = value
    if cut is not None:
        out = out[: int(cut * len(out))]
    return bytes(out)


@given(changes=mutations, cut=st.none() | st.floats(0, 1))
@SETTINGS
def test_a_mutated_office_file_gets_a_message_not_a_traceback(template, changes, cut):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "office.db"
        path.write_bytes(_mutate(template.read_bytes(), changes, cut))
        try:
            open_office_db(path).close()
        except UserError:
            pass


@given(changes=mutations, cut=st.none() | st.floats(0, 1))
@SETTINGS
def test_a_mutated_backup_is_checked_and_a_refused_restore_changes_nothing(template, changes, cut):
    with tempfile.TemporaryDirectory() as folder:
        office = Path(folder) / "office.db"
        office.write_bytes(template.read_bytes())
        before = checksum(office)
        backup = Path(folder) / "backup.db"
        backup.write_bytes(_mutate(template.read_bytes(), changes, cut))
        try:
            backups.check_backup(backup)
            accepted = True
        except UserError:
            accepted = False
        try:
            restore_office(backup, office)
        except UserError:
            assert not accepted
            assert checksum(office) == before
            assert not (office.parent / "backups").exists()
            return
        assert accepted
        open_office_db(office).close()  # what was accepted opens

