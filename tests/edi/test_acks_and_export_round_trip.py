"""An 837P exported from the demo office, then what comes back: the 999 and 277CA (a rejected claim goes
back to "needs attention" with the reason in words) and an 835 paying the exported claims."""
from __future__ import annotations

from pathlib import Path

import pytest

from officebill.core.edi import claim_control_number
from officebill.core.ledger import Party
from officebill.core.money import Money
from officebill.core.problems import ValidationFailed
from officebill.core.records import ClaimStatus

from ..conftest import DEMO_TODAY
from .ack_files import ack_277ca, ack_999
from .edi_office import ready_claims, route_all
from .era_files import answer, era


@pytest.fixture
def exported(demo_office, tmp_path):
    route_all(demo_office)
    claims = ready_claims(demo_office)[:6]
    batch = demo_office.edi.export_837(tmp_path, [c.id for c in claims], today=DEMO_TODAY).value[0]
    return demo_office, batch, [demo_office.claims.get(c.id) for c in claims]


def write(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_999_rejecting_the_transaction_set_puts_its_claims_back(exported, tmp_path):
    office, batch, claims = exported
    assert {c.status for c in claims} == {ClaimStatus.SENT}
    summary = office.remittances.import_ack(write(tmp_path, ack_999(batch.group_control, [("0001", "R")]),
                                                  "a.999")).value
    assert summary.kind == "999" and summary.rejected == len(claims) and summary.accepted == 0
    for claim in claims:
        assert office.claims.get(claim.id).status is ClaimStatus.DRAFT
        history = office.claims.history(claim.id)[-1]
        assert "rejected" in history.note and "invalid code value" in history.note
        assert office.remittances.acknowledgments(claim.id)[0]["codes"] == "R"


def test_999_accepted_changes_nothing_but_is_recorded(exported, tmp_path):
    office, batch, claims = exported
    summary = office.remittances.import_ack(write(tmp_path, ack_999(batch.group_control, [("0001", "A")]),
                                                  "a.999")).value
    assert summary.accepted == len(claims)
    assert {office.claims.get(c.id).status for c in claims} == {ClaimStatus.SENT}
    with pytest.raises(ValidationFailed) as other:
        office.remittances.import_ack(write(tmp_path, ack_999(987654, [("0001", "A")]), "b.999"))
    assert "AK1" in str(other.value)


def test_277ca_rejects_one_claim_with_the_reason_in_words(exported, tmp_path):
    office, _batch, claims = exported
    controls = [claim_control_number(c.patient.account, c.id) for c in claims[:2]]
    text = ack_277ca([(controls[0], "A2:20"), (controls[1], "A7:562:85"), ("ZZ9C99999", "A2:20")])
    summary = office.remittances.import_ack(write(tmp_path, text, "a.277")).value
    assert summary.kind == "277CA" and (summary.accepted, summary.rejected) == (2, 1)
    first, second = (office.claims.get(c.id) for c in claims[:2])
    assert first.status is ClaimStatus.SENT and office.claims.payer_claim_number(first.id) == f"ICN{controls[0]}"
    assert second.status is ClaimStatus.DRAFT and second.status.label == "needs attention"
    note = office.claims.history(second.id)[-1].note
    assert "A7:562:85" in note and "NPI (billing provider)" in note
    assert summary.results[2].claim_id is None and "no claim of this office" in summary.results[2].words


def test_an_835_file_is_not_an_acknowledgment(exported, tmp_path):
    office, _batch, claims = exported
    with pytest.raises(ValidationFailed) as refused:
        office.remittances.import_ack(write(tmp_path, era([]), "x.835"))
    assert "GS (line 2)" in str(refused.value)


def test_835_pays_the_exported_claims(exported, tmp_path):
    office, batch, claims = exported
    payer = claims[0].payer
    ours = [c for c in claims if c.payer.id == payer.id]
    clps = []
    for claim in ours:
        results = [(Money(line.charge.cents - 1000 - 500), [("CO", "45", Money(1000)), ("PR", "2", Money(500))])
                   for line in claim.lines]
        clps.append(answer(claim, results, payer_claim=f"ICN{claim.id}"))
    before = {c.id: office.money.claim_balances(c.id) for c in ours}
    text = era(clps, payer_name=payer.name.upper(), payer_id=payer.payer_id, trace="EFT-DEMO-1",
               npi=ours[0].practice.npi, tin=ours[0].practice.tax_id)
    summary = office.remittances.import_835(write(tmp_path, text, "demo.835"), today=DEMO_TODAY).value
    assert summary.count("paid") == len(ours) and not summary.work_items
    for claim in ours:
        balances = office.money.claim_balances(claim.id)
        assert balances.total == before[claim.id].total - Money.total(
            Money(line.charge.cents - 500) for line in claim.lines)
        for line in claim.lines:
            owed = office.money.line_balances(line.id)
            assert sum(m.cents for m in owed.values()) == 500 and Party.PRIMARY not in owed
    assert office.payments.deposit(summary.deposit_id).unapplied == Money(0)
    assert office.money.verify() == []
