"""Benchmark: keystroke latency of CodeIndex.search against a plain LIKE '%word%' scan.

Usage: .venv/bin/python bench/code_search.py [CODES_DB]   (builds a fresh codes.db in a temp folder if omitted)
Prints the machine, p50/p95/p99 for both, and the ratio.
"""
from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from officebill.codes import CodeIndex, ensure_built
from officebill.codes.text import words

WORDS = ["hypertension", "chest pain", "type 2 diabetes", "fracture radius", "otitis media", "low back pain",
         "urinary tract infection", "asthma", "pneumonia", "depression", "anxiety", "migraine", "sprain ankle",
         "hyperlipidemia", "obesity", "cough", "headache", "abdominal pain", "cellulitis", "conjunctivitis"]
FRAGMENTS = ["diab typ 2 hyperglyc", "frac rad", "chr kid dis", "ac bronch", "pain kn", "inf", "o", "a", "s",
             "dis", "pain", "fx", "mal neo colon", "poison", "preg"]
ABBREVIATIONS = ["htn", "dm2", "copd", "uti", "chf", "cad", "gerd", "uri", "afib", "lbp", "hld", "om", "ckd",
                 "osa", "bph", "mdd", "adhd", "dvt", "tia", "pna"]
CODES = ["E11.65", "e1165", "I10", "S52.5", "s52.501a", "J44", "R07", "M54.5", "Z00", "T36.0X", "E", "Z",
         "F32.A", "N39.0", "K21.9"]


def keystrokes(text: str) -> list[str]:
    return [text[:i] for i in range(1, len(text) + 1)]


def queries() -> list[str]:
    result = WORDS + FRAGMENTS + ABBREVIATIONS + CODES
    for text in WORDS[:10] + CODES[:4]:
        result += keystrokes(text)
    return result


def like_scan(conn: sqlite3.Connection, text: str) -> list:
    """Baseline: every word as LIKE '%word%' over all descriptions, shortest first."""
    ws = words(text) or [text]
    where = " AND ".join("description LIKE ?" for _ in ws)
    return conn.execute(f"SELECT code, description FROM code WHERE system = 'icd10cm' AND {where} "
                        "ORDER BY length(description) LIMIT 20", [f"%{w}%" for w in ws]).fetchall()


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def measure(run, qs: list[str], rounds: int) -> list[float]:
    for q in qs:  # warm-up
        run(q)
    timings = []
    for _ in range(rounds):
        for q in qs:
            started = time.perf_counter()
            run(q)
            timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    if len(sys.argv) > 1:
        path = Path(sys.argv[1])
    else:
        path = Path(tempfile.mkdtemp()) / "codes.db"
        started = time.perf_counter()
        ensure_built(path)
        print(f"build: {time.perf_counter() - started:.2f} s")
    qs = queries()
    print(f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    print(f"queries: {len(qs)} distinct (words, fragments, abbreviations, codes, keystroke prefixes)")
    with CodeIndex(path, build=False) as index:
        fast = measure(lambda q: index.search(q, "icd10cm", limit=20), qs, rounds=5)
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    slow = measure(lambda q: like_scan(conn, q), qs, rounds=1)
    f50, f95, f99 = percentiles(fast)
    s50, s95, s99 = percentiles(slow)
    print(f"CodeIndex.search    p50 {f50:7.3f} ms  p95 {f95:7.3f} ms  p99 {f99:7.3f} ms  ({len(fast)} runs)")
    print(f"LIKE '%word%' scan  p50 {s50:7.3f} ms  p95 {s95:7.3f} ms  p99 {s99:7.3f} ms  ({len(slow)} runs)")
    print(f"ratio (LIKE / search)  p50 {s50 / f50:6.1f}x  p95 {s95 / f95:6.1f}x  p99 {s99 / f99:6.1f}x")


if __name__ == "__main__":
    main()
