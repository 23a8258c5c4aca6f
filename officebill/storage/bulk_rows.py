"""Many new rows of one table in one prepared statement, with the ids SQLite would have given them.

A store's single-row insert and its many-row insert both write through `insert_rows`, so
the rows (and the audit rows their triggers write) are the same whichever path wrote them.
The ids are counted on from the table's largest (the tables have no AUTOINCREMENT, so that
is the id SQLite itself gives a new row); call inside the write transaction, where nothing
else inserts meanwhile.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from .errors import OfficeFileError


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


def insert_records(store, records: Sequence) -> list:
    """New records of a `RecordStore` (no id yet) written as its `save` writes each, in one statement: returned
    with their ids."""
    ids = insert_rows(store.db, store.table, [store.to_row(record) for record in records])
    return [replace(record, id=record_id) for record, record_id in zip(records, ids)]


def insert_keyless(db, table: str, rows: Sequence[dict]) -> None:
    """Insert `rows` (dicts with the same keys) into a table keyed by its columns (no id of its own)."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{column}"' for column in columns)
    db.conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})',
                        [[row[column] for column in columns] for row in rows])


@contextmanager
def building_new_file(db, cache_mb: int = 64) -> Iterator[None]:
    """Build a new office file fast: while the block runs, no rollback journal, no waiting for the disk and a
    larger page cache; after it, the file's own settings back (WAL, as the open set them), and its pages and
    indexes checked (`PRAGMA quick_check`). Only for a file being filled from nothing (the many-year demo):
    a failure or a crash meanwhile leaves a file to throw away, not one to repair."""
    conn = db.conn
    journal, synchronous, cache = (conn.execute(f"PRAGMA {name}").fetchone()[0]
                                   for name in ("journal_mode", "synchronous", "cache_size"))
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute(f"PRAGMA cache_size = {-1024 * cache_mb}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {cache}")
        conn.execute(f"PRAGMA synchronous = {synchronous}")
        conn.execute(f"PRAGMA journal_mode = {journal}")
    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise OfficeFileError(f"The new office file did not pass its check ({'; '.join(problems[:3])}); "
                              "delete it and build it again.")
