"""Writes ICD-10-CM into an open codes.db: the code table of a release, and an imported release added.

Used by the builder (the bundled release, then the imported ones again) and by `icd10cm_import` (on a
private copy that is swapped in afterwards). Imported releases are also kept beside codes.db
(`icd10cm-releases/<key>.release`) so a rebuild of codes.db keeps them.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import replace
from datetime import date
from importlib import resources
from pathlib import Path

from ..core.problems import UserError
from . import icd10cm
from .common import icd_adjustment
from .icd10cm_files import ReleaseFiles, parse_xml
from .icd_history import UPDATES, HeldRelease, held_releases, membership, release_for, release_of_key, write_history
from .schema import BLOCKS, group_owner, write_meta
from .text import static_rank

MIN_SHARE_OF_HELD = 0.9  # a release holds nearly every code of the one before it
SAVED_FOLDER = "icd10cm-releases"


def shipped_history(bundled: dict[str, bool]) -> list[tuple[HeldRelease, dict[str, bool]]]:
    """Older releases shipped as their differences from the bundled one (resources/icd10cm/history-*.txt),
    each as (release, code -> billable); lines for categories the bundled release lacks are left out."""
    found = []
    categories = {code[:3] for code in bundled}
    for item in sorted(resources.files("officebill").joinpath("resources", "icd10cm").iterdir(), key=lambda i: i.name):
        if not (item.name.startswith("history-") and item.name.endswith(".txt")):
            continue
        key = item.name[len("history-"):-len(".txt")]
        members = dict(bundled)
        for line in item.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            code, state = line.split()
            if code[:3] not in categories:
                continue
            if state == "-":
                members.pop(code, None)
            else:
                members[code] = state == "1"
        found.append((release_of_key(key, "shipped"), members))
    return found


def bundled_release() -> HeldRelease:
    effective = date.fromisoformat(icd10cm.RELEASE)
    update = next((name for name, month in UPDATES.items() if month == effective.month), "")
    return release_for(effective.year + (effective.month >= 10), update, "bundled")


def write_icd(conn: sqlite3.Connection, release: icd10cm.IcdRelease) -> None:
    """Writes the release's groups, notes, 7th characters and codes (static-rank order) into empty tables."""
    conn.executemany("INSERT INTO icd_group VALUES (?, ?, ?)",
                     [(g.kind, g.key, g.description) for g in release.groups])
    notes = [(group_owner(g.kind, g.key), i, kind, text)
             for g in release.groups for i, (kind, text) in enumerate(g.notes)]
    notes += [(c.code, i, kind, text) for c in release.codes for i, (kind, text) in enumerate(c.notes)]
    conn.executemany("INSERT INTO note VALUES (?, ?, ?, ?)", notes)
    conn.executemany("INSERT INTO seventh VALUES (?, ?, ?, ?)",
                     [(c.code, i, ch, meaning) for c in release.codes for i, (ch, meaning) in enumerate(c.seventh)])
    ranked = sorted(
        ((static_rank(c.base_description or c.description, c.billable, c.seventh_index, c.code)
          + icd_adjustment(c.code), c)
         for c in release.codes),
        key=lambda pair: (pair[0], pair[1].code),
    )
    start = BLOCKS["icd10cm"][0]
    conn.executemany(
        "INSERT INTO code VALUES (?, 'icd10cm', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(start + i, c.code, c.description, int(c.billable), c.parent, c.chapter, c.section, c.seventh_owner,
          rank, c.terms) for i, (rank, c) in enumerate(ranked)],
    )


