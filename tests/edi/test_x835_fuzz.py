"""Property test: mutated real-shaped 835 files give a UserError (or a clean import), never a traceback,
and a refused file leaves the books exactly as they were.

OFFICEBILL_FUZZ_EXAMPLES sets the examples (default 60: each import walks the TR3 map)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from officebill.core.problems import UserError

from ..billing.money_office import add_claim, add_visit, make_books
from .era_files import answer, era
from .remit_office import TODAY, books_state, claim_of

EXAMPLES = int(os.environ.get("OFFICEBILL_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

segment_edit = st.one_of(
    st.tuples(st.just("drop"), st.integers(0, 10**6), st.just("")),
    st.tuples(st.just("repeat"), st.integers(0, 10**6), st.just("")),
    st.tuples(st.just("swap"), st.integers(0, 10**6), st.just("")),
    st.tuples(st.just("element"), st.integers(0, 10**6),
              st.one_of(st.sampled_from(["", "-", "0", "-120", "99999999999", "1.234", "ZZ", "22", "4", "6R",
                                         "A1001C1", "1-1", ":", "PR", "CO", "B6"]),
                        st.text(alphabet="ABC019.-: ", max_size=8))),
    st.tuples(st.just("bytes"), st.integers(0, 10**6), st.text(alphabet="*~:^\n\x00\xe9A9", min_size=1, max_size=4)),
    st.tuples(st.just("cut"), st.integers(0, 10**6), st.just("")),
)


def mutate(text: str, edits) -> str:
    segments = text.split("~\n")
    for kind, where, value in edits:
        if not segments:
            break
        i = where % len(segments)
        if kind == "drop":
            del segments[i]
        elif kind == "repeat":
            segments.insert(i, segments[i])
        elif kind == "swap" and len(segments) > 1:
            j = (i + 1) % len(segments)
            segments[i], segments[j] = segments[j], segments[i]
        elif kind == "element":
            parts = segments[i].split("*")
            parts[(where // 7) % len(parts)] = value
            segments[i] = "*".join(parts)
        elif kind == "bytes":
            joined = "~\n".join(segments)
            pos = where % max(1, len(joined))
            segments = (joined[:pos] + value + joined[pos:]).split("~\n")
        elif kind == "cut":
            joined = "~\n".join(segments)
            segments = joined[: where % max(1, len(joined))].split("~\n")
    return "~\n".join(segments)


def test_mutated_835_files_never_crash_and_refusals_post_nothing(codes_db):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "codes.db").symlink_to(codes_db)
        books = make_books(Path(folder) / "office.db")
        office = books.office
        claim = claim_of(books)
        other = claim_of(books, add_claim(office, add_visit(office, books.patient.id, books.visit.provider_id,
                                                            charges=(10000, 3000))))
        base = era([answer(claim, [(64, [("CO", "45", 50), ("PR", "1", 20), ("PR", "2", 16)]), (10, [("CO", "45", 10)])]),
                    answer(other, [(0, [("CO", "50", 100)]), (0, [("PR", "204", 30)])], status="4")],
                   plb=[("L6", "INT", -2)])
        source = Path(folder) / "fuzz.835"
        counter = [0]

        @FUZZ
        @given(st.lists(segment_edit, min_size=1, max_size=4))
        def check(edits):
            counter[0] += 1
            content = mutate(base, edits)
            source.write_bytes(content.encode("latin-1", "replace"))
            before = books_state(office)
            try:
                office.remittances.import_835(source, today=TODAY)
            except UserError:
                event("refused")
                assert books_state(office) == before
                return
            event("imported")

        try:
            check()
        finally:
            office.close()
