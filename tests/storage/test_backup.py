"""Backups (online API, while in use), checked restores, integrity checks, pruning."""
import sqlite3

import pytest

from officebill.core.problems import UserError
from officebill.demo import build_demo
from officebill.office import Office
from officebill.storage import backup as backups
from officebill.storage.restore import restore_office


def _table_dump(path):
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        # sorted rather than ORDER BY rowid: FTS5's index tables have no rowid
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


@pytest.fixture
def demo(tmp_path, codes_db):
    (tmp_path / "codes.db").symlink_to(codes_db)  # the demo year makes claims: the session's code database
    office = Office.create(tmp_path / "office.db")
    build_demo(office)
    yield office
    office.close()


def test_backup_while_in_use_and_restore_round_trip(demo, tmp_path):
    # An open write transaction elsewhere does not stop the backup, and the copy holds committed data only.
    demo._db.execute("BEGIN")
    demo._db.execute("UPDATE patients SET notes = 'uncommitted' WHERE id = 1")
    made = backups.backup_to_dir(demo.path, tmp_path / "copies")
    demo._db.execute("ROLLBACK")
    assert backups.integrity_problems(made) == []
    original = _table_dump(demo.path)
    assert _table_dump(made) == original

    from dataclasses import replace
    patient = demo.patients.get(1)
    demo.patients.save(replace(patient, notes="changed after backup"))
    demo.close()

    kept = restore_office(made, tmp_path / "office.db")
    assert kept is not None and kept.exists()
    assert _table_dump(tmp_path / "office.db") == original
    assert "changed after backup" in str(_table_dump(kept)["patients"])
    with Office.create(tmp_path / "office.db") as reopened:
        assert reopened.patients.get(1).notes == ""


def test_restore_refuses_damaged_or_foreign_files(demo, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite" * 500)
    with pytest.raises(UserError, match="integrity check"):
        restore_office(junk, demo.path)
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (a)")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="not an OfficeBill office file"):
        restore_office(foreign, demo.path)
    with pytest.raises(UserError, match="does not exist"):
        restore_office(tmp_path / "missing.db", demo.path)
    newer = backups.backup_to_dir(demo.path, tmp_path / "copies")
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="newer OfficeBill"):
        restore_office(newer, demo.path)
    assert demo.patients.find(limit=1)  # the office file was not touched


def test_auto_backup_keeps_the_newest(demo):
    demo.setup.save_setting("backups_kept", 2)
    made = [demo.backups.make_automatic() for _ in range(4)]
    left = sorted(made[0].parent.glob("office-*-auto.db"))
    assert left == made[-2:]


def test_integrity_check_reports_damage(demo, tmp_path):
    assert demo.backups.integrity_problems() == []
    copy = backups.backup_to_dir(demo.path, tmp_path / "copies")
    conn = sqlite3.connect(copy)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'service_lines'").fetchone()[0]
    conn.close()
    data = bytearray(copy.read_bytes())
    start = (root - 1) * page_size
    data[start + 8: start + 200] = b"\xff" * 192  # scribble over the table's cell pointers
    copy.write_bytes(bytes(data))
    assert backups.integrity_problems(copy)


def test_backups_are_listed_newest_first_with_kind_time_and_size(tmp_path):
    from datetime import datetime

    folder = tmp_path / "backups"
    folder.mkdir()
    names = {
        "office-20250101-090000-000001-auto.db": ("auto", ""),
        "office-20250102-090000-000000-backup.db": ("manual", ""),
        "office-20250103-090000-500000-before-migration-v3.db": ("before-migration", "v3"),
        "office-20250104-090000-000000-replaced-by-restore.db": ("replaced-by-restore", ""),
    }
    for number, name in enumerate(names, start=1):
        (folder / name).write_bytes(b"x" * number * 10)
    for stray in ("other-20250105-090000-000000-auto.db", "office-notes.db", "office-20250106-090000-auto.db.partial",
                  "office-copy-20250107-090000-000000-auto.db"):
        (folder / stray).write_bytes(b"y")
    listed = backups.list_backups(folder, "office")
    assert [b.path.name for b in listed] == list(reversed(names))
    assert [(b.kind, b.detail) for b in listed] == list(reversed(names.values()))
    assert listed[1].made == datetime(2025, 1, 3, 9, 0, 0, 500000)
    assert [b.size for b in listed] == [40, 30, 20, 10]
    assert [b.path.name for b in backups.list_backups(folder, "office-copy")] == [
        "office-copy-20250107-090000-000000-auto.db"]
    assert backups.list_backups(tmp_path / "missing", "office") == []


def test_the_office_lists_its_backups_and_says_which_can_be_restored(demo, tmp_path):
    from officebill.office import backup_problems, restore_backup

    auto = demo.backups.make_automatic()
    manual = demo.backups.make()
    assert [b.path for b in demo.backups.list()] == [manual, auto]
    assert demo.backups.folder == auto.parent
    assert backup_problems(manual) == []
    assert "does not exist" in backup_problems(tmp_path / "nowhere.db")[0]
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"junk" * 300)
    assert backup_problems(junk)
    demo.backups.set_kept(0)
    assert demo.backups.kept() == 1
    with pytest.raises(UserError):
        restore_backup(junk, demo.path)
