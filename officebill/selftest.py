"""`officebill --self-test`: prove an installation (or the frozen bundle) works, without touching real data.

Runs the whole engine once in a throwaway office inside a temporary directory
(OFFICEBILL_HOME points there while the test runs): package data present, code
database built from the bundled ICD-10-CM release, demo office, claims made,
one claim printed to PDF in both modes, a code search, an X12 acknowledgment
read with pyx12's maps, and, when Qt loads, the GUI modules on the offscreen platform. Prints one line per check with its
time; exits 0 when all pass, 1 (naming what failed) otherwise.

    python -m officebill.selftest [--keep] [--no-gui] [--output FILE]
"""
from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from datetime import date
from importlib.resources import files
from pathlib import Path

PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
REQUIRED_RESOURCES = ("resources/cms1500/cms1500_layout.csv", "resources/cms1500/cms1500_geometry.json")

# A 999 acknowledgment accepting one 837P, the smallest X12 file pyx12 reads end to end: reading it
# loads pyx12's map index, the 999 map, its data elements and code lists (package data a bundle can lose).
_ISA = "ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*OFFICEBILL     *260101*1200*^*00501*000000001*0*P*:"
ACK_999 = "~".join([
    _ISA, "GS*FA*CLEARINGHOUSE*OFFICEBILL*20260101*1200*1*X*005010X231A1", "ST*999*0001*005010X231A1",
    "AK1*HC*1*005010X222A1", "AK2*837*0001*005010X222A1", "IK5*A", "AK9*{status}*1*1*1", "SE*6*0001",
    "GE*1*1", "IEA*1*000000001", ""])


class CheckFailed(Exception):
    """A check ran but its result was wrong."""


