"""The window records every opening of a patient's record or ledger, and the audit viewer filters and exports."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import stat

from officebill.storage.audit import set_audit_user


def _newest(office):
    row = office.audit.entries(limit=1)[0]
    return row.who, row.table, row.row_id, row.action


def test_opening_the_patient_editor_and_the_ledger_records_views(qtbot, demo_office):
    from officebill.gui.ledger_view import LedgerDialog
    from officebill.gui.patient_editor import PatientDialog

    patient = demo_office.patients.find("", limit=1)[0]
    set_audit_user(demo_office._db, "maria")
    editor = PatientDialog(demo_office, patient.id)
    qtbot.addWidget(editor)
    assert _newest(demo_office) == ("maria", "patients", patient.id, "view")
    ledger = LedgerDialog(demo_office, patient.id)
    qtbot.addWidget(ledger)
    assert _newest(demo_office) == ("maria", "ledger", patient.id, "view")
    before = demo_office.audit.entries(limit=1)[0].id
    new = PatientDialog(demo_office)  # a new patient: nothing to have seen
    qtbot.addWidget(new)
    assert demo_office.audit.entries(limit=1)[0].id == before


def test_the_audit_viewer_filters_by_user_and_account_and_exports(qtbot, demo_office, tmp_path):
    from officebill.gui.audit_view import AuditDialog

    first, second = demo_office.patients.find("", limit=2)
    set_audit_user(demo_office._db, "tom")
    demo_office.audit.record_view("patient", second.id)
    newest = demo_office.audit.entries(limit=1)[0].id
    dialog = AuditDialog(demo_office)
    qtbot.addWidget(dialog)
    assert demo_office.audit.entries(limit=1)[0].id == newest  # the viewer itself records nothing
    assert dialog.model.rowCount() == 200 and dialog.more_button.isEnabled()
    qtbot.keyClicks(dialog.user, "tom")
    dialog.refresh()
    assert [(e.who, e.action) for e in dialog.model.rows] == [("tom", "view")]
    assert dialog.model.data(dialog.model.index(0, 2)) == "opened"
    dialog.user.clear()
    qtbot.keyClicks(dialog.account, first.account.lower())
    dialog.refresh()
    assert dialog.model.rows and not any(e.table == "patients" and e.row_id == second.id for e in dialog.model.rows)
    dialog.account.setText("ZZZ999")
    dialog.refresh()
    assert "There is no account ZZZ999" in dialog.error.text()
    dialog.account.setText(first.account)
    saved = dialog.export_csv(tmp_path / "trail.csv")
    assert saved and stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert str(saved) in dialog.count_label.text()


def test_the_windows_check_names_a_tampered_audit_row(qtbot, demo_office, monkeypatch):
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    from officebill.gui.main_window import MainWindow

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _parent, title, text, *a: shown.append(text)))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda _parent, title, text, *a: shown.append(text)))
    conn = sqlite3.connect(demo_office.path)
    conn.execute("DROP TRIGGER audit_refuses_update")
    conn.execute("UPDATE audit SET who = 'nobody' WHERE id = 7")
    conn.commit()
    conn.close()
    window = MainWindow(demo_office, backup_on_close=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.check_finished, timeout=120_000) as checked:
        window.check_action.trigger()
    assert any("audit row 7 was changed" in problem for problem in checked.args[0])
    assert "audit row 7 was changed" in shown[-1] and "failed the check" in shown[-1]
    from officebill.gui import background

    qtbot.waitUntil(lambda: not background._running, timeout=60_000)  # the open's own check, before teardown
