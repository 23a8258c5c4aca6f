"""Opening the office file: permissions, pragmas, migrations, version guard, atomicity, audit."""
import sqlite3
import stat

import pytest

from officebill.core.problems import ValidationFailed
from officebill.core.records import Provider
from officebill.office import Office
from officebill.storage import migrations
from officebill.storage.database import NewerFileError, OfficeFileError, open_office_db

from .older_files import office_file_at


def test_fresh_file_is_owner_only_wal_and_current(tmp_path):
    path = tmp_path / "office.db"
    db = open_office_db(path, create=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert db.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    names = [r[0] for r in db.execute("SELECT name FROM migrations")]
    assert names == [name for name, _ in migrations.MIGRATIONS]
    db.close()


def test_newer_file_refused_and_untouched(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    conn.execute("CREATE TABLE renamed_practice (a)")  # a newer release may reshape its tables
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerFileError, match="newer version of OfficeBill"):
        Office.open(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "future.db-wal").exists()


def test_damaged_file_refused(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(OfficeFileError, match="Restore a backup"):
        Office.open(path)


def test_unwritable_file_refused(tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    Office.create(path).close()
    # Root can write any file, so stand in for a read-only file by making access() say so.
    monkeypatch.setattr("officebill.storage.file_checks.os.access", lambda p, mode: False)
    with pytest.raises(OfficeFileError, match="cannot be written"):
        Office.open(path)


def _version_one_file(path, monkeypatch):
    """An office file as the first release wrote it (only migration 0001), with a visit in it."""
    office_file_at(path, monkeypatch, 1, """
        INSERT INTO providers (id, last_name, first_name, npi) VALUES (1, 'Okafor', 'Ada', '1234567893');
        INSERT INTO patients (id, account, last_name, first_name, dob, sex) VALUES (1, 'A1001', 'Lee', 'Kim', '1980-01-02', 'F');
        INSERT INTO visits (id, patient_id, service_date, provider_id, pos, referring_name, referring_npi)
            VALUES (1, 1, '2026-11-02', 1, '11', 'Dana Whitfield', '1598765430');
        INSERT INTO visit_diagnoses VALUES (1, 1, 'I10');
        INSERT INTO service_lines (visit_id, line_no, from_date, to_date, code, units, charge_cents)
            VALUES (1, 1, '2026-11-02', '2026-11-02', '99213', 1, 12500);
    """)


def test_upgrade_from_the_first_release_keeps_data_and_backs_up_first(tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    _version_one_file(path, monkeypatch)
    with Office.open(path) as office:
        assert office._db.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        visit = office.visits.get(1)
        assert visit.referring_name == "Dana Whitfield" and visit.referring_qualifier == "DN"
        assert visit.diagnoses == ("I10",) and visit.lines[0].charge.cents == 12500
    made = list((tmp_path / "backups").glob("office-*-before-migration-v1.db"))
    assert len(made) == 1
    old = sqlite3.connect(made[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT referring_name FROM visits").fetchall() == [("Dana Whitfield",)]
    old.close()


def test_a_later_migration_runs_once_on_an_existing_file(tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    with Office.create(path) as office:
        office.setup.save_provider(Provider(last_name="Okafor", first_name="Ada", npi="1234567893"))
    extra = ("9999_provider_phone", "ALTER TABLE providers ADD COLUMN phone TEXT NOT NULL DEFAULT ''")
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, extra])
    for _ in range(2):
        db = open_office_db(path)
        assert db.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION + 1
        assert db.execute("SELECT last_name, phone FROM providers").fetchall() == [("Okafor", "")]
        db.close()
    assert len(list((tmp_path / "backups").glob("office-*-before-migration-*.db"))) == 1


def test_failed_migration_leaves_file_as_before(tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    Office.create(path).close()
    bad = ("0002_broken", "CREATE TABLE half_done (a); INSERT INTO nowhere VALUES (1)")
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, bad])
    with pytest.raises(OfficeFileError, match="no such table: nowhere"):
        open_office_db(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name='half_done'").fetchone()[0] == 0
    conn.close()


def test_failed_write_half_way_leaves_file_exactly_as_before(tmp_path, monkeypatch, codes_db):
    from officebill.demo import build_demo
    from officebill.storage.visit_store import VisitStore

    (tmp_path / "codes.db").symlink_to(codes_db)  # the demo year makes claims: the session's code database
    path = tmp_path / "office.db"
    office = Office.create(path)
    build_demo(office)
    visit = office.visits.for_patient(1)[0]

    def dump():
        return list(office._db.conn.iterdump())

    before = dump()
    real_insert = VisitStore.save

    def explode(self, v):
        real_insert(self, v)  # writes the visit, diagnoses and lines ...
        raise RuntimeError("disk pulled out")  # ... then fails before the transaction ends

    monkeypatch.setattr(VisitStore, "save", explode)
    changed = visit.__class__(**{**visit.__dict__, "diagnoses": ("I10",), "prior_auth": "X1"})
    with pytest.raises(RuntimeError):
        office.visits.save(changed)
    assert dump() == before
    office.close()


def test_validation_failure_writes_nothing(tmp_path):
    office = Office.create(tmp_path / "office.db")
    before = office._db.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(ValidationFailed) as caught:
        office.setup.save_provider(Provider(last_name="", first_name="Ada", npi="1234567890", taxonomy="bad"))
    fields = {p.field for p in caught.value.problems}
    assert fields == {"last_name", "npi", "taxonomy"}
    assert office.setup.providers() == []
    assert office._db.execute("SELECT count(*) FROM audit").fetchone()[0] == before


def test_audit_records_changes_and_cannot_be_rewritten(tmp_path):
    from dataclasses import replace

    office = Office.create(tmp_path / "office.db", who="frontdesk1")
    provider = office.setup.save_provider(Provider(last_name="Okafor", first_name="Ada", npi="1234567893")).value
    office.setup.save_provider(replace(provider, credential="MD"))
    rows = office.audit.entries("providers")
    assert [r.action for r in rows] == ["update", "insert"]
    assert rows[0].who == "frontdesk1"
    assert rows[0].before["credential"] == "" and rows[0].after["credential"] == "MD"
    with pytest.raises(sqlite3.DatabaseError, match="cannot be changed"):
        office._db.execute("UPDATE audit SET who = 'someone else'")
    with pytest.raises(sqlite3.DatabaseError, match="cannot be deleted"):
        office._db.execute("DELETE FROM audit")
    assert len(office.audit.entries("providers")) == 2
