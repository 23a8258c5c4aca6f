"""Setup screens and the procedure list: facade validation beside fields, nothing saved on error,
CSV import preview with row errors (all or nothing) and export."""
from PySide6.QtCore import Qt

from officebill.core.identifiers import npi_check_digit
from officebill.gui.office_changes import OfficeChanges
from officebill.gui.procedures_view import ProceduresView
from officebill.gui.setup_views import SetupView

GOOD_NPI = "123456789" + str(npi_check_digit("123456789"))


def _setup_view(qtbot, office):
    view = SetupView(office)
    OfficeChanges.of(office).changed.connect(view.office_changed)  # as the main window connects it
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    return view


def test_a_bad_provider_npi_shows_beside_the_field_and_saves_nothing(qtbot, office):
    view = _setup_view(qtbot, office)
    view.tabs.setCurrentWidget(view.providers)
    editor = view.providers
    form = editor.form
    qtbot.keyClicks(form.fields["first_name"], "Ada")
    qtbot.keyClicks(form.fields["last_name"], "Okafor")
    qtbot.keyClicks(form.fields["npi"], "1234567890")  # wrong check digit
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "check digit" in form.error_text("npi")
    assert form.errors["npi"].isVisible()
    assert not form.error_text("last_name")
    assert office.setup.providers() == []

    form.fields["npi"].clear()
    qtbot.keyClicks(form.fields["npi"], GOOD_NPI)
    assert view.save()  # Ctrl+S routes here through the main window
    assert not form.error_text("npi")
    [saved] = office.setup.providers()
    assert (saved.last_name, saved.npi) == ("Okafor", GOOD_NPI)
    assert editor.list.count() == 1


def test_a_bad_practice_npi_shows_beside_the_field_and_saves_nothing(qtbot, office):
    view = _setup_view(qtbot, office)
    form = view.practice.form
    for name, text in (("name", "Elm Clinic"), ("address.line1", "1 Elm St"), ("address.city", "Springfield"),
                       ("address.state", "IL"), ("address.zip", "62701-1234"), ("phone", "2175550100"),
                       ("npi", "123"), ("tax_id", "37-1234567")):
        qtbot.keyClicks(form.fields[name], text)
    qtbot.mouseClick(view.practice.save_button, Qt.MouseButton.LeftButton)
    assert "10 digits" in form.error_text("npi")
    assert office.is_empty()

    form.fields["npi"].clear()
    qtbot.keyClicks(form.fields["npi"], GOOD_NPI)
    with qtbot.waitSignal(view.practice_changed):
        qtbot.mouseClick(view.practice.save_button, Qt.MouseButton.LeftButton)
    assert office.setup.practice().npi == GOOD_NPI


def test_payer_editor_keeps_the_totals_rule(qtbot, office):
    view = _setup_view(qtbot, office)
    view.tabs.setCurrentWidget(view.payers)
    form = view.payers.form
    for name, text in (("name", "Lakeside Mutual"), ("address.line1", "9 Harbor Rd"), ("address.city", "Peoria"),
                       ("address.state", "IL"), ("address.zip", "61602"), ("payer_id", "lkm22")):
        qtbot.keyClicks(form.fields[name], text)
    qtbot.keyClicks(form.fields["totals_on_every_page"], "C")  # CONTINUED, total on the last page
    assert view.payers.save()
    [payer] = office.setup.payers()
    assert payer.totals_on_every_page is False
    assert payer.payer_id == "LKM22"


def test_facility_zip_problem_from_the_facade_sits_beside_the_zip(qtbot, office):
    view = _setup_view(qtbot, office)
    view.tabs.setCurrentWidget(view.facilities)
    form = view.facilities.form
    for name, text in (("name", "Clinic East"), ("address.line1", "4 Oak Ave"), ("address.city", "Springfield"),
                       ("address.state", "IL"), ("address.zip", "6270")):
        qtbot.keyClicks(form.fields[name], text)
    assert not view.save()
    assert "ZIP" in form.error_text("address.zip")
    assert office.setup.facilities() == []


