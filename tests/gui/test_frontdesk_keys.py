"""Issue 15: the front desk's keystrokes from finding a patient to a printed claim stay under the target.

Runs `bench/frontdesk_keys.py`'s own path (the same function the bench runs) on the real window, counting every
key pressed through qtbot. A screen change that costs keys on the path fails here."""
import importlib.util
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

BENCH = Path(__file__).resolve().parents[2] / "bench" / "frontdesk_keys.py"


def _bench():
    spec = importlib.util.spec_from_file_location("frontdesk_keys", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def front_desk_window(demo_office, request):
    """conftest's main window on the demo office (the session's code database beside the office file)."""
    return request.getfixturevalue("main_window")


def test_the_front_desk_path_stays_under_the_key_target(qtbot, front_desk_window, tmp_path, monkeypatch):
    bench = _bench()
    monkeypatch.setattr(QMessageBox, "exec", QDialog.exec)  # a question on the path is answered by a key, counted
    keys = bench.CountingKeys(qtbot)

    pdf = bench.frontdesk_path(front_desk_window, keys, tmp_path,
                               wait=lambda condition, timeout=180: qtbot.waitUntil(condition, timeout=int(timeout * 1000)))

    print(keys.report())
    assert pdf.stat().st_size > 1000
    assert keys.total < bench.TARGET_TOTAL, keys.report()
    found = keys.steps[bench.FIND_CLAIM_STEP]
    # Make claims leaves the focus in the list on the newest claim: one key (PageUp) picks it (6 keys before)
    assert found < bench.TARGET_FIND_CLAIM, keys.report()
