"""The CMS code-set files the scenario office imports, written in the official layouts for the test.

A whole HCPCS Level II release (the records the scenarios use, padded as tests/codes does), stand-in older
ICD-10-CM order files, and the NCCI practitioner PTP edits (four parts) and MUE table the scenarios rely on,
each edit with the reason it is believed to be real.
"""
from __future__ import annotations

import contextlib
from pathlib import Path

# HCPCS Level II records the scenarios use that are not all in the shared January 2026 excerpt; the
# long descriptions are CMS's (abridged where over 80 characters is not needed).
HCPCS_RECORDS = (
    # (code, kind, long description, effective YYYYMMDD)
    ("RT", "modifier", "Right side (used to identify procedures performed on the right side of the body)", "19940101"),
    ("LT", "modifier", "Left side (used to identify procedures performed on the left side of the body)", "19940101"),
    ("XE", "modifier", "Separate encounter, a service that is distinct because it occurred during a separate "
                       "encounter", "20150101"),
    ("XS", "modifier", "Separate structure, a service that is distinct because it was performed on a separate "
                       "organ/structure", "20150101"),
    ("XU", "modifier", "Unusual non-overlapping service, the use of a service that is distinct because it does "
                       "not overlap usual components of the main service", "20150101"),
    ("GT", "modifier", "Via interactive audio and video telecommunication systems", "19990101"),
    ("J1885", "procedure", "Injection, ketorolac tromethamine, per 15 mg", "19940101"),
    ("J3301", "procedure", "Injection, triamcinolone acetonide, not otherwise specified, 10 mg", "19940101"),
    ("J0696", "procedure", "Injection, ceftriaxone sodium, per 250 mg", "19940101"),
    ("J3420", "procedure", "Injection, vitamin b-12 cyanocobalamin, up to 1,000 mcg", "19940101"),
    ("G0008", "procedure", "Administration of influenza virus vaccine", "19930101"),
    ("G0009", "procedure", "Administration of pneumococcal vaccine", "19930101"),
    ("G0101", "procedure", "Cervical or vaginal cancer screening; pelvic and clinical breast examination", "19980101"),
    ("Q0091", "procedure", "Screening papanicolaou smear; obtaining, preparing and conveyance of cervical or "
                           "vaginal smear to laboratory", "19980101"),
    ("G0439", "procedure", "Annual wellness visit, includes a personalized prevention plan of service (pps), "
                           "subsequent visit", "20110101"),
)
# Records with their real dates in the January 2026 file (added, action effective, termination): J1030 was
# ended on March 31, 2024, when per-milligram J1010 replaced the 20, 40 and 80 mg codes.
HCPCS_DATED = (
    ("J1010", "Injection, methylprednisolone acetate, 1 mg", "20240401", "20250101", ""),
    ("J1030", "Injection, methylprednisolone acetate, 40 mg", "19820101", "20240401", "20240331"),
)

# NCCI practitioner PTP edits (column 1, column 2, modifier indicator, rationale) used by the scenarios.
# E/M services are column 2 codes of minor procedures (global 0/10 days), modifier indicator 1: modifier 25
# on the E/M bypasses them (NCCI Policy Manual ch. I, E.; ch. XI for 20610/69210). 20605 (intermediate
# joint) with 20610 (major joint): indicator 1, bypassed when the joints differ (anatomic modifiers or XS).
# 93010 (interpretation only) is a component of 93000 (complete ECG): indicator 0. 76942 (ultrasound guidance) with 20610 is
# indicator 0 since 2015 (20611 describes the injection with ultrasound guidance).
# The last number is the file part (f1-f4) the edit is written to. G0438/G0439 (initial and subsequent
# annual wellness visit) are mutually exclusive.
PTP_EDITS = (
    ("20610", "99213", "1", "Standards of medical / surgical practice", 1),
    ("20610", "99214", "1", "Standards of medical / surgical practice", 1),
    ("20610", "76942", "0", "CPT Manual or CMS manual coding instruction", 1),
    ("20610", "20605", "1", "Mutually exclusive procedures", 1),
    ("69210", "99213", "1", "Standards of medical / surgical practice", 2),
    ("69210", "99214", "1", "Standards of medical / surgical practice", 2),
    ("93000", "93010", "0", "Misuse of column two code with column one code", 3),
    ("G0438", "G0439", "0", "Mutually exclusive procedures", 4),
)
# Practitioner MUEs (code, value, MAI text, rationale): one first vaccine administration a day (90471;
# more are 90472), one annual wellness visit a day, two large-joint injections on a line (one per knee).
MUE_VALUES = (
    ("90471", "1", "2 Date of Service Edit: Policy", "Code Descriptor / CPT Instruction"),
    ("G0439", "1", "2 Date of Service Edit: Policy", "CMS Policy"),
    ("20610", "2", "1 Line Edit", "Anatomic Consideration"),
)


