"""The Visits screen's claim check: which findings source to ask about a visit, and asking it.

A findings source is called with a `Visit` and returns findings (objects with
`message` and optional `severity`/`field`, or strings). By default it is the
facade's `Office.visit_findings` (the claim scrubber's visit-level rules);
`run_findings()` asks the source and shows the answer in a `FindingsBox`, and
a source that fails shows that instead of losing the visit.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..core.records import Visit
from .visit_findings import FindingsBox

FindingsSource = Callable[[Visit], list]


def facade_findings_source(office, today: Callable[[], date]) -> FindingsSource:
    """`office.visit_findings` as a findings source."""

    def facade_findings(visit: Visit) -> list:
        """The scrubber's visit-level findings, once the code database exists (before the first-start
        build is done, asking would build it here on the GUI thread)."""
        if not office.codes.ready():
            return []
        return office.visits.findings(visit, today())

    return facade_findings


def run_findings(source: FindingsSource | None, box: FindingsBox, visit: Visit, who: str) -> int:
    """Ask `source` about `visit`; show what it found in `box`. Returns how many."""
    if source is None:
        box.show_findings(visit, [], who)
        return 0
    try:
        found = list(source(visit) or [])
    except Exception as error:  # noqa: BLE001 - a checker failure must never lose the saved visit
        found = [f"The claim check could not run: {error}"]
    box.show_findings(visit, found, who)
    return len(found)
