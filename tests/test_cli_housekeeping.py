"""`officebill-cli check` reads every row and reconciles the books, and shows the size by table;
`optimize --compact` rewrites the file through a checked swap and keeps the old one."""
import json
import sqlite3

import pytest

from officebill.cli import main


@pytest.fixture
def demo_db(tmp_path, capsys, codes_db):
    path = tmp_path / "office.db"
    (tmp_path / "codes.db").symlink_to(codes_db)
    assert main(["--db", str(path), "demo", "--today", "2026-11-27"]) == 0
    capsys.readouterr()
    return path


def test_check_reports_sizes_and_a_damaged_row(demo_db, capsys):
    assert main(["--db", str(demo_db), "check", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["problems"] == []
    assert {"claims", "visits", "audit"} <= {row["table"] for row in report["sizes"]}
    conn = sqlite3.connect(demo_db)
    conn.execute("INSERT INTO settings (key, value) VALUES ('broken', '{not json')")
    conn.commit()
    conn.close()
    assert main(["--db", str(demo_db), "check"]) == 1
    out = capsys.readouterr().out
    assert "problem" in out and "settings" in out and "size" in out


def test_optimize_compact_keeps_the_data_and_the_old_file(demo_db, capsys):
    before = main(["--db", str(demo_db), "patients", "--json"]), capsys.readouterr().out
    assert main(["--db", str(demo_db), "optimize", "--compact"]) == 0
    said = capsys.readouterr().out
    assert "is kept as" in said
    assert (main(["--db", str(demo_db), "patients", "--json"]), capsys.readouterr().out) == before
    assert main(["--db", str(demo_db), "check"]) == 0


def test_exports_and_the_alignment_page_are_written_whole_and_owner_only(demo_db, tmp_path, capsys):
    import stat

    fees, page = tmp_path / "fees.csv", tmp_path / "align.pdf"
    assert main(["--db", str(demo_db), "procedures", "export", str(fees)]) == 0
    assert main(["--db", str(demo_db), "claims", "alignment", "--out", str(page)]) == 0
    assert fees.read_text().startswith("code,") and page.read_bytes().startswith(b"%PDF")
    assert {stat.S_IMODE(p.stat().st_mode) for p in (fees, page)} == {0o600}
    assert main(["--db", str(demo_db), "procedures", "export", str(tmp_path / "nowhere" / "fees.csv")]) == 1
    assert "does not exist" in capsys.readouterr().err
