"""Keys that act on the Procedures and Setup screens (Alt+S saves, Ctrl+Enter saves and goes on, Alt+letters
reach one field each), Tab left to right and top to bottom, and status messages that do not go stale."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from officebill.core.money import Money

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _focused():
    return QApplication.focusWidget()


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focused(), key, modifier)


def _on_screen(qtbot, window, index: int) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + index + 1), CTRL)
    qtbot.waitUntil(lambda: window.stack.currentIndex() == index)


def test_alt_s_saves_the_practice_and_alt_letters_reach_phone_and_npi(qtbot, main_window):
    _on_screen(qtbot, main_window, 4)
    form = main_window.setup.practice.form
    _key(qtbot, Qt.Key.Key_O, ALT)  # Alt+O: Phone, and only Phone
    assert _focused() is form.fields["phone"]
    _key(qtbot, Qt.Key.Key_O, ALT)
    assert _focused() is form.fields["phone"]
    _key(qtbot, Qt.Key.Key_I, ALT)  # Alt+I: Group NPI
    assert _focused() is form.fields["npi"]
    _key(qtbot, Qt.Key.Key_M, ALT)  # Alt+M: Practice name
    name = form.fields["name"]
    assert _focused() is name
    name.selectAll()
    qtbot.keyClicks(name, "Maple Street Medicine")
    _key(qtbot, Qt.Key.Key_S, ALT)  # Alt+S: Save practice acts
    qtbot.waitUntil(lambda: main_window.office.setup.practice().name == "Maple Street Medicine")


def test_procedures_ctrl_enter_saves_and_starts_a_new_one_and_alt_s_saves(qtbot, main_window):
    _on_screen(qtbot, main_window, 3)
    view = main_window.procedures
    view.table.selectRow(0)  # a procedure shown, then Alt+N: New procedure (the button clicks a moment later)
    qtbot.waitUntil(lambda: view.current_id is not None)
    qtbot.keyClick(view.new_button, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: view.current_id is None)
    form = view.form
    for key, text in ((Qt.Key.Key_C, "99499"), (Qt.Key.Key_L, "Unlisted visit"), (Qt.Key.Key_A, "40")):
        _key(qtbot, key, ALT)
        qtbot.keyClicks(_focused(), text)
    _key(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: main_window.office.procedures.get("99499") is not None)
    assert form.text("code") == "" and _focused() is form.fields["code"]  # a new one, ready to type
    qtbot.keyClicks(form.fields["code"], "99199")
    _key(qtbot, Qt.Key.Key_L, ALT)
    qtbot.keyClicks(_focused(), "Unlisted service")
    _key(qtbot, Qt.Key.Key_A, ALT)
    qtbot.keyClicks(_focused(), "12")
    _key(qtbot, Qt.Key.Key_S, ALT)  # Alt+S: Save acts (the button clicks itself a moment later)
    qtbot.waitUntil(lambda: main_window.office.procedures.get("99199") is not None)
    assert main_window.office.procedures.get("99199").charge == Money.parse("12")


def test_tab_goes_left_to_right_then_down_on_procedures_and_setup(qtbot, main_window):
    _on_screen(qtbot, main_window, 3)
    view = main_window.procedures
    view.filter.setFocus()
    order = [view.filter]
    for _ in range(5):
        _key(qtbot, Qt.Key.Key_Tab)
        order.append(_focused())
    assert order == [view.filter, view.import_button, view.export_button, view.hcpcs_button, view.table,
                     view.form.fields["code"]]

    _on_screen(qtbot, main_window, 4)
    main_window.setup.tabs.setCurrentWidget(main_window.setup.payers)
    payers = main_window.setup.payers
    payers.list.setFocus()
    qtbot.waitUntil(lambda: _focused() is payers.list)
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focused() is payers.new_button
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focused() is payers.form.fields["name"]


def test_a_status_message_goes_when_the_person_moves_on(qtbot, main_window):
    bar = main_window.statusBar()
    main_window.show_message("Saved the visit of 04/01/2026 for Ann Example.")
    assert "Ann Example" in bar.currentMessage()
    _on_screen(qtbot, main_window, 3)  # another screen: the message was about the last one
    assert bar.currentMessage() == ""
    main_window.show_message("Saved the visit of 04/01/2026 for Ann Example.")
    qtbot.keyClick(main_window, Qt.Key.Key_F, CTRL)  # finding the next patient
    assert bar.currentMessage() == ""
    main_window.show_message("Saved the visit of 04/01/2026 for Ann Example.")
    qtbot.keyClick(main_window, Qt.Key.Key_E, CTRL)  # a new visit
    assert "Ann Example" not in bar.currentMessage()
