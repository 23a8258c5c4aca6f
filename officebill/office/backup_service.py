"""`office.backups`: copies of the office file (on demand, on close), their list, and the integrity check."""
from __future__ import annotations

from pathlib import Path

from ..storage import backup as backups
from ..storage.backup import BackupFile
from ..storage.content import content_problems
from ..storage.housekeeping import optimize_office, table_sizes
from ..storage.restore import restore_office
from .changes import Outcome

DEFAULT_BACKUPS_KEPT = 10
OPEN_CHECK_MAX_BYTES = 256 * 1024 * 1024  # reading every row of a bigger file at each open costs minutes


class BackupService:
    """Backups of one open office file, kept in the backups folder beside it."""

    def __init__(self, office, db):
        self._office = office
        self._db = db

    @property
    def folder(self) -> Path:
        return backups.backups_dir(self._office.path)

    def make(self, folder: Path | None = None, reason: str = "backup") -> Path:
        """A consistent copy of the office file (safe while it is in use); returns the new file."""
        return backups.backup_to_dir(self._office.path, Path(folder) if folder else self.folder, reason)

    def make_automatic(self) -> Path:
        """The backup made when the window closes; keeps the newest N (see `kept`)."""
        made = self.make(reason="auto")
        backups.prune_backups(made.parent, self.kept(), self._office.path.stem)
        return made

    def list(self) -> list[BackupFile]:
        """This office file's backups in its backups folder, newest first."""
        return backups.list_backups(self.folder, self._office.path.stem)

    def kept(self) -> int:
        """How many automatic backups are kept (setting 'backups_kept')."""
        return int(self._office.setup.setting("backups_kept", DEFAULT_BACKUPS_KEPT))

    def set_kept(self, count: int) -> Outcome[None]:
        return self._office.setup.save_setting("backups_kept", max(1, min(100, int(count))))

    def integrity_problems(self) -> list[str]:
        """The integrity check's complaints about the office file; empty when it is sound."""
        return backups.integrity_problems(self._office.path)

    def table_sizes(self) -> list[tuple[str, int]]:
        """(table, bytes with its indexes) of the office file, largest first."""
        return table_sizes(self._db.conn)

    def problems_at_open(self) -> list[str]:
        """`content_problems` for a file up to OPEN_CHECK_MAX_BYTES (a few seconds in the background); a
        bigger office is read whole only when someone asks (File > Check office file, `officebill-cli check`)."""
        path = self._office.path
        size = path.stat().st_size + (Path(f"{path}-wal").stat().st_size if Path(f"{path}-wal").exists() else 0)
        return self.content_problems() if size <= OPEN_CHECK_MAX_BYTES else []

    def content_problems(self) -> list[str]:
        """Everything wrong with the office file: integrity, structure, and every row the program reads
        (dates, JSON, amounts). Reads the whole file: run it in the background on a big office."""
        return content_problems(self._office.path)


def backup_problems(backup: Path | str) -> list[str]:
    """Why a backup file cannot be restored; empty when it can. Opens no Office."""
    return backups.backup_problems(Path(backup))


def optimize_office_file(office_path: Path | str, compact: bool = False) -> dict:
    """ANALYZE the office file for faster queries; with `compact`, also rewrite it without free pages
    (a checked copy swapped in like a restore: close every Office on it first; the old file is kept).

    Returns {"before": bytes, "after": bytes, "kept": the replaced file's copy or None}."""
    return optimize_office(Path(office_path), compact)


def restore_backup(backup: Path | str, office_path: Path | str) -> Path | None:
    """Replace the office file with a checked backup (every Office on it must be closed first).

    The replaced file is kept in the backups folder; returns where (None when there was no file).
    Raises UserError, changing nothing, when the backup fails the check or the file is in use."""
    return restore_office(Path(backup), Path(office_path))
