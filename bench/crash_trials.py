"""Crash trials: the multi-step operations killed with SIGKILL at random moments, checked after every kill.

Run: .venv/bin/python bench/crash_trials.py [--trials N] [--ops visit,patient,...] [--seed S] [--work DIR]

Operations: visit, patient, claims-make, claims-print, backup, restore, code-import (default: all).
For each it prints the trials run, how many kills landed before the operation ended, the failures
(with what was wrong) and the time taken. Exit status 1 when any trial failed. The engine and the
checks are in tests/crash_harness.py; tests/test_crash_trials.py runs a short version.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.crash_harness import OPS, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50, help="killed trials per operation (default 50)")
    parser.add_argument("--ops", default=",".join(OPS), help=f"comma-separated, from: {','.join(OPS)}")
    parser.add_argument("--seed", type=int, default=None, help="repeat a run (default: random)")
    parser.add_argument("--work", type=Path, default=None,
                        help="folder for the trials (default: a temporary one, removed unless a trial failed)")
    parser.add_argument("--codes-db", type=Path, default=None, help="a built codes.db to copy (saves a build)")
    args = parser.parse_args(argv)
    ops = [op.strip() for op in args.ops.split(",") if op.strip()]
    unknown = [op for op in ops if op not in OPS]
    if unknown:
        parser.error(f"unknown operation(s) {', '.join(unknown)}; choose from {', '.join(OPS)}")
    seed = args.seed if args.seed is not None else random.randrange(10**6)
    work = args.work or Path(tempfile.mkdtemp(prefix="officebill-crash-"))
    if args.work and any(work.iterdir() if work.exists() else ()):
        parser.error(f"{work} is not empty; give a new or empty folder")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores; "
          f"{args.trials} trials per operation; seed {seed}; work {work}", flush=True)
    started = time.monotonic()
    results = run(ops, args.trials, work, seed, codes_db=args.codes_db,
                  report=lambda line: print(line, flush=True))
    failures = sum(len(r.failures) for r in results)
    print(f"total: {sum(len(r.trials) for r in results)} trials, "
          f"{sum(sum(t.killed for t in r.trials) for r in results)} killed mid-operation, "
          f"{failures} failures, {time.monotonic() - started:.0f} s", flush=True)
    if failures:
        print(f"failed trials' folders are kept under {work}")
    elif not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
