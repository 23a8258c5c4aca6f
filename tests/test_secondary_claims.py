"""Secondary claims through the facade: primary claim -> print -> primary EOB posted -> the secondary claim is
made once, with the primary's result frozen in it, printed with boxes 9-9d, 11d and 29 in place -> the
secondary's payment -> the rest with the patient. Reversal and repost never make a second one."""
from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date, timedelta

import pdfplumber
import pytest

from officebill.claims.cms1500 import box_values
from officebill.core.ledger import Adjustment, GroupCode, Party
from officebill.core.money import Money
from officebill.core.problems import UserError
from officebill.core.records import ClaimStatus, Payer, PlanType
from officebill.demo import PAYERS, PRACTICE, PROVIDERS
from officebill.office import Office
from tests.billing.money_office import TODAY, add_patient, add_visit
from tests.claims.test_cms1500_render import assert_in_cells, courier_chars, reference_cells, text_in_cell

PRINTED = date(2026, 3, 10)


@pytest.fixture
def office(tmp_path, codes_db):
    (tmp_path / "codes.db").symlink_to(codes_db)
    with Office.create(tmp_path / "office.db") as made:
        made.setup.save_practice(PRACTICE)
        yield made


def _setup(office, primary=PAYERS[2], secondary=PAYERS[3], plan_name=""):
    provider = office.setup.save_provider(PROVIDERS[0]).value
    first = office.setup.save_payer(primary).value
    second = first if secondary is primary else office.setup.save_payer(secondary).value
    patient, policies = add_patient(office, first.id, second.id)
    if plan_name:
        patient, policies = office.patients.save(patient, [policies[0], replace(policies[1], plan_name=plan_name)]
                                                 ).value
    patient = replace(patient, signature_on_file=True)
    office.patients.save(patient, policies)
    visit = add_visit(office, patient.id, provider.id)
    visit = office.visits.save(replace(visit, lines=tuple(replace(line, pointers=(1,)) for line in visit.lines)),
                               TODAY).value
    made = office.claims.make([visit.id], today=PRINTED).value.made
    assert len(made) == 1
    return patient, policies, visit, made[0]


def _print(office, claim_id):
    pdf, printed = office.printing.print_claims([claim_id], mode="red", today=PRINTED, deliver=lambda pdf: None).value
    return pdf, printed[0]


def _primary_eob(visit):
    first, second = (line.id for line in visit.lines)
    return [(first, "100.00", "60.00", [("CO", "45", "50.00"), ("PR", "1", "25.00"), ("PR", "2", "15.00")]),
            (second, "15.00", "12.00", [("CO", "45", "5.00"), ("PR", "2", "3.00")])]


def _post(office, payer_id, claim_id, lines, amount, number="EFT1", received=TODAY, **kwargs):
    deposit = office.payments.new_deposit(payer_id, number, received, amount).value
    office.payments.post_insurance(deposit.id, claim_id, lines, today=TODAY, **kwargs)
    return deposit


def _live_secondaries(office, visit_id):
    return [c for c in office.claims.for_visit(visit_id) if c.is_secondary and c.status.is_current]


