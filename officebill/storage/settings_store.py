"""Store for office settings: small named values kept as text."""
from __future__ import annotations

import json


class SettingsStore:
    def __init__(self, db):
        self.db = db

    def get(self, key: str, default=None):
        rows = list(self.db["settings"].rows_where("key = ?", [key]))
        return json.loads(rows[0]["value"]) if rows else default

    def set(self, key: str, value) -> None:
        self.db["settings"].upsert({"key": key, "value": json.dumps(value)}, pk="key")

    def all(self) -> dict:
        return {row["key"]: json.loads(row["value"]) for row in self.db["settings"].rows}
