"""office.edi.export_837 on the demo office: files per clearinghouse, validated; batches; sent; control numbers."""
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from officebill.core.edi import Clearinghouse, claim_control_number
from officebill.core.money import Money
from officebill.core.problems import UserError, ValidationFailed
from officebill.core.records import ClaimFrequency, ClaimStatus, ServiceLine
from officebill.edi.validate import x12_errors
from officebill.office import edi_service

from ..conftest import DEMO_TODAY
from .edi_office import PROFILE, ready_claims, route_all
from .test_x837p import find

NOW = datetime(2026, 11, 27, 10, 5)


def export(office, folder, **chosen):
    chosen.setdefault("all_ready", "claim_ids" not in chosen)
    return office.edi.export_837(folder, today=DEMO_TODAY, now=NOW, **chosen).value


def test_all_ready_claims_go_into_one_valid_file_per_clearinghouse(demo_office, tmp_path):
    route_all(demo_office)
    other = demo_office.setup.save_clearinghouse(replace(PROFILE, name="Second House", receiver_id="SH02",
                                                         receiver_isa_id="SH02")).value
    medicare = next(p for p in demo_office.setup.payers() if p.filing_indicator == "MB")
    demo_office.setup.route_payer(medicare.id, other.id)
    made = ready_claims(demo_office)
    batches = export(demo_office, tmp_path)
    assert len(batches) == 2
    assert sorted(i for b in batches for i in b.claim_ids) == sorted(c.id for c in made)
    by_house = {b.clearinghouse_id: b for b in batches}
    assert by_house[other.id].payer_names == (medicare.name,)
    for batch in batches:
        content = Path(batch.file_name).read_text()
        assert x12_errors(content) == []
        assert Path(batch.file_name).stat().st_mode & 0o077 == 0  # owner-only: patient data
        assert len(find(content, "CLM")) == len(batch.claim_ids)
        assert batch.total == Money.total(demo_office.claims.get(i).total for i in batch.claim_ids)
        for clm in find(content, "CLM"):  # CLM01: the claim control number of box 26
            claim = demo_office.claims.get(int(clm[1].rsplit("C", 1)[1]))
            assert clm[1] == claim_control_number(claim.patient.account, claim.id)
    content = Path(batches[0].file_name).read_text()
    assert find(content, "PAT")  # demo children are not their policies' subscribers (2000C)
    assert {demo_office.claims.get(c.id).status for c in made} == {ClaimStatus.SENT}
    assert demo_office.claims.get(made[0].id).printed == DEMO_TODAY  # the day the payer could first know of it
    assert [b.id for b in demo_office.edi.batches()] == sorted((b.id for b in batches), reverse=True)
    assert demo_office.edi.batch(batches[0].id).claim_ids == batches[0].claim_ids
    assert demo_office.claims.history(made[0].id)[-1].note.startswith("sent in 837P-20261127-")


def test_claim_totals_in_the_file_add_up(demo_office, tmp_path):
    route_all(demo_office)
    made = ready_claims(demo_office)
    content = Path(export(demo_office, tmp_path)[0].file_name).read_text()
    claims = content.split("CLM*")[1:]
    assert len(claims) == len(made) > 1
    for part in claims:
        total = part.split("*")[1]
        lines = [seg.split("*")[2] for seg in part.split("~") if seg.strip().startswith("SV1*")]
        assert round(float(total) * 100) == sum(round(float(v) * 100) for v in lines)


def test_control_numbers_are_never_reused_even_after_a_failed_export(demo_office, tmp_path, monkeypatch):
    route_all(demo_office)
    made = ready_claims(demo_office)
    first = export(demo_office, tmp_path, claim_ids=[made[0].id])[0]

    def full_disk(path, data, replace_old=True):
        raise UserError(f"Could not write {path}: No space left on device.")

    with monkeypatch.context() as patch:
        patch.setattr(edi_service, "write_private_file", full_disk)
        with pytest.raises(UserError, match="No space"):
            export(demo_office, tmp_path, claim_ids=[made[1].id])
    assert demo_office.claims.get(made[1].id).status is ClaimStatus.READY  # nothing recorded
    assert len(demo_office.edi.batches()) == 1
    second = export(demo_office, tmp_path, claim_ids=[made[1].id])[0]
    assert (first.interchange_control, second.interchange_control) == (1, 3)  # 2 went with the failed file
    assert (first.group_control, second.group_control) == (1, 3)
    isa13 = [find(Path(b.file_name).read_text(), "ISA")[0][13] for b in (first, second)]
    assert isa13 == ["000000001", "000000003"]


def test_a_claim_changed_while_the_file_was_written_records_nothing_and_leaves_no_file(demo_office, tmp_path,
                                                                                     monkeypatch):
    route_all(demo_office)
    made = ready_claims(demo_office)
    real = edi_service.write_private_file

    def meanwhile(path, data, replace_old=True):
        real(path, data, replace_old)
        demo_office.claims.void(made[0].id, today=DEMO_TODAY)  # another window

    monkeypatch.setattr(edi_service, "write_private_file", meanwhile)
    with pytest.raises(UserError, match="changed in another window"):
        export(demo_office, tmp_path, claim_ids=[made[0].id, made[1].id])
    assert list(tmp_path.glob("*.x12")) == [] and demo_office.edi.batches() == []
    assert demo_office.claims.get(made[1].id).status is ClaimStatus.READY


