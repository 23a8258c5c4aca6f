"""Payer and claim rules of issue 11 on records (no database): Medicare IDs must be MBIs, a Medicare claim with a
Medicaid secondary asks nothing of boxes 9-9d and prints them and 11d blank, timely filing limits by payer, a
printed claim whose policy changed, and overrides applied only to overridable rules."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from officebill.claims.cms1500 import box_values, shows_other_plan
from officebill.claims.scrubber import ERROR, WARNING, has_errors, registered_rule, scrub
from officebill.core.identifiers import check_mbi
from officebill.core.records import ClaimFrequency, ClaimStatus, PlanType
from officebill.core.timely_filing import deadline, default_days, limit_days
from tests.claims.conftest import DOS, make_full_claim
from tests.claims.test_scrubber import CODES, medicare, medigap

TODAY = date(2026, 11, 10)


def _findings(claim, today=TODAY, **kwargs):
    return scrub(claim, CODES, today=today, **kwargs)


def _of(findings, rule):
    return [f for f in findings if f.rule == rule]


# --- Medicare IDs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("member_id, says", [
    ("123456789A", "old Medicare number"),  # HICN: SSN + beneficiary code
    ("123456789C1", "old Medicare number"),
    ("A123456", "old Medicare number"),  # railroad retirement number
    ("1EG4TE5MK7S", None),  # wrong shape (position 11 a digit)
    ("1SG4TE5MK73", "S"),  # forbidden letters
    ("1EG4TE5ML73", "L"),
    ("1EG4TO5MK73", "O"),
    ("1EG4TE5MI73", "I"),
    ("1EB4TE5MK73", "B"),
    ("1EG4TE5MZ73", "Z"),
    ("0EG4TE5MK73", "11 characters like"),  # position 1 is 1-9
    ("1EG4TE5MK7", "11 characters like"),
])
def test_a_medicare_claim_without_an_mbi_is_an_error(member_id, says):
    claim = replace(medicare(make_full_claim()), policy=replace(medicare(make_full_claim()).policy,
                                                                  member_id=member_id))
    (finding,) = _of(_findings(claim), "medicare.member_id")
    assert finding.severity == ERROR and finding.box == "1a" and finding.field == "policy.member_id"
    assert says is None or says in finding.message
    assert has_errors(_findings(claim))


@pytest.mark.parametrize("mbi", ["1EG4TE5MK73", "9AA0AA0AA00", "1eg4te5mk73", "5C09Y77RT42"])
def test_well_formed_mbis_pass(mbi):
    assert check_mbi(mbi) is None
    claim = medicare(make_full_claim())
    assert _of(_findings(replace(claim, policy=replace(claim.policy, member_id=mbi))), "medicare.member_id") == []


def test_a_commercial_payers_id_is_not_held_to_the_mbi_format():
    claim = make_full_claim()
    assert _of(_findings(replace(claim, policy=replace(claim.policy, member_id="123456789A"))),
               "medicare.member_id") == []


# --- Medicare primary, Medicaid secondary ---------------------------------------------------------------


def _medi_medi(member_id="IL-0099-887"):
    claim = medicare(make_full_claim())
    medicaid = replace(claim.other_payer, name="Illinois Medicaid", plan_type=PlanType.MEDICAID, payer_id="IL621")
    return replace(claim, other_payer=medicaid, other_policy=replace(claim.other_policy, member_id=member_id,
                                                                     plan_name=""))


@pytest.mark.parametrize("member_id", ["IL-0099-887", "", "998877665"])
def test_medicare_with_a_medicaid_secondary_has_no_other_insurance_finding(member_id):
    claim = _medi_medi(member_id)
    assert not shows_other_plan(claim)
    assert _findings(claim) == []


def test_medicare_with_a_medicaid_secondary_leaves_9_to_9d_and_11d_blank_and_marks_both_in_box_1():
    values = box_values(_medi_medi())
    assert not any(key in values for key in ("9", "9a", "9d", "11d_yes", "11d_no"))
    assert values["1_medicare"] == "X" and values["1_medicaid"] == "X"
    assert values["11"] == "NONE"


def test_a_medigap_policy_still_needs_its_boxes():
    claim = medigap("55123")(make_full_claim())
    assert shows_other_plan(claim)
    bad = replace(claim, other_policy=replace(claim.other_policy, member_id=""))
    assert [f.field for f in _of(_findings(bad), "other_insurance")] == ["other_policy.member_id"]
    assert box_values(claim)["9a"].startswith("MEDIGAP")


def test_a_commercial_claim_with_another_plan_still_needs_its_boxes():
    claim = make_full_claim()
    bad = replace(claim, other_policy=replace(claim.other_policy, member_id=""))
    assert _of(_findings(bad), "other_insurance")
    assert box_values(claim)["11d_yes"] == "X"


# --- timely filing --------------------------------------------------------------------------------------


def _on(claim, day):
    return replace(claim, visit=replace(claim.visit, service_date=day),
                   lines=tuple(replace(line, from_date=day, to_date=day) for line in claim.lines))


def test_default_limits_by_coverage_type():
    assert default_days(PlanType.MEDICARE) == 365 and default_days(PlanType.GROUP) == 180
    claim = make_full_claim()
    assert limit_days(claim.payer) == 180
    assert limit_days(replace(claim.payer, timely_filing_days=90)) == 90
    medicare_payer = replace(claim.payer, plan_type=PlanType.MEDICARE)
    assert deadline(medicare_payer, date(2026, 1, 15)) == date(2027, 1, 15)
    assert deadline(medicare_payer, date(2027, 3, 1)) == date(2028, 3, 1)  # one calendar year, 366 days
    assert deadline(medicare_payer, date(2028, 2, 29)) == date(2029, 3, 1)
    assert deadline(claim.payer, date(2027, 3, 1)) == date(2027, 8, 28)  # 180 days


@pytest.mark.parametrize("days_before, expected", [
    (149, None), (150, WARNING), (180, WARNING), (181, ERROR), (400, ERROR),
])
def test_timely_filing_warns_in_the_last_30_days_and_is_an_error_once_passed(days_before, expected):
    claim = _on(make_full_claim(), TODAY - timedelta(days=days_before))
    found = _of(_findings(claim), "payer.timely_filing")
    assert [f.severity for f in found] == ([expected] if expected else [])
    for finding in found:
        assert finding.box == "24A" and finding.field == "visit.service_date" and finding.overridable


def test_medicare_has_a_year_and_a_payers_own_limit_wins():
    claim = _on(medicare(make_full_claim()), TODAY - timedelta(days=300))
    assert _of(_findings(claim), "payer.timely_filing") == []
    assert _of(_findings(_on(claim, TODAY - timedelta(days=366))), "payer.timely_filing")[0].severity == ERROR
    own = replace(make_full_claim(), payer=replace(make_full_claim().payer, timely_filing_days=90))
    assert _of(_findings(_on(own, TODAY - timedelta(days=91))), "payer.timely_filing")[0].severity == ERROR


def test_the_earliest_line_date_counts():
    claim = make_full_claim()
    old = replace(claim, lines=(replace(claim.lines[0], from_date=TODAY - timedelta(days=200),
                                        to_date=TODAY - timedelta(days=200)),) + claim.lines[1:])
    assert _of(_findings(old), "payer.timely_filing")[0].severity == ERROR


def test_corrected_claims_only_warn_voids_and_printed_claims_have_no_limit():
    late = _on(make_full_claim(), TODAY - timedelta(days=200))
    corrected = replace(late, frequency=ClaimFrequency.REPLACEMENT, original_ref="ICN1")
    assert [f.severity for f in _of(_findings(corrected), "payer.timely_filing")] == [WARNING]
    void = replace(late, frequency=ClaimFrequency.VOID, original_ref="ICN1")
    assert _of(_findings(void), "payer.timely_filing") == []
    printed = replace(late, status=ClaimStatus.PRINTED, printed=TODAY - timedelta(days=190))
    assert _of(_findings(printed), "payer.timely_filing") == []


# --- overrides ------------------------------------------------------------------------------------------


def test_an_override_applies_to_an_overridable_rule_on_its_field_only():
    late = _on(make_full_claim(), TODAY - timedelta(days=200))
    reason = "Retroactive eligibility, payer letter on file"
    (finding,) = _of(_findings(late, overrides={("payer.timely_filing", "visit.service_date"): reason}),
                     "payer.timely_filing")
    assert finding.overridden and finding.overridden_reason == reason and not finding.is_error
    assert finding.severity == ERROR and reason in str(finding)
    overridden = _findings(late, overrides={("payer.timely_filing", "visit.service_date"): reason})
    assert has_errors(_findings(late)) and not has_errors([f for f in overridden if f.rule == "payer.timely_filing"])
    # another field: not overridden
    (other,) = _of(_findings(late, overrides={("payer.timely_filing", "lines[0].from_date"): reason}),
                   "payer.timely_filing")
    assert other.is_error and not other.overridden


def test_an_override_of_a_rule_that_allows_none_is_ignored():
    claim = replace(make_full_claim(), practice=replace(make_full_claim().practice, phone="555"))
    (finding,) = _of(_findings(claim, overrides={("practice.phone", "practice.phone"): "we know it is fine"}),
                     "practice.phone")
    assert finding.is_error and not finding.overridden and not finding.overridable
    assert registered_rule("practice.phone").overridable is False


# --- a printed claim whose policy changed -------------------------------------------------------------------


def test_policy_changed_only_for_printed_or_sent_claims():
    claim = make_full_claim()
    ended = replace(claim.policy, end=DOS - timedelta(days=1))
    for status in (ClaimStatus.PRINTED, ClaimStatus.SENT):
        (finding,) = _of(_findings(replace(claim, status=status), current_policy=ended), "policy.changed")
        assert finding.severity == WARNING and finding.field == "policy.end"
    for status in (ClaimStatus.DRAFT, ClaimStatus.READY, ClaimStatus.VOID, ClaimStatus.REPLACED):
        assert _of(_findings(replace(claim, status=status), current_policy=ended), "policy.changed") == []
    same = replace(claim.policy, copay=claim.policy.copay + claim.policy.copay)  # the copay is not on the claim
    assert _of(_findings(replace(claim, status=ClaimStatus.PRINTED), current_policy=same), "policy.changed") == []


def _paid_on(claim, day):
    return replace(claim, prior_payments=tuple(
        replace(p, lines=tuple(replace(line, paid_date=day) for line in p.lines)) for p in claim.prior_payments))


def test_a_secondary_claims_limit_counts_from_the_earlier_payers_payment():
    from tests.claims.test_scrubber import secondary

    follows = secondary(_on(make_full_claim(), TODAY - timedelta(days=250)))  # 250 days: past 180 from the service
    assert _of(_findings(_paid_on(follows, TODAY - timedelta(days=190))), "payer.timely_filing")[0].severity == ERROR
    assert _of(_findings(_paid_on(follows, TODAY - timedelta(days=60))), "payer.timely_filing") == []
    (late,) = _of(_findings(_paid_on(follows, TODAY - timedelta(days=190))), "payer.timely_filing")
    assert "after the earlier payer's payment" in late.message
    unpaid = _paid_on(follows, None)  # no payment date known: counted from the service
    assert "after the date of service" in _of(_findings(unpaid), "payer.timely_filing")[0].message


# --- who pays first ---------------------------------------------------------------------------------------


def test_medicaid_and_medigap_are_never_billed_before_the_plan_that_pays_first():
    claim = make_full_claim()
    medicaid_first = replace(claim, payer=replace(claim.payer, plan_type=PlanType.MEDICAID))
    (finding,) = _of(_findings(medicaid_first), "coordination.order")
    assert (finding.severity, finding.box, finding.field) == (ERROR, "1", "policy.priority")
    assert "Medicaid pays last" in finding.message and claim.other_payer.name in finding.message
    medigap_first = replace(claim, policy=replace(claim.policy, plan_name="Medigap Plan G"),
                            other_payer=replace(claim.other_payer, plan_type=PlanType.MEDICARE, name="Medicare"))
    assert "only after Medicare" in _of(_findings(medigap_first), "coordination.order")[0].message
    # Medicaid after another plan, Medicare before Medigap or Medicaid, two Medicaid plans: in order.
    two_medicaid = replace(medicaid_first, other_payer=replace(claim.other_payer, plan_type=PlanType.MEDICAID))
    for fine in (_medi_medi(), medigap("55123")(make_full_claim()), two_medicaid):
        assert _of(_findings(fine), "coordination.order") == []


def test_the_one_pointer_instruction_is_for_medicare_paper_claims_only():
    claim = replace(medicare(make_full_claim()), lines=tuple(replace(line, pointers=(1, 2))
                                                           for line in medicare(make_full_claim()).lines))
    assert _of(_findings(claim), "medicare.single_pointer")
    assert _of(_findings(claim, electronic=True), "medicare.single_pointer") == []
