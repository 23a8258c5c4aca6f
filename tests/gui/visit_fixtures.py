"""Fixtures for the Visits screen and code picker tests: the real code database (built once per
session), a demo office copied per test, and keyboard helpers that type into whatever has focus."""
from __future__ import annotations

import os
import shutil
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication

DAY = date(2025, 10, 15)  # the demo's "today": always in the past, so dates of service are valid


@pytest.fixture(scope="session")
def visit_codes_db(codes_db):
    """The session's codes.db (tests/conftest.py)."""
    return codes_db


@pytest.fixture(scope="session")
def visit_demo_template(tmp_path_factory, visit_codes_db):
    """A demo office file built once; each test gets a copy."""
    from officebill.demo import build_demo
    from officebill.office import Office

    folder = tmp_path_factory.mktemp("visit_demo")
    (folder / "codes.db").symlink_to(visit_codes_db)
    with Office.create(folder / "office.db") as office:
        build_demo(office, DAY)
    return folder / "office.db"


@pytest.fixture
def office(tmp_path, visit_codes_db, visit_demo_template):
    from officebill.office import Office

    shutil.copy(visit_demo_template, tmp_path / "office.db")
    (tmp_path / "codes.db").symlink_to(visit_codes_db)
    with Office.open(tmp_path / "office.db") as opened:
        yield opened


@pytest.fixture
def view(qtbot, office):
    from officebill.gui.office_changes import OfficeChanges
    from officebill.gui.visit_entry import VisitsView

    widget = VisitsView(office, today=lambda: DAY)
    OfficeChanges.of(office).changed.connect(widget.office_changed)  # as the main window connects it
    qtbot.addWidget(widget)
    widget.resize(1400, 850)
    with qtbot.waitExposed(widget, timeout=20_000):
        widget.show()
    widget.activateWindow()
    widget.new_visit()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget.field("patient_id"), timeout=10_000)
    return widget


def focused():
    return QApplication.focusWidget()


def type_text(qtbot, text: str) -> None:
    """Type into the widget that has the keyboard focus, as a person would."""
    qtbot.keyClicks(focused(), text)


def press(qtbot, key, modifier=None) -> None:
    from PySide6.QtCore import Qt

    qtbot.keyClick(focused(), key, modifier if modifier is not None else Qt.NoModifier)
