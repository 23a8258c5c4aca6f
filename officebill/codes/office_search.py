"""The office's own procedure list searched by code, by its labels and by the words staff type.

A procedure matches when the typed text is the start of its code, when every
typed word starts a word of its label or of the words the office added for it
(`Procedure.synonyms`), or when every typed word starts a word of those or of
the everyday terms for its code (`procedure_terms`: "flu
shot", "ekg", "UA"). Needs no code database, so it also answers before the
first-start build.

Order: exact code, code prefix, then word matches; within each, the E/M codes
of the patient's kind (established or new) first and those of the other kind
last, label matches before term-only matches, codes of the first term named
("flu shot": the vaccine before its giving), favorites, preferred (most
used), then list order. Nothing typed lists every active procedure: favorites
first, the visit codes of the patient's kind first among them (what an empty
field offers; Down and Enter take the usual visit code).
"""
from __future__ import annotations

from collections.abc import Sequence

from .procedure_terms import TERMS, term_ranks, terms_for, visit_kind
from .ranking import matches, query_words
from .records import Hit
from .text import looks_like_code, normalize_code, words


def office_hits(text: str, procedures: Sequence, preferred: Sequence[str] = (),
                patient_kind: str | None = None) -> list[Hit]:
    """The active office procedures matching `text`, best first; `patient_kind` is "new", "established" or None."""
    key, expanded, typed = normalize_code(text), query_words(text), words(text)
    wanted: dict[str, int] = {}
    for place, preferred_code in enumerate(preferred):
        wanted.setdefault(normalize_code(preferred_code), place)  # a code listed twice keeps its first place
    if not typed and not key:
        listed = [(0 if p.favorite else 1, _kind_rank(normalize_code(p.code), patient_kind),
                   wanted.get(normalize_code(p.code), len(wanted)), order, p)
                  for order, p in enumerate(procedures) if p.active]
        return [_hit(entry[-1]) for entry in sorted(listed, key=lambda entry: entry[:-1])]
    named = term_ranks(text)
    ranked = []
    for order, proc in enumerate(procedures):
        if not proc.active:
            continue
        code = normalize_code(proc.code)
        by_code = looks_like_code(text) and code.startswith(key)
        # Office labels are the office's own words: match what was typed or its expansion.
        own = f"{proc.label} {proc.synonyms}"
        by_label = matches(typed, own) or matches(expanded, own)
        if not (by_code or by_label or matches(typed, own, terms_for(code))):
            continue
        rank = (0 if code == key else 1 if by_code else 2, _kind_rank(code, patient_kind),
                0 if by_code or by_label else 1, named.get(code, len(TERMS)), 0 if proc.favorite else 1,
                wanted.get(code, len(wanted)), order)
        ranked.append((rank, _hit(proc)))
    return [hit for _, hit in sorted(ranked, key=lambda pair: pair[0])]


def _hit(proc) -> Hit:
    return Hit(proc.code, proc.label, True, proc.system.lower(), "office")


def _kind_rank(code: str, patient_kind: str | None) -> int:
    """0 for a visit code of the patient's kind, 2 for one of the other kind, 1 otherwise (or kind unknown)."""
    kind = visit_kind(code)
    if patient_kind is None or kind is None:
        return 1
    return 0 if kind == patient_kind else 2
