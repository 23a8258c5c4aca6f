"""Reads an official CMS ICD-10-CM release as the office downloads it; works out which release it is. No SQL.

CMS publishes each release on its "ICD-10-CM" page (cms.gov/medicare/coding-billing/icd-10-codes), as
zips; two are read here, or the files inside them:

- "Code Descriptions in Tabular Order" (`2027-code-descriptions-tabular-order.zip`): the order file
  `icd10cm_order_2027.txt` / `icd10cm-order-2027.txt` (every code, headers too) and the codes file
  `icd10cm-codes-2027.txt` (billable codes only).
- the tabular XML zip ("Table and Index", `2027-table-and-index.zip`): `icd10cm-tabular-2027.xml`, the
  format of the bundled `icd10c-tabular-April-1-2026.xml` (chapters, sections, notes, 7th characters).

Files inside a zip are recognised by their content, not their names (CMS names vary: `tabular.xml` in
some years); the index, drug and neoplasm XML, addenda and PDFs beside them are not read.

Order file layout (CMS "ICD-10-CM and ICD-10-PCS Order Files", columns 1-based): 1-5 order number,
zero filled; 6 blank; 7-13 code, dotless, left justified; 14 blank; 15 "1" billable ("valid for
HIPAA-covered transactions") or "0" header; 16 blank; 17-76 short description; 77 blank; 78- long
description. Codes file: the code (columns 1-7), blanks, the long description.

The release is worked out from the files: the fiscal year from the XML's `<version>` and from the file
names (CMS names carry the year), an April 1 (or January 1) update from "April" ("Jan") in a name. Anything that is not a
release file, files of two releases, and a zip without an order, codes or tabular file are refused.
"""
from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..core.problems import UserError
from .hcpcs_source import DAMAGED_ZIP, read_file_bytes, read_member
from .icd_history import UPDATES, HeldRelease, release_for, release_of_key

HELP = ("download the release again from the ICD-10-CM page of cms.gov (the 'Code Descriptions in Tabular "
        "Order' zip and the zip holding the tabular XML) and import the zips or the files inside them")
WHAT = "ICD-10-CM release file"
MAX_FILE_BYTES = 200 * 1024 * 1024  # the Table and Index zip holds PDFs besides the XML
_ORDER_LINE = re.compile(r"^(\d{5}) ([A-Z][0-9A-Z]{2}[0-9A-Z ]{4}) ([01]) (.*)$")  # QA0: FY2026 has A as 2nd
_CODES_LINE = re.compile(r"^([A-Z][0-9A-Z]{2}[0-9A-Z]{0,4})\s+(\S.*)$")
_CODE = re.compile(r"^[A-Z][0-9A-Z]{2}[0-9A-Z]{0,4}$")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


@dataclass
class ReleaseFiles:
    """One release read from its files: which release, its codes (code -> billable), the tabular XML."""

    release: HeldRelease
    members: dict[str, bool]
    tabular: bytes | None = None
    names: list[str] = field(default_factory=list)

    def dump(self) -> bytes:
        """Compressed, to keep beside codes.db so a rebuild of it can apply the release again."""
        head = {"key": self.release.key, "source": self.release.source, "names": self.names,
                "members": "".join(f"{c}{int(b)}\n" for c, b in sorted(self.members.items()))}
        return zlib.compress(json.dumps(head).encode() + b"\0" + (self.tabular or b""), 6)

    @classmethod
    def load(cls, raw: bytes) -> ReleaseFiles:
        head, _, tabular = zlib.decompress(raw).partition(b"\0")
        data = json.loads(head)
        members = {line[:-1]: line[-1] == "1" for line in data["members"].split()}
        return cls(release_of_key(data["key"], data["source"]), members, tabular or None, data["names"])


@dataclass
class _Document:
    name: str  # shown: file, or zip:member
    kind: str  # order, codes, tabular
    raw: bytes


def read_release_files(paths: list[Path]) -> ReleaseFiles:
    """The release the files (zips, or the .txt / .xml inside them) make up; UserError when they do not."""
    if not paths:
        raise UserError(f"no file chosen; {HELP}")
    documents = [doc for path in paths for doc in _documents(Path(path))]
    by_kind = {kind: [d for d in documents if d.kind == kind] for kind in ("order", "codes", "tabular")}
    for kind, found in by_kind.items():
        if len(found) > 1:
            raise UserError(f"{' and '.join(d.name for d in found)} are two ICD-10-CM {kind} files; import one "
                            "release at a time")
    order, codes, tabular = (found[0] if found else None for found in by_kind.values())
    list_file = order or codes
    if list_file is None:
        raise UserError(f"{tabular.name} alone does not say which codes are valid; import it together with the "
                        "'Code Descriptions in Tabular Order' zip of the same release (or the icd10cm order file "
                        "inside it)")
    release = _identify([d for d in (list_file, tabular) if d], [str(p) for p in paths])
    members = _order_members(list_file) if list_file is order else _codes_members(list_file, tabular)
    return ReleaseFiles(release, members, tabular.raw if tabular else None,
                        [d.name for d in (list_file, tabular) if d])


