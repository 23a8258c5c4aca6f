"""The Visits screen driven from the keyboard only: entering, saving, problems, save-and-new."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from officebill.core.money import Money
from tests.gui.visit_fixtures import DAY, focused, office, press, type_text, view, visit_codes_db, visit_demo_template  # noqa: F401

GUI = Path(__file__).resolve().parents[2] / "officebill" / "gui"


def _pick_patient(qtbot, view, text="Alvarez, Ai"):
    assert focused() is view.field("patient_id")
    type_text(qtbot, text)
    assert view.header.patient_picker.is_open()
    press(qtbot, Qt.Key_Return)
    assert view.patient is not None
    return view.patient


def _add_diagnosis(qtbot, view, text, code):
    """Type into the diagnosis picker and move down to `code`, then Enter."""
    assert focused() is view.diagnoses.field
    type_text(qtbot, text)
    picker = view.diagnoses.picker
    assert picker.is_open()
    for _ in range(20):
        if picker.current_row().code == code:
            break
        press(qtbot, Qt.Key_Down)
    assert picker.current_row().code == code
    press(qtbot, Qt.Key_Return)


def _enter_line(qtbot, view, code, pointers=None):
    """On a line's procedure field: type the code, Enter to pick, optionally Tab to pointers; Enter ends the line."""
    type_text(qtbot, code)
    press(qtbot, Qt.Key_Return)  # picks; focus moves to the modifiers
    if pointers is not None:
        press(qtbot, Qt.Key_Tab)  # to pointers (Tab selects the default "A")
        type_text(qtbot, pointers)
    press(qtbot, Qt.Key_Return)  # next line


def test_enter_a_visit_without_the_mouse(qtbot, view, office):
    before = len(office.visits.between(DAY, DAY))
    patient = _pick_patient(qtbot, view)
    assert focused() is view.field("service_date")
    assert view.field("service_date").text() == DAY.strftime("%m/%d/%Y")
    press(qtbot, Qt.Key_D, Qt.ControlModifier)  # Ctrl+D: the diagnosis picker
    _add_diagnosis(qtbot, view, "E11.9", "E11.9")
    _add_diagnosis(qtbot, view, "htn", "I10")
    assert view.diagnoses.codes() == ["E11.9", "I10"]

    press(qtbot, Qt.Key_Return)  # Enter on the empty diagnosis field: on to the first service line
    assert focused() is view.lines.rows[0].code
    _enter_line(qtbot, view, "99214")
    assert focused() is view.lines.rows[1].code
    _enter_line(qtbot, view, "83036", pointers="AB")
    _enter_line(qtbot, view, "36415")
    press(qtbot, Qt.Key_Return)  # Enter on the blank last line: on to the copay
    assert focused() is view.copay_field

    fee = {code: office.procedures.get(code).charge for code in ("99214", "83036", "36415")}
    assert view.total_label.text().startswith(f"Total charges: {Money.total(fee.values())}")
    primary = min(office.patients.policies(patient.id), key=lambda p: p.priority)
    assert view.copay_field.text() == primary.copay.plain()

    with qtbot.waitSignal(view.status_message) as status:
        assert view.save()  # the main window's Ctrl+S
    assert "Saved" in status.args[0]

    stored = [v for v in office.visits.between(DAY, DAY) if v.patient_id == patient.id and v.id == view.visit_id]
    assert len(office.visits.between(DAY, DAY)) == before + 1
    visit = stored[0]
    assert visit.diagnoses == ("E11.9", "I10")
    assert [line.code for line in visit.lines] == ["99214", "83036", "36415"]
    assert [line.pointers for line in visit.lines] == [(1,), (1, 2), (1,)]
    assert [line.units for line in visit.lines] == [1, 1, 1]
    assert [line.charge for line in visit.lines] == [fee["99214"], fee["83036"], fee["36415"]]
    assert visit.total == Money.total(fee.values())
    assert visit.copay_collected == primary.copay
    assert visit.service_date == DAY
    assert visit.provider_id == view.field("provider_id").currentData()
    assert visit.pos == "11"
    # the saved visit heads the recent list
    assert view.recent_model.row_at(0).visit_id == visit.id


