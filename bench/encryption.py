"""Bench: the speed cost of encryption at rest (issue 12), encrypted against plain, in one run, median and p95.

For each office (the demo office, made fresh; and, with --big, a copy of a many-year office) the plain file and
an encrypted copy (made with `officebill.office.encryption.encrypt_file`, as `officebill-cli encrypt` does) are
measured alternately: open (including sign-in: the encrypted one unwraps its key each time), patient search
(the facade's find + count for each keystroke of a name and an account), claims make for one day's 40 new
visits (rolled back), a 1,000-claim PDF (save_pdf: read, check, render) and a backup.

    .venv/bin/python bench/encryption.py [--big /tmp/ebench/plain10.db --big-encrypted /tmp/ebench/enc10.db]
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from officebill.core.money import Money
from officebill.core.problems import UserError
from officebill.core.records import ServiceLine, Visit
from officebill.office import Office
from officebill.office.encryption import encrypt_file
from officebill.storage import cipher

USER, PASSWORD = "manager", "maple-manager-demo"


class Rollback(Exception):
    pass


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def line(name: str, plain: list[float], encrypted: list[float]) -> None:
    mp, me = statistics.median(plain) * 1000, statistics.median(encrypted) * 1000
    print(f"  {name:34} plain {mp:9.1f} ms (p95 {p95(plain) * 1000:9.1f})   encrypted {me:9.1f} ms "
          f"(p95 {p95(encrypted) * 1000:9.1f})   x{me / mp if mp else float('nan'):.2f}", flush=True)


def opened(path: Path) -> Office:
    cipher.forget_keys()  # each open signs in from scratch: the encrypted one unwraps its key
    return Office.open(path, user=USER, password=PASSWORD)


def time_open(path: Path) -> float:
    begin = time.perf_counter()
    office = opened(path)
    elapsed = time.perf_counter() - begin
    office.close()
    return elapsed


def search_times(office: Office) -> list[float]:
    sample = office.patients.find("", 1, office.patients.count() // 2)[0]
    times = []
    for text in ("rivera", sample.last_name[:5].lower(), sample.account):
        for end in range(1, len(text) + 1):
            begin = time.perf_counter()
            office.patients.find(text[:end], 100)
            office.patients.count(text[:end])
            times.append(time.perf_counter() - begin)
    return times


def make_day_time(office: Office, today: date) -> float:
    db = office._db
    patients = [r[0] for r in db.execute(
        "SELECT DISTINCT patient_id FROM visits WHERE status = 'billed' ORDER BY patient_id LIMIT 300")]
    provider, facility = office.setup.providers()[0], office.setup.facilities()[0]
    wanted = [p for p in patients if (pol := office.patients.policies(p)) and pol[0].covers(today)][:40]
    holder = {}
    try:
        with office.transaction():
            ids = [office.visits.save(Visit(
                patient_id=p, service_date=today, provider_id=provider.id, facility_id=facility.id, pos="11",
                diagnoses=("I10",), lines=(ServiceLine(from_date=today, code="99213", charge=Money(12500)),)),
                today).value.id for p in wanted]
            begin = time.perf_counter()
            office.claims.make(ids, today=today)
            holder["t"] = time.perf_counter() - begin
            raise Rollback
    except Rollback:
        pass
    return holder["t"]


def print_time(office: Office, folder: Path, today: date) -> float:
    """A 1,000-claim PDF of the newest claims the check lets through (those it refuses are left out first)."""
    ids = [r[0] for r in office._db.execute(
        "SELECT id FROM claims WHERE status NOT IN ('void', 'draft') ORDER BY id DESC LIMIT 1500")]
    refused: set[int] = set()
    for _attempt in range(3):
        chosen = [claim_id for claim_id in ids if claim_id not in refused][:1000]
        begin = time.perf_counter()
        try:
            office.printing.save_pdf(folder / "claims.pdf", claim_ids=chosen, mode="full", today=today)
        except UserError as exc:
            named = re.match(r"Claim\(s\) ([\d, ]+)", str(exc))
            if named is None:
                raise
            refused |= {int(n) for n in named.group(1).replace(" ", "").split(",") if n}
            continue
        return time.perf_counter() - begin
    raise SystemExit("could not find 1,000 printable claims")


def backup_time(office: Office, folder: Path) -> float:
    begin = time.perf_counter()
    made = office.backups.make(folder=folder)
    elapsed = time.perf_counter() - begin
    made.unlink()
    Path(str(made) + ".keys").unlink(missing_ok=True)
    return elapsed


def compare(title: str, plain: Path, encrypted: Path, today: date, repeats: int, heavy_repeats: int) -> None:
    print(f"{title}: plain {plain.stat().st_size / 1e6:,.0f} MB, encrypted {encrypted.stat().st_size / 1e6:,.0f} MB",
          flush=True)
    folder = Path(tempfile.mkdtemp(prefix="ebench-"))
    results: dict[str, dict[str, list[float]]] = {}

    def add(name: str, which: str, values) -> None:
        results.setdefault(name, {"plain": [], "encrypted": []})[which] += list(values)

    for _ in range(repeats):
        for which, path in (("plain", plain), ("encrypted", encrypted)):
            add("open (with sign-in)", which, [time_open(path)])
    for which, path in (("plain", plain), ("encrypted", encrypted)):
        office = opened(path)
        try:
            office.codes.ensure_built()
            add("patient search keystroke", which, search_times(office))
            add("claims make, 40 visits of one day", which, [make_day_time(office, today) for _ in range(heavy_repeats)])
            add("1,000-claim PDF", which, [print_time(office, folder, today) for _ in range(heavy_repeats)])
            add("backup", which, [backup_time(office, folder) for _ in range(heavy_repeats)])
        finally:
            office.close()
    for name, both in results.items():
        line(name, both["plain"], both["encrypted"])
    shutil.rmtree(folder, ignore_errors=True)


def demo_pair(folder: Path, today: date) -> tuple[Path, Path]:
    from officebill.demo import build_demo

    plain = folder / "demo-plain.db"
    with Office.create(plain) as office:
        build_demo(office, today=today, users=True)
    encrypted = folder / "demo-encrypted.db"
    shutil.copyfile(plain, encrypted)
    encrypt_file(encrypted, {USER: PASSWORD})
    return plain, encrypted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--heavy-repeats", type=int, default=3)
    parser.add_argument("--today", default=date.today().isoformat())
    parser.add_argument("--big", type=Path, help="a plain many-year office (its users are the demo ones)")
    parser.add_argument("--big-encrypted", type=Path, help="the same office encrypted (officebill-cli encrypt)")
    parser.add_argument("--big-today", default="2026-06-01")
    args = parser.parse_args()

    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}, "
          f"Python {platform.python_version()}, sqlcipher3 0.6.4 "
          f"(SQLCipher {cipher.sqlcipher.connect(':memory:').execute('PRAGMA cipher_version').fetchone()[0]})",
          flush=True)
    folder = Path(tempfile.mkdtemp(prefix="ebench-demo-"))
    try:
        plain, encrypted = demo_pair(folder, date.fromisoformat(args.today))
        compare("demo office", plain, encrypted, date.fromisoformat(args.today), args.repeats, args.heavy_repeats)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if args.big and args.big_encrypted:
        compare(f"many-year office ({args.big.name})", args.big, args.big_encrypted,
                date.fromisoformat(args.big_today), max(3, args.repeats // 3), 1)


if __name__ == "__main__":
    main()
