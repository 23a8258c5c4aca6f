"""Benchmark: a statement run of 1,000 patients to one PDF (time and size), through the facade.

Run: .venv/bin/python bench/statements.py [patients] [--runs N] [--keep FILE]
Target (issue 9): 1,000 statements under 3 s and under 4 MB.

The office is built through the facade in one transaction: the demo practice and
its procedure list, `patients` patients (a third insured, their payer's EOB moving
coinsurance to them; the rest self-pay), 1-4 visits each over the last 150 days,
and card payments on some accounts, so every patient owes and the statements
have one to four rows and every aging bucket. `--keep FILE` keeps (and reuses) it.
Each run is `office.statements.run(..., dry_run=True)`: finding who is due,
reading their ledgers and visits, building and drawing every statement, and
writing the PDF durably (nothing recorded, so every run prints the same
statements). One recorded run follows, timed apart (1,000 rows in one transaction).
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from officebill.core.money import Money
from officebill.core.records import Address, Patient, Policy, Procedure, ServiceLine, Visit
from officebill.demo import PAYERS, PRACTICE, PROCEDURES, PROVIDERS
from officebill.office import Office
from tests.billing.money_office import add_claim

TODAY = date(2026, 4, 15)
STREETS = ("Oak St", "Elm Ct", "Pine Ave", "Maple Dr", "Cedar Ln", "Birch Rd", "Walnut Way", "Spruce Pl")
LAST = ("Abbott Baker Carter Dalton Ellis Foster Gray Hughes Irwin Jordan Keller Lambert Mason Nash Ortega "
        "Porter Ramsey Sutton Vance Warren").split()
FIRST = "Olivia Noah Emma Liam Ava Mason Sofia Lucas Mia Ethan Chloe James Nia Owen Iris Sam".split()


def build(path: Path, patients: int) -> Office:
    """A new office with `patients` patients who each owe something."""
    rng = random.Random(9)
    office = Office.create(path)
    with office.transaction():
        office.setup.save_practice(PRACTICE)
        provider = office.setup.save_provider(PROVIDERS[0]).value
        payer = office.setup.save_payer(PAYERS[2]).value
        office.procedures.save_many([Procedure(code=c, system=s, label=label, charge=Money(ch))
                                     for c, s, label, ch, _f in PROCEDURES])
        fees = [(c, ch) for c, _s, _l, ch, _f in PROCEDURES]
        deposit = office.payments.new_deposit(payer.id, "EFT1", TODAY, "1000000.00").value
        for n in range(patients):
            insured = n % 3 == 0
            person = Patient(last_name=LAST[n % len(LAST)] + ("son" if n % 7 == 0 else ""),
                             first_name=FIRST[n % len(FIRST)], dob=date(1940 + n % 70, 1 + n % 12, 1 + n % 28),
                             sex="F" if n % 2 else "M",
                             address=Address(line1=f"{100 + n} {STREETS[n % len(STREETS)]}",
                                             line2="Apt 2" if n % 5 == 0 else "", city="Springfield", state="IL",
                                             zip=f"627{n % 20:02d}"))
            policies = [Policy(payer_id=payer.id, priority=1, member_id=f"M{n:06d}")] if insured else []
            patient = office.patients.save(person, policies).value[0]
            for _visit in range(1 + rng.randrange(4)):
                day = TODAY - timedelta(days=rng.randrange(150))
                codes = [("99213", 12500), *rng.sample(fees[5:], rng.randrange(3))]  # an office visit and more
                visit = office.visits.save(Visit(
                    patient_id=patient.id, service_date=day, provider_id=provider.id, pos="11",
                    diagnoses=("J06.9",), lines=tuple(ServiceLine(code=c, charge=Money(ch)) for c, ch in codes)),
                    TODAY).value
                if insured:
                    claim_id = add_claim(office, visit)
                    office.payments.post_insurance(deposit.id, claim_id, [
                        (line.id, line.charge.plain(), Money(line.charge.cents * 6 // 10).plain(),
                         [("CO", "45", Money(line.charge.cents * 2 // 10).plain()),
                          ("PR", "2", Money(line.charge.cents - line.charge.cents * 8 // 10).plain())])
                        for line in visit.lines], today=TODAY)
            if n % 4 == 1:
                office.payments.patient_payment(patient.id, "10.00", "card", "4242", today=TODAY)
    return office


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("patients", type=int, nargs="?", default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="build the office here once and reuse it")
    args = parser.parse_args()
    print(f"machine: {platform.platform()} | {platform.processor() or platform.machine()} | "
          f"{os.cpu_count()} CPUs | Python {platform.python_version()}")
    folder = Path(tempfile.mkdtemp(prefix="statements-bench-"))
    path = args.keep or folder / "office.db"
    start = time.perf_counter()
    office = Office.open(path) if path.exists() else build(path, args.patients)
    print(f"office: {path} ({time.perf_counter() - start:.1f} s to open or build)")
    out = folder / "statements.pdf"
    day = TODAY + timedelta(days=30 * len(office.statements.runs()))  # a kept office: a cycle after its last run
    times, cpu = [], []
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        made = office.statements.run(out, day, dry_run=True).value
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    size = out.stat().st_size
    print(f"{made.count} statements, total due {made.total}, {size / 1e6:.2f} MB "
          f"({size / max(made.count, 1) / 1024:.1f} KB per statement)")
    print(f"run (dry, {args.runs} times): median {statistics.median(times):.3f} s, p95 {percentile(times, 0.95):.3f} s "
          f"(CPU time median {statistics.median(cpu):.3f} s; load average {os.getloadavg()[0]:.1f})")
    start = time.perf_counter()
    recorded = office.statements.run(out, day).value
    print(f"recorded run {recorded.id}: {time.perf_counter() - start:.3f} s ({recorded.count} statements recorded)")
    ok = statistics.median(times) < 3.0 and size < 4_000_000
    print(f"target < 3 s and < 4 MB for 1,000 statements: {'met' if ok else 'NOT met'}")
    office.close()
    if args.keep is None:
        for leftover in folder.iterdir():
            leftover.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
