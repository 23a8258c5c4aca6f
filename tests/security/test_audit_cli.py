"""officebill-cli audit list / export / verify, and the views `patient` and `ledger` record."""
import json
import stat
from dataclasses import replace

from officebill.cli import main
from officebill.storage.audit import set_audit_user


def _two_users_worked(office):
    first, second = office.patients.find("", limit=2)
    set_audit_user(office._db, "maria")
    office.patients.save(replace(first, phone="(555) 201-4477"))
    set_audit_user(office._db, "tom")
    office.audit.record_view("patient", second.id)
    return first


def test_cli_lists_exports_and_verifies(demo_office, tmp_path, capsys):
    first = _two_users_worked(demo_office)
    db = str(demo_office.path)
    assert main(["--db", db, "audit", "list", "--user", "tom", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(r["who"], r["action"]) for r in listed] == [("tom", "view")]
    out_file = tmp_path / "trail.csv"
    assert main(["--db", db, "audit", "export", str(out_file), "--account", first.account]) == 0
    assert str(out_file.resolve()) in capsys.readouterr().out
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    assert main(["--db", db, "audit", "verify"]) == 0
    assert "sealed and unchanged" in capsys.readouterr().out


def test_cli_showing_a_patient_or_ledger_records_a_view(demo_office, capsys):
    patient = demo_office.patients.find("", limit=1)[0]
    db = str(demo_office.path)
    assert main(["--db", db, "patient", patient.account]) == 0
    assert main(["--db", db, "ledger", patient.account]) == 0
    capsys.readouterr()
    views = [(r.table, r.row_id) for r in demo_office.audit.rows(limit=2)]
    assert views == [("ledger", patient.id), ("patients", patient.id)]
