"""Setup > Clearinghouses: a profile typed in, problems beside fields, payers routed by ticking them."""
from PySide6.QtCore import Qt

from officebill.core.records import Address, Payer
from officebill.gui.office_changes import OfficeChanges
from officebill.gui.setup_views import SetupView

PAYER = Payer(name="Lakeside Mutual", address=Address(line1="9 Harbor Rd", city="Peoria", state="IL", zip="61602"),
              payer_id="LKM22")


def _view(qtbot, office):
    view = SetupView(office)
    OfficeChanges.of(office).changed.connect(view.office_changed)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    view.tabs.setCurrentWidget(view.clearinghouses)
    return view


def test_a_clearinghouse_is_typed_checked_and_saved_with_its_payers(qtbot, office):
    payer = office.setup.save_payer(PAYER).value
    no_id = office.setup.save_payer(Payer(name="Paper Only Plan", address=PAYER.address)).value
    view = _view(qtbot, office)
    editor = view.clearinghouses
    form = editor.form
    qtbot.keyClicks(form.fields["name"], "Prairie Clearing")
    qtbot.keyClicks(form.fields["submitter_id"], "MS#1")  # not letters and digits
    assert editor.has_unsaved_changes()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "letters, digits" in form.error_text("submitter_id")
    assert form.error_text("submitter_name") and form.error_text("receiver_id")
    assert office.setup.clearinghouses() == []

    form.fields["submitter_id"].clear()
    for name, text in (("submitter_id", "MSFM0142"), ("submitter_name", "Maple Street"),
                       ("receiver_name", "Prairie Clearing House"), ("receiver_id", "PCH01")):
        qtbot.keyClicks(form.fields[name], text)
    rows = {form.payers.item(i).data(Qt.ItemDataRole.UserRole): form.payers.item(i)
            for i in range(form.payers.count())}
    rows[payer.id].setCheckState(Qt.CheckState.Checked)
    rows[no_id.id].setCheckState(Qt.CheckState.Checked)  # has no electronic payer ID: refused, nothing saved
    assert not editor.save()
    assert "Paper Only Plan's electronic payer ID" in form.general.text()
    assert office.setup.clearinghouses() == []
    rows[no_id.id].setCheckState(Qt.CheckState.Unchecked)
    assert editor.save()
    [saved] = office.setup.clearinghouses()
    assert (saved.sender_id, saved.receiver_isa_id, saved.production) == ("MSFM0142", "PCH01", False)
    assert office.setup.payer_clearinghouses() == {payer.id: saved.id, no_id.id: None}
    assert not editor.has_unsaved_changes()
    assert editor.list.count() == 1 and "test" in editor.list.item(0).text()

    # Unticking a payer sends its claims back to paper.
    ticked = [form.payers.item(i) for i in range(form.payers.count())
              if form.payers.item(i).checkState() == Qt.CheckState.Checked]
    assert [item.data(Qt.ItemDataRole.UserRole) for item in ticked] == [payer.id]
    ticked[0].setCheckState(Qt.CheckState.Unchecked)
    assert editor.has_unsaved_changes()
    assert view.save()
    assert office.setup.payer_clearinghouses()[payer.id] is None
