"""Which ICD-10-CM codes are manifestations, read from the tabular list's own words.

Guideline I.A.13 (etiology/manifestation convention): a manifestation code is never listed
first; the underlying condition is. The tabular marks them two ways:

* the title says "in diseases classified elsewhere" (also "in other diseases", "in infectious
  and parasitic diseases", "in conditions ... classified elsewhere", "due to diseases
  classified elsewhere"), on the code or an ancestor (M14.6- sits under M14 "Arthropathies in
  other diseases classified elsewhere");
* a "Code first" note on the code or an ancestor tells to code the underlying condition,
  disease or disorder first ("underlying disease, such as:").

A "code first" note that is conditional ("if known", "if applicable", "any associated
underlying cause", "when associated fever is present") or names another code to sequence
before it (Z23: "any routine childhood examination") only orders codes that may appear
together: it does not make the code a manifestation. Pure text work: no SQL, no I/O.
"""
from __future__ import annotations

import re

_TITLE = re.compile(
    r"\b(?:in|due to) (?:[\w,-]+ ){0,4}(?:diseases?|conditions?|disorders?|reactions) classified elsewhere\b")
_UNDERLYING = re.compile(r"^(?:the )?underlying\b")
_CONDITIONAL = re.compile(r"\b(?:if|when|any)\b")


def is_manifestation_title(title: str) -> bool:
    """True for a title naming a manifestation ("Polyneuropathy in diseases classified elsewhere")."""
    return bool(_TITLE.search(title.lower()))


def makes_manifestation(code_first_note: str) -> bool:
    """True for a "Code first" note that says, without condition, to code the underlying
    condition first ("underlying disease", "the underlying physiological condition, such as:")."""
    text = code_first_note.lower().strip().lstrip(",").strip()
    return bool(_UNDERLYING.match(text)) and not _CONDITIONAL.search(text)


def is_manifestation(titles: list[str], code_first_notes: list[str]) -> bool:
    """The code is a manifestation given its own and its ancestors' titles and "Code first" notes."""
    return any(is_manifestation_title(t) for t in titles) or any(makes_manifestation(n) for n in code_first_notes)
