"""Backups (online API, while in use), checked restores, integrity checks, pruning."""
import sqlite3

import pytest

from officebill.core.problems import UserError
from officebill.demo import build_demo
from officebill.office import Office
from officebill.storage import backup as backups


def _table_dump(path):
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
    finally:
        conn.close()


@pytest.fixture
def demo(tmp_path):
    office = Office.open(tmp_path / "office.db")
    build_demo(office)
    yield office
    office.close()


def test_backup_while_in_use_and_restore_round_trip(demo, tmp_path):
    # An open write transaction elsewhere does not stop the backup, and the copy holds committed data only.
    demo.db.execute("BEGIN")
    demo.db.execute("UPDATE patients SET notes = 'uncommitted' WHERE id = 1")
    made = backups.backup_to_dir(demo.path, tmp_path / "copies")
    demo.db.execute("ROLLBACK")
    assert backups.integrity_problems(made) == []
    original = _table_dump(demo.path)
    assert _table_dump(made) == original

    from dataclasses import replace
    patient = demo.patient(1)
    demo.save_patient(replace(patient, notes="changed after backup"))
    demo.close()

    kept = backups.restore(made, tmp_path / "office.db")
    assert kept is not None and kept.exists()
    assert _table_dump(tmp_path / "office.db") == original
    assert "changed after backup" in str(_table_dump(kept)["patients"])
    with Office.open(tmp_path / "office.db") as reopened:
        assert reopened.patient(1).notes == ""


def test_restore_refuses_damaged_or_foreign_files(demo, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite" * 500)
    with pytest.raises(UserError, match="integrity check"):
        backups.restore(junk, demo.path)
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (a)")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="not an OfficeBill office file"):
        backups.restore(foreign, demo.path)
    with pytest.raises(UserError, match="does not exist"):
        backups.restore(tmp_path / "missing.db", demo.path)
    newer = backups.backup_to_dir(demo.path, tmp_path / "copies")
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="newer OfficeBill"):
        backups.restore(newer, demo.path)
    assert demo.find_patients(limit=1)  # the office file was not touched


def test_auto_backup_keeps_the_newest(demo):
    demo.set_setting("backups_kept", 2)
    made = [demo.auto_backup() for _ in range(4)]
    left = sorted(made[0].parent.glob("office-*-auto.db"))
    assert left == made[-2:]


def test_integrity_check_reports_damage(demo, tmp_path):
    assert demo.integrity_problems() == []
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
