"""One window per office file: a second launch brings the first window forward, or says where the file is open."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile

from officebill.gui.app import OfficeController
from officebill.gui.single_instance import lock_path
from officebill.office import Office


@pytest.fixture
def office_path(tmp_path):
    path = tmp_path / "office.db"
    Office.create(path).close()
    return path


def _controller():
    return OfficeController(backup_on_close=False, first_start=False)


def _close(controller):
    if controller.window is not None and controller.window.isVisible():
        controller.window.leave(backup=False)
    controller.close_all()


def test_a_second_launch_brings_the_first_window_forward(qtbot, office_path, messages):
    first, second = _controller(), _controller()
    try:
        assert first.start(office_path)
        qtbot.addWidget(first.window)
        first.window.showMinimized()
        with qtbot.waitSignal(first.brought_forward, timeout=5000):
            assert not second.start(office_path)
        assert second.handed_over and second.window is None  # nothing opened twice, no message to read
        assert not first.window.isMinimized()
        assert messages == []
    finally:
        _close(second)
        _close(first)


def test_closing_the_window_gives_the_file_back(qtbot, office_path):
    first = _controller()
    assert first.start(office_path)
    _close(first)
    again = _controller()
    try:
        assert again.start(office_path)  # the claim went with the window
        qtbot.addWidget(again.window)
    finally:
        _close(again)


def test_a_holder_that_does_not_answer_is_named(qtbot, office_path, messages):
    """The lock is held (here by this test, with no window listening): the launch says where, opens nothing."""
    held = QLockFile(str(lock_path(office_path)))
    assert held.tryLock(0)
    try:
        controller = _controller()
        assert not controller.start(office_path)
        assert not controller.handed_over and controller.window is None
        [(title, text)] = messages
        assert "already open" in text and f"process {os.getpid()}" in text and str(office_path.resolve()) in text
    finally:
        held.unlock()


def test_a_second_program_on_the_same_file_raises_the_first(qtbot, office_path):
    """Two processes: the second launch ends (exit 0) and the first window is asked to come forward."""
    first = _controller()
    try:
        assert first.start(office_path)
        qtbot.addWidget(first.window)
        script = textwrap.dedent(f"""
            import os, sys
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
            from officebill.gui.app import main
            sys.exit(main(["officebill", "--db", {str(office_path)!r}]))
        """)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "OFFICEBILL_HOME": str(office_path.parent)}
        root = Path(__file__).resolve().parents[2]
        with qtbot.waitSignal(first.brought_forward, timeout=30_000):
            process = subprocess.Popen([sys.executable, "-c", script], cwd=root, env=env,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            qtbot.waitUntil(lambda: process.poll() is not None, timeout=30_000)
        out, err = process.communicate()
        assert process.returncode == 0, err.decode()
    finally:
        _close(first)
