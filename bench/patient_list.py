"""Bench: the Patients screen over 20,000 patients.

Creates 20,000 patients through the facade (one transaction), then measures
(1) opening the patient list screen: PatientsView built, shown, first page painted;
(2) search as you type: one keystroke in the search box until the list is repainted,
for a name, an account number and a date of birth, repeated; median and p95.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/patient_list.py [--patients N] [--repeats R]
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LAST = ("Rivera Johnson Nguyen Kowalski Okonkwo Schmidt Garcia Brown Fischer Haddad Murphy Tanaka Novak Alvarez "
        "Bennett Chen Dubois Jensen Kim Lopez Moretti Olsen Price Quinn Reyes Sato Turner Walsh Young Zielinski "
        "Abbott Baker Carter Dalton Ellis Foster Gray Hughes Irwin Jordan").split()
FIRST = "James Marco David Luis Samuel Ahmed Peter Sofia Maria Emily Grace Aisha Hannah Olivia Nora Leah".split()


def make_patients(office, count: int) -> float:
    from officebill.core.records import Address, Patient, Sex

    started = time.perf_counter()
    with office.transaction():
        for n in range(count):
            office.patients.save(Patient(
                last_name=LAST[n % len(LAST)] + ("" if n < len(LAST) else "abcdefghij"[n // len(LAST) % 10]),
                first_name=FIRST[n % len(FIRST)], dob=date(1940, 1, 1) + timedelta(days=(n * 37) % 29000),
                sex=Sex.FEMALE if n % 2 else Sex.MALE,
                address=Address(line1=f"{n} Main St", city="Springfield", state="IL", zip="62704")))
    return time.perf_counter() - started


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="officebill-bench-"))
    os.environ["OFFICEBILL_HOME"] = str(home)
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home))
    app = QApplication.instance() or QApplication([])
    from officebill.gui.patients_view import PatientsView
    from officebill.office import Office

    office = Office.create(home / "office.db")
    made = make_patients(office, args.patients)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
          f"Qt platform {os.environ['QT_QPA_PLATFORM']}")
    print(f"created {office.patients.count():,} patients in {made:.1f} s")

    opens = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        view = PatientsView(office)
        view.resize(1200, 700)
        view.show()
        view.table.viewport().repaint()
        app.processEvents()
        opens.append(time.perf_counter() - started)
        rows = view.model.rowCount()
        view.close()
        view.deleteLater()
        app.processEvents()
    print(f"open patient list: median {statistics.median(opens) * 1000:.1f} ms, p95 {p95(opens) * 1000:.1f} ms "
          f"(first page: {rows} rows loaded of {args.patients:,})")

    view = PatientsView(office)
    view.resize(1200, 700)
    view.show()
    app.processEvents()
    sample = office.patients.find("", 1, args.patients // 2)[0]
    queries = {"name": "Kowalskic", "account": sample.account, "date of birth": sample.dob.strftime("%m/%d/%Y")}
    for label, text in queries.items():
        times = []
        for _ in range(args.repeats):
            view.search.clear()
            app.processEvents()
            for char in text:
                started = time.perf_counter()
                QTest.keyClick(view.search, char)
                view.table.viewport().repaint()
                app.processEvents()
                times.append(time.perf_counter() - started)
        print(f"search as you type, {label} '{text}' ({len(text)} keystrokes x {args.repeats}): "
              f"median {statistics.median(times) * 1000:.1f} ms, p95 {p95(times) * 1000:.1f} ms, "
              f"{view.model.total} match(es)")
    office.close()


if __name__ == "__main__":
    main()
