"""Claims through the facade: make, check, print, reprint, void and correct; the CLI on top."""
import io
import json
from dataclasses import replace
from datetime import date

import pdfplumber
import pytest

from officebill.cli import main
from officebill.core.money import Money
from officebill.core.problems import UserError
from officebill.core.records import ClaimStatus, ServiceLine
from officebill.office import Area

from .conftest import DEMO_TODAY, DEMO_UNBILLED


def test_demo_claims_are_made_clean_and_snapshot_the_data(demo_office):
    result = demo_office.claims.make(today=DEMO_TODAY).value
    assert len(result.made) == DEMO_UNBILLED and result.skipped == []
    assert {c.status for c in result.made} == {ClaimStatus.READY}
    claim = result.made[0]
    stored = demo_office.claims.get(claim.id)
    assert stored == claim
    assert stored.policy.priority == 1
    assert stored.lines == demo_office.visits.get(claim.visit.id).lines
    assert demo_office.claims.history(claim.id)[0].status == ClaimStatus.READY
    # Making again makes nothing new.
    assert demo_office.claims.make(today=DEMO_TODAY).value.made == []


def test_errors_keep_a_claim_in_draft_until_fixed(demo_office):
    visit = demo_office.visits.between(date(2026, 9, 1), DEMO_TODAY)[0]
    demo_office.visits.save(replace(visit, diagnoses=("E11",) + visit.diagnoses[1:]), DEMO_TODAY)  # a header
    made = demo_office.claims.make([visit.id], today=DEMO_TODAY).value.made[0]
    assert made.status is ClaimStatus.DRAFT
    findings = demo_office.claims.check([made.id], today=DEMO_TODAY).value[made.id]
    assert any(f.rule == "dx.billable" and f.box.startswith("21") for f in findings)
    with pytest.raises(UserError, match="have errors"):
        demo_office.printing.print_claims([made.id], today=DEMO_TODAY, deliver=lambda pdf: None)
    # Fix the visit: the next check refreshes the draft from the visit and it becomes ready.
    demo_office.visits.save(replace(visit, diagnoses=("E11.9",) + visit.diagnoses[1:]), DEMO_TODAY)
    demo_office.claims.check([made.id], today=DEMO_TODAY)
    assert demo_office.claims.get(made.id).status is ClaimStatus.READY
    assert demo_office.claims.get(made.id).diagnoses[0] == "E11.9"
    # Checking again changes nothing, and adds no history.
    before = demo_office.claims.history(made.id)
    demo_office.claims.check([made.id], today=DEMO_TODAY)
    assert demo_office.claims.history(made.id) == before
    assert [h.status for h in before] == [ClaimStatus.DRAFT, ClaimStatus.READY]


def test_print_moves_ready_claims_to_printed_and_freezes_them(demo_office):
    demo_office.claims.make(today=DEMO_TODAY)
    pdf, printed = demo_office.printing.print_claims(mode="full", today=DEMO_TODAY, deliver=lambda pdf: None).value
    assert len(printed) == DEMO_UNBILLED and pdf.startswith(b"%PDF")
    assert all(c.status is ClaimStatus.PRINTED and c.printed == DEMO_TODAY for c in printed)
    first = printed[0]
    # Editing the visit afterwards does not change the printed claim.
    visit = demo_office.visits.get(first.visit.id)
    demo_office.visits.save(replace(visit, prior_auth="CHANGED1"), DEMO_TODAY)
    demo_office.claims.check([first.id], today=DEMO_TODAY)
    assert demo_office.claims.get(first.id).visit.prior_auth == ""
    # Reprinting is allowed and recorded.
    again, _ = demo_office.printing.print_claims([first.id], mode="red", today=DEMO_TODAY, deliver=lambda pdf: None).value
    assert [h.note for h in demo_office.claims.history(first.id)][-1] == "reprinted"
    with pdfplumber.open(io.BytesIO(again)) as doc:
        assert first.patient.last_name.upper() in doc.pages[0].extract_text()


