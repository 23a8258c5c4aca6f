"""Benchmark: the scrubber on 1,140 claims over the real code database, with the Excludes1 and
manifestation answers read from the tabular notes (codes.claim_lookup).

Usage: .venv/bin/python bench/diagnosis_rules.py [CODES_DB]   (builds a fresh codes.db in a temp folder if omitted)

Each run opens a new lookup (nothing cached: the first claims pay for reading the notes), scrubs
1,140 claims of 1 to 4 diagnoses drawn from 600 codes of everyday primary care and specialties,
and is timed; the run is repeated 5 times. Prints the machine, median and p95 of the runs, and the
cold and warm time per claim.
"""
from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from officebill.claims.scrubber import scrub
from officebill.codes import CodeIndex, ensure_built
from officebill.codes.claim_lookup import ClaimCodeLookup
from tests.claims.conftest import make_full_claim

CLAIMS = 1140
RUNS = 5
CATEGORIES = ["E11", "I10", "J02", "J06", "J45", "J44", "M54", "M25", "R05", "R50", "Z00", "Z23", "F32", "F41",
              "K21", "N39", "E78", "E66", "Z68", "I50", "N18", "S52", "S93", "G43", "H66", "L03", "R10", "Z34",
              "O99", "M17", "G63", "F02", "I12", "W01", "Z12", "Z01", "E10", "D63", "R07", "B95"]


def codes_pool(index: CodeIndex) -> list[str]:
    pool = []
    for category in CATEGORIES:
        pool += [hit.code for hit in index.children(category)[:15]] or [category]
    return pool


def claims(pool: list[str]) -> list:
    rng = random.Random(1140)
    base = make_full_claim(3)
    made = []
    for _ in range(CLAIMS):
        diagnoses = tuple(dict.fromkeys(rng.sample(pool, rng.randint(1, 4))))
        made.append(replace(base, visit=replace(base.visit, diagnoses=diagnoses)))
    return made


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ensure_built(Path(tempfile.mkdtemp()) / "codes.db")
    with CodeIndex(path, build=False) as index:
        batch = claims(codes_pool(index))
        times, warm = [], []
        for _ in range(RUNS):
            lookup = ClaimCodeLookup(index)
            begin = time.perf_counter()
            for claim in batch:
                scrub(claim, lookup, today=date(2026, 11, 10))
            times.append(time.perf_counter() - begin)
            begin = time.perf_counter()
            for claim in batch:
                scrub(claim, lookup, today=date(2026, 11, 10))
            warm.append(time.perf_counter() - begin)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, load {os.getloadavg()[0]:.2f}")
    print(f"{CLAIMS} claims, new lookup each run ({RUNS} runs): median {statistics.median(times):.3f} s, "
          f"p95 {p95:.3f} s; {1000 * statistics.median(times) / CLAIMS:.2f} ms per claim cold")
    print(f"same claims again, answers kept: median {statistics.median(warm):.3f} s "
          f"({1000 * statistics.median(warm) / CLAIMS:.2f} ms per claim)")


if __name__ == "__main__":
    main()
