"""Claims through the facade, issue 11 (payers and claims): overrides with a reason, a policy changed after the
claim was made, corrected claims in the duplicate check, billing a voided claim's visit again, timely filing
limits, and the CLI commands on top."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest

from officebill.cli import main
from officebill.core.problems import UserError, ValidationFailed
from officebill.core.records import ClaimFrequency, ClaimStatus
from officebill.demo import PAYERS, PRACTICE, PROVIDERS
from officebill.office import Office
from tests.billing.money_office import DOS, TODAY, add_patient, add_visit

MADE = date(2026, 3, 10)
LATE = DOS + timedelta(days=200)  # past Blue Cross's default limit (a group plan: 180 days after the service)
REASON = "Payer granted an exception in writing: retroactive eligibility letter on file"


@pytest.fixture
def office(tmp_path, codes_db):
    (tmp_path / "codes.db").symlink_to(codes_db)
    with Office.create(tmp_path / "office.db") as made:
        made.setup.save_practice(PRACTICE)
        yield made


def _visit(office, payer=PAYERS[2], day=DOS):
    provider = office.setup.save_provider(PROVIDERS[0]).value
    saved = office.setup.save_payer(payer).value
    patient, policies = add_patient(office, saved.id, None)
    office.patients.save(replace(patient, signature_on_file=True), policies)
    visit = add_visit(office, patient.id, provider.id, day=day)
    visit = office.visits.save(replace(visit, lines=tuple(replace(line, pointers=(1,)) for line in visit.lines)),
                               TODAY).value
    return patient, policies[0], visit


def _late_claim(office):
    _, policy, visit = _visit(office)
    claim = office.claims.make([visit.id], today=LATE).value.made[0]
    return policy, visit, claim


def _rules(findings):
    return {f.rule for f in findings}


def _print(office, claim_id, today=MADE):
    return office.printing.print_claims([claim_id], mode="red", today=today, deliver=lambda pdf: None).value[1][0]


# --- overrides ----------------------------------------------------------------------------------------


def test_an_overridable_error_is_overridden_with_a_reason_and_the_claim_becomes_ready(office):
    _, visit, claim = _late_claim(office)
    assert claim.status is ClaimStatus.DRAFT
    (late,) = [f for f in office.claims.check([claim.id], today=LATE).value[claim.id] if f.rule == "payer.timely_filing"]
    assert late.is_error and late.overridable and not late.overridden

    kept = office.claims.override(claim.id, "payer.timely_filing", None, f"  {REASON} ", today=LATE).value
    assert (kept.visit_id, kept.rule, kept.field, kept.reason) == (visit.id, "payer.timely_filing",
                                                                   "visit.service_date", REASON)
    assert kept.who and kept.at is not None
    assert office.claims.get(claim.id).status is ClaimStatus.READY  # checked again in the same transaction
    (late,) = [f for f in office.claims.check([claim.id], today=LATE).value[claim.id] if f.rule == "payer.timely_filing"]
    assert late.overridden and late.overridden_reason == REASON and not late.is_error and late.severity == "error"
    assert office.claims.overrides(claim.id) == [kept]
    notes = [event.note for event in office.claims.history(claim.id)]
    assert any("payer.timely_filing" in note and REASON in note for note in notes)
    # The audit trail holds the override row, reason and all.
    audit = office.claims._stores.claims.db.execute(
        "SELECT action, after FROM audit WHERE tbl = 'finding_overrides'").fetchall()
    assert [action for action, _ in audit] == ["insert"] and REASON in audit[0][1]
    # Printing is no longer blocked.
    assert _print(office, claim.id, today=LATE).status is ClaimStatus.PRINTED


def test_withdrawing_an_override_blocks_the_claim_again(office):
    _, _, claim = _late_claim(office)
    office.claims.override(claim.id, "payer.timely_filing", "visit.service_date", REASON, today=LATE)
    gone = office.claims.withdraw_override(claim.id, "payer.timely_filing", today=LATE).value
    assert gone.reason == REASON and office.claims.overrides(claim.id) == []
    assert office.claims.get(claim.id).status is ClaimStatus.DRAFT
    assert any("withdrawn" in event.note for event in office.claims.history(claim.id))
    with pytest.raises(UserError, match="nothing to withdraw"):
        office.claims.withdraw_override(claim.id, "payer.timely_filing")


def test_an_override_follows_the_visit_to_the_claim_made_again(office):
    _, visit, claim = _late_claim(office)
    office.claims.override(claim.id, "payer.timely_filing", None, REASON, today=LATE)
    office.claims.void(claim.id, today=LATE)
    again = office.claims.bill_again(claim.id, today=LATE).value
    assert again.id != claim.id and again.visit.id == visit.id and again.status is ClaimStatus.READY


def test_a_rule_the_guidelines_do_not_let_anyone_override_is_refused_naming_the_guideline(office):
    _, _, claim = _late_claim(office)
    with pytest.raises(UserError, match=r"cannot be overridden.*I\.A\.12\.a.*Source: cms1500\.md"):
        office.claims.override(claim.id, "practice.phone", None, REASON)
    with pytest.raises(UserError, match="no scrubber rule 'no.such.rule'"):
        office.claims.override(claim.id, "no.such.rule", None, REASON)
    assert office.claims.overrides(claim.id) == []


@pytest.mark.parametrize("reason", ["", "ok", "unrelated", "not related"])
def test_an_override_needs_a_reason_of_a_few_words(office, reason):
    _, _, claim = _late_claim(office)
    with pytest.raises(ValidationFailed) as caught:
        office.claims.override(claim.id, "payer.timely_filing", None, reason, today=LATE)
    assert caught.value.for_field("reason")
    assert office.claims.overrides(claim.id) == [] and office.claims.get(claim.id).status is ClaimStatus.DRAFT


def test_an_override_needs_the_finding_on_the_claim_now(office):
    _, _, claim = _late_claim(office)
    with pytest.raises(UserError, match="has no finding"):
        office.claims.override(claim.id, "payer.timely_filing", "visit.diagnoses[0]", REASON, today=LATE)
    with pytest.raises(UserError, match="has no finding"):
        office.claims.override(claim.id, "payer.timely_filing", None, REASON, today=DOS + timedelta(days=5))
    with pytest.raises(UserError, match="No claim has the number 999"):
        office.claims.override(999, "payer.timely_filing", None, REASON)


# --- a policy that ended or changed after the claim was made ------------------------------------------


def test_an_unprinted_claim_sees_its_policy_end_when_checked_again(office):
    patient, policy, visit = _visit(office)
    claim = office.claims.make([visit.id], today=MADE).value.made[0]
    assert claim.status is ClaimStatus.READY
    office.patients.save(patient, [replace(policy, end=DOS - timedelta(days=1))])
    findings = office.claims.check([claim.id], today=MADE).value[claim.id]
    assert "policy.active" in _rules(findings)
    stored = office.claims.get(claim.id)
    assert stored.status is ClaimStatus.DRAFT and stored.policy.end == DOS - timedelta(days=1)
    # Put right again: ready again.
    office.patients.save(patient, [replace(policy, end=None)])
    assert office.claims.check([claim.id], today=MADE).value[claim.id] == []
    assert office.claims.get(claim.id).status is ClaimStatus.READY


def test_a_printed_claim_reports_that_its_policy_changed(office):
    patient, policy, visit = _visit(office)
    claim = office.claims.make([visit.id], today=MADE).value.made[0]
    _print(office, claim.id)
    assert office.claims.check([claim.id], today=MADE).value[claim.id] == []
    office.patients.save(patient, [replace(policy, member_id="XG9999")])
    (changed,) = office.claims.check([claim.id], today=MADE).value[claim.id]
    assert (changed.rule, changed.severity, changed.field) == ("policy.changed", "warning", "policy.member_id")
    assert "correct it" in changed.message
    office.patients.save(patient, [replace(policy, member_id="XG9999", end=DOS - timedelta(days=1))])
    (changed,) = office.claims.check([claim.id], today=MADE).value[claim.id]
    assert changed.field == "policy.end" and "no longer covers" in changed.message
    assert office.claims.get(claim.id).policy == policy  # the printed claim itself never changes


# --- duplicates: corrected claims count; a voided claim's visit is billed again ------------------------


def test_a_corrected_claim_still_counts_for_the_duplicate_check(office):
    patient, _, visit = _visit(office)
    claim = office.claims.make([visit.id], today=MADE).value.made[0]
    _print(office, claim.id)
    office.claims.set_payer_claim_number(claim.id, "ICN123")
    corrected = office.claims.correct(claim.id, today=MADE).value
    assert corrected.frequency is ClaimFrequency.REPLACEMENT
    again = office.visits.save(replace(visit, id=None, lines=tuple(replace(line, id=None) for line in visit.lines)),
                               TODAY).value
    made = office.claims.make([again.id], today=MADE).value.made[0]
    duplicates = [f for f in office.claims.findings(made, today=MADE) if f.rule == "claim.duplicate"]
    assert duplicates and made.status is ClaimStatus.DRAFT


def test_a_voided_printed_claims_visit_is_billed_again_without_reentering_it(office):
    _, _, visit = _visit(office)
    claim = office.claims.make([visit.id], today=MADE).value.made[0]
    _print(office, claim.id)
    office.claims.set_payer_claim_number(claim.id, "ICN123")
    with pytest.raises(UserError, match="still billed on claim"):
        office.claims.bill_again(claim.id, today=MADE)
    void = office.claims.void(claim.id, today=MADE).value
    assert void.frequency is ClaimFrequency.VOID
    made = office.claims.make([visit.id], today=MADE).value
    assert made.skipped == [] and len(made.made) == 1
    fresh = made.made[0]
    assert fresh.frequency is ClaimFrequency.ORIGINAL and fresh.status is ClaimStatus.READY
    assert fresh.lines == office.visits.get(visit.id).lines
    with pytest.raises(UserError, match=f"still billed on claim {fresh.id}"):
        office.claims.bill_again(claim.id, today=MADE)


def test_bill_again_after_voiding_an_unprinted_claim(office):
    _, _, visit = _visit(office)
    claim = office.claims.make([visit.id], today=MADE).value.made[0]
    office.claims.void(claim.id, today=MADE)
    again = office.claims.bill_again(claim.id, today=MADE).value
    assert again.visit.id == visit.id and again.status is ClaimStatus.READY
    assert [c.status for c in office.claims.for_visit(visit.id)] == [ClaimStatus.VOID, ClaimStatus.READY]


# --- timely filing: the payer's own limit ----------------------------------------------------------


def test_a_payers_own_timely_filing_limit_is_kept_and_used(office):
    _, _, visit = _visit(office, payer=replace(PAYERS[2], timely_filing_days=90))
    payer = office.setup.payers()[0]
    assert payer.timely_filing_days == 90
    claim = office.claims.make([visit.id], today=DOS + timedelta(days=91)).value.made[0]
    assert claim.status is ClaimStatus.DRAFT
    assert "payer.timely_filing" in _rules(office.claims.findings(claim, today=DOS + timedelta(days=91)))
    office.setup.save_payer(replace(payer, timely_filing_days=None))  # back to the group default, 180 days
    assert office.claims.check([claim.id], today=DOS + timedelta(days=91)).value[claim.id] == []


@pytest.mark.parametrize("days", [-1, 3651])
def test_a_timely_filing_limit_out_of_range_is_refused(office, days):
    with pytest.raises(ValidationFailed) as caught:
        office.setup.save_payer(replace(PAYERS[2], timely_filing_days=days))
    assert caught.value.for_field("timely_filing_days") and office.setup.payers() == []


# --- the command line ---------------------------------------------------------------------------------


def _cli(office, capsys, *args):
    code = main(["--db", str(office.path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_override_and_check_json(office, capsys, monkeypatch):
    _, _, claim = _late_claim(office)
    monkeypatch.setattr("officebill.office.claim_service.date", _FixedDate)
    code, out, _ = _cli(office, capsys, "claims", "check", "--ids", str(claim.id), "--json")
    assert code == 0
    (late,) = [f for f in json.loads(out)[0]["findings"] if f["id"] == "payer.timely_filing"]
    assert late == {"id": "payer.timely_filing", "rule": "payer.timely_filing", "severity": "error", "box": "24A",
                    "field": "visit.service_date", "message": late["message"], "overridable": True,
                    "overridden": False, "override_reason": "", "blocks_printing": True}
    code, out, _ = _cli(office, capsys, "claims", "check", "--ids", str(claim.id))
    assert "[payer.timely_filing]" in out and "(may be overridden with a reason)" in out
    code, out, _ = _cli(office, capsys, "claims", "override", str(claim.id), "payer.timely_filing",
                        "--reason", REASON)
    assert code == 0 and "overridden" in out and "ready" in out
    code, out, _ = _cli(office, capsys, "claims", "check", "--ids", str(claim.id))
    assert f"overridden: {REASON}" in out
    code, out, _ = _cli(office, capsys, "claims", "check", "--ids", str(claim.id), "--json")
    (late,) = [f for f in json.loads(out)[0]["findings"] if f["id"] == "payer.timely_filing"]
    assert late["overridden"] and late["override_reason"] == REASON and not late["blocks_printing"]
    code, out, err = _cli(office, capsys, "claims", "override", str(claim.id), "practice.phone", "--reason", REASON)
    assert code != 0 and "cannot be overridden" in err
    code, out, _ = _cli(office, capsys, "claims", "withdraw-override", str(claim.id), "payer.timely_filing")
    assert code == 0 and "withdrawn" in out


def test_cli_bill_again_and_make_for_named_visits(office, capsys):
    _, _, visit = _visit(office)
    code, out, _ = _cli(office, capsys, "claims", "make", "--visits", str(visit.id), "--json")
    (made,) = json.loads(out)["made"]
    _cli(office, capsys, "claims", "void", str(made["id"]))
    code, out, _ = _cli(office, capsys, "claims", "bill-again", str(made["id"]))
    assert code == 0 and f"for the visit of claim {made['id']}" in out
    code, out, err = _cli(office, capsys, "claims", "bill-again", str(made["id"]))
    assert code != 0 and "still billed on claim" in err


class _FixedDate(date):
    """The claim service's clock on LATE (the CLI passes no date)."""

    @classmethod
    def today(cls):
        return LATE