class SelfTest:
    """The checks, run in order; later checks use what earlier ones made (the office, the claim)."""

    def __init__(self, home: Path, out, gui: bool = True):
        self.home = home
        self.out = out
        self.gui = gui
        self.office = None
        self.claim_id: int | None = None
        self.results: list[tuple[str, bool, float, str]] = []

    # ------------------------------------------------------------ running
    def run(self) -> bool:
        checks = [
            ("package data", self.check_resources),
            ("open a new office", self.check_open),
            ("encrypted office (SQLCipher)", self.check_encrypted),
            ("build code database", self.check_codes),
            ("build demo office", self.check_demo),
            ("make claims", self.check_claims),
            ("print claim (red forms)", lambda: self.check_print("red")),
            ("print claim (plain paper)", lambda: self.check_print("full")),
            ("code search", self.check_search),
            ("read X12 (pyx12 maps)", self.check_x12),
        ]
        if self.gui:
            checks.append(("GUI modules (offscreen Qt)", self.check_gui))
        ok = True
        for name, check in checks:
            if not ok and name != "GUI modules (offscreen Qt)":
                self._line("skip", name, 0.0, "an earlier check failed")
                continue
            start = time.perf_counter()
            try:
                detail = check() or ""
                passed = True
            except Exception as exc:  # noqa: BLE001 - a self-test reports every failure, whatever it is
                detail = f"{type(exc).__name__}: {exc}"
                passed = False
                traceback.print_exc(file=self.out)
            elapsed = time.perf_counter() - start
            self.results.append((name, passed, elapsed, detail))
            self._line("ok" if passed else "FAIL", name, elapsed, detail)
            ok = ok and passed
        if self.office is not None:
            self.office.close()
        return ok

    def _line(self, status: str, name: str, seconds: float, detail: str) -> None:
        print(f"{status:>4}  {name:<28} {seconds:6.2f} s  {detail}", file=self.out, flush=True)

    # ------------------------------------------------------------ checks
    def check_resources(self) -> str:
        from .codes import icd10cm

        package = files("officebill")
        missing = [name for name in REQUIRED_RESOURCES if not package.joinpath(name).is_file()]
        folder = icd10cm.data_folder()
        missing += [str(folder / name) for name in (icd10cm.XML_NAME, icd10cm.CODE_LIST_NAME)
                    if not (folder / name).is_file()]
        if missing:
            raise CheckFailed("missing: " + ", ".join(missing))
        icons = package.joinpath("resources/icons")
        icon_note = "icon present" if icons.joinpath("officebill-256.png").is_file() else "no icon file"
        return f"CMS-1500 layout, ICD-10-CM {icd10cm.RELEASE} release, {icon_note}"

    def check_open(self) -> str:
        from .office import Office
        from .paths import data_dir

        if data_dir().resolve() != self.home.resolve():
            raise CheckFailed(f"data directory is {data_dir()}, not the temporary {self.home}")
        self.office = Office.create(self.home / "office.db", who="self-test")
        if not self.office.is_empty():
            raise CheckFailed("the new office is not empty")
        return str(self.home)

    def check_encrypted(self) -> str:
        """Encrypt a small office, open it by signing in, read it back: the bundle carries SQLCipher."""
        from .office import Office
        from .office.encryption import encrypt_file, is_encrypted

        path = self.home / "encrypted" / "office.db"
        path.parent.mkdir()
        password = "self-test password"
        with Office.create(path, who="self-test") as office:
            office.users.add("selftest", "Self Test", "manager", password)
        encrypt_file(path, {"selftest": password})
        if not is_encrypted(path) or path.read_bytes()[:16] == b"SQLite format 3\x00":
            raise CheckFailed("the office file is not encrypted")
        with Office.open(path, user="selftest", password=password) as office:
            users = [user.name for user in office.users.list()]
            backup = office.backups.make()
        if users != ["selftest"] or backup.read_bytes()[:16] == b"SQLite format 3\x00":
            raise CheckFailed(f"read back {users}; backup encrypted: {backup.read_bytes()[:16]!r}")
        from sqlcipher3 import dbapi2

        conn = dbapi2.connect(":memory:")
        version = conn.execute("PRAGMA cipher_version").fetchone()[0]
        conn.close()
        return f"SQLCipher {version}"

    def check_codes(self) -> str:
        path = Path(self.office.codes.ensure_built())
        if not path.is_file() or path.parent.resolve() != self.home.resolve():
            raise CheckFailed(f"code database not built in the temporary directory ({path})")
        return f"{path.stat().st_size / 1e6:.1f} MB"

    def check_demo(self) -> str:
        from .demo import build_demo

        counts = build_demo(self.office, today=date.today())
        if not counts.get("patients") or not counts.get("visits"):
            raise CheckFailed(f"demo office came out empty: {counts}")
        return f"{counts['patients']} patients, {counts['visits']} visits"

    def check_claims(self) -> str:
        result = self.office.claims.make(today=date.today()).value
        made = result.made
        ready = [c for c in made if c.status.value == "ready"]
        if not ready:
            raise CheckFailed(f"no ready claim among {len(made)} made; skipped: {result.skipped[:3]}")
        self.claim_id = ready[0].id
        return f"{len(made)} made, {len(ready)} ready"

    def check_print(self, mode: str) -> str:
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "claims.pdf"
            _, printed = self.office.printing.print_to_file(target, [self.claim_id], mode=mode,
                                                            today=date.today()).value
            pdf = target.read_bytes()
        if not pdf.startswith(b"%PDF"):
            raise CheckFailed(f"not a PDF: starts with {pdf[:8]!r}")
        pages = len(PDF_PAGE.findall(pdf))
        if pages < 1:
            raise CheckFailed("the PDF has no page")
        if [c.id for c in printed] != [self.claim_id]:
            raise CheckFailed(f"printed {[c.id for c in printed]}, wanted [{self.claim_id}]")
        detail = f"claim {self.claim_id}, {pages} page(s), {len(pdf) / 1024:.0f} KB"
        return detail + self._rasterize(pdf)

    def _rasterize(self, pdf: bytes) -> str:
        """Render page 1 the way the claim preview does, when pypdfium2 is installed."""
        try:
            import pypdfium2
        except ImportError:
            return ""
        document = pypdfium2.PdfDocument(pdf)
        try:
            if len(document) < 1:
                raise CheckFailed("pypdfium2 finds no page")
            bitmap = document[0].render(scale=0.5)
            width, height = bitmap.width, bitmap.height
            bitmap.close()
        finally:
            document.close()
        if width < 100 or height < 100:
            raise CheckFailed(f"preview rendered only {width}x{height} px")
        return f", preview {width}x{height} px"

    def check_search(self) -> str:
        hits = self.office.codes.search("dm2")
        codes = [hit.code for hit in hits]
        if "E11.9" not in codes:
            raise CheckFailed(f"'dm2' did not find E11.9; got {codes[:5]}")
        hits = self.office.codes.search("99213", system="procedure")
        return f"'dm2' -> E11.9 (rank {codes.index('E11.9') + 1} of {len(codes)}), {len(hits)} procedure hit(s)"

    def check_x12(self) -> str:
        """pyx12 validates a good 999 and names the bad code in a broken one (its code list was read)."""
        from .edi.validate import x12_errors

        errors = x12_errors(ACK_999.format(status="A"))
        if errors:
            raise CheckFailed(f"a valid 999 was refused: {errors[:2]}")
        errors = x12_errors(ACK_999.format(status="Q"))
        if not any("AK9" in error for error in errors):
            raise CheckFailed(f"a 999 with status Q in AK9 passed: {errors[:2]}")
        return f"999 read, a bad AK9 status found ({len(errors)} error(s))"

    def check_gui(self) -> str:
        """Load Qt on the offscreen platform, import every window module, build the main window."""
        try:
            from .gui.selfcheck import check_window
        except ImportError as exc:
            raise CheckFailed(f"PySide6 does not load: {exc}") from exc
        return check_window(self.office)


