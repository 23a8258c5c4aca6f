"""Bad HCPCS input is refused with a UserError and changes nothing: damaged zips, bombs, binary, wrong layout."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import struct
import tracemalloc
import zipfile

import pytest

from officebill.codes import import_hcpcs
from officebill.codes.hcpcs import read_hcpcs
from officebill.codes.hcpcs_source import MAX_FILE_BYTES
from officebill.core.problems import UserError

from .release_files import SAMPLE, zipped


def state(path) -> tuple[str, tuple[int, ...]]:
    """The file's checksum and its row counts: what a refused import must leave alone."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        counts = tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("code", "hcpcs", "meta"))
    conn.close()
    return hashlib.sha256(path.read_bytes()).hexdigest(), counts


def sample_zip(tmp_path, method=zipfile.ZIP_DEFLATED):
    return zipped(tmp_path / "HCPC.zip", SAMPLE, method=method)


def patch_member(path, local: dict[int, bytes], central: dict[int, bytes]) -> None:
    """Overwrites bytes of the HCPCS member's local header and central-directory entry (offsets within each)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("HCPC2026_JAN_ANWEB.txt")
    start = info.header_offset
    entry = data.rindex(b"PK\x01\x02")  # the member is written last, so its entry is the last one
    for base, patches in ((start, local), (entry, central)):
        for offset, value in patches.items():
            data[base + offset:base + offset + len(value)] = value
    path.write_bytes(bytes(data))


def refused(codes_db, path, *fragments, partial=True) -> str:
    before = state(codes_db)
    with pytest.raises(UserError) as caught:
        import_hcpcs(codes_db, path, partial=partial)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    assert state(codes_db) == before
    return message


def test_bad_crc(small_copy, tmp_path):
    path = sample_zip(tmp_path, zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    spot = data.index(b"Crutches underarm")
    data[spot] ^= 0x20
    path.write_bytes(bytes(data))
    refused(small_copy, path, "HCPC.zip:HCPC2026_JAN_ANWEB.txt", "damaged", "CRC", "cms.gov")


def test_damaged_compressed_member(small_copy, tmp_path):
    path = sample_zip(tmp_path)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("HCPC2026_JAN_ANWEB.txt")
    data = bytearray(path.read_bytes())
    body = info.header_offset + 30 + len(info.filename) + 40
    data[body:body + 30] = b"\xff" * 30
    path.write_bytes(bytes(data))
    refused(small_copy, path, "damaged", "cms.gov")


def test_encrypted_member(small_copy, tmp_path):
    path = sample_zip(tmp_path)
    patch_member(path, {6: struct.pack("<H", 1)}, {8: struct.pack("<H", 1)})
    refused(small_copy, path, "password-protected", "cms.gov")


def test_unsupported_compression_method(small_copy, tmp_path):
    path = sample_zip(tmp_path)
    patch_member(path, {8: struct.pack("<H", 97)}, {10: struct.pack("<H", 97)})
    refused(small_copy, path, "compression method", "unzip it")


def test_zip_bomb_is_refused_without_expanding_it(small_copy, tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("HCPC2026_JAN_ANWEB.txt", "w") as member:
        for _ in range(40):
            member.write(b" " * (1 << 20))  # 40 MB of spaces in about 40 kB
    assert path.stat().st_size < 100_000
    tracemalloc.start()
    try:
        refused(small_copy, path, "expands more than 100 times", "zip bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, f"{peak / 2**20:.1f} MB used to refuse a zip bomb"


def test_member_larger_than_a_release_is_refused_by_its_header(small_copy, tmp_path):
    path = sample_zip(tmp_path)
    patch_member(path, {22: struct.pack("<I", 60 * 2**20)}, {24: struct.pack("<I", 60 * 2**20)})
    refused(small_copy, path, "larger than any HCPCS release")


def test_member_lying_about_its_size_is_read_no_further(small_copy, tmp_path):
    path = sample_zip(tmp_path)
    patch_member(path, {22: struct.pack("<I", 400)}, {24: struct.pack("<I", 400)})
    refused(small_copy, path, "damaged")


def test_file_larger_than_any_release_is_refused_unread(small_copy, tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used
    refused(small_copy, path, "larger than any HCPCS release")


def test_binary_content(small_copy, tmp_path):
    path = tmp_path / "binary.txt"
    path.write_bytes(SAMPLE.read_bytes()[:400] + b"\x00\x01\x02" + SAMPLE.read_bytes()[400:])
    refused(small_copy, path, "not a text file")
    png = tmp_path / "picture.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    refused(small_copy, png, "not a text file")


def test_non_ascii_digit_in_a_sequence_number(small_copy, tmp_path):
    raw = SAMPLE.read_bytes()
    spot = raw.index(b"E0114002004")
    path = tmp_path / "superscript.txt"
    path.write_bytes(raw[:spot + 7] + b"\xb2" + raw[spot + 8:])  # cp1252 '²' where '2' was
    refused(small_copy, path, "line 8", "continuation sequence")


def test_lower_case_and_duplicate_codes(small_copy, tmp_path):
    lines = SAMPLE.read_text().splitlines()
    lower = tmp_path / "lower.txt"
    lower.write_text("\n".join(lines[:4] + ["a" + lines[4][1:]] + lines[5:]) + "\n")
    refused(small_copy, lower, "line 5", "malformed")
    twice = tmp_path / "twice.txt"
    twice.write_text("\n".join(lines + [lines[4]]) + "\n")
    refused(small_copy, twice, "procedure A4206 appears a second time (first on line 5)")


def test_wrong_layout(small_copy, tmp_path):
    csv = tmp_path / "codes.csv"
    csv.write_text("code,description\nA4206,Syringe\n")
    refused(small_copy, csv, "line 1", "expected 320")
    wide = tmp_path / "wide.txt"
    wide.write_text(("x" * 320 + "\n") * 3)
    refused(small_copy, wide, "line 1")


def test_not_a_regular_file(small_copy, tmp_path):
    refused(small_copy, tmp_path, "is not a file")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    refused(small_copy, fifo, "is not a file")


def test_real_excerpt_survives_the_checks(shared_hcpcs, tmp_path):
    records = read_hcpcs(zipped(tmp_path / "real.zip", shared_hcpcs / "HCPC2026_JAN_ANWEB_excerpt.txt"))
    assert len(records) == 205
    assert len(read_hcpcs(shared_hcpcs / "HCPC2026_JAN_ANWEB_quirk_overlong_G9871.txt")) > 0
