"""Override… in the Claims screen's findings: an overridable error asks for the reason, the claim becomes ready,
and the finding shows as overridden with its reason; Undo override blocks it again. Make new claim bills a
voided claim's visit again."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from officebill.core.money import Money
from officebill.core.records import ClaimStatus, ServiceLine, Visit
from officebill.demo import PAYERS, PRACTICE, PROVIDERS
from officebill.gui.claims_view import GROUPS, ClaimsView
from officebill.gui.override_dialog import OverrideDialog
from officebill.office import Office
from tests.billing.money_office import add_patient

REASON = "Payer granted a written exception for retroactive eligibility"


def _office_with_a_claim(tmp_path, codes_db, days_ago: int, prior_auth: str):
    (tmp_path / "codes.db").symlink_to(codes_db)
    office = Office.create(tmp_path / "office.db")
    office.setup.save_practice(PRACTICE)
    provider = office.setup.save_provider(PROVIDERS[0]).value
    payer = office.setup.save_payer(PAYERS[2]).value
    patient, policies = add_patient(office, payer.id, None)
    office.patients.save(replace(patient, signature_on_file=True), policies)
    day = date.today() - timedelta(days=days_ago)
    visit = office.visits.save(Visit(patient_id=patient.id, service_date=day, provider_id=provider.id, pos="11",
                                     prior_auth=prior_auth, diagnoses=("E11.9",),
                                     lines=(ServiceLine(code="99213", pointers=(1,), charge=Money(15000)),)),
                               date.today()).value
    (claim,) = office.claims.make([visit.id]).value.made
    assert claim.status is ClaimStatus.DRAFT
    return office, claim


@pytest.fixture
def late_claim_office(tmp_path, codes_db):
    """An office with one claim past Blue Cross's timely filing limit (an overridable error) whose prior
    authorization has a space (a warning no one overrides)."""
    office, claim = _office_with_a_claim(tmp_path, codes_db, 200, "PA 1234")
    with office:
        yield office, claim


def _view(qtbot, office) -> ClaimsView:
    view = ClaimsView(office)
    qtbot.addWidget(view)
    view.resize(1366, 720)
    with qtbot.waitExposed(view, timeout=20_000):
        view.show()
    return view


def _row_of(view, rule: str) -> int:
    model = view.finding_model
    return next(r for r in range(model.rowCount()) if model.finding_at(r).rule == rule)


def _typing_the_reason(qtbot, text: str, shown: list):
    """OverrideDialog.exec, as a user: type the reason; OK is enabled only for a reason of a few words."""
    def exec_(dialog):
        shown.append(dialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()
        qtbot.keyClicks(dialog.reason_edit, "unrelated")
        assert not ok.isEnabled() and dialog.problem_label.text()
        dialog.reason_edit.clear()
        qtbot.keyClicks(dialog.reason_edit, text)
        assert ok.isEnabled()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        return dialog.result()
    return exec_


def test_override_an_overridable_error_from_the_findings(qtbot, late_claim_office, monkeypatch):
    office, claim = late_claim_office
    view = _view(qtbot, office)
    assert view.tabs.currentIndex() == 0 and view.current_claim().id == claim.id

    # A finding whose rule allows no exception: Override… is off.
    view.finding_table.setCurrentIndex(view.finding_model.index(_row_of(view, "visit.prior_auth"), 0))
    assert not view.override_button.isEnabled() and not view.withdraw_button.isEnabled()

    row = _row_of(view, "payer.timely_filing")
    view.finding_table.setCurrentIndex(view.finding_model.index(row, 0))
    assert view.finding_model.data(view.finding_model.index(row, 0)) == "Error"
    assert view.override_button.isEnabled() and not view.withdraw_button.isEnabled()

    shown = []
    monkeypatch.setattr(OverrideDialog, "exec", _typing_the_reason(qtbot, REASON, shown))
    qtbot.mouseClick(view.override_button, Qt.MouseButton.LeftButton)
    assert shown and "payer.timely_filing" in shown[0].findChildren(type(view.title_label))[0].text()

    # The claim is ready now, shown on the Ready tab with the finding overridden and its reason.
    assert office.claims.get(claim.id).status is ClaimStatus.READY
    assert GROUPS[view.tabs.currentIndex()].statuses == (ClaimStatus.READY,)
    assert view.current_claim().id == claim.id
    row = _row_of(view, "payer.timely_filing")
    assert view.finding_model.data(view.finding_model.index(row, 0)) == "Overridden"
    assert REASON in view.finding_model.data(view.finding_model.index(row, 2))
    view.finding_table.setCurrentIndex(view.finding_model.index(row, 0))
    assert view.withdraw_button.isEnabled() and not view.override_button.isEnabled()
    history = view.detail.history_tree
    assert any(REASON in history.topLevelItem(i).text(2) for i in range(history.topLevelItemCount()))

    # Undo override: the claim needs attention again.
    qtbot.mouseClick(view.withdraw_button, Qt.MouseButton.LeftButton)
    assert office.claims.get(claim.id).status is ClaimStatus.DRAFT
    assert view.tabs.currentIndex() == 0 and view.current_claim().id == claim.id


def test_make_new_claim_for_a_voided_claims_visit(qtbot, late_claim_office, monkeypatch):
    office, claim = late_claim_office
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *args, **kwargs: QMessageBox.StandardButton.Ok))
    office.claims.void(claim.id)
    view = _view(qtbot, office)
    view.tabs.setCurrentIndex(3)
    assert view.current_claim().id == claim.id and view.bill_again_button.isEnabled()
    qtbot.mouseClick(view.bill_again_button, Qt.MouseButton.LeftButton)
    made = view.current_claim()
    assert made.id != claim.id and made.visit.id == claim.visit.id and made.status.is_unprinted
    assert not view.bill_again_button.isEnabled()


def test_an_error_the_guidelines_allow_no_exception_to_offers_no_override(qtbot, tmp_path, codes_db):
    office, claim = _office_with_a_claim(tmp_path, codes_db, 10, "P" * 30)  # box 23 holds 29 characters
    with office:
        view = _view(qtbot, office)
        assert view.current_claim().id == claim.id
        row = _row_of(view, "visit.prior_auth")
        assert view.finding_model.data(view.finding_model.index(row, 0)) == "Error"
        view.finding_table.setCurrentIndex(view.finding_model.index(row, 0))
        assert not view.override_button.isEnabled() and not view.withdraw_button.isEnabled()
