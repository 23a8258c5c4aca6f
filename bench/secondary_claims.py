"""Benchmark: what making the secondary claim adds to posting a primary EOB (office.payments.post_insurance).

Run: .venv/bin/python bench/secondary_claims.py [--runs 7]
On the demo office (built here): each run makes 20 visits of 5 lines for patients with a primary and a
secondary policy, and as many for patients with a primary only, with their claims (untimed); then times
posting each claim's primary EOB (deductible and coinsurance left over): with a secondary on file the posting
also makes, scrubs and stores the secondary claim in the same transaction. Prints the median and p95 per
claim posted, both ways, with the machine.
"""
from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from officebill.core.money import Money
from officebill.core.records import PlanType, ServiceLine, Visit
from officebill.demo import build_demo
from officebill.office import Office

TODAY = date(2026, 11, 27)
CODES = ("99214", "83036", "80053", "36415", "85025")
CLAIMS = 20


def _patients(office, policy_count: int) -> list[int]:
    """Patients with exactly `policy_count` policies, the primary not Medicare (no crossover)."""
    found = []
    for patient in office.patients.find(limit=2000):
        policies = office.patients.policies(patient.id)
        if len(policies) == policy_count and office.setup.payer(policies[0].payer_id).plan_type != PlanType.MEDICARE:
            found.append(patient.id)
    return found


def _claims(office, patients: list[int], first_day: date) -> list:
    charges = {p.code: p.charge for p in office.procedures.list()}
    provider = office.setup.providers()[0]
    visit_ids = []
    for n in range(CLAIMS):
        day = first_day - timedelta(days=n)
        lines = tuple(ServiceLine(from_date=day, code=code, charge=charges[code], pointers=(1,)) for code in CODES)
        visit = Visit(patient_id=patients[n % len(patients)], service_date=day, provider_id=provider.id, pos="11",
                      diagnoses=("E11.9",), lines=lines)
        visit_ids.append(office.visits.save(visit, TODAY).value.id)
    return office.claims.make(visit_ids, today=TODAY).value.made


def _eob(claim) -> list:
    """Allowed 70%, paid 80% of it, CO-45 the rest of the charge, PR-2 the 20% coinsurance."""
    lines = []
    for line in claim.lines:
        allowed = line.charge.cents * 7 // 10
        paid = allowed * 8 // 10
        lines.append((line.id, Money(allowed), Money(paid),
                      [("CO", "45", Money(line.charge.cents - allowed)), ("PR", "2", Money(allowed - paid))]))
    return lines


def _time_postings(office, claims) -> list[float]:
    times = []
    for claim in claims:
        eob = _eob(claim)
        deposit = office.payments.new_deposit(claim.payer.id, f"B{claim.id}", TODAY,
                                              Money(sum(line[2].cents for line in eob))).value
        start = time.perf_counter()
        office.payments.post_insurance(deposit.id, claim.id, eob, today=TODAY)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _report(label: str, times: list[float]) -> None:
    median, p95 = statistics.median(times), sorted(times)[max(0, round(0.95 * len(times)) - 1)]
    print(f"{label:<52} median {median:6.1f} ms   p95 {p95:6.1f} ms   ({len(times)} postings)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.platform()} | {platform.processor() or platform.machine()} | {os.cpu_count()} CPUs "
          f"(shared) | Python {platform.python_version()} | SQLite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory() as folder, Office.create(Path(folder) / "demo.db") as office:
        build_demo(office, TODAY)
        with_secondary, primary_only = _patients(office, 2), _patients(office, 1)
        both, alone, made = [], [], 0
        for run in range(args.runs):
            day = TODAY - timedelta(days=500 + 50 * run)
            claims = _claims(office, with_secondary, day)
            both += _time_postings(office, claims)
            made += sum(len(office.claims.followers(claim.id)) for claim in claims)
            alone += _time_postings(office, _claims(office, primary_only, day - timedelta(days=25)))
        assert made == len(both), f"{made} secondary claims for {len(both)} postings"
        _report("primary EOB, secondary claim made (5 lines)", both)
        _report("primary EOB, nothing more to bill (5 lines)", alone)


if __name__ == "__main__":
    main()
