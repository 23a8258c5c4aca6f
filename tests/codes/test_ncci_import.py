"""NCCI practitioner PTP and MUE imports: the CMS layouts read, checked whole, stored by date, kept over a rebuild."""
from __future__ import annotations

import contextlib
import sqlite3
import zipfile
from datetime import date

import pytest

from officebill.codes import ncci
from officebill.codes.builder import build
from officebill.codes.ncci import ProcedureEdits, em_family
from officebill.core.problems import UserError

from .ncci_files import EDITS, MUES, mue_text, mue_zip, ptp_parts, ptp_text


def _stamp(path):
    return path.read_bytes()


def test_ptp_parts_import_and_answer_by_date_of_service(small_copy, tmp_path):
    result = ncci.import_ptp(small_copy, ptp_parts(tmp_path / "ptp"))
    assert result == {"edits": len(EDITS), "release": "ccipra-v322r0 (4 parts)"}
    edits = ProcedureEdits.open(small_copy)
    assert edits.ptp_loaded and not edits.mue_loaded
    mutually = edits.ptp_edit("20611", "20610", date(2026, 3, 2))
    assert (mutually.modifier_indicator, mutually.rationale) == (1, "Mutually exclusive procedures")
    assert edits.ptp_edit("20611", "76942", date(2026, 3, 2)).modifier_indicator == 0
    assert edits.ptp_edit("20610", "20611", date(2026, 3, 2)) is None  # column order matters
    assert edits.ptp_edit("20611", "20610", date(2014, 12, 31)) is None  # before the edit took effect
    assert edits.ptp_edit("11042", "97597", date(2018, 12, 31)).modifier_indicator == 1  # its last day
    assert edits.ptp_edit("11042", "97597", date(2019, 1, 1)) is None  # deleted
    assert edits.ptp_edit("29881", "29880", date(2026, 3, 2)) is None  # indicator 9: no edit
    assert ncci.summary(small_copy)["ptp"]["edits"] == len(EDITS)


def test_plain_text_parts_import_too(small_copy, tmp_path):
    assert ncci.import_ptp(small_copy, ptp_parts(tmp_path, zipped=False))["edits"] == len(EDITS)


@pytest.mark.parametrize("problem, files, says", [
    ("one part of four", lambda d: ptp_parts(d)[:1], "four parts"),
    ("two quarters", lambda d: ptp_parts(d / "a")[:2] + ptp_parts(d / "b", version="321")[2:], "different quarters"),
    ("hospital edits", lambda d: [_write(d / "ccioph-v322r0-f1.txt", ptp_text())], "outpatient hospital"),
    ("an MUE table", lambda d: [_write(d / "x.txt", mue_text())], "not an NCCI PTP file"),
    ("a broken line", lambda d: [_write(d / "e.txt", ptp_text() + "20611\t20610\t\t2015XX01\t*\t1\tx\n")], "line 12"),
    ("a bad indicator", lambda d: [_write(d / "e.txt", ptp_text() + "20611\t20610\t\t20150101\t*\t2\tx\n")],
     "modifier indicator"),
    ("an impossible date", lambda d: [_write(d / "e.txt", ptp_text() + "20611\t20610\t\t20150231\t*\t1\tx\n")],
     "not a date"),
    ("an Excel file", lambda d: [_write(d / "e.xlsx", "PK")], "Excel"),
    ("a zip without text", lambda d: [_zip(d / "e.zip", {"a.pdf": "x"})], "no .txt"),
])
def test_bad_ptp_files_change_nothing(small_copy, tmp_path, problem, files, says):
    ncci.import_ptp(small_copy, ptp_parts(tmp_path / "good", edits=EDITS[:4]))
    before = _stamp(small_copy)
    with pytest.raises(UserError, match=says):
        ncci.import_ptp(small_copy, files(tmp_path))
    assert _stamp(small_copy) == before, problem
    assert ncci.summary(small_copy)["ptp"]["edits"] == 4


def test_mue_import_by_quarter(small_copy, tmp_path):
    result = ncci.import_mue(small_copy, [mue_zip(tmp_path)])
    assert (result["codes"], result["effective"]) == (len(MUES), "2026-01-01")
    newer = [("20610", 1, 2, "Anatomic Consideration")]
    ncci.import_mue(small_copy, [_write(tmp_path / "MCR_MUE_PractitionerServices_Eff_2026-04-01.csv",
                                        mue_text(newer))])
    edits = ProcedureEdits.open(small_copy)
    assert edits.mue_loaded and not edits.ptp_loaded
    assert (edits.mue("20610", date(2026, 3, 31)).value, edits.mue("20610", date(2026, 4, 1)).value) == (2, 1)
    limit = edits.mue("96372", date(2026, 2, 2))
    assert (limit.value, limit.mai, limit.rationale) == (4, 3, "Clinical: Data")
    assert edits.mue("96372", date(2026, 4, 2)) is None  # the April table has no MUE for it
    assert edits.mue("20610", date(2025, 12, 31)) is None  # older than every table held
    assert [q["effective"] for q in ncci.summary(small_copy)["mue"]] == ["2026-01-01", "2026-04-01"]


