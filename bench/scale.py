"""Bench: every screen of a ten-year office (issue 16), in-process, median and p95 against the target.

Builds the ten-year office with `officebill-cli demo --years 10 --patients 20000` (or reuses the
file given with --db), opens it, and times each operation of the issue's table:

    open the Claims screen, switch to the Ready and Void tabs, move the selection to the next claim,
    `claims make` for one day's 40 new visits, `claims check` on the unprinted claims, patient search
    (keystroke to repainted list), procedure picker suggestions (first keystroke after a save),
    the recent visits panel (and its SQL statement count), and the memory RSS with the office open.

Writes (make, check) run inside a transaction that is rolled back, so the file is reused unchanged.
The file size by table (dbstat) is printed first; the bench also runs on the older code (it only
asks for facade calls that existed before the scale work), which is how the "before" column was
taken.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/scale.py [--db FILE] [--years 10] [--patients 20000]
        [--today 2026-06-01] [--check-limit N]
"""
from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGETS_MS = {
    "open the Claims screen": 150, "switch to the Ready tab": 100, "switch to the Void tab": 100,
    "move the selection to the next claim": 50, "claims make, one day's 40 new visits": 1000,
    "claims check on the unprinted claims": 2000, "patient search keystroke": 30,
    "procedure picker, first keystroke after a save": 30, "recent visits panel": 50,
    "A/R aging by payer": 500, "A/R aging by patient": 500,
}


class Rollback(Exception):
    pass


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(name: str, times: list[float], note: str = "") -> None:
    target = TARGETS_MS.get(name)
    median, high = statistics.median(times) * 1000, p95(times) * 1000
    verdict = "" if target is None else ("  ok" if high < target else "  OVER")
    print(f"{name:48} median {median:9.1f} ms  p95 {high:9.1f} ms  target < {target} ms{verdict}"
          f"  (n={len(times)}){'  ' + note if note else ''}", flush=True)


