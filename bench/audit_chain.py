"""Bench: the audit trail's hash chain at ten-year size (issue 12): verify, sealing rows as written, the upgrade.

Builds a temporary office whose audit holds --rows rows (default 500,000; the ten-year office has about
3 M) shaped like real ones (an update's changed columns, an insert's row), then times, median and p95:
- `office.audit.verify_chain()` walking the whole chain (--repeats times);
- writing 10,000 audit rows in one transaction with the sealing trigger, against the same without it;
- migration 0016 sealing the rows of a file written before the chain (once: it runs once per office);
- `office.audit.record_view` (200 openings), `office.audit.rows` for one user and for one patient, and
  `export_csv` of one user's rows.
The /work/scale offices are never opened.

    .venv/bin/python bench/audit_chain.py [--rows 500000] [--repeats 5]
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from officebill.office import Office
from officebill.storage import migrations
from officebill.storage.database import open_office_db

USERS = ("maria", "tom", "ann", "lee")
BATCH = 10_000


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def show(name: str, seconds: list[float]) -> None:
    print(f"{name:58} median {statistics.median(seconds) * 1000:10.2f} ms   p95 {p95(seconds) * 1000:10.2f} ms"
          f"   (n={len(seconds)})", flush=True)


def audit_row(n: int) -> tuple:
    """(who, tbl, row_id, action, before, after) like the stores' triggers write."""
    who = USERS[n % len(USERS)]
    if n % 5 == 0:
        return who, "patients", n % 20000 + 1, "view", None, None
    if n % 3 == 0:
        return (who, "visits", n // 3, "insert", None,
                f'{{"id":{n // 3},"patient_id":{n % 20000 + 1},"service_date":"2024-03-0{n % 9 + 1}",'
                '"provider_id":1,"facility_id":1,"status":"open","claim_codes":""}')
    return (who, "service_lines", n, "update", '{"charge_cents":12500,"units":1}',
            '{"charge_cents":13000,"units":2}')


def fill(db, rows: int) -> None:
    insert = "INSERT INTO audit (who, tbl, row_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?)"
    for start in range(0, rows, 50_000):
        with db.atomic():
            db.conn.executemany(insert, (audit_row(n) for n in range(start, min(rows, start + 50_000))))


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}; {args.rows:,} audit rows")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "office.db"
        office = Office.create(path)
        started = time.perf_counter()
        fill(office._db, args.rows)
        print(f"filled {args.rows:,} rows through the sealing trigger in {time.perf_counter() - started:.1f} s")
        print(f"file {path.stat().st_size / 1e6:,.0f} MB", flush=True)

        reports = []
        show("verify_chain (whole chain)",
             [timed(lambda: reports.append(office.audit.verify_chain())) for _ in range(args.repeats)])
        assert reports[-1].ok and reports[-1].rows >= args.rows, reports[-1]

        db = office._db
        sealed = [timed(lambda: fill(db, BATCH)) for _ in range(args.repeats)]
        db.conn.execute("DROP TRIGGER temp.audit_seal_insert")
        unsealed = [timed(lambda: fill(db, BATCH)) for _ in range(args.repeats)]
        show(f"write {BATCH:,} audit rows, sealed", sealed)
        show(f"write {BATCH:,} audit rows, not sealed (the cost of sealing)", unsealed)
        office.close()

        office = Office.open(path)
        show("record_view (one opening of a record: its own transaction)",
             [timed(lambda n=n: office.audit.record_view("patient", n + 1)) for n in range(200)])
        show("rows(user=..., limit=200)", [timed(lambda: office.audit.rows(user="ann")) for _ in range(args.repeats)])
        show("rows(patient_id=..., limit=200)",
             [timed(lambda: office.audit.rows(patient_id=4321)) for _ in range(args.repeats)])
        out = Path(folder) / "ann.csv"
        show("export_csv(user=...) (a quarter of the rows)",
             [timed(lambda: office.audit.export_csv(out, user="ann")) for _ in range(max(1, args.repeats // 2))])
        office.close()

        old = Path(folder) / "old.db"
        names = [name for name, _ in migrations.MIGRATIONS]
        keep = migrations.MIGRATIONS
        migrations.MIGRATIONS = keep[:names.index("0016_audit_chain")]
        try:
            db = open_office_db(old, create=True)
            fill(db, args.rows)
            db.close()
        finally:
            migrations.MIGRATIONS = keep
        show("upgrade: migration 0016 sealing the rows already there", [timed(lambda: open_office_db(old).close())])
        office = Office.open(old)
        assert office.audit.verify_chain().ok
        office.close()


if __name__ == "__main__":
    main()
