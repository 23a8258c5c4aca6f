"""officebill-cli codes import-ncci / import-mue / edits through officebill.cli.main."""
from __future__ import annotations

import json
import shutil

import pytest

from officebill.cli import main
from officebill.office import Office
from officebill.paths import codes_path

from .ncci_files import EDITS, MUES, mue_text, mue_zip, ptp_parts


@pytest.fixture
def office_db(small_db, tmp_path):
    office = tmp_path / "office.db"
    shutil.copy(small_db, codes_path(office))
    Office.create(office).close()
    return office


def test_import_and_list(office_db, tmp_path, capsys):
    db = ["--db", str(office_db), "codes"]
    assert main([*db, "edits"]) == 0
    out = capsys.readouterr()
    assert "PTP edits: none loaded" in out.out and "import-ncci" in out.err
    assert main([*db, "import-ncci", *map(str, ptp_parts(tmp_path / "ptp"))]) == 0
    assert f"imported {len(EDITS)} NCCI PTP edits (ccipra-v322r0 (4 parts))" in capsys.readouterr().err
    assert main([*db, "import-mue", str(mue_zip(tmp_path))]) == 0
    undated = tmp_path / "mue.csv"
    undated.write_text(mue_text(MUES[:2]))
    assert main([*db, "import-mue", str(undated), "--effective", "2026-04-01"]) == 0
    assert "in force from 2026-04-01" in capsys.readouterr().err
    assert main([*db, "edits", "--json"]) == 0
    held = json.loads(capsys.readouterr().out)
    assert held["ptp"]["edits"] == len(EDITS) and held["ptp"]["release"] == "ccipra-v322r0 (4 parts)"
    assert [(m["effective"], m["codes"]) for m in held["mue"]] == [("2026-01-01", len(MUES)), ("2026-04-01", 2)]
    assert main([*db, "edits"]) == 0
    out = capsys.readouterr().out
    assert "PTP edits: ccipra-v322r0 (4 parts) (2026 Q3), 5 edits, the newest effective 2015-01-01" in out
    assert "MUE table in force from 2026-04-01: 2 codes" in out


def test_refusals_exit_1_with_the_reason(office_db, tmp_path, capsys):
    db = ["--db", str(office_db), "codes"]
    assert main([*db, "import-ncci", str(ptp_parts(tmp_path)[0])]) == 1
    assert "four parts" in capsys.readouterr().err
    undated = tmp_path / "mue.csv"
    undated.write_text(mue_text())
    assert main([*db, "import-mue", str(undated)]) == 1
    assert "--effective" in capsys.readouterr().err
    assert main([*db, "import-mue", str(undated), "--effective", "April"]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err
