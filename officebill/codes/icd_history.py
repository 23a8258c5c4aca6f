"""The ICD-10-CM releases codes.db holds and each code's history across them (tables icd_release, icd_span).

A release is known by its fiscal year and whether it is the April 1 update:
FY2027 is in force from October 1, 2026; the April update of FY2026 from
April 1, 2026. A release is in force until the next release held starts, the
newest one until its fiscal year ends (September 30). When the release of the
next fiscal year is not held, a release ends with its fiscal year all the same.

The code table holds the newest release; `icd_span` holds runs only for codes
whose history differs from "in every release held, billable as the code table
says" (see schema.py), so a database holding one release has no span rows.
`write_history` recomputes every run from each release's membership (code ->
billable), which `membership` rebuilds from the stored runs.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class HeldRelease:
    """One ICD-10-CM release: when it starts, when it ends (as held), where it came from."""

    key: str  # '2027', '2026-april', '2021-january'
    effective: date
    ends: date
    source: str = "bundled"

    @property
    def name(self) -> str:
        """'October 1, 2026': how CMS and coders name a release."""
        return f"{self.effective:%B} {self.effective.day}, {self.effective.year}"

    @property
    def fiscal_year(self) -> int:
        return fiscal_year(self.effective)


def fiscal_year(day: date) -> int:
    """The federal fiscal year a day falls in (October 1, 2026 - September 30, 2027 is FY2027)."""
    return day.year + 1 if day.month >= 10 else day.year


UPDATES = {"january": 1, "april": 4}  # mid-year updates CMS has published (January 1, 2021; April 1 since 2023)


def release_for(fy: int, update: str = "", source: str = "bundled") -> HeldRelease:
    """The release of fiscal year `fy` (October 1), or its "april" / "january" update, ending with the fiscal
    year."""
    effective = date(fy, UPDATES[update], 1) if update else date(fy - 1, 10, 1)
    return HeldRelease(f"{fy}-{update}" if update else str(fy), effective, date(fy, 9, 30), source)


def release_of_key(key: str, source: str) -> HeldRelease:
    """'2027' or '2026-april' back to its release."""
    return release_for(int(key[:4]), key[5:], source)


def held_releases(conn: sqlite3.Connection) -> list[HeldRelease]:
    """The releases held, oldest first (none in a file built before releases were kept)."""
    try:
        rows = conn.execute("SELECT key, effective, ends, source FROM icd_release ORDER BY effective").fetchall()
    except sqlite3.DatabaseError:
        return []
    return [HeldRelease(k, date.fromisoformat(e), date.fromisoformat(n), s) for k, e, n, s in rows]


def spans(conn: sqlite3.Connection, code: str) -> list[tuple[date, date, bool]]:
    """The stored runs of one code (first, last effective date, billable); [] when it has none."""
    return [(date.fromisoformat(f), date.fromisoformat(la), bool(b)) for f, la, b in conn.execute(
        "SELECT first, last, billable FROM icd_span WHERE code = ? ORDER BY first", (code,))]


def membership(conn: sqlite3.Connection, release: HeldRelease) -> dict[str, bool]:
    """Every code of a held release -> billable, rebuilt from the code table and the runs."""
    with_runs = {code for (code,) in conn.execute("SELECT DISTINCT code FROM icd_span")}
    found = {code: bool(billable) for code, billable in conn.execute(
        "SELECT code, billable FROM code WHERE system = 'icd10cm'") if code not in with_runs}
    day = release.effective.isoformat()
    found.update((code, bool(billable)) for code, billable in conn.execute(
        "SELECT code, billable FROM icd_span WHERE first <= ? AND last >= ?", (day, day)))
    return found


def write_history(conn: sqlite3.Connection, releases: Sequence[tuple[HeldRelease, dict[str, bool]]]) -> None:
    """Replaces the releases held and the runs with these (release, code -> billable) pairs.

    The newest release's membership must be what the code table holds; the caller owns the transaction."""
    ordered = sorted(releases, key=lambda pair: pair[0].effective)
    conn.execute("DELETE FROM icd_release")
    conn.execute("DELETE FROM icd_span")
    conn.executemany("INSERT INTO icd_release (effective, key, ends, source) VALUES (?, ?, ?, ?)", [
        (r.effective.isoformat(), r.key, _ends(ordered, i).isoformat(), r.source)
        for i, (r, _) in enumerate(ordered)])
    conn.executemany("INSERT INTO icd_span VALUES (?, ?, ?, ?)", _runs(ordered))


def _ends(ordered: Sequence[tuple[HeldRelease, dict]], index: int) -> date:
    """The day before the next release held starts, or the fiscal year's end when that comes first (a release
    of the years between is not held: those days have no release in force)."""
    nominal = release_for(ordered[index][0].fiscal_year).ends
    if index + 1 < len(ordered):
        return min(nominal, ordered[index + 1][0].effective - timedelta(days=1))
    return nominal


def _runs(ordered: Sequence[tuple[HeldRelease, dict[str, bool]]]) -> list[tuple[str, str, str, int]]:
    """Rows for the codes whose history is not "in every release, billable as in the newest"."""
    if len(ordered) < 2:
        return []
    newest = ordered[-1][1]
    days = [release.effective.isoformat() for release, _ in ordered]
    everything = set().union(*(members.keys() for _, members in ordered))
    rows = []
    for code in sorted(everything):
        states = [members.get(code) for _, members in ordered]
        if code in newest and all(state == newest[code] for state in states):
            continue
        start = None
        for i, state in enumerate(states + [None]):
            if start is not None and (state is None or state != states[start]):
                rows.append((code, days[start], days[i - 1], int(states[start])))
                start = None
            if start is None and state is not None:
                start = i
    return rows
