"""Office folders whose names hold URI characters (#, ?, %, spaces): backups, version guard, restore."""
import sqlite3

import pytest

from officebill.storage import backup as backups
from officebill.storage import migrations
from officebill.storage.database import NewerFileError, open_office_db, read_schema_version, readonly_uri
from officebill.storage.restore import restore_office
from officebill.storage.settings_store import SettingsStore

from .small_office import make_office, marker_of

ODD = "a#b?c %d&e=f"


@pytest.fixture
def office(tmp_path):
    folder = tmp_path / ODD
    folder.mkdir()
    return make_office(folder / "office.db")


def test_readonly_uri_names_exactly_that_file(office, tmp_path):
    conn = sqlite3.connect(readonly_uri(office), uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 1
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("DELETE FROM settings")
    finally:
        conn.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [ODD]  # no stray file made from a cut-off name


def test_backup_of_an_odd_folder_holds_the_data(office):
    made = backups.backup_to_dir(office, backups.backups_dir(office))
    assert made.stat().st_size > 0
    assert backups.check_backup(made) == migrations.SCHEMA_VERSION
    assert marker_of(made) == "old"


def test_version_guard_reads_an_odd_folder(office):
    assert read_schema_version(office) == migrations.SCHEMA_VERSION
    conn = sqlite3.connect(office)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(NewerFileError):
        open_office_db(office)


def test_restore_into_an_odd_folder(office):
    made = backups.backup_to_dir(office, backups.backups_dir(office))
    db = open_office_db(office)
    with db.atomic():
        SettingsStore(db).set("marker", "changed")
    db.close()
    kept = restore_office(made, office)
    assert marker_of(office) == "old" and marker_of(kept) == "changed"