def test_primary_eob_makes_the_secondary_claim_once_and_it_prints_right(office):
    patient, (primary, secondary), visit, claim = _setup(office)
    assert claim.policy.id == primary.id and not claim.needs_primary_eob
    _print(office, claim.id)
    assert office.claims.followers(claim.id) == []
    _post(office, primary.payer_id, claim.id, _primary_eob(visit), "72.00", received=date(2026, 4, 2))
    (made,) = office.claims.followers(claim.id)
    assert made.status is ClaimStatus.READY, office.claims.findings(made, today=TODAY)
    assert office.claims.findings(office.claims.get(claim.id), today=TODAY) == []  # nor the primary of it
    assert office.claims.findings(made, today=TODAY) == [] or not any(
        f.is_error for f in office.claims.findings(made, today=TODAY))
    assert (made.policy.id, made.payer.id, made.primary_claim_id) == (secondary.id, secondary.payer_id, claim.id)
    assert (made.other_policy.id, made.other_payer.id) == (primary.id, primary.payer_id)
    assert made.needs_primary_eob and made.as_list_row().needs_primary_eob
    assert not office.claims.check([made.id], today=TODAY).changes  # made as a check finds it: nothing rewritten
    # The primary's result, frozen per line: allowed, paid, adjustments, date paid, payer.
    (prior,) = made.prior_payments
    assert (prior.claim_id, prior.payer.id, prior.policy.id) == (claim.id, primary.payer_id, primary.id)
    first, second = prior.lines
    assert (first.allowed, first.paid, first.paid_date, first.code) == (Money(10000), Money(6000), date(2026, 4, 2),
                                                                        "99213")
    assert set(first.adjustments) == {Adjustment(GroupCode.CO, "45", Money(5000)),
                                      Adjustment(GroupCode.PR, "1", Money(2500)),
                                      Adjustment(GroupCode.PR, "2", Money(1500))}
    assert (prior.paid, prior.patient_responsibility, prior.paid_date) == (Money(7200), Money(4300), date(2026, 4, 2))
    assert made.amount_paid == Money(7200) and made.lines == visit.lines
    # It survives the store exactly, and shows in the claims tabs with its payer and marker.
    assert office.claims.get(made.id) == made
    rows = office.claims.page((ClaimStatus.READY,))
    assert [(r.id, r.payer_name, r.needs_primary_eob) for r in rows] == [(made.id, PAYERS[3].name, True)]
    # Printed: boxes 1a/4/11 are the secondary's, 9/9a/9d the primary's, 11d YES, 29 what the primary paid.
    values = box_values(office.claims.get(made.id))
    assert values["1a"] == "SUP777" and values["carrier_1_name"] == PAYERS[3].name.upper()
    assert values["9"] == "RIVERA, SOFIA" and values["9a"] == "XG1234"
    assert values["9d"].startswith("BLUE CROSS BLUE SHIELD OF")
    assert values["11d_yes"] == "X" and "11d_no" not in values
    assert (values["29_dollars"], values["29_cents"]) == ("72", "00")
    assert (values["28_dollars"], values["28_cents"]) == ("170", "00")
    pdf, printed = _print(office, made.id)
    assert printed.status is ClaimStatus.PRINTED
    assert_in_cells(pdf, [values])  # every value inside its box, nothing else printed
    chars = courier_chars(pdf)[0]
    cells = reference_cells()
    assert text_in_cell(chars, cells["9a"]) == ["XG1234"]
    dollars = text_in_cell(chars, (cells["29_dollars"][0], cells["29_dollars"][1], 503.8, cells["29_dollars"][3]))
    cents = text_in_cell(chars, (503.8, cells["29_dollars"][1], 589.3, cells["29_dollars"][3]))
    assert (dollars, cents) == (["72"], ["00"])  # dollars left of the box 29 rule, cents right of it
    assert text_in_cell(chars, cells["11d_yes"]) == ["X"]
    # The secondary pays; what it leaves goes to the patient, and no third claim appears.
    first_id, second_id = (line.id for line in visit.lines)
    _post(office, secondary.payer_id, made.id, [(first_id, "40.00", "30.00", [("PR", "2", "10.00")]),
                                                (second_id, "3.00", "3.00", [])], "33.00", number="CHK9")
    assert office.money.line_balances(first_id) == {Party.PATIENT: Money(1000)}
    assert office.money.line_balances(second_id) == {}
    assert office.money.patient_balances(patient.id).patient == Money(1000)
    assert len(_live_secondaries(office, visit.id)) == 1 and office.claims.followers(made.id) == []
    assert office.money.verify() == []


def test_the_cli_lists_the_secondary_claim_with_its_marker(office, capsys):
    from officebill.cli import main

    _, (primary, _), visit, claim = _setup(office)
    _post(office, primary.payer_id, claim.id, _primary_eob(visit), "72.00")
    (made,) = office.claims.followers(claim.id)
    assert main(["--db", str(office.path), "claims", "list", "--json"]) == 0
    listed = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert (listed[made.id]["primary_claim_id"], listed[made.id]["needs_primary_eob"]) == (claim.id, True)
    assert (listed[claim.id]["primary_claim_id"], listed[claim.id]["needs_primary_eob"]) == (None, False)
    assert main(["--db", str(office.path), "claims", "list"]) == 0
    assert f"after claim {claim.id}: attach its EOB" in capsys.readouterr().out