def apply_release(conn: sqlite3.Connection, files: ReleaseFiles) -> dict:
    """Adds an imported release to the releases held (the code table too when it is the newest).

    Returns when it ends as held and how its codes differ from the release held before it (compared_with,
    '' for the oldest): codes, billable, added, deleted, expanded (billable before, a heading now). Raises UserError, writing nothing, for a release already held or an incomplete one;
    the caller owns the transaction."""
    held = held_releases(conn)
    new = files.release
    if any(h.key == new.key or h.effective == new.effective for h in held):
        raise UserError(f"the {new.name} release (FY{new.fiscal_year}) is already in the code database; "
                        "nothing was imported")
    pairs = [(h, membership(conn, h)) for h in held]
    before = [(h, members) for h, members in pairs if h.effective < new.effective]
    nearest = before[-1][1] if before else (pairs[0][1] if pairs else {})
    if len(files.members) < MIN_SHARE_OF_HELD * len(nearest):
        raise UserError(f"{', '.join(files.names)} lists {len(files.members):,} codes, far fewer than the "
                        f"{len(nearest):,} of the release held now, so the file is cut short or not a whole "
                        "release; nothing was imported; download it again from cms.gov")
    newest = not held or new.effective > held[-1].effective
    if newest:
        _replace_code_table(conn, files)
    write_history(conn, [*pairs, (new, files.members)])
    ends = next(h.ends for h in held_releases(conn) if h.key == new.key)
    differences = _differences(before[-1][1] if before else {}, files.members)
    if not before:  # the oldest release held: nothing to compare it with
        differences.update(added=0, deleted=0, expanded=0)
    return {**differences, "ends": ends.isoformat(), "newest": newest,
            "compared_with": before[-1][0].name if before else ""}


def _replace_code_table(conn: sqlite3.Connection, files: ReleaseFiles) -> None:
    new = files.release
    if files.tabular is None:
        raise UserError(f"the {new.name} release would be the newest held, and its titles, notes and chapters "
                        "come from the tabular XML: import the tabular XML zip of the same release together with "
                        "the order file; nothing was imported")
    name = next((n for n in files.names if n.lower().endswith(".xml")), "the tabular XML")
    parsed = icd10cm.parse_tabular(parse_xml(files.tabular, name), set(files.members),
                                   new.effective.isoformat())
    found = {c.code for c in parsed.codes}
    missing = sorted(set(files.members) - found)
    if missing:
        raise UserError(f"{len(missing):,} codes of the order file are not in the tabular XML (for example "
                        f"{', '.join(icd10cm.dotted(c) for c in missing[:3])}): the two files are of different "
                        "releases or one is cut short; nothing was imported")
    codes = [c if c.billable == files.members[c.code] else replace(c, billable=files.members[c.code])
             for c in parsed.codes]
    for table in ("icd_group", "note", "seventh"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("DELETE FROM code WHERE system = 'icd10cm'")
    write_icd(conn, icd10cm.IcdRelease(parsed.version, parsed.groups, codes))
    write_meta(conn, {"icd10cm_release": parsed.version})


def _differences(old: dict[str, bool], new: dict[str, bool]) -> dict[str, int]:
    return {"codes": len(new), "billable": sum(new.values()),
            "added": sum(code not in old for code in new),
            "deleted": sum(code not in new for code in old),
            "expanded": sum(bool(old.get(code)) and not billable for code, billable in new.items())}


def saved_folder(codes_db: Path) -> Path:
    return Path(codes_db).parent / SAVED_FOLDER


def saved_releases(codes_db: Path) -> list[ReleaseFiles]:
    """The imported releases kept beside codes.db, oldest first (unreadable ones are skipped)."""
    found = []
    folder = saved_folder(codes_db)
    for file in sorted(folder.glob("*.release")) if folder.is_dir() else []:
        with contextlib.suppress(OSError, ValueError, KeyError, UserError):
            found.append(ReleaseFiles.load(file.read_bytes()))
    return sorted(found, key=lambda files: files.release.effective)


def save_release(codes_db: Path, files: ReleaseFiles) -> Path:
    """Keeps the release beside codes.db (written to a temporary name, then renamed); returns its path."""
    folder = saved_folder(codes_db)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{files.release.key}.release"
    temp = target.with_suffix(".release.tmp")
    with open(temp, "wb") as handle:
        handle.write(files.dump())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, target)
    return target
