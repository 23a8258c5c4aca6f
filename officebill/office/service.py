"""The base of every area service: the Office it belongs to and the shared stores."""
from __future__ import annotations

from ..core.problems import Problem, ValidationFailed


def fail_if(problems: list[Problem]) -> None:
    """Raise ValidationFailed with every problem, when there are any."""
    if problems:
        raise ValidationFailed(problems)


class Service:
    """One area of the facade; writes go through `self._write(area)`, the Office's transaction."""

    def __init__(self, office, stores):
        self._office = office
        self._stores = stores

    def _write(self, *areas):
        return self._office.transaction(*areas)
