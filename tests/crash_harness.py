"""Crash trials: the program's own multi-step operations run in a child process and are SIGKILLed at random moments.

The engine behind `tests/test_crash_trials.py` (a short run in CI) and `bench/crash_trials.py` (long runs).

How one run goes:

1. `build_template(folder)` makes, once, everything the trials copy: the demo office (Office.create +
   build_demo, setting `crash_marker` = "old"), its code database beside it, a copy with every claim
   made (for printing), a copy with five visits still in its WAL (never checkpointed, as after a crash
   of the window; for restore), a backup of the office marked "new" (restored by the restore trials),
   and two whole-size HCPCS releases (tests/codes/release_files.py).
2. For each operation a few trials run unkilled first: they must pass the checks, and their median
   duration sets the range of the kill delays. Every further trial copies the template into a fresh folder (the office
   file; codes.db is linked, or copied for the code import, which replaces it), starts the child
   (`python tests/crash_harness.py --child OP FOLDER INFO`), waits for "ready" (imports and opening
   are not timed), says "go", sleeps a random delay in [0, duration] and SIGKILLs it.
   The child runs the operation several times through the facade and prints `done ...` (flushed)
   after each call that returned: those are the commits the checks insist on.
3. After each trial `check(...)` opens the office with Office.open (which cleans what a killed
   backup or restore left), starts the code index (which cleans codes.db temporaries), runs the
   operation's own checks, and then insists on: no temporary or partial file anywhere in the folder
   (`LEFTOVERS`), `PRAGMA integrity_check` ok and no foreign-key violation, and for code imports that
   codes.db is sound and searchable.

Operations (`OPS`): visit (a new visit with service lines), patient (a new patient with two policies),
claims-make, claims-print (to PDF files), backup, restore, code-import (HCPCS).
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve()
TODAY = date(2026, 11, 27)
OPS = ("visit", "patient", "claims-make", "claims-print", "backup", "restore", "code-import")
# What a killed operation may leave and the next start must have removed (searched in every subfolder).
LEFTOVERS = ("*.partial", "*.partial-*", "*.tmp", "*.tmp-*", "*.restoring", "*.restoring-*", "*-journal")
REPEATS = {"visit": 60, "patient": 40, "claims-make": 10, "claims-print": 4, "backup": 4, "restore": 1,
           "code-import": 2}
MAKE_BATCH = 15  # visits per claims.make call
PRINT_BATCH = 12  # claims per PDF
WAL_VISITS = 5  # visits left in the restore office's WAL


# ====================================================================== the child
def _child(op: str, folder: Path, info: dict) -> None:
    """Runs in the child process: open, say ready, wait for go, run the operation, `done ...` after each."""
    from officebill.office import Office, restore_backup

    def done(*payload) -> None:
        print("done", *payload, flush=True)

    office = None if op == "restore" else Office.open(folder / "office.db")
    work = _child_work(op, office, folder, info)
    print("ready", flush=True)
    sys.stdin.readline()
    if op == "restore":
        done(restore_backup(info["new_backup"], folder / "office.db"))
    else:
        for payload in work():
            done(*payload)
        office.close()
    print("end", flush=True)


def _unbilled_visits(office, count: int) -> list[int]:
    """`count` visits with no claim yet, for claims-make: the demo bills its whole year but its last week, so
    these are copies of its first visit, one a day back from yesterday (one a day: no copy is a duplicate that
    the scrubber holds back, so the printing trials have ready claims)."""
    from officebill.core.records import VisitStatus

    base = min(office.visits.between(TODAY - timedelta(days=400), TODAY), key=lambda v: v.id)
    taken = {v.service_date for v in office.visits.for_patient(base.patient_id)}
    days = [d for d in (TODAY - timedelta(days=n) for n in range(1, 2 * count)) if d not in taken][:count]
    made = []
    for day in days:
        visit = replace(base, id=None, service_date=day, status=VisitStatus.OPEN,
                        lines=tuple(replace(line, id=None, from_date=day, to_date=None) for line in base.lines))
        made.append(office.visits.save(visit, today=TODAY).value.id)
    return made


def _child_work(op: str, office, folder: Path, info: dict):
    """The operation's loop (a generator yielding what to report after each call), prepared before 'ready'."""
    if op == "visit":
        base = office.visits.get(info["base_visit"])

        def work():
            for n in range(REPEATS[op]):
                visit = replace(base, id=None, service_date=TODAY - timedelta(days=n % 30),
                                lines=tuple(replace(line, id=None, from_date=TODAY - timedelta(days=n % 30),
                                                    to_date=None) for line in base.lines))
                yield (office.visits.save(visit, today=TODAY).value.id,)
    elif op == "patient":
        base = office.patients.get(info["base_patient"])
        policies = office.patients.policies(base.id)

        def work():
            for n in range(REPEATS[op]):
                patient = replace(base, id=None, account="", first_name="Crash" + "".join(chr(97 + int(d)) for d in str(n)))
                saved = office.patients.save(patient, [replace(p, id=None, patient_id=None) for p in policies],
                                             today=TODAY).value
                yield saved.patient.id, len(saved.policies)
    elif op == "claims-make":
        def work():
            for k, batch in enumerate(info["make_batches"]):
                yield k, len(office.claims.make(batch, today=TODAY).value.made)
    elif op == "claims-print":
        def work():
            for k, batch in enumerate(info["print_batches"]):
                office.printing.print_to_file(folder / "pdf" / f"claims-{k}.pdf", batch, "red", today=TODAY)
                yield (k,)
    elif op == "backup":
        def work():
            for _ in range(REPEATS[op]):
                yield (office.backups.make().name,)
    elif op == "code-import":
        releases = info["releases"]
        first = info["first_release"]

        def work():
            for n in range(REPEATS[op]):
                which = (first + n) % len(releases)
                counts = office.codes.import_hcpcs(releases[which]).value
                yield which, counts["procedure"] + counts["modifier"]
    elif op == "restore":
        return None
    else:
        raise SystemExit(f"unknown operation {op}")
    return work


