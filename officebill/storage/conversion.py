"""Encrypt or decrypt an office file in place: write a new file, verify it, then swap, safe at every line.

The steps of `encrypt_office` / `decrypt_office`, each safe to be killed after:
1. take the EXCLUSIVE file lock (refused while any window or command has the office open);
2. checkpoint the WAL into the main file (TRUNCATE) and remove the empty `-wal` and `-shm`;
3. export every table, index, trigger and the schema version into `office.db.converting`
   (owner-only), with `sqlcipher_export`, encrypted with the new key or plain;
4. verify the new file: integrity check, every table's row count equal, the audit chain sound; fsync;
5. encrypt: write the key file for the new file as `office.db.keys.pending` (its salt is the new file's
   first 16 bytes); decrypt: rename `office.db.keys` to `office.db.keys.pending`;
6. `os.replace` the new file over the office file, fsync the folder;
7. encrypt: promote the pending key file; decrypt: remove it.
Killed before 6, the office file is the old one, complete; after 6, the new one. `settle_conversion` (run at
every opening) then finishes step 7 or undoes step 5 by comparing the pending key file's salt with the office
file's first bytes, and removes a stale `.converting`. The old file's bytes are gone from the folder once
replaced (the disk itself may keep them until overwritten: see the README).
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..core.key_wrap import key_id
from ..core.problems import UserError
from .audit_chain import verify_chain
from .cipher import connect_encrypted, export, require_module, sqlcipher
from .content import table_names
from .durable import create_private, fsync_file, fsync_folder
from .errors import OfficeInUseError
from .file_lock import LockBusy, OfficeLock
from .keyfile import KeyFile, header_of, key_path, looks_encrypted, pending_path, settle
from .restore import office_alone

IN_USE = ("The office file is open in another OfficeBill window or command; close it, then try again. "
          "Nothing was changed.")

# A test hook: called with each step's name (see tests/storage/test_encryption.py).
step_hook: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if step_hook is not None:
        step_hook(name)


def converting_path(office_path: Path) -> Path:
    return office_path.with_name(office_path.name + ".converting")


def settle_conversion(office_path: Path) -> None:
    """Finish or undo a conversion a crash cut short (nothing to do when nobody was converting)."""
    office_path = Path(office_path)
    temp = converting_path(office_path)
    if not temp.exists() and not pending_path(office_path).exists():
        return
    try:
        lock = OfficeLock(office_path)
    except OSError:
        return
    with lock:
        try:
            lock.acquire(exclusive=True)
        except LockBusy:
            return  # someone has it open (or is converting it right now)
        settle(office_path)
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(str(temp) + suffix).unlink(missing_ok=True)
        fsync_folder(office_path.parent)


def _connect_source(office_path: Path, key: bytes | None):
    require_module()
    if key is None:
        return sqlcipher.connect(str(office_path), isolation_level=None)  # no key: reads a plain file
    return connect_encrypted(str(office_path), key, isolation_level=None)


def _counts(conn) -> dict[str, int]:
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in sorted(table_names(conn))}


def _verify(temp: Path, key: bytes | None, expected: dict[str, int]) -> None:
    from .audit_chain import register_seal_function

    conn = _connect_source(temp, key)
    try:
        register_seal_function(conn)
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)") if row[0] != "ok"]
        found = _counts(conn)
        if found != expected:
            differ = sorted(name for name in set(found) | set(expected) if found.get(name) != expected.get(name))
            problems.append(f"the row counts differ in {', '.join(differ[:5])}")
        chain = verify_chain(conn)
        if not chain.ok:
            problems.append(chain.message)
    finally:
        conn.close()
    if problems:
        raise UserError(f"The converted copy did not check out ({'; '.join(problems)}); the office file was "
                        "not changed.")


def _write_copy(office_path: Path, old_key: bytes | None, new_key: bytes | None) -> Path:
    """Steps 2-4: the verified, fsynced converted copy at `office.db.converting`."""
    temp = converting_path(office_path)
    source = _connect_source(office_path, old_key)
    try:
        busy, _log, _done = source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise OfficeInUseError(IN_USE)
        source.execute("PRAGMA journal_mode = DELETE")
        _step("checkpointed")
        expected = _counts(source)
        create_private(temp)  # owner-only before a byte of patient data is in it
        export(source, temp, new_key)
    finally:
        source.close()
    for suffix in ("-wal", "-shm"):
        Path(str(office_path) + suffix).unlink(missing_ok=True)
    _step("exported")
    _verify(temp, new_key, expected)
    fsync_file(temp)
    _step("verified")
    return temp


def _convert(office_path: Path, work: Callable[[], None]) -> None:
    office_path = Path(office_path)
    try:
        with office_alone(office_path, "convert", "conversion"):
            work()
    finally:  # a conversion that stopped before the swap leaves no copy (after it, there is none)
        temp = converting_path(office_path)
        for suffix in ("", "-journal"):
            Path(str(temp) + suffix).unlink(missing_ok=True)


def encrypt_office(office_path: Path, key: bytes, wraps: dict[str, dict]) -> Path:
    """Encrypt the plain office file in place with `key`; `wraps` (user name: wrap) go into its new key file.
    Returns the key file."""
    office_path = Path(office_path)

    def work() -> None:
        temp = _write_copy(office_path, None, key)
        keys = KeyFile.new(pending_path(office_path), key_id(key), header_of(temp))
        for name, wrap in wraps.items():
            keys.keep_only(name, wrap)
        keys.save()
        _step("pending-written")
        os.replace(temp, office_path)
        fsync_folder(office_path.parent)
        _step("swapped")
        os.replace(pending_path(office_path), key_path(office_path))
        fsync_folder(office_path.parent)

    if looks_encrypted(office_path):
        raise UserError(f"{office_path} is encrypted already. Nothing was changed.")
    _convert(office_path, work)
    return key_path(office_path)


def decrypt_office(office_path: Path, key: bytes) -> None:
    """Turn the encrypted office file back into a plain SQLite file in place; its key file goes."""
    office_path = Path(office_path)

    def work() -> None:
        temp = _write_copy(office_path, key, None)
        os.replace(key_path(office_path), pending_path(office_path))
        fsync_folder(office_path.parent)
        _step("pending-written")
        os.replace(temp, office_path)
        fsync_folder(office_path.parent)
        _step("swapped")
        pending_path(office_path).unlink(missing_ok=True)
        fsync_folder(office_path.parent)

    if not looks_encrypted(office_path):
        raise UserError(f"{office_path} is not encrypted. Nothing was changed.")
    _convert(office_path, work)

