"""Backups with SQLite's online backup API, checked restores, pruning, the backups folder's listing.

A backup is written to `NAME.partial` (owner-only from its creation),
fsynced, renamed into place and its folder fsynced; a killed backup leaves
only a `.partial`, which `leftovers.clean_leftovers` removes at the next open.
Pruning only ever touches the backups of one office file (exact name) and
one kind: automatic ones keep the office's setting, manual and
replaced-by-restore copies keep the newest 20 each, before-migration copies
are always kept. The restore itself lives in `restore.py`.
"""
from __future__ import annotations

import glob
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..core.problems import UserError
from .cipher import connect_encrypted, connect_readonly, export, key_for
from .content import content_problems
from .durable import create_private, fsync_file, fsync_folder
from .errors import UNREADABLE
from .keyfile import KeyFile, header_of, key_path, looks_encrypted, office_key_file

# How many copies of each kind are kept per office file (automatic ones: the office's setting).
KEPT_BY_KIND = {"manual": 20, "replaced-by-restore": 20}


def backups_dir(office_path: Path) -> Path:
    return Path(office_path).resolve().parent / "backups"


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def copy_database(source: Path, target: Path, key: bytes | None = None) -> None:
    """Copy the SQLite file `source` (with its WAL) page by page into a new owner-only `target`, fsynced.

    An encrypted `source` gives a copy encrypted with the same key (the key a sign-in unlocked). A plain
    `source` with `key` gives a copy encrypted with `key` (a plain backup restored into an encrypted office)."""
    create_private(target)
    source_key = key_for(source) if looks_encrypted(source) else None
    src = connect_readonly(source, source_key)
    try:
        if source_key is None and key is not None:
            src.close()
            src = _plain_via_sqlcipher(source)  # sqlcipher_export needs SQLCipher's own connection
            export(src, target, key)
        else:
            key = source_key
            dst = connect_encrypted(str(target), key) if key is not None else sqlite3.connect(str(target))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
    finally:
        src.close()
    fsync_file(target)


def _plain_via_sqlcipher(source: Path):
    from .cipher import require_module, sqlcipher
    from .uri import readonly_uri

    require_module()
    return sqlcipher.connect(readonly_uri(source), uri=True)


def write_copy_key_file(source: Path, copy: Path, key_file_at: Path | None = None) -> Path | None:
    """The key file for an encrypted copy of `source` (a backup): the office's wraps, the copy's own salt,
    no failure counts. Written beside the copy (or at `key_file_at`); None for a plain copy."""
    keys = office_key_file(source)
    if keys is None or not looks_encrypted(copy):
        return None
    copied = KeyFile.new(key_path(copy), keys.key_id, header_of(copy))
    copied.data["wraps"] = keys.data["wraps"]
    return copied.save(key_file_at)


def backup_file(source: Path, target: Path) -> Path:
    """A consistent copy of `source` at `target`, safe while the file is in use; all or nothing."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        copy_database(source, partial)
        write_copy_key_file(source, partial, key_path(target))  # the key file first: the backup opens once named
        os.replace(partial, target)
        fsync_folder(target.parent)
    except BaseException:
        if not target.exists():
            key_path(target).unlink(missing_ok=True)
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise
    return target


def backup_to_dir(source: Path, folder: Path, reason: str = "backup") -> Path:
    """Back up into `folder` with a time-stamped name, then prune that kind's copies; returns the new file."""
    source = Path(source)
    if not source.exists():
        raise UserError(f"There is no office file at {source} to back up.")
    try:
        made = backup_file(source, Path(folder) / f"{source.stem}-{_stamp()}-{reason}.db")
    except OSError as exc:
        raise UserError(f"Could not back up {source} into {folder}: {exc.strerror or exc}. "
                        "Nothing was written; free some disk space or choose another folder.") from exc
    except UNREADABLE as exc:
        raise UserError(f"Could not back up {source}: {exc}. Nothing was written.") from exc
    kind = backup_kind(reason)[0]
    if kind in KEPT_BY_KIND:
        prune_backups(made.parent, KEPT_BY_KIND[kind], source.stem, kind=kind)
    return made


def prune_backups(folder: Path, keep: int, stem: str = "office", kind: str = "auto") -> list[Path]:
    """Delete all but the newest `keep` backups of `kind` of the office file named `stem`; returns the removed.

    Only this office's own backups (exact name) are considered, so `office-2`'s
    are never touched when pruning `office`; before-migration copies are never pruned."""
    if kind == "before-migration":
        return []
    mine = [b.path for b in list_backups(folder, stem) if b.kind == kind]  # newest first
    doomed = mine[max(keep, 0):]
    for path in doomed:
        path.unlink(missing_ok=True)
        key_path(path).unlink(missing_ok=True)
    return list(reversed(doomed))


def integrity_problems(path: Path) -> list[str]:
    """The integrity check's complaints; an empty list means the file is sound."""
    try:
        conn = connect_readonly(path)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            conn.close()
    except (*UNREADABLE, UserError) as exc:
        return [f"not a readable SQLite file: {exc}"]
    problems = [r for r in rows if r != "ok"]
    problems += [f"row {row[1]} of {row[0]} points at a missing {row[2]} row" for row in fk]
    return problems


def check_backup(path: Path) -> int:
    """Raise UserError unless `path` is a sound office file this version can open; returns its version.

    "Sound" is `content.content_problems`: integrity, foreign keys, the whole
    schema of its version, and every row readable."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path} does not exist; give the path of a backup file (see the backups folder).")
    problems = content_problems(path)
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise UserError(f"{path} cannot be restored: {problems[0]}{more}. Choose another backup.")
    conn = connect_readonly(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


# ------------------------------------------------------------------ listing
BACKUP_NAME = re.compile(r"^(?P<stamp>\d{8}-\d{6}(?:-\d{6})?)-(?P<reason>[a-z][a-z0-9-]*)\.db$")


@dataclass(frozen=True)
class BackupFile:
    """One backup in a backups folder: when it was made, why (`kind`), and how big it is."""

    path: Path
    made: datetime
    size: int
    kind: str  # auto, manual, before-migration, replaced-by-restore, or the reason in the name
    detail: str = ""  # e.g. "v3" for a backup made before migrating from schema 3


def backup_kind(reason: str) -> tuple[str, str]:
    """(kind, detail) for the reason part of a backup's name."""
    if reason == "backup":
        return "manual", ""
    if reason.startswith("before-migration"):
        return "before-migration", reason[len("before-migration"):].lstrip("-")
    return reason, ""


def list_backups(folder: Path, stem: str = "office") -> list[BackupFile]:
    """The backups of the office file named `stem` in `folder`, newest first (none when there is no folder)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    prefix = f"{stem}-"
    for path in folder.glob(f"{glob.escape(stem)}-*.db"):
        match = BACKUP_NAME.match(path.name[len(prefix):])
        if match is None or not path.is_file():
            continue
        stamp = match["stamp"]
        try:
            made = datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f" if stamp.count("-") == 2 else "%Y%m%d-%H%M%S")
            size = path.stat().st_size
        except (ValueError, OSError):
            continue
        kind, detail = backup_kind(match["reason"])
        found.append(BackupFile(path, made, size, kind, detail))
    found.sort(key=lambda b: (b.made, b.path.name), reverse=True)
    return found


def backup_problems(path: Path) -> list[str]:
    """Why `path` cannot be restored (damage, not an office file, newer version); empty when it can."""
    path = Path(path)
    if not path.is_file():
        return [f"{path} does not exist; give the path of a backup file (see the backups folder)."]
    return content_problems(path)
