"""The 837P writer on its own: records in, X12 out, every file validated by pyx12 (its error handler's list)."""
from dataclasses import replace
from datetime import date, datetime

import pytest

from officebill.core.edi import (
    ControlNumbers,
    claim_control_number,
    claim_id_from_control_number,
    line_control_number,
    parse_line_control_number,
)
from officebill.core.identifiers import check_npi
from officebill.core.money import Money
from officebill.core.records import ClaimFrequency, Relationship
from officebill.edi import x837p
from officebill.edi.segments import amount, text
from officebill.edi.validate import x12_errors
from officebill.edi.x837p import split_name, write_837p

from ..claims.conftest import make_full_claim
from .edi_office import PROFILE

NOW = datetime(2026, 11, 27, 9, 30)
CONTROLS = ControlNumbers(interchange=17, group=23)


def segments(content: str) -> list[list[str]]:
    return [seg.strip().split("*") for seg in content.split("~") if seg.strip()]


def find(content: str, seg_id: str, first: str | None = None) -> list[list[str]]:
    return [s for s in segments(content) if s[0] == seg_id and (first is None or s[1] == first)]


def written(*claims) -> str:
    content = write_837p(list(claims), PROFILE, CONTROLS, NOW, "B17").text
    assert x12_errors(content) == []
    return content


def test_a_full_claim_of_a_child_with_nine_lines_validates_with_every_loop():
    claim = make_full_claim(9)
    content = written(claim)
    assert find(content, "HL")[2] == ["HL", "3", "2", "23", "0"]  # 2000C: the patient is not the subscriber
    assert find(content, "PAT") == [["PAT", "19"]]
    assert find(content, "NM1", "QC")[0][3:5] == ["RIVERA", "SOFIA"]
    assert find(content, "NM1", "IL")[0][3:5] == ["RIVERA", "MARCO"]  # the subscriber is the father
    clm = find(content, "CLM")[0]
    assert clm[1] == claim_control_number("A1007", 501) == "A1007C501"
    assert clm[5] == "11:B:1"
    assert len(find(content, "LX")) == 9  # no six-line limit electronically
    assert find(content, "HI")[0][1:] == ["ABK:J020", "ABF:R509", "ABF:J069", "ABF:R059"]
    assert find(content, "REF", "G1") == [["REF", "G1", "PA20261102"]]
    assert find(content, "NM1", "DN")[0][3:5] == ["WHITFIELD", "DANA"]
    assert find(content, "NM1", "82")[0][-1] == "1467503722"  # rendering differs from the billing NPI
    assert find(content, "NM1", "77")  # the facility is not the billing address
    assert find(content, "LIN") == [["LIN", "", "N4", "00409123401"]]
    assert find(content, "CTP") == [["CTP", "", "", "", "2", "ML"]]
    assert find(content, "SBR")[1][:3] == ["SBR", "S", "19"]  # 2320: the other policy, secondary
    se = find(content, "SE")[0]
    st_at = [i for i, s in enumerate(segments(content)) if s[0] == "ST"][0]
    se_at = [i for i, s in enumerate(segments(content)) if s[0] == "SE"][0]
    assert int(se[1]) == se_at - st_at + 1
    assert find(content, "ISA")[0][13] == "000000017" and find(content, "IEA")[0][2] == "000000017"
    assert find(content, "GS")[0][6] == "23" and find(content, "GE")[0][1:] == ["1", "23"]


def test_clm02_is_the_sum_of_the_sv102_amounts():
    claim = make_full_claim(7)
    claim = replace(claim, lines=tuple(replace(line, charge=Money(10_001 + 7 * i)) for i, line in
                                       enumerate(claim.lines)))
    content = written(claim)
    clm02 = find(content, "CLM")[0][2]
    lines = [s[2] for s in find(content, "SV1")]
    assert clm02 == amount(Money.total(line.charge for line in claim.lines))
    assert sum(round(float(v) * 100) for v in lines) == round(float(clm02) * 100)


def test_a_patient_who_is_the_subscriber_has_no_patient_loop():
    claim = make_full_claim(2)
    claim = replace(claim, policy=replace(claim.policy, relationship=Relationship.SELF, insured=None),
                    other_policy=None, other_payer=None)
    content = written(claim)
    assert find(content, "HL")[1] == ["HL", "2", "1", "22", "0"]
    assert find(content, "SBR")[0][:3] == ["SBR", "P", "18"]
    assert not find(content, "PAT") and not find(content, "NM1", "QC")
    assert find(content, "DMG") == [["DMG", "D8", "20150409", "F"]]  # in 2010BA now


@pytest.mark.parametrize("frequency", [ClaimFrequency.REPLACEMENT, ClaimFrequency.VOID])
def test_corrected_and_void_claims_carry_the_payer_claim_number(frequency):
    claim = replace(make_full_claim(3), frequency=frequency, original_ref="ICN-2026-0042")
    content = written(claim)
    assert find(content, "CLM")[0][5] == f"11:B:{frequency.value}"
    assert find(content, "REF", "F8") == [["REF", "F8", "ICN20260042"]]
    assert not find(written(make_full_claim(3)), "REF", "F8")


