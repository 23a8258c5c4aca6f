"""Backups and restore: the dialog lists the office's backups, checks one, keeps N, and a restore through the
controller brings the backed-up data back while keeping the replaced file."""
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from officebill.gui.app import OfficeController
from officebill.gui.backups_dialog import BackupsDialog
from officebill.office import Office
from tests.gui.conftest import DEMO_MANAGER

SIGN_IN = {"user": DEMO_MANAGER[0], "password": DEMO_MANAGER[1]}


@pytest.fixture
def demo_path(tmp_path, _demo_template):
    target = tmp_path / "practice" / "office.db"
    target.parent.mkdir()
    shutil.copyfile(_demo_template, target)
    return target


@pytest.fixture
def controller(qtbot, demo_path):
    made = OfficeController(backup_on_close=False, first_start=False)
    assert made.start(demo_path)
    yield made
    if made.window is not None and made.window.isVisible():
        made.window.leave(backup=False)
    made.close_all()


def _answer(monkeypatch, button):
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append((title, text))
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_restoring_a_backup_brings_back_the_data_and_keeps_the_replaced_file(qtbot, controller, demo_path,
                                                                             monkeypatch, tmp_path):
    window = controller.window
    office = window.office
    made = office.backups.make()
    from dataclasses import replace

    office.setup.save_practice(replace(office.setup.practice(), name="Renamed After The Backup"))
    window.update_title()
    assert "Renamed After The Backup" in window.windowTitle()

    dialog = window.show_backups()  # shown by the call: wait until it is on screen
    qtbot.waitUntil(lambda: dialog.windowHandle() is not None and dialog.windowHandle().isExposed(), timeout=20_000)
    assert [b.path for b in dialog.model.rows][0] == made
    assert dialog.model.index(0, 1).data() == "Made by hand"
    dialog.grab().save(str(tmp_path / "backups_dialog.png"))
    window.grab().save(str(tmp_path / "window.png"))
    assert dialog.selected().path == made

    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(controller.restore_finished, timeout=60_000) as restored:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert "The current office file is kept as a backup" in asked[0][1]
    kept = restored.args[0]
    assert kept is not None and kept.exists() and kept.name.endswith("-replaced-by-restore.db")

    with Office.open(demo_path, **SIGN_IN) as reopened:
        assert reopened.setup.practice().name == "Maple Street Family Medicine"
        kinds = [b.kind for b in reopened.backups.list()]
        assert kinds[:2] == ["replaced-by-restore", "manual"]
    with Office.open(kept, **SIGN_IN) as replaced:
        assert replaced.setup.practice().name == "Renamed After The Backup"

    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60_000)
    assert controller.window is not window
    assert "Maple Street Family Medicine" in controller.window.windowTitle()
    assert controller.window.patients.model.total == 60


def test_a_damaged_backup_is_refused_and_nothing_changes(qtbot, controller, monkeypatch, messages):
    window = controller.window
    office = window.office
    folder = office.backups.folder
    folder.mkdir(parents=True, exist_ok=True)
    bad = folder / "office-20250102-030405-000000-backup.db"
    bad.write_bytes(b"not a database" * 200)
    before = office.path.read_bytes()

    dialog = window.show_backups()
    assert dialog.select_path(bad)
    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(controller.restore_finished, timeout=60_000) as finished:
        dialog.restore_selected()
    assert finished.args[0] is None
    assert any(title == "Restore" and "cannot be restored" in text for title, text in messages)
    assert controller.window is window and window.isVisible() and window.isEnabled()
    assert office.setup.practice().name == "Maple Street Family Medicine"  # the connection is still open
    assert office.path.read_bytes() == before


def test_check_integrity_of_a_backup_and_the_number_kept(qtbot, office, messages, tmp_path):
    dialog = BackupsDialog(office)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.empty_label.isVisible() and not dialog.restore_button.isEnabled()
    made = office.backups.make(reason="auto")
    dialog.refresh()
    assert dialog.model.index(0, 1).data() == "Automatic (on closing)"
    with qtbot.waitSignal(dialog.check_finished, timeout=60_000) as checked:
        dialog.check_button.click()
    assert checked.args[0] == []
    assert messages[-1][0] == "Check integrity" and "passed" in messages[-1][1]
    made.write_bytes(b"garbage" * 100)
    with qtbot.waitSignal(dialog.check_finished, timeout=60_000) as checked:
        dialog.check_button.click()
    assert checked.args[0]
    assert "failed the check" in messages[-1][1]

    assert dialog.kept.value() == 10
    dialog.kept.setValue(3)
    assert office.setup.setting("backups_kept") == 3
    dialog.kept.setValue(500)
    assert office.setup.setting("backups_kept") == 100
    dialog.grab().save(str(tmp_path / "backups_dialog_check.png"))


def test_open_folder_opens_the_backups_folder(qtbot, office, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile())))
    dialog = BackupsDialog(office)
    qtbot.addWidget(dialog)
    dialog.open_folder()
    assert opened == [str(office.backups.folder)]
    assert office.backups.folder.is_dir()


def test_restore_waits_for_background_work_holding_its_own_connection(qtbot, controller, demo_path, messages):
    """A worker still reading the office on its own connection would make the restore refuse ("open
    elsewhere"); the window waits for running work, then closes its office and restores."""
    import threading

    from officebill.gui.background import in_own_office, run_in_background

    window = controller.window
    made = window.office.backups.make()
    release = threading.Event()

    def slow_read(office, _progress):
        release.wait(10)
        return office.patients.count()

    worker = run_in_background(in_own_office(demo_path, slow_read), parent=window, show_after_ms=60_000)
    with qtbot.waitSignal(controller.restore_finished, timeout=20_000) as restored:
        controller.restore(window, made)
        qtbot.wait(300)  # the backup is checked; the restore now waits for the worker
        assert not worker.done and controller.restore_task is None
        release.set()
    assert restored.args[0] is not None, messages  # restored, not refused
    assert not [text for _title, text in messages if "not restored" in text]
