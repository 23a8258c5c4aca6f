"""Faster paths for three of pyx12's per-element helpers, each giving exactly the answer of the original.

A 1,000-claim 835 is some 12,000 segments and 45,000 elements, each checked
by pyx12's context reader against the TR3 map; three small helpers it calls
for every element or segment cost a fifth of the read (bench/era835.py):

- `validation.contains_control_character` tries 23 control characters one
  `in` at a time: one regular expression says first whether any is there at
  all (when one is, the original names it);
- `Segment._parse_refdes` builds an `X12Path` (a regular expression) for every
  'CLP01' looked up: the parse of each reference is kept (the check that it
  names this segment is still made on each call, by the original);
- `NodeCounter.reset_to_node` formatted the parent path again for every
  counted path it compared: it is formatted once per call.

`install()` (called by `x12read`) puts them in place only for the pyx12
version they were written against (PYX12_VERSION); any other version is left
as it is, slower but the same. The originals stay in `ORIGINALS` (the tests
compare the two).
"""
from __future__ import annotations

import re

import pyx12
import pyx12.nodeCounter
import pyx12.path
import pyx12.segment
import pyx12.validation

PYX12_VERSION = "4.0.0"
ORIGINALS: dict[str, object] = {}

# Every character `contains_control_character` looks for (BEL, HT, LF, VT, FF, CR, FS-US, SOH-ACK, DC1-ETB).
_CONTROL = re.compile("[\x01-\x07\x09-\x0d\x11-\x17\x1c-\x1f]")
_REFDES: dict[str, tuple[str | None, int | None, int | None]] = {}


def contains_control_character(str_val: str, charset: str = "B", icvn: str = "00401"):
    if _CONTROL.search(str_val) is None:
        return (False, None)
    return ORIGINALS["contains_control_character"](str_val, charset, icvn)


def _parse_refdes(self, ref_des: str):
    parsed = _REFDES.get(ref_des)
    if parsed is None:
        path = pyx12.path.X12Path(ref_des)  # raises on a malformed reference, as the original does
        parsed = (path.seg_id, path.ele_idx - 1 if path.ele_idx is not None else None,
                  path.subele_idx - 1 if path.subele_idx is not None else None)
        if len(_REFDES) < 10_000:
            _REFDES[ref_des] = parsed
    seg_id, ele_idx, comp_idx = parsed
    if seg_id is not None and seg_id != self.seg_id:
        return ORIGINALS["_parse_refdes"](self, ref_des)  # raises the original's error
    return (ele_idx, comp_idx)


def reset_to_node(self, xpath) -> None:
    root = pyx12.nodeCounter.NodeCounter.makeX12Path(xpath).format().split("/")
    depth = len(root)
    for key in [k for k in self._dict if _is_child(root, depth, k.format().split("/"))]:
        del self._dict[key]


def _is_child(root: list[str], depth: int, child: list[str]) -> bool:
    """`X12Path.is_child_path` with the parent's parts given."""
    return depth < len(child) and child[:depth] == root


def install() -> bool:
    """Put the faster paths in place (once); False, leaving pyx12 as it is, for another pyx12 version."""
    if ORIGINALS:
        return True
    if getattr(pyx12, "__version__", None) != PYX12_VERSION:
        return False
    ORIGINALS.update(contains_control_character=pyx12.validation.contains_control_character,
                     _parse_refdes=pyx12.segment.Segment._parse_refdes,
                     reset_to_node=pyx12.nodeCounter.NodeCounter.reset_to_node)
    pyx12.validation.contains_control_character = contains_control_character
    pyx12.segment.Segment._parse_refdes = _parse_refdes
    pyx12.nodeCounter.NodeCounter.reset_to_node = reset_to_node
    return True
