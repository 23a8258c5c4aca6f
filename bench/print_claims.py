"""Benchmark: 1,000 CMS-1500 claims to one PDF in each mode (time and size).

Run: .venv/bin/python bench/print_claims.py [count]
Targets (issue #5): full-form mode under 2 s and under 3 MB for 1,000 claims. The full-form
run is compared with redrawing the form on every page instead of reusing one form XObject.
"""
from __future__ import annotations

import os
import platform
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from officebill.claims.render import render_claims
from officebill.core.money import Money
from tests.claims.conftest import make_full_claim


def make_claims(count: int):
    """Vary the shared full claim: names, accounts, dates, charges and 1-9 lines."""
    bases = {n: make_full_claim(n) for n in range(1, 10)}
    claims = []
    for i in range(count):
        base = bases[1 + (i * 7) % 6 if i % 10 else 9]  # mostly 1-6 lines, every 10th claim 9 lines
        day = base.visit.service_date + timedelta(days=i % 60)
        lines = tuple(replace(line, from_date=day, to_date=day, charge=Money(line.charge.cents + 37 * i))
                      for line in base.lines)
        patient = replace(base.patient, last_name=f"Patient{i:04d}", account=f"A{i:06d}")
        claims.append(replace(base, id=10_000 + i, patient=patient, lines=lines,
                              visit=replace(base.visit, service_date=day, lines=lines)))
    return claims


def run(label: str, claims, **kwargs) -> tuple[float, int]:
    start = time.perf_counter()
    pdf = render_claims(claims, **kwargs)
    elapsed = time.perf_counter() - start
    print(f"{label:<34} {elapsed:7.3f} s {len(pdf) / 1e6:8.3f} MB  ({pdf.count(b'/Type /Page') - 1} pages)")
    return elapsed, len(pdf)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    print(f"machine: {platform.platform()} | {platform.processor() or platform.machine()} | "
          f"{os.cpu_count()} CPUs | Python {platform.python_version()}")
    claims = make_claims(count)
    print(f"{count} claims, {sum(len(c.lines) for c in claims)} service lines")
    run("red-form mode", claims, mode="red")
    t_full, s_full = run("full-form mode (form XObject)", claims, mode="full")
    t_redraw, s_redraw = run("full-form, form redrawn per page", claims, mode="full", _reuse_form=False)
    print(f"XObject vs redraw: {t_redraw / t_full:.1f}x faster, {s_redraw / s_full:.1f}x smaller")
    ok = t_full < 2.0 and s_full < 3_000_000
    print(f"target full mode < 2 s and < 3 MB: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
