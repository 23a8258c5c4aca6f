"""Restore: refused while the office is open anywhere, keeps commits still in the WAL, changes nothing when refused."""
import sqlite3
import subprocess
import sys

import pytest

from officebill.core.problems import UserError
from officebill.storage import backup as backups
from officebill.storage.database import open_office_db
from officebill.storage.errors import OfficeInUseError
from officebill.storage.restore import restore_office
from officebill.storage.settings_store import SettingsStore

from .small_office import checksum, make_office, marker_of

IN_USE = "open in another OfficeBill window or command; close it, then restore"


@pytest.fixture
def office(tmp_path):
    return make_office(tmp_path / "office.db")


@pytest.fixture
def new_backup(tmp_path):
    other = make_office(tmp_path / "elsewhere" / "office.db", marker="new")
    return backups.backup_to_dir(other, tmp_path / "copies")


def _assert_refused_untouched(office, new_backup, before):
    assert checksum(office) == before
    assert not list(backups.backups_dir(office).glob("*replaced-by-restore*"))
    assert marker_of(office) == "old"


def test_refused_while_another_connection_in_this_process_has_it_open(office, new_backup):
    db = open_office_db(office)
    before = checksum(office)
    with pytest.raises(OfficeInUseError, match=IN_USE):
        restore_office(new_backup, office)
    _assert_refused_untouched(office, new_backup, before)
    db.close()
    restore_office(new_backup, office)
    assert marker_of(office) == "new"


_HOLD_OPEN = """
import sys
from officebill.storage.database import open_office_db
db = open_office_db(sys.argv[1])
print("open", flush=True)
sys.stdin.readline()
db.close()
"""


def test_refused_while_another_process_has_it_open(office, new_backup):
    child = subprocess.Popen([sys.executable, "-c", _HOLD_OPEN, str(office)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "open"
        before = checksum(office)
        with pytest.raises(OfficeInUseError, match=IN_USE):
            restore_office(new_backup, office)
        _assert_refused_untouched(office, new_backup, before)
    finally:
        child.communicate("close\n", timeout=60)
    restore_office(new_backup, office)
    assert marker_of(office) == "new"


_WRITE_AND_DIE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA wal_autocheckpoint = 0")
for n in range(int(sys.argv[2])):
    conn.execute("INSERT INTO settings VALUES (?, '1')", [f"wal{n}"])
os._exit(0)  # killed: the commits stay in the -wal, never checkpointed
"""


def commits_left_in_wal(office, count: int) -> None:
    subprocess.run([sys.executable, "-c", _WRITE_AND_DIE, str(office), str(count)], check=True, timeout=60)
    assert (office.parent / (office.name + "-wal")).stat().st_size > 0


def test_commits_still_in_the_wal_are_in_the_kept_copy(office, new_backup):
    commits_left_in_wal(office, 25)
    kept = restore_office(new_backup, office)
    conn = sqlite3.connect(kept)
    assert conn.execute("SELECT count(*) FROM settings WHERE key LIKE 'wal%'").fetchone()[0] == 25
    conn.close()
    assert marker_of(office) == "new"
    assert not (office.parent / (office.name + "-wal")).exists() or \
        (office.parent / (office.name + "-wal")).stat().st_size == 0


def test_a_refused_backup_changes_nothing(office, tmp_path):
    foreign = tmp_path / "practice_only.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE practice (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    before = checksum(office)
    with pytest.raises(UserError, match="not an OfficeBill office file"):
        restore_office(foreign, office)
    assert checksum(office) == before


def test_restore_over_a_damaged_office_keeps_its_bytes(office, new_backup):
    office.write_bytes(b"garbage" * 1000)
    kept = restore_office(new_backup, office)
    assert kept.read_bytes() == b"garbage" * 1000
    assert marker_of(office) == "new"
    db = open_office_db(office)
    assert SettingsStore(db).get("marker") == "new"
    db.close()


def test_restore_will_not_overwrite_another_programs_database(tmp_path, new_backup):
    target = tmp_path / "firefox.db"
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = checksum(target)
    with pytest.raises(UserError, match="another program"):
        restore_office(new_backup, target)
    assert checksum(target) == before
