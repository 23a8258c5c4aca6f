"""Benchmark: posting a 200-line EOB (one deposit, 40 claims of 5 lines) through office.payments.post_insurance.

Run: .venv/bin/python bench/posting.py [--runs 7] [--big PATH]
On the demo office (built here) and on a big office: PATH when given (copied first, the original is never
written), else a many-year office built here (2 years, 4,000 patients). Each run makes 40 new visits of 5
lines and their claims (untimed), then times the deposit, the 40 postings and the close: each posting in its
own transaction (the Payments screen), and the whole EOB in one (an 835 import). Target (issue 9): the whole
EOB under 200 ms. Prints the median and p95 of the runs, with the machine and its load.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from officebill.core.money import Money
from officebill.core.records import ServiceLine, Visit
from officebill.demo import build_demo
from officebill.demo.money import BilledLine, primary_eob, terms_for
from officebill.demo_years import build_years
from officebill.office import Office

TODAY = date(2026, 11, 27)
CODES = ("99214", "83036", "80053", "36415", "85025")
CLAIMS, TARGET_MS = 40, 200


def _patients_of_one_payer(office) -> tuple[int, list[int]]:
    """The payer with the most adult patients (primary only, so every claim goes to it), and those patients."""
    by_payer: dict[int, list[int]] = {}
    for patient in office.patients.find(limit=2000):
        if patient.dob > date(1995, 1, 1):  # born before the benchmark's visits (up to four years back)
            continue
        policies = office.patients.policies(patient.id)
        if len(policies) == 1 and policies[0].priority == 1:
            by_payer.setdefault(policies[0].payer_id, []).append(patient.id)
    payer_id = max(by_payer, key=lambda p: len(by_payer[p]))
    return payer_id, by_payer[payer_id]


def _claims(office, patients: list[int], run: int) -> list:
    """40 new visits of 5 lines (each on its own day, so none looks like a duplicate) and their claims."""
    charges = {p.code: p.charge for p in office.procedures.list()}
    provider = office.setup.providers()[0]
    visit_ids = []
    for n in range(CLAIMS):
        day = TODAY - timedelta(days=400 + run * CLAIMS + n)
        lines = tuple(ServiceLine(from_date=day, code=code, charge=charges[code], pointers=(1,)) for code in CODES)
        visit = Visit(patient_id=patients[n % len(patients)], service_date=day, provider_id=provider.id, pos="11",
                      diagnoses=("E11.9",), lines=lines)
        visit_ids.append(office.visits.save(visit, TODAY).value.id)
    return office.claims.make(visit_ids, today=TODAY).value.made


def _eob(claims) -> list[tuple[int, list]]:
    """The payer's answer for each claim: allowed, paid, CO-45, deductible and coinsurance."""
    answers = []
    for claim in claims:
        lines = [BilledLine(line.id, line.code, line.charge.cents) for line in claim.lines]
        eob, _left = primary_eob(lines, terms_for(claim.payer.payer_id), claim.policy.copay.cents, 5000)
        answers.append((claim.id, eob))
    return answers


def _post(office, payer_id: int, number: str, answers) -> None:
    deposit = office.payments.new_deposit(payer_id, number, TODAY, Money(
        sum(line.paid.cents for _claim, eob in answers for line in eob))).value
    for claim_id, eob in answers:
        office.payments.post_insurance(deposit.id, claim_id, eob, today=TODAY)
    office.payments.close_deposit(deposit.id, today=TODAY)


def bench(office, label: str, runs: int) -> None:
    """Each claim posted in its own transaction (as the Payments screen posts them), then the whole EOB in one
    (`office.transaction()`, as an 835 import does): one commit instead of 42."""
    payer_id, patients = _patients_of_one_payer(office)
    times: dict[str, list[float]] = {"a transaction per claim": [], "one transaction": []}
    for run in range(runs + 1):  # the first run warms the caches and is not counted
        for way, spent in times.items():
            answers = _eob(_claims(office, patients, 2 * run + (way == "one transaction")))
            assert sum(len(eob) for _c, eob in answers) == CLAIMS * len(CODES)
            start = time.perf_counter()
            if way == "one transaction":
                with office.transaction():
                    _post(office, payer_id, f"BENCH{run}T", answers)
            else:
                _post(office, payer_id, f"BENCH{run}", answers)
            if run:
                spent.append((time.perf_counter() - start) * 1000)
    ledger = office._db.execute("SELECT count(*) FROM ledger").fetchone()[0]
    print(f"{label} (ledger {ledger:,} rows), {runs} runs:")
    for way, spent in times.items():
        median, p95 = statistics.median(spent), sorted(spent)[max(0, round(0.95 * len(spent)) - 1)]
        print(f"  {way:<26} median {median:7.1f} ms   p95 {p95:7.1f} ms   target < {TARGET_MS} ms: "
              f"{'met' if p95 < TARGET_MS else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--big", type=Path, help="a big office file to copy and post into")
    args = parser.parse_args()
    print(f"machine: {platform.platform()} | {platform.processor() or platform.machine()} | {os.cpu_count()} CPUs "
          f"(shared; load average {os.getloadavg()[0]:.1f}) | Python {platform.python_version()} | "
          f"SQLite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        with Office.create(folder / "demo.db") as office:
            build_demo(office, TODAY)
            bench(office, "demo office (60 patients, a year of money)", args.runs)
        big = folder / "big.db"
        if args.big:
            shutil.copyfile(args.big, big)
            with Office.open(big) as office:
                bench(office, f"{args.big.name} (copy)", args.runs)
        else:
            with Office.create(big) as office:
                made = build_years(office, years=2, patients=4000, today=TODAY)
                bench(office, f"many-year office ({made['patients']:,} patients, {made['visits']:,} visits)",
                      args.runs)


if __name__ == "__main__":
    main()
