"""Issue 15, "No stray key changes a record": the patient editor opened by keys from the real window opens on
the name, keeps a billed patient's account number read-only (changed only on purpose), asks before Enter
saves a changed identifier, and types nothing for an Alt+letter that is no shortcut."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from officebill.core.records import Address, Patient, Sex
from officebill.gui.patient_editor import PatientDialog


def _focused():
    return QApplication.focusWidget()


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focused(), key, modifier)


def _open_by_keys(qtbot, window, account: str) -> PatientDialog:
    """Ctrl+F, the account number, Enter: the patient editor."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(_focused(), account)
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(isinstance(w, PatientDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PatientDialog) and w.isVisible())
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.waitUntil(lambda: _focused() is not None and dialog.isAncestorOf(_focused()))
    return dialog


def _billed_patient(office) -> Patient:
    return next(p for p in office.patients.find("", 50) if office.patients.has_history(p.id))


def _unbilled_patient(office) -> Patient:
    saved, _ = office.patients.save(Patient(
        last_name="Newcomb", first_name="Ida", dob=date(1990, 5, 6), sex=Sex.FEMALE,
        address=Address(line1="1 Main St", city="Springfield", state="IL", zip="62704"))).value
    return saved


def test_has_history_tells_billed_patients_from_new_ones(demo_office):
    assert demo_office.patients.has_history(_billed_patient(demo_office).id)
    assert not demo_office.patients.has_history(_unbilled_patient(demo_office).id)


def test_the_facade_changes_a_billed_patients_account_only_on_purpose(demo_office):
    from dataclasses import replace

    from officebill.core.problems import ValidationFailed

    patient = _billed_patient(demo_office)
    with pytest.raises(ValidationFailed) as refused:
        demo_office.patients.save(replace(patient, account="5"))
    assert [p.field for p in refused.value.problems] == ["account"]
    assert demo_office.patients.get(patient.id).account == patient.account
    demo_office.patients.save(replace(patient, account="B88"), account_change=True)
    assert demo_office.patients.get(patient.id).account == "B88"
    new = _unbilled_patient(demo_office)
    demo_office.patients.save(replace(new, account="B89"))  # nothing sent yet: typed freely
    assert demo_office.patients.get(new.id).account == "B89"


def test_a_billed_patient_opens_on_the_name_and_a_stray_5_enter_changes_nothing(qtbot, main_window, answers):
    office = main_window.office
    patient = _billed_patient(office)
    dialog = _open_by_keys(qtbot, main_window, patient.account)
    form = dialog.patient_form
    account = form.fields["account"]
    assert _focused() is form.fields["last_name"]  # never the account with its number selected
    qtbot.waitUntil(lambda: not form.fields["last_name"].hasSelectedText())  # nor the name selected
    assert account.isReadOnly() and "Change account number" in account.toolTip()
    assert form.change_account_button.isVisible()

    qtbot.keyClicks(account, "5")  # typed over the number, it stays
    assert account.text() == patient.account
    _key(qtbot, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # Alt+U, the account's mnemonic
    qtbot.keyClicks(_focused(), "5")
    _key(qtbot, Qt.Key.Key_Return)  # nothing changed: Enter saves and closes without a question
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert answers["asked"] == []
    assert office.patients.get(patient.id).account == patient.account


def test_the_account_number_changes_only_through_its_button_and_a_confirmation(qtbot, main_window, answers,
                                                                               monkeypatch):
    office = main_window.office
    patient = _billed_patient(office)
    asked_for = []
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda parent, title, label, *a, **k: asked_for.append(label) or ("B77", True)))
    dialog = _open_by_keys(qtbot, main_window, patient.account)
    _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # Alt+N: Change account number…
    qtbot.waitUntil(lambda: bool(asked_for))  # a mnemonic clicks the button after its short press animation
    assert patient.account in asked_for[0]
    assert answers["asked"][0][0] == "Change account number" and "B77" in answers["asked"][0][1]
    assert dialog.patient_form.text("account") == patient.account  # not confirmed: unchanged

    answers["answer"] = QMessageBox.StandardButton.Yes
    _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.patient_form.text("account") == "B77")
    _key(qtbot, Qt.Key.Key_Return)  # confirmed already: Enter saves without asking again
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(answers["asked"]) == 2
    assert office.patients.get(patient.id).account == "B77"


