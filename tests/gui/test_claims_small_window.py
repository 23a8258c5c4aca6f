"""Issue 15 at 1000x600: the Claims list and its tabs, and the Payments deposit list, fit without scrolling
sideways; the Claims screen opens on the first tab that has claims (not an empty Needs attention)."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest
from PySide6.QtCore import Qt

from officebill.gui.claim_models import GROUPS
from tests.gui.test_claims_view import _view, _wait_refreshed, claims_office, no_dialogs  # noqa: F401 (fixtures)

CTRL = Qt.KeyboardModifier.ControlModifier
SHOTS = os.environ.get("OFFICEBILL_SHOTS")  # a folder: the screens are saved there to look at


@pytest.fixture
def window(demo_office, request):
    """conftest's main window on the demo office (the session's code database beside the office file)."""
    return request.getfixturevalue("main_window")


def _small(qtbot, window):
    window.resize(1000, 600)
    qtbot.waitUntil(lambda: window.width() == 1000 and window.height() == 600)


def _go(qtbot, window, key, view):
    qtbot.keyClick(window, key, CTRL)
    qtbot.waitUntil(lambda: window.current_view() is view and view.isVisible())
    qtbot.waitUntil(lambda: view.task is None or view.task.done if hasattr(view, "task") else True, timeout=60_000)


def _shot(window, name: str) -> None:
    if SHOTS:
        window.grab().save(os.path.join(SHOTS, f"c2-{name}.png"))


def _on_screen(table, *columns: int) -> None:
    for column in columns:
        assert not table.isColumnHidden(column)
        assert table.columnViewportPosition(column) + table.columnWidth(column) <= table.viewport().width()


def _elided(table, column: int) -> bool:
    """Some text of the column (on the rows shown) is cut: the column is narrower than its cells need."""
    return table.columnWidth(column) < table.sizeHintForColumn(column)


def test_claims_open_on_the_first_tab_with_claims_and_fit_at_1000x600(qtbot, window, demo_office):
    main_window = window
    made = len(demo_office.claims.make().value.made)  # before the screen first opens: ready claims, none needing attention
    _small(qtbot, main_window)
    _go(qtbot, main_window, Qt.Key.Key_3, main_window.claims)
    claims = main_window.claims
    _shot(main_window, "claims")

    counts = claims._read_counts()
    assert counts[0] == 0 and counts[1] == made > 0  # nothing needs attention, claims are ready
    assert claims.tabs.currentIndex() == 1 and claims.claim_model.rowCount() == counts[1]
    table = claims.claim_table
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)  # no sideways scrolling
    _on_screen(table, 4, 5)  # Payer and Total (the Ready tab's title says the status)
    bar = claims.tabs
    last = bar.tabRect(bar.count() - 1)
    assert last.right() < bar.width() and bar.tabRect(0).left() >= 0  # every tab's title shows, no scroll buttons
    assert bar.tabText(0).startswith(GROUPS[0].short_title)

    qtbot.keyClick(main_window, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # Sent or printed: dated statuses
    qtbot.waitUntil(lambda: claims.tabs.currentIndex() == 2)
    _shot(main_window, "claims-sent")
    assert table.horizontalScrollBar().maximum() == 0
    _on_screen(table, 4, 5, 6)  # Payer, Total, Status (sent or printed, with its date)
    assert not _elided(table, 0) and not _elided(table, 5)  # the claim number and total whole
    qtbot.keyClick(table, Qt.Key.Key_Home)
    title = claims.detail.title_label
    qtbot.waitUntil(lambda: title.text().startswith("Claim "))
    qtbot.waitUntil(lambda: title.height() >= title.heightForWidth(title.width()))  # every line of the title shows
    _shot(main_window, "claims-sent-selected")


def test_the_tab_is_chosen_when_the_screen_opens_not_on_every_refresh(qtbot, window):
    main_window = window
    _go(qtbot, main_window, Qt.Key.Key_3, main_window.claims)
    claims = main_window.claims
    assert claims.tabs.currentIndex() == 2  # the demo's claims are all sent or printed
    qtbot.keyClick(main_window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # the empty Needs attention
    qtbot.waitUntil(lambda: claims.tabs.currentIndex() == 0)
    claims._load_all()
    _go(qtbot, main_window, Qt.Key.Key_1, main_window.patients)
    _go(qtbot, main_window, Qt.Key.Key_3, claims)
    assert claims.tabs.currentIndex() == 0  # where the person left it
    assert claims.tabs.tabText(0).startswith(GROUPS[0].title)  # a wide window: the whole titles
    assert not any(claims.claim_table.isColumnHidden(column) for column in range(8))  # and every column
    _shot(main_window, "claims-wide")


def test_the_deposit_list_fits_at_1000x600(qtbot, window):
    main_window = window
    _small(qtbot, main_window)
    payments = main_window.payments
    qtbot.keyClick(main_window, Qt.Key.Key_6, CTRL)
    qtbot.waitUntil(lambda: main_window.current_view() is payments and payments.isVisible())
    _shot(main_window, "payments")

    table = payments.deposit_table
    assert table.model().rowCount() > 0
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)
    assert not _elided(table, 1)  # the Number column whole


@pytest.mark.parametrize("key", [Qt.Key.Key_PageUp, Qt.Key.Key_Home])
def test_after_make_claims_one_key_picks_the_newest_claim(qtbot, claims_office, no_dialogs, key):
    before = {c.id for c in claims_office.claims.list()}
    view = _view(qtbot, claims_office)

    _wait_refreshed(qtbot, view, lambda: qtbot.keyClick(view, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier))

    made = sorted({c.id for c in claims_office.claims.list()} - before)
    assert len(made) > 1 and set(view.selected_claim_ids()) == set(made)  # all of them selected
    assert view.claim_table.hasFocus()  # the list, not the Print… button
    assert view.current_claim().id == made[-1]  # the newest: the claim of the visit saved last
    qtbot.keyClick(view.claim_table, key)  # one key
    assert view.selected_claim_ids() == [made[-1]]
