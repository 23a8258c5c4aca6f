"""An office file with damaged rows opens read-only in the window: a banner says so and offers the
backups, and every save (the window's and its background workers') shows why nothing was saved."""
from __future__ import annotations

import shutil
import sqlite3

import pytest

from officebill.gui.app import OfficeController
from officebill.office import Office
from tests.gui.conftest import DEMO_MANAGER


def _damage(path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO settings (key, value) VALUES ('x', '{not json')")
    conn.commit()
    conn.close()


def _open(qtbot, controller, path):
    assert controller.start(path)
    window = controller.window
    qtbot.waitUntil(lambda: window.rows_task is not None and window.rows_task.done, timeout=60_000)
    return window


@pytest.fixture
def controller(qtbot):
    made = OfficeController(backup_on_close=False, first_start=False)
    yield made
    if made.window is not None and made.window.isVisible():
        made.window.leave(backup=False)
    made.close_all()


@pytest.fixture
def damaged(tmp_path, _demo_template):
    path = tmp_path / "damaged" / "office.db"
    path.parent.mkdir()
    shutil.copyfile(_demo_template, path)
    path.chmod(0o600)
    _damage(path)
    return path


def test_a_sound_office_shows_no_banner_and_saves(qtbot, controller, tmp_path, _demo_template):
    path = tmp_path / "sound.db"
    shutil.copyfile(_demo_template, path)
    window = _open(qtbot, controller, path)
    assert window.rows_task.result == []
    assert not window.read_only_banner.isVisible() and not window.is_read_only()
    assert "read-only" not in window.windowTitle()


def test_damaged_rows_open_read_only_with_a_banner_offering_the_backups(qtbot, controller, damaged, messages):
    window = _open(qtbot, controller, damaged)
    assert window.is_read_only()
    assert window.read_only_banner.isVisible()
    text = window.read_only_label.text()
    assert "damaged rows and is open read-only" in text and "settings row" in text and "Restore a backup" in text
    assert "(read-only)" in window.windowTitle()
    assert window.patients.model.total == 60  # reading still works

    window.restore_button.click()
    qtbot.waitUntil(lambda: window.backups_dialog is not None and window.backups_dialog.isVisible())
    window.backups_dialog.kept.setValue(window.backups_dialog.kept.value() + 1)  # a write: refused, shown
    assert messages[-1][0] == "Backups" and "read-only" in messages[-1][1]
    assert window.backups_dialog.kept.value() == window.office.backups.kept()
    window.backups_dialog.done(0)


def test_saves_on_a_read_only_office_show_why_and_keep_what_is_typed(qtbot, controller, damaged, messages):
    window = _open(qtbot, controller, damaged)
    before = window.office.setup.practice().name

    window.show_setup(0)
    window.setup.practice.form.set_text("name", "Renamed Practice")
    assert window.save() is False
    assert messages[-1][0] == "Save" and "read-only" in messages[-1][1]
    assert window.setup.practice.form.text("name") == "Renamed Practice"  # what was typed stays
    assert window.office.setup.practice().name == before

    dialog = window.patients.edit_patient(1)
    dialog.patient_form.set_text("first_name", "Janet")
    assert dialog.save() is False
    assert messages[-1][0] == "Save patient" and "read-only" in messages[-1][1]
    assert dialog.patient_form.text("first_name") == "Janet"
    dialog.done(0)


def test_background_work_on_a_read_only_office_is_refused_too(qtbot, controller, damaged):
    from officebill.gui.background import in_own_office, run_in_background

    window = _open(qtbot, controller, damaged)
    failures = []
    task = run_in_background(in_own_office(damaged, lambda office, _p: office.backups.set_kept(3)),
                             parent=window, on_error=failures.append)
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert failures and "read-only" in str(failures[0])
    with Office.open(damaged, user=DEMO_MANAGER[0], password=DEMO_MANAGER[1]) as office:
        assert office.backups.kept() != 3
