"""The statements dialog: who is due, a preview that records nothing, the run in the background, a reprint."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.billing.money_office import TODAY
from tests.gui.money_fixtures import books  # noqa: F401


@pytest.fixture
def dialog(qtbot, books):
    from officebill.gui.statements_dialog import StatementsDialog

    made = StatementsDialog(books.office, today=lambda: TODAY)
    made.open_files = False
    qtbot.addWidget(made)
    with qtbot.waitExposed(made):
        made.show()
    return made


def test_due_accounts_preview_run_and_reprint(qtbot, dialog, books, tmp_path):
    office = books.office
    assert [d.account for d in dialog.due_model.rows] == [books.patient.account]
    assert "<b>1</b> statement(s) due today for <b>$15.00</b>" in dialog.due_label.text()
    dialog.due_table.setFocus()
    preview = dialog.preview(path=tmp_path / "one.pdf")
    assert preview.read_bytes().startswith(b"%PDF")
    assert office.statements.runs() == []  # a preview records nothing

    with qtbot.waitSignal(dialog.finished_run, timeout=60_000) as ran:
        dialog.run(tmp_path / "run.pdf")
    run = ran.args[0]
    assert (run.count, str(run.total)) == (1, "$15.00")
    assert (tmp_path / "run.pdf").exists()
    assert [r.id for r in dialog.run_model.rows] == [run.id]
    assert dialog.due_model.rows == []  # sent within the cycle
    assert not dialog.run_button.isEnabled()

    again = dialog.reprint(tmp_path / "again.pdf")
    assert again.read_bytes().startswith(b"%PDF")


def test_enter_on_a_due_account_previews_it(qtbot, dialog, monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr(dialog, "_show_file", shown.append)
    dialog.due_table.setFocus()
    qtbot.keyClick(dialog.due_table, Qt.Key.Key_Return)
    assert len(shown) == 1 and shown[0].read_bytes().startswith(b"%PDF")
