"""Restore killed at any moment: the office is exactly the old one (with the commits that were still in its
WAL) or exactly the restored one, it opens, passes the integrity check, and no temporary file survives.

Each trial runs the restore in a child process and SIGKILLs it: once at every named step of
`storage/restore.py` (through its `step_hook`), and then at random moments. Trials:
OFFICEBILL_RESTORE_KILLS (default 20; 200 when OFFICEBILL_LONG_TESTS=1).
"""
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from officebill.storage import backup as backups
from officebill.storage.database import open_office_db
from officebill.storage.leftovers import leftovers

from .small_office import make_office, marker_of
from .test_restore import commits_left_in_wal

STEPS = ("checkpointed", "kept", "removed-wal", "removed-shm", "copied", "replaced")
WAL_COMMITS = 30

_RESTORE = """
import os, signal, sys
from pathlib import Path
from officebill.storage import restore
step = os.environ.get("KILL_AT")
if step:
    def hook(name):
        if name == step:
            os.kill(os.getpid(), signal.SIGKILL)
    restore.step_hook = hook
print("ready", flush=True)
sys.stdin.readline()
restore.restore_office(Path(sys.argv[1]), Path(sys.argv[2]))
print("done", flush=True)
"""


def _trials() -> int:
    default = "200" if os.environ.get("OFFICEBILL_LONG_TESTS") == "1" else "20"
    return int(os.environ.get("OFFICEBILL_RESTORE_KILLS", default))


def _run(backup, office, kill_at: str | None = None, after: float | None = None) -> tuple[bool, float]:
    env = dict(os.environ, KILL_AT=kill_at or "")
    child = subprocess.Popen([sys.executable, "-c", _RESTORE, str(backup), str(office)], env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "ready"
    start = time.monotonic()
    child.stdin.write("go\n")
    child.stdin.flush()
    if after is not None:
        time.sleep(after)
        child.send_signal(signal.SIGKILL)
    finished = child.stdout.readline().strip() == "done"
    child.wait(timeout=60)
    child.stdin.close()
    child.stdout.close()
    return finished, time.monotonic() - start


def _check(office) -> str:
    db = open_office_db(office)  # opens, and cleans what a killed restore left
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        wal_rows = db.execute("SELECT count(*) FROM settings WHERE key LIKE 'wal%'").fetchone()[0]
        bulk = db.execute("SELECT count(*) FROM settings WHERE key = 'bulk'").fetchone()[0]
    finally:
        db.close()
    marker = marker_of(office)
    assert (marker, wal_rows, bulk) in {("old", WAL_COMMITS, 0), ("new", 0, 1)}, (marker, wal_rows, bulk)
    assert leftovers(office) == []
    for kept in backups.backups_dir(office).glob("*replaced-by-restore.db"):
        conn = sqlite3.connect(kept)
        assert conn.execute("SELECT count(*) FROM settings WHERE key LIKE 'wal%'").fetchone()[0] == WAL_COMMITS
        conn.close()
    return marker


@pytest.fixture(scope="module")
def new_backup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("new")
    office = make_office(folder / "office.db", marker="new")
    db = open_office_db(office)
    with db.atomic():  # big enough that copying it takes a while
        db.execute("INSERT INTO settings VALUES ('bulk', ?)", ['"' + "x" * 3_000_000 + '"'])
    db.close()
    return backups.backup_to_dir(office, folder / "copies")


def _fresh_office(folder):
    office = make_office(folder / "office.db")
    commits_left_in_wal(office, WAL_COMMITS)
    return office


def test_restore_killed_at_every_step_and_at_random_moments(tmp_path, new_backup):
    finished, took = _run(new_backup, _fresh_office(tmp_path / "timing"))
    assert finished and _check(tmp_path / "timing" / "office.db") == "new"
    plans = [(step, None) for step in STEPS]
    rng = random.Random(14)
    plans += [(None, rng.uniform(0, took * 1.2)) for _ in range(max(_trials() - len(plans), 0))]
    seen = {"old": 0, "new": 0}
    for number, (step, after) in enumerate(plans):
        office = _fresh_office(tmp_path / f"trial{number}")
        finished, _ = _run(new_backup, office, kill_at=step, after=after if step is None else None)
        assert not (step and finished), step
        seen[_check(office)] += 1
    assert seen["old"] and seen["new"], seen
