"""Bad 835 files: each refused with a message naming the segment and its line, and nothing posted."""
from __future__ import annotations

from datetime import date

import pytest

from officebill.core.problems import ValidationFailed
from officebill.edi.x835 import read_835

from .era_files import Clp, Svc, answer, era
from .remit_office import TODAY, books_state, claim_of, write


def sample(**kwargs) -> str:
    lines = [Svc("99213", 150, 70, date(2026, 3, 2), "5-1", allowed=90, cas=[("CO", "45", 60), ("PR", "1", 20)]),
             Svc("36415", 20, 10, date(2026, 3, 2), "5-2", allowed=10, cas=[("CO", "45", 10)])]
    return era([Clp("A1001C5", 170, 80, patient=20, lines=lines)], **kwargs)


def refused(content) -> str:
    with pytest.raises(ValidationFailed) as caught:
        read_835(content)
    return str(caught.value)


def test_a_whole_file_reads():
    remittance = read_835(sample(plb=[("L6", "INT", -1.25)]))
    assert (remittance.amount.cents, remittance.trace_number, remittance.payee_npi) == (8125, "EFT20260401",
                                                                                       "1234567893")
    (claim,) = remittance.claims
    assert [(s.code, s.control, s.allowed.cents, [a.reason for a in s.adjustments]) for s in claim.services] == [
        ("99213", "5-1", 9000, ["45", "1"]), ("36415", "5-2", 1000, ["45"])]
    assert claim.line == 14 and claim.services[1].line == 22


@pytest.mark.parametrize("cut", [0.5, 0.9, -5])
def test_truncated(cut):
    text = sample()
    message = refused(text[: int(len(text) * cut)] if cut > 0 else text[:cut])
    assert "end of file (after line" in message and "cut short" in message


def test_not_x12():
    assert "ISA (line 1)" in refused("Dear doctor, your payment is attached.\n")
    assert "not plain text" in refused(b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n")
    assert "empty" in refused("")
    assert "interchange header cannot be read" in refused("ISA*00*short~")


def test_wrong_version_or_transaction():
    assert "GS (line 2)" in refused(sample(version="004010X091A1"))
    message = refused(sample().replace("GS*HP", "GS*HC").replace("005010X221A1", "005010X222A1"))
    assert "GS (line 2)" in message and "HC 005010X222A1" in message
    assert "ISA (line 1)" in refused(sample().replace("*00501*", "*00401*", 1))


def test_duplicate_claims():
    clp = Clp("A1001C5", 20, 10, lines=[Svc("36415", 20, 10, date(2026, 3, 2), "5-2", cas=[("CO", "45", 10)])])
    message = refused(era([clp, clp]))  # CLP at lines 14 and 20
    assert "CLP (line 20)" in message and "twice" in message and "first at line 14" in message


def test_amounts_that_do_not_balance():
    message = refused(sample(total="85.00"))
    assert "BPR (line 4)" in message and "should be $80.00" in message


def test_bad_amount_and_unknown_segment_name_their_line():
    assert "CLP (line 14)" in refused(sample().replace("CLP*A1001C5*1*170*", "CLP*A1001C5*1*17x0*"))
    message = refused(sample().replace("LX*1~\n", "LX*1~\nFOO*BAR~\n"))
    assert "FOO (line 14)" in message


def test_refused_files_post_nothing(books, tmp_path):
    office, claim = books.office, claim_of(books)
    clp = answer(claim, [(100, [("CO", "45", 50)]), (20, [])])
    good = era([clp])
    before = books_state(office)
    for bad in (good[: len(good) // 2], era([clp], total=1), good.replace("GS*HP", "GS*HC"),
                era([clp, clp]), era([clp], npi="1093817465")):
        with pytest.raises(ValidationFailed):
            office.remittances.import_835(write(tmp_path, bad), today=TODAY)
        assert books_state(office) == before
    with pytest.raises(ValidationFailed) as missing:
        office.remittances.import_835(tmp_path / "nowhere.835", today=TODAY)
    assert "nowhere.835" in str(missing.value)