def test_units_multiply_the_fee_and_a_typed_charge_sticks(qtbot, view, office):
    _pick_patient(qtbot, view)
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    _add_diagnosis(qtbot, view, "I10", "I10")
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    row = view.lines.rows[0]
    type_text(qtbot, "90471")
    press(qtbot, Qt.Key_Return)
    for _ in range(2):
        press(qtbot, Qt.Key_Tab)
    assert focused() is row.units or focused().parent() is row.units
    type_text(qtbot, "3")
    fee = office.procedures.get("90471").charge
    assert row.charge.text() == fee.times(3).plain()
    press(qtbot, Qt.Key_Tab)
    type_text(qtbot, "99.50")
    press(qtbot, Qt.Key_Tab)
    assert row.charge.text() == "99.50"
    assert view.save()
    line = office.visits.get(view.visit_id).lines[0]
    assert (line.units, line.charge) == (3, Money(9950))


def test_pointer_to_a_missing_diagnosis_shows_on_the_line_and_saves_nothing(qtbot, view, office):
    before = len(office.visits.between(DAY - timedelta(days=400), DAY))
    _pick_patient(qtbot, view)
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    _add_diagnosis(qtbot, view, "I10", "I10")
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    _enter_line(qtbot, view, "99213", pointers="B")
    statuses = []
    view.status_message.connect(statuses.append)
    assert not view.save()
    row = view.lines.rows[0]
    assert not row.problem.isHidden()
    assert "Pointer 2" in row.problem.text()
    assert row.pointers.property("invalid") is True
    assert "Not saved" in statuses[-1]
    assert len(office.visits.between(DAY - timedelta(days=400), DAY)) == before
    # everything typed is still there
    assert view.diagnoses.codes() == ["I10"]
    assert (row.code.text(), row.pointers.text()) == ("99213", "B")
    # fixing it saves and clears the problem
    row.pointers.setFocus()
    row.pointers.selectAll()
    type_text(qtbot, "A")
    assert view.save()
    assert view.lines.rows[0].problem.isHidden()


def test_problems_from_the_facade_show_beside_their_fields(qtbot, view, office):
    # no patient, a future date, a diagnosis twice is refused by the editor; a line without charge
    view.field("service_date").setText((DAY + timedelta(days=3650)).strftime("%m/%d/%Y"))
    view.lines.rows[0].code.setText("99999")
    assert not view.save()
    assert "patient" in view.problem_text("patient_id").lower()
    assert view.field("patient_id").property("invalid") is True
    assert "future" in view.problem_text("service_date").lower()
    assert "diagnosis" in view.diagnoses.problem.text().lower()
    assert "charge" in view.lines.rows[0].problem.text().lower()


def test_typed_text_errors_are_caught_before_saving(qtbot, view):
    view.field("service_date").setText("13/45/2025")
    view.copay_field.setText("ten dollars")
    assert not view.save()
    assert "MM/DD/YYYY" in view.problem_text("service_date")
    assert "amount" in view.problem_text("copay_collected")


def test_save_and_new_keeps_date_and_provider(qtbot, view, office):
    _pick_patient(qtbot, view)
    day_before = DAY - timedelta(days=1)
    view.field("service_date").selectAll()
    type_text(qtbot, day_before.strftime("%m/%d/%Y"))
    press(qtbot, Qt.Key_Tab)
    assert focused() is view.field("provider_id")
    press(qtbot, Qt.Key_Down)  # the next provider
    provider_id = view.field("provider_id").currentData()
    assert provider_id == office.setup.providers(active_only=True)[1].id
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    _add_diagnosis(qtbot, view, "J02.0", "J02.0")
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    _enter_line(qtbot, view, "99213")
    assert view.save_and_new()  # the main window's Ctrl+Shift+S
    assert view.visit_id is None and view.patient is None
    assert view.field("service_date").text() == day_before.strftime("%m/%d/%Y")
    assert view.field("provider_id").currentData() == provider_id
    assert view.diagnoses.codes() == [] and view.lines.filled_rows() == []
    assert focused() is view.field("patient_id")
    saved = [v for v in office.visits.between(day_before, day_before) if v.provider_id == provider_id]
    assert any(v.diagnoses == ("J02.0",) for v in saved)


