"""Is this file an office OfficeBill can read? Schema, integrity, and every row the program reads.

`content_problems(path)` says, in words, everything found wrong with a file
(empty list: it can be restored or opened). It opens the file read-only and
never writes. `structure_problems` is the cheap part (tables and columns only)
that every open runs.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from . import migrations
from .audit_chain import register_seal_function
from .errors import UNREADABLE
from .keyfile import SQLITE_HEADER

OFFICE_MARKERS = ("migrations", "practice")
CODE_DB_MARKERS = ("code", "meta", "hcpcs")

# Columns whose text the program turns into dates, times or JSON.
DATE_COLUMNS = {
    "patients": ("dob",), "policies": ("insured_dob", "effective", "end_date"),
    "visits": ("service_date", "onset_date", "other_date", "unable_to_work_from", "unable_to_work_to",
               "hospitalized_from", "hospitalized_to"),
    "service_lines": ("from_date", "to_date"), "claims": ("created", "printed"),
}
TIME_COLUMNS = {"claim_status_history": ("at",), "audit": ("at",), "migrations": ("applied_at",)}
JSON_COLUMNS = {"settings": ("value",), "claims": ("snapshot",), "audit": ("before", "after")}
MAX_LISTED = 10


@lru_cache(maxsize=8)
def _schema_of(scripts: tuple[str, ...]) -> dict[str, dict[str, str]]:
    conn = sqlite3.connect(":memory:")
    register_seal_function(conn)  # migration 0016 calls it
    try:
        for script in scripts:
            conn.executescript(script)
        conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        return _tables(conn)
    finally:
        conn.close()


def expected_schema(version: int, all_migrations=None) -> dict[str, dict[str, str]]:
    """{table: {column: declared type}} of a file with the first `version` migrations applied."""
    chosen = (all_migrations if all_migrations is not None else migrations.MIGRATIONS)[:version]
    return _schema_of(tuple(script for _name, script in chosen))


def _tables(conn: sqlite3.Connection) -> dict[str, dict[str, str]]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name: {r[1]: (r[2] or "").upper() for r in conn.execute(f'PRAGMA table_info("{name}")')}
            for name in names}


def table_names(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}


def structure_problems(conn: sqlite3.Connection, version: int, all_migrations=None) -> list[str]:
    """Tables or columns that a file of schema `version` must have and this one lacks."""
    found = _tables(conn)
    problems = []
    for table, columns in expected_schema(version, all_migrations).items():
        if table not in found:
            problems.append(f"the {table} table is missing")
            continue
        missing = sorted(set(columns) - set(found[table]))
        if missing:
            problems.append(f"the {table} table lacks the column(s) {', '.join(missing)}")
    return problems or schema_problems(conn)


def schema_problems(conn: sqlite3.Connection) -> list[str]:
    """Definitions (tables, indexes, triggers) that SQLite would reject when opening the file for writing.

    A read-only connection forgives a damaged CHECK or index definition that a
    normal one refuses ("malformed database schema"), so the definitions are
    replayed, strictly, into an empty in-memory database."""
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                        "AND name NOT LIKE 'sqlite_%' ORDER BY rowid").fetchall()
    replay = sqlite3.connect(":memory:")
    problems = []
    try:
        virtual = [name for kind, name, sql in rows if sql.upper().startswith("CREATE VIRTUAL TABLE")]
        for kind, name, sql in rows:
            if kind == "table" and any(name.startswith(v + "_") for v in virtual):
                continue  # an FTS5 table's own storage: made again by its CREATE VIRTUAL TABLE
            try:
                replay.execute(sql)
            except UNREADABLE as exc:
                problems.append(f"the definition of the {kind} {name} is damaged ({exc})")
    finally:
        replay.close()
    return problems


def _value_problem(table: str, column: str, declared: str, value) -> str | None:
    if value is None:
        return None
    if declared == "INTEGER" and (isinstance(value, bool) or not isinstance(value, int)):
        what = "an amount" if column.endswith("_cents") else "a whole number"
        return f"{column} should be {what} but holds {value!r:.40}"
    if column in DATE_COLUMNS.get(table, ()):
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            return f"{column} is not a date: {value!r:.40}"
    elif column in TIME_COLUMNS.get(table, ()):
        try:
            datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return f"{column} is not a time: {value!r:.40}"
    elif column in JSON_COLUMNS.get(table, ()):
        try:
            json.loads(value)
        except (TypeError, ValueError):
            return f"{column} does not hold readable data (JSON)"
    elif declared == "TEXT" and not isinstance(value, str):
        return f"{column} should be text but holds {type(value).__name__}"
    return None


def row_problems(conn: sqlite3.Connection, version: int, all_migrations=None) -> list[str]:
    """Rows whose values the program could not read: bad text, dates, JSON, amounts, numbers."""
    problems: list[str] = []
    virtual = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")]
    for table, columns in expected_schema(version, all_migrations).items():
        if any(table == v or table.startswith(v + "_") for v in virtual):
            continue  # a search index (FTS5) and its storage: made from other tables, checked by integrity_check
        names = list(columns)
        quoted = ", ".join(f'"{column}"' for column in names)
        query = f'SELECT rowid, {quoted} FROM "{table}"'
        try:
            for row in conn.execute(query):
                for column, value in zip(names, row[1:]):
                    problem = _value_problem(table, column, columns[column], value)
                    if problem:
                        problems.append(f"{table} row {row[0]}: {problem}")
                        if len(problems) >= MAX_LISTED:
                            return problems
        except UNREADABLE as exc:  # also text that is not valid UTF-8
            problems.append(f"the {table} table cannot be read ({exc})")
    return problems


def record_problems(path: Path) -> list[str]:
    """Rows that the stores themselves fail to turn into records (current schema only)."""
    import sqlite_utils

    from .cipher import connect_readonly
    from .claim_store import ClaimStore
    from .patient_stores import PatientStore, PolicyStore
    from .procedure_store import ProcedureStore
    from .settings_store import SettingsStore
    from .setup_stores import FacilityStore, PayerStore, PracticeStore, ProviderStore
    from .visit_store import VisitStore

    conn = connect_readonly(path)
    db = sqlite_utils.Database(conn)
    problems: list[str] = []
    try:
        for store in (PatientStore, PolicyStore, ProcedureStore, FacilityStore, PayerStore, ProviderStore,
                      VisitStore):
            reader = store(db)
            for row in db[reader.table].rows:
                try:
                    reader.from_row(row)
                except Exception as exc:  # noqa: BLE001 - any failure means the row cannot be shown
                    problems.append(f"{reader.table} row {row.get('id')} cannot be read ({exc})")
        claims = ClaimStore(db)
        for row in db["claims"].rows:
            try:
                claims._from_row(row)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"claims row {row.get('id')} cannot be read ({exc})")
        for reader in (lambda: PracticeStore(db).get(), lambda: SettingsStore(db).all()):
            try:
                reader()
            except Exception as exc:  # noqa: BLE001
                problems.append(f"the office settings cannot be read ({exc})")
    except UNREADABLE as exc:
        problems.append(f"the file cannot be read ({exc})")
    finally:
        conn.close()
    return problems[:MAX_LISTED]


def content_problems(path: Path) -> list[str]:
    """Everything that stops `path` from being used as this version's office; empty when it can be.

    Checks, in order: a regular SQLite file; PRAGMA integrity_check and
    foreign_key_check; an OfficeBill office (migrations and practice tables,
    a schema version this program knows); every table and column of that
    version; every row readable (UTF-8 text, ISO dates and times, JSON,
    whole-number amounts); and, at the current version, every record
    decodable by the stores.
    """
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        return [f"the file cannot be read ({exc.strerror or exc})"]
    from .cipher import connect_readonly, key_for
    from .errors import OfficeFileError

    key = None
    if header != SQLITE_HEADER:
        key = key_for(path)
        if key is None:
            return ["integrity check: it is not a SQLite database (an OfficeBill office or backup is one), or it "
                    "is encrypted with a key this program has not unlocked (sign in to its office first, or "
                    "use its recovery key)"]
    try:
        conn = connect_readonly(path, key)
    except (*UNREADABLE, OfficeFileError) as exc:
        return [f"it cannot be opened ({exc})"]
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
        problems = [f"integrity check: {r}" for r in integrity if r != "ok"]
        if problems:
            return problems[:MAX_LISTED]
        for row in conn.execute("PRAGMA foreign_key_check").fetchmany(MAX_LISTED):
            problems.append(f"{row[0]} row {row[1]} points at a missing {row[2]} row")
        if problems:
            return problems
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = table_names(conn)
        if not all(name in tables for name in OFFICE_MARKERS) or version < 1:
            missing = [name for name in OFFICE_MARKERS if name not in tables]
            reason = f"the {' and '.join(missing)} table(s) are missing" if missing else "its schema version is 0"
            return [f"it is not an OfficeBill office file ({reason})"]
        if version > len(migrations.MIGRATIONS):
            return [f"it comes from a newer OfficeBill (schema {version}, this version knows "
                    f"{len(migrations.MIGRATIONS)}); install the newer version"]
        problems = structure_problems(conn, version) or row_problems(conn, version)
    except UNREADABLE as exc:
        return [f"it cannot be read ({exc})"]
    finally:
        conn.close()
    if problems:
        return problems
    if version == len(migrations.MIGRATIONS):
        return record_problems(path)
    return []
