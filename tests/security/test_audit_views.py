"""The audit names the person: `set_audit_user` changes who this connection's rows name, views are recorded."""
from dataclasses import replace

import pytest

from officebill.core.problems import ValidationFailed
from officebill.office import Office
from officebill.storage.audit import set_audit_user


def _newest(office, n=1):
    return office.audit.entries(limit=n)


def test_changes_name_the_user_set_on_the_connection(demo_office):
    patient = demo_office.patients.find("", limit=1)[0]
    set_audit_user(demo_office._db, "maria")
    demo_office.patients.save(replace(patient, phone="(555) 201-4477"))
    row = _newest(demo_office)[0]
    assert (row.who, row.table, row.row_id, row.action) == ("maria", "patients", patient.id, "update")
    set_audit_user(demo_office._db, "tom")
    demo_office.audit.record_view("patient", patient.id)
    assert _newest(demo_office)[0].who == "tom"


def test_opening_a_record_or_ledger_writes_a_sealed_view_row(demo_office):
    patient = demo_office.patients.find("", limit=1)[0]
    set_audit_user(demo_office._db, "maria")
    demo_office.audit.record_view("patient", patient.id)
    demo_office.audit.record_view("ledger", patient.id)
    ledger, record = _newest(demo_office, 2)
    assert (record.who, record.table, record.row_id, record.action) == ("maria", "patients", patient.id, "view")
    assert (ledger.who, ledger.table, ledger.row_id, ledger.action) == ("maria", "ledger", patient.id, "view")
    assert record.at and ledger.at
    assert demo_office.audit.verify_chain().ok


def test_a_view_of_something_else_is_refused_and_writes_nothing(demo_office):
    before = _newest(demo_office)[0].id
    with pytest.raises(ValidationFailed):
        demo_office.audit.record_view("visit", 1)
    assert _newest(demo_office)[0].id == before


def test_the_user_given_at_open_is_recorded(tmp_path):
    with Office.create(tmp_path / "office.db", who="front1") as office:
        office.setup.save_setting("backups_kept", 5)
        assert office.audit.entries(limit=1)[0].who == "front1"
