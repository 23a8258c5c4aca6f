"""Bench: importing a full-size NCCI practitioner PTP quarter and checking claims against it.

This machine cannot reach cms.gov, so the quarter is synthetic, in the CMS layout and of the real size
(`--edits`, default 2,300,000 lines over four parts, about a tenth deleted, a few dozen rationales; the
2026 practitioner files hold about that many), plus an MUE table of 15,000 codes. Prints the import
time, the growth of codes.db, and the median and p95 time of the procedure rules (ncci.ptp, ncci.mue,
em.same_day, claim.duplicate) for a 6-line claim with 5 lines on other claims of the day, each claim
with new codes (no cached answer).

    timeout 900 .venv/bin/python bench/ncci_edits.py [--codes PATH/codes.db] [--edits N] [--claims N] [--office]
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RATIONALES = ["Mutually exclusive procedures", "Standards of medical / surgical practice",
              "Misuse of column two code with column one code", "CPT Manual or CMS manual coding instructions",
              "More extensive procedure", "HCPCS/CPT procedure code definition"] + [f"Rationale {n}" for n in range(30)]


def _codes(rng: random.Random, n: int) -> list[str]:
    numeric = rng.sample(range(10000, 99999), n - n // 10)
    return [f"{c:05d}" for c in numeric] + [f"{rng.choice('AEGJLQ')}{rng.randrange(10000):04d}" for _ in range(n // 10)]


def write_quarter(folder: Path, edits: int, rng: random.Random) -> tuple[list[Path], list[str]]:
    codes = _codes(rng, 12000)
    head = ("CPT only copyright 2025 American Medical Association. All rights reserved.\n"
            "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date *=no data\t"
            "Modifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale\n")
    pairs = set()
    while len(pairs) < edits:
        pairs.add((rng.choice(codes), rng.choice(codes)))
    ordered = sorted(pairs)
    paths = []
    per_part = len(ordered) // 4 + 1
    for part in range(4):
        path = folder / f"ccipra-v322r0-f{part + 1}.txt"
        with open(path, "w", newline="") as out:
            out.write(head)
            for one, two in ordered[part * per_part:(part + 1) * per_part]:
                deleted = f"{rng.randrange(2000, 2026)}1231" if rng.random() < 0.1 else "*"
                indicator = rng.choice("0111119")
                out.write(f"{one}\t{two}\t\t{rng.randrange(1996, 2026)}0101\t{deleted}\t{indicator}\t"
                          f"{rng.choice(RATIONALES)}\r\n")
        paths.append(path)
    return paths, codes


def write_mue(folder: Path, codes: list[str], rng: random.Random) -> Path:
    path = folder / "MCR_MUE_PractitionerServices_Eff_01-01-2026.csv"
    words = {1: "1 Line Edit", 2: "2 Date of Service Edit: Policy", 3: "3 Date of Service Edit: Clinical"}
    with open(path, "w") as out:
        out.write('"CPT codes and descriptions only are copyright 2025 AMA"\n'
                  '"HCPCS/CPT Code","Practitioner Services MUE Values","MUE Adjudication Indicator","MUE Rationale"\n')
        for code in codes[:15000]:
            mai = rng.choice((1, 2, 3))
            out.write(f'{code},{rng.randrange(1, 10)},"{words[mai]}","Clinical: Data"\n')
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", help="a built codes.db to copy (default: the user data folder's)")
    parser.add_argument("--edits", type=int, default=2_300_000)
    parser.add_argument("--claims", type=int, default=300)
    parser.add_argument("--office", action="store_true",
                        help="also time office.claims.scrub on the demo office's claims, without and with the edits")
    args = parser.parse_args(argv)

    from officebill.claims.rules_base import HistoryKey, ScrubContext
    from officebill.claims.rules_procedures import claim_duplicate, em_same_day, ncci_mue, ncci_ptp
    from officebill.codes import ensure_built, ncci
    from officebill.core.claim import Claim
    from officebill.core.records import Patient, ServiceLine, Visit
    from officebill.paths import codes_path

    rng = random.Random(11)
    source = ensure_built(Path(args.codes) if args.codes else codes_path())
    print(f"machine: {platform.node()} {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.2f}; python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        db = folder / "codes.db"
        shutil.copyfile(source, db)
        shutil.copyfile(source, folder / "codes-plain.db")
        before = db.stat().st_size
        parts, codes = write_quarter(folder, args.edits, rng)
        text_mb = sum(p.stat().st_size for p in parts) / 1e6
        started = time.perf_counter()
        result = ncci.import_ptp(db, parts)
        ptp_seconds = time.perf_counter() - started
        started = time.perf_counter()
        ncci.import_mue(db, [write_mue(folder, codes, rng)])
        mue_seconds = time.perf_counter() - started
        print(f"PTP import: {result['edits']:,} edits from {text_mb:.0f} MB of text in {ptp_seconds:.1f} s; "
              f"MUE import (15,000 codes) {mue_seconds:.1f} s; codes.db {before / 1e6:.0f} MB -> "
              f"{db.stat().st_size / 1e6:.0f} MB")

        edits = ncci.ProcedureEdits.open(db)
        day = date(2026, 3, 2)
        rules = (ncci_ptp, ncci_mue, em_same_day, claim_duplicate)
        timings = []
        for n in range(args.claims):
            chosen = rng.sample(codes, 11)
            lines = tuple(ServiceLine(line_no=i + 1, from_date=day, to_date=day, code=c)
                          for i, c in enumerate(chosen[:6]))
            claim = Claim(patient=Patient(id=n), visit=Visit(service_date=day, provider_id=1, lines=lines),
                          lines=lines)
            history = frozenset(HistoryKey(n, day, c, 1, (), 1, 1, 900 + n) for c in chosen[6:])
            ctx = ScrubContext(codes=None, today=date(2026, 11, 1), history=history, procedures=edits)
            started = time.perf_counter()
            for check in rules:
                list(check(claim, ctx))
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        print(f"procedure rules per claim (6 lines + 5 on other claims, {args.claims} claims): "
              f"median {statistics.median(timings):.2f} ms, p95 {timings[int(0.95 * len(timings)) - 1]:.2f} ms")
        edits.close()
        if args.office:
            _office_checks(folder, db, args.claims)
    return 0


def _office_checks(folder: Path, db: Path, count: int) -> None:
    """office.claims.scrub of the demo's claims (every rule, the other claims of the day read), one at a time,
    without and with the quarter loaded."""
    from officebill.demo import build_demo
    from officebill.office import Office

    office_folder = folder / "office"
    office_folder.mkdir()
    plain = office_folder / "codes.db"
    shutil.copyfile(db.with_name("codes-plain.db"), plain)
    with Office.create(office_folder / "office.db") as office:
        build_demo(office, today=date(2026, 11, 27))
        ids = [row.id for row in office.claims.list(("printed", "ready", "draft"))][:count]
        for label in ("without NCCI edits", "with the full quarter"):
            if label != "without NCCI edits":
                office.codes.close()
                shutil.copyfile(db, plain)
            timings = []
            for claim_id in ids:
                claim = office.claims.get(claim_id)
                started = time.perf_counter()
                office.claims.scrub(claim, date(2026, 11, 27))
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            print(f"office.claims.scrub of one demo claim {label} ({len(ids)} claims): median "
                  f"{statistics.median(timings):.1f} ms, p95 {timings[int(0.95 * len(timings)) - 1]:.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
