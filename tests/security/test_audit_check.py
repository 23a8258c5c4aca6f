"""`officebill-cli check` verifies the audit trail's hash chain and names the first bad row in plain words."""
import json
import sqlite3

from officebill.cli import main
from officebill.office import Office


def _small_office(path):
    """An office with a few audited writes and no users (so the command line needs no sign-in)."""
    with Office.create(path) as office:
        for kept in range(3, 9):
            office.backups.set_kept(kept)
    return path


def test_check_passes_an_intact_trail_and_names_a_changed_row(tmp_path, capsys):
    path = _small_office(tmp_path / "office.db")
    assert main(["--db", str(path), "check"]) == 0
    assert "the audit trail is unbroken" in capsys.readouterr().out
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_refuses_update")
    conn.execute("UPDATE audit SET who = 'somebody else' WHERE id = 3")
    conn.commit()
    conn.close()
    assert main(["--db", str(path), "check"]) == 1
    out = capsys.readouterr().out
    assert "The audit trail was tampered with: audit row 3 was changed after it was written" in out
    assert main(["--db", str(path), "check", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert not report["ok"] and any("audit row 3" in problem for problem in report["problems"])
