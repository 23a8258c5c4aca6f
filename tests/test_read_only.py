"""An office file whose rows are damaged opens read-only: reading works, every write is refused with advice."""
import sqlite3

import pytest

from officebill.core.problems import UserError
from officebill.demo import PRACTICE
from officebill.office import Office, ReadOnlyOffice


def test_an_office_with_damaged_rows_opens_read_only_and_refuses_writes(tmp_path):
    path = tmp_path / "office.db"
    with Office.create(path) as office:
        office.setup.save_practice(PRACTICE)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO settings (key, value) VALUES ('damaged', '{not json')")
    conn.commit()
    conn.close()
    with Office.open(path) as office:
        problems = office.backups.content_problems()
        assert problems and any("settings" in p for p in problems)
        office.open_read_only(problems)
        with pytest.raises(ReadOnlyOffice, match="read-only") as refused:
            office.setup.save_practice(PRACTICE)
        assert isinstance(refused.value, UserError) and "Restore a backup" in str(refused.value)
        assert office.setup.practice().name == PRACTICE.name  # reading still works


def test_checking_unchanged_claims_works_on_a_read_only_office(demo_office):
    from .conftest import DEMO_TODAY, DEMO_UNBILLED

    demo_office.claims.make(today=DEMO_TODAY)
    demo_office.claims.check(today=DEMO_TODAY)
    demo_office.open_read_only(["settings row 1: damaged"])
    findings = demo_office.claims.check(today=DEMO_TODAY)  # reads only: nothing to write
    assert len(findings.value) == DEMO_UNBILLED and not findings.changes


def test_a_big_office_is_read_whole_only_when_asked(demo_office, monkeypatch):
    from officebill.office import backup_service

    damaged = sqlite3.connect(demo_office.path)
    damaged.execute("INSERT INTO settings (key, value) VALUES ('damaged', '{not json')")
    damaged.commit()
    damaged.close()
    assert demo_office.backups.problems_at_open()  # a small file: read whole at every open
    monkeypatch.setattr(backup_service, "OPEN_CHECK_MAX_BYTES", 1000)
    assert demo_office.backups.problems_at_open() == []  # too big to read at every open
    assert demo_office.backups.content_problems()  # ... but File > Check office file still finds it
