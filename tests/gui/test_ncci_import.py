"""The "Import NCCI edits…" dialog: status line, background imports, refusals shown, the MUE date asked for."""
from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

from officebill.gui import background
from officebill.gui.ncci_import import NcciImportDialog
from tests.codes.ncci_files import EDITS, mue_text, ptp_parts


def _finish(qtbot) -> None:
    qtbot.waitUntil(lambda: not background._running, timeout=60_000)


def test_import_ptp_then_mue_asking_its_date(qtbot, office_with_codes, tmp_path, messages, monkeypatch):
    dialog = NcciImportDialog(office_with_codes)
    qtbot.addWidget(dialog)
    assert "not loaded" in dialog.status.text()

    dialog.import_files("ptp", ptp_parts(tmp_path / "ptp"))
    assert not dialog.ptp_button.isEnabled()  # one import at a time
    _finish(qtbot)
    assert f"ccipra-v322r0 (4 parts) (2026 Q3, {len(EDITS)} edits)" in dialog.status.text()
    assert dialog.ptp_button.isEnabled() and messages == []
    assert office_with_codes.codes.procedure_edits.ptp_loaded  # the window's own office sees the new file

    asked = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: asked.append(a[2]) or ("2026-04-01", True))
    undated = tmp_path / "mue.csv"
    undated.write_text(mue_text())
    dialog.import_files("mue", [undated])
    _finish(qtbot)
    qtbot.waitUntil(lambda: "MUE table from 2026-04-01" in dialog.status.text(), timeout=60_000)
    assert asked and "quarter" in asked[0]
    assert office_with_codes.codes.procedure_edits.mue_loaded


def test_a_refused_file_says_why_and_changes_nothing(qtbot, office_with_codes, tmp_path, messages):
    dialog = NcciImportDialog(office_with_codes)
    qtbot.addWidget(dialog)
    dialog.import_files("ptp", ptp_parts(tmp_path)[:2])
    _finish(qtbot)
    qtbot.waitUntil(lambda: bool(messages), timeout=60_000)
    title, text = messages[0]
    assert "four parts" in text and "Nothing was imported" in text
    assert "not loaded" in dialog.status.text() and dialog.mue_button.isEnabled()


def test_setup_menu_opens_the_dialog(qtbot, main_window):
    action = next(a for a in main_window.setup_menu.actions() if a.text() == "Import &NCCI edits…")
    action.trigger()
    dialog = next(w for w in main_window.findChildren(NcciImportDialog))
    qtbot.waitUntil(dialog.isVisible, timeout=20_000)
    assert "NCCI edits" in dialog.status.text()
    dialog.reject()
