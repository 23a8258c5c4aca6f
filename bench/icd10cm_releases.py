"""Bench: ICD-10-CM releases (issue 11): the build, an import of a whole-size release, the scrubber's look-up.

Builds codes.db from the bundled release (with the shipped April 2025 history), writes a whole-size "FY2027"
release in the CMS formats (the bundled release with a code added, one deleted, one expanded; the files of
tests/codes/icd_release_files.py), imports it into fresh copies, and times `ReleaseLookup.diagnosis` (what
dx.exists and dx.billable ask per diagnosis). Prints median and p95, the machine and the load.

    .venv/bin/python bench/icd10cm_releases.py [--repeats 3] [--lookups 2000]
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from officebill.codes import CodeIndex, ReleaseLookup, builder, icd10cm, import_icd10cm
from tests.codes.icd_release_files import changed, write_release


def spread(label: str, seconds: list[float], unit: float = 1.0, suffix: str = "s") -> None:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{label:<44} median {statistics.median(ordered) * unit:8.3f} {suffix}  p95 {p95 * unit:8.3f} {suffix}"
          f"  (n={len(ordered)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--lookups", type=int, default=2000)
    args = parser.parse_args()
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, load {os.getloadavg()[0]:.2f}")
    folder = Path(tempfile.mkdtemp(prefix="icd-bench-"))
    try:
        builds = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            builder.build(folder / "codes.db")
            builds.append(time.perf_counter() - started)
        spread("codes build (bundled + April 2025 history)", builds)
        print(f"codes.db size: {(folder / 'codes.db').stat().st_size:,} bytes")
        release = icd10cm.read_release()
        new = changed(release, add={"R073": "Chest pain on exertion"}, delete=("R071",),
                      expand={"J028": {"J0281": "Acute pharyngitis, test", "J0289": "Acute pharyngitis, other"}})
        files = write_release(new, folder / "cms", zipped=True)
        print(f"FY2027 files: {', '.join(f'{f.name} {f.stat().st_size:,} bytes' for f in files)}")
        imports = []
        for n in range(args.repeats):
            target = folder / f"copy{n}" / "codes.db"
            target.parent.mkdir()
            shutil.copy(folder / "codes.db", target)
            started = time.perf_counter()
            import_icd10cm(target, files)
            imports.append(time.perf_counter() - started)
        spread("import of a whole FY2027 release", imports)
        print(f"codes.db size with FY2027: {target.stat().st_size:,} bytes; kept beside it: "
              f"{(target.parent / 'icd10cm-releases' / '2027.release').stat().st_size:,} bytes")
        codes = [c.code for c in release.codes][:: max(1, len(release.codes) // args.lookups)]
        with CodeIndex(target, build=False) as index:
            lookup = ReleaseLookup(index.connection)
            times = []
            for code in codes:
                started = time.perf_counter()
                lookup.diagnosis(code, date(2026, 11, 2))
                times.append(time.perf_counter() - started)
        spread("ReleaseLookup.diagnosis per code", times, 1e6, "µs")
        print(f"load after: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
