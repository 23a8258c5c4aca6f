"""The payer setup's timely filing limit: blank shows its coverage type's default; a number is kept; text or an
out-of-range number is refused beside the field and nothing is saved."""
from PySide6.QtCore import Qt

from officebill.gui.office_changes import OfficeChanges
from officebill.gui.setup_views import SetupView


def _payers(qtbot, office):
    view = SetupView(office)
    OfficeChanges.of(office).changed.connect(view.office_changed)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    view.tabs.setCurrentWidget(view.payers)
    form = view.payers.form
    for name, text in (("name", "Lakeside Mutual"), ("address.line1", "9 Harbor Rd"), ("address.city", "Peoria"),
                       ("address.state", "IL"), ("address.zip", "61602")):
        qtbot.keyClicks(form.fields[name], text)
    return view, form


def test_the_limit_defaults_by_coverage_type_and_a_typed_one_is_kept(qtbot, office):
    view, form = _payers(qtbot, office)
    days = form.fields["timely_filing_days"]
    assert days.placeholderText() == "default 180"  # a group health plan
    qtbot.keyClicks(form.fields["plan_type"], "Medicare")
    assert days.placeholderText() == "default 365"
    qtbot.keyClicks(days, "abc")
    assert not view.payers.save()
    assert "number of days" in form.error_text("timely_filing_days") and office.setup.payers() == []
    days.clear()
    qtbot.keyClicks(days, "5000")
    assert not view.payers.save()
    assert "1 to 3650" in form.error_text("timely_filing_days") and office.setup.payers() == []
    days.clear()
    qtbot.keyClicks(days, "90")
    qtbot.mouseClick(view.payers.save_button, Qt.MouseButton.LeftButton)
    [payer] = office.setup.payers()
    assert payer.timely_filing_days == 90
    days.clear()
    assert view.payers.save()
    assert office.setup.payers()[0].timely_filing_days is None