def _leave_in_wal(office_path: str, base_visit: int, count: int) -> None:
    """Child: save `count` visits with WAL checkpoints off, then die without closing (as a crashed window)."""
    from officebill.office import Office

    office = Office.open(office_path)
    office._db.execute("PRAGMA wal_autocheckpoint = 0")
    base = office.visits.get(base_visit)
    ids = [office.visits.save(replace(base, id=None, lines=tuple(replace(l, id=None) for l in base.lines)),
                              today=TODAY).value.id for _ in range(count)]
    print(json.dumps(ids), flush=True)
    os._exit(0)


# ====================================================================== the template
def build_template(folder: Path, codes_db: Path | None = None) -> dict:
    """Everything the trials copy, made once in `folder`; returns the `info` the children and checks use.

    `codes_db`: an already built code database to copy (else one is built, a few seconds)."""
    from officebill.codes import ensure_built, import_hcpcs
    from officebill.demo import build_demo
    from officebill.office import Office
    from tests.codes.release_files import SAMPLE, small_codes_db, write_whole_release

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    codes = folder / "codes.db"
    if codes_db is not None:
        shutil.copy(codes_db, codes)
    ensure_built(codes)
    conn = sqlite3.connect(codes)
    has_hcpcs = conn.execute("SELECT count(*) FROM hcpcs").fetchone()[0]
    conn.close()
    if not has_hcpcs:  # as tests/codes/conftest.py's built_db: the fixture's few codes (A4206 syringe, ...)
        import_hcpcs(codes, SAMPLE, partial=True)
    office_path = folder / "office.db"
    with Office.create(office_path) as office:
        build_demo(office, today=TODAY)
        office.setup.save_setting("crash_marker", "old")
        unbilled = _unbilled_visits(office, MAKE_BATCH * REPEATS["claims-make"])
        visits = sorted(v.id for v in office.visits.between(TODAY - timedelta(days=400), TODAY))
        patients = [p for p in office.patients.find(limit=1000)]
        two = next(p for p in patients if len(office.patients.policies(p.id)) == 2)
        info = {"base_visit": visits[0], "base_patient": two.id, "template_visits": len(visits),
                "max_visit": max(visits), "max_patient": max(p.id for p in patients),
                "base_lines": len(office.visits.get(visits[0]).lines),
                "base_policies": len(office.patients.policies(two.id))}
        info["make_batches"] = [unbilled[i:i + MAKE_BATCH] for i in range(0, len(unbilled), MAKE_BATCH)]

    # printing: the same office with every claim made
    printing = folder / "printing"
    printing.mkdir()
    shutil.copy(office_path, printing / "office.db")
    os.symlink(codes, printing / "codes.db")
    with Office.open(printing / "office.db") as office:
        ready = sorted(c.id for c in office.claims.make(today=TODAY).value.made if c.status.can_print)
    batches = [ready[i:i + PRINT_BATCH] for i in range(0, len(ready), PRINT_BATCH)]
    info["print_batches"] = [b for b in batches if len(b) == PRINT_BATCH][:REPEATS["claims-print"]]

    # restore: the office with visits left in its WAL, and a backup of the office marked "new"
    restoring = folder / "restore"
    restoring.mkdir()
    shutil.copy(office_path, restoring / "office.db")
    os.symlink(codes, restoring / "codes.db")
    out = subprocess.run([sys.executable, str(HERE), "--wal", str(restoring / "office.db"), str(visits[0]),
                          str(WAL_VISITS)], capture_output=True, text=True, timeout=120, env=_child_env(restoring))
    if out.returncode != 0:
        raise RuntimeError(f"could not leave visits in the WAL: {out.stderr}")
    info["wal_visits"] = json.loads(out.stdout)
    assert Path(str(restoring / "office.db") + "-wal").stat().st_size > 0
    (restoring / "office.db.lock").unlink(missing_ok=True)
    (Path(str(restoring / "office.db") + "-shm")).unlink(missing_ok=True)
    source = folder / "new"
    source.mkdir()
    shutil.copy(office_path, source / "office.db")
    os.symlink(codes, source / "codes.db")
    with Office.open(source / "office.db") as office:
        office.setup.save_setting("crash_marker", "new")
        info["new_backup"] = str(office.backups.make())

    # code import: a small codes.db (no ICD-10-CM: quick to copy and import into) and two whole releases
    small_codes_db(codes, folder / "codes-small.db")
    info["releases"] = [str(write_whole_release(folder / "hcpcs-a.txt", effective="20250101")),
                        str(write_whole_release(folder / "hcpcs-b.txt", extra=400, effective="20260101"))]
    conn = sqlite3.connect(codes)
    info["template_hcpcs"] = conn.execute("SELECT count(*) FROM hcpcs").fetchone()[0]
    conn.close()
    info["first_release"] = 0
    info["folder"] = str(folder)
    return info


