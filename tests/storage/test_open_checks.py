"""Opening refuses what is not a writable OfficeBill office, says what it is, and changes nothing."""
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from officebill.storage import database
from officebill.storage.database import OfficeFileError, open_office_db

from .small_office import checksum, make_office


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_missing_file_is_an_error_naming_it_and_nothing_is_created(tmp_path):
    path = tmp_path / "typo" / "offce.db"
    with pytest.raises(OfficeFileError) as caught:
        open_office_db(path)
    assert f"There is no office file at {path}" in str(caught.value)
    assert "officebill-cli --db PATH new" in str(caught.value)
    assert _tree(tmp_path) == []


def test_create_makes_a_new_owner_only_office_with_its_folders(tmp_path):
    path = tmp_path / "new" / "office.db"
    db = open_office_db(path, create=True)
    db.close()
    assert path.is_file() and (path.stat().st_mode & 0o777) == 0o600
    assert database.read_schema_version(path) == len(database.migrations.MIGRATIONS)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(OfficeFileError, match="is a folder, not an office file"):
        open_office_db(tmp_path, create=True)


def test_fifo_and_dev_null_are_refused_without_opening_them(tmp_path):
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    with pytest.raises(OfficeFileError, match="FIFO"):
        open_office_db(fifo, create=True)  # would block forever if it were opened
    with pytest.raises(OfficeFileError, match="device"):
        open_office_db("/dev/null", create=True)


def test_a_name_too_long_for_the_file_system(tmp_path):
    path = tmp_path / ("x" * 300 + ".db")
    for create in (False, True):
        with pytest.raises(OfficeFileError, match="too long for the file system"):
            open_office_db(path, create=create)


def test_a_read_only_file_is_called_read_only_not_damaged(tmp_path, monkeypatch):
    path = make_office(tmp_path / "office.db")
    path.chmod(0o444)
    with pytest.raises(OfficeFileError, match="is read-only") as caught:
        open_office_db(path)
    assert "damaged" not in str(caught.value)
    path.chmod(0o600)
    monkeypatch.setattr("officebill.storage.file_checks.os.access", lambda p, mode: False)  # as non-root sees it
    with pytest.raises(OfficeFileError, match="is read-only"):
        open_office_db(path)


def _foreign(path: Path, sql: str) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.close()
    return path


@pytest.mark.parametrize("sql, said", [
    ("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places VALUES (1, 'x');",
     "SQLite database of another program (its tables: moz_places)"),
    ("CREATE TABLE practice (id INTEGER PRIMARY KEY);", "another program"),
    ("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); CREATE TABLE code (code TEXT);"
     "CREATE TABLE hcpcs (code TEXT);", "code database (codes.db)"),
])
def test_another_programs_database_or_codes_db_is_never_written(tmp_path, sql, said):
    path = _foreign(tmp_path / "other.db", sql)
    before = checksum(path)
    for create in (False, True):
        with pytest.raises(OfficeFileError, match=said.replace("(", r"\(").replace(")", r"\)")):
            open_office_db(path, create=create)
    assert checksum(path) == before
    assert _tree(tmp_path) == ["other.db"]


def test_an_empty_file_is_an_office_only_when_creating(tmp_path):
    path = tmp_path / "office.db"
    path.touch(mode=0o600)
    with pytest.raises(OfficeFileError, match="is empty"):
        open_office_db(path)
    assert path.stat().st_size == 0
    open_office_db(path, create=True).close()
    assert database.read_schema_version(path) > 0


def test_not_a_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "letter.db"
    path.write_bytes(b"Dear patient, " * 100)
    with pytest.raises(OfficeFileError, match="not a SQLite database"):
        open_office_db(path, create=True)
    assert path.read_bytes() == b"Dear patient, " * 100


_FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))
from officebill.core.problems import UserError
from officebill.storage.database import open_office_db
try:
    open_office_db(sys.argv[1], create=True)
except UserError as exc:
    print("USER:", exc)
"""


def test_a_full_disk_while_creating_gives_a_message_and_leaves_no_file(tmp_path):
    path = tmp_path / "office.db"
    run = subprocess.run([sys.executable, "-c", _FULL_DISK, str(path)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("USER:") and "full" in run.stdout, run.stdout
    assert not path.exists() and not Path(str(path) + "-wal").exists()


def test_a_damaged_office_gives_advice_not_a_traceback(tmp_path):
    path = make_office(tmp_path / "office.db")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")  # a column name that is not UTF-8
    conn.execute("UPDATE sqlite_master SET sql = replace(sql, 'notes TEXT', CAST(x'6e6f74ff2054455854' AS TEXT)) "
                 "WHERE name = 'patients'")
    conn.commit()
    conn.close()
    with pytest.raises(OfficeFileError, match="Restore a backup"):
        open_office_db(path)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\x07" * (4096 - 100)  # scribble over the schema page
    path.write_bytes(bytes(data))
    with pytest.raises(OfficeFileError, match="Restore a backup"):
        open_office_db(path)


def test_an_office_missing_tables_is_damaged(tmp_path):
    path = make_office(tmp_path / "office.db")
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE claim_lines")
    conn.commit()
    conn.close()
    with pytest.raises(OfficeFileError, match="claim_lines table is missing"):
        open_office_db(path)


assert resource and signal  # used by the child script's imports