BAD_CSV = ("code,system,label,charge,units,favorite,active\n"
           "99213,CPT,Office visit,125.00,1,yes,yes\n"
           "9921,CPT,Too short,80,1,no,yes\n"
           "\n"
           "J1885,HCPCS,Ketorolac,abc,1,no,maybe\n")
GOOD_CSV = ("code,system,label,charge,units,favorite,active\n"
            "99213,CPT,Office visit,125.00,1,yes,yes\n"
            "J1885,HCPCS,Ketorolac injection,12.00,1,no,yes\n")


def _procedures_view(qtbot, office):
    view = ProceduresView(office)
    OfficeChanges.of(office).changed.connect(view.office_changed)  # as the main window connects it
    qtbot.addWidget(view)
    view.show()
    return view


def test_import_preview_shows_row_errors_and_imports_nothing(qtbot, office, tmp_path):
    view = _procedures_view(qtbot, office)
    path = tmp_path / "fees.csv"
    path.write_text(BAD_CSV)
    dialog = view.import_file(path)
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == 3
    problems = [model.data(model.index(row, model.columnCount() - 1)) for row in range(3)]
    assert problems[0] == "OK"
    assert "5 characters" in problems[1]
    assert "not an amount" in problems[2] and "yes or no" in problems[2]
    # Row numbers are the file's line numbers, as the import's messages name them (the blank line counts).
    assert [model.data(model.index(row, 0)) for row in range(3)] == ["2", "3", "5"]
    assert not dialog.import_button.isEnabled()
    assert "nothing will be imported" in dialog.summary.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert office.procedures.list() == []


def test_a_byte_that_is_not_utf8_is_named_with_its_line(qtbot, office, tmp_path):
    """The file is read as bytes, so the reader can say on which line the bad byte sits."""
    view = _procedures_view(qtbot, office)
    path = tmp_path / "fees.csv"
    path.write_bytes(b"code,label,charge\n99213,Office visit,125.00\n99214,Caf\xe9 visit,150.00\n")
    dialog = view.import_file(path)
    qtbot.addWidget(dialog)
    assert "Line 3" in dialog.summary.text() and "0xE9" in dialog.summary.text(), dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_import_of_a_good_file_saves_every_row(qtbot, office, tmp_path):
    view = _procedures_view(qtbot, office)
    dialog = view.import_dialog(GOOD_CSV, "fees.csv")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [2]
    assert [p.code for p in office.procedures.list()] == ["99213", "J1885"]
    assert view.model.rowCount() == 2  # the view reloaded from its own office

    out = tmp_path / "out.csv"
    view.export_file(out)
    assert out.read_text().splitlines()[1] == "99213,CPT,Office visit,125.00,1,yes,yes"


def test_procedure_editor_shows_problems_and_save_and_new(qtbot, office):
    view = _procedures_view(qtbot, office)
    form = view.form
    qtbot.keyClicks(form.fields["code"], "99213")
    qtbot.keyClicks(form.fields["label"], "Office visit")
    qtbot.keyClicks(form.fields["charge"], "12x")
    assert not view.save()
    assert "not an amount" in form.error_text("charge")
    form.fields["charge"].clear()
    qtbot.keyClicks(form.fields["charge"], "125")
    assert view.save_and_new()
    assert office.procedures.get("99213").charge.cents == 12500
    assert form.text("code") == ""


def test_the_offices_own_words_for_a_procedure_are_typed_kept_and_found(qtbot, office):
    from officebill.core.money import Money
    from officebill.core.records import Procedure

    office.procedures.save(Procedure(code="82962", system="CPT", label="Glucose fingerstick", charge=Money(1500),
                                     synonyms="sugar test"))
    view = _procedures_view(qtbot, office)
    view.select(office.procedures.get("82962").id)
    form = view.form
    assert form.text("synonyms") == "sugar test"
    form.fields["synonyms"].end(False)
    qtbot.keyClicks(form.fields["synonyms"], ", bg check")
    assert view.save()
    assert office.procedures.get("82962").synonyms == "sugar test, bg check"
    qtbot.keyClicks(view.filter, "bg check")
    assert view.table.model().rowCount() == 1


