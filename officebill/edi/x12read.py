"""Reading X12 files in: pyx12's context reader, every error it finds named by segment and line.

`read_x12(text, accepts)` checks the envelope first (pyx12's `X12Reader`: a
file that is not X12, is cut short, or is of another transaction or version
is refused before the map is loaded), then walks the file with pyx12's
`X12ContextReader` against the TR3 map for its version, so each segment
comes back with the loop it belongs to (a CAS in 2100 or 2110, an N1 in
1000A or 1000B) and every structure, code-list and envelope count error is
collected. Any error refuses the whole file: a `ValidationFailed` whose
problems name the segment and its line in the file, nothing else done.

The error handler is ours (`_Collected`): pyx12's own logs each error with
the segment's values (patient names) at ERROR level, and patient data never
goes to logs.
"""
from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pyx12.errors
import pyx12.params
import pyx12.x12context
import pyx12.x12file

from ..core.problems import Problem, ValidationFailed
from . import pyx12_fast

pyx12_fast.install()  # the same answers, a fifth sooner

MAX_PROBLEMS = 20
_REFS: dict[str, tuple[int, int | None]] = {}  # 'SVC01-2' -> (element index, component index or None)


@dataclass(frozen=True, slots=True)
class Seg:
    """One segment as read: its id, the loop it is in (e.g. '2110'), its elements (each a tuple of its
    components' text), and its line in the file.

    The elements are copied out of pyx12's parsed segment as plain strings, and pyx12's objects let go: kept
    alive, a large file's half a million of them made Python's garbage collector walk them over and over (a
    third of the whole read of a 1,000-claim 835)."""

    id: str
    loop: str
    elements: tuple[tuple[str, ...], ...]
    line: int
    subele_term: str = ":"

    def get(self, ref: str) -> str:
        """An element ('CLP01') or component ('SVC01-2'); '' when absent. (pyx12's `get_value` parses the
        reference on every call, a fifth of the whole read of a large file; this keeps the parsed ones.)"""
        where = _REFS.get(ref)
        if where is None:
            element, _, component = ref[len(ref.split("-")[0]) - 2:].partition("-")
            where = _REFS[ref] = (int(element) - 1, int(component) - 1 if component else None)
        index, part = where
        elements = self.elements
        if index >= len(elements):
            return ""
        parts = elements[index]
        if part is None:
            return (parts[0] if len(parts) == 1 else self.subele_term.join(parts)).strip()
        return parts[part].strip() if part < len(parts) else ""

    def where(self) -> str:
        return f"{self.id} (line {self.line})"


def segment_lines(text: str, terminator: str, element: str) -> list[tuple[str, int]]:
    """(segment id, line in the file) of each segment, by segment number - 1."""
    found, line, start = [], 1, 0
    while True:
        end = text.find(terminator, start)
        if end < 0:
            break
        chunk = text[start:end]
        stripped = chunk.lstrip("\r\n")
        found.append((stripped.split(element, 1)[0][:3], line + chunk[: len(chunk) - len(stripped)].count("\n")))
        line += chunk.count("\n")
        start = end + 1
    return found


