"""The Reports screen: pick a report and its dates, see it as a table (and a chart where a picture says more),
save it as CSV or PDF. The A/R aging by payer shows by itself the first time the screen is opened.

The reports are `office.reports`' (A/R aging by payer or patient, day sheet, deposits, unpaid claims,
month end); each is built in the background on the worker's own office (`background.py`), so a
year-long report never freezes the window. Aging gets bars by age bucket; the month end, the money
collected each month (`bar_chart.BarChart`, drawn with QPainter).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.money import Money
from ..core.problems import Problem, UserError, ValidationFailed
from .activating_table import activating_table
from .background import in_own_office, run_in_background
from .bar_chart import BarChart
from .file_dialogs import REPORT_KIND, save_file_name
from .forms import DateEdit, ErrorLabel, format_date, read_date
from .table_model import HeadedTableModel
from .theme import muted_color


@dataclass(frozen=True)
class ReportChoice:
    """One entry of the report list: its name, which inputs it takes, and how to build it."""

    name: str
    uses_range: bool  # from and to; otherwise "as of" (the To field)

    def build(self, reports, start: date, end: date, dated_by: str, days: int):
        if self.name == "A/R aging by payer":
            return reports.aging("payer", dated_by, end)
        if self.name == "A/R aging by patient":
            return reports.aging("patient", dated_by, end)
        if self.name == "Day sheet":
            return reports.daysheet(start, end)
        if self.name == "Deposits":
            return reports.deposits(start, end)
        if self.name == "Unpaid claims":
            return reports.unpaid(days, end)
        return reports.month_end(start, end)


CHOICES = (ReportChoice("A/R aging by payer", False), ReportChoice("A/R aging by patient", False),
           ReportChoice("Day sheet", True), ReportChoice("Deposits", True), ReportChoice("Unpaid claims", False),
           ReportChoice("Month-end summary", True))


class ReportTableModel(HeadedTableModel):
    """A `billing.reports.Report` as a table: numbers to the right, the totals row in bold."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.report = None
        self.HEADERS: tuple[str, ...] = ()
        self.cells: list[list[str]] = []

    def set_report(self, report) -> None:
        self.beginResetModel()
        self.report = report
        self.HEADERS = tuple(c.title for c in report.columns) if report is not None else ()
        rows = [*report.rows, *([report.totals] if report.totals else [])] if report is not None else []
        self.cells = [[self._text(row, column) for column in report.columns] for row in rows]
        self.endResetModel()

    def _text(self, row: dict, column) -> str:
        """The report's own text for a cell, but dates as every screen shows them (MM/DD/YYYY)."""
        value = row.get(column.key)
        return format_date(value) if isinstance(value, date) else self.report.text(row, column)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.cells)

    def is_totals(self, row: int) -> bool:
        return bool(self.report and self.report.totals) and row == len(self.cells) - 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and self.report.columns[index.column()].numeric:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole and self.is_totals(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        return None


def chart_bars(report) -> tuple[str, list[tuple[str, Money]]]:
    """What the chart shows for `report`: aging buckets, or the money collected by month; else nothing."""
    if report is None:
        return "", []
    if report.kind == "aging" and report.totals:
        buckets = [c for c in report.columns if c.numeric and c.key not in ("total", "credit")]
        return "Open balances by age (days)", [(c.title, report.totals.get(c.key) or Money(0)) for c in buckets]
    if report.kind == "month_end":
        return "Collected each month (insurance and patients)", [
            (row["month"], magnitude(row.get("insurance_paid") or Money(0)) + magnitude(row.get("patient_paid") or Money(0)))
            for row in report.rows]
    return "", []


def magnitude(amount: Money) -> Money:
    """An amount without its sign (reports show payments as negative or positive by kind)."""
    return Money(amount.cents if amount.cents >= 0 else -amount.cents)


class ReportsView(QWidget):
    """Choose a report, Show (Enter), Save as CSV or PDF."""

    status_message = Signal(str)
    shown = Signal(object)  # the Report now on screen

    def __init__(self, office, parent=None, *, today=date.today):
        super().__init__(parent)
        self.office = office
        self.today = today
        self.task = None
        self._again = False
        self.report = None
        self.choice = QComboBox()
        for choice in CHOICES:
            self.choice.addItem(choice.name, choice)
        self.choice.setAccessibleName("Report")
        self.start = DateEdit(today=today)
        self.end = DateEdit(today=today)
        self.start.set_date(date(today().year, 1, 1))
        self.end.set_date(today())
        self.dated_by = QComboBox()
        self.dated_by.addItem("by date of service", "service")
        self.dated_by.addItem("by date first billed", "billed")
        self.days = QSpinBox()
        self.days.setRange(0, 3650)
        self.days.setValue(30)
        self.days.setSuffix(" days")
        self.show_button = QPushButton("&Show")
        self.csv_button = QPushButton("Save as &CSV…")
        self.pdf_button = QPushButton("Save as P&DF…")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.show_report)
        self.csv_button.clicked.connect(lambda: self.save("csv"))
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.choice.currentIndexChanged.connect(lambda _i: self._choice_changed())
        for field in (self.start, self.end):
            field.returnPressed.connect(self.show_report)

        labels = []
        for text, buddy in (("&Report", self.choice), ("Fro&m", self.start), ("&To", self.end),
                            ("Older than", self.days), ("Aged", self.dated_by)):
            label = QLabel(text)
            label.setBuddy(buddy)
            labels.append(label)
        self.start_label, self.end_label, self.days_label, self.dated_label = labels[1:]
        self.end_label.setMinimumWidth(self.end_label.fontMetrics().horizontalAdvance("As of") + 6)
        top = QHBoxLayout()
        for label, widget in zip(labels, (self.choice, self.start, self.end, self.days, self.dated_by)):
            top.addWidget(label)
            top.addWidget(widget)
        top.addWidget(self.show_button)
        top.addStretch(1)
        top.addWidget(self.csv_button)
        top.addWidget(self.pdf_button)

        self.title = QLabel("Choose a report and its dates, then Show (Enter).")
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.error = ErrorLabel()
        self.model = ReportTableModel(self)
        self.table = activating_table(self.model)
        self.table.setAccessibleName("Report rows")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet(f"color: {muted_color().name()};")
        self.chart = BarChart()
        self.chart.setMaximumHeight(240)  # the table is what is read; the bars give the shape
        self.chart.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.notes)
        layout.addWidget(self.chart, 2)
        self._choice_changed()

    def showEvent(self, event) -> None:
        """The first time the screen shows, the A/R aging comes up by itself (reading only, in the background)."""
        super().showEvent(event)
        if self.report is None and self.task is None:
            self.show_report()

    # ------------------------------------------------------------- choosing
    def current_choice(self) -> ReportChoice:
        return self.choice.currentData()

    def choose(self, name: str) -> None:
        self.choice.setCurrentIndex(self.choice.findText(name))

    def _choice_changed(self) -> None:
        choice = self.current_choice()
        self.start.setVisible(choice.uses_range)
        self.start_label.setVisible(choice.uses_range)
        self.end_label.setText("&To" if choice.uses_range else "&As of")
        aging = choice.name.startswith("A/R aging")
        self.dated_by.setVisible(aging)
        self.dated_label.setVisible(aging)
        unpaid = choice.name == "Unpaid claims"
        self.days.setVisible(unpaid)
        self.days_label.setVisible(unpaid)

    # ------------------------------------------------------------- building
    def show_report(self) -> None:
        """Build the chosen report in the background; the table and chart follow when it is ready."""
        if self.task is not None and not self.task.done:
            self._again = True  # asked while another report was being made: made once that one is back
            return
        self._again = False
        problems: list[Problem] = []
        start = read_date(self.start, "start", problems) or self.today()
        end = read_date(self.end, "end", problems) or self.today()
        if problems:
            self.error.show_problems([p.message for p in problems])
            return
        self.error.clear_problems()
        choice, dated_by, days = self.current_choice(), self.dated_by.currentData(), self.days.value()
        self.show_button.setEnabled(False)
        self.task = run_in_background(
            in_own_office(self.office.path, lambda office, _p: choice.build(office.reports, start, end, dated_by, days)),
            parent=self, label=f"Making the {choice.name.lower()}…", on_done=self._built, on_error=self._failed)

    def _built(self, report) -> None:
        self.show_button.setEnabled(True)
        self.report = report
        self.model.set_report(report)
        header = self.table.horizontalHeader()
        wide = next((i for i, c in enumerate(report.columns) if c.key in ("name", "patient", "payer")), None)
        for i in range(len(report.columns)):  # the name column takes the room left; numbers stay narrow
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch if i == wide
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.title.setText(f"{report.title} — {report.period}")
        self.notes.setText("\n".join(report.notes))
        self.notes.setVisible(bool(report.notes))
        self.chart.set_bars(*chart_bars(report))
        if self._again:
            self.show_report()
            return
        self.shown.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.show_button.setEnabled(True)
        if self._again:
            self.show_report()
            return
        if isinstance(exc, ValidationFailed):
            self.error.show_problems([p.message for p in exc.problems])
        else:
            self.error.set_message(f"The report could not be made: {exc}")

    # --------------------------------------------------------------- saving
    def shortcut_help(self) -> list[tuple[str, str]]:
        """This screen's keys, for the window's F1 list."""
        return [("Alt+R", "Choose the report"), ("Alt+M / Alt+T", "From and to dates (As of for the aging)"),
                ("Enter / Alt+S", "Show the report"), ("Ctrl+S / Alt+C", "Save the report shown as CSV"),
                ("Alt+D", "Save the report shown as PDF")]

    def save(self, kind: str = "csv", path: Path | None = None) -> Path | None:
        """Save the report on screen as CSV or PDF (asks where unless `path` is given); Ctrl+S saves CSV."""
        if self.report is None:
            self.error.set_message("Show a report first (Enter), then save it.")
            return None
        if path is None:
            suggested = f"{self.report.kind}-{self.end.text().replace('/', '-')}.{kind}"
            name = save_file_name(self, self.office, REPORT_KIND, f"Save the report as {kind.upper()}", suggested,
                                  f"{kind.upper()} (*.{kind})")
            if not name:
                return None
            path = Path(name)
        try:
            saved = (self.office.reports.to_csv if kind == "csv" else self.office.reports.to_pdf)(self.report, path)
        except (UserError, OSError) as exc:
            self.error.set_message(f"Not saved: {exc}")
            return None
        self.status_message.emit(f"Saved {saved}")
        return saved

    def save_and_new(self) -> bool:
        return False
