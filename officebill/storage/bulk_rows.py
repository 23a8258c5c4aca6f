"""Many new rows of one table in one prepared statement, with the ids SQLite would have given them.

A store's single-row insert and its many-row insert both write through `insert_rows`, so
the rows (and the audit rows their triggers write) are the same whichever path wrote them.
The ids are counted on from the table's largest (the tables have no AUTOINCREMENT, so that
is the id SQLite itself gives a new row); call inside the write transaction, where nothing
else inserts meanwhile.
"""
from __future__ import annotations

from collections.abc import Sequence


def next_id(db, table: str) -> int:
    """The id the next row inserted into `table` gets (inside the write transaction)."""
    return db.conn.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"').fetchone()[0]


def insert_rows(db, table: str, rows: Sequence[dict], ids: Sequence[int | None] | None = None) -> list[int]:
    """Insert `rows` (dicts with the same keys, no id) into `table`; returns their ids, in order.

    A row whose entry in `ids` is an int is written with that id (one the caller counted on from
    `next_id`); the others get the next free ids, in order."""
    if not rows:
        return []
    given = list(ids) if ids is not None else [None] * len(rows)
    if None in given:
        counter = max([next_id(db, table), *(i + 1 for i in given if i is not None)])
        for index, row_id in enumerate(given):
            if row_id is None:
                given[index], counter = counter, counter + 1
    columns = list(rows[0])
    names = ", ".join(f'"{column}"' for column in columns)
    marks = ", ".join("?" * (len(columns) + 1))
    db.conn.executemany(f'INSERT INTO "{table}" (id, {names}) VALUES ({marks})',
                        [(row_id, *[row[column] for column in columns]) for row_id, row in zip(given, rows)])
    return given


def insert_keyless(db, table: str, rows: Sequence[dict]) -> None:
    """Insert `rows` (dicts with the same keys) into a table keyed by its columns (no id of its own)."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{column}"' for column in columns)
    db.conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})',
                        [[row[column] for column in columns] for row in rows])