# ====================================================================== one trial
@dataclass
class Trial:
    op: str
    number: int
    delay: float | None
    killed: bool = False  # SIGKILL landed before the operation ended
    reported: list[list[str]] = field(default_factory=list)
    cleaned: int = 0  # temporary files the next start removed
    outcome: str = ""  # e.g. "old"/"new" for restore
    failure: str | None = None
    seconds: float = 0.0  # from go to the end (or the kill)


def _child_env(folder: Path) -> dict:
    return dict(os.environ, OFFICEBILL_HOME=str(folder), QT_QPA_PLATFORM="offscreen")


def prepare_trial(op: str, info: dict, folder: Path, number: int) -> dict:
    """A fresh folder for one trial (copies of the template); returns the child's `info`."""
    template = Path(info["folder"])
    folder.mkdir(parents=True)
    source = {"claims-print": template / "printing", "restore": template / "restore"}.get(op, template)
    shutil.copy(source / "office.db", folder / "office.db")
    if op == "restore":
        shutil.copy(source / "office.db-wal", folder / "office.db-wal")
    if op == "code-import":
        shutil.copy(template / "codes-small.db", folder / "codes.db")
    else:
        os.symlink(template / "codes.db", folder / "codes.db")
    if op == "claims-print":
        (folder / "pdf").mkdir()
    return dict(info, first_release=number % 2)