def test_reorder_and_remove_diagnoses_with_the_keyboard_and_pointers_follow(qtbot, view):
    _pick_patient(qtbot, view)
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    for code in ("I10", "E78.5", "E11.9"):
        _add_diagnosis(qtbot, view, code, code)
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    _enter_line(qtbot, view, "99214", pointers="BC")
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    press(qtbot, Qt.Key_Tab)  # the diagnosis table
    assert focused() is view.diagnoses.table
    assert view.diagnoses.table.currentIndex().row() == 2  # the last one added
    press(qtbot, Qt.Key_Up, Qt.AltModifier)  # C (E11.9) becomes B
    press(qtbot, Qt.Key_Up, Qt.AltModifier)  # ... and then A
    assert view.diagnoses.codes() == ["E11.9", "I10", "E78.5"]
    assert view.lines.rows[0].pointers.text() == "CA"
    press(qtbot, Qt.Key_Down)  # to I10 (B)
    press(qtbot, Qt.Key_Delete)
    assert view.diagnoses.codes() == ["E11.9", "E78.5"]
    assert view.lines.rows[0].pointers.text() == "BA"


def test_open_a_recent_visit_with_enter_and_edit_it(qtbot, view, office):
    view.recent.setFocus()
    assert view.recent_model.rowCount() > 5
    press(qtbot, Qt.Key_Down)
    row = view.recent_model.row_at(view.recent.currentIndex().row())
    press(qtbot, Qt.Key_Return)
    assert view.visit_id == row.visit_id
    stored = office.visits.get(row.visit_id)
    assert view.diagnoses.codes() == list(stored.diagnoses)
    assert [r.code.text() for r in view.lines.filled_rows()] == [line.code for line in stored.lines]
    # change the copay and save: the same visit is updated, lines keep their ids
    view.copay_field.setText("12.00")
    assert view.save()
    again = office.visits.get(row.visit_id)
    assert again.copay_collected == Money(1200)
    assert [line.id for line in again.lines] == [line.id for line in stored.lines]
    assert again.lines == stored.lines


def test_pending_diagnosis_text_is_not_silently_dropped(qtbot, view):
    _pick_patient(qtbot, view)
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    type_text(qtbot, "E11.9")
    press(qtbot, Qt.Key_Escape)
    assert not view.save()
    assert "not added" in view.diagnoses.problem.text()


def test_findings_panel_is_fed_by_a_callable(qtbot, view):
    from dataclasses import dataclass

    @dataclass
    class Finding:  # the shape of officebill.claims Finding, without importing claims
        severity: str
        box: str
        field: str
        message: str

    seen = []

    def check(visit):
        seen.append(visit)
        return [Finding("error", "24E", "lines[0].pointers", "Point the line at the diagnosis it treats."),
                "A plain text finding"]

    view.set_findings_source(check)
    _pick_patient(qtbot, view)
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    _add_diagnosis(qtbot, view, "I10", "I10")
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    _enter_line(qtbot, view, "99213")
    statuses = []
    view.status_message.connect(statuses.append)
    assert view.save_and_new()
    saved_id = seen[0].id
    assert seen and seen[0].diagnoses == ("I10",)
    assert "claim check found 2" in statuses[-1]
    # the next visit is started, the findings of the saved one stay in sight
    assert view.visit_id is None and not view.findings_box.isHidden()
    assert view.findings.item(0).text().startswith("ERROR (box 24E): Point the line")
    assert view.findings.item(1).text() == "A plain text finding"
    # Enter on a finding opens that visit and goes to the field it names
    view.findings.setFocus()
    view.findings.setCurrentRow(0)
    press(qtbot, Qt.Key_Return)
    assert view.visit_id == saved_id
    assert focused() is view.lines.rows[0].pointers
    assert view.findings.count() == 2


