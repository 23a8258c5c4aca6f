"""Bench: what users cost (issue 12), median and p95: hashing a password (scrypt, n=2**14, r=8: 16 MiB),
checking one at sign-in, a whole `Office.open(user=, password=)`, and a facade call through the permission
guard against the same call on the service itself (the guard's overhead per call).

    .venv/bin/python bench/sign_in.py [--repeats 30]
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


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(repeats: int, action, inner: int = 1) -> list[float]:
    """Milliseconds per call, `repeats` samples of `inner` calls each."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            action()
        samples.append((time.perf_counter() - start) * 1000 / inner)
    return samples


def show(name: str, samples: list[float], unit: str = "ms") -> None:
    scale = 1000 if unit == "us" else 1
    print(f"{name:48} median {statistics.median(samples) * scale:9.3f} {unit}   p95 {p95(samples) * scale:9.3f} {unit}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    from officebill.core.passwords import hash_password, verify_password
    from officebill.office import Office

    print(f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}")
    password = "a password for the bench"
    stored = hash_password(password)
    show("hash_password", timed(args.repeats, lambda: hash_password(password)))
    show("verify_password (right password)", timed(args.repeats, lambda: verify_password(password, stored)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "office.db"
        with Office.create(path) as office:
            office.users.add("boss", "", "manager", password)
        show("Office.open(user=, password=) and close",
             timed(args.repeats, lambda: Office.open(path, user="boss", password=password).close()))
        with Office.open(path, user="boss", password=password) as office:
            raw = office.setup.unguarded()
            show("office.setup.setting (through the guard)",
                 timed(args.repeats, lambda: office.setup.setting("x"), inner=2000), "us")
            show("the same on the service itself", timed(args.repeats, lambda: raw.setting("x"), inner=2000), "us")


if __name__ == "__main__":
    main()
