"""Bench: the Claims screen's search box, keystroke to repainted list, on the demo office and a large one.

Builds the demo office in a temporary folder, and copies the ten-year office (`--large`, default
/work/scale/gen10m.db: 300,000 claims; never written: the copy is opened) beside a link to its code
database. On each, the Claims screen is shown on its "Sent or printed" tab and the texts staff type are
typed one key at a time (a name, an account, a claim number as listed and as printed in box 26, a payer, a
date of service both ways, two words); each keystroke is timed from the key to the list repainted
(the search, the tab counts, the first page). Prints median and p95 per office and per text.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/claims_search.py [--large PATH] [--repeats R]
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LARGE = Path("/work/scale/gen10m.db")
MANAGER = ("manager", "maple-manager-demo")  # the demo users' manager (the ten-year office has them too)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def texts_of(office) -> dict[str, str]:
    """What a person types to find claims of this office, from a claim some way down the list."""
    from officebill.core.edi import claim_control_number
    from officebill.core.records import ClaimStatus

    rows = office.claims.page((ClaimStatus.PRINTED,), 0, 400)
    row = rows[len(rows) // 2]
    last = row.patient_name.split(",")[0]
    return {"name": last[:6].lower(), "account": row.account, "claim number": str(row.id),
            "printed claim number": claim_control_number(row.account, row.id),
            "payer": row.payer_name.split()[0].lower(), "date MM/DD/YYYY": f"{row.service_date:%m/%d/%Y}",
            "date YYYY-MM-DD": row.service_date.isoformat(),
            "name and date": f"{last[:4].lower()} {row.service_date:%m/%d/%Y}"}


def measure(app, office, repeats: int) -> list[float]:
    from PySide6.QtCore import QCoreApplication, QEvent, Qt
    from PySide6.QtTest import QTest

    from officebill.gui.claims_view import ClaimsView

    view = ClaimsView(office)
    view.resize(1366, 720)
    view.show()
    view.tabs.setCurrentIndex(2)  # Sent or printed: the most claims
    from officebill.gui import background

    started = time.perf_counter()
    while background._running:  # the check of the unprinted claims, made when the screen opens
        app.processEvents()
    print(f"  (the check made when the screen opened took {time.perf_counter() - started:.1f} s; typing starts after)")
    every = []
    for label, text in texts_of(office).items():
        times = []
        for _ in range(repeats):
            view.search_edit.clear()
            view.focus_list()
            app.processEvents()
            view.search_edit.setFocus()
            for char in text:
                started = time.perf_counter()
                QTest.keyClick(view.search_edit, char)
                while view._search_text != " ".join(view.search_edit.text().split()):
                    app.processEvents()
                view.claim_table.viewport().repaint()
                times.append(time.perf_counter() - started)
            QTest.keyClick(view.search_edit, Qt.Key.Key_Escape)
        every += times
        print(f"  {label:22} {text!r:22} {len(text):2} keys x {repeats}: median {statistics.median(times) * 1000:6.1f} ms,"
              f" p95 {p95(times) * 1000:6.1f} ms; tabs: {', '.join(view.tabs.tabText(i).replace('&', '') for i in range(4))}")
    while background._running:  # a check the typing started ends before its office closes
        app.processEvents()
    view.close()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # gone before its office closes
    return every


def report(name: str, times: list[float]) -> None:
    print(f"{name}: every keystroke ({len(times)}): median {statistics.median(times) * 1000:.1f} ms, "
          f"p95 {p95(times) * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--large", type=Path, default=LARGE, help="a large office file to copy and search")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="officebill-bench-"))
    os.environ["OFFICEBILL_HOME"] = str(home)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home))
    app = QApplication.instance() or QApplication([])
    from officebill.demo import build_demo
    from officebill.office import Office

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
          f"Qt platform {os.environ['QT_QPA_PLATFORM']}")
    codes = args.large.with_name("codes.db")
    demo = home / "demo" / "office.db"
    demo.parent.mkdir()
    if codes.exists():
        (demo.parent / "codes.db").symlink_to(codes)
    with Office.create(demo) as office:
        build_demo(office)
        print(f"demo office: {sum(office.claims.counts().values()):,} claims")
        report("demo office", measure(app, office, args.repeats))
    if not args.large.exists():
        print(f"{args.large} not found: the large office was not measured")
        return
    large = home / "large" / "office.db"
    large.parent.mkdir()
    shutil.copyfile(args.large, large)  # the original is never opened, so never written
    if codes.exists():
        (large.parent / "codes.db").symlink_to(codes)
    with Office.open(large, user=MANAGER[0], password=MANAGER[1]) as office:
        print(f"large office ({args.large.name}, copied): {sum(office.claims.counts().values()):,} claims")
        report("large office", measure(app, office, args.repeats))
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
