"""X12 building blocks shared by every transaction: separators, element text, segments, the envelope.

X12 has no escape character, so a value may never hold a separator: `text()`
turns separators and characters outside the X12 extended set into spaces
(names and addresses are sent upper case, like the paper form), and `identifier()`
keeps letters and digits only. `SegmentList` counts what it holds for SE01;
`interchange()` wraps transaction sets in ISA/GS ... GE/IEA with their counts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from ..core.money import Money


@dataclass(frozen=True)
class Separators:
    element: str = "*"
    component: str = ":"
    repetition: str = "^"
    segment: str = "~"

    @property
    def all(self) -> str:
        return self.element + self.component + self.repetition + self.segment


SEPARATORS = Separators()
_ALLOWED = re.compile(r"[^A-Z0-9 !&'()+,\-./;?=%@#$\"]")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")
_NOT_DIGIT = re.compile(r"[^0-9]")


def text(value: str, limit: int | None = None) -> str:
    """A free-text element: upper case, X12 extended characters only (separators become spaces), one space
    between words, cut to `limit`."""
    cleaned = " ".join(_ALLOWED.sub(" ", (value or "").upper()).split())
    return cleaned[:limit].rstrip() if limit else cleaned


def identifier(value: str, limit: int | None = None) -> str:
    """An identifier element (member ID, code, authorization): letters and digits only, upper case."""
    cleaned = _NOT_ALNUM.sub("", (value or "").upper())
    return cleaned[:limit] if limit else cleaned


def digits(value: str) -> str:
    return _NOT_DIGIT.sub("", value or "")


def amount(value: Money) -> str:
    """An X12 decimal amount: no trailing zeros after the point, no point when whole (125, 12.5, 0.05)."""
    cents = value.cents
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    if not part:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{part:02d}".rstrip("0")


def d8(day: date) -> str:
    return f"{day:%Y%m%d}"


def composite(*parts: str, separators: Separators = SEPARATORS) -> str:
    """A composite element: its components joined, trailing empty ones left out."""
    items = list(parts)
    while items and not items[-1]:
        items.pop()
    return separators.component.join(items)


def segment(seg_id: str, *elements: str, separators: Separators = SEPARATORS) -> str:
    """One segment without its terminator; trailing empty elements left out."""
    items = list(elements)
    while items and not items[-1]:
        items.pop()
    joined = separators.element.join([seg_id, *items])
    if joined.count(separators.element) != len(items) or separators.segment in joined \
            or separators.repetition in joined:
        raise ValueError(f"{seg_id}: an element holds a separator ({joined!r})")
    return joined


class SegmentList:
    """The segments of one transaction set, in order (ST and SE added by `transaction_set`)."""

    def __init__(self) -> None:
        self.segments: list[str] = []

    def add(self, seg_id: str, *elements: str) -> None:
        self.segments.append(segment(seg_id, *elements))

    def __len__(self) -> int:
        return len(self.segments)


def transaction_set(code: str, control: str, version: str, body: SegmentList) -> list[str]:
    """ST ... SE around the body; SE01 counts ST and SE too."""
    return [segment("ST", code, control, version), *body.segments,
            segment("SE", str(len(body) + 2), control)]


@dataclass(frozen=True, kw_only=True)
class Envelope:
    """The interchange and group header facts (ISA/GS)."""

    sender_qualifier: str
    sender_id: str
    receiver_qualifier: str
    receiver_id: str
    interchange_control: int
    group_control: int
    functional_code: str  # GS01: HC for an 837
    version: str  # GS08: 005010X222A1
    created: datetime
    production: bool


def _fixed(value: str, size: int) -> str:
    value = text(value)
    if len(value) > size:
        raise ValueError(f"ISA element {value!r} is longer than {size} characters")
    return value.ljust(size)


def interchange(envelope: Envelope, sets: list[list[str]], separators: Separators = SEPARATORS) -> str:
    """A whole interchange: ISA, one GS with the transaction sets, GE, IEA; one segment per line."""
    if not 0 < envelope.interchange_control < 10**9 or not 0 < envelope.group_control < 10**9:
        raise ValueError("control numbers run from 1 to 999999999")
    e = envelope
    isa = separators.element.join([
        "ISA", "00", " " * 10, "00", " " * 10, _fixed(e.sender_qualifier, 2), _fixed(e.sender_id, 15),
        _fixed(e.receiver_qualifier, 2), _fixed(e.receiver_id, 15), f"{e.created:%y%m%d}", f"{e.created:%H%M}",
        separators.repetition, "00501", f"{e.interchange_control:09d}", "0", "P" if e.production else "T",
        separators.component])
    lines = [isa,
             segment("GS", e.functional_code, text(e.sender_id), text(e.receiver_id), f"{e.created:%Y%m%d}",
                     f"{e.created:%H%M}", str(e.group_control), "X", e.version)]
    for one in sets:
        lines.extend(one)
    lines.append(segment("GE", str(len(sets)), str(e.group_control)))
    lines.append(segment("IEA", "1", f"{e.interchange_control:09d}"))
    return "".join(line + separators.segment + "\n" for line in lines)
