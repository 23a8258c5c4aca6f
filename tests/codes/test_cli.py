"""officebill-cli codes ...: build, search, show, import-hcpcs through officebill.cli.main."""
from __future__ import annotations

import json
import shutil

import pytest

from officebill.cli import main
from officebill.office import Office
from officebill.paths import codes_path

from .conftest import FIXTURES


@pytest.fixture
def office_db(built_db, tmp_path):
    """An office path whose codes.db is a copy of the session build."""
    office = tmp_path / "office.db"
    shutil.copy(built_db, codes_path(office))
    Office.create(office).close()
    return office


def run_json(capsys, *argv):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_search_json_best_first(office_db, capsys):
    hits = run_json(capsys, "--db", str(office_db), "codes", "search", "chest pain", "--system", "icd10cm",
                    "--limit", "3", "--json")
    assert hits[0]["code"] == "R07.9" and hits[0]["billable"] is True and len(hits) == 3
    assert {"code", "description", "billable"} <= set(hits[0])


def test_search_text_output(office_db, capsys):
    assert main(["--db", str(office_db), "codes", "search", "E11", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("E11 ") and "[header]" in out


def test_show_json_with_notes(office_db, capsys):
    data = run_json(capsys, "--db", str(office_db), "codes", "show", "e119", "--json")
    assert data["code"] == "E11.9" and data["billable"] is True
    assert any(n["source"] == "E11" for n in data["notes"])
    fracture = run_json(capsys, "--db", str(office_db), "codes", "show", "S52.501", "--json")
    assert fracture["billable"] is False and fracture["seventh_characters"][0]["code"] == "S52.501A"


def test_show_unknown_code_fails(office_db, capsys):
    assert main(["--db", str(office_db), "codes", "show", "Q99.999"]) != 0
    assert "not an ICD-10-CM code" in capsys.readouterr().err


def test_import_and_search_hcpcs(office_db, capsys):
    assert main(["--db", str(office_db), "codes", "import-hcpcs", "--partial",
                 str(FIXTURES / "hcpcs_sample.txt")]) == 0
    assert "imported 12 HCPCS codes" in capsys.readouterr().err
    hits = run_json(capsys, "--db", str(office_db), "codes", "search", "crutch", "--system", "hcpcs", "--json")
    assert hits[0]["code"] == "E0114"


def test_import_bad_file_fails_cleanly(office_db, tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("not a hcpcs file\n")
    assert main(["--db", str(office_db), "codes", "import-hcpcs", str(bad)]) == 1
    assert "line 1" in capsys.readouterr().err


def test_build_prints_progress(tmp_path, capsys, small_icd_release):
    assert main(["--db", str(tmp_path / "office.db"), "codes", "build"]) == 0
    assert "code database ready" in capsys.readouterr().err
    assert codes_path(tmp_path / "office.db").exists()


def test_procedure_search_through_office(office_db, capsys):
    """`--system procedure` searches through the office: its own list first, then the HCPCS codes."""
    hits = run_json(capsys, "--db", str(office_db), "codes", "search", "syringe", "--system", "procedure", "--json")
    assert [(h["code"], h["system"], h["source"]) for h in hits] == [("A4206", "hcpcs", "codes")]
    assert hits[0]["description"] == "Syringe with needle, sterile, 1 cc or less, each" and hits[0]["billable"]

    from officebill.core.money import Money
    from officebill.core.records import Procedure

    with Office.open(office_db) as office:
        office.procedures.save(Procedure(code="99070", label="Syringe kit, office supply", charge=Money(1200)))
    hits = run_json(capsys, "--db", str(office_db), "codes", "search", "syringe", "--system", "procedure", "--json")
    assert [h["code"] for h in hits] == ["99070", "A4206"]  # the office's list first
    assert hits[0]["source"] != "codes" and hits[0]["description"] == "Syringe kit, office supply"
