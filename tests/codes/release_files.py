"""Writes HCPCS files in the CMS 320-column record layout for tests: records, and a whole-release-size file.

A CMS release holds thousands of codes, more than a test fixture should carry,
so `write_whole_release` pads the small fixture with synthetic procedure codes
in the unused letter X (`X0000`, `X0001`, ...), enough to pass the importer's
whole-release check. Other test packages may use it too.
"""
from __future__ import annotations

import shutil
import sqlite3
import zipfile
from pathlib import Path

from officebill.codes.hcpcs_import import MIN_RELEASE_PROCEDURES

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = FIXTURES / "hcpcs_sample.txt"


def record_lines(code: str, kind: str = "procedure", long: str = "Synthetic test supply", short: str = "",
                 added: str = "20200101", effective: str = "20200101", terminated: str = "",
                 action: str = "N") -> list[str]:
    """The 320-column line(s) of one record; long descriptions over 80 characters continue on RIC 4/8 lines."""
    first, more = ("3", "4") if kind == "procedure" else ("7", "8")
    key = code.ljust(5) if kind == "procedure" else "   " + code.ljust(2)
    chunks = [long[i:i + 80] for i in range(0, max(len(long), 1), 80)]
    line = (key + "00100" + first + chunks[0].ljust(80) + (short or long)[:28].ljust(28)).ljust(268)
    line = (line + added.ljust(8) + effective.ljust(8) + terminated.ljust(8) + action).ljust(320)
    lines = [line]
    for seq, chunk in enumerate(chunks[1:], start=2):
        lines.append((key + f"{seq * 100:05d}" + more + chunk).ljust(320))
    return lines


def synthetic_lines(count: int, start: int = 0, effective: str = "20200101") -> list[str]:
    lines = []
    for n in range(start, start + count):
        lines += record_lines(f"X{n:04d}", long=f"Synthetic test supply number {n}", effective=effective)
    return lines


def write_whole_release(path: Path, extra: int = 0, effective: str = "20200101",
                        base: Path = SAMPLE) -> Path:
    """The fixture's records plus enough synthetic codes to count as a whole release (CR LF, as CMS writes)."""
    lines = [line for line in base.read_text().splitlines() if line.strip()]
    lines += synthetic_lines(MIN_RELEASE_PROCEDURES + extra, effective=effective)
    Path(path).write_bytes(("\r\n".join(lines) + "\r\n").encode("ascii"))
    return Path(path)


def zipped(path: Path, member: Path, name: str = "HCPC2026_JAN_ANWEB.txt",
           method: int = zipfile.ZIP_DEFLATED) -> Path:
    """A zip holding `member` under `name`, beside a small layout note, as the CMS download does."""
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        zf.writestr("HCPC2026_recordlayout.txt", "layout notes\r\n")
        zf.write(member, name)
    return Path(path)


def small_codes_db(source: Path, target: Path) -> Path:
    """A copy of a built codes.db without ICD-10-CM (a few hundred kB): cheap to copy for many import trials."""
    shutil.copy(source, target)
    conn = sqlite3.connect(target, isolation_level=None)
    for table in ("note", "seventh", "icd_group"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("DELETE FROM code WHERE system = 'icd10cm'")
    conn.execute("INSERT INTO code_fts (code_fts) VALUES ('rebuild')")
    conn.execute("VACUUM")
    conn.close()
    return target