def test_focus_field_follows_problem_paths(qtbot, view):
    view.open_visit(view.recent_model.row_at(0).visit_id)
    assert view.focus_field("visit.pos") and focused() is view.field("pos")
    assert view.focus_field("referring_npi") and focused() is view.field("referring_npi")
    assert view.focus_field("diagnoses[0]") and focused() is view.diagnoses.table
    assert view.focus_field("lines[0].charge") and focused() is view.lines.rows[0].charge
    assert not view.focus_field("payer.address")


def test_enter_moves_through_the_header_and_facility_sets_pos(qtbot, view, office):
    from dataclasses import replace

    clinic = office.setup.facilities(active_only=True)[1]
    office.setup.save_facility(replace(clinic, default_pos="20"))
    view.refresh()
    type_text(qtbot, "Alvarez, Ai")
    press(qtbot, Qt.Key_Tab)  # Tab takes the highlighted patient
    assert view.patient is not None and focused() is view.field("service_date")
    press(qtbot, Qt.Key_Return)
    assert focused() is view.field("provider_id")
    press(qtbot, Qt.Key_Return)
    assert focused() is view.field("facility_id")
    for _ in range(view.field("facility_id").count()):
        if view.field("facility_id").currentData() == clinic.id:
            break
        press(qtbot, Qt.Key_Down)
    assert view.field("facility_id").currentData() == clinic.id
    assert view.field("pos").text() == "20"
    assert "urgent" in view.header.pos_description.text().lower()
    press(qtbot, Qt.Key_Return)
    assert focused() is view.field("pos")
    type_text(qtbot, "office")  # Tab selected the text, so this replaces it
    assert view.header.pos_picker.current_row().code == "11"
    press(qtbot, Qt.Key_Return)
    assert view.field("pos").text() == "11" and view.header.pos_description.text() == "Office"


def test_unsaved_changes_are_known(qtbot, view):
    assert not view.has_unsaved_changes()
    _pick_patient(qtbot, view)
    assert view.has_unsaved_changes()
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    _add_diagnosis(qtbot, view, "I10", "I10")
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    _enter_line(qtbot, view, "99213")
    assert view.save()
    assert not view.has_unsaved_changes()
    view.open_visit(view.visit_id)
    assert not view.has_unsaved_changes()


def test_a_visit_of_an_inactive_provider_keeps_its_provider(qtbot, view, office):
    from dataclasses import replace

    visit = office.visits.between(DAY - timedelta(days=30), DAY)[0]
    provider = office.setup.provider(visit.provider_id)
    office.setup.save_provider(replace(provider, active=False))
    view.refresh()
    view.open_visit(visit.id)
    assert view.field("provider_id").currentData() == provider.id
    assert "(inactive)" in view.field("provider_id").currentText()
    assert view.save()
    assert office.visits.get(visit.id).provider_id == provider.id
    assert view.field("provider_id").currentData() == provider.id  # still shown after the refresh
    assert view.save()
    assert office.visits.get(visit.id).provider_id == provider.id
    view.new_visit()  # a new visit offers active providers only
    assert view.field("provider_id").currentData() != provider.id or view.field("provider_id").findData(provider.id) < 0


def test_the_claim_check_runs_on_save_through_the_facade(qtbot, view, office):
    """By default the screen asks office.visits.findings (the scrubber's visit-level rules)."""
    _pick_patient(qtbot, view)
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    _add_diagnosis(qtbot, view, "I10", "I10")
    view.diagnoses.add("E11")  # a header (the picker never adds one): saved, but a payer rejects it
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    _enter_line(qtbot, view, "99213")
    assert view.save()
    texts = [view.findings.item(i).text() for i in range(view.findings.count())]
    assert any("E11" in text and text.startswith("ERROR") for text in texts), texts
    assert not view.findings_box.isHidden()
    row = next(i for i, text in enumerate(texts) if "E11" in text)
    view.findings.setFocus()
    view.findings.setCurrentRow(row)
    press(qtbot, Qt.Key_Return)
    assert focused() is view.diagnoses.table
    assert view.diagnoses.table.currentIndex().row() == 1  # B, the header


