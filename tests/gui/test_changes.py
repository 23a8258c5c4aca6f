"""One signal for what changed: the window hears every write (its own and its workers'), and each screen
reloads only the areas it shows, keeping what is being typed."""
from PySide6.QtCore import Qt

from officebill.core.money import Money
from officebill.core.records import Procedure
from officebill.gui.background import in_own_office, run_in_background
from officebill.office import Area


def test_a_workers_write_reaches_the_window_through_the_same_signal(qtbot, main_window):
    """A worker writes on its own Office; its Changes come back with the result (Anki's OpChanges)."""
    path = main_window.office.path
    before = main_window.procedures.model.rowCount()
    done = []

    def add(office, _progress):
        return office.procedures.save(Procedure(code="97110", label="Therapeutic exercise",
                                                charge=Money(4500))).value

    with qtbot.waitSignal(main_window.changed, timeout=10_000) as heard:
        task = run_in_background(in_own_office(path, add), parent=main_window, on_done=done.append)
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    assert heard.args[0].touches(Area.PROCEDURES)
    assert done and done[0].code == "97110"  # on_done still gets the plain value
    # the screen reloaded from the GUI's own office, with no refresh call from the code that started the work
    assert main_window.procedures.model.rowCount() == before + 1


def test_each_screen_reloads_only_what_it_shows(qtbot, main_window, monkeypatch):
    reloads = []
    visits, procedures = main_window.visits, main_window.procedures
    monkeypatch.setattr(visits.recent_model, "set_rows",
                        lambda rows, original=visits.recent_model.set_rows: reloads.append("recent") or original(rows))
    monkeypatch.setattr(procedures.model, "set_procedures",
                        lambda rows, original=procedures.model.set_procedures:
                        reloads.append("procedures") or original(rows))
    office = main_window.office
    office.procedures.save(Procedure(code="97110", label="Therapeutic exercise", charge=Money(4500)))
    assert reloads == ["procedures"]
    reloads.clear()
    patient = office.patients.find("")[0]
    office.patients.save(patient)  # names show in the recent visits
    assert reloads == ["recent"]
    reloads.clear()
    office.setup.save_setting("print_mode", "full")
    assert reloads == []


def test_a_setup_change_elsewhere_keeps_what_is_typed(qtbot, main_window):
    """A SETUP change (here the print mode the print dialog saves) reloads the lists, never a form being edited."""
    setup = main_window.setup
    main_window.show_setup(1)
    editor = setup.providers
    editor.new()
    qtbot.keyClicks(editor.form.fields["last_name"], "Nakamura")
    main_window.office.setup.save_setting("print_mode", "full")
    assert editor.form.text("last_name") == "Nakamura"
    assert editor.has_unsaved_changes()
    practice = setup.practice.form
    practice.fields["name"].setFocus()
    practice.fields["name"].selectAll()
    qtbot.keyClicks(practice.fields["name"], "Typed Clinic")
    main_window.office.setup.save_setting("print_mode", "red")
    assert practice.text("name") == "Typed Clinic"


def test_the_title_follows_the_practice_through_the_signal(qtbot, main_window):
    from dataclasses import replace

    office = main_window.office
    office.setup.save_practice(replace(office.setup.practice(), name="Renamed Family Practice"))
    assert main_window.windowTitle().startswith("Renamed Family Practice")
    qtbot.keyClick(main_window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # nothing else needed


def test_closing_a_screen_while_its_work_runs_reaches_no_deleted_widget(qtbot, office, tmp_path, monkeypatch):
    """The import dialog is closed and deleted while its import runs: its callbacks are dropped, nothing raises
    in the event loop, and the import's changes still reach the procedures screen."""
    import threading

    import shiboken6

    from officebill.gui.office_changes import OfficeChanges
    from officebill.gui.procedures_view import ProceduresView
    from officebill.office.procedure_service import ProcedureService

    view = ProceduresView(office)
    OfficeChanges.of(office).changed.connect(view.office_changed)
    qtbot.addWidget(view)
    release, started = threading.Event(), threading.Event()
    original = ProcedureService.import_csv

    def slow_import(service, data):
        started.set()
        release.wait(10)
        return original(service, data)

    monkeypatch.setattr(ProcedureService, "import_csv", slow_import)
    dialog = view.import_dialog(b"code,label,charge\n99213,Office visit,125.00\n", "fees.csv")
    dialog.show()
    dialog.start_import()
    task = dialog.task
    assert started.wait(10)
    dialog.close()
    shiboken6.delete(dialog)  # the screen's dialog is gone while the work runs
    release.set()
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    qtbot.wait(50)
    assert [p.code for p in office.procedures.list()] == ["99213"]
    assert view.model.rowCount() == 1  # the Changes came back although the dialog did not


def test_closing_the_window_during_a_backup(qtbot, demo_office, monkeypatch):
    import threading

    import shiboken6

    from officebill.gui.main_window import MainWindow
    from officebill.office.backup_service import BackupService

    window = MainWindow(demo_office, backup_on_close=False)
    window.show()
    release = threading.Event()
    original = BackupService.make

    def slow_make(service, folder=None, reason="backup"):
        release.wait(10)
        return original(service, folder, reason)

    monkeypatch.setattr(BackupService, "make", slow_make)
    window.back_up_now()
    task = window.backup_task
    window.close()
    shiboken6.delete(window)
    release.set()
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    qtbot.wait(50)  # the done callback (status bar, actions) was not called on the deleted window
