"""Records to plain JSON values and back, exactly (Money as '12.50', dates ISO, enums by value).

Used to keep a claim's snapshot as it was made, and for `--json` output.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from enum import Enum
from functools import cache

from .money import Money


def to_plain(value):
    """Records, Money, dates and enums as JSON-ready values."""
    if isinstance(value, Money):
        return value.plain()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


@cache
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def from_plain(kind, data):
    """Rebuild a value of type `kind` (a record class or a type hint) from `to_plain` output."""
    if data is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        return from_plain(options[0], data)
    if origin is tuple:
        item = typing.get_args(kind)[0]
        return tuple(from_plain(item, v) for v in data)
    if origin is list:
        return [from_plain(typing.get_args(kind)[0], v) for v in data]
    if kind is Money:
        return Money.parse(data)
    if kind is date:
        return date.fromisoformat(data)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        known = {f.name for f in dataclasses.fields(kind) if f.init}
        return kind(**{name: from_plain(hints[name], v) for name, v in data.items() if name in known})
    return data
