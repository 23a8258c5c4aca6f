"""Crash trials (issue 14): each multi-step operation runs in a child process, SIGKILLed at random moments.

After every kill: every commit the child reported is in the file, `PRAGMA integrity_check` is ok,
the office opens, no temporary or partial file is left once it has, printed claims have their whole
PDF, a restore left the old office or the new one (never a mix), and codes.db is whole and searchable.
The engine and the checks are in tests/crash_harness.py (bench/crash_trials.py runs long trials).

OFFICEBILL_CRASH_TRIALS sets the killed trials per operation (default 10); OFFICEBILL_CRASH_SEED
repeats a run (the seed is in every failure message).
"""
from __future__ import annotations

import os
import random

import pytest

from .crash_harness import OPS, build_template, run_op

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL trials need POSIX")
TRIALS = int(os.environ.get("OFFICEBILL_CRASH_TRIALS", "10"))
SEED = int(os.environ.get("OFFICEBILL_CRASH_SEED", str(random.randrange(10**6))))


@pytest.fixture(scope="module")
def template(tmp_path_factory, codes_db) -> dict:
    return build_template(tmp_path_factory.mktemp("crash-template"), codes_db)


@pytest.mark.parametrize("op", OPS)
def test_killed_at_random_moments_nothing_is_lost_or_half_done(op, template, tmp_path):
    rng = random.Random(f"{SEED}-{op}")
    result = run_op(op, dict(template), tmp_path, TRIALS, rng, keep_failed=TRIALS, timing_runs=2)
    print(f"\nseed {SEED}: {result.summary()}")
    failures = [f"trial {t.number} (killed {t.delay:.4f} s after go, {len(t.reported)} reported): {t.failure}"
                if t.delay is not None else f"unkilled run: {t.failure}" for t in result.failures]
    assert not failures, f"seed {SEED}, {op}:\n" + "\n".join(failures)
    assert any(t.killed for t in result.trials), f"seed {SEED}: no kill landed before {op} ended"
