"""Text rules shared by the builder and the searcher: code normalising, words, static rank.

The builder stores rows in static-rank order (best first) so the searcher can
take the first matches in storage order and only re-rank those few.
"""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[0-9a-z]+")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9]{0,6}$")
_GENERAL = re.compile(r"(^unspecified\b|, unspecified\b|\bnot specified\b|\bwithout complications?\b|\bNOS\b)", re.I)
SYSTEMS = ("icd10cm", "procedure", "hcpcs", "modifier", "pos")


def fold(text: str) -> str:
    """Lower case without accents (the same folding FTS5's unicode61 tokenizer does)."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The searchable words of a text, as FTS5 unicode61 splits them."""
    return _WORD.findall(text.lower() if text.isascii() else fold(text))


def normalize_code(text: str) -> str:
    """' e11.65 ' -> 'E1165'; the stored (dotless, upper-case) form of a code."""
    return text.strip().upper().replace(".", "")


def looks_like_code(text: str) -> bool:
    """True when the text could be (the start of) a code: one short token of letters and digits."""
    return bool(_CODE.match(normalize_code(text))) and " " not in text.strip()


def is_general(description: str) -> bool:
    """True for a title that names the condition without detail ("..., unspecified", "without complications")."""
    return bool(_GENERAL.search(description))


def static_rank(description: str, billable: bool, seventh_index: int = 0, code: str = "") -> float:
    """Query-independent badness: lower is shown first among equal matches.

    Billable codes before headers; short (general) titles before long ones;
    "unspecified" codes before their specific siblings; "Other ..." after;
    the first 7th character (A, initial encounter) before later ones (S, sequela).
    """
    ws = words(description)
    rank = 0.0 if billable else 100.0
    rank += len(ws)
    if is_general(description):
        rank -= 3
    if ws[:1] == ["other"]:
        rank += 2
    rank += 3 * seventh_index
    rank += 0.01 * len(code)
    return rank