def test_reversal_and_repost_refresh_the_one_secondary_claim(office):
    _, (primary, _), visit, claim = _setup(office)
    _print(office, claim.id)
    _post(office, primary.payer_id, claim.id, _primary_eob(visit), "72.00")
    (made,) = office.claims.followers(claim.id)
    first, second = (line.id for line in visit.lines)
    # Line 2's result reversed: the unprinted secondary bills line 1 only (what stands with its payer).
    office.money.reverse(_payment(office, visit, claim, second).id, today=TODAY)
    office.claims.check([made.id], today=TODAY)
    assert [line.id for line in office.claims.get(made.id).lines] == [first]
    assert office.claims.get(made.id).status is ClaimStatus.READY
    # Line 1's too: nothing of the primary's result stands; the scrubber says what to do.
    office.money.reverse(_payment(office, visit, claim, first).id, today=TODAY)
    office.claims.check([made.id], today=TODAY)
    stale = office.claims.get(made.id)
    assert stale.status is ClaimStatus.DRAFT and stale.prior_payments == ()
    findings = office.claims.findings(stale, today=TODAY)
    assert [f.rule for f in findings if f.is_error] == ["secondary.prior_result"]
    assert "post" in findings[0].message and PAYERS[2].name in findings[0].message
    # Reposted with a different result: the same claim, refreshed; never a second one.
    _post(office, primary.payer_id, claim.id,
          [(first, "110.00", "80.00", [("CO", "45", "40.00"), ("PR", "2", "30.00")]),
           (second, "15.00", "12.00", [("CO", "45", "5.00"), ("PR", "2", "3.00")])], "92.00", number="EFT2")
    assert [c.id for c in _live_secondaries(office, visit.id)] == [made.id]
    assert office.claims.followers(claim.id) == [office.claims.get(made.id)]
    again = office.claims.get(made.id)
    assert again.status is ClaimStatus.READY
    assert again.prior_payments[0].line(first).paid == Money(8000)
    assert again.amount_paid == Money(8000 + 1200)
    # Everything reversed and reposted the same: still one.
    for entry in [e for e in office.money.ledger(visit.patient_id)
                  if e.claim_id == claim.id and e.kind.value == "insurance_payment"]:
        if office.money._stores.ledger.reversal_of(entry.id) is None:
            office.money.reverse(entry.id, today=TODAY)
    _post(office, primary.payer_id, claim.id, _primary_eob(visit), "72.00", number="EFT3")
    assert [c.id for c in _live_secondaries(office, visit.id)] == [made.id]
    # By hand: refused while it exists; after the office voids it, made again on request only.
    with pytest.raises(UserError, match="already exists"):
        office.claims.make_secondary(claim.id, today=TODAY)
    office.claims.void(made.id, today=TODAY)
    _post_nothing = office.claims.follow_up(claim.id, today=TODAY).value
    assert _post_nothing is None
    remade = office.claims.make_secondary(claim.id, today=TODAY).value
    assert remade.id != made.id and remade.primary_claim_id == claim.id
    assert len(_live_secondaries(office, visit.id)) == 1


def _payment(office, visit, claim, line_id):
    """The standing insurance payment of a claim's line (reversing it undoes the line's whole result)."""
    store = office.money._stores.ledger
    return next(e for e in office.money.ledger(visit.patient_id) if e.claim_id == claim.id
                and e.service_line_id == line_id and e.kind.value == "insurance_payment"
                and store.reversal_of(e.id) is None)