def _documents(path: Path) -> list[_Document]:
    raw = read_file_bytes(path, HELP, WHAT, MAX_FILE_BYTES)
    if zipfile.is_zipfile(io.BytesIO(raw)):
        return _zip_documents(path.name, raw)
    if raw[:2] == b"PK":
        raise UserError(f"{path.name}: the zip file is damaged or was not downloaded completely; {HELP}")
    kind = _kind(raw)
    if kind is None:
        raise UserError(f"{path.name} is not an ICD-10-CM release file (neither the order file, the codes file nor "
                        f"the tabular XML); {HELP}")
    return [_Document(path.name, kind, raw)]


def _zip_documents(name: str, raw: bytes) -> list[_Document]:
    found = []
    current = name
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            for info in archive.infolist():  # recognised by content: CMS names vary ('tabular.xml' in some years)
                lower = info.filename.lower()
                if info.is_dir() or not lower.endswith((".txt", ".xml")) or "addenda" in lower:
                    continue
                current = f"{name}:{info.filename}"
                kind = _kind(read_member(archive, info, current, head=True, help=HELP, what=WHAT))
                if kind is not None:  # the index, drug and neoplasm XML, PDFs ... are not read
                    found.append(_Document(current, kind, read_member(archive, info, current, help=HELP, what=WHAT)))
    except UserError:
        raise
    except RuntimeError as exc:
        raise UserError(f"{current}: the zip is password-protected or uses a feature this program cannot read "
                        f"({exc}); unzip it and import the files inside, or {HELP}") from exc
    except DAMAGED_ZIP as exc:
        raise UserError(f"{current}: the zip file is damaged or was not downloaded completely ({exc}); "
                        f"{HELP}") from exc
    if not found:
        raise UserError(f"{name} holds no ICD-10-CM order, codes or tabular XML file, so it is not an ICD-10-CM "
                        f"release zip (or only part of one); {HELP}")
    return found


def _kind(raw: bytes) -> str | None:
    head = raw[:4096].decode("latin-1")
    if "<ICD10CM.tabular" in head:
        return "tabular"
    first = head.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    if _ORDER_LINE.match(first):
        return "order"
    if _CODES_LINE.match(first):
        return "codes"
    return None


def _identify(documents: list[_Document], paths: list[str]) -> HeldRelease:
    """The release named by the XML's version and the file names; refuses disagreeing files."""
    years: dict[int, str] = {}
    for doc in documents:
        if doc.kind == "tabular":
            version = re.search(rb"<version>\s*(20\d\d)\s*</version>", doc.raw[:4096])
            if version:
                years.setdefault(int(version.group(1)), doc.name)
                continue
        for year in _YEAR.findall(Path(doc.name.rsplit(":", 1)[-1]).name) or _YEAR.findall(doc.name):
            years.setdefault(int(year), doc.name)
            break
    if not years:
        raise UserError(f"cannot tell which release {', '.join(d.name for d in documents)} is: the names carry no "
                        "year; import the files with the names CMS gives them (icd10cm-order-2027.txt ...)")
    if len(years) > 1:
        listed = "; ".join(f"{name}: {year}" for year, name in sorted(years.items()))
        raise UserError(f"the files are of different releases ({listed}); import the files of one release together")
    names = " ".join([*(Path(p).name for p in paths), *(d.name for d in documents)]).lower()
    update = next((u for u in UPDATES if re.search(rf"(?<![a-z]){u[:3]}({u[3:]})?(?![a-z])", names)), "")
    source = ", ".join(d.name for d in documents)
    return release_for(next(iter(years)), update, source)


def _text(doc: _Document) -> str:
    try:
        return doc.raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return doc.raw.decode("cp1252", errors="replace")


def _order_members(doc: _Document) -> dict[str, bool]:
    members = {}
    for number, line in enumerate(_text(doc).splitlines(), start=1):
        if not line.strip():
            continue
        match = _ORDER_LINE.match(line)
        code = match.group(2).strip() if match else ""
        if not match or not _CODE.match(code) or not line[16:].strip():
            raise UserError(f"{doc.name}, line {number}, is not in the ICD-10-CM order file layout (order number, "
                            f"code, 0/1, descriptions): the file is damaged or cut short; {HELP}")
        members[code] = match.group(3) == "1"
    return members


def _codes_members(doc: _Document, tabular: _Document | None) -> dict[str, bool]:
    """Billable codes from the codes file; headers from the tabular XML (the codes file lists none)."""
    if tabular is None:
        raise UserError(f"{doc.name} lists only the billable codes; import the order file (in the same zip) or "
                        "the tabular XML with it")
    members = {}
    for number, line in enumerate(_text(doc).splitlines(), start=1):
        if not line.strip():
            continue
        match = _CODES_LINE.match(line)
        if not match:
            raise UserError(f"{doc.name}, line {number}, is not in the ICD-10-CM codes file layout (code, "
                            f"description): the file is damaged or cut short; {HELP}")
        members[match.group(1)] = True
    for element in parse_xml(tabular.raw, tabular.name).iter("diag"):
        members.setdefault((element.findtext("name") or "").replace(".", ""), False)
    return members


def parse_xml(raw: bytes, name: str) -> ET.Element:
    """The root of a tabular XML; UserError when it is cut short or not the tabular list."""
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise UserError(f"{name}: the XML is damaged or cut short ({exc}); {HELP}") from exc
    if root.tag != "ICD10CM.tabular" or root.find("chapter") is None:
        raise UserError(f"{name} is not the ICD-10-CM tabular list; {HELP}")
    return root
