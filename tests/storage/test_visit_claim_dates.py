"""Visit boxes 10d, 15, 16 and 18: saved and read back, refused with named problems, and added to
files written before migration 0003."""
import sqlite3
from dataclasses import replace
from datetime import date, timedelta

import pytest

from officebill.core.problems import ValidationFailed
from officebill.demo import build_demo
from officebill.office import Office
from officebill.storage import migrations

from .older_files import office_file_at

TODAY = date(2026, 11, 27)


@pytest.fixture
def office(tmp_path, codes_db):
    (tmp_path / "codes.db").symlink_to(codes_db)  # the demo year makes claims: the session's code database
    with Office.create(tmp_path / "office.db") as opened:
        build_demo(opened, today=TODAY)
        yield opened


def _fields(excinfo):
    return {p.field for p in excinfo.value.problems}


def test_claim_dates_round_trip(office):
    visit = office.visits.for_patient(1)[0]
    dos = visit.service_date
    entered = replace(visit, pos="21", claim_codes="W2", other_date=dos - timedelta(days=5),
                      other_date_qualifier="090", unable_to_work_from=dos - timedelta(days=4),
                      unable_to_work_to=TODAY + timedelta(days=10), hospitalized_from=dos - timedelta(days=2),
                      hospitalized_to=None)
    office.visits.save(entered, TODAY)
    again = office.visits.get(visit.id)
    assert again == replace(entered, lines=again.lines)
    assert (again.claim_codes, again.other_date_qualifier, again.hospitalized_to) == ("W2", "090", None)
    row = office._db.execute(
        "SELECT other_date, hospitalized_from, hospitalized_to FROM visits WHERE id = ?", [visit.id]).fetchone()
    assert row == ((dos - timedelta(days=5)).isoformat(), (dos - timedelta(days=2)).isoformat(), None)
    cleared = replace(again, claim_codes="", other_date=None, other_date_qualifier="", unable_to_work_from=None,
                      unable_to_work_to=None, hospitalized_from=None)
    office.visits.save(cleared, TODAY)
    assert office.visits.get(visit.id) == cleared


def test_claim_date_problems_name_their_fields(office):
    visit = office.visits.for_patient(1)[0]
    dos = visit.service_date
    broken = replace(visit, claim_codes="W2-W3, TOO LONG FOR BOX", other_date=TODAY + timedelta(days=1),
                     other_date_qualifier="", unable_to_work_from=dos, unable_to_work_to=dos - timedelta(days=1),
                     hospitalized_from=dos, hospitalized_to=dos - timedelta(days=3))
    with pytest.raises(ValidationFailed) as caught:
        office.visits.save(broken, TODAY)
    assert _fields(caught) == {"claim_codes", "other_date", "other_date_qualifier", "unable_to_work_to",
                               "hospitalized_to"}
    assert office.visits.get(visit.id) == visit
    with pytest.raises(ValidationFailed) as caught:
        office.visits.save(replace(visit, other_date=dos, other_date_qualifier="999",
                                  hospitalized_to=TODAY + timedelta(days=1)), TODAY)
    assert _fields(caught) == {"other_date_qualifier", "hospitalized_from", "hospitalized_to"}
    with pytest.raises(ValidationFailed) as caught:
        office.visits.save(replace(visit, other_date_qualifier="454", unable_to_work_to=dos), TODAY)
    assert _fields(caught) == {"other_date", "unable_to_work_from"}


def _version_two_file(path, monkeypatch):
    """An office file as the box 17 release wrote it (migrations 0001-0002), with a visit in it."""
    office_file_at(path, monkeypatch, 2, """
        INSERT INTO providers (id, last_name, first_name, npi) VALUES (1, 'Okafor', 'Ada', '1234567893');
        INSERT INTO patients (id, account, last_name, first_name, dob, sex) VALUES (1, 'A1001', 'Lee', 'Kim', '1980-01-02', 'F');
        INSERT INTO visits (id, patient_id, service_date, provider_id, pos, referring_name, referring_npi,
                            referring_qualifier)
            VALUES (1, 1, '2026-11-02', 1, '21', 'Dana Whitfield', '1598765430', 'DK');
        INSERT INTO visit_diagnoses VALUES (1, 1, 'I10');
        INSERT INTO service_lines (visit_id, line_no, from_date, to_date, code, units, charge_cents)
            VALUES (1, 1, '2026-11-02', '2026-11-02', '99223', 1, 32500);
    """)
    conn = sqlite3.connect(path)
    assert "hospitalized_from" not in [r[1] for r in conn.execute("PRAGMA table_info(visits)")]
    conn.close()


def test_upgrade_from_schema_two_adds_the_claim_dates(tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    _version_two_file(path, monkeypatch)
    with Office.open(path) as office:
        assert office._db.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION >= 3
        visit = office.visits.get(1)
        assert (visit.referring_qualifier, visit.pos, visit.lines[0].charge.cents) == ("DK", "21", 32500)
        assert (visit.claim_codes, visit.other_date, visit.other_date_qualifier) == ("", None, "")
        assert (visit.unable_to_work_from, visit.unable_to_work_to) == (None, None)
        assert (visit.hospitalized_from, visit.hospitalized_to) == (None, None)
        office.visits.save(replace(visit, hospitalized_from=date(2026, 11, 1)), TODAY)
        assert office.visits.get(1).hospitalized_from == date(2026, 11, 1)
        names = [r[0] for r in office._db.execute("SELECT name FROM migrations ORDER BY name")]
        assert names == [name for name, _ in migrations.MIGRATIONS]
    made = list((tmp_path / "backups").glob("office-*-before-migration-v2.db"))
    assert len(made) == 1
    old = sqlite3.connect(made[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 2
    old.close()


def test_migration_0003_follows_the_first_two():
    names = [name for name, _ in migrations.MIGRATIONS]
    assert names[:3] == ["0001_initial_schema", "0002_referring_qualifier", "0003_visit_claim_dates"]
