"""Backups with SQLite's online backup API, checked restores, integrity checks."""
from __future__ import annotations

import glob
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..core.problems import UserError
from .migrations import SCHEMA_VERSION


def backups_dir(office_path: Path) -> Path:
    return Path(office_path).resolve().parent / "backups"


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def backup_file(source: Path, target: Path) -> Path:
    """A consistent copy of `source` at `target`, safe while the file is in use."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".partial")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(str(partial))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    partial.chmod(0o600)
    partial.replace(target)
    return target


def backup_to_dir(source: Path, folder: Path, reason: str = "backup") -> Path:
    """Back up into `folder` with a time-stamped name; returns the new file."""
    source = Path(source)
    if not source.exists():
        raise UserError(f"There is no office file at {source} to back up.")
    return backup_file(source, Path(folder) / f"{source.stem}-{_stamp()}-{reason}.db")


def prune_backups(folder: Path, keep: int, stem: str = "office") -> list[Path]:
    """Delete all but the newest `keep` automatic backups; returns what was removed."""
    files = sorted(Path(folder).glob(f"{stem}-*-auto.db"))
    doomed = files[:-keep] if keep > 0 else files
    for path in doomed:
        path.unlink()
    return doomed


def integrity_problems(path: Path) -> list[str]:
    """The integrity check's complaints; an empty list means the file is sound."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [f"not a readable SQLite file: {exc}"]
    problems = [r for r in rows if r != "ok"]
    problems += [f"row {row[1]} of {row[0]} points at a missing {row[2]} row" for row in fk]
    return problems


def check_backup(path: Path) -> int:
    """Raise UserError unless `path` is a sound office file this version can open; returns its version."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path} does not exist; give the path of a backup file (see the backups folder).")
    problems = integrity_problems(path)
    if problems:
        raise UserError(f"{path} failed the integrity check ({problems[0]}); choose another backup.")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_practice = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='practice'"
        ).fetchone()[0]
    finally:
        conn.close()
    if not has_practice or version < 1:
        raise UserError(f"{path} is not an OfficeBill office file; choose a file from the backups folder.")
    if version > SCHEMA_VERSION:
        raise UserError(
            f"{path} comes from a newer OfficeBill (schema {version}, this version knows {SCHEMA_VERSION}); "
            "install the newer version to restore it."
        )
    return version


def restore(backup: Path, office_path: Path) -> Path | None:
    """Replace the office file with a checked backup; the replaced file is kept. Returns where."""
    check_backup(backup)
    office_path = Path(office_path)
    kept = None
    if office_path.exists():
        kept = backup_to_dir(office_path, backups_dir(office_path), reason="replaced-by-restore")
    for suffix in ("-wal", "-shm"):
        Path(str(office_path) + suffix).unlink(missing_ok=True)
    partial = office_path.with_suffix(".restoring")
    shutil.copyfile(backup, partial)
    partial.chmod(0o600)
    partial.replace(office_path)
    return kept


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
    """Why `path` cannot be restored (integrity, not an office file, newer version); empty when it can."""
    problems = integrity_problems(path) if Path(path).is_file() else []
    if problems:
        return problems
    try:
        check_backup(path)
    except UserError as exc:
        return [str(exc)]
    return []
