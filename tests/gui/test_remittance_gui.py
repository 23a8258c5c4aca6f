"""The Import remittance dialog (preview writes nothing, Post posts and shows the summary, a refused file
says why) and the remittance work list (mark handled, post to a chosen claim)."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from officebill.gui import background
from officebill.gui.remittance_dialog import ImportRemittanceDialog
from officebill.gui.remittance_work import RemittanceWorkView
from tests.billing.money_office import make_books
from tests.edi.era_files import Clp, Svc, answer, era
from tests.edi.remit_office import books_state


@pytest.fixture
def books(qtbot, tmp_path, codes_db):
    (tmp_path / "codes.db").symlink_to(codes_db)
    made = make_books(tmp_path / "office.db")
    yield made
    qtbot.waitUntil(lambda: not background._running, timeout=60_000)
    made.office.close()


def settle(qtbot, dialog):
    qtbot.waitUntil(lambda: dialog.task is not None and dialog.task.done, timeout=60_000)


def test_preview_then_post_then_refused_again(qtbot, books, tmp_path):
    office = books.office
    claim = office.claims.get(books.claim_id)
    path = tmp_path / "pay.835"
    path.write_text(era([answer(claim, [(100, [("CO", "45", 50)]), (20, [])]), Clp("Q9C9", 40, 40, lines=[])]))
    dialog = ImportRemittanceDialog(office, path)
    qtbot.addWidget(dialog)
    assert not dialog.post_button.isEnabled()  # nothing is posted before a preview
    before = books_state(office)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    settle(qtbot, dialog)
    assert dialog.model.rowCount() == 2 and "Would post" in dialog.message.text()
    assert books_state(office) == before and dialog.post_button.isEnabled()
    posted = []
    dialog.posted.connect(posted.append)
    qtbot.mouseClick(dialog.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(posted), timeout=60_000)
    assert "Posted" in dialog.message.text() and "1 paid" in dialog.message.text()
    assert "1 to the work list" in dialog.message.text() and not dialog.post_button.isEnabled()
    assert office.money.claim_balances(claim.id).total.cents == 0

    again = ImportRemittanceDialog(office, path)
    qtbot.addWidget(again)
    qtbot.mouseClick(again.preview_button, Qt.MouseButton.LeftButton)
    settle(qtbot, again)
    assert "Nothing was posted" in again.message.text() and "imported before" in again.message.text()
    assert not again.post_button.isEnabled()


def test_work_list_mark_handled_and_post_to_claim(qtbot, books, tmp_path, monkeypatch):
    office = books.office
    claim = office.claims.get(books.claim_id)
    typo = answer(claim, [(100, [("CO", "45", 50)]), (20, [])])
    typo.control = "TYPO1"
    stranger = Clp("Q9C9", 40, 40, lines=[Svc("99212", 40, 40)])
    path = tmp_path / "pay.835"
    path.write_text(era([typo, stranger]))
    office.remittances.import_835(path)
    view = RemittanceWorkView(office)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 2 and not view.post_button.isEnabled()

    view.table.selectRow(1)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("not ours, returned", True)))
    qtbot.mouseClick(view.handled_button, Qt.MouseButton.LeftButton)
    assert [i.control for i in view.model.rows] == ["TYPO1"]

    view.table.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (claim.id, True)))
    qtbot.mouseClick(view.post_button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 0 and view.empty.isVisibleTo(view)
    assert office.money.claim_balances(claim.id).total.cents == 0
    view.show_resolved.setChecked(True)
    assert view.model.rowCount() == 2
