"""Building codes.db: counts, billable rules, the S06 exception, versioning, atomic replace."""
from __future__ import annotations

import sqlite3

import pytest

from officebill.codes import BUILDER_VERSION, CodeIndex, builder, ensure_built


def test_billable_count_matches_release(built_db):
    with sqlite3.connect(built_db) as conn:
        count = conn.execute("SELECT count(*) FROM code WHERE system = 'icd10cm' AND billable = 1").fetchone()[0]
    assert count == 74_719


@pytest.mark.parametrize("code", ["S52.501A", "T36.0X1A", "S02.0XXA", "s020xxa", "E11.9", "I10", "I1A.0", "E1165"])
def test_billable_codes(index, code):
    assert index.is_billable(code)
    assert index.exists(code)


@pytest.mark.parametrize("code", ["S52.501", "E11", "E11.6", "S02.0", "T36.0X"])
def test_headers_exist_but_are_not_billable(index, code):
    assert index.exists(code)
    assert not index.is_billable(code)


def test_generated_code_description_is_leaf_then_extension(index):
    assert index.describe("S02.0XXA") == "Fracture of vault of skull, initial encounter for closed fracture"
    assert index.describe("T36.0X1A") == "Poisoning by penicillins, accidental (unintentional), initial encounter"


def test_s06_d_and_s_not_valid_with_sixth_character_7_or_8(index):
    assert index.exists("S06.1X7A")
    assert not index.exists("S06.1X7D")
    assert not index.exists("S06.1X8S")
    assert index.exists("S06.1X6D") and index.exists("S06.1X6S")
    assert [s.char for s in index.seventh_characters("S06.1X7")] == ["A"]
    assert [s.char for s in index.seventh_characters("S06.1X6")] == ["A", "D", "S"]


def test_unknown_code(index):
    assert index.describe("X1234") is None
    assert not index.exists("ZZZ")
    assert not index.is_billable("")


def test_meta_records_releases(index):
    meta = index.meta()
    assert meta["builder_version"] == BUILDER_VERSION
    assert meta["icd10cm_release"] == "2026-04-01"
    assert "hcpcs_sample.txt" in meta["hcpcs_release"]


def test_file_is_opened_read_only(index):
    with pytest.raises(sqlite3.OperationalError):
        index._conn.execute("DELETE FROM meta")


def test_build_reports_progress(tmp_path, small_icd_release):
    # Speed is measured by bench/code_search.py, not asserted here.
    seen = []
    ensure_built(tmp_path / "codes.db", progress=lambda fraction, message: seen.append(fraction))
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["codes.db"]


def test_older_builder_version_is_rebuilt_and_keeps_hcpcs(db_copy, small_icd_release):
    with sqlite3.connect(db_copy) as conn:
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'builder_version'")
    assert not builder.is_current(db_copy)
    ensure_built(db_copy)
    with CodeIndex(db_copy, build=False) as index:
        assert index.meta()["builder_version"] == BUILDER_VERSION
        assert index.describe("J1100", "hcpcs") == "Injection, dexamethasone sodium phosphate, 1 mg"
        assert index.is_billable("E11.9") and not index.exists("A00.0")  # rebuilt, from the small release


def test_interrupted_build_leaves_old_file_and_no_temp(db_copy, monkeypatch, small_icd_release):
    before = db_copy.read_bytes()

    def boom(conn, release):
        raise KeyboardInterrupt

    monkeypatch.setattr(builder, "write_icd", boom)
    with pytest.raises(KeyboardInterrupt):
        ensure_built(db_copy, force=True)
    assert db_copy.read_bytes() == before
    assert sorted(p.name for p in db_copy.parent.iterdir()) == ["codes.db"]


def test_icd_data_is_read_without_importing_simple_icd_10_cm():
    import subprocess
    import sys

    code = ("import sys; from officebill.codes import icd10cm; icd10cm.data_folder(); "
            "print('simple_icd_10_cm.simple_icd_10_cm' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