def test_a_printed_secondary_is_not_touched_by_a_repost(office):
    _, (primary, _), visit, claim = _setup(office)
    _post(office, primary.payer_id, claim.id, _primary_eob(visit), "72.00")
    (made,) = office.claims.followers(claim.id)
    _, printed = _print(office, made.id)
    first = visit.lines[0].id
    # The same result reposted: nothing to say.
    office.money.reverse(_payment(office, visit, claim, first).id, today=TODAY)
    _post(office, primary.payer_id, claim.id, _primary_eob(visit)[:1], "60.00", number="EFT2")
    assert [h.note for h in office.claims.history(made.id)][-1] == "printed (red)"
    # A different result reposted: the printed claim stays as sent, its history asks for a correction.
    office.money.reverse(_payment(office, visit, claim, first).id, today=TODAY)
    _post(office, primary.payer_id, claim.id,
          [(first, "100.00", "70.00", [("CO", "45", "50.00"), ("PR", "2", "30.00")])], "70.00", number="EFT3")
    assert office.claims.get(made.id) == printed
    assert [c.id for c in _live_secondaries(office, visit.id)] == [made.id]
    assert "correct it" in office.claims.history(made.id)[-1].note
    office.claims.set_payer_claim_number(made.id, "2026105000123")  # box 22 needs the payer's claim number
    replacement = office.claims.correct(made.id, today=TODAY).value
    assert replacement.primary_claim_id == claim.id and replacement.frequency.value == "7"
    assert replacement.prior_payments[0].line(first).paid == Money(7000)
    assert replacement.amount_paid == Money(8200) and replacement.status is ClaimStatus.READY
    assert [c.id for c in _live_secondaries(office, visit.id)] == [replacement.id]


def test_nothing_is_made_when_the_primary_leaves_nothing_to_the_secondary(office):
    _, (primary, _), visit, claim = _setup(office)
    first, second = (line.id for line in visit.lines)
    _post(office, primary.payer_id, claim.id, [(first, "100.00", "100.00", [("CO", "45", "50.00")]),
                                               (second, "20.00", "20.00", [])], "120.00")
    assert office.claims.followers(claim.id) == []
    with pytest.raises(UserError, match="Nothing of claim"):
        office.claims.make_secondary(claim.id, today=TODAY)


def test_only_the_lines_left_to_the_secondary_are_billed(office):
    _, (primary, _), visit, claim = _setup(office)
    first, second = (line.id for line in visit.lines)
    _post(office, primary.payer_id, claim.id, [(first, "100.00", "80.00", [("CO", "45", "50.00"), ("PR", "2", "20.00")]),
                                               (second, "20.00", "20.00", [])], "100.00")
    (made,) = office.claims.followers(claim.id)
    assert [line.id for line in made.lines] == [first]
    assert made.amount_paid == Money(8000) and made.total == Money(15000)


MEDICARE, MEDICAID = PAYERS[0], PAYERS[1]


def test_medicare_crosses_over_to_medigap_and_medicaid_so_nothing_is_billed_twice(office):
    medigap = replace(PAYERS[3], name="Prairie Medigap", payer_id="55123")
    _, (primary, secondary), visit, claim = _setup(office, MEDICARE, medigap, plan_name="Medigap Plan G")
    values = box_values(claim)
    # Medicare's claim names the Medigap policy for the crossover; 11d blank.
    assert values["9"] == "RIVERA, SOFIA" and values["9a"] == "MEDIGAPSUP777" and values["9d"] == "55123"
    assert "11d_yes" not in values and "11d_no" not in values
    first, second = (line.id for line in visit.lines)
    eob = [(first, "90.00", "72.00", [("CO", "45", "60.00"), ("PR", "2", "18.00")]),
           (second, "10.00", "8.00", [("CO", "45", "10.00"), ("PR", "2", "2.00")])]
    _post(office, primary.payer_id, claim.id, eob, "80.00")
    # Medicare forwards it: the claim is kept as sent (never printed), so the Medigap's payment has a claim.
    (forwarded,) = office.claims.followers(claim.id)
    assert forwarded.status is ClaimStatus.SENT and forwarded.policy.id == secondary.id
    assert not forwarded.needs_primary_eob and forwarded.prior_payments[0].paid == Money(8000)
    assert "crossover" in office.claims.history(forwarded.id)[-1].note
    assert office.money.line_balances(first) == {Party.SECONDARY: Money(1800)}
    with pytest.raises(UserError, match="already exists"):
        office.claims.make_secondary(claim.id, today=TODAY)
    _post(office, secondary.payer_id, forwarded.id, [(first, "18.00", "18.00", []), (second, "2.00", "2.00", [])],
          "20.00", number="MG1")
    assert office.money.claim_balances(claim.id).total == Money(0)
    # Another patient's crossover never arrives: the office voids it and makes the claim by hand.
    day = visit.service_date.replace(day=9)
    other_visit = office.visits.save(replace(visit, id=None, service_date=day, lines=tuple(
        replace(line, id=None, from_date=day, to_date=day) for line in visit.lines)), TODAY).value
    other_claim = office.claims.make([other_visit.id], today=PRINTED).value.made[0]
    first, second = (line.id for line in other_visit.lines)
    eob = [(first, "90.00", "72.00", [("CO", "45", "60.00"), ("PR", "2", "18.00")]),
           (second, "10.00", "8.00", [("CO", "45", "10.00"), ("PR", "2", "2.00")])]
    _post(office, primary.payer_id, other_claim.id, eob, "80.00", number="EFT2")
    (forwarded,) = office.claims.followers(other_claim.id)
    office.claims.void(forwarded.id, today=TODAY)
    assert office.claims.follow_up(other_claim.id, today=TODAY).value is None  # never again by itself
    made = office.claims.make_secondary(other_claim.id, today=TODAY).value
    assert made.policy.id == secondary.id and made.needs_primary_eob
    assert made.status is ClaimStatus.READY, office.claims.findings(made, today=TODAY)


