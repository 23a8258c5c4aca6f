"""Validation problems: each names the field and says how to fix it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with input: which field, and a message saying how to fix it."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class UserError(Exception):
    """A problem the user can fix; the message says what is wrong and how to fix it."""


class ValidationFailed(UserError):
    """Raised by the facade when input has problems; nothing was written."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    def for_field(self, field: str) -> list[Problem]:
        return [p for p in self.problems if p.field == field]


class Collector:
    """Gathers problems while validating, then raises them all at once."""

    def __init__(self, prefix: str = ""):
        self.problems: list[Problem] = []
        self.prefix = prefix

    def add(self, field: str, message: str | None) -> None:
        if message:
            self.problems.append(Problem(self.prefix + field, message))

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ValidationFailed(self.problems)
