"""The main window, first start and the background helper."""
import os
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from officebill.gui import first_start
from officebill.gui import welcome as welcome_screen
from officebill.gui.app import parse_args
from officebill.gui.background import run_in_background
from officebill.gui.main_window import MainWindow
from officebill.gui.patient_editor import PatientDialog
from officebill.office import Office


def test_the_window_opens_on_the_demo_office_and_shows_the_practice_name(main_window, demo_office):
    assert "Maple Street Family Medicine" in main_window.windowTitle()
    assert str(demo_office.path) in main_window.windowTitle()
    assert main_window.patients.model.total == 60
    assert main_window.stack.currentWidget() is main_window.patients


def test_screens_switch_with_ctrl_number_and_find_focuses_the_search(qtbot, main_window):
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    for number, view in enumerate(main_window.views, start=1):
        qtbot.keyClick(main_window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert main_window.stack.currentWidget() is view
        assert main_window.sidebar.currentRow() == number - 1
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert main_window.stack.currentWidget() is main_window.patients
    assert QApplication.focusWidget() is main_window.patients.search


def test_save_keys_go_to_the_screen_shown(qtbot, main_window, monkeypatch):
    calls = []
    monkeypatch.setattr(main_window.procedures, "save", lambda: calls.append("save") or True)
    monkeypatch.setattr(main_window.procedures, "save_and_new", lambda: calls.append("new") or True)
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    main_window.show_screen(3)
    qtbot.keyClick(main_window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(main_window, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert calls == ["save", "new"]


def test_new_visit_for_the_chosen_patient(qtbot, main_window, monkeypatch):
    asked = []
    monkeypatch.setattr(main_window.visits, "new_visit", lambda patient_id=None: asked.append(patient_id))
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    chosen = main_window.patients.current_patient()
    qtbot.keyClick(main_window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked == [chosen.id]
    assert main_window.stack.currentWidget() is main_window.visits


def test_geometry_and_last_screen_are_remembered(qtbot, demo_office):
    window = MainWindow(demo_office, backup_on_close=False)
    qtbot.addWidget(window)
    window.show()
    window.resize(1100, 650)
    window.show_screen(3)
    window.close()
    from officebill.gui.main_window import settings

    assert settings().value("main_window/geometry")  # (the offscreen screen is too small to check the size)
    again = MainWindow(demo_office, backup_on_close=False)
    qtbot.addWidget(again)
    assert again.stack.currentWidget() is again.procedures


def test_back_up_now_and_the_backup_on_closing(qtbot, demo_office):
    window = MainWindow(demo_office)
    qtbot.addWidget(window)
    window.show()
    backups = demo_office.path.parent / "backups"
    with qtbot.waitSignal(window.backup_finished, timeout=60_000) as blocker:
        window.back_up_now()
    assert blocker.args[0].parent == backups
    demo_office.setup.save_setting("backups_kept", 2)
    for _ in range(3):
        window = MainWindow(demo_office)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.backup_finished, timeout=60_000):
            window.close()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=60_000)
    assert len(list(backups.glob("*-auto.db"))) == 2  # keeps the newest N


def _newer_file(path):
    """An office file as a later OfficeBill would leave it: its schema version is beyond this one's."""
    Office.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    return path


def test_a_file_from_a_newer_version_is_refused_with_a_message(qtbot, tmp_path, monkeypatch):
    path = _newer_file(tmp_path / "newer.db")
    seen = []

    def fake_exec(box):
        seen.append((box.text(), box.informativeText(), [b.text() for b in box.buttons()]))
        return 0  # as if closed: no button chosen -> quit

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert first_start.open_office(path) is None
    [(text, informative, buttons)] = seen
    assert "newer version of OfficeBill" in text
    assert "not changed" in informative
    assert "&Choose another file…" in buttons
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 999


def test_a_damaged_file_offers_another_and_opens_the_chosen_one(qtbot, tmp_path, monkeypatch):
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"this is not a database at all" * 100)
    chosen = tmp_path / "other.db"
    seen = []

    def fake_exec(box):
        seen.append(box.informativeText())
        QTimer.singleShot(0, lambda: None)
        box.choose_button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(first_start, "choose_office_file", lambda parent, start: chosen)
    office = first_start.open_office(damaged)
    try:
        assert office.path == chosen
        assert "Restore a backup" in seen[0]
    finally:
        office.close()


def test_the_real_message_box_is_closed_from_the_keyboard(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", QDialog.exec)  # the real, modal box for once
    path = _newer_file(tmp_path / "newer.db")
    texts = []

    def press_escape():
        box = QApplication.activeModalWidget()
        texts.append(box.text())
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    QTimer.singleShot(100, press_escape)
    assert first_start.open_office(path) is None
    assert "newer version" in texts[0]


def test_an_empty_office_offers_the_demo_and_builds_it_in_the_background(qtbot, office, codes_db):
    """In a file of its own (the window switching to it: tests/gui/test_demo_file.py)."""
    from officebill.paths import demo_office_path

    (office.path.parent / "codes.db").symlink_to(codes_db)  # the demo makes claims: the session's code database
    window = MainWindow(office, backup_on_close=False)
    qtbot.addWidget(window)
    window.show()
    assert "New office" in window.windowTitle()
    starter = welcome_screen.FirstStart(window, build_code_database=False)
    starter.run()
    welcome = starter.welcome
    assert welcome.isVisible()
    qtbot.mouseClick(welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: starter.demo_task is not None and starter.demo_task.done, timeout=60_000)
    assert office.is_empty() and "New office" in window.windowTitle()  # the real office is left as it was
    assert "frontdesk" in window.statusBar().currentMessage()  # the demo's users, and where the file is
    assert str(demo_office_path(office.path)) in window.statusBar().currentMessage()
    with Office.open(demo_office_path(office.path), sign_in_later=True) as demo:
        assert demo.has_users()


def test_the_setup_wizard_saves_each_page_through_the_facade(qtbot, office):
    from officebill.core.identifiers import npi_check_digit

    wizard = welcome_screen.SetupWizard(office)
    qtbot.addWidget(wizard)
    wizard.show()
    form = wizard.practice_page.form
    for name, text in (("name", "Elm Clinic"), ("address.line1", "1 Elm St"), ("address.city", "Springfield"),
                       ("address.state", "IL"), ("address.zip", "62701-1234"), ("phone", "2175550100"),
                       ("npi", "1234567890"), ("tax_id", "37-1234567")):
        qtbot.keyClicks(form.fields[name], text)
    wizard.next()
    assert wizard.currentPage() is wizard.practice_page
    assert "check digit" in form.error_text("npi")
    assert office.is_empty()
    form.fields["npi"].clear()
    qtbot.keyClicks(form.fields["npi"], "123456789" + str(npi_check_digit("123456789")))
    wizard.next()
    assert wizard.currentPage() is wizard.provider_page
    assert office.setup.practice().name == "Elm Clinic"
    provider = wizard.provider_page.form
    qtbot.keyClicks(provider.fields["first_name"], "Ada")
    qtbot.keyClicks(provider.fields["last_name"], "Okafor")
    qtbot.keyClicks(provider.fields["npi"], "198765432" + str(npi_check_digit("198765432")))
    wizard.next()
    assert wizard.currentPage() is wizard.payers_page
    assert [p.last_name for p in office.setup.providers()] == ["Okafor"]
    assert wizard.payers_page.validatePage()  # a blank payer form adds nothing
    assert office.setup.payers() == []


def test_background_work_reports_on_the_gui_thread_and_shows_progress_only_when_slow(qtbot):
    import threading

    gui_thread = threading.get_ident()
    results = []

    def quick(progress):
        return threading.get_ident()

    task = run_in_background(quick, on_done=lambda r: results.append((r, threading.get_ident())))
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    worker_thread, delivered_on = results[0]
    assert worker_thread != gui_thread and delivered_on == gui_thread
    assert task.progress_dialog is None

    release = threading.Event()  # the work lasts until the test has seen its progress dialog, however slow the machine

    def slow(progress):
        progress(0.5, "half way")
        release.wait(60)
        return "done"

    seen = []
    task = run_in_background(slow, show_after_ms=50, on_done=seen.append)
    qtbot.waitUntil(lambda: task.progress_dialog is not None and task.progress_dialog.labelText() == "Half way",
                    timeout=60_000)
    assert not task.done
    release.set()
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert seen == ["done"] and task.progress_dialog is None

    errors = []
    task = run_in_background(lambda progress: 1 / 0, on_error=errors.append)
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert isinstance(errors[0], ZeroDivisionError)


def test_db_argument_is_read_before_qt_arguments():
    path, rest = parse_args(["--db", "/tmp/x.db", "-style", "fusion"])
    assert str(path) == "/tmp/x.db" and rest == ["-style", "fusion"]
    assert parse_args([]) == (None, [])


def test_the_gui_holds_no_sql():
    from pathlib import Path

    import officebill.gui as gui

    for source in Path(gui.__file__).parent.glob("*.py"):
        text = source.read_text()
        for banned in ("import sqlite3", "sqlite_utils", ".execute("):
            assert banned not in text, f"{source.name} uses {banned}"


def test_claim_findings_open_the_patient_or_the_setup_page(qtbot, main_window):
    main_window.claims.open_setup_requested.emit("payer.address.zip")
    assert main_window.stack.currentWidget() is main_window.setup
    assert main_window.setup.tabs.currentIndex() == 3
    main_window.claims.open_setup_requested.emit("provider.npi")
    assert main_window.setup.tabs.currentIndex() == 1
    main_window.claims.open_patient_requested.emit(1)
    assert main_window.stack.currentWidget() is main_window.patients
    dialog = main_window.patients.findChild(PatientDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


# ------------------------------------------------------- office files, backups
import shutil  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtWidgets import QFileDialog  # noqa: E402

from officebill.gui.app import OfficeController, startup_office_path  # noqa: E402


@pytest.fixture
def controller(qtbot, tmp_path):
    made = OfficeController(backup_on_close=False, first_start=False)
    Office.create(tmp_path / "first" / "office.db").close()
    assert made.start(tmp_path / "first" / "office.db")  # a new, empty office
    yield made
    if made.window is not None and made.window.isVisible():
        made.window.leave(backup=False)
    made.close_all()


def test_open_another_office_file_switches_the_window_and_is_remembered(qtbot, controller, tmp_path,
                                                                        _demo_template, monkeypatch):
    first = controller.window
    assert "New office" in first.windowTitle()
    other = tmp_path / "second" / "office.db"
    other.parent.mkdir()
    shutil.copyfile(_demo_template, other)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(other), "")))
    first.open_office_action.trigger()
    window = controller.window
    assert window is not first
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=60_000)
    assert "Maple Street Family Medicine" in window.windowTitle()
    assert window.patients.model.total == 60
    with pytest.raises(Exception):
        first.office.setup.practice()  # the old connection is closed
    from officebill.paths import default_office_path

    home = os.environ["OFFICEBILL_HOME"]
    # OFFICEBILL_HOME wins over the remembered file (as --db does); without it the last file is used.
    assert startup_office_path(None) == default_office_path() == Path(home) / "office.db"
    assert startup_office_path(tmp_path / "x.db") == tmp_path / "x.db"
    monkeypatch.delenv("OFFICEBILL_HOME")
    monkeypatch.setattr("officebill.gui.app.default_office_path", lambda: tmp_path / "platform" / "office.db")
    assert startup_office_path(None) == other.resolve()
    other.unlink()
    assert startup_office_path(None) == tmp_path / "platform" / "office.db"  # the last file is gone: the default


