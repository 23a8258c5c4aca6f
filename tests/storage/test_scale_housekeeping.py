"""Size by table and optimize (ANALYZE, PRAGMA optimize, VACUUM INTO then swap)."""
import sqlite3

from officebill.demo import build_demo
from officebill.office import Office
from officebill.storage.housekeeping import optimize_office, table_sizes


def test_sizes_by_table_and_a_compacting_optimize(tmp_path, codes_db):
    (tmp_path / "codes.db").symlink_to(codes_db)  # the demo year makes claims: the session's code database
    path = tmp_path / "office.db"
    with Office.create(path) as office:
        build_demo(office)
        visits = office._db.execute("SELECT count(*) FROM visits").fetchone()[0]
        sizes = dict(table_sizes(office._db.conn))
    assert sizes["claims"] >= 0 and sizes["visits"] > 0 and "audit" in sizes
    done = optimize_office(path, compact=True)
    assert done["kept"] is not None and done["kept"].exists()
    with Office.open(path) as office:
        assert office._db.execute("SELECT count(*) FROM visits").fetchone()[0] == visits
        assert office._db.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] > 0
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_optimize_is_refused_while_the_office_is_open(tmp_path, codes_db):
    import pytest

    from officebill.core.problems import UserError

    (tmp_path / "codes.db").symlink_to(codes_db)  # the demo year makes claims: the session's code database
    path = tmp_path / "office.db"
    office = Office.create(path)
    build_demo(office)
    with pytest.raises(UserError):
        optimize_office(path, compact=True)
    office.close()
    assert not (tmp_path / "office.db.compacting").exists()
