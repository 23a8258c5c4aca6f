"""Patients screen: search as you type, the paged list, and the patient editor driven from the keyboard."""
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from officebill.core.money import Money
from officebill.core.records import Address, Patient, Relationship, Sex
from officebill.gui.patient_editor import PatientDialog
from officebill.gui.patients_view import PatientsView, PatientTableModel


def _patients_view(qtbot, office):
    view = PatientsView(office)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    with qtbot.waitExposed(view, timeout=20_000):
        view.show()
    return view


def _dialog(qtbot, view) -> PatientDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PatientDialog)
                    or any(isinstance(w, PatientDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PatientDialog) and w.isVisible())
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_register_a_patient_with_primary_and_spouse_secondary_from_the_keyboard(qtbot, demo_office):
    view = _patients_view(qtbot, demo_office)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, view)
    form = dialog.patient_form
    assert dialog.focusWidget() is form.fields["last_name"]
    qtbot.keyClicks(dialog.focusWidget(), "Quigley")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is form.fields["first_name"]  # tab order follows the form
    qtbot.keyClicks(dialog.focusWidget(), "Nora")
    qtbot.keyClicks(form.fields["dob"], "03/14/1980")
    qtbot.keyClicks(form.fields["sex"], "F")
    qtbot.keyClicks(form.fields["address.line1"], "12 Elm Ct")
    qtbot.keyClicks(form.fields["address.city"], "Springfield")
    qtbot.keyClicks(form.fields["address.state"], "il")
    qtbot.keyClicks(form.fields["address.zip"], "62704")
    qtbot.keyClicks(form.fields["phone"], "2175550199")

    # Ctrl+PageDown goes to the primary policy tab and focuses its payer.
    qtbot.keyClick(form.fields["phone"], Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert dialog.tabs.currentIndex() == 1
    primary = dialog.policy_panels[0]
    assert dialog.focusWidget() is primary.form.fields["payer_id"]
    qtbot.keyClicks(primary.form.fields["payer_id"], "Blue")
    assert primary.payer_name().startswith("Blue Cross")
    qtbot.keyClicks(primary.form.fields["member_id"], "xq123456789")
    qtbot.keyClicks(primary.form.fields["group_number"], "G5521")
    qtbot.keyClicks(primary.form.fields["copay"], "25")
    assert not primary.insured_box.isVisible()  # Self: no insured fields

    qtbot.keyClick(primary.form.fields["copay"], Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    secondary = dialog.policy_panels[1]
    assert dialog.tabs.currentIndex() == 2
    qtbot.keyClicks(secondary.form.fields["payer_id"], "Prairie")
    qtbot.keyClicks(secondary.form.fields["member_id"], "S55501")
    qtbot.keyClicks(secondary.form.fields["relationship"], "Sp")
    assert secondary.insured_box.isVisible()
    insured = secondary.insured
    qtbot.keyClicks(insured.fields["insured.last_name"], "Quigley")
    qtbot.keyClicks(insured.fields["insured.first_name"], "Owen")
    qtbot.keyClicks(insured.fields["insured.dob"], "07/02/1978")
    qtbot.keyClicks(insured.fields["insured.sex"], "M")
    qtbot.keyClick(insured.fields["insured.dob"], Qt.Key.Key_Return)  # Enter = Save (default button)

    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = dialog.saved_patient
    patient = demo_office.patients.get(saved.id)
    assert (patient.last_name, patient.first_name, patient.dob, patient.sex) == (
        "Quigley", "Nora", date(1980, 3, 14), Sex.FEMALE)
    assert patient.address == Address(line1="12 Elm Ct", city="Springfield", state="IL", zip="62704")
    assert patient.phone == "(217) 555-0199"
    assert patient.account.startswith("A")
    first, second = demo_office.patients.policies(patient.id)
    payers = {p.id: p.name for p in demo_office.setup.payers()}
    assert (first.priority, payers[first.payer_id], first.member_id, first.group_number, first.copay) == (
        1, "Blue Cross Blue Shield of Illinois", "XQ123456789", "G5521", Money(2500))
    assert first.relationship is Relationship.SELF and first.insured is None
    assert (second.priority, payers[second.payer_id], second.relationship) == (2, "Prairie Health Plan",
                                                                                Relationship.SPOUSE)
    assert (second.insured.first_name, second.insured.dob, second.insured.sex) == ("Owen", date(1978, 7, 2), Sex.MALE)
    assert second.insured.address == patient.address  # "lives at the patient's address"
    assert view.current_patient().id == patient.id  # the list shows the new patient


def test_problems_show_beside_fields_on_their_tab_and_nothing_is_saved(qtbot, demo_office):
    before = demo_office.patients.count()
    dialog = PatientDialog(demo_office)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.patient_form
    qtbot.keyClicks(form.fields["last_name"], "Doe")
    qtbot.keyClicks(form.fields["dob"], "13/45/2001")
    panel = dialog.policy_panels[0]
    qtbot.keyClicks(panel.form.fields["payer_id"], "Medicare")
    qtbot.keyClicks(panel.form.fields["relationship"], "Child")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "not a date" in dialog.error_text("dob")
    assert "first name" in dialog.error_text("first_name")
    assert dialog.error_text("member_id", tab=1)
    assert dialog.error_text("insured.last_name", tab=1)
    assert demo_office.patients.count() == before

    # Fixing the typing problem leaves the facade's own check of the ZIP beside the ZIP field.
    form.fields["dob"].clear()
    qtbot.keyClicks(form.fields["dob"], "01/02/2001")
    qtbot.keyClicks(form.fields["first_name"], "Jane")
    for name, text in (("address.line1", "1 Main St"), ("address.city", "Springfield"), ("address.state", "IL"),
                       ("address.zip", "627")):
        qtbot.keyClicks(form.fields[name], text)
    panel.form.fields["payer_id"].setCurrentIndex(0)
    panel.form.fields["relationship"].setCurrentIndex(0)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "ZIP" in dialog.error_text("address.zip")
    assert dialog.tabs.currentIndex() == 0
    assert demo_office.patients.count() == before


def test_search_finds_by_name_account_and_birth_date(qtbot, demo_office):
    view = _patients_view(qtbot, demo_office)
    target = demo_office.patients.find("", 1, 10)[0]
    qtbot.keyClicks(view.search, target.last_name[:4].lower())
    assert view.model.rowCount() >= 1
    assert all(p.last_name.lower().startswith(target.last_name[:4].lower()) for p in view.model.rows)

    view.search.clear()
    qtbot.keyClicks(view.search, target.account)
    assert [p.id for p in view.model.rows] == [target.id]

    view.search.clear()
    qtbot.keyClicks(view.search, target.dob.strftime("%m/%d/%Y"))
    assert target.id in [p.id for p in view.model.rows]
    assert all(p.dob == target.dob for p in view.model.rows)

    view.search.clear()
    qtbot.keyClicks(view.search, "zzzznobody")
    assert view.model.rowCount() == 0
    assert view.count_label.text() == "No patient matches"


def test_enter_in_search_opens_the_patient_and_new_visit_goes_to_the_visits_screen(qtbot, main_window,
                                                                                      monkeypatch):
    asked = []
    monkeypatch.setattr(main_window.visits, "new_visit", lambda patient_id=None: asked.append(patient_id))
    target = main_window.office.patients.find("", 1, 5)[0]
    main_window.find_patient()
    view = main_window.patients
    qtbot.keyClicks(view.search, target.account)
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    dialog = _dialog(qtbot, view)
    assert dialog.patient_id == target.id
    qtbot.mouseClick(dialog.visit_button, Qt.MouseButton.LeftButton)  # Save and new visit
    qtbot.waitUntil(lambda: asked == [target.id])
    assert main_window.stack.currentWidget() is main_window.visits


def _letters(number: int) -> str:
    """Names may not hold digits: 10 -> 'aaaba' (digits written as letters a-j)."""
    return "".join("abcdefghij"[int(d)] for d in f"{number:05d}")


def _many_patients(office, count: int) -> None:
    with office.transaction():
        for number in range(count):
            office.patients.save(Patient(
                last_name=f"Pe{_letters(number)}", first_name="Pat", dob=date(1970, 1, 1 + number % 28),
                sex=Sex.FEMALE, address=Address(line1="1 Main St", city="Springfield", state="IL", zip="62704")))


def test_the_list_fetches_patients_in_pages(qtbot, office):
    _many_patients(office, 2100)
    calls = []
    real = office.patients.find
    office.patients.find = lambda *a, **k: calls.append(a) or real(*a, **k)
    model = PatientTableModel(office, page_size=200)
    model.set_query("")
    assert model.rowCount() == 200 and model.total == 2100
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 400
    assert all(limit == 200 for _text, limit, _offset in calls)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 2100
    assert model.data(model.index(2099, 1)) == f"Pe{_letters(2099)}, Pat"

    model.set_query("Peaaab")  # numbers 10..19
    assert model.rowCount() == 10 and not model.canFetchMore()


def test_scrolling_the_view_fetches_more(qtbot, office):
    _many_patients(office, 2100)
    view = _patients_view(qtbot, office)
    assert view.model.rowCount() == 200
    assert view.count_label.text() == "2,100 patients"
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.model.rowCount() > 200)
    assert view.model.rowCount() < 2100  # only what scrolling needed


def test_a_secondary_policy_is_made_primary_with_one_key(qtbot, demo_office):
    patient = next(p for p in demo_office.patients.find(limit=100) if len(demo_office.patients.policies(p.id)) == 2)
    before = demo_office.patients.policies(patient.id)
    dialog = PatientDialog(demo_office, patient.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.tabs.setCurrentIndex(2)  # the secondary policy
    qtbot.keyClick(dialog, Qt.Key_Up, Qt.ControlModifier | Qt.ShiftModifier)
    assert dialog.tabs.currentIndex() == 1
    assert dialog.policy_panels[0].policy_id == before[1].id
    assert dialog.save()
    after = demo_office.patients.policies(patient.id)
    assert [(p.id, p.priority) for p in after] == [(before[1].id, 1), (before[0].id, 2)]
    assert after[0].member_id == before[1].member_id and after[0].insured == before[1].insured
    assert after[1].member_id == before[0].member_id and after[1].insured == before[0].insured
