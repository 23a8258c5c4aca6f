"""Issue 15, "Claims are found at once": the Claims screen's search box driven by keys in the real window
(Ctrl+F or / goes to it, typing finds claims on every tab, Enter or Down moves to the list, Esc clears)."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from officebill.core.records import ClaimStatus
from officebill.office import Office
from tests.gui.conftest import DEMO_MANAGER

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SENT_TAB = 2


@pytest.fixture
def main_window(qtbot, tmp_path, _demo_template, codes_db):
    """The window on a copy of the demo office, its code database linked (not built again)."""
    from officebill.gui.main_window import MainWindow

    (tmp_path / "codes.db").symlink_to(codes_db)
    shutil.copyfile(_demo_template, tmp_path / "office.db")
    (tmp_path / "office.db").chmod(0o600)
    name, password = DEMO_MANAGER
    with Office.open(tmp_path / "office.db", user=name, password=password) as office:
        window = MainWindow(office, backup_on_close=False)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        with qtbot.waitExposed(window, timeout=20_000):
            window.show()
        yield window
        window.close()  # before its office closes (the Claims screen's pane may still be waiting to show)
        qtbot.waitUntil(lambda: not _running(), timeout=60_000)


def _running() -> bool:
    from officebill.gui import background

    return bool(background._running)


def _claims_screen(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)  # Ctrl+3: Claims
    view = window.claims
    qtbot.waitUntil(lambda: window.stack.currentWidget() is view)
    qtbot.keyClick(view, Qt.Key.Key_D, ALT)  # Sent or printed: a full list
    view.claim_table.setFocus()
    qtbot.waitUntil(view.claim_table.hasFocus)
    return view


def _shown_ids(view) -> list[int]:
    model = view.claim_model
    while model.canFetchMore():
        model.fetchMore()
    return [model.claim_at(row).id for row in range(model.rowCount())]


def _type(qtbot, view, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)
    qtbot.waitUntil(lambda: view._search_text == " ".join(text.split()))


def test_ctrl_f_on_the_claims_screen_finds_a_patients_claims_and_down_enters_the_list(qtbot, main_window):
    view = _claims_screen(qtbot, main_window)
    every = main_window.office.claims.page((ClaimStatus.SENT, ClaimStatus.PRINTED), 0, 100_000)
    patient = every[0]
    last = patient.patient_name.split(",")[0]

    qtbot.keyClick(view.claim_table, Qt.Key.Key_F, CTRL)
    assert view.search_edit.hasFocus()  # the Claims screen's box, not the window's Find patient
    assert main_window.stack.currentWidget() is view
    _type(qtbot, view, last)

    assert view.tabs.currentIndex() == SENT_TAB
    wanted = [r.id for r in every if r.patient_name.split(",")[0] == last or r.patient_name.split(", ")[1]
              .startswith(last)]
    assert _shown_ids(view) == wanted
    assert view.tabs.tabText(SENT_TAB).endswith(f"({len(wanted)})")
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Down)
    assert view.claim_table.hasFocus() and view.current_claim().id == wanted[0]
    qtbot.keyClick(view.claim_table, Qt.Key.Key_Down)
    assert view.current_claim().id == wanted[1]


def test_a_claim_number_as_printed_goes_to_its_tab_and_esc_clears(qtbot, main_window):
    view = _claims_screen(qtbot, main_window)
    before = view.claim_model.rowCount()
    old = main_window.office.claims.page((ClaimStatus.PRINTED,), 40, 1)[0]
    qtbot.keyClick(view, Qt.Key.Key_T, ALT)  # Needs attention: not where the claim is
    view.claim_table.setFocus()
    qtbot.keyClick(view.claim_table, Qt.Key.Key_Slash)  # / goes to the box too
    assert view.search_edit.hasFocus()
    _type(qtbot, view, f"{old.account}C{old.id}")

    assert view.tabs.currentIndex() == SENT_TAB and _shown_ids(view) == [old.id]
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Return)
    assert view.claim_table.hasFocus() and view.current_claim().id == old.id

    view.search_edit.setFocus()
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view._search_text == "")
    assert view.search_edit.text() == "" and view.claim_model.rowCount() >= min(before, 200)
    assert "+" not in view.tabs.tabText(SENT_TAB)


def test_a_date_of_service_and_a_payer_typed_as_staff_type_them(qtbot, main_window):
    view = _claims_screen(qtbot, main_window)
    every = main_window.office.claims.page((ClaimStatus.SENT, ClaimStatus.PRINTED), 0, 100_000)
    claim = every[10]
    qtbot.keyClick(view.claim_table, Qt.Key.Key_F, CTRL)
    _type(qtbot, view, f"{claim.service_date:%m/%d/%Y}")
    same_day = [r.id for r in every if r.service_date == claim.service_date]
    assert _shown_ids(view) == same_day

    qtbot.keyClick(view.search_edit, Qt.Key.Key_A, CTRL)
    payer = claim.payer_name.split()[0].lower()
    _type(qtbot, view, f"{payer} {claim.service_date:%Y-%m-%d}")
    assert _shown_ids(view) == [r.id for r in every if r.service_date == claim.service_date
                                and r.payer_name == claim.payer_name]


def test_nothing_found_says_so(qtbot, main_window):
    view = _claims_screen(qtbot, main_window)
    qtbot.keyClick(view.claim_table, Qt.Key.Key_F, CTRL)
    _type(qtbot, view, "zzqx")
    assert not view.claim_table.isVisible() and "zzqx" in view.empty_label.text()
    assert all(view.tabs.tabText(i).endswith("(0)") for i in range(view.tabs.count()))


def test_cut_patient_and_payer_names_elide_in_the_middle_with_the_whole_name_in_a_tooltip(qtbot, main_window):
    view = _claims_screen(qtbot, main_window)
    model = view.claim_model
    assert view.claim_table.textElideMode() == Qt.TextElideMode.ElideMiddle
    rows = [model.claim_at(r) for r in range(model.rowCount())]
    plain = next(r for r, claim in enumerate(rows) if not claim.is_secondary)
    follower = next(r for r, claim in enumerate(rows) if claim.is_secondary)
    tip = Qt.ItemDataRole.ToolTipRole
    assert model.data(model.index(plain, 4), tip) == rows[plain].payer_name
    assert model.data(model.index(plain, 1), tip) == rows[plain].patient_name
    assert rows[follower].payer_name in model.data(model.index(follower, 4), tip)


def test_f1_lists_every_key_of_the_claims_screen(qtbot, main_window):
    from PySide6.QtGui import QShortcut

    from tests.gui.test_mnemonics import mnemonics

    view = _claims_screen(qtbot, main_window)
    listed = " ".join(keys for keys, _what in view.shortcut_help())
    menus = {a.text() for a in main_window.menuBar().actions()}
    letters = set()
    for detail_tab in (0, 1):  # the findings and the preview
        view.detail_tabs.setCurrentIndex(detail_tab)
        letters |= {letter for letter, where in mnemonics(main_window) if not any(m in where for m in menus)}
    missing = [f"Alt+{letter.upper()}" for letter in sorted(letters) if f"Alt+{letter.upper()}" not in listed]
    assert not missing, f"F1 does not list {missing}"
    keys = {shortcut.key().toString() for shortcut in view.findChildren(QShortcut) if shortcut.isEnabled()}
    keys |= {"Ctrl+F", "/"}
    not_listed = [key for key in keys if key and key not in listed
                  and key not in ("Esc", "PgUp", "PgDown")]  # Esc (the box) and pages are listed in words
    assert not not_listed, f"F1 does not list {not_listed}"
