"""The ICD-10-CM releases dialog: the releases held, a CMS release imported in the background, a refusal said."""
from __future__ import annotations

import pytest

from officebill.codes import ensure_built
from officebill.office import Office
from tests.codes.icd_release_files import changed, write_release


@pytest.fixture
def office(tmp_path, small_icd_release):
    """An office whose own code database is built from the small cut of the bundled release."""
    ensure_built(tmp_path / "codes.db")
    with Office.create(tmp_path / "office.db") as office:
        yield office


def test_import_a_release_from_the_dialog(qtbot, tmp_path, office, small_icd_release, monkeypatch, messages):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from officebill.gui.icd10cm_import import Icd10cmReleasesDialog

    dialog = Icd10cmReleasesDialog(office)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2 and dialog.table.item(0, 0).text() == "April 1, 2026 (FY2026 April update)"
    files = write_release(changed(small_icd_release, delete=("R071",)), tmp_path / "cms", zipped=True)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(f) for f in files], "")))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages), timeout=60_000)
    title, text = messages[-1]
    assert text.startswith("Imported the ICD-10-CM release of October 1, 2026") and "1 deleted" in text
    assert [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())] == [
        "October 1, 2026 (FY2027)", "April 1, 2026 (FY2026 April update)", "April 1, 2025 (FY2025 April update)"]
    assert dialog.table.item(0, 2).text() == "2027-09-30" and dialog.import_button.isEnabled()
    from officebill.gui.hcpcs_import import code_sets_text

    assert "ICD-10-CM October 1, 2026 release, in force to 2027-09-30" in code_sets_text(office)

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)  # the same release again
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=60_000)
    assert "already in the code database" in messages[-1][1] and "Nothing was imported" in messages[-1][1]
    assert dialog.table.rowCount() == 3


def test_the_setup_menu_opens_the_releases_dialog(qtbot, main_window, codes_db):
    from PySide6.QtWidgets import QApplication

    from officebill.gui.icd10cm_import import Icd10cmReleasesDialog

    assert (main_window.office.path.parent / "codes.db").exists()  # built: the dialog lists its releases
    setup = next(a.menu() for a in main_window.menuBar().actions() if a.text().replace("&", "") == "Setup")
    item = next(a for a in setup.actions() if a.text() == "Import &ICD-10-CM release…")
    item.trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, Icd10cmReleasesDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=20_000)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, Icd10cmReleasesDialog))
    assert dialog.table.rowCount() == 2 and dialog.table.item(0, 0).text().startswith("April 1, 2026")
    dialog.close()
