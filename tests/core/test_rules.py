"""Rules with one home in core: claim-form limits, line charge and dates, claim status and frequency."""
from dataclasses import replace
from datetime import date

import pytest

from officebill.core import validation
from officebill.core.claim import Claim
from officebill.core.limits import MAX_DIAGNOSES, MAX_FEE, MAX_LINE_CHARGE, MAX_UNITS, POINTER_LETTERS
from officebill.core.money import Money
from officebill.core.records import (
    ClaimFrequency,
    ClaimStatus,
    NdcUnit,
    Procedure,
    ProcedureSystem,
    ServiceLine,
    Visit,
    line_charge,
    pointer_letter,
)
from officebill.core.serialize import from_plain, to_plain

DAY = date(2026, 3, 2)


def test_the_form_holds_twelve_diagnoses_a_to_l():
    """Box 21 holds twelve diagnoses, A to L: the save accepts twelve and a line pointing at L, refuses a
    thirteenth, and the form prints the letters."""
    from officebill.claims.cms1500 import pointer_letters

    twelve = tuple(f"Z{i:02d}" for i in range(12))
    full = replace(_visit(pointers=(1, 12)), diagnoses=twelve)
    assert validation.visit_problems(full, DAY) == []
    assert _fields(validation.visit_problems(replace(full, diagnoses=twelve + ("Z12",)), DAY)) == {"diagnoses"}
    assert _fields(validation.visit_problems(_visit(pointers=(2,)), DAY)) == {"lines[0].pointers"}  # only A entered
    assert "".join(pointer_letter(i) for i in range(1, MAX_DIAGNOSES + 1)) == POINTER_LETTERS == "ABCDEFGHIJKL"
    assert pointer_letters((1, 12), 12) == "AL" and pointer_letters((12,), 11) == ""


@pytest.mark.parametrize("status,void,correct,unprinted,current,printable,sent,label", [
    (ClaimStatus.DRAFT, True, False, True, True, False, False, "needs attention"),
    (ClaimStatus.READY, True, False, True, True, True, False, "ready"),
    (ClaimStatus.PRINTED, True, True, False, True, True, True, "printed"),
    (ClaimStatus.VOID, False, False, False, False, False, False, "void"),
    (ClaimStatus.REPLACED, False, False, False, False, False, True, "replaced"),
])
def test_what_each_claim_status_allows(status, void, correct, unprinted, current, printable, sent, label):
    assert (status.can_void, status.can_correct, status.is_unprinted, status.is_current,
            status.can_print, status.was_sent, status.label) == (
        void, correct, unprinted, current, printable, sent, label)


def test_status_groups_for_queries():
    assert ClaimStatus.unprinted() == (ClaimStatus.DRAFT, ClaimStatus.READY)
    assert ClaimStatus.current() == (ClaimStatus.DRAFT, ClaimStatus.READY, ClaimStatus.PRINTED, ClaimStatus.SENT)


def test_claim_frequency_is_an_enum_that_still_reads_as_its_code():
    assert [f.value for f in ClaimFrequency] == ["1", "7", "8"]
    assert ClaimFrequency.REPLACEMENT == "7" and f"{ClaimFrequency.VOID}" == "8"
    assert [f.label for f in ClaimFrequency] == ["original", "replacement (7)", "void (8)"]
    assert [f.is_resubmission for f in ClaimFrequency] == [False, True, True]


def test_a_claim_holds_its_vocabularies_as_enums_whatever_it_was_given():
    claim = replace(Claim(), frequency="7", status="printed")  # as a stored row gives them
    assert claim.frequency is ClaimFrequency.REPLACEMENT and claim.status is ClaimStatus.PRINTED
    assert from_plain(Claim, to_plain(claim)) == claim
    assert to_plain(claim)["frequency"] == "7"
    with pytest.raises(ValueError):
        replace(claim, frequency="9")


def test_ndc_units_have_one_list():
    assert [(u.value, u.label) for u in NdcUnit] == [
        ("F2", "International unit"), ("GR", "Gram"), ("ME", "Milligram"), ("ML", "Milliliter"), ("UN", "Unit")]


@pytest.mark.parametrize("code,system", [("99213", "CPT"), ("0591T", "CPT"), ("J1885", "HCPCS"),
                                         ("g0439", "HCPCS"), ("", "CPT")])
def test_procedure_system_from_the_code(code, system):
    assert ProcedureSystem.for_code(code) == system


