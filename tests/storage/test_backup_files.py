"""Backup files: owner-only from creation, fsynced, no leftovers after a kill, pruning per office and kind."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from officebill.storage import backup as backups
from officebill.storage import durable
from officebill.storage.database import open_office_db
from officebill.storage.leftovers import clean_leftovers

from .small_office import make_office


@pytest.fixture
def office(tmp_path):
    return make_office(tmp_path / "office.db")


def test_the_partial_file_is_owner_only_before_any_data_is_written(office, monkeypatch):
    modes = []

    def connect(target, *args, **kwargs):
        if str(target).endswith(".partial"):
            modes.append(os.stat(target).st_mode & 0o777 if os.path.exists(target) else None)
        return sqlite3.connect(target, *args, **kwargs)

    shim = types.SimpleNamespace(connect=connect, DatabaseError=sqlite3.DatabaseError, Error=sqlite3.Error)
    monkeypatch.setattr(backups, "sqlite3", shim)
    old = os.umask(0o022)
    try:
        made = backups.backup_to_dir(office, backups.backups_dir(office))
    finally:
        os.umask(old)
    assert modes == [0o600]
    assert made.stat().st_mode & 0o777 == 0o600


def test_backup_fsyncs_the_file_and_its_folder(office, monkeypatch):
    synced = []
    real = os.fsync

    def fsync(fd):
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(durable.os, "fsync", fsync)
    made = backups.backup_to_dir(office, backups.backups_dir(office))
    assert str(made) + ".partial" in synced  # the data, before the rename
    assert str(made.parent) in synced  # the rename
    assert synced.index(str(made) + ".partial") < synced.index(str(made.parent))


def _stale(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"half a backup")
    return path


def test_leftovers_of_this_office_are_cleaned_at_the_next_open_and_others_kept(office):
    folder = backups.backups_dir(office)
    mine = [_stale(folder, "office-20260101-090000-000001-auto.db.partial"),
            _stale(folder, "office-20260101-090000-000001-auto.db.partial-journal"),
            _stale(office.parent, "office.db.restoring")]
    others = [_stale(folder, "office-2-20260101-090000-000001-auto.db.partial"),
              _stale(office.parent, "office-2.db.restoring"),
              _stale(folder, "office-20260101-090000-000002-auto.db")]
    busy = open_office_db(office)  # while open elsewhere, its backup could be under way: leave it
    assert clean_leftovers(office) == []
    busy.close()
    open_office_db(office).close()
    assert not any(p.exists() for p in mine)
    assert all(p.exists() for p in others)


_BACKUP_LOOP = """
import sys
from pathlib import Path
from officebill.storage.backup import backup_file
office, folder = Path(sys.argv[1]), Path(sys.argv[2])
print("ready", flush=True)
n = 0
while True:
    n += 1
    backup_file(office, folder / f"office-20260101-090000-{n:06d}-backup.db")
"""


def test_a_killed_backup_leaves_nothing_half_written(office, tmp_path):
    db = open_office_db(office)
    with db.atomic():
        db.execute("INSERT INTO settings VALUES ('bulk', ?)", ['"' + "x" * 2_000_000 + '"'])
    db.close()
    folder = backups.backups_dir(office)
    for trial in range(4):
        child = subprocess.Popen([sys.executable, "-c", _BACKUP_LOOP, str(office), str(folder)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.05 + 0.07 * trial)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
    open_office_db(office).close()
    names = [p.name for p in folder.iterdir()]
    assert names and not [n for n in names if ".partial" in n]
    for made in folder.iterdir():
        assert backups.integrity_problems(made) == []


def _fake(folder: Path, stem: str, stamp: int, reason: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}-20260101-0900{stamp:02d}-000000-{reason}.db"
    path.write_bytes(b"x")
    return path


def test_pruning_one_office_never_touches_another_offices_backups(tmp_path):
    folder = tmp_path / "backups"
    mine = [_fake(folder, "office", n, "auto") for n in range(3)]
    theirs = [_fake(folder, "office-2", n, "auto") for n in range(3)]
    removed = backups.prune_backups(folder, 1, "office")
    assert removed == mine[:2]
    assert [p.exists() for p in mine] == [False, False, True]
    assert all(p.exists() for p in theirs)


def test_manual_and_replaced_copies_have_their_own_limit_and_migration_copies_stay(office, monkeypatch):
    monkeypatch.setitem(backups.KEPT_BY_KIND, "manual", 2)
    monkeypatch.setitem(backups.KEPT_BY_KIND, "replaced-by-restore", 1)
    folder = backups.backups_dir(office)
    migration = [_fake(folder, "office", n, "before-migration-v2") for n in range(3)]
    autos = [_fake(folder, "office", n, "auto") for n in range(3)]
    old_replaced = _fake(folder, "office", 1, "replaced-by-restore")
    manual = [backups.backup_to_dir(office, folder) for _ in range(4)]
    replaced = backups.backup_to_dir(office, folder, reason="replaced-by-restore")
    assert [p.exists() for p in manual] == [False, False, True, True]
    assert replaced.exists() and not old_replaced.exists()
    assert all(p.exists() for p in migration + autos)
    assert backups.prune_backups(folder, 0, "office", kind="before-migration") == []
