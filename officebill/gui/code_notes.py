"""ICD-10-CM instructional notes (excludes, code first, use additional ...) as HTML for the picker's notes pane.

`notes_to_html` groups a code's notes by kind, the most decisive first, and names the
source of inherited ones; chapter-wide lists that repeat on every code are left out.
"""
from __future__ import annotations

import html

from .theme import muted_color

NOTE_LABELS = {
    "excludes1": "Excludes1 (never coded together)",
    "excludes2": "Excludes2 (may be coded together)",
    "codeFirst": "Code first",
    "useAdditionalCode": "Use additional code",
    "codeAlso": "Code also",
    "includes": "Includes",
    "inclusionTerm": "Also covers",
    "notes": "Note",
    "sevenChrNote": "7th character",
}
CHAPTER_KINDS = {"excludes1", "codeFirst", "useAdditionalCode", "codeAlso"}
NOTE_ORDER = ["excludes1", "codeFirst", "useAdditionalCode", "codeAlso", "excludes2", "includes",
              "inclusionTerm", "notes", "sevenChrNote"]


def notes_to_html(notes) -> str:
    """Instructional notes grouped by kind, the most decisive first; inherited ones name their source."""
    by_kind: dict[str, list] = {}
    for note in notes:
        if note.source.startswith("chapter") and note.kind not in CHAPTER_KINDS:
            continue  # chapter-wide lists (excludes2, notes) repeat on every code; the scrubber has them
        by_kind.setdefault(note.kind, []).append(note)
    out = []
    for kind in sorted(by_kind, key=lambda k: NOTE_ORDER.index(k) if k in NOTE_ORDER else len(NOTE_ORDER)):
        items = by_kind[kind]
        shown = items[:6]
        lines = "".join(
            f"<li>{html.escape(_note_text(n.text))}"
            + (f" <span style='color:{muted_color().name()}'>({html.escape(n.source)})</span>" if n.inherited else "")
            + "</li>" for n in shown)
        more = f"<li>… {len(items) - len(shown)} more</li>" if len(items) > len(shown) else ""
        out.append(f"<p style='margin:4px 0 0 0'><b>{html.escape(NOTE_LABELS.get(kind, kind))}</b></p>"
                   f"<ul style='margin:0 0 0 -20px'>{lines}{more}</ul>")
    return "".join(out)


def _note_text(text: str, limit: int = 240) -> str:
    text = text.strip().lstrip(",;: ").strip()
    text = text[:1].upper() + text[1:]
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