def test_pointer_text_forms():
    from officebill.gui.visit_lines import format_pointers, parse_pointers

    assert parse_pointers("AB") == ((1, 2), None)
    assert parse_pointers("a, b") == ((1, 2), None)
    assert parse_pointers("A;C/L") == ((1, 3, 12), None)
    assert parse_pointers("AA") == ((1,), None)
    assert parse_pointers("")[0] == ()
    pointers, message = parse_pointers("AM")
    assert pointers == () and "'M'" in message
    assert format_pointers((3, 1)) == "CA"


def test_remove_a_line_with_ctrl_delete_and_twelve_diagnoses_at_most(qtbot, view, office):
    _pick_patient(qtbot, view)
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    _enter_line(qtbot, view, "99213")
    _enter_line(qtbot, view, "87880")
    assert [r.code.text() for r in view.lines.filled_rows()] == ["99213", "87880"]
    view.lines.rows[0].pointers.setFocus()
    press(qtbot, Qt.Key_Delete, Qt.ControlModifier)
    assert [r.code.text() for r in view.lines.filled_rows()] == ["87880"]
    assert focused() is view.lines.rows[0].code
    assert view.total_label.text().startswith(f"Total charges: {office.procedures.get('87880').charge}")
    codes = ["I10", "E11.9", "E78.5", "J02.0", "J06.9", "R05.1", "N39.0", "R30.0", "K21.9", "M54.50",
             "H66.91", "E03.9"]
    for code in codes:
        assert view.diagnoses.add(code)
    assert not view.diagnoses.add("Z23")
    assert "at most 12" in view.diagnoses.problem.text()
    assert not view.diagnoses.add("I10")  # twice
    assert view.diagnoses.codes() == codes


def test_a_new_empty_office_says_what_is_missing(qtbot, tmp_path):
    from officebill.gui.visit_entry import VisitsView
    from officebill.office import Office

    with Office.create(tmp_path / "office.db") as empty:
        screen = VisitsView(empty, today=lambda: DAY)
        qtbot.addWidget(screen)
        screen.show()
        assert screen.recent_model.rowCount() == 0 and screen.field("provider_id").count() == 0
        assert not screen.save()
        assert "patient" in screen.problem_text("patient_id").lower()
        assert "provider" in screen.problem_text("provider_id").lower()
        assert not screen.lines.problem.isHidden() or not screen.diagnoses.problem.isHidden()
        screen.close()


def test_changing_the_code_never_leaves_a_stale_fee(qtbot, view, office):
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    row = view.lines.rows[0]
    type_text(qtbot, "99213")
    press(qtbot, Qt.Key_Return)
    assert row.charge.text() == office.procedures.get("99213").charge.plain()
    row.code.setFocus()
    row.code.selectAll()
    type_text(qtbot, "73610")  # not on this office's list
    press(qtbot, Qt.Key_Escape)
    press(qtbot, Qt.Key_Tab)
    assert row.code.text() == "73610" and row.charge.text() == ""


# ---------------------------------------------------------------- accident, box 19, line details

def _tick_auto_accident(qtbot, view):
    """Alt+M opens More; Alt+U ticks 'Auto accident' and puts the focus on it."""
    press(qtbot, Qt.Key_M, Qt.AltModifier)
    qtbot.waitUntil(lambda: view.header.more.isVisible(), timeout=10_000)
    press(qtbot, Qt.Key_U, Qt.AltModifier)
    qtbot.waitUntil(lambda: view.field("accident_auto").isChecked(), timeout=10_000)
    assert focused() is view.field("accident_auto")


