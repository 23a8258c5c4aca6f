"""The manager's audit viewer rows and CSV export: by user, by patient, by date, newest first; the CLI's audit commands."""
import csv
import json
import stat
from dataclasses import replace
from datetime import date, timedelta

import pytest

from officebill.core.problems import ValidationFailed
from officebill.storage.audit import set_audit_user


@pytest.fixture
def two_patients(demo_office):
    first, second = demo_office.patients.find("", limit=2)
    set_audit_user(demo_office._db, "maria")
    demo_office.patients.save(replace(first, phone="(555) 201-4477"))
    demo_office.audit.record_view("ledger", first.id)
    set_audit_user(demo_office._db, "tom")
    demo_office.audit.record_view("patient", second.id)
    return first, second


def test_rows_by_user_are_that_users_newest_first(demo_office, two_patients):
    first, _ = two_patients
    rows = demo_office.audit.rows(user="MARIA")
    assert [(r.table, r.action, r.row_id) for r in rows] == [("ledger", "view", first.id),
                                                             ("patients", "update", first.id)]
    assert all(r.who == "maria" for r in rows)


def test_rows_about_a_patient_cover_the_record_its_policies_visits_claims_and_views(demo_office, two_patients):
    first, second = two_patients
    rows = demo_office.audit.rows(patient_id=first.id, limit=5000)
    tables = {r.table for r in rows}
    assert {"patients", "policies", "visits", "service_lines", "ledger"} <= tables
    visits = {v.id for v in demo_office.visits.for_patient(first.id)}
    assert all(r.row_id in visits for r in rows if r.table == "visits")
    assert not any(r.table == "patients" and r.row_id == second.id for r in rows)
    assert [r.id for r in rows] == sorted((r.id for r in rows), reverse=True)


def test_rows_by_local_date_and_in_pages(demo_office, two_patients):
    today = date.today()
    assert demo_office.audit.rows(user="tom", since=today, until=today)
    assert demo_office.audit.rows(user="tom", since=today + timedelta(days=1)) == []
    assert demo_office.audit.rows(user="tom", until=today - timedelta(days=1)) == []
    page1, page2 = demo_office.audit.rows(limit=3), demo_office.audit.rows(limit=3, offset=3)
    assert [r.id for r in page1 + page2] == [r.id for r in demo_office.audit.rows(limit=6)]
    with pytest.raises(ValidationFailed):
        demo_office.audit.rows(since=today, until=today - timedelta(days=1))


def test_export_csv_writes_every_matching_row_owner_only(demo_office, two_patients, tmp_path):
    first, _ = two_patients
    path = tmp_path / "audit.csv"
    count = demo_office.audit.export_csv(path, patient_id=first.id)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert count == len(rows) == len(demo_office.audit.rows(patient_id=first.id, limit=10_000))
    changed = next(r for r in rows if r["table"] == "patients" and r["action"] == "update")
    assert changed["user"] == "maria" and "phone" in json.loads(changed["after"])