def test_line_charge_is_fee_times_units():
    assert line_charge(Money(1250), 3) == Money(3750)
    assert Procedure(charge=Money(1200), units=2).line_charge() == Money(2400)
    assert Procedure(charge=Money(1200), units=2).line_charge(5) == Money(6000)


def test_blank_line_dates_follow_the_date_of_service():
    line = ServiceLine(code="99213")
    assert line.with_default_dates(DAY) == replace(line, from_date=DAY, to_date=DAY)
    own = ServiceLine(from_date=date(2026, 3, 1))
    assert own.with_default_dates(DAY) == replace(own, to_date=date(2026, 3, 1))
    full = ServiceLine(from_date=date(2026, 3, 1), to_date=DAY)
    assert full.with_default_dates(date(2020, 1, 1)) is full
    assert ServiceLine().with_default_dates(None) == ServiceLine()
    visit = Visit(service_date=DAY, lines=(line, own))
    assert visit.with_default_line_dates().lines == (line.with_default_dates(DAY), own.with_default_dates(DAY))


def _visit(**line):
    return Visit(patient_id=1, provider_id=1, service_date=DAY, diagnoses=("I10",),
                 lines=(ServiceLine(from_date=DAY, code="99213", charge=Money(100), **line),))


def _fields(problems):
    return {p.field for p in problems}


def test_a_pointer_past_twelve_diagnoses_is_a_problem_not_a_crash():
    visit = replace(_visit(pointers=(14,)), diagnoses=tuple(f"Z{i:02d}" for i in range(13)))
    assert {"diagnoses", "lines[0].pointers"} <= _fields(validation.visit_problems(visit, DAY))


def test_a_visit_line_fits_the_form():
    assert validation.visit_problems(_visit(units=MAX_UNITS), DAY) == []
    assert _fields(validation.visit_problems(_visit(units=MAX_UNITS + 1), DAY)) == {"lines[0].units"}
    too_much = replace(_visit(), lines=(replace(_visit().lines[0], charge=MAX_LINE_CHARGE + Money(1)),))
    assert _fields(validation.visit_problems(too_much, DAY)) == {"lines[0].charge"}


def test_a_visit_line_ndc_is_checked_on_save():
    assert validation.visit_problems(_visit(ndc="00409-1234-01", ndc_unit="ML", ndc_quantity="2"), DAY) == []
    assert _fields(validation.visit_problems(_visit(ndc="1234-5678", ndc_unit="MG"), DAY)) == {
        "lines[0].ndc", "lines[0].ndc_unit", "lines[0].ndc_quantity"}
    assert _fields(validation.visit_problems(_visit(ndc_quantity="2"), DAY)) == {"lines[0].ndc"}


def test_a_procedure_fee_fits_a_claim_line():
    ok = Procedure(code="99213", label="Visit", charge=MAX_FEE)
    assert validation.procedure_problems(ok) == []
    assert _fields(validation.procedure_problems(replace(ok, charge=MAX_FEE + Money(1)))) == {"charge"}
    assert _fields(validation.procedure_problems(replace(ok, charge=Money(2**70)))) == {"charge"}
    assert _fields(validation.procedure_problems(replace(ok, charge=Money(1), units=MAX_UNITS + 1))) == {"units"}
    assert _fields(validation.procedure_problems(replace(ok, charge=Money(50000), units=200))) == {"units"}
    assert _fields(validation.procedure_problems(replace(ok, label="x" * 251))) == {"label"}


def test_a_visit_is_tidied_as_saved():
    visit = Visit(service_date=DAY, diagnoses=(" e11.9 ", "", "i10"), lines=(
        ServiceLine(line_no=7, code=" 99213 ", modifiers=(" 25", "")),
        ServiceLine(code="j1885", from_date=date(2026, 3, 1), ndc="0409-1234-01", ndc_unit=" ml", ndc_quantity="2.0"),
    ))
    tidy = visit.tidied()
    assert tidy.diagnoses == ("E11.9", "I10")
    assert [(l.line_no, l.code, l.modifiers, l.from_date, l.to_date) for l in tidy.lines] == [
        (1, "99213", ("25",), DAY, DAY), (2, "J1885", (), date(2026, 3, 1), date(2026, 3, 1))]
    assert (tidy.lines[1].ndc, tidy.lines[1].ndc_unit, tidy.lines[1].ndc_quantity) == ("00409123401", "ML", "2")
    assert tidy.tidied() == tidy
