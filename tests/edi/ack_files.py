"""999 and 277CA files written for the tests: a clearinghouse's answers to an 837P batch."""
from __future__ import annotations

from datetime import datetime

from officebill.edi.segments import Envelope, SegmentList, interchange, transaction_set

CREATED = datetime(2026, 4, 2, 12, 0)


def _file(functional_code: str, version: str, code: str, body: SegmentList, control: int) -> str:
    envelope = Envelope(sender_qualifier="ZZ", sender_id="CLEARHOUSE", receiver_qualifier="ZZ", receiver_id="MAPLEST",
                        interchange_control=control, group_control=control, functional_code=functional_code,
                        version=version, created=CREATED, production=True)
    return interchange(envelope, [transaction_set(code, "0001", version, body)])


def ack_999(group_control: int, sets: list[tuple[str, str]], control: int = 501) -> str:
    """A 999 answering our group `group_control`: (ST02, IK501) per transaction set; a rejected one carries
    an IK3/IK4 (a CLM segment with a bad element)."""
    body = SegmentList()
    body.add("AK1", "HC", str(group_control), "005010X222A1")
    for st02, result in sets:
        body.add("AK2", "837", st02, "005010X222A1")
        if result == "R":
            body.add("IK3", "CLM", "27", "2300", "8")
            body.add("IK4", "2", "782", "7", "ZZ")
        body.add("IK5", result, *(["5"] if result == "R" else []))
    accepted = sum(1 for _s, r in sets if r in "AE")
    body.add("AK9", "A" if accepted == len(sets) else ("P" if accepted else "R"), str(len(sets)), str(len(sets)),
             str(accepted))
    return _file("FA", "005010X231A1", "999", body, control)


def ack_277ca(claims: list[tuple[str, str]], control: int = 601) -> str:
    """A 277CA: (our CLM01, STC01 such as 'A2:20' or 'A7:562:85') per claim."""
    body = SegmentList()
    body.add("BHT", "0085", "08", "CH0001", "20260402", "1200", "TH")
    body.add("HL", "1", "", "20", "1")
    body.add("NM1", "AY", "2", "CLEARHOUSE", "", "", "", "", "46", "CH123")
    body.add("TRN", "1", "CH0001")
    body.add("DTP", "050", "D8", "20260402")
    body.add("DTP", "009", "D8", "20260402")
    body.add("HL", "2", "1", "21", "1")
    body.add("NM1", "41", "2", "MAPLE STREET FAMILY MEDICINE", "", "", "", "", "46", "SUB123")
    body.add("TRN", "2", "BATCH1")
    body.add("STC", "A1:19", "20260402", "WQ", "170")
    body.add("HL", "3", "2", "19", "1")
    body.add("NM1", "85", "2", "MAPLE STREET FAMILY MEDICINE", "", "", "", "", "XX", "1234567893")
    body.add("TRN", "1", "0")
    body.add("STC", "A1:19", "", "WQ", "170")
    body.add("REF", "TJ", "371234567")
    hl = 3
    for control_number, status in claims:
        hl += 1
        body.add("HL", str(hl), "3", "PT")
        body.add("NM1", "QC", "1", "RIVERA", "SOFIA", "", "", "", "MI", "XG1234")
        body.add("TRN", "2", control_number)
        accepted = status.split(":")[0] in ("A1", "A2")
        body.add("STC", status, "20260402", "WQ" if accepted else "U", "170")
        if accepted:
            body.add("REF", "1K", f"ICN{control_number}")
        body.add("DTP", "472", "D8", "20260302")
    return _file("HN", "005010X214", "277", body, control)