def write_hcpcs_file(path: Path) -> Path:
    """The HCPCS records above in the CMS 320-column layout."""
    from tests.codes.release_files import record_lines

    lines = []
    for code, kind, long, effective in HCPCS_RECORDS:
        lines += record_lines(code, kind, long=long, added=effective, effective=effective)
    for code, long, added, effective, terminated in HCPCS_DATED:
        lines += record_lines(code, long=long, added=added, effective=effective, terminated=terminated)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("ascii"))
    return path


def write_hcpcs_release(folder: Path) -> Path:
    """A whole HCPCS release as an office imports it each quarter (the scrubber judges Level II modifiers
    only against a whole release): the records above, padded with synthetic X codes to the size the
    importer expects of a release (tests/codes/release_files.py)."""
    from tests.codes.release_files import write_whole_release

    return write_whole_release(folder / "HCPC2026_JUL_ANWEB.txt", base=write_hcpcs_file(folder / "records.txt"))


def write_ptp_files(folder: Path, name: str = "ccipra-v322r0") -> list[Path]:  # v32.2: 2026 Q3, covers DOS
    """The PTP edits in the layout of the CMS practitioner PTP text files, in the four parts (f1-f4) CMS
    splits a quarter into: a few header lines, then tab-separated column 1, column 2, '*' when in
    existence before 1996, effective and deletion dates (YYYYMMDD; '*' for no deletion), modifier
    indicator 0/1/9 and the PTP edit rationale."""
    head = ["CPT codes, descriptions and other data only are copyright 2025 American Medical Association. "
            "All rights reserved.",
            "Column 1\tColumn 2\t* = In existence prior to 1996\tEffective Date\tDeletion Date *=no data\t"
            "Modifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale"]
    paths = []
    for part in range(1, 5):
        rows = [f"{one}\t{two}\t\t20150101\t*\t{indicator}\t{why}"
                for one, two, indicator, why, in_part in PTP_EDITS if in_part == part]
        path = folder / f"{name}-f{part}.txt"
        path.write_text("\r\n".join(head + rows) + "\r\n", encoding="ascii")
        paths.append(path)
    return paths


FY2026_ADDITIONS = ("E11A",)  # added October 1, 2025 (CMS FY2026 addenda): used on a FY2025 date by a scenario


def write_stand_in_order_file(path: Path, codes_db: Path) -> Path:
    """A stand-in for an older release in the CMS order-file layout (icd10cm_order_YYYY.txt, the year in the
    name): the bundled release's codes and descriptions, in tabular order, less the FY2026 additions the
    scenarios use (E11.A) and the QA0 block (new in FY2026). The real older files differ in a few
    hundred codes; the scenarios dated then use only codes all these releases hold, and E11.A."""
    import sqlite3

    from officebill.codes import icd10cm

    with contextlib.closing(sqlite3.connect(f"file:{codes_db}?mode=ro", uri=True)) as db:
        known = {code: (text, billable) for code, text, billable in
                 db.execute("SELECT code, description, billable FROM code WHERE system = 'icd10cm'")}
    listed = (icd10cm.data_folder() / "code-list-April-2026.txt").read_text().split()
    rows = [code for code in listed if len(code) >= 3 and code[1].isdigit() and code in known
            and code not in FY2026_ADDITIONS]
    path.write_text("".join(f"{n:05d} {code:<7} {known[code][1]} {known[code][0][:60]:<60} {known[code][0]}\r\n"
                            for n, code in enumerate(rows, 1)), encoding="utf-8")
    return path


def write_mue_file(path: Path) -> Path:
    """The MUEs in the layout of the CMS practitioner MUE csv: a copyright line, the header, then code,
    MUE value, MUE adjudication indicator and rationale."""
    head = ['"CPT codes, descriptions and other data only are copyright 2025 American Medical Association. '
            'All rights reserved."',
            '"HCPCS/CPT Code","Practitioner Services MUE Values","MUE Adjudication Indicator","MUE Rationale"']
    rows = [f'"{code}","{value}","{mai}","{why}"' for code, value, mai, why in MUE_VALUES]
    path.write_text("\r\n".join(head + rows) + "\r\n", encoding="ascii")
    return path
