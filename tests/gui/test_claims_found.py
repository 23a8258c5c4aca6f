"""Issue 15, "Claims are found at once": the Claims screen driven by keys (new claims selected and shown,
the place kept after printing, Ctrl+P with nothing selected asks, Save PDF marks printed only when sent)."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from officebill.gui.print_dialog import PrintClaimsDialog
from tests.conftest import DEMO_UNBILLED
from tests.gui.test_claims_view import _activate, _view, _wait_refreshed, claims_office, no_dialogs  # noqa: F401 (fixtures)

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _in_view(view, row: int) -> bool:
    """The claim list's `row` is inside the visible part of the list."""
    rect = view.claim_table.visualRect(view.claim_proxy.index(row, 0))
    return rect.isValid() and view.claim_table.viewport().rect().intersects(rect)


def test_make_claims_selects_the_new_claims_and_shows_them(qtbot, claims_office, no_dialogs):
    before = {c.id for c in claims_office.claims.list()}
    view = _view(qtbot, claims_office)

    _wait_refreshed(qtbot, view, lambda: qtbot.keyClick(view, Qt.Key.Key_M, ALT))  # Alt+M: Make claims

    made = {c.id for c in claims_office.claims.list()} - before
    assert len(made) == DEMO_UNBILLED
    assert view.tabs.currentIndex() == 1  # the Ready tab holds them
    assert set(view.selected_claim_ids()) == made  # every new claim selected, not only the first row
    current = view.claim_table.currentIndex().row()
    assert view.current_claim().id in made and _in_view(view, current)


def test_the_newest_claims_come_first(qtbot, claims_office, no_dialogs):
    view = _view(qtbot, claims_office)
    qtbot.keyClick(view, Qt.Key.Key_D, ALT)  # Alt+D: Sent or printed
    ids = [view.claim_model.claim_at(r).id for r in range(view.claim_model.rowCount())]
    assert len(ids) > 1 and ids == sorted(ids, reverse=True)