def _drug_visit_from_the_keyboard(qtbot, view, state="il"):
    _pick_patient(qtbot, view)
    _tick_auto_accident(qtbot, view)
    press(qtbot, Qt.Key_Tab)
    assert focused() is view.field("accident_state")
    type_text(qtbot, state)
    press(qtbot, Qt.Key_Tab)
    assert focused() is view.field("accident_other")
    press(qtbot, Qt.Key_Tab)
    assert focused() is view.field("additional_info")
    type_text(qtbot, "Ketorolac 30 mg IM")
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    _add_diagnosis(qtbot, view, "M54.50", "M54.50")
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    row = view.lines.rows[0]
    type_text(qtbot, "J1885")
    press(qtbot, Qt.Key_Return)  # picks; a drug code opens the line's details
    assert focused() is row.modifiers
    assert row.details_visible() and row.details.isVisible()
    for _ in range(4):  # pointers, units, charge, NDC
        press(qtbot, Qt.Key_Tab)
    assert focused() is row.ndc
    type_text(qtbot, "00409-1234-01")
    press(qtbot, Qt.Key_Tab)
    assert focused() is row.ndc_unit
    assert row.ndc.text() == "00409123401"  # normalised on leaving the field
    type_text(qtbot, "ML")  # the combo's type-ahead
    assert row.ndc_unit.currentData() == "ML"
    press(qtbot, Qt.Key_Tab)
    assert focused() is row.ndc_quantity
    type_text(qtbot, "2")
    return row


def test_accident_box19_and_a_drug_line_are_entered_from_the_keyboard(qtbot, view, office):
    _drug_visit_from_the_keyboard(qtbot, view)
    assert view.field("accident_state").text() == "IL"  # typed in lower case, shown upper case
    assert view.save()
    visit = office.visits.get(view.visit_id)
    assert (visit.accident_auto, visit.accident_state) == (True, "IL")
    assert (visit.accident_employment, visit.accident_other) == (False, False)
    assert visit.additional_info == "Ketorolac 30 mg IM"
    line = visit.lines[0]
    assert line.code == "J1885"
    assert (line.ndc, line.ndc_unit, line.ndc_quantity) == ("00409123401", "ML", "2")
    assert (line.from_date, line.to_date, line.emg) == (DAY, DAY, False)

    # opening it again shows the values, with More and the line's details open
    view.new_visit()
    assert view.header.more.isHidden() and not view.field("accident_auto").isChecked() and view.field("additional_info").text() == ""
    view.open_visit(visit.id)
    assert not view.header.more.isHidden()
    assert view.field("accident_auto").isChecked() and view.field("accident_state").text() == "IL"
    assert not view.field("accident_employment").isChecked() and not view.field("accident_other").isChecked()
    assert view.field("additional_info").text() == "Ketorolac 30 mg IM"
    row = view.lines.rows[0]
    assert row.details_visible()
    assert (row.ndc.text(), row.ndc_unit.currentData(), row.ndc_quantity.text()) == ("00409123401", "ML", "2")
    assert (row.from_date.text(), row.to_date.text()) == ("", "")  # the date of service, one day
    assert not view.has_unsaved_changes()
    assert view.save()
    assert office.visits.get(visit.id) == visit  # saving unchanged changes nothing


def test_auto_accident_without_a_state_shows_beside_the_state_and_saves_nothing(qtbot, view, office):
    before = len(office.visits.between(DAY - timedelta(days=400), DAY))
    _pick_patient(qtbot, view)
    _tick_auto_accident(qtbot, view)
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    _add_diagnosis(qtbot, view, "M54.50", "M54.50")
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    _enter_line(qtbot, view, "99213")
    statuses = []
    view.status_message.connect(statuses.append)
    assert not view.save()
    assert "state" in view.problem_text("accident_state").lower()
    assert view.field("accident_state").property("invalid") is True
    assert "Not saved" in statuses[-1]
    assert len(office.visits.between(DAY - timedelta(days=400), DAY)) == before
    # typing the state clears the mark; saving then works
    view.field("accident_state").setFocus()
    type_text(qtbot, "wi")
    assert view.problem_text("accident_state") == "" and view.field("accident_state").property("invalid") is False
    assert view.save()
    assert office.visits.get(view.visit_id).accident_state == "WI"


