"""Bench and audit: the scrubber against the scenario table of issue 11 (tests/claims/scenarios.py).

Builds the scenario office (tests/claims/scenario_office.py) beside a copy of the code database, runs
every clean claim and every seeded scenario through the facade, and prints: the scenarios, how many were
caught, the missed ones with what was found instead, the clean claims, and the false alarms with their
findings; then the median and p95 time of one case (enter the visit, make and check the claim).

    timeout 900 .venv/bin/python bench/scrubber_audit.py [--codes PATH/codes.db] [--only NAME ...] [--verbose]

--codes: a built code database to copy (default: the user data folder's, built first when missing).
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _codes_db(path: str | None) -> Path:
    from officebill.codes import ensure_built
    from officebill.paths import codes_path

    return ensure_built(Path(path) if path else codes_path())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", help="a built codes.db to copy")
    parser.add_argument("--only", nargs="*", default=None, help="run only these scenario or clean claim names")
    parser.add_argument("--verbose", action="store_true", help="also print what caught each caught scenario")
    args = parser.parse_args(argv)

    from tests.claims.scenario_audit import Audit
    from tests.claims.scenario_office import build_template
    from tests.claims.scenarios import CLEAN, SEEDED

    started = time.perf_counter()
    codes = _codes_db(args.codes)
    with tempfile.TemporaryDirectory(prefix="scrubber_audit_") as work:
        template = build_template(Path(work) / "office", codes)
        built = time.perf_counter() - started
        audit = Audit(template, Path(work) / "runs")
        seeded = [s for s in SEEDED if args.only is None or s.name in args.only]
        clean = [c for c in CLEAN if args.only is None or c.name in args.only]
        missed = [(s, v) for s in seeded if not (v := audit.seeded(s)).ok]
        alarms = [(c, v) for c in clean if not (v := audit.clean(c)).ok]
        seconds = sorted(audit.seconds)
        if args.verbose:
            from tests.claims.scenario_model import describe

            for scenario in seeded:
                print(f"{scenario.name}: {describe(audit.results['seeded-' + scenario.name])}")

    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
          f", load {os.getloadavg()[0]:.2f}")
    print("imports: " + ", ".join(f"{name} {'ok' if not why else 'FAILED (' + why + ')'}"
                                   for name, why in template.imports.items()))
    refused = sum(1 for s in seeded if audit.results["seeded-" + s.name].refused and s not in dict(missed))
    print(f"scenarios: {len(seeded)}  caught: {len(seeded) - len(missed)} ({refused} of them refused at entry by the"
          f" facade, the rest by a finding)  missed: {len(missed)}")
    for scenario, verdict in missed:
        print(f"  MISSED {scenario.name} [{scenario.source}] ({verdict.kind}): {verdict.why}")
    print(f"clean claims: {len(clean)}  false alarms: {len(alarms)}")
    for claim, verdict in alarms:
        print(f"  FALSE ALARM {claim.name} [{claim.specialty}]: {verdict.why}")
    if seconds:
        p95 = seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))]
        print(f"one case (copy office, enter visit, make and check claim): median {statistics.median(seconds) * 1000:.0f} ms,"
              f" p95 {p95 * 1000:.0f} ms over {len(seconds)} runs; office built in {built:.1f} s")
    return 0 if not missed and not alarms else 1


if __name__ == "__main__":
    sys.exit(main())
