"""The newest backup anchors the audit chain: rows removed from its end, or a chain recomputed after an edit, show."""
import sqlite3

from officebill.office import Office, restore_backup
from officebill.storage.audit_chain import canonical_sql, seal


def _tamper(path, *statements):
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _last_id(office) -> int:
    return office.audit.entries(limit=1)[0].id


def test_rows_removed_from_the_end_with_their_seals_show_against_the_backup(demo_office):
    demo_office.backups.make()
    last = _last_id(demo_office)
    _tamper(demo_office.path, "DROP TRIGGER audit_refuses_delete", "DROP TRIGGER audit_chain_refuses_delete",
            f"DELETE FROM audit_chain WHERE audit_id > {last - 3}", f"DELETE FROM audit WHERE id > {last - 3}")
    report = demo_office.audit.verify_chain()
    assert not report.ok and report.first_bad_id == last - 2
    assert f"audit rows {last - 2} to {last} were removed from the end of the trail" in report.message


def test_a_chain_recomputed_after_an_edit_shows_against_the_backup(demo_office):
    demo_office.backups.make()
    last = _last_id(demo_office)
    edited = last - 10
    conn = sqlite3.connect(demo_office.path)
    for trigger in ("audit_refuses_update", "audit_chain_refuses_update"):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute(f"UPDATE audit SET who = 'nobody' WHERE id = {edited}")
    previous = conn.execute("SELECT hash FROM audit_chain WHERE audit_id = ?", [edited - 1]).fetchone()[0]
    rows = conn.execute(f"SELECT a.id, {canonical_sql('a')} FROM audit a WHERE id >= ? ORDER BY id", [edited])
    for row_id, canonical in rows.fetchall():  # a careful tamperer reseals every later row
        previous = seal(previous, canonical)
        conn.execute("UPDATE audit_chain SET hash = ? WHERE audit_id = ?", [previous, row_id])
    conn.commit()
    conn.close()
    from officebill.storage.audit_chain import verify_chain

    assert verify_chain(demo_office._db.conn).ok  # the chain alone cannot tell
    report = demo_office.audit.verify_chain()
    assert report.first_bad_id == edited and f"audit row {edited} differs from the backup" in report.message


def test_going_back_to_an_older_backup_is_no_tampering(demo_office):
    older = demo_office.backups.make()
    demo_office.backups.set_kept(7)
    demo_office.backups.make()  # holds rows the restored file will not have
    path = demo_office.path
    demo_office.close()
    restore_backup(older, path)
    with Office.open(path) as office:
        office.backups.set_kept(9)
        assert office.audit.verify_chain().ok
        office.backups.make()
        assert office.audit.verify_chain().ok


def test_the_backups_of_an_earlier_office_file_of_the_same_name_are_not_its_past(tmp_path):
    """An office deleted and started again under the same name: its predecessor's backups, still in the
    backups folder, hold a longer trail, which is no sign that rows were removed from this one."""
    path = tmp_path / "office.db"
    with Office.create(path) as first:
        for kept in (5, 6, 7):  # audited settings rows the second file will not have
            first.backups.set_kept(kept)
        first.backups.make()
    path.unlink()
    with Office.create(path) as second:
        report = second.audit.verify_chain()
        assert report.ok, report.message
