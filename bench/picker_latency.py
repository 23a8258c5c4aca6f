"""Keystroke-to-results latency of the code picker widget (offscreen, real codes.db, demo office).

Types realistic queries character by character into the real `CodePickerWidget`
and measures, for every keystroke, the time from sending the key
(QTest.keyClick) to the picker's model holding the new results (its
`results_changed` signal, emitted after the list and the notes pane are
updated), plus the full time until keyClick returns. Prints median, p95 and
max per code system and the machine it ran on.

    .venv/bin/python bench/picker_latency.py [--rounds 3]
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

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ICD_QUERIES = [
    "dm2", "htn", "E11.9", "E11.65", "type 2 diabetes with neuropathy", "S52.501", "otitis media", "uti",
    "acute bronchitis", "low back pain", "chest pain", "hyperlipidemia", "copd", "J02.0", "strep throat",
    "cough", "gerd", "afib", "depression", "anxiety", "Z00.00", "annual exam", "hypothyroidism", "asthma",
    "sinusitis acute", "fracture of radius", "sprain of ankle", "I10", "obesity", "vitamin d deficiency",
    "urinary frequency", "headache", "ckd stage 3", "pneumonia", "dermatitis", "insomnia",
]
PROCEDURE_QUERIES = ["99213", "99214", "flu vaccine", "strep", "a1c", "venipuncture", "J1885", "office visit"]
POS_QUERIES = ["11", "office", "telehealth", "urgent"]
MODIFIER_QUERIES = ["25", "59", "distinct", "50", "bilat"]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import PySide6

    return (f"{platform.platform()}; {cpu}; {os.cpu_count()} CPUs; Python {platform.python_version()}; "
            f"PySide6 {PySide6.__version__}; QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')}")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="times each query list is typed (default 3)")
    args = parser.parse_args()

    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from officebill.codes import ensure_built
    from officebill.demo import build_demo
    from officebill.gui.code_picker import CodePickerWidget
    from officebill.office import Office

    app = QApplication.instance() or QApplication(sys.argv)
    scratch = tempfile.TemporaryDirectory(prefix="picker-bench-")
    folder = Path(scratch.name)
    started = time.perf_counter()
    ensure_built(folder / "codes.db")
    print(f"codes.db built in {time.perf_counter() - started:.1f} s (not part of the latency)")
    office = Office.create(folder / "office.db")
    build_demo(office)
    patient = office.patients.find(limit=1)[0]

    print(f"machine: {machine()}")
    print("key -> model updated (list, highlight and notes pane done); 'search' is the facade query alone")
    print(f"{'system':<10} {'keys':>5} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'keyClick p95':>13} "
          f"{'search med':>11} {'search p95':>11}  rows/query")
    everything = []
    for system, queries in (("icd10cm", ICD_QUERIES), ("procedure", PROCEDURE_QUERIES), ("pos", POS_QUERIES),
                            ("modifier", MODIFIER_QUERIES)):
        widget = CodePickerWidget(office, system, lambda: patient.id)
        widget.resize(1000, 500)
        widget.show()
        widget.activateWindow()
        widget.field.setFocus()
        app.processEvents()
        picker = widget.picker
        stamp: list[float] = []
        picker.results_changed.connect(lambda: stamp.append(time.perf_counter()))
        searched: list[float] = []
        plain_rows = picker.source.rows

        def timed_rows(text, plain_rows=plain_rows, searched=searched):
            began = time.perf_counter()
            try:
                return plain_rows(text)
            finally:
                searched.append((time.perf_counter() - began) * 1000)

        picker.source.rows = timed_rows
        to_model, to_return, rows, search_only = [], [], [], []
        for round_no in range(args.rounds + 1):  # round 0 warms caches and is not counted
            for query in queries:
                widget.field.clear()
                for char in query:
                    stamp.clear()
                    searched.clear()
                    sent = time.perf_counter()
                    QTest.keyClick(widget.field, char)
                    done = time.perf_counter()
                    app.processEvents()
                    if not stamp:
                        raise SystemExit(f"no results update after typing {char!r} of {query!r}")
                    if round_no:
                        to_model.append((stamp[-1] - sent) * 1000)
                        to_return.append((done - sent) * 1000)
                        search_only.append(sum(searched))
                if round_no:
                    rows.append(len(picker.rows()))
        everything += to_model
        print(f"{system:<10} {len(to_model):>5} {statistics.median(to_model):>10.2f} {percentile(to_model, .95):>8.2f} "
              f"{max(to_model):>8.2f} {percentile(to_return, .95):>13.2f} {statistics.median(search_only):>11.2f} "
              f"{percentile(search_only, .95):>11.2f}  {statistics.mean(rows):.0f}")
        widget.close()
    print(f"{'all':<10} {len(everything):>5} {statistics.median(everything):>10.2f} "
          f"{percentile(everything, .95):>8.2f} {max(everything):>8.2f}")
    office.close()
    scratch.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
