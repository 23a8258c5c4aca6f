""""Open the demo office" builds the demo in a file of its own beside the office file and switches the
window to it; the office's real, empty file is left as it was, the title says DEMO, and the next start
opens the real office."""
from PySide6.QtCore import Qt

from officebill.gui.app import LAST_OFFICE_KEY, OfficeController
from officebill.gui.main_window import settings
from officebill.gui.welcome import FirstStart
from officebill.office import Office
from officebill.paths import demo_office_path


def test_the_demo_office_is_a_separate_file_and_the_window_switches_to_it(qtbot, tmp_path, codes_db):
    real = tmp_path / "office" / "office.db"
    real.parent.mkdir()
    (real.parent / "codes.db").symlink_to(codes_db)  # the demo makes claims: the session's code database
    Office.create(real).close()
    controller = OfficeController(backup_on_close=False, first_start=False)  # no first administrator asked
    try:
        assert controller.start(real)
        first = controller.window
        qtbot.addWidget(first)
        starter = FirstStart(first, build_code_database=False)  # what first_start=True runs after the window
        starter.run()
        welcome = starter.welcome
        qtbot.waitUntil(welcome.isVisible)
        welcome.activateWindow()
        qtbot.waitUntil(welcome.isActiveWindow)
        qtbot.keyClick(welcome, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # Alt+D: Open the demo office
        qtbot.waitUntil(lambda: controller.window is not first, timeout=120_000)
        window = controller.window
        qtbot.addWidget(window)
        demo = demo_office_path(real)
        assert demo.exists() and demo != real
        assert window.office.path.resolve() == demo.resolve()
        assert window.windowTitle().startswith("DEMO — Maple Street Family Medicine")
        assert window.patients.model.total == 60
        assert "Demo office ready" in window.statusBar().currentMessage()
        with Office.open(real, sign_in_later=True) as untouched:  # the real office: still new and empty
            assert untouched.is_empty() and not untouched.has_users()
        assert settings().value(LAST_OFFICE_KEY) == str(real.resolve())  # the next start: the real office
    finally:
        if controller.window is not None and controller.window.isVisible():
            controller.window.leave(backup=False)
        controller.close_all()
