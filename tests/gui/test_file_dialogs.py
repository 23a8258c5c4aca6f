"""Issue 15: every file dialog of the window opens in the office's documents folder (beside the office file,
owner-only), or in the folder last used for that kind of file in this office; never the home folder or the
folder the program was started from. Each call site is opened for real, QFileDialog recording its start."""
import os
import shutil
import stat
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QFileDialog

from officebill.core.ledger import EntryKind
from officebill.core.records import ClaimStatus
from officebill.office import Office
from officebill.paths import documents_folder
from tests.gui.conftest import DEMO_MANAGER


@pytest.fixture
def window(qtbot, tmp_path, _demo_template, codes_db, monkeypatch):
    """The window on a copy of the demo office (codes linked), started from another folder than the office's."""
    from officebill.gui.main_window import MainWindow

    office_folder = tmp_path / "office"
    office_folder.mkdir()
    (office_folder / "codes.db").symlink_to(codes_db)
    shutil.copyfile(_demo_template, office_folder / "office.db")
    (office_folder / "office.db").chmod(0o600)
    started = tmp_path / "started here"
    started.mkdir()
    monkeypatch.chdir(started)
    name, password = DEMO_MANAGER
    with Office.open(office_folder / "office.db", user=name, password=password) as office:
        window = MainWindow(office, backup_on_close=False)
        qtbot.addWidget(window)
        yield window
        window.close()  # before its office closes (the Claims screen's pane may still be waiting to show)
        from officebill.gui import background

        qtbot.waitUntil(lambda: not background._running, timeout=60_000)


@pytest.fixture
def starts(monkeypatch):
    """Every QFileDialog call's (title, start folder); each answers as if cancelled (or `answer[0]` if set)."""
    seen, answer = [], []

    def record(kind):
        def dialog(parent, title, start="", *args, **kwargs):
            where = Path(start)
            seen.append((title, where if kind == "folder" or where.is_dir() else where.parent))
            chosen = answer.pop(0) if answer else ""
            if kind == "folder":
                return chosen
            return ([chosen] if chosen else [], "") if kind == "names" else (chosen, "")
        return staticmethod(dialog)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", record("name"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", record("name"))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", record("names"))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", record("folder"))
    return seen, answer


def _open_every_file_dialog(qtbot, window) -> None:
    """Each place of the window that asks for a file or folder, opened once."""
    from officebill.gui.alignment_dialog import AlignmentDialog
    from officebill.gui.audit_view import AuditDialog
    from officebill.gui.export_dialog import ExportClaimsDialog
    from officebill.gui.hcpcs_import import choose_and_import
    from officebill.gui.icd10cm_import import Icd10cmReleasesDialog
    from officebill.gui.ledger_view import LedgerDialog
    from officebill.gui.ncci_import import NcciImportDialog
    from officebill.gui.print_dialog import PrintClaimsDialog
    from officebill.gui.remittance_dialog import ImportRemittanceDialog, import_acknowledgment
    from officebill.gui.statements_dialog import StatementsDialog

    office = window.office
    printed = office.claims.page((ClaimStatus.PRINTED,), 0, 1)[0]
    PrintClaimsDialog(office, [printed.id], window).save_pdf()
    AlignmentDialog(office, window).save_test_page()
    StatementsDialog(office, window).run()
    ExportClaimsDialog(office, [], window).browse()
    Icd10cmReleasesDialog(office, window).choose_files()
    ncci = NcciImportDialog(office, window)
    ncci.choose_ptp()
    ncci.choose_mue()
    choose_and_import(window, office, lambda _result: None)
    ImportRemittanceDialog(office, parent=window).browse()
    import_acknowledgment(window, office)
    AuditDialog(office, window).export_csv()
    patient = next(p for p in office.patients.find("", limit=50)
                   if any(e.kind is EntryKind.PATIENT_PAYMENT for e in office.money.ledger(p.id)))
    ledger = LedgerDialog(office, patient.id, parent=window)
    row = next(r for r in range(ledger.model.rowCount()) if ledger.model.entry(r).kind is EntryKind.PATIENT_PAYMENT)
    ledger.table.setCurrentIndex(ledger.model.index(row, 0))
    ledger.print_receipt()
    window.show_screen(6)
    window.reports.show_report()
    qtbot.waitUntil(lambda: window.reports.report is not None)
    window.reports.save("csv")
    window.procedures.choose_import()
    window.procedures.choose_export()
    window.back_up_to()


TITLES = ("Save claims as PDF", "Save the alignment test page", "Save the statements", "Folder for the 837P files",
          "Import an ICD-10-CM release", "Import the NCCI PTP edits", "Import the NCCI MUE table",
          "Import the CMS HCPCS file", "835 remittance file", "Import acknowledgment (999 or 277CA)",
          "Export the audit trail as CSV", "Save the receipt", "Save the report as CSV", "Import procedure list",
          "Export procedure list", "Back up the office file to this folder")


def test_every_file_dialog_opens_in_the_office_documents_folder(qtbot, window, starts):
    seen, _answer = starts
    _open_every_file_dialog(qtbot, window)

    documents = documents_folder(window.office.path)
    assert [title for title, _where in seen] == list(TITLES)  # each call site asked once
    wrong = [(title, str(where)) for title, where in seen if where != documents]
    assert not wrong, f"not in {documents}: {wrong}"
    assert documents.parent == window.office.path.parent and stat.S_IMODE(documents.stat().st_mode) == 0o700


def test_the_folder_used_last_is_where_that_kind_of_file_opens_next(qtbot, window, starts, tmp_path):
    from officebill.gui.alignment_dialog import AlignmentDialog

    seen, answer = starts
    elsewhere = tmp_path / "usb stick"
    elsewhere.mkdir()
    answer.append(str(elsewhere / "alignment-test.pdf"))
    AlignmentDialog(window.office, window).save_test_page()
    assert (elsewhere / "alignment-test.pdf").exists()
    AlignmentDialog(window.office, window).save_test_page()
    window.procedures.choose_export()  # another kind still starts in the documents folder
    assert [where for _title, where in seen] == [documents_folder(window.office.path), elsewhere,
                                                 documents_folder(window.office.path)]


def test_open_another_office_file_starts_beside_this_one(qtbot, window, starts):
    seen, _answer = starts
    window.controller = object()  # the program's controller switches files; only the question is tested
    assert window.open_office_file() is False
    assert seen == [("Open an office file", window.office.path.parent)]
