"""content_problems / check_backup: a backup is refused, with the reason, unless every row can be read."""
import sqlite3

import pytest

from officebill.core.problems import UserError
from officebill.storage import backup as backups
from officebill.storage.content import content_problems

from .small_office import make_office


@pytest.fixture
def copy(tmp_path):
    office = make_office(tmp_path / "office.db")
    return backups.backup_to_dir(office, tmp_path / "copies")


def _damage(path, *sql):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_a_sound_backup_has_no_problems(copy):
    assert content_problems(copy) == []
    assert backups.check_backup(copy) > 0


@pytest.mark.parametrize("sql, reason", [
    (["UPDATE patients SET dob = '1980-13-45'"], "patients row 1: dob is not a date"),
    (["UPDATE service_lines SET from_date = 'yesterday'"], "service_lines row 1: from_date is not a date"),
    (["UPDATE settings SET value = '{not json' WHERE key = 'marker'"], "settings row"),
    (["UPDATE service_lines SET charge_cents = '$125'"], "charge_cents should be an amount"),
    (["UPDATE policies SET copay_cents = 20.5"], "copay_cents should be an amount"),
    (["UPDATE patients SET last_name = CAST(x'ff' AS TEXT)"], "patients"),
    (["UPDATE visits SET status = 'exploded'"], "visits row 1 cannot be read"),
    (["UPDATE visits SET patient_id = 999"], "visits row 1 points at a missing patients row"),
    (["DROP TABLE claim_status_history"], "the claim_status_history table is missing"),
    (["INSERT INTO audit (who, tbl, action, before) VALUES ('x', 'y', 'z', '[1,')"], "audit row"),
])
def test_damaged_rows_are_named(copy, sql, reason):
    _damage(copy, *sql)
    problems = content_problems(copy)
    assert problems and any(reason in p for p in problems), problems
    with pytest.raises(UserError, match="cannot be restored"):
        backups.check_backup(copy)


def test_a_file_with_only_a_practice_table_is_refused(tmp_path):
    path = tmp_path / "practice.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE practice (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    problems = content_problems(path)
    assert any("table is missing" in p for p in problems), problems
    with pytest.raises(UserError, match="table is missing"):
        backups.check_backup(path)


def test_scribbled_pages_fail_the_integrity_check(copy):
    conn = sqlite3.connect(copy)
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'service_lines'").fetchone()[0]
    conn.close()
    data = bytearray(copy.read_bytes())
    data[(root - 1) * page + 8:(root - 1) * page + 200] = b"\xff" * 192
    copy.write_bytes(bytes(data))
    assert any("integrity" in p or "malformed" in p for p in content_problems(copy))
