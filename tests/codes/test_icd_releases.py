"""ICD-10-CM releases by date of service: importing a CMS release (all or nothing) and the release lookup.

The "2027" release here is written in the CMS formats (order file, tabular XML, their zips) from the small
cut of the bundled April 1, 2026 release, with a code added (R07.3), one deleted (R07.1) and one expanded
into children (J02.8 -> J02.81, J02.89).
"""
from __future__ import annotations

import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import pytest

from officebill.codes import CodeIndex, ReleaseLookup, ensure_built, import_hcpcs, import_icd10cm
from officebill.codes.icd_write import saved_folder
from officebill.core.problems import UserError

from .icd_release_files import changed, order_text, tabular_xml, write_release
from .release_files import record_lines

BEFORE, AFTER = date(2026, 9, 30), date(2026, 10, 1)
CHANGES = dict(add={"R073": "Chest pain on exertion"}, delete=("R071",),
               expand={"J028": {"J0281": "Acute pharyngitis due to test organism",
                                "J0289": "Acute pharyngitis due to other specified organisms, other"}})


@pytest.fixture
def small_db(tmp_path, small_icd_release) -> Path:
    return ensure_built(tmp_path / "db" / "codes.db")


@pytest.fixture
def release_2027(tmp_path, small_icd_release) -> list[Path]:
    return write_release(changed(small_icd_release, **CHANGES), tmp_path / "cms", zipped=True)


def lookup_of(path: Path):
    index = CodeIndex(path, build=False)
    return index, ReleaseLookup(index.connection)


def state(path: Path, code: str, day: date | None):
    index, lookup = lookup_of(path)
    with index:
        return lookup.diagnosis(code, day)


def test_the_bundled_release_is_held_with_its_dates_and_an_older_one_shipped(codes_db):
    index, lookup = lookup_of(codes_db)
    with index:
        older, held = lookup.releases()
        assert (held.key, held.name, held.effective, held.ends) == ("2026-april", "April 1, 2026", date(2026, 4, 1),
                                                                   date(2026, 9, 30))
        assert (older.key, older.effective, older.ends, older.source) == ("2025-april", date(2025, 4, 1),
                                                                         date(2025, 9, 30), "shipped")
        assert lookup.diagnosis("E119", date(2026, 6, 15)).state == "valid"  # a real code, inside the release
        assert lookup.diagnosis("E11", date(2026, 6, 15)).state == "header"
        assert lookup.diagnosis("J9999", date(2026, 6, 15)).state == "unknown"
        assert lookup.diagnosis("E11A", date(2026, 6, 15)).state == "valid"
        assert lookup.diagnosis("E11A", date(2025, 6, 15))[:3] == ("not_yet", "April 1, 2025", "")  # FY2026 code
        assert lookup.diagnosis("E11A", date(2025, 12, 1)).state == "valid"  # FY2026 not held: benefit of doubt
        assert lookup.diagnosis("S301XXA", date(2025, 6, 15)).state == "valid"
        assert lookup.diagnosis("S301XXA", date(2026, 6, 15)).state == "deleted"
        assert lookup.diagnosis("D71", date(2025, 6, 15)).state == "valid"
        assert lookup.diagnosis("D71", date(2026, 6, 15))[:2] == ("expanded", "April 1, 2026")
        assert lookup.newest().ends < date(2026, 10, 1)  # FY2027 started: the rules warn
        assert index.connection().execute("SELECT count(*) FROM icd_span").fetchone()[0] < 2_000


