"""HCPCS import: a whole release replaces, a cut-down file is refused unless partial, the file is swapped in."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import stat

import pytest

from officebill.codes import CodeIndex, NotWholeRelease, ensure_built, import_hcpcs, swap
from officebill.codes.hcpcs_import import MIN_RELEASE_PROCEDURES
from officebill.core.problems import UserError

from .release_files import SAMPLE, record_lines, synthetic_lines, write_whole_release, zipped


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hcpcs_count(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM hcpcs").fetchone()[0]


def test_small_file_is_refused_naming_the_counts_and_partial(small_copy, tmp_path):
    import_hcpcs(small_copy, write_whole_release(tmp_path / "whole.txt"))
    before = digest(small_copy)
    with pytest.raises(NotWholeRelease) as caught:
        import_hcpcs(small_copy, SAMPLE)
    message = str(caught.value)
    assert "hcpcs_sample.txt holds 12 HCPCS codes and 3 modifiers" in message
    assert "not a whole CMS HCPCS release" in message and "--partial" in message and "cms.gov" in message
    assert f"replace all {MIN_RELEASE_PROCEDURES + 15:,}" in message
    assert isinstance(caught.value, UserError) and caught.value.held == MIN_RELEASE_PROCEDURES + 15
    assert digest(small_copy) == before


def test_small_file_is_refused_even_when_nothing_is_held(small_copy):
    with pytest.raises(NotWholeRelease, match="holds 12 HCPCS codes"):
        import_hcpcs(small_copy, SAMPLE)
    assert hcpcs_count(small_copy) == 15  # the fixture data the small database was made with


def test_release_without_modifiers_is_refused(small_copy, tmp_path):
    path = tmp_path / "procedures_only.txt"
    path.write_text("\r\n".join(synthetic_lines(MIN_RELEASE_PROCEDURES)) + "\r\n")
    with pytest.raises(NotWholeRelease, match="0 modifiers"):
        import_hcpcs(small_copy, path)


def test_file_much_smaller_than_what_is_held_is_refused(small_copy, tmp_path):
    import_hcpcs(small_copy, write_whole_release(tmp_path / "big.txt", extra=2_000))
    held = hcpcs_count(small_copy)
    with pytest.raises(NotWholeRelease, match=f"fewer than 80% of the {held:,} held now") as caught:
        import_hcpcs(small_copy, write_whole_release(tmp_path / "whole.txt"))
    assert "--partial" in str(caught.value)
    assert hcpcs_count(small_copy) == held


def test_whole_release_replaces_every_code_and_zip_works(small_copy, tmp_path):
    whole = write_whole_release(tmp_path / "whole.txt", base=_sample_without(tmp_path, "E0114"))
    counts = import_hcpcs(small_copy, zipped(tmp_path / "HCPC2026_JAN_ANWEB.zip", whole))
    assert counts == {"procedure": MIN_RELEASE_PROCEDURES + 11, "modifier": 3}
    with CodeIndex(small_copy, build=False) as index:
        assert not index.exists("E0114", "hcpcs")
        assert index.exists("X0042", "hcpcs") and index.exists("J1100", "hcpcs")
        assert index.meta()["hcpcs_release"].startswith("HCPC2026_JAN_ANWEB.zip")


def test_partial_update_adds_and_updates_and_keeps_the_rest(small_copy, tmp_path):
    update = tmp_path / "update.txt"
    lines = record_lines("J1100", long="Injection, dexamethasone sodium phosphate, 1 mg, renamed",
                         effective="20260401", action="C")
    lines += record_lines("A4550", long="Surgical trays", terminated="20260331", effective="20260401",
                          action="D")
    lines += record_lines("G9999", long="A new test service " + "with a long text " * 5, effective="20260401",
                          action="A")
    update.write_text("\r\n".join(lines) + "\r\n")
    counts = import_hcpcs(small_copy, update, partial=True)
    assert counts == {"procedure": 3, "modifier": 0}
    with CodeIndex(small_copy, build=False) as index:
        assert index.describe("J1100", "hcpcs").endswith("renamed")
        assert not index.is_billable("A4550", "hcpcs") and index.exists("A4550", "hcpcs")
        assert index.search("g9999", "hcpcs")[0].code == "G9999"
        assert index.exists("E0114", "hcpcs") and index.exists("GA", "modifier")  # kept
        assert index.meta()["hcpcs_release"].endswith("updated by update.txt (latest action effective 2026-04-01)")
    assert hcpcs_count(small_copy) == 16


def test_import_swaps_in_a_new_owner_only_file_and_an_open_index_sees_it(small_copy, tmp_path):
    index = CodeIndex(small_copy, build=False)
    assert index.exists("E0114", "hcpcs") and not index.exists("X0001", "hcpcs")
    inode = os.stat(small_copy).st_ino
    import_hcpcs(small_copy, write_whole_release(tmp_path / "whole.txt", base=_sample_without(tmp_path, "E0114")))
    assert os.stat(small_copy).st_ino != inode  # a new file, moved into place
    assert stat.S_IMODE(os.stat(small_copy).st_mode) == 0o600
    assert index.exists("X0001", "hcpcs") and not index.exists("E0114", "hcpcs")  # reopened on its own
    index.close()
    assert not list(small_copy.parent.glob(swap.temp_pattern(small_copy)))


def test_failed_write_leaves_the_file_and_no_temporary(small_copy, tmp_path, monkeypatch):
    from officebill.codes import hcpcs_import

    before = digest(small_copy)

    def boom(*args):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(hcpcs_import, "write_hcpcs", boom)
    with pytest.raises(UserError, match="nothing was imported"):
        import_hcpcs(small_copy, SAMPLE, partial=True)
    assert digest(small_copy) == before
    assert sorted(p.name for p in small_copy.parent.iterdir()) == ["codes.db"]


def test_stale_temporary_files_are_removed_at_start_but_not_live_ones(small_copy):
    folder = small_copy.parent
    stale = [folder / "codes.db.abc123.tmp", folder / "codes.db.abc123.tmp-journal", folder / "codes.db.x.tmp"]
    for path in stale:
        path.write_bytes(b"half a database")
    unrelated = folder / "codes.db.bak"
    unrelated.write_bytes(b"keep")
    with swap.replacing(small_copy) as live:
        live.write_bytes(b"being written")
        CodeIndex(small_copy, build=False).close()
        assert live.exists()  # locked by its writer: not touched
        assert not any(path.exists() for path in stale)
        live.write_bytes(small_copy.read_bytes())
    assert unrelated.exists()
    ensure_built(small_copy)
    assert sorted(p.name for p in folder.iterdir()) == ["codes.db", "codes.db.bak"]


def test_temporary_file_locked_by_another_process_is_kept(small_copy):
    import subprocess
    import sys

    temp = small_copy.parent / "codes.db.other.tmp"
    temp.write_bytes(b"")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR); "
        "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)"), str(temp)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert swap.remove_stale(small_copy) == [] and temp.exists()
    finally:
        holder.kill()
        holder.wait()
    assert swap.remove_stale(small_copy) == [temp]


def _sample_without(folder, code: str):
    lines = [line for line in SAMPLE.read_text().splitlines() if not line.startswith(code)]
    path = folder / "sample.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_import_finishing_elsewhere_meanwhile_is_not_overwritten(small_copy, tmp_path, monkeypatch):
    from officebill.codes import swap

    other = tmp_path / "other.db"
    other.write_bytes(small_copy.read_bytes())
    import_hcpcs(other, write_whole_release(tmp_path / "whole.txt"))
    real_copy = swap.copy_database

    def copy_then_other_import_lands(source, temp):
        real_copy(source, temp)
        os.replace(other, small_copy)  # what a second program's import does at its end

    monkeypatch.setattr(swap, "copy_database", copy_then_other_import_lands)
    with pytest.raises(UserError, match="another OfficeBill program changed the code database"):
        import_hcpcs(small_copy, SAMPLE, partial=True)
    assert hcpcs_count(small_copy) == MIN_RELEASE_PROCEDURES + 15  # the other import's result stands
    assert sorted(p.name for p in small_copy.parent.iterdir()) == ["codes.db"]
