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


MANIFESTATION, CODE_FIRST = "manifestation", "code first"
_OWN_TITLE_LINK = re.compile(r"\b(?:in|due to)\b")


def is_manifestation(titles: list[str], code_first_notes: list[str]) -> bool:
    """The code is a manifestation given its own and its ancestors' titles and "Code first" notes."""
    return bool(manifestation_kind(titles, code_first_notes))


def manifestation_kind(titles: list[str], code_first_notes: list[str]) -> str:
    """MANIFESTATION, CODE_FIRST or "" for a code, given the titles of its ancestors and itself
    (itself last) and the "Code first" notes of itself and its ancestors.

    MANIFESTATION: a title says "in ... classified elsewhere", or an unconditional "Code first
    underlying ..." note sits on a code whose own title names the link ("Anemia in chronic kidney
    disease", "Cardiac arrest due to underlying cardiac condition"): never first-listed (I.A.13).
    CODE_FIRST: an unconditional note alone, on a title that names no underlying condition
    (M40 "Kyphosis and lordosis", F07.81 "Postconcussional syndrome", which the sequela guideline
    I.B.10 lists first): the underlying disease goes first when there is one."""
    if any(is_manifestation_title(t) for t in titles):
        return MANIFESTATION
    if not any(makes_manifestation(n) for n in code_first_notes):
        return ""
    return MANIFESTATION if titles and _OWN_TITLE_LINK.search(titles[-1].lower()) else CODE_FIRST
