"""Small NCCI files in the layouts CMS publishes, for import tests.

PTP (practitioner, `ccipra-vVVVrR-fN.zip` holding one tab-delimited .txt): a copyright line, header rows,
then column 1, column 2, "*" when in existence prior to 1996, effective YYYYMMDD, deletion YYYYMMDD or
"*", modifier indicator 0/1/9, rationale. MUE (practitioner, a zip of .csv and .xlsx): a quoted copyright
preamble, the header row, then code, MUE value, "N words" adjudication indicator, rationale.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

PTP_HEADER = (
    "CPT only copyright 2025 American Medical Association. All rights reserved.\n"
    "Column1/Column 2 Edits\n"
    "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date\tModifier\tPTP Edit Rationale\n"
    "\t\t\t\t*=no data\t0=not allowed\t\n"
    "\t\t\t\t\t1=allowed\t\n"
    "\t\t\t\t\t9=not applicable\t\n"
)
MUE_HEADER = (
    '"CPT codes and descriptions only are copyright 2025 American Medical Association. All Rights Reserved."\n'
    '"Applicable FARS/DFARS Restrictions Apply to Government Use."\n'
    '"HCPCS/CPT Code","Practitioner Services MUE Values","MUE Adjudication Indicator","MUE Rationale"\n'
)
MAI_WORDS = {1: "1 Line Edit", 2: "2 Date of Service Edit: Policy", 3: "3 Date of Service Edit: Clinical"}

# (column 1, column 2, effective, deletion or "*", modifier indicator, rationale)
EDITS = [
    ("20611", "20610", "20150101", "*", "1", "Mutually exclusive procedures"),
    ("20611", "76942", "20150101", "*", "0", "CPT Manual or CMS manual coding instructions"),
    ("96372", "99211", "20130101", "*", "1", "Standards of medical / surgical practice"),
    ("11042", "97597", "20110101", "20181231", "1", "Misuse of column two code with column one code"),
    ("29881", "29880", "20120101", "*", "9", "Mutually exclusive procedures"),
]
# (code, MUE value, MAI, rationale)
MUES = [("20610", 2, 2, "Anatomic Consideration"), ("96372", 4, 3, "Clinical: Data"),
        ("J1885", 8, 3, "Clinical: Data"), ("99213", 1, 2, "Code Descriptor / CPT Instruction"),
        ("36415", 2, 1, "CMS Policy")]


def ptp_text(edits=EDITS) -> str:
    return PTP_HEADER + "".join("\t".join((c1, c2, "", eff, dele, mod, why)) + "\r\n"
                                for c1, c2, eff, dele, mod, why in edits)


def ptp_parts(folder: Path, edits=EDITS, version: str = "322", parts: int = 4, zipped: bool = True) -> list[Path]:
    """The quarter's practitioner files: the edits dealt over `parts` zips (or .txt files)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(1, parts + 1):
        name = f"ccipra-v{version}r0-f{n}"
        text = ptp_text(edits[n - 1::parts])
        if zipped:
            path = folder / f"{name}.zip"
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(f"{name}.txt", text)
                archive.writestr("README.txt", "Practitioner PTP edits, read me")
        else:
            path = folder / f"{name}.txt"
            path.write_text(text)
        paths.append(path)
    return paths


def mue_text(rows=MUES) -> str:
    return MUE_HEADER + "".join(f'{code},{value},"{MAI_WORDS[mai]}","{why}"\n' for code, value, mai, why in rows)


def mue_zip(folder: Path, rows=MUES, day: str = "01-01-2026") -> Path:
    """The practitioner MUE zip as CMS names it, with the .csv (and an .xlsx stand-in the reader skips)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "medicare-ncci-2026q1-practitioner-services-mue-table.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"MCR_MUE_PractitionerServices_Eff_{day}.csv", mue_text(rows))
        archive.writestr(f"MCR_MUE_PractitionerServices_Eff_{day}.xlsx", b"PK\x03\x04 not read")
    return path