def test_medicare_not_forwarding_is_billed_and_the_835_says_forwarded_is_not(office):
    _, (primary, _), visit, claim = _setup(office, MEDICARE, MEDICAID)
    values = box_values(claim)
    assert values["1_medicare"] == "X" and values["1_medicaid"] == "X"  # a Medicaid crossover marks both
    assert "9" not in values and "9a" not in values  # box 9 is for Medigap only
    first, second = (line.id for line in visit.lines)
    eob = [(first, "90.00", "72.00", [("CO", "45", "60.00"), ("PR", "2", "18.00")]),
           (second, "10.00", "8.00", [("CO", "45", "10.00"), ("PR", "2", "2.00")])]
    _post(office, primary.payer_id, claim.id, eob, "80.00", forwarded=False)
    (made,) = office.claims.followers(claim.id)
    values = box_values(made)
    assert values["1_medicaid"] == "X" and "1_medicare" not in values
    assert values["9a"] == "XG1234" and values["11d_yes"] == "X"


def test_a_commercial_primary_says_it_forwarded_and_no_claim_is_made(office):
    _, (primary, _), visit, claim = _setup(office)
    _post(office, primary.payer_id, claim.id, _primary_eob(visit), "72.00", forwarded=True)
    (forwarded,) = office.claims.followers(claim.id)
    assert forwarded.status is ClaimStatus.SENT and not forwarded.needs_primary_eob


def test_medicare_as_secondary_puts_the_primary_insurance_in_boxes_4_and_11(office):
    _, (primary, secondary), visit, claim = _setup(office, PAYERS[2], MEDICARE)
    _post(office, primary.payer_id, claim.id, _primary_eob(visit), "72.00")
    (made,) = office.claims.followers(claim.id)
    values = box_values(made)
    assert values["1_medicare"] == "X" and values["1a"] == "SUP777"
    assert values["11c"].startswith("BLUE CROSS BLUE SHIELD OF")  # the insurance primary to Medicare
    assert values["11"] == "XG1234"  # the primary's policy number (it has no group number)
    assert "9" not in values and "11d_yes" not in values
    assert "29_dollars" not in values  # Medicare: box 29 is the patient's payments only


def test_the_pdf_page_of_a_secondary_claim(office, tmp_path):
    """Renders a secondary claim on the full form for a person to look at (tmp_path/secondary.pdf)."""
    _, (primary, _), visit, claim = _setup(office)
    _post(office, primary.payer_id, claim.id, _primary_eob(visit), "72.00")
    (made,) = office.claims.followers(claim.id)
    pdf, _ = office.printing.print_claims([made.id], mode="full", today=PRINTED, deliver=lambda pdf: None).value
    (tmp_path / "secondary.pdf").write_bytes(pdf)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = doc.pages[0].extract_text()
    assert "XG1234" in text and "SUP777" in text