def test_correct_and_void_make_new_versions(demo_office):
    made = demo_office.claims.make(today=DEMO_TODAY).value.made
    claim = made[0]
    demo_office.printing.print_claims([claim.id], today=DEMO_TODAY, deliver=lambda pdf: None)
    demo_office.claims.set_payer_claim_number(claim.id, "ICN20261101")
    assert demo_office.claims.payer_claim_number(claim.id) == "ICN20261101"
    visit = demo_office.visits.get(claim.visit.id)
    extra = ServiceLine(from_date=visit.service_date, code="36415", pointers=(1,), charge=Money(1800))
    demo_office.visits.save(replace(visit, lines=visit.lines + (extra,)), DEMO_TODAY)
    replacement = demo_office.claims.correct(claim.id, today=DEMO_TODAY).value
    assert replacement.frequency == "7" and replacement.original_ref == "ICN20261101"
    assert replacement.version == 2 and replacement.id != claim.id
    assert replacement.lines[-1].code == "36415"
    assert demo_office.claims.get(claim.id).status is ClaimStatus.REPLACED
    assert demo_office.claims.get(claim.id).lines == claim.lines  # the original is never edited in place
    with pytest.raises(UserError, match="already replaced"):
        demo_office.claims.void(claim.id, today=DEMO_TODAY)
    pdf, _ = demo_office.printing.print_claims([replacement.id], today=DEMO_TODAY, deliver=lambda pdf: None).value
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = doc.pages[0].extract_text()
    assert "ICN20261101" in text
    voided = demo_office.claims.void(replacement.id, today=DEMO_TODAY).value
    assert voided.frequency == "8" and voided.version == 3
    # An unprinted claim is simply voided.
    other = demo_office.claims.void(made[1].id, today=DEMO_TODAY).value
    assert other.status is ClaimStatus.VOID and other.id == made[1].id


def test_duplicate_claim_is_caught(demo_office):
    visit = demo_office.visits.between(date(2026, 9, 1), DEMO_TODAY)[0]
    demo_office.claims.make([visit.id], today=DEMO_TODAY)
    twin = demo_office.visits.save(replace(visit, id=None, lines=tuple(replace(l, id=None) for l in visit.lines)),
                                  DEMO_TODAY).value
    made = demo_office.claims.make([twin.id], today=DEMO_TODAY).value.made[0]
    findings = demo_office.claims.check([made.id], today=DEMO_TODAY).value[made.id]
    assert any(f.rule == "claim.duplicate" for f in findings)


def test_duplicates_within_one_batch_are_caught(demo_office):
    visit = demo_office.visits.between(date(2026, 9, 1), DEMO_TODAY)[0]
    twin = demo_office.visits.save(replace(visit, id=None, lines=tuple(replace(l, id=None) for l in visit.lines)),
                                  DEMO_TODAY).value
    made = demo_office.claims.make([visit.id, twin.id], today=DEMO_TODAY).value.made
    assert [c.status for c in made] == [ClaimStatus.READY, ClaimStatus.DRAFT]
    assert any(f.rule == "claim.duplicate" for f in demo_office.claims.scrub(made[1], DEMO_TODAY))


def test_printer_offsets_saved_and_used(demo_office):
    demo_office.printing.save_offsets(2.5, -1.0)
    assert demo_office.printing.offsets() == (2.5, -1.0)
    with pytest.raises(UserError, match="25 mm"):
        demo_office.printing.save_offsets(40, 0)
    assert demo_office.printing.alignment_page().startswith(b"%PDF")