@contextlib.contextmanager
def _temporary_home(keep: bool):
    """A fresh directory as OFFICEBILL_HOME, restored (and removed unless kept) afterwards."""
    home = Path(tempfile.mkdtemp(prefix="officebill-selftest-"))
    previous = os.environ.get("OFFICEBILL_HOME")
    os.environ["OFFICEBILL_HOME"] = str(home)
    try:
        yield home
    finally:
        if previous is None:
            os.environ.pop("OFFICEBILL_HOME", None)
        else:
            os.environ["OFFICEBILL_HOME"] = previous
        if not keep:
            shutil.rmtree(home, ignore_errors=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="officebill --self-test",
                                     description="Check that OfficeBill works here, in a throwaway office.")
    parser.add_argument("--keep", action="store_true", help="keep the temporary office directory for inspection")
    parser.add_argument("--no-gui", action="store_true", help="skip loading Qt")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run every check; 0 when all pass, 1 otherwise. `--self-test` in argv is ignored."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # parse_known_args: the window entry may pass its whole command line (program name, --db, Qt options)
    args, _ignored = _parser().parse_known_args([a for a in argv if a != "--self-test"])
    from . import __version__

    report = _Report(args.output)
    try:
        out = report.stream
        print(f"OfficeBill {__version__} self-test ({'frozen bundle' if getattr(sys, 'frozen', False) else 'Python'}"
              f" {sys.version.split()[0]}, {sys.platform})", file=out)
        total = time.perf_counter()
        with _temporary_home(args.keep) as home:
            ok = SelfTest(home, out, gui=not args.no_gui).run()
            if args.keep:
                print(f"kept {home}", file=out)
        elapsed = time.perf_counter() - total
        print(f"{'self-test passed' if ok else 'SELF-TEST FAILED'} in {elapsed:.1f} s", file=out, flush=True)
        return 0 if ok else 1
    finally:
        report.close()


class _Report:
    """Where the lines go: stdout, plus a file when asked, or a file alone when there is no console.

    A windowed (console-less) Windows executable has sys.stdout None; then the report goes to
    officebill-self-test.txt in the temporary folder unless --output names another file.
    """

    def __init__(self, output: Path | None):
        if output is None and sys.stdout is None:
            output = Path(tempfile.gettempdir()) / "officebill-self-test.txt"
        # Held open for the whole run and closed by close(), which main() calls in a finally block.
        self._file = open(output, "w", encoding="utf-8") if output else None  # noqa: SIM115
        streams = [s for s in (sys.stdout, self._file) if s is not None]
        self.stream = _Tee(streams)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


class _Tee:
    def __init__(self, streams):
        self._streams = streams

    def write(self, text: str) -> int:
        for stream in self._streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self._streams:
            stream.flush()


if __name__ == "__main__":
    sys.exit(main())
