"""Query-dependent re-ranking of word matches (rows arrive in static-rank order).

Each query word must be a prefix of some word of the title or of the
inclusion terms / short description. Titles beat terms; whole-word matches
beat prefix matches; general codes ("..., unspecified", "without
complications") beat specific siblings.
"""
from __future__ import annotations

from .synonyms import PHRASES, SYNONYMS
from .text import words

FTS_PREFIX_MAX = 10  # longest prefix index in the FTS table


def query_words(text: str) -> list[str]:
    """The query's words with phrases and abbreviations expanded (dm2 -> type 2 diabetes mellitus,
    physical exam -> general adult medical examination)."""
    typed, result = words(text), []
    index = 0
    while index < len(typed):
        phrase = next((p for p in PHRASES if tuple(typed[index:index + len(p)]) == p), None)
        if phrase:
            result.extend(PHRASES[phrase].split())
            index += len(phrase)
            continue
        word = typed[index]
        result.extend(SYNONYMS[word].split() if word in SYNONYMS else [word])
        index += 1
    return result


def fts_query(tokens: list[str]) -> str:
    """Every word as a prefix; long words cut to the prefix-index length (verified afterwards)."""
    return " ".join(f'"{t[:FTS_PREFIX_MAX]}"*' for t in tokens)


def _covers(tokens: list[str], found: list[str]) -> tuple[bool, int]:
    """(every token is a prefix of some word, how many tokens are whole words)."""
    exact = 0
    for token in tokens:
        if token in found:
            exact += 1
        elif not any(w.startswith(token) for w in found):
            return False, exact
    return True, exact


def score(tokens: list[str], description: str, terms: str, static: float) -> float | None:
    """Lower is better; None when the row does not really match (long-prefix false positive)."""
    title = words(description)
    in_title, exact = _covers(tokens, title)
    if not in_title:
        in_terms, exact = _covers(tokens, title + words(terms))
        if not in_terms:
            return None
    return static - 1.5 * exact + (0 if in_title else 15)


def matches(tokens: list[str], description: str, terms: str = "") -> bool:
    return bool(tokens) and _covers(tokens, words(description) + words(terms))[0]
