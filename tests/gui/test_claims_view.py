"""The Claims screen, the print dialog and the alignment dialog, driven like a user would."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from officebill.gui.alignment_dialog import AlignmentDialog
from officebill.gui.claims_view import GROUPS, ClaimsView, fix_target
from officebill.gui.print_dialog import MODE_ADVICE, PrintClaimsDialog
from tests.conftest import DEMO_TODAY, DEMO_UNBILLED

WAIT_MS = 60_000  # background work (making, checking, printing claims): only a failing test waits this long
SHOW_MS = 20_000  # a window shown or activated


@pytest.fixture
def claims_office(tmp_path, codes_db, demo_office_file):
    """A copy of the demo practice at DEMO_TODAY (its year's claims printed and paid, the last week's
    DEMO_UNBILLED visits without claims) with the built code database."""
    import shutil

    from officebill.office import Office

    (tmp_path / "codes.db").symlink_to(codes_db)
    shutil.copyfile(demo_office_file, tmp_path / "office.db")
    (tmp_path / "office.db").chmod(0o600)
    with Office.open(tmp_path / "office.db") as office:
        yield office


@pytest.fixture
def no_dialogs(monkeypatch):
    """Message boxes answer at once and are recorded; questions are answered Yes."""
    shown = []

    def answer(value):
        def show(parent, title, text, *args, **kwargs):
            shown.append((title, text))
            return value
        return staticmethod(show)

    monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "information", answer(QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    return shown


def _view(qtbot, office) -> ClaimsView:
    view = ClaimsView(office)
    qtbot.addWidget(view)
    view.resize(1366, 720)
    with qtbot.waitExposed(view, timeout=SHOW_MS):
        view.show()
    _activate(qtbot, view)
    return view


def _activate(qtbot, view) -> None:
    """Makes the screen the active window, where its shortcuts work. (Not `qtbot.waitActive`: it waits
    for the platform window, which can be active while QApplication.activeWindow() is still None.)"""
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=SHOW_MS)


def _wait_refreshed(qtbot, view, action) -> None:
    """Runs `action` and waits for the lists to reload after the background work it started, however slow.

    When the work was slow enough for its progress dialog to show, that dialog took the active window;
    a desktop's window manager gives it back to the screen when the dialog closes, the offscreen
    platform does not, so the test does (keyboard shortcuts work only in the active window)."""
    with qtbot.waitSignal(view.refreshed, timeout=WAIT_MS):
        action()
    if not view.isActiveWindow():
        _activate(qtbot, view)


def _progress_shows_at_once(monkeypatch) -> list:
    """A slow machine: every background task shows its progress dialog at once. Returns the labels shown."""
    from officebill.gui import background

    monkeypatch.setattr(background, "SHOW_PROGRESS_AFTER_MS", 0)
    monkeypatch.setitem(background.run_in_background.__kwdefaults__, "show_after_ms", 0)
    monkeypatch.setitem(background.BackgroundTask.__init__.__kwdefaults__, "show_after_ms", 0)
    shown = []
    show = background.BackgroundTask._show_progress

    def show_and_record(task):
        show(task)
        if task.progress_dialog is not None:
            shown.append(task.progress_dialog.labelText())

    monkeypatch.setattr(background.BackgroundTask, "_show_progress", show_and_record)
    return shown


def _first_visit(office):
    from datetime import date

    return office.visits.between(date(2000, 1, 1), DEMO_TODAY)[0]


# ------------------------------------------------------------------------------------ pure rules
@pytest.mark.parametrize("field, target", [
    ("visit.diagnoses[2]", "visit"), ("lines[1].pointers", "visit"), ("visit.pos", "visit"),
    ("claim.duplicate", "visit"), ("practice.npi", "setup"), ("provider.npi", "setup"),
    ("payer.address", "setup"), ("facility.npi", "setup"), ("patient.dob", "patient"),
    ("policy.member_id", "patient"), ("insured.address", "patient"), ("other_policy.member_id", "patient"),
])
def test_fix_target(field, target):
    assert fix_target(field) == target


# ------------------------------------------------------------------------------------ the screen
@pytest.mark.parametrize("machine", ["fast", "slow"])
def test_make_claims_from_the_screen_lists_the_new_ones_ready(qtbot, claims_office, no_dialogs, monkeypatch, machine):
    progress_shown = _progress_shows_at_once(monkeypatch) if machine == "slow" else None
    view = _view(qtbot, claims_office)
    messages = []
    view.status_message.connect(messages.append)
    assert view.tabs.currentIndex() == 2  # opened on the first tab with claims: the demo's are sent or printed

    _wait_refreshed(qtbot, view, lambda: qtbot.mouseClick(view.make_button, Qt.MouseButton.LeftButton))

    n = DEMO_UNBILLED
    assert any(f"Made {n} claim(s): {n} ready, 0 need attention" in m for m in messages)
    assert view.tabs.currentIndex() == 1
    assert view.tabs.tabText(1) == f"{GROUPS[1].title} ({n})"
    assert view.claim_model.rowCount() == n
    shown = [view.finding_model.finding_at(row).rule for row in range(view.finding_model.rowCount())]
    assert view.current_claim() is not None and shown == ["codes.release_current"]  # November 2026: FY2027 not held
    assert [c.status.value for c in claims_office.claims.list(("ready", "draft"))] == ["ready"] * n

    _wait_refreshed(qtbot, view, lambda: qtbot.keyClick(view, Qt.Key.Key_F5))
    assert any(f"Checked {n} claim(s): {n} ready, 0 need attention" in m for m in messages)
    if machine == "slow":  # the progress dialogs really showed (making, checking, then checking again)
        assert "Making claims…" in progress_shown and len(progress_shown) >= 3, progress_shown


def test_claim_with_an_error_needs_attention_and_its_finding_opens_the_visit(qtbot, claims_office, no_dialogs):
    visit = _first_visit(claims_office)
    claims_office.visits.save(replace(visit, diagnoses=("E11",) + visit.diagnoses[1:]), today=DEMO_TODAY)
    view = _view(qtbot, claims_office)

    _wait_refreshed(qtbot, view, lambda: qtbot.mouseClick(view.make_button, Qt.MouseButton.LeftButton))

    assert view.tabs.currentIndex() == 0  # Needs attention comes first when a claim has errors
    assert view.tabs.tabText(0) == f"{GROUPS[0].title} (1)"
    claim = view.current_claim()
    assert claim.visit.id == visit.id and claim.status.value == "draft"
    findings = [view.finding_model.finding_at(r) for r in range(view.finding_model.rowCount())]
    assert findings and findings[0].severity == "error" and findings[0].field.startswith("visit.diagnoses")
    assert view.finding_model.data(view.finding_model.index(0, 0)) == "Error"
    assert view.finding_model.data(view.finding_model.index(0, 0), Qt.ItemDataRole.DecorationRole) is not None

    # Enter on the claim moves to its findings; Enter on the finding asks for the visit
    view.claim_table.setFocus()
    qtbot.keyClick(view.claim_table, Qt.Key.Key_Return)
    assert view.finding_table.hasFocus() or view.finding_table.currentIndex().row() == 0
    with qtbot.waitSignal(view.open_visit_requested, timeout=2000) as opened:
        qtbot.keyClick(view.finding_table, Qt.Key.Key_Return)
    assert opened.args == [visit.id]

    # the user fixes the visit elsewhere and comes back: refresh() checks again and the claim is ready
    claims_office.visits.save(replace(claims_office.visits.get(visit.id), diagnoses=visit.diagnoses), today=DEMO_TODAY)
    _wait_refreshed(qtbot, view, view.refresh)
    assert view.tabs.tabText(0) == f"{GROUPS[0].title} (0)"
    assert claims_office.claims.get(claim.id).status.value == "ready"


def test_setup_and_patient_findings_ask_for_their_screens(qtbot, claims_office, no_dialogs):
    from officebill.claims.scrubber import Finding

    claims_office.claims.make()
    view = _view(qtbot, claims_office)
    view.tabs.setCurrentIndex(1)
    claim = view.current_claim()
    view.finding_model.set_findings([Finding("error", "npi.billing", "33a", "practice.npi", "Enter the NPI."),
                                     Finding("warning", "dob", "3", "patient.dob", "Check the birth date.")])
    with qtbot.waitSignal(view.open_setup_requested, timeout=2000) as setup:
        where = view.finding_table.visualRect(view.finding_model.index(0, 2)).center()
        qtbot.mouseClick(view.finding_table.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(view.finding_table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert setup.args == ["practice.npi"]
    with qtbot.waitSignal(view.open_patient_requested, timeout=2000) as patient:
        view.finding_table.setCurrentIndex(view.finding_model.index(1, 0))
        qtbot.keyClick(view.finding_table, Qt.Key.Key_Enter)
    assert patient.args == [claim.patient.id]


def test_preview_renders_a_letter_page_without_printing(qtbot, claims_office, no_dialogs):
    claims_office.claims.make()
    view = _view(qtbot, claims_office)
    view.tabs.setCurrentIndex(1)
    claim = view.current_claim()
    view.detail_tabs.setCurrentIndex(1)
    image = view.preview.current_image()
    assert image is not None and view.preview.page_count() >= 1
    assert image.height() / image.width() == pytest.approx(11 / 8.5, rel=0.01)
    qtbot.mouseClick(view.preview_mode.full, Qt.MouseButton.LeftButton)
    assert view.preview.current_image() is not None
    assert claims_office.claims.get(claim.id).status.value == "ready"  # preview never prints
    assert view.preview_mode.toolTip() == MODE_ADVICE  # beside the preview, the advice is the tooltip


def test_save_pdf_prints_all_ready_claims(qtbot, claims_office, no_dialogs, tmp_path, monkeypatch):
    printed_before = len(claims_office.claims.list(("printed",)))  # the demo year's
    claims_office.claims.make()
    target = tmp_path / "claims.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    asked = []  # "Mark these claims as printed (sent to the payer)?" answered Yes
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or QMessageBox.StandardButton.Yes)
    view = _view(qtbot, claims_office)
    messages = []
    view.status_message.connect(messages.append)
    view.tabs.setCurrentIndex(1)

    def in_dialog():
        dialog = view.findChild(PrintClaimsDialog)
        QTimer.singleShot(20_000, dialog.reject)  # never hang the suite
        assert dialog.selected_radio.isChecked()  # the selected claim is offered first
        dialog.all_radio.click()
        assert dialog.chosen_ids() and len(dialog.chosen_ids()) == DEMO_UNBILLED
        qtbot.waitUntil(lambda: dialog.preview.page_count() == DEMO_UNBILLED, timeout=WAIT_MS)  # in the background
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, in_dialog)
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)  # returns when the dialog closes

    qtbot.waitUntil(lambda: len(claims_office.claims.list(("printed",))) == printed_before + DEMO_UNBILLED,
                    timeout=WAIT_MS)
    assert target.read_bytes().startswith(b"%PDF")
    assert asked and f"Mark these {DEMO_UNBILLED} claims as printed" in asked[0]
    assert any(f"Saved {DEMO_UNBILLED} claim(s)" in m and "100 %" in m for m in messages)
    assert view.tabs.tabText(2).startswith(f"{GROUPS[2].title} (")


def test_print_refuses_a_claim_with_errors(qtbot, claims_office, no_dialogs, tmp_path, monkeypatch):
    visit = _first_visit(claims_office)
    claims_office.visits.save(replace(visit, diagnoses=("E11",) + visit.diagnoses[1:]), today=DEMO_TODAY)
    claims_office.claims.make()
    draft = claims_office.claims.list(("draft",))[0]
    target = tmp_path / "refused.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    dialog = PrintClaimsDialog(claims_office, [draft.id])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.failed, timeout=WAIT_MS) as failed:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "errors" in failed.args[0]
    assert no_dialogs and "errors" in no_dialogs[-1][1]
    assert not target.exists() and claims_office.claims.get(draft.id).status.value == "draft"


def test_printing_draws_letter_pages_at_full_size(qtbot, claims_office, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from officebill.claims.render import render_claims
    from officebill.gui.claim_preview import print_pdf

    claims_office.claims.make()
    pdf = render_claims(claims_office.claims.list(("ready",))[:2], "full")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(pdf, printer) == 2

    import pdfplumber

    with pdfplumber.open(tmp_path / "printed.pdf") as printed:
        assert len(printed.pages) == 2
        for page in printed.pages:
            assert (round(page.width), round(page.height)) == (612, 792)
            image = page.images[0]
            assert (round(image["x0"]), round(image["top"])) == (0, 0)  # from the paper's corner, no margin
            assert (round(image["width"]), round(image["height"])) == (612, 792)  # 1:1, no scaling


def test_correct_a_printed_claim(qtbot, claims_office, no_dialogs):
    view = _view(qtbot, claims_office)
    view.tabs.setCurrentIndex(2)
    first = view.current_claim()  # one of the demo year's printed claims
    assert first.status.value == "printed"
    assert view.correct_button.isEnabled() and view.icn_edit.isEnabled()
    qtbot.keyClicks(view.icn_edit, "ICN12345")
    qtbot.mouseClick(view.correct_button, Qt.MouseButton.LeftButton)
    assert claims_office.claims.get(first.id).status.value == "replaced"
    made = view.current_claim()
    assert made.frequency == "7" and made.original_ref == "ICN12345"


# ------------------------------------------------------------------------------------ alignment
def test_alignment_dialog_saves_offsets_per_profile(qtbot, claims_office, no_dialogs):
    dialog = AlignmentDialog(claims_office)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.preview.page_count() == 1
    image = dialog.preview.current_image()
    assert image.height() / image.width() == pytest.approx(11 / 8.5, rel=0.01)

    dialog.profile_combo.lineEdit().selectAll()
    qtbot.keyClicks(dialog.profile_combo.lineEdit(), "Back tray")
    dialog.x_spin.setFocus()
    dialog.x_spin.selectAll()
    qtbot.keyClicks(dialog.x_spin, "2.5")
    dialog.y_spin.selectAll()
    qtbot.keyClicks(dialog.y_spin, "-1")
    qtbot.keyClick(dialog.y_spin, Qt.Key.Key_Up)  # one 0.5 mm step
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.saved
    assert claims_office.printing.offsets("Back tray") == (2.5, -0.5)
    assert claims_office.printing.offsets() == (2.5, -0.5)  # the saved profile becomes the current one
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_alignment_test_page_saves_as_pdf(qtbot, claims_office, no_dialogs, tmp_path, monkeypatch):
    target = tmp_path / "alignment.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    dialog = AlignmentDialog(claims_office)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.save_pdf_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"%PDF")
    assert "100 %" in no_dialogs[-1][1]


def test_the_print_preview_renders_off_the_gui_thread_first_page_first(qtbot, claims_office, no_dialogs, monkeypatch):
    """Defect 7: the dialog opens at once; the batch is rendered by a worker, the first claim's page shown first."""
    import threading

    from officebill.office.print_service import PrintService

    claims_office.claims.make()
    gui_thread = threading.get_ident()
    rendered = []
    original = PrintService.preview

    def spy(service, claims, *args, **kwargs):
        rendered.append((threading.get_ident(), len(claims)))
        return original(service, claims, *args, **kwargs)

    monkeypatch.setattr(PrintService, "preview", spy)
    dialog = PrintClaimsDialog(claims_office)
    qtbot.addWidget(dialog)
    ready = len(dialog.ready_ids)
    assert ready > 1
    assert dialog.preview.is_rendering() and dialog.preview.page_count() == 0  # nothing rendered on open
    with qtbot.waitSignal(dialog.preview.rendered, timeout=WAIT_MS) as done:
        pass
    assert done.args[0] >= ready
    assert [count for _thread, count in rendered] == [1, ready]  # page 1 first, then the batch
    assert all(thread != gui_thread for thread, _count in rendered)
    assert dialog.preview.current_image() is not None


