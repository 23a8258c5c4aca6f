"""RecordStore: the shared insert/update/get/list of a table that maps to one record type."""
from __future__ import annotations

from dataclasses import replace
from typing import Generic, TypeVar

import sqlite_utils

Record = TypeVar("Record")


class RecordStore(Generic[Record]):
    """Subclasses name their table and convert records to rows and back."""

    table: str = ""
    order_by: str = "id"

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def to_row(self, record: Record) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError

    def from_row(self, row: dict) -> Record:  # pragma: no cover - abstract
        raise NotImplementedError

    def _rows(self, where: str = "", params=(), order_by: str | None = None, limit: int | None = None,
              offset: int = 0) -> list[dict]:
        return list(
            self.db[self.table].rows_where(
                where or None, list(params), order_by=order_by or self.order_by, limit=limit,
                offset=offset or None,
            )
        )

    def get(self, record_id: int) -> Record | None:
        """One record by id: a single statement (sqlite-utils' rows_where also reads the table's columns)."""
        cursor = self.db.execute(f'SELECT * FROM "{self.table}" WHERE id = ?', [record_id])
        row = cursor.fetchone()
        return self.from_row(dict(zip([d[0] for d in cursor.description], row))) if row else None

    def list(self, active_only: bool = False) -> list[Record]:
        return [self.from_row(row) for row in self._rows("active = 1" if active_only else "")]

    def save(self, record: Record) -> Record:
        """Insert a record without an id, or update the one with its id; returns it with its id."""
        row = self.to_row(record)
        record_id = getattr(record, "id", None)
        if record_id is None:
            new_id = self.db[self.table].insert(row).last_pk
            return replace(record, id=new_id)
        self.db[self.table].update(record_id, row)
        return record

    def delete(self, record_id: int) -> None:
        self.db[self.table].delete(record_id)

    def exists(self, record_id: int | None) -> bool:
        return record_id is not None and bool(self._rows("id = ?", [record_id]))