def test_an_excludes1_finding_is_overridden_for_unrelated_conditions_and_the_visit_shows_it(office):
    """ICD-10-CM Official Guidelines I.A.12.a: Excludes1 codes may be reported together when the conditions are
    unrelated; the biller says why, and the visit entry's findings show the override too."""
    _, _, visit = _visit(office)
    visit = office.visits.save(replace(visit, diagnoses=("E11.9", "E10.9")), TODAY).value
    claim = office.claims.make([visit.id], today=MADE).value.made[0]
    (excludes,) = [f for f in office.claims.findings(claim, today=MADE) if f.rule == "dx.excludes1"]
    assert excludes.is_error and excludes.overridable and claim.status is ClaimStatus.DRAFT
    reason = "Unrelated conditions documented by the physician, see the note"
    office.claims.override(claim.id, "dx.excludes1", excludes.field, reason, today=MADE)
    assert office.claims.get(claim.id).status is ClaimStatus.READY
    (shown,) = [f for f in office.visits.findings(office.visits.get(visit.id), MADE) if f.rule == "dx.excludes1"]
    assert shown.overridden_reason == reason and not shown.is_error


def test_medicaid_billed_first_is_caught_and_the_advice_fixes_it(office):
    provider = office.setup.save_provider(PROVIDERS[0]).value
    medicaid = office.setup.save_payer(PAYERS[1]).value
    employer = office.setup.save_payer(PAYERS[2]).value
    patient, (first, second) = add_patient(office, medicaid.id, employer.id)
    patient, (first, second) = office.patients.save(replace(patient, signature_on_file=True), [first, second]).value
    visit = add_visit(office, patient.id, provider.id)
    visit = office.visits.save(replace(visit, lines=tuple(replace(line, pointers=(1,)) for line in visit.lines)),
                               TODAY).value
    claim = office.claims.make([visit.id], today=MADE).value.made[0]
    assert claim.status is ClaimStatus.DRAFT
    (order,) = [f for f in office.claims.findings(claim, today=MADE) if f.rule == "coordination.order"]
    assert "Make new claim" in order.message
    # As the finding says: the employer plan first, Medicaid last; void; Make new claim.
    office.patients.save(patient, [replace(first, priority=2), replace(second, priority=1)])
    office.claims.void(claim.id, today=MADE)
    again = office.claims.bill_again(claim.id, today=MADE).value
    assert again.payer.id == employer.id and again.status is ClaimStatus.READY