class _Collected:
    """A pyx12 error handler (the interface of `pyx12.error_handler.err_handler`) that keeps
    (segment number, message) and logs nothing. Envelope errors (ISA/GS/ST counts and numbers) belong to
    the segment the reader is at (`src`), the others to the segment being checked."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []
        self.seg_no, self.element = 1, ""
        self.src = None

    def _at(self, seg, number: int) -> None:
        self.seg_no, self.element = number, ""

    def add_isa_loop(self, seg, src) -> None:
        self._at(seg, src.get_cur_line())

    add_gs_loop = add_st_loop = add_isa_loop

    def add_seg(self, map_node, seg, seg_count, cur_line, ls_id) -> None:
        self._at(seg, cur_line)

    def add_ele(self, map_node) -> None:
        self.element = getattr(map_node, "id", "") or ""

    def close_isa_loop(self, node, seg, src) -> None:
        self._at(seg, src.get_cur_line())

    close_gs_loop = close_st_loop = close_isa_loop

    def _add(self, message: str, number: int | None = None) -> None:
        self.found.append((number or self.seg_no, message))

    def isa_error(self, code: str, message: str) -> None:
        self._add(message, self.src.get_cur_line() if self.src is not None else None)

    gs_error = st_error = isa_error

    def seg_error(self, code: str, message: str, value=None, src_line=None) -> None:
        self._add(message, src_line)

    def ele_error(self, code: str, message: str, value, refdes=None) -> None:
        self._add(f"{refdes or self.element}: {message}")

    def handle_errors(self, errors) -> None:
        for kind, code, message, value, src_line in errors:
            if kind == "seg":
                self.seg_error(code, message, value, src_line)
            else:
                self.isa_error(code, message)


@contextmanager
def _quiet_pyx12() -> Iterator[None]:
    logger = logging.getLogger("pyx12")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _refuse(problems: list[Problem]) -> None:
    if len(problems) > MAX_PROBLEMS:
        problems = [*problems[:MAX_PROBLEMS], Problem("file", f"... and {len(problems) - MAX_PROBLEMS} more")]
    raise ValidationFailed(problems)


def _named(segments: list[tuple[str, int]], number: int) -> str:
    """'CLP (line 14)' for a segment number; past the last segment, the end of the file."""
    if 1 <= number <= len(segments):
        seg_id, line = segments[number - 1]
        return f"{seg_id} (line {line})"
    return f"end of file (after line {segments[-1][1] if segments else 1})"


def _unreadable(where: str, exc: Exception, what: str) -> Problem:
    return Problem(where, f"pyx12 could not read the file here ({type(exc).__name__}: {str(exc)[:120]}); the file "
                          f"is damaged or not a {what}. Download it again.")


def _envelope(text: str, accepts: dict[tuple[str, str], str], what: str) -> None:
    """Refuse a file that is not X12, or holds a transaction or version other than `accepts` ((GS01, GS08) ->
    ST01), before the context reader loads a map."""
    if not text.strip():
        _refuse([Problem("file", f"The file is empty; choose the {what} file the clearinghouse sent.")])
    if not text.startswith("ISA"):
        _refuse([Problem("ISA (line 1)", f"This is not an X12 file (it does not begin with an ISA segment); "
                                         f"choose the {what} file the clearinghouse sent.")])
    try:
        reader = pyx12.x12file.X12Reader(io.StringIO(text))
    except pyx12.errors.X12Error as exc:
        _refuse([Problem("ISA (line 1)", f"The interchange header cannot be read: {exc}. The file is not a "
                                         f"whole X12 file; download the {what} again.")])
    segments = segment_lines(text, reader.seg_term, reader.ele_term)
    if reader.icvn != "00501":
        _refuse([Problem("ISA (line 1)", f"ISA12 is version {reader.icvn}; OfficeBill reads 5010 files (00501). "
                                         "Ask the clearinghouse for the 5010 version.")])
    wanted = ", ".join(sorted({f"{st} {gs08}" for (_gs, gs08), st in accepts.items()}))
    heads, count = [], 0
    try:
        for count, seg in enumerate(reader, 1):
            if seg.get_seg_id() == "GS":
                heads.append((count, "GS", seg.get_value("GS01") or "", seg.get_value("GS08") or ""))
            elif seg.get_seg_id() == "ST":
                heads.append((count, "ST", seg.get_value("ST01") or "", ""))
                break  # the first transaction tells what the file is; the context reader checks the rest
    except Exception as exc:  # noqa: BLE001 - pyx12's reader raises assorted errors (IndexError...) on broken envelopes
        _refuse([_unreadable(_named(segments, count + 1), exc, what)])
    gs = None
    for number, seg_id, first, version in heads:
        if seg_id == "GS":
            gs = (first, version)
            if gs not in accepts:
                _refuse([Problem(_named(segments, number), f"This file holds {first} {version}, not {wanted}; "
                                                           f"choose the {what} file.")])
        elif gs is None or accepts.get(gs) != first:
            _refuse([Problem(_named(segments, number),
                             f"This file holds transaction {first}, not {wanted}; choose the {what} file.")])
    if gs is None:
        _refuse([Problem("GS", f"The file has no functional group (GS); it is not a whole {what} file.")])


def read_x12(raw: str | bytes, accepts: dict[tuple[str, str], str], what: str) -> list[Seg]:
    """Every segment of an X12 file with its loop and line, or ValidationFailed naming what is wrong where."""
    if isinstance(raw, bytes):
        raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            raw = raw.decode("ascii")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            _refuse([Problem(f"line {line}", f"The file holds a character that is not plain text (byte "
                                             f"{exc.start + 1}); it is not an X12 {what} file.")])
    text = raw.lstrip("\r\n\t ")
    with _quiet_pyx12():
        _envelope(text, accepts, what)
        errors = _Collected()
        segs: list[Seg] = []
        try:
            reader = pyx12.x12context.X12ContextReader(pyx12.params.params(), errors, io.StringIO(text))
            errors.src = reader.src
            segments = segment_lines(text, reader.seg_term, reader.ele_term)
            for node in reader.iter_segments():
                number = node.cur_line_number or 0
                parent = node.x12_map_node.parent
                line = segments[number - 1][1] if 1 <= number <= len(segments) else 0
                data = node.seg_data
                segs.append(Seg(node.id, parent.id if parent is not None else "",
                                tuple([tuple([p.value for p in e.elements]) for e in data.elements]), line,
                                data.subele_term))
            reader.src.cleanup()  # the context reader does not look for missing SE/GE/IEA trailers
            for _kind, _code, message, _value, _line in reader.src.pop_errors():
                errors.found.append((len(segments) + 1, f"The file ends too soon ({message}); it was cut short. "
                                                        "Download it again."))
        except Exception as exc:  # noqa: BLE001 - pyx12 raises assorted errors (EngineError, IndexError...) on broken files
            _refuse([_unreadable(f"after line {segs[-1].line}" if segs else "line 1", exc, what)])
    if errors.found:
        _refuse([Problem(_named(segments, number), message) for number, message in errors.found])
    return segs