def test_opening_a_newer_version_file_explains_and_keeps_the_current_office(qtbot, controller, tmp_path,
                                                                            monkeypatch):
    first = controller.window
    newer = _newer_file(tmp_path / "newer.db")
    seen = []

    def fake_exec(box):
        seen.append((box.text(), [b.text() for b in box.buttons()]))
        box.quit_button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert first.open_office_file(newer) is False
    [(text, buttons)] = seen
    assert "newer version of OfficeBill" in text
    assert "&Keep the current office" in buttons
    assert controller.window is first and first.isVisible()
    assert first.office.is_empty()  # still open and usable
    assert "New office" in first.windowTitle()


def test_opening_the_file_already_open_does_nothing(qtbot, controller):
    first = controller.window
    assert first.open_office_file(first.office.path) is False
    assert controller.window is first


def test_switching_makes_the_close_time_backup_of_the_old_office(qtbot, tmp_path, _demo_template):
    made = OfficeController(backup_on_close=True, first_start=False)
    Office.create(tmp_path / "first" / "office.db").close()
    assert made.start(tmp_path / "first" / "office.db")
    first = made.window
    other = tmp_path / "second" / "office.db"
    other.parent.mkdir()
    shutil.copyfile(_demo_template, other)
    with qtbot.waitSignal(first.closed, timeout=60_000):
        assert first.open_office_file(other)
    assert len(list((tmp_path / "first" / "backups").glob("office-*-auto.db"))) == 1
    made.window.leave(backup=False)
    made.close_all()