def test_line_control_numbers_are_unique_and_read_back():
    first, second = make_full_claim(8), replace(make_full_claim(8), id=502)
    content = written(first, second)
    numbers = [s[2] for s in find(content, "REF", "6R")]
    assert len(numbers) == 16 and len(set(numbers)) == 16
    assert numbers[:2] == [line_control_number(501, 1), line_control_number(501, 2)] == ["501-1", "501-2"]
    assert parse_line_control_number("502-8") == (502, 8) and parse_line_control_number("X-1") is None
    assert written(first, second) == content  # the same claims give the same numbers (stable)


def test_the_claim_control_number_names_the_claim_and_fits_box_26():
    assert claim_id_from_control_number(claim_control_number("A1007", 42)) == 42
    long = claim_control_number("ACCOUNT-NUMBER-9999", 1234567)
    assert len(long) == 14 and claim_id_from_control_number(long) == 1234567
    assert claim_id_from_control_number("A1007") is None and claim_id_from_control_number("") is None


def test_every_npi_in_the_file_passes_its_check_digit():
    content = written(make_full_claim(4))
    npis = [s[9] for s in find(content, "NM1") if len(s) > 9 and s[8] == "XX"]
    assert len(npis) == 4 and all(check_npi(npi) is None for npi in npis)


def test_separators_in_the_data_never_break_the_file():
    claim = make_full_claim(1)
    claim = replace(claim, patient=replace(claim.patient, first_name="So*fia~", address=replace(
        claim.patient.address, line1="78 Elm Ct: Apt ^2")))
    content = written(claim)
    assert find(content, "NM1", "QC")[0][4] == "SO FIA"
    assert text("78 Elm Ct: Apt ^2") == "78 ELM CT APT 2"


def test_many_claims_are_split_into_transaction_sets(monkeypatch):
    monkeypatch.setattr(x837p, "MAX_CLAIMS_PER_SET", 2)
    claims = [replace(make_full_claim(2), id=600 + i) for i in range(5)]
    result = write_837p(claims, PROFILE, CONTROLS, NOW, "B17")
    assert x12_errors(result.text) == []
    assert [s[2] for s in find(result.text, "ST")] == ["0001", "0002", "0003"]
    assert find(result.text, "GE")[0][1] == "3"
    assert result.transaction_controls == {600: "0001", 601: "0001", 602: "0002", 603: "0002", 604: "0003"}


@pytest.mark.parametrize("breakage", [
    lambda t: t.replace("CLM*", "CLX*"),  # the claim loop is gone
    lambda t: t.replace("SE*", "SE*9", 1),  # the segment count is wrong
    lambda t: t.replace("GE*1*23", "GE*1*24"),  # the group control numbers disagree
    lambda t: t.replace("DMG*D8*20150409", "DMG*D8*20151309"),  # no 13th month
    lambda t: t.replace("*150*UN*", "*150*XX*", 1),  # not a unit code
    lambda t: t[: t.index("LX*2")],  # truncated
])
def test_the_validation_sees_a_broken_file(breakage):
    content = write_837p([make_full_claim(3)], PROFILE, CONTROLS, NOW, "B17").text
    assert x12_errors(content) == []
    assert x12_errors(breakage(content)) != []


def test_dates_of_a_range_and_providers_typed_in_other_shapes():
    claim = make_full_claim(1)
    claim = replace(claim, lines=(replace(claim.lines[0], to_date=date(2026, 11, 4)),))
    content = written(claim)
    assert find(content, "DTP", "472") == [["DTP", "472", "RD8", "20261102-20261104"]]
    assert split_name("Whitfield, Dana K") == ("Whitfield", "Dana")
    assert split_name("Dana K. Whitfield MD") == ("Whitfield", "Dana")


def test_an_ordering_provider_goes_on_each_line():
    claim = make_full_claim(2)
    claim = replace(claim, visit=replace(claim.visit, referring_qualifier="DK"))
    content = written(claim)
    assert len(find(content, "NM1", "DK")) == 2 and not find(content, "NM1", "DN")


def test_a_segment_refuses_an_element_holding_a_separator():
    from officebill.edi.segments import segment

    assert segment("REF", "6R", "42-1", "", "") == "REF*6R*42-1"
    for bad in ("A*B", "A~B", "A^B"):
        with pytest.raises(ValueError, match="separator"):
            segment("NM1", "85", bad)


def test_claim_dates_and_references_follow_the_guide_order():
    claim = replace(make_full_claim(1), frequency=ClaimFrequency.REPLACEMENT, original_ref="ICN1")
    claim = replace(claim, visit=replace(claim.visit, other_date_qualifier="090"))
    content = written(claim)
    claim_part = content[content.index("CLM*"):content.index("HI*")]
    assert [s[1] for s in find(claim_part, "DTP")] == ["431", "314", "435", "096", "090"]
    assert [s[1] for s in find(claim_part, "REF")] == ["G1", "F8"]