def test_import_2027_checks_codes_by_date_of_service(small_db, release_2027):
    summary = import_icd10cm(small_db, release_2027)
    assert (summary["key"], summary["effective"], summary["ends"]) == ("2027", "2026-10-01", "2027-09-30")
    assert (summary["added"], summary["deleted"], summary["expanded"]) == (3, 1, 1)  # R07.3, J02.81, J02.89
    assert state(small_db, "R073", BEFORE)[:3] == ("not_yet", "April 1, 2026", "October 1, 2026")
    assert state(small_db, "R073", AFTER).state == "valid"
    assert state(small_db, "R071", BEFORE).state == "valid"
    deleted = state(small_db, "R071", AFTER)
    assert (deleted.state, deleted.changed_in) == ("deleted", "October 1, 2026") and "R07.2" in deleted.suggestions
    assert state(small_db, "J028", BEFORE).state == "valid"
    expanded = state(small_db, "J028", AFTER)
    assert (expanded.state, expanded.suggestions) == ("expanded", ("J02.81", "J02.89"))
    assert state(small_db, "J0281", BEFORE).state == "not_yet"
    assert state(small_db, "E119", BEFORE).state == state(small_db, "E119", AFTER).state == "valid"
    with CodeIndex(small_db, build=False) as index:  # search and look-ups answer from the newest release
        assert index.is_billable("J02.81") and not index.is_billable("J02.8") and not index.exists("R07.1")
        assert [h.code for h in index.search("J02.81", "icd10cm", 1)] == ["J02.81"]
        assert index.meta()["icd10cm_release"] == "2026-10-01"


def test_a_release_already_held_is_refused(small_db, release_2027):
    import_icd10cm(small_db, release_2027)
    before = small_db.read_bytes()
    with pytest.raises(UserError, match="already in the code database"):
        import_icd10cm(small_db, release_2027)
    assert small_db.read_bytes() == before


