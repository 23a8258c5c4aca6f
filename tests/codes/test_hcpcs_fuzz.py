"""Property tests: mutated HCPCS text files and zips give a UserError (or a clean import), never a traceback.

After a refused import the code database's checksum and row counts are unchanged.
OFFICEBILL_FUZZ_EXAMPLES sets the examples per property (default 300; the
closing note of issue 14 reports a longer run).
"""
from __future__ import annotations

import io
import os
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from officebill.codes import import_hcpcs, swap
from officebill.core.problems import UserError

from .release_files import SAMPLE
from .test_hcpcs_bad_input import state

EXAMPLES = int(os.environ.get("OFFICEBILL_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TEXT = b"\r\n".join(line.encode() for line in SAMPLE.read_text().splitlines()) + b"\r\n"
KINDS = ("password", "compression method", "zip bomb", "larger than", "not a text file", "characters wide",
         "record identification", "continuation", "sequence", "date", "malformed", "second time", "no fixed-width",
         "not a whole", "cut-down", "empty", "no HCPCS records", "damaged")
METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)

byte = st.integers(0, 255)
mutation = st.one_of(
    st.tuples(st.just("set"), st.integers(0, 10**6), byte),
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 400)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.binary(min_size=1, max_size=40)),
    st.tuples(st.just("truncate"), st.integers(0, 10**6), st.just(0)),
    st.tuples(st.just("repeat"), st.integers(0, 10**6), st.integers(1, 700)),
)


def mutate(data: bytes, mutations, header_bias: bool = False) -> bytes:
    out = bytearray(data)
    for kind, where, value in mutations:
        if not out:
            break
        if header_bias and where % 2:  # half the hits on zip headers: the first 64 bytes and the central directory
            where = where % 64 if where % 4 == 1 else len(out) - 1 - where % min(len(out), 200)
        pos = where % len(out)
        if kind == "set":
            out[pos] = value
        elif kind == "delete":
            del out[pos:pos + value]
        elif kind == "insert":
            out[pos:pos] = value
        elif kind == "truncate":
            del out[pos:]
        else:
            out[pos:pos] = out[pos:pos + value]
    return bytes(out)


def zip_of(text: bytes, method: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as zf:
        zf.writestr("HCPC2026_recordlayout.txt", b"layout notes\r\n")
        zf.writestr("HCPC2026_JAN_ANWEB.txt", text)
    return buffer.getvalue()


def check_import(small_db: Path, content: bytes, name: str, partial: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        codes_db = Path(folder) / "codes.db"
        shutil.copy(small_db, codes_db)
        before = state(codes_db)
        source = Path(folder) / name
        source.write_bytes(content)
        try:
            import_hcpcs(codes_db, source, partial=partial)
        except UserError as exc:
            event("refused: " + next((kind for kind in KINDS if kind in str(exc)), "other"))
            assert str(exc).strip()
            assert state(codes_db) == before, f"refused ({exc}) but the database changed"
        else:
            event("imported")
            with sqlite3.connect(codes_db) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.close()
        assert not list(Path(folder).glob(swap.temp_pattern(codes_db)))


@FUZZ
@given(mutations=st.lists(mutation, min_size=1, max_size=6), partial=st.booleans())
def test_mutated_text_files(small_db, mutations, partial):
    check_import(small_db, mutate(TEXT, mutations), "HCPC2026_JAN_ANWEB.txt", partial)


@FUZZ
@given(method=st.sampled_from(METHODS), mutations=st.lists(mutation, min_size=1, max_size=4),
       text_mutations=st.lists(mutation, max_size=2), partial=st.booleans())
def test_mutated_zips(small_db, method, mutations, text_mutations, partial):
    archive = zip_of(mutate(TEXT, text_mutations), method)
    check_import(small_db, mutate(archive, mutations, header_bias=True), "HCPC2026_JAN_ANWEB.zip", partial)


@FUZZ
@given(method=st.sampled_from(METHODS), field=st.sampled_from([(6, 8, 2), (8, 10, 2), (14, 16, 4), (18, 20, 4),
                                                               (22, 24, 4), (26, 28, 2), (28, 30, 2)]),
       value=st.integers(0, 2**32 - 1))
def test_zip_header_fields(small_db, method, field, value):
    """Flags, method, CRC, sizes and name/extra lengths of the member set to anything, in both headers."""
    data = bytearray(zip_of(TEXT, method))
    local_offset, central_offset, width = field
    packed = (value % (1 << (8 * width))).to_bytes(width, "little")
    start = data.rindex(b"PK\x03\x04")
    entry = data.rindex(b"PK\x01\x02")
    data[start + local_offset:start + local_offset + width] = packed
    data[entry + central_offset:entry + central_offset + width] = packed
    check_import(small_db, bytes(data), "HCPC2026_JAN_ANWEB.zip", True)
