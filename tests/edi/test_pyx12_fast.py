"""pyx12's faster paths (edi/pyx12_fast) give exactly what the originals give, errors included."""
from __future__ import annotations

import pytest
import pyx12
import pyx12.nodeCounter
import pyx12.segment
import pyx12.validation

from officebill.edi import pyx12_fast, x12read  # noqa: F401 - importing x12read installs the faster paths

pytestmark = pytest.mark.skipif(pyx12.__version__ != pyx12_fast.PYX12_VERSION,
                                reason="the faster paths are installed only for the pyx12 they were written for")


def test_installed():
    assert pyx12.validation.contains_control_character is pyx12_fast.contains_control_character
    assert pyx12.segment.Segment._parse_refdes is pyx12_fast._parse_refdes
    assert pyx12.nodeCounter.NodeCounter.reset_to_node is pyx12_fast.reset_to_node


def test_control_characters_found_as_the_original_finds_them():
    original = pyx12_fast.ORIGINALS["contains_control_character"]
    texts = [chr(code) for code in range(256)] + ["", "OKAFOR", "12.50", "A\x07B\x01", "x\x1fy", "tab\there"]
    texts += [f"AB{chr(code)}CD" for code in range(32)]
    for text in texts:
        assert pyx12_fast.contains_control_character(text) == original(text), repr(text)


def _outcome(call):
    try:
        return call()
    except Exception as exc:  # the same error as the original is the point
        return type(exc), str(exc)


def test_references_parsed_as_the_original_parses_them():
    original = pyx12_fast.ORIGINALS["_parse_refdes"]
    refs = ["CLP01", "CLP07", "SVC01-2", "SVC01-7", "01", "03-1", "NM101", "CAS19", "REF02", "XX01", "CLP", "",
            "clp01", "CLP1", "CLP01-", "SVC0A", "N1[PR]01", "/ISA_LOOP/CLP01"]
    for text in ("CLP*A1*1*170*80~", "SVC*HC:99213:25*150*70~", "NM1*QC*1*RIVERA*SOFIA~"):
        segment = pyx12.segment.Segment(text, "~", "*", ":")
        for _ in range(2):  # the second time from what was kept
            for ref in refs:
                assert _outcome(lambda: segment._parse_refdes(ref)) == _outcome(lambda: original(segment, ref)), ref
                assert _outcome(lambda: segment.get_value(ref)) == _outcome(
                    lambda: _value_by_original(segment, ref, original)), ref


def _value_by_original(segment, ref, original):
    fast = pyx12.segment.Segment._parse_refdes
    pyx12.segment.Segment._parse_refdes = original
    try:
        return segment.get_value(ref)
    finally:
        pyx12.segment.Segment._parse_refdes = fast


def test_counts_below_a_node_reset_as_the_original_resets_them():
    original = pyx12_fast.ORIGINALS["reset_to_node"]
    paths = ["/ISA_LOOP", "/ISA_LOOP/ISA", "/ISA_LOOP/GS_LOOP", "/ISA_LOOP/GS_LOOP/GS", "/ISA_LOOP/GS_LOOP/ST_LOOP",
             "/ISA_LOOP/GS_LOOP/ST_LOOP/DETAIL/2000/2100", "/ISA_LOOP/GS_LOOP/ST_LOOP/DETAIL/2000/2100/CLP",
             "/ISA_LOOP/GS_LOOP/ST_LOOP/DETAIL/2000/2100/2110/SVC", "/ISA_LOOP/GS_LOOP/ST_LOOPX/SE",
             "/ISA_LOOP/GS_LOOP/ST_LOOP/DETAIL/2000/LX"]
    for node in ["/ISA_LOOP", "/ISA_LOOP/GS_LOOP", "/ISA_LOOP/GS_LOOP/ST_LOOP", "/ISA_LOOP/GS_LOOP/ST_LOOP/DETAIL/2000",
                 "/ISA_LOOP/GS_LOOP/ST_LOOP/DETAIL/2000/2100", "/ISA_LOOP/GS_LOOP/ST_LOOP/DETAIL/2000/LX", "/OTHER"]:
        fast, slow = (pyx12.nodeCounter.NodeCounter({path: n for n, path in enumerate(paths, 1)}) for _ in range(2))
        fast.reset_to_node(node)
        original(slow, node)
        assert fast.getState() == slow.getState(), node
