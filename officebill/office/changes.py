"""What a write changed: every facade write returns an `Outcome` carrying `Changes`.

The window listens once (`Office.subscribe`) and refreshes only the screens
whose areas changed, instead of each screen guessing (Anki's `OpChanges`).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

T = TypeVar("T")


class Area(str, Enum):
    """The parts of the office a write can change; screens refresh by area."""

    SETUP = "setup"  # practice, providers, facilities, payers, settings
    PROCEDURES = "procedures"
    PATIENTS = "patients"  # patients and their policies
    VISITS = "visits"
    CLAIMS = "claims"
    CODES = "codes"  # the code database (imports)
    MONEY = "money"  # the ledger, deposits and payments (balances everywhere)
    FILE = "file"  # the whole office file (restore, another program's writes)


@dataclass(frozen=True)
class Changes:
    """The areas one action changed."""

    areas: frozenset[Area] = frozenset()

    @classmethod
    def of(cls, *areas: Area) -> Changes:
        return cls(frozenset(areas))

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.areas | other.areas)

    def __bool__(self) -> bool:
        return bool(self.areas)

    def touches(self, *areas: Area) -> bool:
        """True when any of `areas` changed (FILE means everything did)."""
        return Area.FILE in self.areas or any(area in self.areas for area in areas)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """The result of a write (`value`: what was saved or made) and what it changed."""

    value: T
    changes: Changes
