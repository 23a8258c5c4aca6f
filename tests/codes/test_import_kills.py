"""Crash trials: a child process imports HCPCS (or rebuilds) and is killed at random moments.

After every kill codes.db opens, `PRAGMA integrity_check` is ok, search works,
it holds one whole release or the other (never a mix), and once the next
start has cleaned up no temporary file is left. OFFICEBILL_KILL_TRIALS sets
the number of import trials (default 15); OFFICEBILL_KILL_SEED repeats a run.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from officebill.codes import CodeIndex, swap

from .release_files import write_whole_release

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL trials need POSIX")
TRIALS = int(os.environ.get("OFFICEBILL_KILL_TRIALS", "15"))
CHILD = """
import sys
from officebill.codes import ensure_built, import_hcpcs
print("ready", flush=True)
if sys.argv[2] == "rebuild":
    ensure_built(sys.argv[1], force=True)
else:
    import_hcpcs(sys.argv[1], sys.argv[2])
print("done", flush=True)
"""


def run_child(codes_db, job, kill_after: float | None) -> tuple[bool, float]:
    """Runs one import (or rebuild), killed `kill_after` s after it is ready; (finished, seconds it ran)."""
    env = dict(os.environ)
    if os.environ.get("OFFICEBILL_KILL_CHILD_PATH"):  # to run the trials against an older officebill
        env["PYTHONPATH"] = os.environ["OFFICEBILL_KILL_CHILD_PATH"]
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(codes_db), str(job)], stdout=subprocess.PIPE,
                             text=True, cwd=codes_db.parent, env=env)
    assert child.stdout.readline().strip() == "ready"
    ready = time.perf_counter()
    if kill_after is not None:
        time.sleep(kill_after)
        child.send_signal(signal.SIGKILL)
    finished = child.stdout.read().strip() == "done"
    child.wait()
    return finished, time.perf_counter() - ready


def check_after_kill(codes_db, allowed: set[int], icd: bool = True) -> int:
    """The checks every trial must pass; returns how many temporary files the cleanup removed."""
    left = list(codes_db.parent.glob(swap.temp_pattern(codes_db)))
    with CodeIndex(codes_db) as index:  # a start: cleans up, rebuilds only if needed
        assert index.search("syringe", "hcpcs")[0].code == "A4206"
        assert index.is_billable("E11.9") or not icd
        held = int(index.meta()["hcpcs_records"])
    assert not list(codes_db.parent.glob(swap.temp_pattern(codes_db)))
    conn = sqlite3.connect(codes_db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = conn.execute("SELECT count(*) FROM hcpcs").fetchone()[0]
    finally:
        conn.close()
    assert count == held and count in allowed, (count, allowed)
    return len(left)


def test_import_killed_at_random_moments_leaves_a_whole_codes_db(built_db, tmp_path):
    seed = int(os.environ.get("OFFICEBILL_KILL_SEED", str(random.randrange(10**6))))
    rng = random.Random(seed)
    codes_db = tmp_path / "trial" / "codes.db"
    codes_db.parent.mkdir()
    shutil.copy(built_db, codes_db)
    releases = [write_whole_release(tmp_path / "a.txt", effective="20250101"),
                write_whole_release(tmp_path / "b.txt", extra=400, effective="20260101")]
    finished, duration = run_child(codes_db, releases[0], None)
    assert finished
    allowed = {15 + 5_000, 15 + 5_400}
    outcomes = {"finished": 0, "killed": 0, "temporary files cleaned": 0}
    for trial in range(TRIALS):
        delay = rng.uniform(0, duration * 1.1)
        finished, _ = run_child(codes_db, releases[(trial + 1) % 2], delay)
        outcomes["finished" if finished else "killed"] += 1
        try:
            outcomes["temporary files cleaned"] += check_after_kill(codes_db, allowed)
        except Exception as exc:  # a crash in the checks is a failed trial too
            raise AssertionError(f"trial {trial} (seed {seed}, killed after {delay:.3f} s): {exc}") from exc
    print(f"\n{TRIALS} kill trials, one import {duration:.2f} s, seed {seed}: {outcomes}")
    assert outcomes["killed"] > 0


def test_rebuild_killed_at_random_moments_keeps_the_imported_codes(built_db, tmp_path):
    rng = random.Random(int(os.environ.get("OFFICEBILL_KILL_SEED", "7")))
    codes_db = tmp_path / "trial" / "codes.db"
    codes_db.parent.mkdir()
    shutil.copy(built_db, codes_db)
    for trial in range(3):
        run_child(codes_db, "rebuild", rng.uniform(0.2, 2.0))
        check_after_kill(codes_db, {15})


def test_hot_journal_left_by_an_in_place_writer_is_rolled_back_at_start(small_copy):
    """Versions before the swap wrote codes.db in place; killed, they left a hot journal readers cannot undo."""
    writer = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time; conn = sqlite3.connect(sys.argv[1], isolation_level=None); "
        "conn.execute('PRAGMA cache_size=1'); conn.execute('BEGIN'); conn.execute('DELETE FROM code'); "
        "conn.execute('DELETE FROM hcpcs'); print('ready', flush=True); time.sleep(60)"), str(small_copy)],
        stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "ready"
    writer.kill()
    writer.wait()
    assert (small_copy.parent / "codes.db-journal").stat().st_size > 0
    with CodeIndex(small_copy, build=False) as index:
        assert index.search("syringe", "hcpcs")[0].code == "A4206"
    check_after_kill(small_copy, {15}, icd=False)
