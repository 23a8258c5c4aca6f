"""Writes ICD-10-CM release files in the CMS formats for tests: the order file and the tabular XML (and zips).

`changed(release, add=, delete=, expand=)` makes a later release from a parsed one: codes added, deleted,
and billable codes expanded into children (no longer billable). `write_release(...)` writes it as
`icd10cm-order-YYYY.txt` (CMS order-file columns) and `icd10cm-tabular-YYYY.xml` (the tabular format of
the bundled XML). Other test packages may use it too.
"""
from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from officebill.codes.icd10cm import IcdCode, IcdRelease, dotted


def changed(release: IcdRelease, add: dict[str, str] | None = None, delete: tuple[str, ...] = (),
            expand: dict[str, dict[str, str]] | None = None) -> IcdRelease:
    """A copy of `release` with codes added (code -> title, under their 3-character category or parent),
    deleted, and expanded (code -> {child: title}); children and added codes are billable."""
    by_code = {c.code: c for c in release.codes}
    codes = []
    for code in release.codes:
        if code.code in delete:
            continue
        if code.code in (expand or {}):
            codes.append(replace(code, billable=False))
            codes += [IcdCode(child, title, True, code.code, code.chapter, code.section, ())
                      for child, title in expand[code.code].items()]
            continue
        codes.append(code)
    for new, title in (add or {}).items():
        parent = next(new[:n] for n in range(len(new) - 1, 2, -1) if new[:n] in by_code)
        owner = by_code[parent]
        codes.append(IcdCode(new, title, True, parent, owner.chapter, owner.section, ()))
    return IcdRelease(release.version, release.groups, codes)


def order_text(release: IcdRelease) -> str:
    """The CMS order file: order number (5), code (7), billable 0/1, short (60), long description."""
    lines = [f"{n:05d} {c.code:<7} {int(c.billable)} {c.description[:60]:<60} {c.description}"
             for n, c in enumerate(sorted(release.codes, key=lambda c: c.code), start=1)]
    return "\r\n".join(lines) + "\r\n"


def tabular_xml(release: IcdRelease, fy: int) -> str:
    """The tabular XML: chapters, sections, nested diag elements with notes and 7th-character definitions."""
    diags = [c for c in release.codes if not c.base_description]  # generated 7th-character codes are implied
    kids: dict[str, list[IcdCode]] = {}
    for code in diags:
        kids.setdefault(code.parent, []).append(code)
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<ICD10CM.tabular>", f"  <version>{fy}</version>"]
    chapters = [g for g in release.groups if g.kind == "chapter"]
    sections = [g for g in release.groups if g.kind == "section"]
    for chapter in chapters:
        out += ["  <chapter>", f"    <name>{chapter.key}</name>", f"    <desc>{escape(chapter.description)}</desc>"]
        for section in sections:
            tops = [c for c in kids.get("", []) if c.section == section.key and c.chapter == chapter.key]
            if not tops:
                continue
            out += [f"    <section id={quoteattr(section.key)}>", f"      <desc>{escape(section.description)}</desc>"]
            for top in tops:
                out += _diag(top, kids, "      ")
            out.append("    </section>")
        out.append("  </chapter>")
    out.append("</ICD10CM.tabular>")
    return "\n".join(out) + "\n"


def _diag(code: IcdCode, kids: dict[str, list[IcdCode]], pad: str) -> list[str]:
    out = [f"{pad}<diag>", f"{pad}  <name>{dotted(code.code)}</name>", f"{pad}  <desc>{escape(code.description)}</desc>"]
    for kind in dict.fromkeys(kind for kind, _ in code.notes):
        out.append(f"{pad}  <{kind}>")
        out += [f"{pad}    <note>{escape(text)}</note>" for k, text in code.notes if k == kind]
        out.append(f"{pad}  </{kind}>")
    if code.seventh:
        out.append(f"{pad}  <sevenChrDef>")
        out += [f"{pad}    <extension char={quoteattr(ch)}>{escape(meaning)}</extension>" for ch, meaning in code.seventh]
        out.append(f"{pad}  </sevenChrDef>")
    for kid in kids.get(code.code, []):
        out += _diag(kid, kids, pad + "  ")
    out.append(f"{pad}</diag>")
    return out


def write_release(release: IcdRelease, folder: Path, fy: int = 2027, april: bool = False,
                  zipped: bool = False) -> list[Path]:
    """The release's order file and tabular XML under CMS names (in their two zips with `zipped`)."""
    folder.mkdir(parents=True, exist_ok=True)
    tag = f"April-{fy}" if april else str(fy)
    order = folder / f"icd10cm-order-{tag}.txt"
    xml = folder / f"icd10cm-tabular-{tag}.xml"
    order.write_text(order_text(release), encoding="utf-8")
    xml.write_text(tabular_xml(release, fy), encoding="utf-8")
    if not zipped:
        return [order, xml]
    first = folder / f"{fy}-code-descriptions-tabular-order.zip"
    second = folder / f"{fy}-table-and-index.zip"
    with zipfile.ZipFile(first, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(order, f"Code Descriptions/{order.name}")
        archive.writestr(f"Code Descriptions/icd10cm-codes-{tag}.txt", "".join(
            f"{c.code:<7} {c.description}\n" for c in release.codes if c.billable))
    with zipfile.ZipFile(second, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(xml, f"Table and Index/{xml.name}")
        archive.writestr("Table and Index/icd10cm-index-2027.pdf", b"%PDF-1.4 not read")
    order.unlink()
    xml.unlink()
    return [first, second]
