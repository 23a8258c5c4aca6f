"""Benchmark: keystroke latency of the picker searches issue 15 changed (words staff type).

Every keystroke prefix of everyday procedure words ("office visit", "flu shot", "ekg" ...) searched as the
procedure picker does (the demo office's list, its favorites, an established patient), and of general
diagnosis phrases with the office's frequent codes preferred (the general-code-first rule).

Usage: .venv/bin/python bench/procedure_words.py [CODES_DB]   (builds a fresh codes.db in a temp folder if omitted)
Prints the machine and the median and p95 of each.
"""
from __future__ import annotations

import os
import platform
import sqlite3
import sys
import tempfile
from pathlib import Path

from code_search import keystrokes, measure, percentiles

from officebill.codes import CodeIndex, ensure_built
from officebill.core.money import Money
from officebill.core.records import Procedure
from officebill.demo import PROCEDURES

PROCEDURE_WORDS = ["office visit", "visit", "flu shot", "ekg", "ua", "cbc", "cmp", "a1c", "strep", "injection",
                   "new patient", "established", "physical", "blood draw", "toradol", "992"]
DIAGNOSIS_WORDS = ["type 2 diabetes", "sore throat", "otitis media", "asthma", "strep"]
PREFERRED_DX = ["I10", "E11.9", "E11.65", "E78.5", "J02.0", "J06.9", "N39.0", "M54.50", "K21.9", "J45.901"]


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "codes.db"
    ensure_built(path)
    office = [Procedure(code=c, system=s, label=label, charge=Money(cents), favorite=fav)
              for c, s, label, cents, fav in PROCEDURES]
    favorites = [p.code for p in office if p.favorite]
    print(f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    with CodeIndex(path, build=False) as index:
        for title, words, run in (
            ("procedure picker", PROCEDURE_WORDS, lambda q: index.search(
                q, "procedure", 30, office_procedures=office, preferred=favorites, patient_kind="established")),
            ("diagnosis picker", DIAGNOSIS_WORDS, lambda q: index.search(
                q, "icd10cm", 30, preferred=PREFERRED_DX, history=["I10"])),
        ):
            queries = [prefix for text in words for prefix in keystrokes(text)]
            p50, p95, _ = percentiles(measure(run, queries, rounds=5))
            print(f"{title}: {len(queries)} keystrokes x 5  median {p50:6.3f} ms  p95 {p95:6.3f} ms")


if __name__ == "__main__":
    main()
