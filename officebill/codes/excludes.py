"""Excludes1 notes of the ICD-10-CM tabular list read into exact code sets.

An Excludes1 note names where a condition is coded instead, and the two codes are never
reported together (ICD-10-CM Official Guidelines, Conventions I.A.12.a). The notes are prose:

    type 1 diabetes mellitus (E10.-)                              a category and its descendants
    congenital deformities of limbs (Q65-Q66, Q68-Q74)            ranges
    fluency disorder following cerebrovascular disease (I69. with final characters -23)
    neuralgic amyotrophy in diabetes mellitus (E08-E13 with .44)  a range narrowed by later characters
    open skull fracture (S02.- with 7th character B)              ... or by the 7th character
    concussion with other intracranial injuries classified in subcategories S06.1- to S06.6-, ...
    diabetic acidosis - see categories E08-E10, E11, E13 with ketoacidosis   narrowed by the code titles

`parse_excludes1(text)` turns one note into `Target`s, or declines: a note whose codes cannot be
read exactly ("... unless rheumatic fever is also present", "with open fracture 7th character")
yields nothing, so the scrubber reports no finding rather than a false one. Notes naming no code
at all ("- see Alphabetical Index", list headings such as "polyneuropathy (in):") yield nothing
and are not counted as declined. Pure text work: no SQL, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

PARSED, NO_CODE, DECLINED = "parsed", "no code", "declined"

_CODE = r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?"
_LOOKS_LIKE_CODE = re.compile(r"\b[A-Z][0-9][0-9A-Z]\b(?:\.[0-9A-Z-]*)?")
_PREFIX = re.compile(rf"^({_CODE})(\.?-|\.)?$")
_RANGE = re.compile(rf"^({_CODE})(?:\.?-)?\s*(-|to)?\s*({_CODE})(?:\.?-)?$")
_ORDINAL = r"(?:5th|fifth|6th|sixth|7th|seventh)"
_POSITION = {"5th": 4, "fifth": 4, "6th": 5, "sixth": 5, "7th": 6, "seventh": 6}
_CHARACTER = re.compile(rf"^({_ORDINAL})[- ]characters?\s+\.?([0-9A-Z])$")
_FIFTH_TO_SIXTH = re.compile(r"^fifth to sixth characters\s+([0-9A-Z]{2})$")
_FINAL = re.compile(r"^final characters\s+-([0-9A-Z]{1,3})$")
_SUFFIX = re.compile(r"^\.([0-9A-Z]{1,4})-?(?:\s*-\s*\.([0-9A-Z]{1,4})-?)?$")
_TITLE = re.compile(r"^[a-z][a-z ]+$")
# Words that lead a list of codes written without parentheses.
_LEAD = re.compile(
    r"(?:-\s*)?(?:see categories|(?:as )?classified (?:in|to)(?: subcategories| categories)?|classifiable to|"
    r"specified in categories)\s*$", re.IGNORECASE)
_CODE_TO = re.compile(r"[,\s]*-?\s*code to [^()]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    """Dotless codes from `first` to `last` (compared on len(first) characters; a prefix has
    first == last), narrowed by characters at fixed positions or by words in the code's title."""

    first: str
    last: str
    start: int = -1  # 0-based position where `low`..`high` is compared, -1 for none
    low: str = ""
    high: str = ""
    title: str = ""  # words the code's title must contain (lower case), "" for none
    at_end: bool = False  # `low` is compared with the code's last characters ("final characters -23")

    @property
    def plain(self) -> bool:
        """True when the target is a code, prefix or range with no narrowing."""
        return self.start < 0 and not self.title and not self.at_end

    @property
    def entry(self) -> str:
        """The prefix or range as the scrubber's `CodeLookup.excludes1` names it."""
        return self.first if self.first == self.last else f"{self.first}-{self.last}"

    def in_span(self, code: str) -> bool:
        head = code[: len(self.first)]
        return len(head) == len(self.first) and self.first <= head <= self.last[: len(self.first)]

    def matches(self, code: str, title: str = "") -> bool:
        """Does dotless `code` (whose title is `title`) fall in the target?"""
        if not self.in_span(code):
            return False
        if self.at_end and (len(code) <= len(self.first) + 1 or not code.endswith(self.low)):
            return False
        if self.start >= 0:
            part = code[self.start: self.start + len(self.low)]
            if len(part) != len(self.low) or not self.low <= part <= self.high:
                return False
        return not self.title or self.title in title.lower()


