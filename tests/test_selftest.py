"""The self-test: in-process (always) and inside a freshly built PyInstaller bundle (OFFICEBILL_BUNDLE_TEST=1)."""
import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from officebill import selftest

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ("package data", "build code database", "build demo office", "make claims", "print claim (red forms)",
          "print claim (plain paper)", "code search", "read X12 (pyx12 maps)")


@pytest.fixture
def home_with_codes(monkeypatch, codes_db):
    """The self-test's temporary home starts with a copy of the session's codes.db where the office
    will look for it (`paths.codes_path`), so "build code database" finds it current instead of
    building it again (the builder has its own tests, in tests/codes/test_build.py)."""
    homes = []
    make_home = selftest._temporary_home

    @contextlib.contextmanager
    def home_holding_codes(keep):
        with make_home(keep) as home:
            shutil.copy(codes_db, home / "codes.db")
            homes.append(home)
            yield home

    monkeypatch.setattr(selftest, "_temporary_home", home_holding_codes)
    return homes


def test_self_test_passes_and_reports_each_check(capsys, _private_home, home_with_codes):
    before = sorted(p.name for p in _private_home.iterdir())

    assert selftest.main([]) == 0

    out = capsys.readouterr().out
    for check in CHECKS:
        assert any(line.startswith("  ok  " + check) for line in out.splitlines()), out
    assert "E11.9" in out
    assert "self-test passed" in out
    assert os.environ["OFFICEBILL_HOME"] == str(_private_home)  # restored afterwards
    assert sorted(p.name for p in _private_home.iterdir()) == before  # the real data dir is left alone
    assert len(home_with_codes) == 1 and not home_with_codes[0].exists()  # the temporary home is removed


def test_self_test_reports_a_failure_and_exits_1(capsys, monkeypatch, home_with_codes):
    monkeypatch.setattr(selftest.SelfTest, "check_search", lambda self: (_ for _ in ()).throw(
        selftest.CheckFailed("'dm2' did not find E11.9")))

    assert selftest.main(["--self-test", "--no-gui"]) == 1

    out = capsys.readouterr().out
    assert "FAIL  code search" in out and "did not find E11.9" in out
    assert "SELF-TEST FAILED" in out


def test_self_test_skips_the_rest_after_a_failure(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(selftest.SelfTest, "check_codes", lambda self: 1 / 0)

    assert selftest.main(["--no-gui", "--output", str(tmp_path / "report.txt")]) == 1

    out = capsys.readouterr().out
    assert "FAIL  build code database" in out and "ZeroDivisionError" in out
    assert "skip  make claims" in out
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").count("skip ") == 6


def test_module_entry_point_runs():
    result = subprocess.run([sys.executable, "-m", "officebill.selftest", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "--keep" in result.stdout


@pytest.mark.skipif(os.environ.get("OFFICEBILL_BUNDLE_TEST") != "1",
                    reason="builds the PyInstaller bundle (~20 s); set OFFICEBILL_BUNDLE_TEST=1")
def test_bundle(tmp_path):
    """Build the one-folder bundle from installer/officebill.spec and run --self-test inside it."""
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(tmp_path / "dist"), "--workpath", str(tmp_path / "build"),
         str(ROOT / "installer" / "officebill.spec")],
        capture_output=True, text=True, cwd=ROOT)
    assert build.returncode == 0, build.stderr[-4000:]
    folder = tmp_path / "dist" / "OfficeBill"
    suffix = ".exe" if sys.platform == "win32" else ""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    run = subprocess.run([str(folder / f"officebill-cli{suffix}"), "--self-test"], capture_output=True, text=True,
                         env=env, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "frozen bundle" in run.stdout and "self-test passed" in run.stdout
    if sys.platform != "win32":  # the window executable has no console on Windows
        run = subprocess.run([str(folder / "officebill"), "--self-test"], capture_output=True, text=True,
                             env=env, timeout=120)
        assert run.returncode == 0, run.stdout + run.stderr
    help_run = subprocess.run([str(folder / f"officebill-cli{suffix}"), "--help"], capture_output=True, text=True,
                              env=env, timeout=60)
    assert help_run.returncode == 0 and "officebill-cli" in help_run.stdout


def test_icon_and_desktop_entry_are_in_place():
    from importlib.resources import files

    png = files("officebill").joinpath("resources/icons/officebill-256.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png[16:20], "big") == 256 and int.from_bytes(png[20:24], "big") == 256
    entry = (ROOT / "resources" / "officebill.desktop").read_text(encoding="utf-8").splitlines()
    assert entry[0] == "[Desktop Entry]"
    fields = dict(line.split("=", 1) for line in entry[1:] if "=" in line)
    assert fields["Type"] == "Application" and fields["Exec"] == "officebill" and fields["Icon"] == "officebill"
    assert (ROOT / "resources" / "officebill.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
