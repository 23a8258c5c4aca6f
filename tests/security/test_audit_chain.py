"""The audit trail's hash chain shows an edited, removed or inserted row, as a tamperer with sqlite3 would leave it."""
import sqlite3

import pytest

from officebill.storage.database import open_office_db
from tests.storage.older_files import office_file_at


def _tamper(office, *statements):
    """Run `statements` with plain sqlite3 on the open office's file, as another program would."""
    conn = sqlite3.connect(office.path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _middle_row(office) -> int:
    count = office.audit.verify_chain().rows
    assert count > 100
    return count // 2


def test_an_untouched_office_verifies(demo_office):
    report = demo_office.audit.verify_chain()
    assert report.ok and report.first_bad_id is None
    assert report.rows == demo_office.audit.entries(limit=1)[0].id


def test_an_edited_row_is_named(demo_office):
    row = _middle_row(demo_office)
    _tamper(demo_office, "DROP TRIGGER audit_refuses_update",
            f"UPDATE audit SET who = 'nobody' WHERE id = {row}")
    report = demo_office.audit.verify_chain()
    assert not report.ok and report.first_bad_id == row
    assert f"audit row {row} was changed" in report.message
    assert report.rows == row - 1


def test_an_edited_before_value_is_named(demo_office):
    row = demo_office.audit.entries(table="patients", limit=1)[0].id
    _tamper(demo_office, "DROP TRIGGER audit_refuses_update",
            f"UPDATE audit SET after = json_set(coalesce(after, '{{}}'), '$.x', 1) WHERE id = {row}")
    assert demo_office.audit.verify_chain().first_bad_id == row


@pytest.mark.parametrize("with_seal", [True, False])
def test_a_removed_row_is_named(demo_office, with_seal):
    row = _middle_row(demo_office)
    statements = ["DROP TRIGGER audit_refuses_delete", f"DELETE FROM audit WHERE id = {row}"]
    if with_seal:
        statements += ["DROP TRIGGER audit_chain_refuses_delete", f"DELETE FROM audit_chain WHERE audit_id = {row}"]
    _tamper(demo_office, *statements)
    report = demo_office.audit.verify_chain()
    assert not report.ok and report.first_bad_id == row
    assert f"audit row {row} was removed" in report.message


def test_removed_newest_rows_whose_seals_stay_are_named(demo_office):
    last = demo_office.audit.verify_chain().rows
    _tamper(demo_office, "DROP TRIGGER audit_refuses_delete", f"DELETE FROM audit WHERE id >= {last - 2}")
    report = demo_office.audit.verify_chain()
    assert report.first_bad_id == last - 2 and "removed" in report.message


def test_an_inserted_row_is_named_and_later_rows_still_chain(demo_office):
    last = demo_office.audit.verify_chain().rows
    _tamper(demo_office, "INSERT INTO audit (who, tbl, row_id, action) VALUES ('maria', 'patients', 1, 'view')")
    demo_office.audit.record_view("patient", 1)  # OfficeBill goes on writing after it
    report = demo_office.audit.verify_chain()
    assert not report.ok and report.first_bad_id == last + 1
    assert "added outside OfficeBill" in report.message


def test_a_changed_seal_is_named(demo_office):
    row = _middle_row(demo_office)
    _tamper(demo_office, "DROP TRIGGER audit_chain_refuses_update",
            f"UPDATE audit_chain SET hash = '{'0' * 64}' WHERE audit_id = {row}")
    report = demo_office.audit.verify_chain()
    assert report.first_bad_id == row
    assert f"the seal of audit row {row} was changed" in report.message


def test_the_message_shows_no_patient_data(demo_office):
    patient = demo_office.patients.find("", limit=1)[0]
    row = demo_office.audit.entries(table="patients", row_id=patient.id, limit=1)[0].id
    _tamper(demo_office, "DROP TRIGGER audit_refuses_update", f"UPDATE audit SET who = 'x' WHERE id = {row}")
    message = demo_office.audit.verify_chain().message
    assert patient.last_name not in message and patient.first_name not in message
    assert demo_office.audit.chain_problems() == [message]


def test_rows_written_before_the_chain_are_sealed_by_the_upgrade(tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    office_file_at(path, monkeypatch, 15, """
        INSERT INTO audit (who, tbl, row_id, action, after) VALUES ('ann', 'patients', 1, 'insert', '{"a":1}');
        INSERT INTO audit (who, tbl, row_id, action, after) VALUES ('ann', 'patients', 2, 'insert', '{"a":2}');
        INSERT INTO audit (who, tbl, row_id, action, before) VALUES ('bob', 'patients', 1, 'update', '{"a":3}');
    """)
    from officebill.storage.audit_chain import verify_chain

    db = open_office_db(path)
    try:
        assert db.execute("SELECT count(*) FROM audit_chain").fetchone()[0] == 3
        assert verify_chain(db.conn).ok
        db.conn.execute("DROP TRIGGER audit_refuses_update")
        db.conn.execute("UPDATE audit SET who = 'eve' WHERE id = 2")
        assert verify_chain(db.conn).first_bad_id == 2
    finally:
        db.close()
