"""The setup wizard's "First procedures" page: the starter list of common office procedures
(`resources/starter_procedures.csv`, the office's own plain words and typical fees) in a table where the
office ticks what it does and changes descriptions and fees; Next saves the ticked ones through the
facade (`procedures.save_many`, all or nothing).
"""
from __future__ import annotations

from dataclasses import replace
from importlib.resources import files

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from ..core.money import Money, MoneyError
from ..core.problems import Problem, UserError, ValidationFailed
from ..core.procedure_csv import read_procedure_csv
from ..core.records import Procedure
from .forms import ErrorLabel

CODE, DESCRIPTION, FEE = range(3)


def starter_procedures() -> list[Procedure]:
    """The starter list as shipped (the lines starting with # are its note, not rows)."""
    text = (files("officebill") / "resources" / "starter_procedures.csv").read_text(encoding="utf-8")
    read = read_procedure_csv("".join(line for line in text.splitlines(keepends=True) if not line.startswith("#")))
    if read.problems:  # a broken resource is a bug of the program, not of the office
        raise ValueError("; ".join(p.message for p in read.problems))
    return read.procedures


class ProceduresPage(QWizardPage):
    """Tick the procedures the office does (Space), change a description or fee (F2 or typing)."""

    def __init__(self, office, procedures: list[Procedure] | None = None):
        super().__init__()
        self.office = office
        self.procedures = procedures if procedures is not None else starter_procedures()
        self.setTitle("First procedures")
        self.setSubTitle("Tick the procedures your office does (Space ticks the row) and change a fee or description "
                         "by typing over it. Descriptions are in your own words; add more later on the Procedures "
                         "screen.")
        self.table = QTableWidget(len(self.procedures), 3)
        self.table.setHorizontalHeaderLabels(["Code (tick to use)", "Description", "Fee"])
        self.table.setAccessibleName("First procedures")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the wizard's buttons
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CODE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FEE, QHeaderView.ResizeMode.ResizeToContents)
        for row, procedure in enumerate(self.procedures):
            code = QTableWidgetItem(procedure.code)
            code.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            code.setCheckState(Qt.CheckState.Checked if procedure.favorite else Qt.CheckState.Unchecked)
            fee = QTableWidgetItem(procedure.charge.plain())
            fee.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, CODE, code)
            self.table.setItem(row, DESCRIPTION, QTableWidgetItem(procedure.label))
            self.table.setItem(row, FEE, fee)
        self.table.setCurrentCell(0, CODE)
        self.count = QLabel()
        self.error = ErrorLabel()
        self.table.itemChanged.connect(lambda _item: self._count())
        caption = QLabel("&Procedures")
        caption.setBuddy(self.table)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.error)
        self._count()
        self.saved: list[Procedure] = []

    def initializePage(self) -> None:
        self._count()

    def _count(self) -> None:
        ticked = len(self.ticked_rows())
        self.count.setText(f"{ticked} of {len(self.procedures)} ticked; {self._saves_them()} saves them to your procedure list.")

    def _saves_them(self) -> str:
        wizard = self.wizard()
        return "Finish" if wizard is None or wizard.nextId() == -1 else "Next"

    def ticked_rows(self) -> list[int]:
        return [row for row in range(self.table.rowCount())
                if self.table.item(row, CODE).checkState() == Qt.CheckState.Checked]

    def set_ticked(self, row: int, ticked: bool) -> None:
        self.table.item(row, CODE).setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def row_of(self, code: str) -> int:
        return next(row for row, p in enumerate(self.procedures) if p.code == code)

    def chosen(self) -> tuple[list[Procedure], list[int], list[Problem]]:
        """The ticked procedures as edited, the table row of each, and the problems of fees that are no amount."""
        chosen, rows, problems = [], [], []
        for row in self.ticked_rows():
            procedure = self.procedures[row]
            label = self.table.item(row, DESCRIPTION).text().strip()
            fee_text = self.table.item(row, FEE).text().strip()
            try:
                charge = Money.parse(fee_text) if fee_text else Money(0)
            except MoneyError as exc:
                problems.append(Problem(f"procedures[{len(chosen)}].charge", f"{procedure.code}: {exc}"))
                charge = procedure.charge
            chosen.append(replace(procedure, label=label, charge=charge))
            rows.append(row)
        return chosen, rows, problems

    def validatePage(self) -> bool:
        """Save the ticked procedures (none ticked: nothing to save); a problem shows under the table and the
        row at fault is chosen."""
        procedures, rows, problems = self.chosen()
        if not problems and not procedures:
            return True
        if not problems:
            try:
                self.saved = self.office.procedures.save_many(procedures).value
                self.error.clear_problems()
                return True
            except ValidationFailed as failed:
                problems = list(failed.problems)
            except UserError as refused:
                problems = [Problem("", f"Nothing was saved: {refused}")]
        self._show(problems, procedures, rows)
        return False

    def _show(self, problems: list[Problem], procedures: list[Procedure], rows: list[int]) -> None:
        messages = []
        first_row = None
        for problem in problems:
            head, _dot, field = problem.field.partition(".")
            index = int(head[len("procedures["):-1]) if head.startswith("procedures[") else 0
            index = min(index, len(procedures) - 1) if procedures else 0
            code = procedures[index].code if procedures else ""
            message = problem.message if problem.message.startswith(code) else f"{code}: {problem.message}"
            messages.append(message)
            if first_row is None and rows:
                first_row = rows[index]
                column = FEE if field.startswith("charge") else DESCRIPTION if field.startswith("label") else CODE
                self.table.setCurrentCell(first_row, column)
        self.error.show_problems(messages)
        self.table.setFocus()
