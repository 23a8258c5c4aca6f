"""The patient editor by keys: bad fields framed in red as on Setup, Ctrl+S saves, Ctrl+Enter saves and
starts a visit, F1 lists its keys, Tab goes top to bottom."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from officebill.gui.patient_editor import PatientDialog


def _editor(qtbot, office, patient_id=None) -> PatientDialog:
    dialog = PatientDialog(office, patient_id)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 700)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _framed_red(widget) -> bool:
    """The field is drawn with the red frame: the pixels along its left edge are red."""
    image = widget.grab().toImage()
    reds = 0
    for y in range(2, image.height() - 2):
        color = image.pixelColor(0, y)
        reds += color.red() > 180 and color.green() < 90 and color.blue() < 90
    return reds > image.height() // 2


def test_bad_fields_are_framed_in_red_and_the_frame_goes_when_fixed(qtbot, demo_office):
    dialog = _editor(qtbot, demo_office)
    form = dialog.patient_form
    qtbot.keyClicks(form.fields["last_name"], "Doe")
    qtbot.keyClicks(form.fields["dob"], "13/45/2001")
    qtbot.keyClick(form.fields["dob"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves
    assert "not a date" in dialog.error_text("dob")
    for name in ("dob", "first_name"):
        assert _framed_red(form.fields[name]), name
    assert not _framed_red(form.fields["last_name"])
    dialog.grab().save("/tmp/shots/patient-editor-red-frames.png") if _shots() else None

    form.fields["dob"].selectAll()
    qtbot.keyClicks(form.fields["dob"], "01/02/2001")  # typing in the field takes its frame and message away
    assert not _framed_red(form.fields["dob"]) and not dialog.error_text("dob")
    assert _framed_red(form.fields["first_name"])

    panel = dialog.policy_panels[0]  # a policy's fields too, on their own tab
    qtbot.keyClick(dialog, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.tabs.currentIndex() == 1)
    qtbot.keyClicks(panel.form.fields["payer_id"], "Medicare")
    qtbot.keyClick(panel.form.fields["payer_id"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.tabs.currentIndex() == 0)  # the patient's own problems come first
    qtbot.keyClick(dialog, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: panel.form.fields["member_id"].isVisible())
    assert dialog.error_text("member_id", tab=1)
    assert _framed_red(panel.form.fields["member_id"])
    dialog.done(0)


def _shots() -> bool:
    from pathlib import Path

    Path("/tmp/shots").mkdir(exist_ok=True)
    return True


def test_ctrl_s_saves_and_ctrl_enter_saves_and_starts_a_visit(qtbot, demo_office):
    patient = demo_office.patients.find("")[0]
    dialog = _editor(qtbot, demo_office, patient.id)
    phone = dialog.patient_form.fields["phone"]
    phone.setFocus()
    phone.clear()
    qtbot.keyClicks(phone, "2175550199")
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert demo_office.patients.get(patient.id).phone == "(217) 555-0199"

    again = _editor(qtbot, demo_office, patient.id)
    wanted = []
    again.new_visit_requested.connect(wanted.append)
    qtbot.keyClick(again.patient_form.fields["last_name"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: wanted == [patient.id])
    assert not again.isVisible()


def test_f1_lists_the_editors_keys(qtbot, demo_office):
    dialog = _editor(qtbot, demo_office)
    qtbot.keyClick(dialog.patient_form.fields["last_name"], Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: getattr(dialog, "keys_dialog", None) is not None and dialog.keys_dialog.isVisible())
    text = _browser_text(dialog.keys_dialog)
    for keys in ("Ctrl+S", "Ctrl+Enter", "Ctrl+Shift+Up", "Alt+1"):
        assert keys in text
    dialog.keys_dialog.reject()
    dialog.done(0)


def _browser_text(dialog) -> str:
    from PySide6.QtWidgets import QTextBrowser

    return dialog.findChild(QTextBrowser).toPlainText()


def test_tab_goes_top_to_bottom_then_to_the_buttons(qtbot, demo_office):
    dialog = _editor(qtbot, demo_office)
    form = dialog.patient_form
    form.fields["account"].setFocus()
    seen = [QApplication.focusWidget()]
    for _ in range(len(form.fields) + 2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    fields = [w for w in form.fields.values()]
    assert seen[:len(fields)] == fields
    assert seen[len(fields)] is dialog.save_button
    assert seen[len(fields) + 1] is dialog.visit_button
    dialog.done(0)
