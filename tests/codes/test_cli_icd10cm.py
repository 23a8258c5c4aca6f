"""officebill-cli codes import-icd10cm FILE ... and codes releases, on the small cut of the bundled release."""
from __future__ import annotations

import json

from officebill.cli import main
from officebill.paths import codes_path

from .icd_release_files import changed, write_release


def test_import_a_release_and_list_the_releases(tmp_path, capsys, small_icd_release):
    office = str(tmp_path / "office.db")
    files = write_release(changed(small_icd_release, delete=("R071",)), tmp_path / "cms", zipped=True)
    assert main(["--db", office, "codes", "import-icd10cm", *map(str, files)]) == 0
    out = capsys.readouterr().out
    assert "imported the ICD-10-CM release of October 1, 2026 (FY2027)" in out and "since the April 1, 2026 release 0 added, 1 deleted" in out
    assert main(["--db", office, "codes", "releases", "--json"]) == 0
    held = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["effective"], r["ends"]) for r in held] == [
        ("April 1, 2025", "2025-04-01", "2025-09-30"), ("April 1, 2026", "2026-04-01", "2026-09-30"),
        ("October 1, 2026", "2026-10-01", "2027-09-30")]
    assert main(["--db", office, "codes", "releases"]) == 0
    assert capsys.readouterr().out.splitlines()[2].startswith("October 1, 2026")


def test_a_refused_release_says_why_and_changes_nothing(tmp_path, capsys, small_icd_release):
    office = str(tmp_path / "office.db")
    assert main(["--db", office, "codes", "build"]) == 0
    before = codes_path(tmp_path / "office.db").read_bytes()
    order, _ = write_release(small_icd_release, tmp_path / "cms", fy=2027)
    capsys.readouterr()
    assert main(["--db", office, "codes", "import-icd10cm", str(order)]) == 1
    assert "import the tabular XML zip of the same release" in capsys.readouterr().err
    assert codes_path(tmp_path / "office.db").read_bytes() == before