def sizes_by_table(path: Path) -> list[tuple[str, int]]:
    """(table with its indexes, bytes), largest first: dbstat when SQLite has it, else page counts."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        owner = {name: tbl for name, tbl in conn.execute("SELECT name, tbl_name FROM sqlite_master")}
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    finally:
        conn.close()
    totals: dict[str, int] = {}
    for name, size in rows:
        table = owner.get(name, name)
        totals[table] = totals.get(table, 0) + size
    return sorted(totals.items(), key=lambda item: -item[1])


def print_sizes(path: Path) -> None:
    sizes = sizes_by_table(path)
    print(f"file {path}: {path.stat().st_size / 1e6:,.1f} MB; by table (with its indexes):")
    for table, size in sizes[:12]:
        print(f"  {table:28} {size / 1e6:10,.1f} MB")


def timed(action, repeats: int, budget_s: float = 60.0) -> list[float]:
    times, started = [], time.perf_counter()
    for _ in range(repeats):
        begin = time.perf_counter()
        action()
        times.append(time.perf_counter() - begin)
        if time.perf_counter() - started > budget_s:
            break
    return times


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("/work/scale/office10.db"))
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--patients", type=int, default=20000)
    parser.add_argument("--today", default="2026-06-01")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--check-limit", type=int, help="check only this many unprinted claims (slow old code)")
    args = parser.parse_args()
    today = date.fromisoformat(args.today)
    if not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "officebill.cli", "--db", str(args.db), "demo", "--years",
                        str(args.years), "--patients", str(args.patients), "--today", args.today], check=True)
        print(f"built {args.db} in {time.perf_counter() - started:.0f} s")
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}")

    from PySide6.QtWidgets import QApplication

    from officebill.core.money import Money
    from officebill.core.records import ServiceLine, Visit
    from officebill.gui.claims_view import ClaimsView
    from officebill.gui.visit_recent import recent_visit_rows
    from officebill.office import Office

    app = QApplication.instance() or QApplication([])
    office = Office.open(args.db)
    office.codes.ensure_built()  # the code database is built once per machine, not part of any screen
    office.codes.releases()  # opens the code index, as the first screen does
    print_sizes(args.db)
    print(f"RSS with the office open: {rss_mb():.0f} MB", flush=True)
    gc.freeze()  # as the window does once it shows (gui/app.py): what lasts the session is not walked again
    db = office._db

    # ---- the Claims screen
    holder = {}

    def open_screen():
        holder["view"] = view = ClaimsView(office)
        view.resize(1366, 720)
        view.show()
        app.processEvents()

    report("open the Claims screen", timed(open_screen, 3 if args.repeats > 3 else args.repeats, 90))
    view = holder["view"]
    for name, tab in (("switch to the Ready tab", 1), ("switch to the Void tab", 3)):
        def switch(tab=tab):
            view.tabs.setCurrentIndex(0)
            app.processEvents()
            begin = time.perf_counter()
            view.tabs.setCurrentIndex(tab)
            view.claim_table.viewport().repaint()
            app.processEvents()
            return time.perf_counter() - begin
        times = []
        for _ in range(min(args.repeats, 5)):
            times.append(switch())
            if sum(times) > 90:
                break
        report(name, times)
    view.tabs.setCurrentIndex(2)  # printed: the longest list
    app.processEvents()

    def next_claim():
        index = view.claim_table.currentIndex()
        view.claim_table.setCurrentIndex(index.siblingAtRow(index.row() + 1))
        view.claim_table.viewport().repaint()
        app.processEvents()

    report("move the selection to the next claim", timed(next_claim, args.repeats, 60))
    print(f"RSS after the Claims screen and its tabs: {rss_mb():.0f} MB "
          f"(peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)", flush=True)

    # ---- claims make for one day's 40 new visits (rolled back)
    day = today
    patients = [r[0] for r in db.execute(
        "SELECT DISTINCT patient_id FROM visits WHERE status = 'billed' ORDER BY patient_id LIMIT 200")]
    provider = office.setup.providers()[0]
    facility = office.setup.facilities()[0]
    wanted = []
    for patient_id in patients:
        policies = office.patients.policies(patient_id)
        if policies and policies[0].covers(day):
            wanted.append(patient_id)
        if len(wanted) == 40:
            break

    def make_day():
        try:
            with office.transaction():
                ids = [office.visits.save(Visit(
                    patient_id=p, service_date=day, provider_id=provider.id, facility_id=facility.id, pos="11",
                    diagnoses=("I10",), lines=(ServiceLine(from_date=day, code="99213", charge=Money(12500)),)),
                    today).value.id for p in wanted]
                begin = time.perf_counter()
                made = office.claims.make(ids, today=today).value
                holder["make"] = (time.perf_counter() - begin, len(made.made), len(made.skipped))
                raise Rollback
        except Rollback:
            pass
        return holder["make"][0]

    times = [make_day() for _ in range(3)]
    report("claims make, one day's 40 new visits", times, f"made {holder['make'][1]}, skipped {holder['make'][2]}")

    # ---- claims check on the unprinted claims (rolled back; audit rows written counted)
    unprinted = [r[0] for r in db.execute("SELECT id FROM claims WHERE status IN ('draft', 'ready') ORDER BY id")]
    chosen = unprinted[:args.check_limit] if args.check_limit else unprinted

    def check_all():
        try:
            with office.transaction():
                audit_before = db.execute("SELECT count(*), coalesce(sum(length(before) + length(after)), 0) "
                                          "FROM audit").fetchone()
                begin = time.perf_counter()
                office.claims.check(chosen, today=today)
                holder["check"] = time.perf_counter() - begin
                audit_after = db.execute("SELECT count(*), coalesce(sum(length(before) + length(after)), 0) "
                                         "FROM audit").fetchone()
                holder["audit"] = (audit_after[0] - audit_before[0], audit_after[1] - audit_before[1])
                raise Rollback
        except Rollback:
            pass
        return holder["check"]

    times = [check_all() for _ in range(2 if args.check_limit else 3)]
    report("claims check on the unprinted claims", times,
           f"{len(chosen)} of {len(unprinted)} unprinted; audit written per check: {holder['audit'][0]} rows, "
           f"{holder['audit'][1] / 1e6:.2f} MB")

    # ---- patient search: keystroke to repainted list (the facade's find + count of the Patients screen)
    from PySide6.QtTest import QTest

    from officebill.gui.patients_view import PatientsView

    patients_view = PatientsView(office)
    patients_view.resize(1200, 700)
    patients_view.show()
    app.processEvents()
    sample = office.patients.find("", 1, office.patients.count() // 2)[0]
    times = []
    for text in ("rivera", sample.last_name[:5].lower(), sample.account):
        patients_view.search.clear()
        app.processEvents()
        for char in text:
            begin = time.perf_counter()
            QTest.keyClick(patients_view.search, char)
            patients_view.table.viewport().repaint()
            app.processEvents()
            times.append(time.perf_counter() - begin)
    report("patient search keystroke", times, "typing 'rivera', a last name and an account")

    # ---- procedure picker: the office's suggestions on the first keystroke after a save
    def picker_after_save():
        with office.transaction():  # a save: the data stamp changes, so the picker reads its suggestions again
            db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('bench_marker', ?)",
                       [f'"{time.time()}"'])
        begin = time.perf_counter()
        office.codes._picker_context("procedure", None)
        return time.perf_counter() - begin

    times = [picker_after_save() for _ in range(min(args.repeats, 10))]
    report("procedure picker, first keystroke after a save", times, "office list, favorites, most used codes")

    # ---- recent visits panel
    statements = []
    db.conn.set_trace_callback(statements.append)
    rows = recent_visit_rows(office, today)
    db.conn.set_trace_callback(None)
    report("recent visits panel", timed(lambda: recent_visit_rows(office, today), min(args.repeats, 10), 60),
           f"{len(rows)} rows, {len(statements)} SQL statements")
    # ---- the money reports (issue 9), when this code has them (bench/aging.py has the detail)
    if hasattr(office, "reports"):
        for by in ("payer", "patient"):
            rows = len(office.reports.aging(by, "service", today).rows)
            report(f"A/R aging by {by}", timed(lambda: office.reports.aging(by, "service", today), args.repeats, 60),
                   f"{rows} rows, dated by service")
        year_ago = date(today.year - 1, today.month, 1)
        report("month-end summary, 12 months", timed(lambda: office.reports.month_end(year_ago, today), 3, 60))
        report("day sheet, one month", timed(lambda: office.reports.daysheet(today.replace(day=1), today), 3, 60))
    print(f"RSS at the end: {rss_mb():.0f} MB (peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    office.close()


if __name__ == "__main__":
    main()