def _make_visit_unsaved(window):
    window.show_screen(1)
    window.visits.new_visit()
    window.visits.field("referring_name").setText("Dr. Unsaved")
    assert window.visits.has_unsaved_changes()


def test_closing_with_unsaved_visit_changes_asks_and_cancel_keeps_the_window(qtbot, main_window, monkeypatch,
                                                                            messages):
    _make_visit_unsaved(main_window)
    main_window.show_screen(0)
    answers = [QMessageBox.StandardButton.Cancel]
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append((title, text))
        return answers[0]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    main_window.close()
    assert main_window.isVisible()
    assert asked[0][0] == "Unsaved changes" and "Visits" in asked[0][1]
    assert main_window.current_view() is main_window.visits  # shown so the changes can be seen

    answers[0] = QMessageBox.StandardButton.Save  # saving fails (no patient): the window stays
    main_window.close()
    assert main_window.isVisible()

    answers[0] = QMessageBox.StandardButton.Discard
    with qtbot.waitSignal(main_window.closed, timeout=30_000):
        main_window.close()
    assert not main_window.isVisible()


def test_unsaved_changes_are_asked_about_before_opening_another_file(qtbot, controller, monkeypatch, tmp_path):
    first = controller.window
    _make_visit_unsaved(first)
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Cancel))
    assert first.open_office_file(tmp_path / "elsewhere.db") is False
    assert controller.window is first
    assert not (tmp_path / "elsewhere.db").exists()
    first.visits.new_visit()  # nothing unsaved, so the teardown can close it