@dataclass(frozen=True)
class Parsed:
    status: str  # PARSED, NO_CODE or DECLINED
    targets: tuple[Target, ...] = ()


def _dotless(code: str) -> str:
    return code.replace(".", "")


def _reference(piece: str) -> tuple[str, str] | None:
    """'E10.-' -> ('E10', 'E10'); 'P04-P96' and 'S06.1- to S06.6-' -> ranges; None when not a code."""
    piece = piece.strip()
    found = _PREFIX.match(piece)
    if found:
        return _dotless(found.group(1)), _dotless(found.group(1))
    found = _RANGE.match(piece)
    if found and (found.group(2) or "-" in piece[len(found.group(1)):piece.rindex(found.group(3))]):
        first, last = _dotless(found.group(1)), _dotless(found.group(3))
        # A range over more than two letters (T88.7: 'A00-R94') names most of the classification:
        # not an exact pair list a scrubber can rely on.
        if first <= last and ord(last[0]) - ord(first[0]) <= 1:
            return first, last
    return None


def _qualifier(text: str) -> dict | None:
    """The narrowing after 'with': positions or title words; None when it cannot be read exactly."""
    text = text.strip()
    if found := _CHARACTER.match(text):
        position = _POSITION[found.group(1).lower()]
        return {"start": position, "low": found.group(2), "high": found.group(2)}
    if found := _FIFTH_TO_SIXTH.match(text):
        return {"start": 4, "low": found.group(1), "high": found.group(1)}
    if found := _FINAL.match(text):
        return {"at_end": True, "low": found.group(1), "high": found.group(1)}
    if found := _SUFFIX.match(text):
        low, high = found.group(1), found.group(2) or found.group(1)
        if len(low) != len(high):
            return None
        return {"start": 3, "low": low, "high": high}
    if _TITLE.match(text) and not re.search(r"\b(character|characters|code|codes|see)\b", text):
        return {"title": "with " + text}
    return None


def _targets(listing: str) -> tuple[Target, ...] | None:
    """A comma-separated list of codes, prefixes and ranges, with one optional 'with ...' narrowing
    that applies to all of them; None when any part is not read exactly."""
    listing = listing.strip().rstrip(",").strip()
    narrowing: dict = {}
    if found := re.search(r"(?<![A-Za-z])with\b", listing):
        narrowing = _qualifier(listing[found.end():]) or {}
        if not narrowing:
            return None
        listing = listing[: found.start()]
    pieces = [p for p in re.split(r",|\band\b|\bor\b", listing) if p.strip()]
    if not pieces:
        return None
    found_targets = []
    for piece in pieces:
        reference = _reference(piece)
        if reference is None:
            return None
        first, last = reference
        if narrowing.get("start", -1) >= 0 and narrowing["start"] < len(first):
            return None  # the narrowing falls inside the named code itself: not meant that way
        found_targets.append(Target(first, last, narrowing.get("start", -1), narrowing.get("low", ""),
                                    narrowing.get("high", ""), narrowing.get("title", ""),
                                    narrowing.get("at_end", False)))
    return tuple(found_targets)


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1]  # 'malignant pleural effusion (J91.0))'
    return text


@lru_cache(maxsize=8192)
def parse_excludes1(text: str) -> Parsed:
    """One Excludes1 note as exact targets (see the module docstring), NO_CODE or DECLINED."""
    text = _tidy(text)
    if not _LOOKS_LIKE_CODE.search(text):
        return Parsed(NO_CODE)
    paren = re.search(r"\(([^()]*)\)?$", text)
    if paren and _LOOKS_LIKE_CODE.search(paren.group(1)):
        found = _targets(paren.group(1))
        return Parsed(PARSED, found) if found else Parsed(DECLINED)
    # No trailing parentheses: a list of codes at the end, perhaps led by 'classified in' and
    # followed by '- code to ...'.
    text = _CODE_TO.sub("", text)
    first = next((m for m in _LOOKS_LIKE_CODE.finditer(text) if "(" not in text[m.start():]), None)
    if first is None:
        return Parsed(DECLINED)
    lead = text[: first.start()]
    if "(" in text[first.start():] or ")" in text[first.start():]:
        return Parsed(DECLINED)
    if _LOOKS_LIKE_CODE.search(lead) and not _LEAD.search(lead):
        return Parsed(DECLINED)
    found = _targets(text[first.start():])
    return Parsed(PARSED, found) if found else Parsed(DECLINED)