def run_trial(op: str, info: dict, folder: Path, number: int, delay: float | None) -> Trial:
    """One trial: prepare, run the child (killed `delay` s after go; None: not killed), check."""
    trial = Trial(op, number, delay)
    child_info = prepare_trial(op, info, folder, number)
    with tempfile.TemporaryFile("w+") as errors:
        child = subprocess.Popen([sys.executable, str(HERE), "--child", op, str(folder), json.dumps(child_info)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True,
                                 env=_child_env(folder), cwd=folder)
        try:
            first = child.stdout.readline().strip()
            if first != "ready":
                child.wait(timeout=60)
                errors.seek(0)
                trial.failure = f"child did not start ({first!r}): {errors.read()[-2000:]}"
                return trial
            child.stdin.write("go\n")
            child.stdin.flush()
            start = time.monotonic()
            if delay is not None:
                time.sleep(delay)
                child.send_signal(signal.SIGKILL)
            out, _ = child.communicate(timeout=300)
            trial.seconds = time.monotonic() - start
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        lines = out.splitlines()
        # Only whole lines count as reported: a kill can cut the last line short ("done" without its id).
        whole = lines if out.endswith("\n") else lines[:-1]
        trial.reported = [line.split()[1:] for line in whole if line.startswith("done")]
        ended = "end" in lines
        trial.killed = not ended and child.returncode == -signal.SIGKILL
        if not ended and not trial.killed:
            errors.seek(0)
            trial.failure = f"child failed (exit {child.returncode}): {errors.read()[-3000:]}"
            return trial
    try:
        problems = check(op, info, folder, trial)
    except Exception:  # a crash in the checks (the office does not open, ...) is a failure too
        problems = [traceback.format_exc(limit=6)]
    if problems:
        trial.failure = "; ".join(problems)
    return trial


# ====================================================================== the checks
def leftovers_in(folder: Path) -> list[Path]:
    found = set()
    for pattern in LEFTOVERS:
        found.update(p for p in folder.rglob(pattern) if p.is_file())
    return sorted(found)


def check(op: str, info: dict, folder: Path, trial: Trial) -> list[str]:
    """What must hold after the trial; returns the problems (empty when all is well)."""
    from officebill.office import Office

    problems: list[str] = []
    office_path = folder / "office.db"
    before = leftovers_in(folder)
    codes_before = _identity(folder / "codes.db")
    with Office.open(office_path) as office:  # the next start: opens, cleans a killed backup or restore
        if not office.codes.search("syringe", "hcpcs"):  # starts the code index: cleans codes.db temporaries
            problems.append("code search found nothing for 'syringe'")
        if _identity(folder / "codes.db") != codes_before:
            problems.append("codes.db was rebuilt at the next start (it was damaged or not current)")
        problems += CHECKS[op](office, info, folder, trial)
    left = leftovers_in(folder)
    trial.cleaned = len(set(before) - set(left))
    if left:
        problems.append(f"left after the next open: {[str(p.relative_to(folder)) for p in left]}")
    problems += [f"office.db: {p}" for p in _integrity(office_path, foreign_keys=True)]
    return problems


def _identity(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns


def _integrity(path: Path, foreign_keys: bool = False) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        fk = conn.execute("PRAGMA foreign_key_check").fetchall() if foreign_keys else []
    finally:
        conn.close()
    return [f"integrity_check: {r}" for r in rows if r != "ok"] + [f"foreign key: {tuple(r)}" for r in fk]


def _reported_ints(trial: Trial, column: int = 0) -> list[int]:
    return [int(r[column]) for r in trial.reported]


def _check_visit(office, info, folder, trial) -> list[str]:
    problems = []
    new = [v for v in office.visits.between(TODAY - timedelta(days=400), TODAY) if v.id > info["max_visit"]]
    ids = {v.id for v in new}
    missing = [i for i in _reported_ints(trial) if i not in ids]
    if missing:
        problems.append(f"reported visits missing: {missing}")
    half = [v.id for v in new if len(v.lines) != info["base_lines"]]
    if half:
        problems.append(f"visits saved without all their lines: {half}")
    if len(new) > len(trial.reported) + 1:
        problems.append(f"{len(new)} new visits, {len(trial.reported)} reported (at most one more may land)")
    return problems


def _check_patient(office, info, folder, trial) -> list[str]:
    problems = []
    new = [p for p in office.patients.find(limit=10_000) if p.id > info["max_patient"]]
    ids = {p.id for p in new}
    missing = [i for i in _reported_ints(trial) if i not in ids]
    if missing:
        problems.append(f"reported patients missing: {missing}")
    half = [p.id for p in new if len(office.patients.policies(p.id)) != info["base_policies"]]
    if half:
        problems.append(f"patients saved without all their policies: {half}")
    if len(new) > len(trial.reported) + 1:
        problems.append(f"{len(new)} new patients, {len(trial.reported)} reported")
    return problems


def _check_claims_make(office, info, folder, trial) -> list[str]:
    problems = []
    made = {int(k): int(n) for k, n in trial.reported}
    expected = info.get("make_counts", {})
    for k, batch in enumerate(info["make_batches"]):
        count = sum(len(office.claims.for_visit(v)) for v in batch)
        if k in made and count != made[k]:
            problems.append(f"batch {k}: reported {made[k]} claims made, {count} in the file")
        elif k not in made and count not in (0, expected.get(str(k), count)):
            problems.append(f"batch {k}: {count} claims, expected 0 or {expected.get(str(k))} (half a make)")
    return problems


def _check_claims_print(office, info, folder, trial) -> list[str]:
    from officebill.core.records import ClaimStatus

    problems = []
    reported = set(_reported_ints(trial))
    for k, batch in enumerate(info["print_batches"]):
        printed = [office.claims.get(i).status == ClaimStatus.PRINTED for i in batch]
        pdf = folder / "pdf" / f"claims-{k}.pdf"
        if any(printed) and not all(printed):
            problems.append(f"batch {k}: {sum(printed)} of {len(batch)} claims marked printed")
        if k in reported and not all(printed):
            problems.append(f"batch {k}: reported printed, claims not marked printed")
        if any(printed) or k in reported:
            why = pdf_problem(pdf, len(batch))
            if why:
                problems.append(f"batch {k}: claims marked printed but {why}")
            elif pdf.stat().st_mode & 0o077:
                problems.append(f"batch {k}: {pdf.name} is not owner-only ({oct(pdf.stat().st_mode & 0o777)})")
        elif pdf.exists() and pdf_problem(pdf, len(batch)):
            problems.append(f"batch {k}: an incomplete PDF at the target ({pdf_problem(pdf, len(batch))})")
    return problems


def pdf_problem(path: Path, pages_at_least: int = 1) -> str | None:
    """Why `path` is not a complete PDF (None when it is)."""
    if not path.is_file():
        return f"{path.name} does not exist"
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        return f"{path.name} is cut short ({len(data)} bytes)"
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
        pages = len(document)
        document.close()
    except Exception as exc:
        return f"{path.name} does not parse: {exc}"
    if pages < pages_at_least:
        return f"{path.name} has {pages} pages, fewer than {pages_at_least}"
    return None


def _check_backup(office, info, folder, trial) -> list[str]:
    from officebill.office import backup_problems

    problems = []
    names = {r[0] for r in trial.reported}
    present = {p.name: p for p in office.backups.folder.glob("*.db")} if office.backups.folder.is_dir() else {}
    for name in sorted(names - set(present)):
        problems.append(f"reported backup {name} is missing")
    for name, path in sorted(present.items()):
        refused = backup_problems(path)
        if refused:
            problems.append(f"backup {name} cannot be restored: {refused[:2]}")
        if path.stat().st_mode & 0o077:
            problems.append(f"backup {name} is not owner-only ({oct(path.stat().st_mode & 0o777)})")
    if len(present) > len(names) + 1:
        problems.append(f"{len(present)} backups, {len(names)} reported")
    return problems


def _check_restore(office, info, folder, trial) -> list[str]:
    from officebill.office import backup_problems

    problems = []
    marker = office.setup.setting("crash_marker")
    trial.outcome = str(marker)
    wal = info["wal_visits"]
    kept = sorted(office.backups.folder.glob("*replaced-by-restore*.db")) if office.backups.folder.is_dir() else []
    if trial.reported and marker != "new":
        problems.append(f"restore reported done but the office is {marker!r}")
    if marker == "old":
        missing = [v for v in wal if office.visits.get(v) is None]
        if missing:
            problems.append(f"the old office lost the visits that were in its WAL: {missing}")
    elif marker == "new":
        if any(office.visits.get(v) is not None for v in wal):
            problems.append("the restored office holds visits of the old one (a mix)")
        if len(kept) != 1:
            problems.append(f"restored, but {len(kept)} kept copies of the replaced file")
    else:
        problems.append(f"the office is neither old nor new: crash_marker={marker!r}")
    for copy in kept:
        refused = backup_problems(copy)
        if refused:
            problems.append(f"the kept copy {copy.name} is damaged: {refused[:2]}")
            continue
        conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        try:
            held = {r[0] for r in conn.execute(f"SELECT id FROM visits WHERE id IN ({','.join('?' * len(wal))})",
                                               wal)}
        finally:
            conn.close()
        if held != set(wal):
            problems.append(f"the kept copy lost the WAL visits {sorted(set(wal) - held)}")
    return problems


def _check_code_import(office, info, folder, trial) -> list[str]:
    problems = [f"codes.db: {p}" for p in _integrity(folder / "codes.db")]
    counts = info.get("release_counts")
    conn = sqlite3.connect(f"file:{folder / 'codes.db'}?mode=ro", uri=True)
    try:
        held = conn.execute("SELECT count(*) FROM hcpcs").fetchone()[0]
    finally:
        conn.close()
    if not office.codes.search("X0001", "hcpcs") and held != info["template_hcpcs"]:
        problems.append("codes.db: the imported codes cannot be found")
    order = [(trial.number % 2 + n) % len(info["releases"]) for n in range(REPEATS["code-import"])]
    if counts:
        done = len(trial.reported)
        last = counts[str(order[done - 1])] if done else info["template_hcpcs"]
        allowed = {last} | ({counts[str(order[done])]} if done < len(order) else set())
        if held not in allowed:
            problems.append(f"codes.db holds {held} HCPCS records, expected one of {sorted(allowed)}")
    for which, count in trial.reported:
        if counts and counts[which] != int(count):
            problems.append(f"release {which} imported {count} records, {counts[which]} before")
    return problems


CHECKS = {"visit": _check_visit, "patient": _check_patient, "claims-make": _check_claims_make,
          "claims-print": _check_claims_print, "backup": _check_backup, "restore": _check_restore,
          "code-import": _check_code_import}


# ====================================================================== a run
@dataclass
class Result:
    op: str
    duration: float  # the unkilled operation, s
    trials: list[Trial]
    elapsed: float

    @property
    def failures(self) -> list[Trial]:
        return [t for t in self.trials if t.failure]

    def summary(self) -> str:
        killed = sum(t.killed for t in self.trials)
        cleaned = sum(t.cleaned for t in self.trials)
        outcomes = {}
        for t in self.trials:
            if t.outcome:
                outcomes[t.outcome] = outcomes.get(t.outcome, 0) + 1
        extra = f", outcomes {outcomes}" if outcomes else ""
        return (f"{self.op:13} trials {len(self.trials):4}  killed mid-op {killed:4}  failures "
                f"{len(self.failures):3}  temp files cleaned {cleaned:3}{extra}  "
                f"(unkilled run {self.duration:.2f} s, elapsed {self.elapsed:.1f} s)")


def run_op(op: str, info: dict, work: Path, trials: int, rng: random.Random, keep_failed: int = 3,
           timing_runs: int = 3) -> Result:
    """Unkilled timing runs (checked too; the median duration sets the kill delays), then `trials` killed
    trials; trial folders are removed unless they failed."""
    started = time.monotonic()
    folder = work / op
    durations = []
    for run in range(max(timing_runs, 1)):
        first = run_trial(op, info, folder / f"timing{run}", 0, None)
        if first.failure or first.killed:
            first.failure = f"the unkilled run failed: {first.failure}"
            return Result(op, first.seconds, [first], time.monotonic() - started)
        _learn(op, info, first)
        shutil.rmtree(folder / f"timing{run}")
        durations.append(first.seconds)
    duration = sorted(durations)[len(durations) // 2]
    results, kept = [], 0
    for number in range(1, trials + 1):
        trial = run_trial(op, info, folder / f"trial{number}", number, rng.uniform(0, duration))
        results.append(trial)
        if trial.failure and kept < keep_failed:
            kept += 1
        else:
            shutil.rmtree(folder / f"trial{number}", ignore_errors=True)
    return Result(op, duration, results, time.monotonic() - started)


def _learn(op: str, info: dict, first: Trial) -> None:
    """What the unkilled run tells the checks: claims made per batch, records per HCPCS release."""
    if op == "claims-make":
        info["make_counts"] = {k: int(n) for k, n in first.reported}
    if op == "code-import":
        info["release_counts"] = {which: int(n) for which, n in first.reported}


def run(ops, trials: int, work: Path, seed: int, codes_db: Path | None = None, report=print) -> list[Result]:
    rng = random.Random(seed)
    started = time.monotonic()
    info = build_template(work / "template", codes_db)
    report(f"template built in {time.monotonic() - started:.1f} s; seed {seed}")
    results = []
    for op in ops:
        result = run_op(op, info, work, trials, rng)
        report(result.summary())
        for trial in result.failures[:10]:
            report(f"  FAIL {op} trial {trial.number} (killed {trial.delay if trial.delay is None else round(trial.delay, 4)} s after go, "
                   f"{len(trial.reported)} reported): {trial.failure}")
        results.append(result)
    return results


if __name__ == "__main__":
    if sys.argv[1] == "--child":
        _child(sys.argv[2], Path(sys.argv[3]), json.loads(sys.argv[4]))
    elif sys.argv[1] == "--wal":
        _leave_in_wal(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
