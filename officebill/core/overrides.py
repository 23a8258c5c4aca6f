"""A biller's override of a scrubber finding: which visit, rule and field, the written reason, who and when.

Only findings of rules marked overridable (`claims.rules_base.rule(..., overridable=True)`) can be
overridden, where the guidelines allow an exception (Excludes1 for unrelated conditions, ICD-10-CM
guideline I.A.12.a); the reason is kept on the claim's history and in the audit trail.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

REASON_MIN_WORDS = 3  # "a reason of at least a few words"
REASON_MIN_CHARS = 15
REASON_MAX_CHARS = 500


@dataclass(frozen=True, kw_only=True)
class FindingOverride:
    """The finding `rule` on `field` of the visit's claims no longer blocks printing, for `reason`."""

    id: int | None = None
    visit_id: int
    rule: str
    field: str
    reason: str
    who: str = ""
    at: datetime | None = None


def reason_problem(reason: str) -> str | None:
    """What is wrong with an override's written reason, or None when it will do."""
    text = " ".join((reason or "").split())
    if len(text.split()) < REASON_MIN_WORDS or len(text) < REASON_MIN_CHARS:
        return (f"Write why the finding does not apply, in at least {REASON_MIN_WORDS} words (for example "
                "\"conditions unrelated: fracture healed, new injury\"); the reason is kept with the claim.")
    if len(text) > REASON_MAX_CHARS:
        return f"Keep the reason under {REASON_MAX_CHARS} characters."
    return None