def _answer(monkeypatch, button):
    from PySide6.QtWidgets import QMessageBox

    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_leaving_an_edited_provider_asks_first(qtbot, demo_office, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    view = _setup_view(qtbot, demo_office)
    view.tabs.setCurrentWidget(view.providers)
    editor = view.providers
    first = editor.list.item(0).text()
    assert not view.has_unsaved_changes()
    editor.form.fields["credential"].end(False)
    qtbot.keyClicks(editor.form.fields["credential"], "X")
    assert view.has_unsaved_changes()

    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    editor.list.setCurrentRow(1)
    assert asked and editor.list.currentRow() == 0 and editor.form.text("credential").endswith("X")

    _answer(monkeypatch, QMessageBox.StandardButton.Discard)
    editor.list.setCurrentRow(1)
    assert editor.list.currentRow() == 1 and not view.has_unsaved_changes()
    assert not any(p.credential.endswith("X") for p in demo_office.setup.providers())

    editor.form.fields["credential"].end(False)
    qtbot.keyClicks(editor.form.fields["credential"], "Y")
    _answer(monkeypatch, QMessageBox.StandardButton.Save)
    editor.list.setCurrentRow(2)
    assert editor.list.currentRow() == 2 and not view.has_unsaved_changes()
    assert sum(p.credential.endswith("Y") for p in demo_office.setup.providers()) == 1
    assert editor.list.item(0).text() == first


def test_leaving_an_edited_procedure_asks_first(qtbot, demo_office, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    view = _procedures_view(qtbot, demo_office)
    view.table.selectRow(0)
    code = view.form.text("code")
    label = view.form.fields["label"]
    label.setFocus()
    label.end(False)
    qtbot.keyClicks(label, " (edited)")
    assert view.has_unsaved_changes()
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Save)
    view.table.selectRow(3)
    assert asked and not view.has_unsaved_changes()
    assert demo_office.procedures.get(code).label.endswith("(edited)")
    assert view.form.text("code") == view.model.procedures[3].code


def _office_with_own_codes(tmp_path, codes_db):
    """An office whose code database is a private copy (the HCPCS import writes to it)."""
    import shutil

    from officebill.office import Office

    folder = tmp_path / "own"
    folder.mkdir()
    shutil.copy(codes_db, folder / "codes.db")
    return Office.create(folder / "office.db")


def test_hcpcs_file_imported_from_the_procedures_screen(qtbot, tmp_path, codes_db, monkeypatch, messages):
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog, QMessageBox

    fixture = Path(__file__).resolve().parents[1] / "codes" / "fixtures" / "hcpcs_sample.txt"
    office = _office_with_own_codes(tmp_path, codes_db)
    view = _procedures_view(qtbot, office)
    assert "none imported yet" in view.code_sets.text()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(fixture), "")))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(view.status_message, timeout=60_000) as said:
        qtbot.mouseClick(view.hcpcs_button, Qt.MouseButton.LeftButton)
    assert "holds 12 HCPCS codes" in asked[0] and "as an update" in asked[0]  # a short file is merged if asked
    assert said.args[0].startswith("Imported 12 HCPCS codes and 3 modifiers")
    assert "hcpcs_sample.txt" in view.code_sets.text()
    assert office.codes.search("syringe", "procedure")[0].code == "A4206"

    bad = tmp_path / "bad.txt"
    bad.write_text("this is not the CMS file\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), "")))
    qtbot.mouseClick(view.hcpcs_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any("Nothing was imported" in text for _title, text in messages), timeout=60_000)
    assert office.codes.releases()["hcpcs"].startswith("hcpcs_sample.txt")
    office.close()
