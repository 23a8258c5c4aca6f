"""The facade's code service: a damaged code database is a message saying how to rebuild it, not a traceback."""
import shutil

import pytest

from officebill.core.problems import UserError
from officebill.office import CodeDatabaseError, CodeService


def test_a_damaged_code_database_says_how_to_rebuild_it(codes_db, tmp_path):
    path = tmp_path / "codes.db"
    shutil.copy(codes_db, path)
    with CodeService(path) as codes:
        assert codes.hit("E11.9").billable  # sound: answers
    data = bytearray(path.read_bytes())
    for offset in range(8192, len(data), 4096):  # scribble over every page after the first two
        data[offset:offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    with CodeService(path) as codes, pytest.raises(CodeDatabaseError, match="codes build") as caught:
        for text in ("diabetes", "E11.9", "chest pain"):
            codes.search(text)
            codes.hit(text)
    assert isinstance(caught.value, UserError)


def test_new_or_established_follows_the_practice_three_years_back(demo_office):
    from datetime import timedelta

    from officebill.codes.procedure_terms import established_since

    procedures = demo_office.procedures
    patient = demo_office.patients.find(limit=1)[0]
    days = sorted(v.service_date for v in demo_office.visits.for_patient(patient.id))
    first, last = days[0], days[-1]
    assert procedures.patient_kind(patient.id, first) == "new"  # that visit itself does not count
    assert procedures.patient_kind(patient.id, first + timedelta(days=1)) == "established"
    three_years_on = last.replace(year=last.year + 3)
    assert established_since(three_years_on) == last
    assert procedures.patient_kind(patient.id, three_years_on) == "established"
    assert procedures.patient_kind(patient.id, three_years_on + timedelta(days=1)) == "new"
    assert procedures.patient_kind(None) is None


def test_the_seen_question_is_one_indexed_look_up(demo_office):
    from datetime import date

    stores = demo_office.bulk_stores()
    conn = stores.visits.db.conn
    asked: list[str] = []
    conn.set_trace_callback(asked.append)
    try:
        demo_office.procedures.patient_kind(1, date(2025, 10, 1))
    finally:
        conn.set_trace_callback(None)
    assert len(asked) == 1
    plan = conn.execute("EXPLAIN QUERY PLAN " + asked[0]).fetchall()
    assert "USING COVERING INDEX visits_patient" in " ".join(row[-1] for row in plan)