def test_save_and_new_clears_the_accident_box19_and_line_details(qtbot, view, office):
    _drug_visit_from_the_keyboard(qtbot, view)
    assert view.save_and_new()
    assert not view.field("accident_auto").isChecked() and view.field("accident_state").text() == ""
    assert view.field("additional_info").text() == "" and view.header.more.isHidden()
    assert not view.field("accident_state").isEnabled()  # only for an auto accident
    row = view.lines.rows[0]
    assert not row.details_visible() and row.ndc.text() == "" and row.ndc_unit.currentData() == ""


def test_line_details_key_span_emg_and_problems_on_the_line(qtbot, view, office):
    _pick_patient(qtbot, view)
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    _add_diagnosis(qtbot, view, "I10", "I10")
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    row = view.lines.rows[0]
    type_text(qtbot, "99213")
    press(qtbot, Qt.Key_Return)
    assert not row.details_visible()  # not a drug
    press(qtbot, Qt.Key_D, Qt.ControlModifier | Qt.ShiftModifier)
    assert row.details_visible() and focused() is row.ndc
    for _ in range(3):  # unit, quantity, from
        press(qtbot, Qt.Key_Tab)
    assert focused() is row.from_date
    type_text(qtbot, (DAY - timedelta(days=1)).strftime("%m/%d/%Y"))
    press(qtbot, Qt.Key_Tab)
    assert focused() is row.to_date
    type_text(qtbot, (DAY - timedelta(days=2)).strftime("%m/%d/%Y"))  # before "from": the facade says no
    press(qtbot, Qt.Key_Tab)
    assert focused() is row.emg
    press(qtbot, Qt.Key_Space)
    assert row.emg.isChecked()
    assert not view.save()
    assert "To date" in row.problem.text()
    assert row.to_date.property("invalid") is True
    # an NDC typed wrong is caught on the line, the details closed by the key come back for it
    row.to_date.setFocus()
    row.to_date.selectAll()
    type_text(qtbot, DAY.strftime("%m/%d/%Y"))
    row.ndc.setText("1234-5678")
    press(qtbot, Qt.Key_D, Qt.ControlModifier | Qt.ShiftModifier)
    assert not row.details_visible() and focused() is row.code
    assert row.details_button.text() == "▸•"  # closed, but holding something
    assert not view.save()
    assert row.details_visible() and "NDC" in row.problem.text() and row.ndc.property("invalid") is True
    assert view.focus_field("lines[0].ndc_unit") and focused() is row.ndc_unit
    row.ndc.clear()
    assert view.save()
    line = office.visits.get(view.visit_id).lines[0]
    assert (line.from_date, line.to_date, line.emg, line.ndc) == (DAY - timedelta(days=1), DAY, True, "")
    # reopened: the span shows, so the details are open
    view.open_visit(view.visit_id)
    row = view.lines.rows[0]
    assert row.details_visible() and row.from_date.text() == (DAY - timedelta(days=1)).strftime("%m/%d/%Y")
    assert row.to_date.text() == DAY.strftime("%m/%d/%Y") and row.emg.isChecked()


