"""Fixtures for the window tests: headless Qt, private QSettings, an office in tmp_path, the demo office.

Message boxes are replaced by recorders so no test can block on a modal dialog. The demo office has
its users (one per role); the window tests that are not about signing in work as its manager: the
`demo_office` fixture opens signed in, and the program's controller signs in without its screen
(`OfficeController.credentials`). Tests of signing in set `credentials` back to None.
"""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from officebill.demo import DEMO_USERS, build_demo
from officebill.office import Office

DEMO_MANAGER = next((name, password) for name, _full, role, password in DEMO_USERS if role == "manager")


def demo_user(role: str) -> tuple[str, str]:
    """(name, password) of the demo user with `role`."""
    return next((name, password) for name, _full, each, password in DEMO_USERS if each == role)


@pytest.fixture(autouse=True)
def _window_signs_in_as_demo_manager(monkeypatch):
    from officebill.gui.app import OfficeController

    monkeypatch.setattr(OfficeController, "credentials", DEMO_MANAGER)


@pytest.fixture(autouse=True)
def _private_qsettings(tmp_path_factory):
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(autouse=True)
def messages(monkeypatch):
    """Every QMessageBox (static call or `exec`) is recorded (title, text) and answered without showing anything."""
    shown = []

    def recorder(answer):
        def show(parent, title, text, *args, **kwargs):
            shown.append((title, text))
            return answer
        return staticmethod(show)

    monkeypatch.setattr(QMessageBox, "warning", recorder(QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "information", recorder(QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "critical", recorder(QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", recorder(QMessageBox.StandardButton.Discard))

    def modal(box):  # a message box built by hand: recorded and closed at once, never waiting for a click
        shown.append((box.windowTitle(), box.text()))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", modal)
    return shown


def _settle(qtbot) -> None:
    """Let background work started by the test report while its office is still open (a check that
    finished after the office closed would otherwise land in the next test)."""
    from officebill.gui import background

    qtbot.waitUntil(lambda: not background._running, timeout=60_000)


@pytest.fixture
def office(qtbot, tmp_path):
    with Office.create(tmp_path / "office.db") as opened:
        yield opened
        _settle(qtbot)


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory, codes_db):
    path = tmp_path_factory.mktemp("demo") / "office.db"
    (path.parent / "codes.db").symlink_to(codes_db)  # the demo year makes claims: the session's code database
    with Office.create(path) as opened:
        build_demo(opened, users=True)
    return path


@pytest.fixture
def demo_office(qtbot, tmp_path, _demo_template, codes_db):
    import shutil

    target = tmp_path / "demo" / "office.db"
    target.parent.mkdir()
    (target.parent / "codes.db").symlink_to(codes_db)  # the Claims screen checks claims: the session's code database
    shutil.copyfile(_demo_template, target)
    target.chmod(0o600)
    name, password = DEMO_MANAGER
    with Office.open(target, user=name, password=password) as opened:
        yield opened
        _settle(qtbot)


@pytest.fixture
def main_window(qtbot, demo_office):
    from officebill.gui.main_window import MainWindow

    window = MainWindow(demo_office, backup_on_close=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitExposed(window, timeout=20_000):
        window.show()
    return window


@pytest.fixture
def answers(monkeypatch):
    """Questions answered with state["answer"] (Cancel until a test sets it) and recorded as (title, text)
    in state["asked"]."""
    state = {"answer": QMessageBox.StandardButton.Cancel, "asked": []}

    def question(parent, title, text, *args, **kwargs):
        state["asked"].append((title, text))
        return state["answer"]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return state