def test_claims_cli(demo_office, tmp_path, capsys):
    db = ["--db", str(demo_office.path)]
    demo_office.close()
    assert main([*db, "claims", "make", "--json"]) == 0
    made = json.loads(capsys.readouterr().out)["made"]
    assert len(made) == DEMO_UNBILLED
    assert main([*db, "claims", "check", "--json"]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert all(c["status"] == "ready" for c in checked)
    out = tmp_path / "claims.pdf"
    first, second = sorted(c["id"] for c in made)[:2]  # the demo year's claims are printed already
    assert main([*db, "claims", "print", "--out", str(out), "--mode", "full", "--ids", str(first), str(second),
                 "--offset-x", "1", "--offset-y", "1"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    assert main([*db, "claims", "list", "--status", "printed", "--json"]) == 0
    assert [c["id"] for c in json.loads(capsys.readouterr().out)][:2] == [second, first]
    assert main([*db, "claims", "print", "--out", str(out), "--ids", "9999"]) == 1
    assert "No claim has the number 9999" in capsys.readouterr().err
    assert main([*db, "claims", "alignment", "--out", str(tmp_path / "align.pdf"), "--save-offsets", "1", "2"]) == 0


def test_visit_findings_before_any_claim(demo_office):
    visit = demo_office.visits.between(date(2026, 9, 1), DEMO_TODAY)[0]
    assert demo_office.codes.ready()
    assert [f for f in demo_office.visits.findings(visit, DEMO_TODAY) if f.severity == "error"] == []
    header = replace(visit, diagnoses=("S52.501",) + visit.diagnoses[1:])
    findings = demo_office.visits.findings(header, DEMO_TODAY)
    assert any(f.rule == "dx.billable" and f.field == "visit.diagnoses[0]" for f in findings)


def test_picker_preferences_follow_new_visits(demo_office):
    first = [h.code for h in demo_office.codes.search("diabetes", "icd10cm", patient_id=1)]
    visit = demo_office.visits.for_patient(1)[0]
    demo_office.visits.save(replace(visit, diagnoses=("E11.42",) + visit.diagnoses[1:]), DEMO_TODAY)
    again = [h.code for h in demo_office.codes.search("diabetes", "icd10cm", patient_id=1)]
    assert again[0] == "E11.42" and again != first
    # A write through another connection (a background worker) is seen too.
    from officebill.office import Office

    with Office.open(demo_office.path) as worker:
        worker.visits.save(replace(worker.visits.get(visit.id), diagnoses=("E11.21",) + visit.diagnoses[1:]), DEMO_TODAY)
    assert [h.code for h in demo_office.codes.search("diabetes", "icd10cm", patient_id=1)][0] == "E11.21"


def _file_state(watcher):
    """What another program sees of the office file: its commit counter and the rows writes leave behind."""
    return {"data_version": watcher.execute("PRAGMA data_version").fetchone()[0],
            "audit": watcher.execute("SELECT count(*) FROM audit").fetchone()[0],
            "history": watcher.execute("SELECT count(*) FROM claim_status_history").fetchone()[0]}


def test_checking_claims_twice_writes_nothing_the_second_time(demo_office):
    """Reading never writes (issue 13): a check that finds nothing new commits nothing."""
    import sqlite3

    demo_office.claims.make(today=DEMO_TODAY)
    first = demo_office.claims.check(today=DEMO_TODAY).value
    heard = []
    demo_office.subscribe(heard.append)
    watcher = sqlite3.connect(demo_office.path)  # another connection: PRAGMA data_version moves on others' commits
    try:
        before = _file_state(watcher)
        second = demo_office.claims.check(today=DEMO_TODAY)
        assert _file_state(watcher) == before
        assert not second.changes and heard == []
        assert second.value.keys() == first.keys() and len(first) == DEMO_UNBILLED

        # The probe sees a real change: a visit edited, its claim refreshed by the next check.
        claim = demo_office.claims.list(("ready",))[0]
        visit = demo_office.visits.get(claim.visit.id)
        demo_office.visits.save(replace(visit, prior_auth="PA99"), DEMO_TODAY)
        saved = _file_state(watcher)
        assert saved["data_version"] != before["data_version"] and saved["audit"] > before["audit"]
        heard.clear()
        third = demo_office.claims.check(today=DEMO_TODAY)
        assert _file_state(watcher)["data_version"] != saved["data_version"]
        assert heard == [third.changes] and Area.CLAIMS in third.changes.areas
        assert demo_office.claims.get(claim.id).visit.prior_auth == "PA99"
    finally:
        watcher.close()


def test_subscribers_hear_each_write_with_its_areas_and_nothing_on_reads(demo_office):
    heard = []
    demo_office.subscribe(heard.append)
    visit = demo_office.visits.between(date(2026, 9, 1), DEMO_TODAY)[0]

    saved = demo_office.visits.save(replace(visit, prior_auth="PA12345"), DEMO_TODAY)
    assert heard == [saved.changes] and saved.changes.areas == {Area.VISITS}

    heard.clear()
    made = demo_office.claims.make([visit.id], today=DEMO_TODAY)
    assert heard == [made.changes] and Area.CLAIMS in made.changes.areas
    assert not made.changes.touches(Area.PATIENTS, Area.SETUP, Area.PROCEDURES, Area.MONEY)  # and no FILE
    claim_id = made.value.made[0].id

    heard.clear()
    demo_office.claims.list()
    demo_office.claims.get(claim_id)
    demo_office.claims.history(claim_id)
    demo_office.visits.get(visit.id)
    demo_office.visits.between(date(2026, 9, 1), DEMO_TODAY)
    demo_office.patients.find("", 1, 5)
    demo_office.setup.practice()
    demo_office.procedures.list()
    demo_office.codes.search("dm2")
    demo_office.audit.entries("claims")
    assert heard == []

    demo_office.unsubscribe(heard.append)
    demo_office.visits.save(replace(demo_office.visits.get(visit.id), prior_auth="PA2"), DEMO_TODAY)
    assert heard == []


def test_the_first_check_after_making_claims_writes_nothing(demo_office):
    demo_office.claims.make(today=DEMO_TODAY)
    assert not demo_office.claims.check(today=DEMO_TODAY).changes  # the snapshots already hold the billed visits
