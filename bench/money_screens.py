"""Benchmark: what the money screens ask the facade for on each keystroke or selection.

Run: .venv/bin/python bench/money_screens.py [OFFICE.db] [--runs N]

Without a file, the demo office (a year of money) is built in a temporary folder. Times, with
median and p95: the Payments screen's claim search for each payer (`office.payments.claims_to_post`,
empty and with a name prefix), the deposit list (`office.payments.deposits`), and the balance the
Patients screen and the visit header show for a patient (`office.money.patient_balances`, one SQL
sum). Opening a file given here reads only (nothing is written), but it may migrate it: use a copy.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from officebill.demo import build_demo
from officebill.office import Office


def timed(label: str, action, runs: int) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(f"{label:<46} median {statistics.median(times):8.2f} ms   p95 {p95:8.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("office", nargs="?", help="an office file (a copy); default: a fresh demo office")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load {os.getloadavg()[0]:.1f}")
    if args.office:
        office = Office.open(args.office)
    else:
        office = Office.create(Path(tempfile.mkdtemp(prefix="bench-money-")) / "office.db")
        build_demo(office)
    with office:
        payers = office.setup.payers()
        patients = [p.id for p in office.patients.find("", 200)]
        print(f"{len(payers)} payers, {len(patients)} patients listed, {len(office.payments.deposits())} deposits")
        timed("claims_to_post(payer, '') for every payer", lambda: [office.payments.claims_to_post(p.id)
                                                                    for p in payers], args.runs)
        timed("claims_to_post(payer, 'a') for every payer", lambda: [office.payments.claims_to_post(p.id, "a")
                                                                     for p in payers], args.runs)
        timed("deposits()", office.payments.deposits, args.runs)
        timed(f"patient_balances for {len(patients)} patients",
              lambda: [office.money.patient_balances(p) for p in patients], args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