def test_back_up_to_a_chosen_folder_and_check_the_office_file(qtbot, main_window, monkeypatch, tmp_path,
                                                             messages):
    folder = tmp_path / "usb"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder)))
    with qtbot.waitSignal(main_window.backup_finished, timeout=60_000) as blocker:
        main_window.backup_to_action.trigger()
    assert blocker.args[0].parent == folder and blocker.args[0].exists()
    with qtbot.waitSignal(main_window.check_finished, timeout=60_000) as checked:
        main_window.check_action.trigger()
    assert checked.args[0] == []
    assert messages[-1][0] == "Check office file" and "passed" in messages[-1][1]
    assert "every row readable" in messages[-1][1] and "audit:" in messages[-1][1]  # and the size by table


def test_f1_lists_the_visits_screen_keys_when_it_has_them(qtbot, main_window, monkeypatch, tmp_path):
    main_window.show_screen(1)  # F1 lists the keys of the screen shown (tests/gui/test_shortcut_help.py: all)
    monkeypatch.setattr(main_window.visits, "shortcut_help", lambda: [("Ctrl+D", "Go to the diagnoses")],
                        raising=False)
    sections = dict(main_window.shortcut_sections())
    assert ("Ctrl+D", "Go to the diagnoses") in sections["On the Visits screen"]
    assert ("Ctrl+O", "Open another office file") in sections["Everywhere"]
    monkeypatch.setattr(main_window.visits, "shortcut_help", None, raising=False)
    assert [heading for heading, _ in main_window.shortcut_sections()] == ["Everywhere"]
    monkeypatch.undo()
    dialog = main_window.show_shortcuts()  # shown by the call: wait until it is on screen
    qtbot.waitUntil(lambda: dialog.windowHandle() is not None and dialog.windowHandle().isExposed(), timeout=20_000)
    dialog.grab().save(str(tmp_path / "shortcuts.png"))
    dialog.reject()


def test_the_claims_screen_checks_again_only_when_the_office_changed(qtbot, main_window):
    claims_screen = main_window.views.index(main_window.claims)
    with qtbot.waitSignal(main_window.claims.refreshed, timeout=60_000):
        main_window.show_screen(claims_screen)
    first = main_window.claims.task
    main_window.show_screen(0)
    main_window.show_screen(claims_screen)
    assert main_window.claims.task is first  # nothing changed: no second check
    main_window.show_screen(0)
    main_window.office.setup.save_setting("print_mode", "full")  # a write to the file while the screen is hidden
    with qtbot.waitSignal(main_window.claims.refreshed, timeout=60_000):
        main_window.show_screen(claims_screen)
    assert main_window.claims.task is not first


def test_the_first_start_creates_the_office_in_a_data_folder_that_does_not_exist_yet(qtbot, tmp_path, monkeypatch,
                                                                                    messages):
    from officebill.paths import default_office_path

    monkeypatch.setenv("OFFICEBILL_HOME", str(tmp_path / "new-home"))
    made = OfficeController(backup_on_close=False, first_start=False)
    assert made.start(startup_office_path(None))
    assert default_office_path().is_file() and messages == []  # no "already open" warning, no question
    assert made.window.office.path == default_office_path()
    made.window.leave(backup=False)
    made.close_all()
