"""One way to type dates and show field errors on every screen (forms.py): the Visits screen's dates
are the same DateEdit as the patient editor's, and a field in trouble gets its message and a red frame
the same way in a setup Form and on the Visits screen."""
from __future__ import annotations

from datetime import date

from officebill.gui.forms import DateEdit, ErrorLabel
from officebill.gui.patient_editor import PatientDialog
from tests.gui.visit_fixtures import DAY, office, view, visit_codes_db, visit_demo_template  # noqa: F401


def _visit_dates(view):
    more = view.header.more
    return [view.field("service_date"), view.field("onset_date"),
            *(view.field(name) for name in ("other_date", "unable_to_work_from", "unable_to_work_to",
                                            "hospitalized_from", "hospitalized_to")),
            view.lines.rows[0].from_date, view.lines.rows[0].to_date, more.fields()["other_date"]]


def test_every_date_is_the_same_date_entry(qtbot, view, office):
    dialog = PatientDialog(office, None, view)
    qtbot.addWidget(dialog)
    fields = [*_visit_dates(view), dialog.patient_form.fields["dob"]]
    assert all(type(field) is DateEdit for field in fields)
    for field in fields:
        field.setText("02031999")
        field.editingFinished.emit()
        assert field.text() == "02/03/1999" and field.date_value() == date(1999, 2, 3)
    header_date = view.field("service_date")
    header_date.setText("t")
    header_date.editingFinished.emit()
    assert header_date.text() == DAY.strftime("%m/%d/%Y")  # the screen's today


def test_an_unreadable_date_reads_the_same_everywhere(qtbot, view, office):
    view.field("service_date").setText("13/45/2025")
    view.field("hospitalized_from").setText("13/45/2025")
    assert view.save() is False
    dialog = PatientDialog(office, 1, view)
    qtbot.addWidget(dialog)
    dialog.patient_form.set_text("dob", "13/45/2025")
    assert dialog.save() is False
    message = dialog.patient_form.error_text("dob")
    assert message and "MM/DD/YYYY" in message
    assert view.problem_text("service_date") == message == view.problem_text("hospitalized_from")


def test_field_errors_show_the_same_way_in_a_form_and_on_the_visits_screen(qtbot, view, office):
    from officebill.gui.setup_views import SetupView

    setup = SetupView(office)
    qtbot.addWidget(setup)
    form = setup.providers.form
    form.set_text("npi", "1234567890")
    setup.providers.save()
    assert isinstance(form.errors["npi"], ErrorLabel) and form.error_text("npi")
    assert form.fields["npi"].property("invalid") is True  # the red frame, as on the Visits screen
    view.field("service_date").setText("nonsense")
    view.save()
    assert view.field("service_date").property("invalid") is True
    assert view.problem_text("service_date")
