"""Store for the billers' overrides of scrubber findings (table `finding_overrides`, audited).

One row per visit, rule and field: the written reason, who and when. An override follows the visit, so
a claim made again from it (after a void, or a correction) keeps it.
"""
from __future__ import annotations

from datetime import datetime

from ..core.overrides import FindingOverride


def _override(row) -> FindingOverride:
    return FindingOverride(id=row[0], visit_id=row[1], rule=row[2], field=row[3], reason=row[4], who=row[5],
                           at=datetime.fromisoformat(row[6]))


_COLUMNS = "id, visit_id, rule, field, reason, who, at"


class OverrideStore:
    def __init__(self, db):
        self.db = db

    def for_visit(self, visit_id: int) -> list[FindingOverride]:
        """The visit's overrides, oldest first."""
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM finding_overrides WHERE visit_id = ? ORDER BY id",
                               [visit_id])
        return [_override(r) for r in rows]

    def reasons(self, visit_id: int) -> dict[tuple[str, str], str]:
        """(rule, field) -> reason for the visit (what the scrubber applies)."""
        return {(o.rule, o.field): o.reason for o in self.for_visit(visit_id)}

    def save(self, override: FindingOverride) -> FindingOverride:
        """Record the override, replacing the reason of one already kept for the same visit, rule and field."""
        at = override.at or datetime.now().replace(microsecond=0)
        self.db.execute(
            "INSERT INTO finding_overrides (visit_id, rule, field, reason, who, at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (visit_id, rule, field) DO UPDATE SET reason = excluded.reason, who = excluded.who, "
            "at = excluded.at",
            [override.visit_id, override.rule, override.field, override.reason, override.who,
             at.isoformat(timespec="seconds")])
        row = self.db.execute(f"SELECT {_COLUMNS} FROM finding_overrides WHERE visit_id = ? AND rule = ? "
                              "AND field = ?", [override.visit_id, override.rule, override.field]).fetchone()
        return _override(row)

    def delete(self, visit_id: int, rule: str, field: str) -> FindingOverride | None:
        """Withdraw the override; returns what was withdrawn (None when there was none)."""
        row = self.db.execute(f"SELECT {_COLUMNS} FROM finding_overrides WHERE visit_id = ? AND rule = ? "
                              "AND field = ?", [visit_id, rule, field]).fetchone()
        if row is None:
            return None
        self.db.execute("DELETE FROM finding_overrides WHERE id = ?", [row[0]])
        return _override(row)
