"""HCPCS Level II import: fixture, real CMS excerpt and quirks, zips, bad files refused whole."""
from __future__ import annotations

import sqlite3
import zipfile
from datetime import date

import pytest

from officebill.codes import CodeIndex, import_hcpcs
from officebill.codes.hcpcs import read_hcpcs
from officebill.core.problems import UserError

from .conftest import FIXTURES

SAMPLE = FIXTURES / "hcpcs_sample.txt"


def test_fixture_records_join_continuations_and_parse_dates():
    records = {r.code: r for r in read_hcpcs(SAMPLE)}
    assert len([r for r in records.values() if r.kind == "procedure"]) == 12
    assert records["E0114"].long_description == (
        "Crutches underarm, other than wood, adjustable or fixed, pair, with pads, tips and handgrips")
    assert records["GA"].kind == "modifier" and records["GA"].long_description.endswith("individual case")
    assert records["G0439"].effective == date(2026, 1, 1) and records["G0439"].action == "P"
    assert records["J0900"].terminated == date(2014, 12, 31)
    assert not records["J0900"].active_on(date(2026, 1, 2)) and records["J0900"].active_on(date(2014, 12, 31))


def test_imported_fixture_is_searchable(index):
    assert index.search("j1100", "hcpcs")[0].code == "J1100"
    assert index.search("crutch", "hcpcs")[0].code == "E0114"
    assert index.search("b12 inj", "hcpcs")[0].code == "J3420"
    assert index.search("waiver", "modifier")[0].code == "GA"
    assert not index.is_billable("J0900", "hcpcs")  # terminated
    assert index.hcpcs("J0900")[0].terminated == date(2014, 12, 31)


def test_real_excerpt_and_quirk_files(shared_hcpcs):
    excerpt = read_hcpcs(shared_hcpcs / "HCPC2026_JAN_ANWEB_excerpt.txt")
    assert sum(r.kind == "modifier" for r in excerpt) == 43
    assert sum(r.kind == "procedure" for r in excerpt) == 162
    by_code = {r.code: r for r in excerpt}
    assert by_code["G0438"].action == "P" and by_code["G0438"].effective == date(2026, 1, 1)
    assert by_code["ZA"].terminated == date(2018, 3, 31)
    overlong = {r.code: r for r in read_hcpcs(shared_hcpcs / "HCPC2026_JAN_ANWEB_quirk_overlong_G9871.txt")}
    assert overlong["G9871"].short_description == "Bhv couns dm prev, onln 60 m"
    assert overlong["G9868"].long_description.endswith("cmmi model, less than 10 minutes")
    tail = read_hcpcs(shared_hcpcs / "HCPC2026_JAN_ANWEB_quirk_tail.txt")
    assert [r.code for r in tail] == ["V5362", "V5363", "V5364"]


def test_description_filling_80_columns_is_split_by_column(shared_hcpcs):
    for record in read_hcpcs(shared_hcpcs / "HCPC2026_JAN_ANWEB_excerpt.txt"):
        assert len(record.short_description) <= 28


def test_import_real_excerpt_from_zip_as_update_keeps_the_rest(db_copy, shared_hcpcs, tmp_path):
    archive = tmp_path / "HCPC2026_JAN_ANWEB.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("HCPC2026_recordlayout.txt", "layout notes\r\n")
        zf.write(shared_hcpcs / "HCPC2026_JAN_ANWEB_excerpt.txt", "HCPC2026_JAN_ANWEB_01122026.txt")
    counts = import_hcpcs(db_copy, archive, partial=True)
    assert counts == {"procedure": 162, "modifier": 43}
    with CodeIndex(db_copy, build=False) as index:
        assert index.exists("G0438", "hcpcs")
        assert index.exists("E0114", "hcpcs")  # fixture codes the update does not name are kept
        assert "updated by HCPC2026_JAN_ANWEB.zip" in index.meta()["hcpcs_release"]
        assert index.exists("25", "modifier")  # CPT modifiers stay


def _lines():
    return SAMPLE.read_text().splitlines()


def _write(tmp_path, lines, name="bad.txt"):
    path = tmp_path / name
    path.write_text("\r\n".join(lines) + "\r\n")
    return path


def _bad_files(tmp_path):
    lines = _lines()
    short = lines[:3] + [lines[3][:200]] + lines[4:]
    unknown = lines[:5] + [lines[5][:10] + "9" + lines[5][11:]] + lines[6:]
    orphan = lines[:4] + [lines[7]] + lines[4:]  # continuation of E0114 after a modifier
    notzip = tmp_path / "empty.zip"
    with zipfile.ZipFile(notzip, "w") as zf:
        zf.writestr("readme.pdf", "x")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \r\n")
    return [
        (_write(tmp_path, short, "short.txt"), "line 4", "characters wide"),
        (_write(tmp_path, unknown, "unknown.txt"), "line 6", "record identification"),
        (_write(tmp_path, orphan, "orphan.txt"), "line 5", "continuation"),
        (notzip, "empty.zip", "no fixed-width HCPCS .txt"),
        (empty, "empty.txt", "empty"),
    ]


def test_bad_files_are_refused_with_line_and_reason_and_nothing_changes(db_copy, tmp_path):
    before = db_copy.read_bytes()
    for path, where, what in _bad_files(tmp_path):
        with pytest.raises(UserError) as caught:
            import_hcpcs(db_copy, path)
        assert where in str(caught.value) and what in str(caught.value), str(caught.value)
        assert "cms.gov" in str(caught.value)
    assert db_copy.read_bytes() == before


def test_bad_date_is_refused(tmp_path):
    lines = _lines()
    line = lines[4]
    lines[4] = line[:268] + "2002XX01" + line[276:]
    with pytest.raises(UserError, match="line 5: code added date"):
        read_hcpcs(_write(tmp_path, lines))


def test_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="cannot read"):
        read_hcpcs(tmp_path / "nope.txt")


def test_places_of_service_are_the_52_cms_codes(built_db):
    with sqlite3.connect(built_db) as conn:
        codes = [r[0] for r in conn.execute("SELECT code FROM code WHERE system = 'pos'")]
    assert len(codes) == 52 and {"02", "10", "11", "12", "19", "22", "23", "81", "99"} <= set(codes)