def test_claims_with_errors_or_payers_on_paper_are_refused(demo_office, tmp_path):
    made = ready_claims(demo_office)
    with pytest.raises(UserError, match="not sent through a clearinghouse"):
        export(demo_office, tmp_path, claim_ids=[made[0].id])
    with pytest.raises(UserError, match="No ready claim goes"):
        export(demo_office, tmp_path)
    route_all(demo_office)
    visit = demo_office.visits.get(made[0].visit.id)
    demo_office.visits.save(replace(visit, diagnoses=("E11",)), DEMO_TODAY)  # a category, not billable
    with pytest.raises(UserError, match="have errors"):
        export(demo_office, tmp_path, claim_ids=[made[0].id])
    assert list(tmp_path.glob("*.x12")) == [] and demo_office.edi.batches() == []
    with pytest.raises(UserError, match="does not exist"):
        export(demo_office, tmp_path / "nowhere", claim_ids=[made[1].id])


def test_corrected_and_void_versions_of_a_sent_claim(demo_office, tmp_path):
    route_all(demo_office)
    made = ready_claims(demo_office)
    export(demo_office, tmp_path, claim_ids=[made[0].id, made[1].id])
    demo_office.claims.set_payer_claim_number(made[0].id, "ICN26330001")
    demo_office.claims.set_payer_claim_number(made[1].id, "ICN26330002")
    corrected = demo_office.claims.correct(made[0].id, today=DEMO_TODAY).value
    void = demo_office.claims.void(made[1].id, today=DEMO_TODAY).value
    assert (corrected.frequency, void.frequency) == (ClaimFrequency.REPLACEMENT, ClaimFrequency.VOID)
    assert demo_office.claims.get(made[0].id).status is ClaimStatus.REPLACED
    batch = export(demo_office, tmp_path, claim_ids=[corrected.id, void.id])[0]
    content = Path(batch.file_name).read_text()
    assert x12_errors(content) == []
    assert [c[5][-1] for c in find(content, "CLM")] == ["7", "8"]
    assert [r[2] for r in find(content, "REF", "F8")] == ["ICN26330001", "ICN26330002"]


def test_more_than_six_lines_and_an_ndc_drug_in_one_claim(demo_office, tmp_path):
    route_all(demo_office)
    visit = demo_office.visits.get(ready_claims(demo_office)[0].visit.id)
    codes = ("99213", "36415", "81002", "87880", "94640", "90471", "96372", "J1885")
    lines = tuple(ServiceLine(code=code, pointers=(1,), units=1, charge=Money(2000 + 100 * i),
                              ndc="00409-1234-01" if code == "J1885" else "", ndc_quantity="2" if code == "J1885"
                              else "", ndc_unit="ML" if code == "J1885" else "")
                  for i, code in enumerate(codes))
    new_visit = demo_office.visits.save(replace(visit, id=None, lines=lines, service_date=DEMO_TODAY),
                                        DEMO_TODAY).value
    claim = demo_office.claims.make([new_visit.id], today=DEMO_TODAY).value.made[0]
    findings = demo_office.claims.check([claim.id], today=DEMO_TODAY).value[claim.id]
    assert not [f for f in findings if f.is_error], findings
    content = Path(export(demo_office, tmp_path, claim_ids=[claim.id])[0].file_name).read_text()
    assert x12_errors(content) == []
    assert len(find(content, "LX")) == 8 and find(content, "LIN") == [["LIN", "", "N4", "00409123401"]]
    assert [r[2] for r in find(content, "REF", "6R")] == [f"{claim.id}-{n}" for n in range(1, 9)]


def test_clearinghouse_profiles_and_payer_routes_are_validated(demo_office):
    with pytest.raises(ValidationFailed) as refused:
        demo_office.setup.save_clearinghouse(Clearinghouse(name="X", sender_qualifier="QQ",
                                                           contact_phone="555"))
    fields = {p.field for p in refused.value.problems}
    assert {"submitter_name", "submitter_id", "receiver_id", "sender_id", "receiver_isa_id", "sender_qualifier",
            "contact_phone"} <= fields
    saved = demo_office.setup.save_clearinghouse(PROFILE).value
    with pytest.raises(ValidationFailed, match="already called"):
        demo_office.setup.save_clearinghouse(replace(PROFILE, receiver_id="OTHER"))
    payer = demo_office.setup.payers()[0]
    with pytest.raises(ValidationFailed, match="electronic payer ID"):
        demo_office.setup.route_payer(payer.id, saved.id, electronic_id="")
    demo_office.setup.route_payer(payer.id, saved.id, electronic_id="bcbsil")
    assert demo_office.setup.payer(payer.id).payer_id == "BCBSIL"
    assert demo_office.setup.payer_clearinghouses()[payer.id] == saved.id
    demo_office.setup.route_payer(payer.id, None)
    assert demo_office.setup.payer_clearinghouses()[payer.id] is None


def test_a_payer_without_its_electronic_id_is_refused(demo_office, tmp_path):
    route_all(demo_office)
    made = ready_claims(demo_office)
    payer = demo_office.setup.payer(made[0].payer.id)
    demo_office.setup.save_payer(replace(payer, payer_id=""))
    with pytest.raises(UserError, match="no electronic payer ID"):
        export(demo_office, tmp_path, claim_ids=[made[0].id])
    assert demo_office.edi.batches() == [] and list(tmp_path.glob("*.x12")) == []