def _print_selected_to_pdf(qtbot, view, target, monkeypatch) -> None:
    """Ctrl+P, then Alt+P (Save PDF…) in the print dialog; returns when the dialog closed."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))

    def in_dialog():
        dialog = view.findChild(PrintClaimsDialog)
        QTimer.singleShot(20_000, dialog.reject)  # never hang the suite
        qtbot.waitUntil(dialog.isActiveWindow, timeout=20_000)
        qtbot.keyClick(dialog, Qt.Key.Key_P, ALT)

    QTimer.singleShot(0, in_dialog)
    qtbot.keyClick(view.claim_table, Qt.Key.Key_P, CTRL)


def test_after_printing_the_selection_stays_where_it_was(qtbot, claims_office, no_dialogs, tmp_path, monkeypatch):
    claims_office.claims.make()
    view = _view(qtbot, claims_office)
    qtbot.keyClick(view, Qt.Key.Key_E, ALT)  # Alt+E: Ready
    view.claim_table.setFocus()
    qtbot.keyClick(view.claim_table, Qt.Key.Key_Down)
    qtbot.keyClick(view.claim_table, Qt.Key.Key_Down)
    chosen = view.current_claim()
    assert view.claim_table.currentIndex().row() == 2 and view.selected_claim_ids() == [chosen.id]

    seen = _answer_in_box(qtbot, monkeypatch, Qt.Key.Key_Y)  # Yes: the PDF was sent, mark it printed
    _print_selected_to_pdf(qtbot, view, tmp_path / "one.pdf", monkeypatch)
    qtbot.waitUntil(lambda: claims_office.claims.get(chosen.id).status.value == "printed", timeout=20_000)
    qtbot.waitUntil(lambda: view.claim_model.rowCount() == DEMO_UNBILLED - 1, timeout=20_000)

    assert seen and "Mark these 1 claims as printed" in seen[0][0]
    assert view.tabs.currentIndex() == 1  # still the Ready tab, at the same place: the next claim
    assert view.claim_model.rowCount() == DEMO_UNBILLED - 1
    assert view.claim_table.currentIndex().row() == 2
    assert view.current_claim().id != chosen.id and len(view.selected_claim_ids()) == 1
    assert QApplication.activeModalWidget() is None


def _answer_in_box(qtbot, monkeypatch, key, modifier=Qt.KeyboardModifier.NoModifier) -> list:
    """Presses `key` in the question box that the next action opens (the box really shown: not the
    recorder of conftest's `messages`); returns the box's text and default button (once shown)."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    monkeypatch.setattr(QMessageBox, "exec", QDialog.exec)
    seen = []

    def answer():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        QTimer.singleShot(20_000, box.reject)  # never hang the suite
        box.activateWindow()
        qtbot.waitUntil(box.isActiveWindow, timeout=20_000)  # where its mnemonics work
        seen.append((box.text(), box.defaultButton().text()))
        qtbot.keyClick(box, key, modifier)

    QTimer.singleShot(0, answer)
    return seen


def test_ctrl_p_with_no_claim_selected_asks_and_enter_cancels(qtbot, claims_office, no_dialogs, monkeypatch):
    claims_office.claims.make()
    view = _view(qtbot, claims_office)
    qtbot.keyClick(view, Qt.Key.Key_T, ALT)  # Alt+T: the screen opened on Ready, its first tab with claims
    assert view.tabs.currentIndex() == 0 and view.selected_claim_ids() == []  # Needs attention: empty
    opened = []
    monkeypatch.setattr(PrintClaimsDialog, "exec", lambda dialog: opened.append(dialog.chosen_ids()))

    seen = _answer_in_box(qtbot, monkeypatch, Qt.Key.Key_Return)
    qtbot.keyClick(view, Qt.Key.Key_P, CTRL)
    assert seen and f"all {DEMO_UNBILLED} ready" in seen[0][0] and seen[0][1] == "Cancel"
    assert opened == []  # Enter cancelled: nothing printed, no dialog

    _activate(qtbot, view)  # the offscreen platform does not give the window back when the box closes
    seen = _answer_in_box(qtbot, monkeypatch, Qt.Key.Key_A, ALT)  # Alt+A: Print all ready…
    qtbot.keyClick(view, Qt.Key.Key_P, CTRL)
    assert seen and len(opened) == 1 and len(opened[0]) == DEMO_UNBILLED
    assert [c.status.value for c in claims_office.claims.list(("ready",))] == ["ready"] * DEMO_UNBILLED


def test_save_pdf_does_not_mark_printed_unless_the_person_says_it_was_sent(qtbot, claims_office, no_dialogs,
                                                                          tmp_path, monkeypatch):
    claims_office.claims.make()
    view = _view(qtbot, claims_office)
    qtbot.keyClick(view, Qt.Key.Key_E, ALT)  # Alt+E: Ready
    view.claim_table.setFocus()
    chosen = view.current_claim()
    messages = []
    view.status_message.connect(messages.append)

    seen = _answer_in_box(qtbot, monkeypatch, Qt.Key.Key_Return)  # Enter: the default, No
    _print_selected_to_pdf(qtbot, view, tmp_path / "copy.pdf", monkeypatch)
    qtbot.waitUntil(lambda: bool(messages), timeout=20_000)

    assert seen and "Mark these 1 claims as printed (sent to the payer)?" in seen[0][0] and seen[0][1] == "&No"
    assert str(tmp_path / "copy.pdf") in seen[0][0]  # the question says where the file was written
    assert (tmp_path / "copy.pdf").read_bytes().startswith(b"%PDF")
    assert claims_office.claims.get(chosen.id).status.value == "ready"
    assert str(tmp_path / "copy.pdf") in messages[-1] and "not marked printed" in messages[-1]
    assert view.claim_model.rowCount() == DEMO_UNBILLED and view.current_claim().id == chosen.id
