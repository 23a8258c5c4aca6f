"""Reads the ICD-10-CM release shipped inside the simple_icd_10_cm package.

Pure parsing, no SQL: `read_release()` walks the tabular XML once and returns
every chapter, section and code (including the generated 7th-character
codes) as plain records. The code list file decides which codes exist; the
XML supplies titles, notes and 7th-character meanings.
"""
from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

RELEASE = "2026-04-01"
XML_NAME = "icd10c-tabular-April-1-2026.xml"
CODE_LIST_NAME = "code-list-April-2026.txt"
NOTE_KINDS = (
    "inclusionTerm", "includes", "excludes1", "excludes2", "codeFirst",
    "useAdditionalCode", "codeAlso", "notes", "sevenChrNote",
)


@dataclass(frozen=True)
class IcdGroup:
    """A chapter ("1".."22") or a section (block such as "A00-A09")."""

    kind: str  # "chapter" or "section"
    key: str
    description: str
    notes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class IcdCode:
    """One ICD-10-CM code, dotless, with its place in the tree."""

    code: str
    description: str
    billable: bool
    parent: str  # dotless parent code, "" for a category
    chapter: str
    section: str
    notes: tuple[tuple[str, str], ...]
    seventh_owner: str = ""  # code whose sevenChrDef applies (leaves needing a 7th character)
    seventh: tuple[tuple[str, str], ...] = ()  # the (char, meaning) pairs this node defines
    seventh_index: int = 0  # position of the 7th character in its definition (0 = first, usually A)
    base_description: str = ""  # for a generated 7th-character code: the leaf's own title
    terms: str = ""  # inclusion terms, searched with a lower weight than the title


@dataclass(frozen=True)
class IcdRelease:
    version: str
    groups: list[IcdGroup]
    codes: list[IcdCode]


def data_folder() -> Path:
    """The package's data folder, found without importing the package (its import parses the XML)."""
    spec = importlib.util.find_spec("simple_icd_10_cm")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the simple-icd-10-cm package is not installed; reinstall OfficeBill's dependencies")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def dotted(code: str) -> str:
    """E1165 -> E11.65; categories (3 characters) have no dot."""
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


def _notes(element: ET.Element) -> tuple[tuple[str, str], ...]:
    found = []
    for kind in NOTE_KINDS:
        for block in element.findall(kind):
            found.extend((kind, " ".join((n.text or "").split())) for n in block.findall("note"))
    return tuple(found)


def _seventh(element: ET.Element) -> tuple[tuple[str, str], ...]:
    block = element.find("sevenChrDef")
    if block is None:
        return ()
    return tuple((e.get("char"), " ".join((e.text or "").split())) for e in block.findall("extension"))


class _Walker:
    def __init__(self, existing: set[str]):
        self.existing = existing
        self.codes: list[IcdCode] = []

    def diag(self, el, parent, chapter, section, owner, owner_def):
        name = el.findtext("name").replace(".", "")
        desc = " ".join(el.findtext("desc").split())
        own_def = _seventh(el)
        if own_def:
            owner, owner_def = name, own_def
        kids = el.findall("diag")
        needs_seventh = bool(owner_def) and not kids
        notes = _notes(el)
        terms = "; ".join(text for kind, text in notes if kind == "inclusionTerm")
        self.codes.append(IcdCode(
            name, desc, not kids and not needs_seventh, parent, chapter, section, notes,
            owner if needs_seventh else "", own_def, terms=terms,
        ))
        for kid in kids:
            self.diag(kid, name, chapter, section, owner, owner_def)
        if needs_seventh:
            padded = name.ljust(6, "X")
            for index, (char, meaning) in enumerate(owner_def):
                full = padded + char
                if full in self.existing:
                    self.codes.append(IcdCode(
                        full, f"{desc}, {meaning}", True, name, chapter, section, (),
                        seventh_index=index, base_description=desc, terms=terms,
                    ))


def read_release(folder: Path | None = None) -> IcdRelease:
    """Parses the bundled tabular XML and code list into groups and codes (document order)."""
    folder = folder or data_folder()
    existing = set((folder / CODE_LIST_NAME).read_text(encoding="utf-8").split())
    return parse_tabular(ET.parse(folder / XML_NAME).getroot(), existing, RELEASE)


def parse_tabular(root: ET.Element, existing: set[str], version: str) -> IcdRelease:
    """The groups and codes of a tabular XML root (`ICD10CM.tabular`), keeping only the codes in `existing`
    (the release's code list: headers and billable codes, 7th-character codes included)."""
    walker = _Walker(existing)
    groups = []
    for chapter in root.iter("chapter"):
        ch = chapter.findtext("name")
        groups.append(IcdGroup("chapter", ch, " ".join(chapter.findtext("desc").split()), _notes(chapter)))
        for section in chapter.findall("section"):
            sid = section.get("id")
            groups.append(IcdGroup("section", sid, " ".join(section.findtext("desc").split()), _notes(section)))
            for diag in section.findall("diag"):
                walker.diag(diag, "", ch, sid, "", ())
    codes = [c for c in walker.codes if c.code in existing]
    return IcdRelease(version, groups, codes)