def test_a_drug_line_follows_the_core_ndc_rules(qtbot, view, office):
    """The NDC's form, units and messages come from core (one definition), not from the window."""
    from officebill.core.identifiers import ndc_line_problems
    from officebill.core.vocabularies import NdcUnit

    _pick_patient(qtbot, view)
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    _add_diagnosis(qtbot, view, "I10", "I10")
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    row = view.lines.rows[0]
    type_text(qtbot, "J1885")
    press(qtbot, Qt.Key_Return)
    assert row.details_visible()  # a drug: the NDC goes on the claim
    assert [row.ndc_unit.itemData(i) for i in range(1, row.ndc_unit.count())] == [u.value for u in NdcUnit]
    row.ndc.setFocus()
    type_text(qtbot, "0409-1234-01")  # 4-4-2: the labeler gets its leading zero
    press(qtbot, Qt.Key_Tab)
    assert row.ndc.text() == "00409123401"
    assert not view.save()  # no unit, no quantity: the save's own rules say so, in their words
    expected = ndc_line_problems("00409123401", "", "")
    for field, message in expected.items():
        assert message in row.problem.text(), (field, row.problem.text())
    row.ndc_unit.setCurrentIndex(row.ndc_unit.findData(NdcUnit.ML.value))
    row.ndc_quantity.setText("2.50")
    assert view.save(), row.problem.text()
    line = office.visits.get(view.visit_id).lines[0]
    assert (line.ndc, line.ndc_unit, line.ndc_quantity) == ("00409123401", "ML", "2.5")


def test_shortcut_help_lists_the_screens_keys(qtbot, view):
    keys = [key for key, _ in view.shortcut_help()]
    text = " ".join(keys)
    for key in ("Ctrl+D", "Ctrl+I", "Alt+Up", "Alt+Down", "Delete", "Ctrl+Delete", "Ctrl+Shift+D", "F4", "Enter"):
        assert key in text, key
    assert all(isinstance(k, str) and isinstance(w, str) and w for k, w in view.shortcut_help())


def test_an_ordering_provider_is_entered_with_its_box17_role(qtbot, view, office):
    _pick_patient(qtbot, view)
    press(qtbot, Qt.Key_M, Qt.AltModifier)
    qtbot.waitUntil(lambda: view.header.more.isVisible(), timeout=10_000)
    press(qtbot, Qt.Key_N, Qt.AltModifier)
    assert focused() is view.field("referring_name")
    type_text(qtbot, "Dana Whitfield")
    press(qtbot, Qt.Key_Tab)
    assert focused() is view.field("referring_npi")
    type_text(qtbot, "1598765430")
    press(qtbot, Qt.Key_Tab)
    assert focused() is view.field("referring_qualifier")
    press(qtbot, Qt.Key_Down)  # DN referring -> DK ordering
    assert view.field("referring_qualifier").currentData() == "DK"
    press(qtbot, Qt.Key_D, Qt.ControlModifier)
    _add_diagnosis(qtbot, view, "E11.9", "E11.9")
    press(qtbot, Qt.Key_I, Qt.ControlModifier)
    type_text(qtbot, "83036")
    press(qtbot, Qt.Key_Return)
    assert view.save()
    visit = office.visits.get(view.visit_id)
    assert (visit.referring_name, visit.referring_npi, visit.referring_qualifier) == (
        "Dana Whitfield", "1598765430", "DK")
    view.new_visit()
    assert view.field("referring_qualifier").currentData() == "DN"
    view.open_visit(visit.id)
    assert view.field("referring_qualifier").currentData() == "DK"


def test_header_mnemonics_focus_their_fields(qtbot, view):
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    press(qtbot, Qt.Key_S, Qt.AltModifier)  # Place of &service (Alt+P is the Payments menu)
    assert focused() is view.field("pos")
    press(qtbot, Qt.Key_T, Qt.AltModifier)
    assert focused() is view.field("patient_id")


def test_the_procedure_picker_ranks_for_the_date_of_service_typed_in_the_header(qtbot, view, office):
    patient = office.patients.find(limit=1)[0]
    view.new_visit(patient.id, service_date=DAY)
    assert view.lines.source.service_date() == DAY
    earlier = DAY - timedelta(days=4 * 365)
    view.header.date_field.setText(earlier.strftime("%m/%d/%Y"))
    assert view.lines.source.service_date() == earlier  # a visit years back ranks as of that day
    view.header.date_field.setText("13/45/20")
    assert view.lines.source.service_date() is None  # not a date yet: ranked as of today