def test_another_tab_opens_at_its_top_reading_one_page(qtbot, claims_office, no_dialogs, monkeypatch):
    """Switching tabs shows the new tab's first claims: the claim selected on the old tab is not searched
    for page after page (on a ten-year office that read ten pages of the Void tab, half a second)."""
    from officebill.gui import claim_models
    from officebill.gui.claims_view import GROUPS
    from officebill.storage.claim_store import ClaimStore

    monkeypatch.setattr(claim_models, "PAGE_SIZE", 2)
    view = ClaimsView(claims_office)  # not shown: a shown view reads more pages to fill itself, later
    counts = [sum(claims_office.claims.counts().get(s, 0) for s in group.statuses) for group in GROUPS]
    start, other = sorted(range(len(GROUPS)), key=lambda i: counts[i])[-2:]
    assert counts[other] > 2 and counts[start] > 0
    view.tabs.setCurrentIndex(start)
    view.claim_table.selectRow(min(1, counts[start] - 1))
    pages = []
    page = ClaimStore.page
    monkeypatch.setattr(ClaimStore, "page", lambda store, *args: (pages.append(args), page(store, *args))[1])
    view.tabs.setCurrentIndex(other)
    assert len(pages) == 1  # the first page only
    assert view.claim_table.currentIndex().row() == 0
    view.deleteLater()  # gone before the office closes: Qt asks a left-over model for more rows at teardown
    qtbot.wait(1)
