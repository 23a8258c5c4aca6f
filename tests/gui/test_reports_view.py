"""The Reports screen: each report built in the background and shown as a table, the aging and collection
charts, CSV and PDF saved; a bad range is a message, not a report."""
from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt

from officebill.core.money import Money
from tests.billing.money_office import TODAY
from tests.gui.money_fixtures import books  # noqa: F401


@pytest.fixture
def screen(qtbot, books):
    from officebill.gui.reports_view import ReportsView

    view = ReportsView(books.office, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    with qtbot.waitSignal(view.shown, timeout=60_000):  # the aging comes up by itself
        view.show()
    return view


def show(qtbot, screen, name: str):
    screen.choose(name)
    with qtbot.waitSignal(screen.shown, timeout=60_000) as shown:
        qtbot.keyClick(screen.end, Qt.Key.Key_Return)
    return shown.args[0]


def test_aging_by_payer_has_a_table_and_bars_by_age(qtbot, screen):
    report = show(qtbot, screen, "A/R aging by payer")
    assert screen.model.rowCount() == len(report.rows) + 1  # the practice total last
    assert screen.model.is_totals(screen.model.rowCount() - 1)
    assert screen.chart.isVisible()
    assert [label for label, _ in screen.chart.bars] == ["0-30", "31-60", "61-90", "91-120", "over 120"]
    assert Money.total(amount for _, amount in screen.chart.bars) == Money(1500)  # what the patient owes
    assert "As of" in screen.end_label.text().replace("&", "")
    assert not screen.start.isVisible()


def test_month_end_charts_the_money_collected_each_month(qtbot, screen):
    screen.start.setText("03/01/2026")
    report = show(qtbot, screen, "Month-end summary")
    assert report.kind == "month_end"
    assert [label for label, _ in screen.chart.bars] == ["2026-03", "2026-04"]
    assert screen.chart.bars[1][1] == Money(8000 + 2000 + 500)  # both payers paid in April


@pytest.mark.parametrize("name", ["Day sheet", "Deposits", "Unpaid claims", "A/R aging by patient"])
def test_every_report_shows_and_saves_as_csv_and_pdf(qtbot, screen, tmp_path, name):
    screen.start.setText("01/01/2026")
    report = show(qtbot, screen, name)
    assert screen.title.text().startswith(report.title)
    csv_path = screen.save("csv", tmp_path / "r.csv")
    with open(csv_path, newline="") as f:
        assert next(csv.reader(f)) == [c.title for c in report.columns]
    assert screen.save("pdf", tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_a_range_that_ends_before_it_starts_is_a_message(qtbot, screen):
    screen.choose("Day sheet")
    screen.start.setText("05/01/2026")
    screen.end.setText("04/01/2026")
    qtbot.keyClick(screen.end, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "before the start" in screen.error.text(), timeout=60_000)
    assert screen.report.kind == "aging"  # the report shown before stays


def test_report_dates_show_as_every_screen_shows_them(qtbot, screen):
    screen.start.setText("01/01/2026")
    show(qtbot, screen, "Deposits")
    assert screen.model.data(screen.model.index(0, 0)) == TODAY.strftime("%m/%d/%Y")
