"""office.drafts: visits typed but not saved, kept per user (issue 15; issue 12's switch user).

A draft is its typist's: others neither list nor open it, a manager may list and discard anyone's. Making
and discarding a draft is audited (never the typed text); autosaves only update it."""
from datetime import date

import pytest

from officebill.core.money import Money
from officebill.core.records import ServiceLine, Visit
from officebill.office.session import NotAllowed
from tests.security.users_office import office_with_users, open_as

FORM = {"version": 1, "patient_text": "Alvarez, Ai", "diagnoses": ["I10"], "diagnosis_text": "E11.", "lines": []}


@pytest.fixture
def users_file(tmp_path):
    return office_with_users(tmp_path / "office.db")


def _patient(office, last="Rivera"):
    from officebill.core.records import Address, Patient

    home = Address(line1="78 Elm Ct", city="Springfield", state="IL", zip="62704")
    return office.patients.save(Patient(last_name=last, first_name="Ana", dob=date(1980, 2, 3),
                                        account=f"A{last}", address=home)).value.patient


def _audit(office):
    return office._db.execute("SELECT who, action, before, after FROM audit WHERE tbl = 'visit_drafts' "
                              "ORDER BY id").fetchall()


def test_a_draft_is_its_typists_own_and_a_manager_may_list_and_discard_anyone_s(users_file):
    with open_as(users_file, "desk") as desk:
        patient = _patient(desk)
        mine = desk.drafts.save(FORM, patient_id=patient.id, service_date=date(2026, 11, 20)).value
        assert mine.user_name == "desk" and mine.form == FORM and not mine.kept
        assert mine.patient_name == "Rivera, Ana" and mine.service_date == date(2026, 11, 20)
        again = desk.drafts.save({**FORM, "diagnoses": ["I10", "E11.9"]}, patient_id=patient.id,
                                 draft_id=mine.id, kept=True).value
        assert again.id == mine.id and again.kept and again.form["diagnoses"] == ["I10", "E11.9"]
        assert [d.id for d in desk.drafts.drafts()] == [mine.id] and desk.drafts.count() == 1
        assert desk.drafts.get(mine.id).form == again.form
        with pytest.raises(NotAllowed, match="Only a manager can see and discard other users' visit drafts"):
            desk.drafts.list_for("bill")
        with pytest.raises(NotAllowed):
            desk.drafts.list_for(None)
    with open_as(users_file, "bill") as biller:
        assert biller.drafts.drafts() == [] and biller.drafts.count() == 0
        with pytest.raises(NotAllowed, match="desk's; only they can open it"):
            biller.drafts.get(mine.id)
        with pytest.raises(NotAllowed):
            biller.drafts.discard(mine.id)
        theirs = biller.drafts.save(FORM).value  # an office's biller keeps drafts too
        assert biller.drafts.save({**FORM, "x": 1}, draft_id=mine.id).value.id not in (mine.id, theirs.id)
    with open_as(users_file, "boss") as boss:
        assert boss.drafts.drafts() == []
        assert [d.user_name for d in boss.drafts.list_for("desk")] == ["desk"]
        assert {d.user_name for d in boss.drafts.list_for()} == {"desk", "bill"}
        with pytest.raises(NotAllowed):
            boss.drafts.get(mine.id)  # listed and discarded, never opened: it holds what desk typed
        assert boss.drafts.discard(mine.id).value.id == mine.id
        assert boss.drafts.discard(mine.id).value is None  # already gone
        audit = _audit(boss)
    with open_as(users_file, "desk") as desk:
        assert desk.drafts.drafts() == []
    # made (once, not per save) and discarded, with who and why; never the typed text
    assert [(who, action) for who, action, _b, _a in audit] == [("desk", "insert"), ("bill", "insert"),
                                                                 ("bill", "insert"), ("boss", "delete")]
    assert "discarded by boss" in audit[-1][2] and all("Alvarez" not in (b or "") + (a or "") for *_x, b, a in audit)


def test_saving_the_visit_removes_its_draft(demo_office):
    patient = demo_office.patients.find("", 1)[0]
    provider = demo_office.setup.providers()[0]
    facility = demo_office.setup.facilities()[0]
    draft = demo_office.drafts.save(FORM, patient_id=patient.id).value
    visit = Visit(patient_id=patient.id, service_date=date(2026, 11, 20), provider_id=provider.id,
                  facility_id=facility.id, pos="11", diagnoses=("I10",),
                  lines=(ServiceLine(code="99213", pointers=(1,), units=1, charge=Money(9500)),))
    saved = demo_office.visits.save(visit, today=date(2026, 11, 27)).value
    assert demo_office.drafts.finish(draft.id, saved.id).value.id == draft.id
    assert demo_office.drafts.get(draft.id) is None and demo_office.drafts.drafts() == []
    note = demo_office._db.execute("SELECT before FROM audit WHERE tbl = 'visit_drafts' AND action = 'delete'"
                                   ).fetchone()[0]
    assert f"saved as visit #{saved.id}" in note


def test_a_draft_outlives_its_patient_deleted_or_merged_away(users_file):
    with open_as(users_file, "desk") as desk:
        patient = _patient(desk, "Gone")
        draft = desk.drafts.save(FORM, patient_id=patient.id, service_date=date(2026, 11, 20)).value
        with desk.transaction():  # what a merge does to the patient merged away (no service deletes one yet)
            desk._db.execute("DELETE FROM patients WHERE id = ?", [patient.id])
        kept = desk.drafts.get(draft.id)
        assert kept is not None and kept.patient_id is None and kept.patient_name == ""
        assert kept.form["patient_text"] == "Alvarez, Ai"  # what was typed is all still there


def test_a_form_that_is_not_plain_json_is_refused_with_a_reason(users_file):
    from officebill.core.problems import UserError

    with open_as(users_file, "desk") as desk:
        with pytest.raises(UserError, match="plain JSON"):
            desk.drafts.save({"when": date(2026, 1, 1)})
        with pytest.raises(UserError, match="more than a visit form can"):
            desk.drafts.save({"text": "x" * 300_000})
        assert desk.drafts.drafts() == []
