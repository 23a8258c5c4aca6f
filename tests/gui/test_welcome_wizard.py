"""The setup wizard by keys: the facility page offers the practice's address, the first procedures come
from the starter list (ticked, fees changed, saved through the facade), Esc asks before throwing away
typed work and keeps what earlier pages saved."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from officebill.core.identifiers import npi_check_digit
from officebill.core.money import Money
from officebill.gui.starter_procedures import starter_procedures
from officebill.gui.welcome import STOP_QUESTION, SetupWizard

ALT = Qt.KeyboardModifier.AltModifier


def _wizard(qtbot, office) -> SetupWizard:
    wizard = SetupWizard(office)
    qtbot.addWidget(wizard)
    wizard.resize(1000, 700)
    with qtbot.waitExposed(wizard):
        wizard.show()
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    return wizard


def _type(qtbot, form, values) -> None:
    for name, text in values:
        form.fields[name].setFocus()
        qtbot.keyClicks(form.fields[name], text)


def _next(qtbot, wizard, page) -> None:
    qtbot.keyClick(QApplication.focusWidget() or wizard, Qt.Key.Key_N, ALT)  # Alt+N: Next acts
    qtbot.waitUntil(lambda: wizard.currentPage() is page)


def _through_to_facility(qtbot, wizard) -> None:
    _type(qtbot, wizard.practice_page.form, (
        ("name", "Elm Clinic"), ("address.line1", "1 Elm St"), ("address.city", "Springfield"),
        ("address.state", "IL"), ("address.zip", "62701-1234"), ("phone", "2175550100"),
        ("npi", "123456789" + str(npi_check_digit("123456789"))), ("tax_id", "37-1234567")))
    _next(qtbot, wizard, wizard.provider_page)
    _type(qtbot, wizard.provider_page.form, (("first_name", "Ada"), ("last_name", "Okafor"),
                                             ("npi", "198765432" + str(npi_check_digit("198765432")))))
    _next(qtbot, wizard, wizard.payers_page)
    _next(qtbot, wizard, wizard.facility_page)


def test_the_starter_list_reads_and_uses_the_offices_own_words():
    procedures = starter_procedures()
    codes = {p.code for p in procedures}
    assert {"99203", "99213", "99214", "99396", "90686", "93000", "81002", "85025", "80053", "83036", "87880",
            "36415", "96372"} <= codes
    assert all(p.label and p.charge > Money(0) for p in procedures)
    by_code = {p.code: p for p in procedures}
    assert "flu shot" in by_code["90686"].synonyms and "ekg" in by_code["93000"].synonyms
    assert by_code["99213"].label == "Established patient visit, low complexity"  # plain words, no descriptor


def test_facility_and_first_procedures_are_saved_from_the_keyboard(qtbot, office):
    wizard = _wizard(qtbot, office)
    _through_to_facility(qtbot, wizard)
    facility = wizard.facility_page.form
    assert facility.text("name") == "Elm Clinic" and facility.text("address.line1") == "1 Elm St"
    wizard.grab().save("/tmp/shots/wizard-facility.png")
    _next(qtbot, wizard, wizard.procedures_page)
    [saved] = office.setup.facilities()
    assert (saved.name, saved.address.city) == ("Elm Clinic", "Springfield")

    page = wizard.procedures_page
    table = page.table
    ticked_at_first = set(page.ticked_rows())
    assert ticked_at_first  # the usual ones come ticked
    flu = page.row_of("90686")
    ekg = page.row_of("93000")
    rapid_flu = page.row_of("87804")
    assert flu in ticked_at_first and rapid_flu not in ticked_at_first
    table.setFocus()
    table.setCurrentCell(rapid_flu, 0)
    qtbot.keyClick(table, Qt.Key.Key_Space)  # tick a procedure the office does
    table.setCurrentCell(flu, 0)
    qtbot.keyClick(table, Qt.Key.Key_Space)  # untick one it does not
    table.setCurrentCell(ekg, 2)
    qtbot.keyClicks(table, "7")  # typing over the fee opens its editor
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not table)
    qtbot.keyClicks(QApplication.focusWidget(), "2.50")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(ekg, 2).text() == "72.50")  # the editor commits once Return is handled
    wizard.grab().save("/tmp/shots/wizard-procedures.png")
    qtbot.keyClick(table, Qt.Key.Key_F, ALT)  # Alt+F: Finish acts on the last page
    qtbot.waitUntil(lambda: not wizard.isVisible())
    saved = {p.code: p for p in office.procedures.list()}
    assert "87804" in saved and "90686" not in saved
    assert saved["93000"].charge == Money.parse("72.50")
    assert "ekg" in saved["93000"].synonyms
    assert len(saved) == len(ticked_at_first)  # one in, one out


def test_a_fee_that_is_no_amount_is_named_and_nothing_is_saved(qtbot, office):
    wizard = _wizard(qtbot, office)
    _through_to_facility(qtbot, wizard)
    _next(qtbot, wizard, wizard.procedures_page)
    page = wizard.procedures_page
    row = page.ticked_rows()[0]
    page.table.item(row, 2).setText("lots")
    qtbot.keyClick(page.table, Qt.Key.Key_F, ALT)
    qtbot.waitUntil(lambda: page.error.isVisible())
    assert page.procedures[row].code in page.error.text()
    assert wizard.isVisible() and office.procedures.list() == []
    assert page.table.currentRow() == row


def test_esc_asks_before_throwing_away_typed_work_and_keeps_the_pages_finished(qtbot, office, answers):
    wizard = _wizard(qtbot, office)
    _through_to_facility(qtbot, wizard)
    qtbot.keyClick(wizard.facility_page.form.fields["name"], Qt.Key.Key_Escape)  # nothing typed: no question
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert answers["asked"] == []

    again = _wizard(qtbot, office)
    form = again.practice_page.form
    form.load(office.setup.practice())
    form.mark_clean()
    _next(qtbot, again, again.provider_page)
    provider = again.provider_page.form
    _type(qtbot, provider, (("first_name", "Bo"),))
    answers["answer"] = QMessageBox.StandardButton.No
    qtbot.keyClick(provider.fields["first_name"], Qt.Key.Key_Escape)
    assert answers["asked"] == [("Stop setting up?", STOP_QUESTION)]
    assert again.isVisible() and provider.text("first_name") == "Bo"  # No: the typing stays
    answers["answer"] = QMessageBox.StandardButton.Yes
    qtbot.keyClick(provider.fields["first_name"], Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not again.isVisible())
    assert office.setup.practice().name == "Elm Clinic"  # the pages finished stay saved
    assert [p.first_name for p in office.setup.providers()] == ["Ada"]