def test_enter_shows_a_changed_name_and_saves_it_only_when_told(qtbot, main_window, answers):
    office = main_window.office
    patient = _billed_patient(office)
    dialog = _open_by_keys(qtbot, main_window, patient.account)
    _key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # Alt+F: First name
    first = dialog.patient_form.fields["first_name"]
    assert _focused() is first
    first.selectAll()
    qtbot.keyClicks(first, "Zelda")
    _key(qtbot, Qt.Key.Key_Return)
    assert answers["asked"][-1][0] == "Save changed identifiers?"
    assert f"First name: {patient.first_name} → Zelda" in answers["asked"][-1][1]
    assert dialog.isVisible() and "Not saved" in dialog.general.text()
    assert office.patients.get(patient.id).first_name == patient.first_name

    answers["answer"] = QMessageBox.StandardButton.Save
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert office.patients.get(patient.id).first_name == "Zelda"


def test_a_new_patients_account_can_be_typed_but_enter_shows_the_change(qtbot, main_window, answers):
    office = main_window.office
    patient = _unbilled_patient(office)
    main_window.patients.refresh()
    dialog = _open_by_keys(qtbot, main_window, patient.account)
    form = dialog.patient_form
    assert _focused() is form.fields["last_name"]
    assert not form.fields["account"].isReadOnly() and not form.change_account_button.isVisible()
    _key(qtbot, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert _focused() is form.fields["account"]
    form.fields["account"].selectAll()
    qtbot.keyClicks(_focused(), "5")
    _key(qtbot, Qt.Key.Key_Return)
    assert answers["asked"] and f"Account: {patient.account} → 5" in answers["asked"][-1][1]
    assert office.patients.get(patient.id).account == patient.account


def test_enter_shows_a_changed_member_id(qtbot, main_window, answers):
    office = main_window.office
    patient = next(p for p in office.patients.find("", 50)
                   if office.patients.has_history(p.id) and office.patients.policies(p.id))
    policy = office.patients.policies(patient.id)[0]
    dialog = _open_by_keys(qtbot, main_window, patient.account)
    _key(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # the primary policy's tab
    member = dialog.policy_panels[0].form.fields["member_id"]
    member.setFocus()
    member.selectAll()
    qtbot.keyClicks(member, "ZZ999")
    _key(qtbot, Qt.Key.Key_Return)
    assert f"Primary policy member ID: {policy.member_id} → ZZ999" in answers["asked"][-1][1]
    assert office.patients.policies(patient.id)[0].member_id == policy.member_id
    dialog.done(0)


def test_an_alt_letter_that_is_no_shortcut_types_nothing_in_the_patient_editor(qtbot, main_window, answers):
    patient = _billed_patient(main_window.office)
    dialog = _open_by_keys(qtbot, main_window, patient.account)
    last = dialog.patient_form.fields["last_name"]
    assert _focused() is last
    _key(qtbot, Qt.Key.Key_End)
    for key in (Qt.Key.Key_K, Qt.Key.Key_Q, Qt.Key.Key_Z):
        _key(qtbot, key, Qt.KeyboardModifier.AltModifier)
    assert last.text() == patient.last_name
    qtbot.keyClicks(last, "k")  # a plain letter still types
    assert last.text() == patient.last_name + "k"
    dialog.done(0)


def test_an_alt_letter_that_is_no_shortcut_types_nothing_in_the_patient_search(qtbot, main_window):
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = main_window.patients.search
    assert _focused() is search
    qtbot.keyClicks(search, "alv")
    found = main_window.patients.model.total
    for key in (Qt.Key.Key_K, Qt.Key.Key_Q, Qt.Key.Key_Z):
        _key(qtbot, key, Qt.KeyboardModifier.AltModifier)
    assert search.text() == "alv" and main_window.patients.model.total == found
