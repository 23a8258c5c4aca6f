"""Writes officebill/resources/icd10cm/history-<key>.txt: an older ICD-10-CM release as its differences from
the bundled one, so codes.db can tell which codes were valid on dates of service before the bundled release.

    python resources/icd10cm/make_history.py OLD_DATA_FOLDER CODE_LIST XML KEY "SOURCE"

OLD_DATA_FOLDER holds the older release's code list and tabular XML (for April 1, 2025: the data folder of the
simple-icd-10-cm 1.4.0 wheel on PyPI, which carries the CMS files `code-list-April-2025.txt` and
`icd10cm-tabular-April-2025.xml`). Billable or heading is decided as the builder decides it (`icd10cm`).
"""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from officebill.codes import icd10cm


def members(folder: Path, code_list: str, xml: str) -> dict[str, bool]:
    existing = set((folder / code_list).read_text(encoding="utf-8").split())
    release = icd10cm.parse_tabular(ET.parse(folder / xml).getroot(), existing, "")
    return {c.code: c.billable for c in release.codes}


def main(folder: str, code_list: str, xml: str, key: str, source: str) -> None:
    old = members(Path(folder), code_list, xml)
    new = {c.code: c.billable for c in icd10cm.read_release().codes}
    lines = [f"{code} {int(old[code]) if code in old else '-'}"
             for code in sorted(set(old) | set(new)) if old.get(code) != new.get(code)]
    target = Path(__file__).resolve().parents[2] / "officebill" / "resources" / "icd10cm" / f"history-{key}.txt"
    target.write_text(
        f"# ICD-10-CM release {key}, as its differences from the bundled release ({icd10cm.RELEASE}).\n"
        f"# Source: {source}\n"
        "# Each line: a code and its state in this release: 1 billable, 0 a heading, - not in it.\n"
        "# Codes not listed are as in the bundled release. Made by resources/icd10cm/make_history.py.\n"
        + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{target}: {len(lines)} codes differ")


if __name__ == "__main__":
    main(*sys.argv[1:])