def test_a_broken_second_file_leaves_codes_db_as_it_was(small_db, release_2027, tmp_path):
    before = small_db.read_bytes()
    order_zip, xml_zip = release_2027
    cut = tmp_path / "cut-2027-table-and-index.zip"
    cut.write_bytes(xml_zip.read_bytes()[: xml_zip.stat().st_size // 2])  # a download cut short
    with pytest.raises(UserError, match="damaged or was not downloaded completely"):
        import_icd10cm(small_db, [order_zip, cut])
    broken = tmp_path / "icd10cm-tabular-2027.xml"
    with zipfile.ZipFile(xml_zip) as archive:
        text = archive.read("Table and Index/icd10cm-tabular-2027.xml")
    broken.write_bytes(text[: len(text) * 2 // 3])
    with pytest.raises(UserError, match="damaged or cut short"):
        import_icd10cm(small_db, [order_zip, broken])
    assert small_db.read_bytes() == before
    assert sorted(p.name for p in small_db.parent.iterdir()) == ["codes.db"]  # no temporary file, nothing saved


def test_files_that_are_not_a_release_are_refused(small_db, tmp_path, small_icd_release):
    before = small_db.read_bytes()
    notes = tmp_path / "notes.txt"
    notes.write_text("minutes of the staff meeting\n")
    other = tmp_path / "2027-other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "ICD-10-PCS")
    short = tmp_path / "icd10cm-order-2027.txt"
    short.write_text(order_text(small_icd_release).splitlines()[0] + "\n")
    xml = tmp_path / "icd10cm-tabular-2027.xml"
    xml.write_text(tabular_xml(small_icd_release, 2027))
    mixed = tmp_path / "icd10cm-order-2028.txt"
    mixed.write_text(order_text(small_icd_release))
    for files, message in (([notes], "not an ICD-10-CM release file"), ([other], "holds no ICD-10-CM order"),
                           ([short, xml], "far fewer than"), ([xml], "alone does not say which codes"),
                           ([mixed, xml], "different releases")):
        with pytest.raises(UserError, match=message):
            import_icd10cm(small_db, files)
    assert small_db.read_bytes() == before


def test_an_older_release_adds_history_but_keeps_the_newest_searched(small_db, tmp_path, small_icd_release):
    """The October 1, 2025 release (FY2026), here without E11.A, between the shipped April 2025 and the bundled
    April 2026 releases."""
    older = changed(small_icd_release, delete=("E11A",))
    order = write_release(older, tmp_path / "fy2026", fy=2026)[0]
    with order.open("a") as handle:  # FY2026 codes may have a letter second (QA0 category)
        handle.write(f"99999 QA001   1 {'Neurodevelopmental disorder, test':<60} Neurodevelopmental disorder, test\r\n")
    summary = import_icd10cm(small_db, [order])  # no tabular XML needed: it is not the newest
    assert summary["effective"] == "2025-10-01" and summary["ends"] == "2026-03-31"
    assert state(small_db, "E11A", date(2026, 1, 15))[:3] == ("not_yet", "October 1, 2025", "April 1, 2026")
    assert state(small_db, "E11A", date(2026, 4, 1)).state == "valid"
    assert state(small_db, "QA001", date(2026, 1, 15)).state == "valid"
    with CodeIndex(small_db, build=False) as index:
        assert index.exists("E11.A") and index.meta()["icd10cm_release"] == "2026-04-01"


def test_the_codes_file_with_the_xml_is_a_release_too(small_db, tmp_path, small_icd_release):
    new = changed(small_icd_release, **CHANGES)
    order, xml = write_release(new, tmp_path / "cms")
    codes = order.with_name("icd10cm-codes-2027.txt")
    codes.write_text("".join(f"{c.code:<7} {c.description}\n" for c in new.codes if c.billable))
    import_icd10cm(small_db, [codes, xml])
    assert state(small_db, "J028", AFTER).state == "expanded"


def test_a_rebuild_applies_the_imported_releases_again(small_db, release_2027):
    import_icd10cm(small_db, release_2027)
    assert [p.name for p in saved_folder(small_db).iterdir()] == ["2027.release"]
    ensure_built(small_db, force=True)
    index, lookup = lookup_of(small_db)
    with index:
        assert [r.key for r in lookup.releases()] == ["2025-april", "2026-april", "2027"]
        assert index.is_billable("J02.81")
    assert state(small_db, "R071", AFTER).state == "deleted"


def test_april_update_is_recognised_from_the_names(small_db, tmp_path, small_icd_release):
    files = write_release(changed(small_icd_release, add={"R073": "Test"}), tmp_path / "apr", fy=2027, april=True)
    summary = import_icd10cm(small_db, files)
    assert (summary["key"], summary["effective"], summary["ends"]) == ("2027-april", "2027-04-01", "2027-09-30")


def test_zip_members_are_recognised_by_content_not_name(small_db, tmp_path, small_icd_release):
    """Some years CMS names the XML just 'tabular.xml', beside index.xml, drug.xml and PDFs."""
    new = changed(small_icd_release, delete=("R071",))
    order, xml = write_release(new, tmp_path / "cms")
    bundle = tmp_path / "2027-code-tables-tabular-and-index.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(xml, "Table and Index/tabular.xml")
        archive.writestr("Table and Index/index.xml", "<ICD10CM.index><version>2027</version></ICD10CM.index>")
        archive.writestr("Table and Index/icd10cm-order-addenda-2027.txt", "Add:   00123 R073    1 Test\n")
    import_icd10cm(small_db, [order, bundle])
    assert state(small_db, "R071", AFTER).state == "deleted"


def test_a_january_update_older_than_every_release_held(small_db, tmp_path, small_icd_release):
    """CMS published a January 1, 2021 update (icd10cm-order-Jan-2021.txt): the oldest held, compared with none."""
    folder = tmp_path / "jan"
    folder.mkdir()
    order = folder / "icd10cm-order-Jan-2021.txt"
    order.write_text(order_text(changed(small_icd_release, delete=("E11A",))))
    summary = import_icd10cm(small_db, [order])
    assert (summary["key"], summary["effective"], summary["ends"]) == ("2021-january", "2021-01-01", "2021-09-30")
    assert (summary["compared_with"], summary["added"], summary["newest"]) == ("", 0, False)
    assert state(small_db, "E11A", date(2021, 3, 1)).state == "not_yet"
    assert state(small_db, "E11A", date(2023, 3, 1)).state == "not_yet"  # FY2022-FY2025 not held: both lack it
    assert state(small_db, "E119", date(2023, 3, 1)).state == "valid"


def test_hcpcs_codes_by_their_added_and_termination_dates(small_db, tmp_path):
    file = tmp_path / "update.txt"
    lines = (record_lines("G0999", added="20200101", effective="20200101", terminated="20251231")
             + record_lines("Q5999", added="20260701", effective="20260701", action="A")
             + record_lines("J1885", added="19940101", effective="20260101", action="C"))
    file.write_text("\r\n".join(lines) + "\r\n")
    import_hcpcs(small_db, file, partial=True)
    index, lookup = lookup_of(small_db)
    with index:
        assert lookup.procedure("G0999", date(2025, 12, 31)).state == "valid"
        assert lookup.procedure("G0999", date(2026, 1, 1)).state == "terminated"
        assert lookup.procedure("Q5999", date(2026, 6, 30)).state == "not_yet"
        assert lookup.procedure("Q5999", date(2026, 7, 1)).state == "valid"
        assert lookup.procedure("J1885", date(2025, 5, 1)).state == "valid"  # a changed code, not a new one
        assert lookup.procedure("99213", date(2025, 5, 1)).state == "unknown"  # CPT: not judged


def test_history_is_kept_compactly(codes_db):
    """Only codes whose state differs between the releases held get rows (about 650 of 98,000)."""
    conn = sqlite3.connect(codes_db)
    try:
        assert conn.execute("SELECT count(*) FROM icd_release").fetchone() == (2,)
        assert conn.execute("SELECT count(DISTINCT code) FROM icd_span").fetchone()[0] < 1_000
    finally:
        conn.close()


def test_the_real_tabular_xml_imports_as_a_release(codes_db, tmp_path):
    """The bundled CMS tabular XML, relabelled FY2027, with an order file of the same codes: nothing added,
    deleted or expanded, and the code table holds the same codes after the import."""
    import shutil

    from officebill.codes.icd10cm import XML_NAME, data_folder

    target = tmp_path / "db" / "codes.db"
    target.parent.mkdir()
    shutil.copy(codes_db, target)
    with sqlite3.connect(codes_db) as conn:
        rows = conn.execute("SELECT code, billable, description FROM code WHERE system = 'icd10cm' ORDER BY code")
        order = [f"{n:05d} {code:<7} {billable} {title[:60]:<60} {title}" for n, (code, billable, title)
                 in enumerate(rows, start=1)]
    (tmp_path / "icd10cm-order-2027.txt").write_text("\n".join(order) + "\n")
    xml = (data_folder() / XML_NAME).read_bytes().replace(b"<version>2026</version>", b"<version>2027</version>", 1)
    (tmp_path / "icd10cm-tabular-2027.xml").write_bytes(xml)
    summary = import_icd10cm(target, [tmp_path / "icd10cm-order-2027.txt", tmp_path / "icd10cm-tabular-2027.xml"])
    assert (summary["codes"], summary["added"], summary["deleted"], summary["expanded"]) == (len(order), 0, 0, 0)
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM code WHERE system = 'icd10cm'").fetchone()[0] == len(order)
    assert state(target, "E119", date(2026, 11, 2)).state == "valid"


def test_a_file_without_releases_answers_from_its_code_table(small_db):
    """A codes.db of an older builder read before its rebuild: codes are judged by the code table alone."""
    with sqlite3.connect(small_db) as conn:
        conn.execute("DELETE FROM icd_release")
    conn.close()
    assert state(small_db, "E119", AFTER).state == "valid"
    assert state(small_db, "E11", AFTER).state == "header"
    assert state(small_db, "J9999", AFTER).state == "unknown"
