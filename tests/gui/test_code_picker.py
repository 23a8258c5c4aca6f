"""The code picker from the keyboard: search as you type, headers, 7th characters, notes, suggestions."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from officebill.gui.code_picker import CodePickerWidget
from tests.gui.visit_fixtures import office, press, type_text, visit_codes_db, visit_demo_template  # noqa: F401


def _picker(qtbot, office, system="icd10cm", patient_id=None, on=None):
    widget = CodePickerWidget(office, system, lambda: patient_id, service_date=lambda: on)
    qtbot.addWidget(widget)
    widget.resize(1000, 500)
    with qtbot.waitExposed(widget, timeout=20_000):
        widget.show()
    widget.activateWindow()
    widget.field.setFocus()
    qtbot.waitUntil(widget.field.hasFocus, timeout=10_000)
    picked = []
    widget.picked.connect(picked.append)
    return widget, widget.picker, picked


def _codes(picker):
    return [row.code for row in picker.rows() if row.selectable]


def _down_to(qtbot, picker, code, limit=40):
    for _ in range(limit):
        if picker.current_row() is not None and picker.current_row().code == code:
            return
        press(qtbot, Qt.Key_Down)
    raise AssertionError(f"{code} not reached; rows: {_codes(picker)[:limit]}")


def test_dm2_finds_e11_9_and_enter_picks_it(qtbot, office):
    widget, picker, picked = _picker(qtbot, office)
    type_text(qtbot, "dm2")
    assert picker.is_open()
    assert "E11.9" in _codes(picker)[:10]
    _down_to(qtbot, picker, "E11.9")
    assert "Excludes1" in picker.panel.notes.toPlainText()  # notes are visible before choosing
    press(qtbot, Qt.Key_Return)
    assert [row.code for row in picked] == ["E11.9"]
    assert widget.field.text() == "E11.9"
    assert not picker.is_open()


def test_results_follow_every_keystroke(qtbot, office):
    widget, picker, _ = _picker(qtbot, office)
    seen = []
    picker.results_changed.connect(lambda: seen.append(_codes(picker)[:1]))
    type_text(qtbot, "I10")
    assert len(seen) == 3  # one update per key, no waiting
    assert _codes(picker)[0] == "I10"


def test_seventh_character_prompt_makes_s52_501a(qtbot, office):
    widget, picker, picked = _picker(qtbot, office)
    type_text(qtbot, "S52.501")
    assert _codes(picker)[0] == "S52.501"
    assert not picker.current_row().billable
    press(qtbot, Qt.Key_Return)
    assert picker.is_open() and picked == []
    assert "7th character" in picker.panel.title.text()
    rows = picker.rows()
    first = rows[0]
    assert (first.code, first.key) == ("S52.501A", "A")
    assert "initial encounter for closed fracture" in first.description
    assert {"B", "D", "S"} <= {row.key for row in rows}
    press(qtbot, Qt.Key_A)  # type the letter
    assert [row.code for row in picked] == ["S52.501A"]
    assert widget.field.text() == "S52.501A"


def test_seventh_character_by_arrow_keys_and_esc_goes_back(qtbot, office):
    widget, picker, picked = _picker(qtbot, office)
    type_text(qtbot, "S52.501")
    press(qtbot, Qt.Key_Return)
    press(qtbot, Qt.Key_Escape)  # back to the search results
    assert picker.is_open() and picker.step is None and _codes(picker)[0] == "S52.501"
    press(qtbot, Qt.Key_Return)
    _down_to(qtbot, picker, "S52.501D")
    press(qtbot, Qt.Key_Return)
    assert [row.code for row in picked] == ["S52.501D"]


def test_picking_a_header_offers_its_billable_children(qtbot, office):
    widget, picker, picked = _picker(qtbot, office)
    type_text(qtbot, "E11")
    assert picker.current_row().code == "E11"
    assert not picker.current_row().billable
    assert "header" in picker.model.data(picker.panel.list.currentIndex())  # marked in the list
    press(qtbot, Qt.Key_Return)
    assert picked == [] and "not billable" in picker.panel.title.text()
    children = picker.rows()
    assert children and all(row.billable for row in children)
    assert all(row.code.startswith("E11.") for row in children)
    assert "E11.9" in [row.code for row in children]
    _down_to(qtbot, picker, "E11.9", limit=100)
    press(qtbot, Qt.Key_Return)
    assert [row.code for row in picked] == ["E11.9"]


def test_esc_closes(qtbot, office):
    widget, picker, picked = _picker(qtbot, office)
    type_text(qtbot, "htn")
    assert picker.is_open()
    press(qtbot, Qt.Key_Escape)
    assert not picker.is_open() and picked == []


def test_empty_picker_shows_patient_history_and_office_favourites(qtbot, office):
    patient = next(p for p in office.patients.find(limit=100) if office.visits.recent_diagnoses(p.id))
    widget, picker, picked = _picker(qtbot, office, patient_id=patient.id)
    assert picker.is_open()  # opened on focus, empty
    rows = picker.rows()
    headings = [row.description for row in rows if row.kind == "heading"]
    assert headings[0] == "This patient's previous diagnoses"
    recent = office.visits.recent_diagnoses(patient.id)
    assert [row.code for row in rows[1:1 + len(recent)]] == recent
    assert all(row.description for row in rows if row.kind != "heading")
    assert "Most used in this office" in headings
    # nothing is chosen until Down; the heading is skipped by the keys
    assert picker.current_row() is None
    press(qtbot, Qt.Key_Return)  # closes, adds nothing
    assert picked == [] and not picker.is_open()
    press(qtbot, Qt.Key_Down)  # opens again with the first suggestion chosen
    assert picker.current_row().code == recent[0]
    press(qtbot, Qt.Key_Up)
    assert picker.current_row().code == recent[0]
    press(qtbot, Qt.Key_Return)
    assert [row.code for row in picked] == [recent[0]]


@pytest.mark.parametrize("system, text, code", [("procedure", "9921", "99213"), ("pos", "office", "11"),
                                                ("modifier", "25", "25")])
def test_other_code_systems(qtbot, office, system, text, code):
    widget, picker, picked = _picker(qtbot, office, system)
    type_text(qtbot, text)
    _down_to(qtbot, picker, code)
    press(qtbot, Qt.Key_Return)
    assert [row.code for row in picked] == [code]


def test_procedure_picker_lists_the_office_list_first(qtbot, office):
    widget, picker, _ = _picker(qtbot, office, "procedure")
    type_text(qtbot, "vaccine")
    first = picker.rows()[0]
    assert office.procedures.get(first.code) is not None
    assert "Office fee" in picker.panel.notes.toPlainText()


def test_seventh_character_with_placeholder_x(qtbot, office):
    widget, picker, picked = _picker(qtbot, office)
    type_text(qtbot, "S02.0")
    assert picker.current_row().code == "S02.0"
    press(qtbot, Qt.Key_Return)
    assert "placeholder X" in picker.panel.title.text() and "S02.0XX_" in picker.panel.title.text()
    press(qtbot, Qt.Key_D)
    assert [row.code for row in picked] == ["S02.0XXD"]


def test_seventh_characters_follow_the_code_list(qtbot, office):
    """S06 with 6th character 7: only A exists (D and S are not valid there)."""
    widget, picker, picked = _picker(qtbot, office)
    type_text(qtbot, "S06.5X7")
    press(qtbot, Qt.Key_Return)
    assert [row.key for row in picker.rows()] == ["A"]
    press(qtbot, Qt.Key_D)  # not offered: the step stays and says so
    assert picked == [] and "not a 7th character" in picker.panel.title.text()
    press(qtbot, Qt.Key_Return)
    assert [row.code for row in picked] == ["S06.5X7A"]


def test_nothing_builds_the_code_database_on_the_gui_thread(qtbot, tmp_path, visit_demo_template):
    """Before the first-start build has made codes.db, the screen and its pickers never touch
    office.codes (which would build it synchronously); the office procedure list still works."""
    import shutil

    from officebill.gui.visit_entry import VisitsView
    from officebill.office import Office

    shutil.copy(visit_demo_template, tmp_path / "office.db")
    with Office.open(tmp_path / "office.db") as bare:
        assert not bare.codes.ready()
        view = VisitsView(bare)
        qtbot.addWidget(view)
        with qtbot.waitExposed(view, timeout=20_000):
            view.show()
        view.diagnoses.field.setFocus()
        qtbot.keyClicks(view.diagnoses.field, "dm2")
        assert view.diagnoses.picker.rows() == []
        assert "being prepared" in view.diagnoses.picker.panel.empty.text()
        row = view.lines.rows[0]
        row.code.setFocus()
        qtbot.keyClicks(row.code, "9921")
        assert "99213" in [r.code for r in row.picker.rows()]
        view.open_visit(bare.visits.for_patient(bare.patients.find(limit=1)[0].id)[0].id)  # no claim check yet
        assert view.save()
        assert not (tmp_path / "codes.db").exists()
        view.close()  # before the office closes


# ---- issue 15: search finds the words staff type ------------------------------------------------------

def _new_patient(office):
    from datetime import date

    from officebill.core.records import Address, Patient, Sex

    home = Address(line1="12 Elm St", city="Springfield", state="IL", zip="62701")
    return office.patients.save(Patient(account="N9001", last_name="Newcomb", first_name="Ava",
                                        dob=date(1980, 5, 5), sex=Sex.FEMALE, address=home)).value.patient


def _established_patient(office, day):
    from officebill.codes.procedure_terms import established_since

    return next(p for p in office.patients.find(limit=100)
                if any(established_since(day) <= v.service_date < day for v in office.visits.for_patient(p.id)))


@pytest.mark.parametrize(("typed", "label_word"), [
    ("office visit", "visit"), ("flu shot", "Flu vaccine"), ("ekg", "Electrocardiogram"), ("UA", "Urine"),
    ("CBC", "blood count"), ("CMP", "metabolic"), ("A1c", "A1c"), ("strep", "strep"), ("injection", "Injection"),
    ("new patient", "New patient"), ("established", "Established"),
])
def test_procedure_picker_finds_the_words_staff_type(qtbot, office, typed, label_word):
    widget, picker, picked = _picker(qtbot, office, "procedure")
    type_text(qtbot, typed)
    first = picker.current_row()
    assert first is not None and label_word.lower() in first.description.lower()
    assert office.procedures.get(first.code) is not None  # the office's own procedure, its own label
    press(qtbot, Qt.Key_Return)
    assert [row.code for row in picked] == [first.code]


def test_procedure_picker_hints_show_procedure_examples(qtbot, office):
    widget, picker, _ = _picker(qtbot, office, "procedure")
    start = picker.source.empty_message(False)  # shown when the office list is empty
    assert "office visit" in start and "E11.9" not in start
    type_text(qtbot, "zzqx")
    assert not picker.rows()
    hint = picker.panel.empty.text()
    assert "99213" in hint and "flu shot" in hint
    assert "E11.9" not in hint and "dm2" not in hint


def test_visit_enter_picks_an_established_code_for_an_established_patient(qtbot, office):
    from tests.gui.visit_fixtures import DAY

    patient = _established_patient(office, DAY)
    assert office.procedures.patient_kind(patient.id, DAY) == "established"
    widget, picker, picked = _picker(qtbot, office, "procedure", patient_id=patient.id, on=DAY)
    type_text(qtbot, "visit")
    codes = _codes(picker)
    assert max(codes.index(c) for c in ("99212", "99213", "99214", "99215")) < min(
        codes.index(c) for c in ("99202", "99203", "99204"))
    press(qtbot, Qt.Key_Return)
    assert picked[0].code in ("99212", "99213", "99214", "99215")


def test_visit_enter_picks_a_new_patient_code_for_a_new_patient(qtbot, office):
    from tests.gui.visit_fixtures import DAY

    patient = _new_patient(office)
    assert office.procedures.patient_kind(patient.id, DAY) == "new"
    widget, picker, picked = _picker(qtbot, office, "procedure", patient_id=patient.id, on=DAY)
    type_text(qtbot, "office visit")
    codes = _codes(picker)
    assert max(codes.index(c) for c in ("99202", "99203", "99204")) < min(
        codes.index(c) for c in ("99212", "99213", "99214", "99215"))
    press(qtbot, Qt.Key_Return)
    assert picked[0].code in ("99202", "99203", "99204", "99205")


@pytest.mark.parametrize(("typed", "general"), [("type 2 diabetes", "E11.9"), ("sore throat", "J02.9")])
def test_a_general_diagnosis_phrase_and_enter_give_the_general_code(qtbot, office, typed, general):
    patient = _new_patient(office)  # no history of its own: only the office's frequency could interfere
    assert {"E11.65", "J02.0"} & set(office.visits.most_used_diagnoses())  # the demo bills those often
    widget, picker, picked = _picker(qtbot, office, patient_id=patient.id)
    type_text(qtbot, typed)
    press(qtbot, Qt.Key_Return)
    assert [row.code for row in picked] == [general]


def test_sibling_descriptions_stay_distinguishable_in_the_list(qtbot, office):
    from PySide6.QtGui import QFontMetrics

    widget, picker, _ = _picker(qtbot, office)
    type_text(qtbot, "dm2 peripheral angiopathy")
    view, model = picker.panel.list, picker.model
    shown = {}
    for number in range(model.rowCount()):
        index = model.index(number)
        row = model.row_at(number)
        if row.code in ("E11.51", "E11.52"):
            text = model.data(index)
            shown[row.code] = QFontMetrics(view.font()).elidedText(text, view.textElideMode(),
                                                                  view.visualRect(index).width())
            assert row.description in model.data(index, Qt.ToolTipRole)  # the whole text on hover
    assert set(shown) == {"E11.51", "E11.52"}
    assert shown["E11.51"].endswith("without gangrene") and shown["E11.52"].endswith("with gangrene")
    assert shown["E11.51"] != shown["E11.52"]


def test_an_empty_procedure_field_offers_the_patients_kind_of_visit_first(qtbot, office):
    from tests.gui.visit_fixtures import DAY

    patient = _established_patient(office, DAY)
    widget, picker, picked = _picker(qtbot, office, "procedure", patient_id=patient.id, on=DAY)
    assert picker.is_open() and picker.current_row() is None  # opened on focus, nothing chosen yet
    press(qtbot, Qt.Key_Down)
    press(qtbot, Qt.Key_Return)
    assert picked[0].code in ("99212", "99213", "99214", "99215")
