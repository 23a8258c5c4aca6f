"""The many-year demo office: built through the stores, every claim status, deterministic."""
from datetime import date

import pytest

from officebill.core.problems import UserError
from officebill.demo_years import build_years
from officebill.office import Office


def test_a_small_many_year_office_has_every_claim_status(tmp_path, codes_db):
    (tmp_path / "codes.db").symlink_to(codes_db)  # the session's code database (tests/conftest.py), not a new build
    office = Office.create(tmp_path / "office.db")
    made = build_years(office, years=1, patients=300, today=date(2026, 6, 1))
    db = office._db
    assert made["patients"] == 300 and made["visits"] == 450
    statuses = {r[0] for r in db.execute("SELECT DISTINCT status FROM claims")}
    assert statuses == {"draft", "ready", "printed", "void", "replaced"}
    assert {r[0] for r in db.execute("SELECT DISTINCT frequency FROM claims")} == {"1", "7", "8"}
    # the last day's visits wait for `claims make`
    assert office.claims.make(today=date(2026, 6, 1)).value.made
    with pytest.raises(UserError):
        build_years(office, years=1, patients=300)
    office.close()


def test_the_cli_builds_it(tmp_path, capsys):
    from officebill.cli import main

    assert main(["--db", str(tmp_path / "o.db"), "demo", "--years", "1", "--patients", "100",
                 "--today", "2026-06-01"]) == 0
    assert "100 patients, 150 visits" in capsys.readouterr().out