def test_mue_preamble_lines_are_not_taken_for_the_header(small_copy, tmp_path):
    text = '"HCPCS codes, descriptions and MUE values are updated quarterly."\n' + mue_text()
    path = _write(tmp_path / "MCR_MUE_PractitionerServices_Eff_01-01-2026.csv", text)
    assert ncci.import_mue(small_copy, [path])["codes"] == len(MUES)


def test_mue_needs_its_quarter(small_copy, tmp_path):
    undated = _write(tmp_path / "mue.csv", mue_text())
    with pytest.raises(UserError, match="--effective"):
        ncci.import_mue(small_copy, [undated])
    assert ncci.import_mue(small_copy, [undated], effective=date(2026, 7, 1))["effective"] == "2026-07-01"


@pytest.mark.parametrize("text, says", [
    (mue_text().replace("Practitioner Services", "Outpatient Hospital Services"), "outpatient hospital"),
    (mue_text() + '20611,two,"1 Line Edit","x"\n', "line 9"),
    (mue_text() + '20611,2,"4 Something","x"\n', "line 9"),
    (ptp_text(), "not an NCCI MUE table"),
])
def test_bad_mue_files_change_nothing(small_copy, tmp_path, text, says):
    before = _stamp(small_copy)
    with pytest.raises(UserError, match=says):
        ncci.import_mue(small_copy, [_write(tmp_path / "MCR_MUE_PractitionerServices_Eff_01-01-2026.csv", text)])
    assert _stamp(small_copy) == before


def test_edits_survive_a_rebuild(small_icd_release, tmp_path):
    path = tmp_path / "codes.db"
    build(path)
    ncci.import_ptp(path, ptp_parts(tmp_path / "ptp"))
    ncci.import_mue(path, [mue_zip(tmp_path)])
    build(path)  # a new builder version or `codes build` rebuilds from the shipped release
    held = ncci.summary(path)
    assert held["ptp"] == {"release": "ccipra-v322r0 (4 parts)", "quarter": "2026 Q3", "edits": len(EDITS),
                           "latest_effective": "2015-01-01", "imported": date.today().isoformat()}
    assert [q["codes"] for q in held["mue"]] == [len(MUES)]
    assert ProcedureEdits.open(path).ptp_edit("96372", "99211", date(2026, 1, 5)).modifier_indicator == 1


def test_a_swapped_file_makes_the_answers_stale(small_copy, tmp_path):
    edits = ProcedureEdits.open(small_copy)
    assert not edits.stale()
    ncci.import_ptp(small_copy, ptp_parts(tmp_path))
    assert edits.stale() and ProcedureEdits.open(small_copy).ptp_loaded


def test_modifiers_known_unknown_and_unjudged(small_copy):
    edits = ProcedureEdits.open(small_copy)  # the fixture HCPCS file (Level II modifiers GA, TC, ZX) as an update
    assert edits.modifier_exists("25") and edits.modifier_exists("33") and edits.modifier_exists("TC")
    assert edits.modifier_exists("88") is False  # two digits: Level I only, and no such CPT modifier
    assert edits.modifier_exists("RT") is None  # an update file lacks most modifiers: letters are not judged
    with contextlib.closing(sqlite3.connect(small_copy)) as conn, conn:  # as after importing a whole release
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('hcpcs_base_release', 'HCPC2026_JAN_ANWEB.txt')")
    whole = ProcedureEdits.open(small_copy)
    assert whole.modifier_exists("GA") and whole.modifier_exists("RT") is False


def test_letter_modifiers_are_not_judged_without_the_hcpcs_file(codes_db):
    edits = ProcedureEdits.open(codes_db)  # built from the shipped releases only
    assert edits.modifier_exists("RT") is None and edits.modifier_exists("XU") is None
    assert edits.modifier_exists("59") is True and edits.modifier_exists("98") is False


@pytest.mark.parametrize("code, family", [
    ("99213", "visit"), ("99202", "visit"), ("99232", "visit"), ("99284", "visit"), ("99396", "preventive"),
    ("G0439", "preventive"), ("99417", "other"), ("99406", "other"), ("92014", "other"), ("99000", None),
    ("96372", None), ("99201", None), ("J1885", None), ("", None),
])
def test_em_families(code, family):
    assert em_family(code) == family


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _zip(path, members):
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path
