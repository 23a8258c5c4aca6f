"""Which code-set release is in force on a date of service, and whether a code was valid then.

`ReleaseLookup` is what the scrubber receives as `ctx.releases` (the protocol is
`claims.rules_releases.ReleaseFacts`):

- ICD-10-CM: the release in force on a day is the newest held that started on
  or before it (before the oldest held: the oldest). A code is then valid, a
  heading, not there yet, deleted, or expanded (billable in an earlier release,
  a heading by then), with the release that changed it and codes to use instead.
- HCPCS Level II: a code is valid from the day it was added (the action date of
  a code the file marks added) through its termination date. Codes not in the
  HCPCS file (CPT) are not judged.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from typing import NamedTuple

from .icd10cm import dotted
from .icd_history import HeldRelease, held_releases, spans

MAX_SUGGESTIONS = 6


class DiagnosisOnDate(NamedTuple):
    """A diagnosis code on a date of service; releases are named as CMS does ('October 1, 2026')."""

    state: str  # valid, header, not_yet, deleted, expanded, unknown
    release: str  # the release in force on the day
    changed_in: str = ""  # not_yet: the release adding it; deleted / expanded: the release that did so
    suggestions: tuple[str, ...] = ()  # dotted codes to use instead (deleted, expanded, header)


class ProcedureOnDate(NamedTuple):
    state: str  # valid, not_yet, terminated, unknown (not in the HCPCS file held)
    since: date | None = None  # the day it was added
    until: date | None = None  # the last day it may be used


class ReleaseLookup:
    """Answers from codes.db through `connection()` (re-asked each time: an import swaps the file)."""

    def __init__(self, connection: Callable[[], sqlite3.Connection]):
        self._connection = connection
        self._cached: tuple[sqlite3.Connection, list[HeldRelease]] | None = None

    # ---- releases ----------------------------------------------------------------------------
    def releases(self) -> list[HeldRelease]:
        """The ICD-10-CM releases held, oldest first."""
        conn = self._connection()
        if self._cached is None or self._cached[0] is not conn:
            self._cached = (conn, held_releases(conn))
        return self._cached[1]

    def newest(self) -> HeldRelease | None:
        held = self.releases()
        return held[-1] if held else None

    def in_force(self, on: date | None) -> HeldRelease | None:
        """The release in force on `on` (the newest when None); the oldest for a day before every release; for a
        day between two releases held (the release of those years is not held), the earlier one."""
        held = self.releases()
        if not held:
            return None
        if on is None:
            return held[-1]
        started = [r for r in held if r.effective <= on]
        return started[-1] if started else held[0]

    def diagnosis(self, code: str, on: date | None) -> DiagnosisOnDate:
        """What a dotless ICD-10-CM code was on the date of service.

        On a day no release held covers (a fiscal year between two held releases), a code counts as valid
        when either neighbouring release has it, so only a code neither has is reported."""
        code = code.replace(".", "").strip().upper()
        release = self.in_force(on)
        if release is None:  # a file of an older builder, read before its rebuild: the code table alone
            row = self._connection().execute(
                "SELECT billable FROM code WHERE system = 'icd10cm' AND code = ?", (code,)).fetchone()
            return DiagnosisOnDate("unknown" if row is None else "valid" if row[0] else "header", "")
        history = self._history(code)
        if not history:
            return DiagnosisOnDate("unknown", release.name)
        held = self.releases()
        after = [r for r in held if r.effective > release.effective]
        in_gap = on is not None and release.ends < on and after and on < after[0].effective
        now = history.get(release.effective)
        if in_gap and history.get(after[0].effective) is not None:
            now = bool(now) or history[after[0].effective]
        if now is None:
            return self._absent(code, release, history, in_gap)
        if now:
            return DiagnosisOnDate("valid", release.name)
        billable_before = [r for r in held if r.effective < release.effective and history.get(r.effective)]
        if billable_before:
            changed = self._next_after(billable_before[-1])
            return DiagnosisOnDate("expanded", release.name, changed.name if changed else "",
                                   self._instead(code, release))
        return DiagnosisOnDate("header", release.name, "", self._instead(code, release))

    def _absent(self, code: str, release: HeldRelease, history: dict[date, bool], in_gap: bool) -> DiagnosisOnDate:
        """A code the release in force lacks: deleted before it, or added after it (`changed_in` only when the
        release that did so is held, i.e. follows the one before without a gap)."""
        held = self.releases()
        earlier = [r for r in held if r.effective < release.effective and r.effective in history]
        if earlier:
            gone = self._next_after(earlier[-1])
            return DiagnosisOnDate("deleted", release.name, gone.name if gone else "", self._instead(code, release))
        later = [r for r in held if r.effective > release.effective and r.effective in history]
        exact = later and not in_gap and self._next_after(release) == later[0]
        return DiagnosisOnDate("not_yet", release.name, later[0].name if exact else "")

    def _next_after(self, release: HeldRelease) -> HeldRelease | None:
        """The release held that starts the day after `release` ends (None across a gap)."""
        return next((r for r in self.releases() if r.effective == release.ends + timedelta(days=1)), None)

    def _history(self, code: str) -> dict[date, bool]:
        """Release effective date -> billable, for the releases holding the code."""
        conn = self._connection()
        runs = spans(conn, code)
        held = self.releases()
        if not runs:
            row = conn.execute("SELECT billable FROM code WHERE system = 'icd10cm' AND code = ?", (code,)).fetchone()
            return {r.effective: bool(row[0]) for r in held} if row else {}
        return {r.effective: billable for r in held for first, last, billable in runs if first <= r.effective <= last}

    def _instead(self, code: str, release: HeldRelease) -> tuple[str, ...]:
        """Billable codes valid in `release` under the code, else under its nearest ancestor that has some."""
        conn = self._connection()
        for cut in range(len(code), 2, -1):
            prefix = code[:cut]
            rows = conn.execute(
                "SELECT code FROM code WHERE system = 'icd10cm' AND code > ? AND code < ? ORDER BY code LIMIT 200",
                (prefix, prefix + "\uffff")).fetchall()
            found = [c for (c,) in rows if c != code and self._history(c).get(release.effective)]
            if found:
                return tuple(dotted(c) for c in found[:MAX_SUGGESTIONS])
        return ()

    # ---- HCPCS -------------------------------------------------------------------------------
    def procedure(self, code: str, on: date | None) -> ProcedureOnDate:
        """Whether a HCPCS Level II code could be billed on `on`; 'unknown' for codes not in the file held."""
        row = self._connection().execute(
            "SELECT added, effective, terminated, action FROM hcpcs WHERE kind = 'procedure' AND code = ?",
            (code.strip().upper(),)).fetchone()
        if row is None:
            return ProcedureOnDate("unknown")
        added, effective, terminated, action = row
        since = date.fromisoformat(added) if added else (
            date.fromisoformat(effective) if effective and action == "A" else None)
        until = date.fromisoformat(terminated) if terminated else None
        if on is not None and since is not None and on < since:
            return ProcedureOnDate("not_yet", since, until)
        if on is not None and until is not None and on > until:
            return ProcedureOnDate("terminated", since, until)
        return ProcedureOnDate("valid", since, until)