def test_the_plan_type_helper_names_medicare_supplements():
    from officebill.core.claim import is_medigap, medicare_crosses_over
    from officebill.core.records import Policy

    assert is_medigap(Policy(plan_name="Medigap Plan G"), None)
    assert is_medigap(None, Payer(name="Acme Medicare Supplement"))
    assert not is_medigap(Policy(plan_name="Spouse employer plan"), Payer(name="Lakeside"))
    medicare = Payer(plan_type=PlanType.MEDICARE)
    assert medicare_crosses_over(medicare, Policy(), Payer(plan_type=PlanType.MEDICAID))
    assert not medicare_crosses_over(medicare, Policy(), Payer(name="Lakeside"))
    assert medicare_crosses_over(medicare, Policy(plan_name="Medigap Plan G"), Payer(payer_id="55123"))
    assert not medicare_crosses_over(medicare, Policy(plan_name="Medigap Plan G"), Payer())  # no ID in 9d
    assert not medicare_crosses_over(Payer(), Policy(), Payer(plan_type=PlanType.MEDICAID))


def test_the_tertiary_claim_carries_both_earlier_results(office):
    patient, (primary, secondary), visit, claim = _setup(office)
    third_payer = office.setup.save_payer(PAYERS[4]).value
    patient, policies = office.patients.save(patient, [primary, secondary, replace(
        secondary, id=None, payer_id=third_payer.id, priority=3, member_id="TER55")]).value
    _post(office, primary.payer_id, claim.id, _primary_eob(visit), "72.00")
    (second_claim,) = office.claims.followers(claim.id)
    first, second = (line.id for line in visit.lines)
    _post(office, secondary.payer_id, second_claim.id, [(first, "40.00", "30.00", [("PR", "2", "10.00")]),
                                                        (second, "3.00", "3.00", [])], "33.00", number="CHK9")
    (third,) = office.claims.followers(second_claim.id)
    assert third.policy.priority == 3 and third.payer.id == third_payer.id and third.status is ClaimStatus.READY
    assert [line.id for line in third.lines] == [first]
    assert [(p.claim_id, p.paid) for p in third.prior_payments] == [(claim.id, Money(6000)),
                                                                    (second_claim.id, Money(3000))]
    assert third.amount_paid == Money(9000)
    values = box_values(third)
    assert values["1a"] == "TER55" and values["9a"] == "SUP777"  # box 9: the payer just before


def test_the_same_payer_as_primary_and_secondary_is_no_duplicate(office):
    """Two employers' plans with one insurer: the secondary claim goes to the same payer, and is no duplicate."""
    _, (primary, secondary), visit, claim = _setup(office, PAYERS[2], PAYERS[2])
    _post(office, primary.payer_id, claim.id, _primary_eob(visit), "72.00")
    (made,) = office.claims.followers(claim.id)
    assert made.payer.id == claim.payer.id and made.policy.id == secondary.id
    assert made.status is ClaimStatus.READY, office.claims.findings(made, today=TODAY)
    assert office.claims.findings(office.claims.get(claim.id), today=TODAY) == []  # nor the primary of it


def test_make_claims_picks_up_a_result_posted_without_post_insurance(office, monkeypatch):
    """A result posted another way (an older posting, an import writing the ledger itself): Make claims makes
    the secondary claim still owed, once."""
    _, (primary, secondary), visit, claim = _setup(office)
    with monkeypatch.context() as patch:
        patch.setattr(type(office.claims.unguarded()), "follow_up", lambda self, *args, **kwargs: None)
        _post(office, primary.payer_id, claim.id, _primary_eob(visit), "72.00")
    assert office.claims.followers(claim.id) == []
    assert office.claims.make(today=TODAY + timedelta(days=366)).value.made == []  # past timely filing: left
    (made,) = office.claims.make(today=TODAY).value.made
    assert (made.primary_claim_id, made.policy.id, made.status) == (claim.id, secondary.id, ClaimStatus.READY)
    assert made.prior_payments[0].paid == Money(7200)
    assert office.claims.make(today=TODAY).value.made == []
    assert office.claims._stores.claims.awaiting_followers(TODAY) == []
