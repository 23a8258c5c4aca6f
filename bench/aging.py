"""Bench: A/R aging (issues 9 and 16) on the demo office and on the ten-year office, median and p95.

Times `office.money.aging` and `office.reports.aging`, by payer and by patient, dated by service and
by the date first billed, against the 500 ms target; then, for the record, the month-end summary of a
year, a month's day sheet and the unpaid-claims list (no targets). On the ten-year office it also times
the migration that brings an older file up to date (it runs once for a real office; it includes the
backup taken before migrating, and each migration's share is printed).

    .venv/bin/python bench/aging.py [--db /work/scale/gen10-b.db] [--source /work/scale/gen10.db]
        [--today 2026-06-01] [--repeats 15] [--skip-demo]

When --db does not exist it is copied from --source first (the source is never opened for writing).
The backup this bench's migration makes beside --db is deleted afterwards (--keep-backup keeps it).
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_MS = 500


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(name: str, times: tuple[list[float], list[float]], target: float | None = TARGET_MS,
           note: str = "") -> None:
    """Wall-clock median and p95 against the target, and the median CPU time of this process (on a shared
    machine the wall clock includes waiting for a core; the CPU time is what the work itself costs)."""
    wall, cpu = times
    median, high = statistics.median(wall) * 1000, p95(wall) * 1000
    verdict = "" if target is None else ("  ok" if high < target else "  OVER")
    goal = f"target < {target} ms" if target else "(no target)"
    print(f"  {name:40} median {median:8.1f} ms  p95 {high:8.1f} ms  cpu {statistics.median(cpu) * 1000:7.1f} ms"
          f"  {goal}{verdict}  (n={len(wall)}){note}", flush=True)


def timed(action, repeats: int) -> tuple[list[float], list[float]]:
    action()  # warm the page cache once, as a window that has been open a while would be
    wall, cpu = [], []
    for _ in range(repeats):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - begin)
        cpu.append(time.process_time() - begin_cpu)
    return wall, cpu


def open_migrating(path: Path):
    """Office.open, timing each pending migration (from its start to the next one's) and the backup."""
    from officebill.office import Office
    from officebill.storage import backup, database

    marks: list[tuple[str, float]] = []
    split, copy = database.split_script, backup.copy_database

    def marking_split(script):
        marks.append((next(name for name, sql in database.migrations.MIGRATIONS if sql == script),
                      time.perf_counter()))
        return split(script)

    def marking_copy(source, target):
        marks.append(("backup before migrating", time.perf_counter()))
        copy(source, target)
        marks.append(("(migrations)", time.perf_counter()))

    database.split_script, backup.copy_database = marking_split, marking_copy
    try:
        started = time.perf_counter()
        office = Office.open(path)
        ended = time.perf_counter()
    finally:
        database.split_script, backup.copy_database = split, copy
    if marks:
        print(f"  migrating to the current schema: {ended - started:.1f} s in all")
        for (name, at), (_, following) in zip(marks, [*marks[1:], ("end", ended)]):
            if name != "(migrations)":
                print(f"    {name:40} {following - at:7.2f} s")
    return office


def bench_office(office, today: date, repeats: int, unpaid: bool = True) -> None:
    counts = office._db.execute("SELECT (SELECT count(*) FROM ledger), (SELECT count(*) FROM open_balances), "
                                "(SELECT count(*) FROM open_balances WHERE amount_cents != 0)").fetchone()
    print(f"  ledger rows {counts[0]:,}; kept balances {counts[1]:,}, of which open {counts[2]:,}")
    for by in ("payer", "patient"):
        for dated_by in ("service", "billed"):
            rows = office.money.aging(by, today, dated_by)
            report(f"office.money.aging {by}, {dated_by}", timed(lambda: office.money.aging(by, today, dated_by),
                                                                repeats), note=f"  {len(rows):,} rows")
            report(f"office.reports.aging {by}, {dated_by}",
                   timed(lambda: office.reports.aging(by, dated_by, today), repeats))
    year_start = date(today.year - 1, today.month, 1)
    few = max(3, repeats // 5)
    report("month end, 12 months", timed(lambda: office.reports.month_end(year_start, today), few), None)
    report("day sheet, one month", timed(lambda: office.reports.daysheet(today - timedelta(days=30), today), few),
           None)
    if unpaid:
        rows = len(office.reports.unpaid(90, today).rows)
        report("unpaid claims over 90 days", timed(lambda: office.reports.unpaid(90, today), few), None,
               f"  {rows:,} claims")
    started = time.perf_counter()
    problems = office.money.verify()
    print(f"  office.money.verify (kept balances against the ledger): {time.perf_counter() - started:.1f} s, "
          f"{len(problems)} problem(s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("/work/scale/gen10-b.db"))
    parser.add_argument("--source", type=Path, default=Path("/work/scale/gen10.db"))
    parser.add_argument("--today", default="2026-06-01")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--skip-unpaid", action="store_true", help="the unpaid list of a payment-less office is long")
    parser.add_argument("--keep-backup", action="store_true")
    args = parser.parse_args()
    today = date.fromisoformat(args.today)
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores (shared), Python "
          f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")

    from officebill.office import Office
    from officebill.storage.backup import backups_dir

    if not args.skip_demo:
        with tempfile.TemporaryDirectory() as folder:
            demo = Path(folder) / "demo.db"
            subprocess.run([sys.executable, "-m", "officebill.cli", "--db", str(demo), "demo", "--today",
                            args.today], check=True, stdout=subprocess.DEVNULL)
            print(f"demo office ({demo.stat().st_size / 1e6:.1f} MB)")
            with Office.open(demo) as office:
                bench_office(office, today, args.repeats)

    if not args.db.exists():
        started = time.perf_counter()
        shutil.copyfile(args.source, args.db)
        args.db.chmod(0o600)  # an office file is owner-only, like the one it was copied from
        print(f"copied {args.source} to {args.db} in {time.perf_counter() - started:.1f} s")
    before = set(backups_dir(args.db).glob("*")) if backups_dir(args.db).exists() else set()
    print(f"ten-year office {args.db} ({args.db.stat().st_size / 1e9:.2f} GB)")
    office = open_migrating(args.db)
    try:
        bench_office(office, today, args.repeats, not args.skip_unpaid)
    finally:
        office.close()
    mine = f"{args.db.stem}-*-before-migration-*"  # only this file's backups, made by this run
    made = (set(backups_dir(args.db).glob(mine)) - before) if backups_dir(args.db).exists() else set()
    for path in made:
        if args.keep_backup:
            print(f"  the migration's backup is kept: {path}")
        else:
            path.unlink()


if __name__ == "__main__":
    main()
