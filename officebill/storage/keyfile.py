"""The key file beside an encrypted office (`office.db.keys`): the wrapped database key, per user.

The users table is inside the encrypted file, so what sign-in needs before the key is known lives here,
as JSON, owner-only (0600), written durably (temporary file, fsync, rename, fsync the folder):

- `key_id`: which database key the wraps hold (`core.key_wrap.key_id`, reveals nothing of the key);
- `file_salt`: the first 16 bytes of the encrypted file it belongs to (SQLCipher's random salt there),
  so a key file that belongs to another file is told apart without any password;
- `wraps`: for each user name (lower case), a list of wraps of the key by that user's password. A
  password change adds the new wrap first and removes the old one only after the users row committed;
- `failures`: wrong passwords in a row per name, read before the key is known (the sign-in delay);
- `notes`: sign-in failures met while the file was still locked, written into the audit trail at the
  next opening (the audit trail itself is inside the encrypted file).

User names are readable here (not patient data); the key is not. Conversions that change which file
or key goes with the office (encrypt, decrypt, restore) first write `office.db.keys.pending`, then swap
the office file, then promote or remove the pending file; `settle` finishes that job after a crash by
comparing the pending file's salt with the office file's first bytes.
"""
from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from ..disk import fsync_folder
from .durable import write_private_file
from .errors import OfficeFileError

SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every plain SQLite file
FORMAT = "officebill-keys"
SALT_BYTES = 16


def key_path(office_path: Path) -> Path:
    """`office.db` -> `office.db.keys`."""
    office_path = Path(office_path)
    return office_path.with_name(office_path.name + ".keys")


def pending_path(office_path: Path) -> Path:
    office_path = Path(office_path)
    return office_path.with_name(office_path.name + ".keys.pending")


def header_of(path: Path) -> bytes:
    """The first 16 bytes of `path` (fewer for a short file, empty when it cannot be read)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(SALT_BYTES)
    except OSError:
        return b""


def looks_encrypted(path: Path) -> bool:
    """True for a file whose first 16 bytes are not SQLite's header (an encrypted office, or a foreign file)."""
    header = header_of(path)
    return len(header) == SALT_BYTES and header != SQLITE_HEADER


class KeyFile:
    """The contents of one key file; `save()` writes it back durably."""

    def __init__(self, path: Path, data: dict):
        self.path = Path(path)
        self.data = data

    @classmethod
    def new(cls, path: Path, key_id: str, file_salt: bytes) -> KeyFile:
        return cls(path, {"format": FORMAT, "version": 1, "key_id": key_id, "file_salt": file_salt.hex(),
                          "wraps": {}, "failures": {}, "notes": []})

    @property
    def key_id(self) -> str:
        return self.data["key_id"]

    @property
    def file_salt(self) -> bytes:
        return bytes.fromhex(self.data["file_salt"])

    def wraps(self, name: str) -> list[dict]:
        return list(self.data["wraps"].get(name.lower(), []))

    def names(self) -> list[str]:
        return sorted(self.data["wraps"])

    def add_wrap(self, name: str, wrap: dict) -> None:
        """Add a wrap for `name`, keeping the ones there (the old password's stays until the change commits)."""
        self.data["wraps"].setdefault(name.lower(), []).insert(0, wrap)

    def keep_only(self, name: str, wrap: dict) -> None:
        self.data["wraps"][name.lower()] = [wrap]

    def remove(self, name: str) -> None:
        self.data["wraps"].pop(name.lower(), None)
        self.data["failures"].pop(name.lower(), None)

    def set_disabled(self, name: str, disabled: bool) -> None:
        """Mark `name` disabled (their wrap is gone: sign-in says so instead of "wrong password")."""
        names = set(self.data.get("disabled", [])) - {name.lower()}
        self.data["disabled"] = sorted(names | ({name.lower()} if disabled else set()))

    def is_disabled(self, name: str) -> bool:
        return name.lower() in self.data.get("disabled", [])

    def failures(self, name: str) -> tuple[int, datetime | None]:
        entry = self.data["failures"].get(name.lower())
        if not entry:
            return 0, None
        return int(entry["count"]), datetime.fromisoformat(entry["last"])

    def record_failure(self, name: str, now: datetime, note: str) -> None:
        count, _last = self.failures(name)
        self.data["failures"][name.lower()] = {"count": count + 1, "last": now.isoformat(timespec="seconds")}
        self.add_note(now, note)

    def add_note(self, now: datetime, note: str) -> None:
        self.data["notes"] = (self.data["notes"] + [{"at": now.isoformat(timespec="seconds"), "what": note}])[-200:]

    def clear_failures(self, name: str) -> None:
        self.data["failures"].pop(name.lower(), None)

    def take_notes(self) -> list[tuple[datetime, str]]:
        notes = [(datetime.fromisoformat(n["at"]), n["what"]) for n in self.data["notes"]]
        self.data["notes"] = []
        return notes

    def save(self, path: Path | None = None) -> Path:
        text = json.dumps(self.data, indent=1, sort_keys=True).encode("utf-8")
        return write_private_file(Path(path or self.path), text)


def read_key_file(path: Path) -> KeyFile | None:
    """The key file at `path` (None when there is none); OfficeFileError when it is not one."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OfficeFileError(f"The key file {path} cannot be read ({exc.strerror or exc}). Check its "
                              "permissions.") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError("not an OfficeBill key file")
        bytes.fromhex(data["file_salt"])
        for name in ("wraps", "failures"):
            if not isinstance(data.get(name), dict):
                raise ValueError(f"no {name}")
        data.setdefault("notes", [])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OfficeFileError(f"{path} is not a readable OfficeBill key file ({exc}). Put back the key file "
                              "from the office's backups folder, or open the office with its recovery key "
                              "(officebill-cli recover).") from exc
    return KeyFile(path, data)


def office_key_file(office_path: Path) -> KeyFile | None:
    return read_key_file(key_path(office_path))


def settle(office_path: Path) -> None:
    """Finish or undo a conversion a crash cut short: a pending key file whose salt is the office file's
    first bytes becomes the key file; any other pending key file goes."""
    pending = pending_path(office_path)
    if not pending.exists():
        return
    try:
        found = read_key_file(pending)
    except OfficeFileError:
        found = None
    if found is not None and header_of(office_path) == found.file_salt:
        os.replace(pending, key_path(office_path))
    else:
        pending.unlink(missing_ok=True)
    fsync_folder(Path(office_path).parent)
