"""Benchmark: an 837P file of 1,000 claims written (issue 10 target: under 1 s), median and p95 of repeated runs.

Run: .venv/bin/python bench/edi837.py [count] [rounds]
The claims are the varied full claims of bench/print_claims.py (1-9 lines, NDC drugs, a child patient with
other coverage). The writer is pure, so this is the cost of the file itself; the file is then validated once
with pyx12 (not part of the target: the office does not validate at export).
"""
from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from print_claims import make_claims  # bench/ is not a package: found through sys.path

from officebill.core.edi import ControlNumbers
from officebill.edi.validate import x12_errors
from officebill.edi.x837p import write_837p
from tests.edi.edi_office import PROFILE


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 21
    print(f"machine: {platform.platform()} | {platform.processor() or platform.machine()} | "
          f"{os.cpu_count()} CPUs | Python {platform.python_version()}")
    claims = make_claims(count)
    print(f"{count} claims, {sum(len(c.lines) for c in claims)} service lines")
    now = datetime(2026, 11, 27, 9, 30)
    write_837p(claims, PROFILE, ControlNumbers(interchange=1, group=1), now, "1")  # warm-up
    timings = []
    for n in range(rounds):
        start = time.perf_counter()
        result = write_837p(claims, PROFILE, ControlNumbers(interchange=n + 2, group=n + 2), now, str(n))
        timings.append(time.perf_counter() - start)
    cuts = statistics.quantiles(timings, n=20, method="inclusive")
    median, p95 = statistics.median(timings), cuts[18]
    print(f"837P write: median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms over {rounds} runs "
          f"({len(result.text) / 1e6:.2f} MB, {result.text.count('~')} segments)")
    print(f"target under 1 s: {'met' if p95 < 1.0 else 'NOT met'}")
    start = time.perf_counter()
    errors = x12_errors(result.text)
    print(f"pyx12 validation of that file: {time.perf_counter() - start:.1f} s, {len(errors)} error(s)")


if __name__ == "__main__":
    main()
