"""officebill.launch: the installed commands answer --self-test before the window or the CLI starts."""
import subprocess
import sys
from pathlib import Path

import pytest

from officebill import launch, selftest


@pytest.fixture
def self_test_calls(monkeypatch):
    calls = []
    monkeypatch.setattr(selftest, "main", lambda argv: calls.append(argv) or 0)
    return calls


def test_window_command_runs_the_self_test_without_starting_qt(self_test_calls):
    assert launch.gui(["officebill", "--self-test", "--no-gui"]) == 0
    assert self_test_calls == [["--self-test", "--no-gui"]]


def test_cli_command_runs_the_self_test(self_test_calls):
    assert launch.cli(["--self-test", "--no-gui"]) == 0
    assert self_test_calls == [["--self-test", "--no-gui"]]


def test_cli_command_runs_the_cli(self_test_calls, capsys):
    with pytest.raises(SystemExit) as exited:
        launch.cli(["--help"])
    assert exited.value.code == 0 and "officebill-cli" in capsys.readouterr().out
    assert self_test_calls == []


def test_self_test_dispatch_imports_no_qt():
    code = ("import sys; from officebill import launch, selftest; selftest.main = lambda argv: 0; "
            "launch.gui(['officebill', '--self-test']); assert 'PySide6' not in sys.modules, 'Qt was imported'")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


def test_installed_cli_command_starts():
    command = Path(sys.executable).with_name("officebill-cli")
    if not command.exists():
        pytest.skip("officebill is not installed in this interpreter's environment")
    run = subprocess.run([str(command), "--help"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "officebill-cli" in run.stdout


def test_both_commands_answer_version_without_opening_anything(capsys):
    from officebill import __version__

    assert launch.cli(["--version"]) == 0
    assert launch.gui(["officebill", "--version"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"OfficeBill {__version__}"] * 2
