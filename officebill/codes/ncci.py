"""NCCI procedure edits in codes.db: importing the CMS PTP and MUE files, and answering the scrubber's questions.

    import_ptp(codes_db, files)            -> {"edits": n, "release": ...}   (replaces every PTP edit)
    import_mue(codes_db, files, effective) -> {"codes": n, "effective": ...} (adds that quarter's table)
    ProcedureEdits.open(codes_db).ptp_edit("20610", "20611", day) -> PtpAnswer | None

An import writes a private copy of codes.db and swaps it in (`swap.replacing`), as the HCPCS import
does: the PTP files (millions of lines) are checked line by line while the copy is written, so a bad
line, a refused file or a killed import discards the copy and leaves codes.db as it was. The builder carries the edits over a rebuild (`ncci_store.carry_edits`).

`ProcedureEdits` also knows the modifiers (the CPT modifiers the program lists, plus the Level I
modifiers its short list lacks, and the HCPCS Level II modifiers of the HCPCS import) and which codes
are evaluation and management (E/M) services.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..core.problems import UserError
from .builder import Progress, ensure_built
from .ncci_read import ptp_quarter, ptp_release, read_mue, read_ptp
from .ncci_store import create_tables, has_tables, mue_quarters, write_mue, write_ptp
from .schema import connect_read, connect_write, read_meta, write_meta
from .static_tables import CPT_MODIFIERS
from .swap import replacing

# CPT (Level I) modifiers of CPT Appendix A that the program's short list (static_tables) leaves out:
# 23 unusual anesthesia, 27 multiple outpatient hospital E/M, 33 preventive services, 73/74 discontinued
# outpatient procedures, Category II performance modifiers 1P/2P/3P/8P, anesthesia physical status P1-P6.
MORE_CPT_MODIFIERS = frozenset({"23", "27", "33", "73", "74", "1P", "2P", "3P", "8P",
                                "P1", "P2", "P3", "P4", "P5", "P6"})

# E/M families by CPT code range (CPT 2026 E/M section, 99202-99499), and the codes outside it that the
# NCCI Policy Manual (ch. XI) and CMS treat as E/M for modifier 25: eye exams 92002-92014, the Welcome
# to Medicare visit G0402 and the annual wellness visits G0438/G0439.
_VISIT_RANGES = (
    (99202, 99215),  # office or other outpatient visits
    (99221, 99239),  # hospital inpatient and observation care, discharge
    (99242, 99255),  # consultations
    (99281, 99285),  # emergency department visits
    (99304, 99316),  # nursing facility care
    (99341, 99350),  # home or residence visits
)
_PREVENTIVE = (99381, 99397)  # preventive medicine visits, new and established
_EM_RANGE = (99202, 99499)
_EM_OTHER = frozenset({"92002", "92004", "92012", "92014", "G0402", "G0438", "G0439"})


def em_family(code: str) -> str | None:
    """'visit' (a problem-oriented visit), 'preventive', 'other' (rest of the E/M section) or None (not E/M)."""
    code = (code or "").strip().upper()
    if code in _EM_OTHER:
        return "preventive" if code.startswith("G04") else "other"
    if not (len(code) == 5 and code.isdigit()):
        return None
    number = int(code)
    if any(lo <= number <= hi for lo, hi in _VISIT_RANGES):
        return "visit"
    if _PREVENTIVE[0] <= number <= _PREVENTIVE[1]:
        return "preventive"
    return "other" if _EM_RANGE[0] <= number <= _EM_RANGE[1] else None


@dataclass(frozen=True)
class PtpAnswer:
    """A PTP edit in force: the modifier indicator (0 never together, 1 allowed with an NCCI modifier)."""

    modifier_indicator: int
    rationale: str


@dataclass(frozen=True)
class MueAnswer:
    """The MUE of a code in force: the most units, and the MAI (1 per line, 2/3 per day)."""

    value: int
    mai: int
    rationale: str


def _yyyymmdd(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


class ProcedureEdits:
    """Answers from one codes.db file (read-only); `stale()` says when the file was swapped (make a new one)."""

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = Path(path)
        self._conn = conn
        self._stamp = _stamp(path)
        self.ptp_loaded = has_tables(conn) and conn.execute("SELECT 1 FROM ncci_ptp LIMIT 1").fetchone() is not None
        self._quarters = [date.fromisoformat(q[0]) for q in mue_quarters(conn)]
        self.mue_loaded = bool(self._quarters)
        self._level2 = frozenset()  # judged only against a whole HCPCS release: an update file lacks most modifiers
        if read_meta(conn).get("hcpcs_base_release"):
            self._level2 = frozenset(r[0] for r in conn.execute("SELECT code FROM hcpcs WHERE kind = 'modifier'"))
        self.ptp_edit = lru_cache(maxsize=4096)(self._ptp_edit)
        self.mue = lru_cache(maxsize=4096)(self._mue)

    @classmethod
    def open(cls, path: Path) -> ProcedureEdits | None:
        """None when the code database is not there (yet) or cannot be read."""
        try:
            return cls(path, connect_read(path))
        except (sqlite3.Error, OSError):
            return None

    def stale(self) -> bool:
        try:
            return _stamp(self.path) != self._stamp
        except OSError:
            return True

    def close(self) -> None:
        self._conn.close()

    def _ptp_edit(self, column1: str, column2: str, on: date) -> PtpAnswer | None:
        """The edit with `column1` in column 1 and `column2` in column 2 in force on `on` (indicator 9: none)."""
        if not self.ptp_loaded:
            return None
        day = _yyyymmdd(on)
        row = self._conn.execute(
            "SELECT p.modifier, r.text FROM ncci_ptp p JOIN ncci_rationale r ON r.id = p.rationale "
            "WHERE p.column1 = ? AND p.column2 = ? AND p.effective <= ? AND (p.deleted IS NULL OR p.deleted >= ?) "
            "AND p.modifier != 9 ORDER BY p.effective DESC LIMIT 1", (column1, column2, day, day)).fetchone()
        return PtpAnswer(row[0], row[1]) if row else None

    def _mue(self, code: str, on: date) -> MueAnswer | None:
        """The MUE of `code` in the table in force on `on` (None: no table that old, or no MUE published)."""
        quarter = max((q for q in self._quarters if q <= on), default=None)
        if quarter is None:
            return None
        row = self._conn.execute("SELECT value, mai, rationale FROM ncci_mue WHERE effective = ? AND code = ?",
                                 (quarter.isoformat(), code)).fetchone()
        return MueAnswer(*row) if row else None

    def modifier_exists(self, modifier: str) -> bool | None:
        """True when known (CPT, or HCPCS Level II from the import); False when surely not; None: cannot tell
        (a letter modifier while no whole HCPCS release has been imported)."""
        modifier = (modifier or "").strip().upper()
        if modifier in CPT_MODIFIERS or modifier in MORE_CPT_MODIFIERS or modifier in self._level2:
            return True
        if modifier.isdigit() or self._level2:
            return False  # two digits are Level I only, and the Level I list is complete
        return None

    def em_family(self, code: str) -> str | None:
        return em_family(code)


def _stamp(path: Path) -> tuple[int, int, int]:
    st = os.stat(path)
    return st.st_ino, st.st_mtime_ns, st.st_size


# ---------------------------------------------------------------------------------------------- imports


def import_ptp(codes_db_path: Path, files: list[Path], progress: Progress | None = None) -> dict:
    """Replaces the PTP edits with those of the practitioner files; raises UserError and changes nothing on a problem."""
    report = progress or (lambda fraction, message: None)
    paths = [Path(f) for f in files]
    report(0.0, "checking the PTP edit files")
    release = ptp_release(paths)  # one quarter, all its parts: before anything is read or written
    counts = {}

    def write(conn: sqlite3.Connection) -> None:  # reads while writing the private copy: a bad line discards it
        counts["edits"] = write_ptp(conn, read_ptp(paths))
        latest = str(conn.execute("SELECT max(effective) FROM ncci_ptp").fetchone()[0])
        write_meta(conn, {"ncci_ptp_release": release, "ncci_ptp_edits": str(counts["edits"]),
                          "ncci_ptp_imported": date.today().isoformat(),
                          "ncci_ptp_latest": f"{latest[:4]}-{latest[4:6]}-{latest[6:]}"})

    _swap_in(Path(codes_db_path), write, report)
    report(1.0, f"imported {counts['edits']:,} PTP edits ({release})")
    return {"edits": counts["edits"], "release": release}


def import_mue(codes_db_path: Path, files: list[Path], effective: date | None = None,
               progress: Progress | None = None) -> dict:
    """Adds the practitioner MUE table of one quarter (replacing a table of the same quarter)."""
    report = progress or (lambda fraction, message: None)
    report(0.0, "reading the MUE table")
    read = read_mue([Path(f) for f in files], effective)
    _swap_in(Path(codes_db_path), lambda conn: write_mue(conn, read.effective, read.rows, read.release, date.today()),
             report)
    report(1.0, f"imported the MUEs of {len(read.rows):,} codes, in force from {read.effective:%m/%d/%Y}")
    return {"codes": len(read.rows), "effective": read.effective.isoformat(), "release": read.release}


def summary(codes_db_path: Path) -> dict:
    """What is loaded: the PTP release, its quarter, count and newest edit date; each MUE table (effective, source,
    codes, imported)."""
    path = Path(codes_db_path)
    if not path.exists():
        return {"ptp": None, "mue": []}
    with contextlib.closing(connect_read(path)) as conn:
        meta = read_meta(conn)
        quarters = mue_quarters(conn)
    ptp = ({"release": meta["ncci_ptp_release"], "quarter": ptp_quarter(meta["ncci_ptp_release"]),
            "edits": int(meta.get("ncci_ptp_edits", "0")), "latest_effective": meta.get("ncci_ptp_latest", ""),
            "imported": meta.get("ncci_ptp_imported", "")} if meta.get("ncci_ptp_release") else None)
    return {"ptp": ptp, "mue": [{"effective": e, "source": s, "codes": n, "imported": i} for e, s, n, i in quarters]}


def _swap_in(path: Path, write, report: Progress) -> None:
    ensure_built(path, progress=lambda fraction, message: report(0.4 + 0.2 * fraction, message))
    try:
        before = _stamp(path)
        with replacing(path) as temp:
            with contextlib.closing(connect_read(path)) as src, contextlib.closing(sqlite3.connect(temp)) as dst:
                src.backup(dst)
            report(0.7, "reading the files into the code database")
            conn = connect_write(temp, fast=True)  # a private copy: the swap is the commit
            try:
                conn.execute("BEGIN")
                create_tables(conn)
                write(conn)
                conn.execute("COMMIT")
            finally:
                conn.close()
            if _stamp(path) != before:
                raise UserError(f"another OfficeBill program changed the code database {path} during the import; "
                                "nothing was imported; import the files again")
    except sqlite3.DatabaseError as exc:
        raise UserError(f"could not write the code database {path}: {exc}; nothing was imported; rebuild it with "
                        "'officebill-cli codes build' and import the files again") from exc
    except OSError as exc:
        raise UserError(f"could not write the code database {path}: {exc.strerror or exc}; nothing was imported; "
                        "check the free disk space and that the folder is writable") from exc
