"""The EOB posting grid: one row per line of the chosen claim, typed from the keyboard.

Each row shows the line (code, date, charge, what the payer still owes) and takes, in Tab order,
allowed, paid and two adjustments (group, reason, amount). Enter goes to the next line's allowed
amount (after the last line, `finished` fires so the screen can move to Post). Leaving "allowed"
below the open balance fills the first adjustment with the contractual write-down (CO 45) when it
is blank; leaving "paid" below the allowed amount fills the second with PR and the difference,
leaving its reason (1 deductible, 2 coinsurance, 3 copay) to type. A row says whether it balances.

`lines()` reads what is typed as `EobLine`s (with problems for unreadable amounts), and
`show_problems` puts the facade's problems (`lines[1].adjustments[0].reason`) beside their field.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from ..core.ledger import Adjustment, EobLine
from ..core.money import Money, MoneyError
from ..core.problems import Problem
from ..core.records import ServiceLine
from .forms import INVALID_STYLE, ErrorLabel, MoneyEdit, UpperEdit, format_date, mark_invalid
from .theme import good_color, muted_color

HEADINGS = ("Code", "Date", "Charge", "Payer owes", "Allowed", "Paid", "Group", "Reason", "Amount",
            "Group", "Reason", "Amount", "")
FIRST_ROW = 2  # two heading rows: "Adjustment 1 / 2" over their three columns, then the column names
ADJUSTMENTS = 2  # slots per line: a contractual write-down and a patient share cover most EOB lines


@dataclass
class _AdjustmentFields:
    group: UpperEdit
    reason: QLineEdit
    amount: MoneyEdit

    def blank(self) -> bool:
        return not (self.group.text().strip() or self.reason.text().strip() or self.amount.text().strip())

    def widgets(self) -> tuple[QWidget, ...]:
        return self.group, self.reason, self.amount


class EobRow:
    """The typed fields of one service line."""

    def __init__(self, line: ServiceLine, owed: Money):
        self.line, self.owed = line, owed
        self.allowed, self.paid = MoneyEdit(), MoneyEdit()
        self.adjustments = []
        for _ in range(ADJUSTMENTS):
            group, reason, amount = UpperEdit(2), QLineEdit(), MoneyEdit()
            reason.setMaxLength(5)
            for field in (group, reason):
                field.setMaximumWidth(56)
            self.adjustments.append(_AdjustmentFields(group, reason, amount))
        for field in (self.allowed, self.paid, *(a.amount for a in self.adjustments)):
            field.setPlaceholderText("")  # a line not typed looks blank, not 0.00
            field.setMinimumWidth(72)
            field.setMaximumWidth(96)
        self.state = QLabel()
        self.error = ErrorLabel()

    def fields(self) -> list[QWidget]:
        return [self.allowed, self.paid, *(w for a in self.adjustments for w in a.widgets())]

    def named(self, path: str) -> QWidget | None:
        """The widget a problem's path after `lines[i].` names (paid, adjustments[0].reason, ...)."""
        if path in ("allowed", "paid"):
            return getattr(self, path)
        if path.startswith("adjustments["):
            index = int(path[len("adjustments["):path.index("]")])
            rest = path[path.index("]") + 2:] if "]." in path else "amount"
            adjustments = [a for a in self.adjustments if not a.blank()]
            if index < len(adjustments):
                return getattr(adjustments[index], rest if rest in ("group", "reason", "amount") else "amount")
        return None

    def money(self, field: MoneyEdit, path: str, problems: list[Problem]) -> Money:
        try:
            return field.money()
        except MoneyError as exc:
            problems.append(Problem(path, str(exc)))
            return Money(0)

    def record(self, index: int, problems: list[Problem]) -> EobLine:
        at = f"lines[{index}]"
        allowed = self.money(self.allowed, f"{at}.allowed", problems)
        paid = self.money(self.paid, f"{at}.paid", problems)
        adjustments = []
        for fields in (a for a in self.adjustments if not a.blank()):
            where = f"{at}.adjustments[{len(adjustments)}]"
            amount = self.money(fields.amount, f"{where}.amount", problems)
            adjustments.append(Adjustment(fields.group.text().strip(), fields.reason.text().strip(), amount))
        return EobLine(self.line.id, allowed, paid, tuple(adjustments))

    def typed(self) -> bool:
        return any(isinstance(w, QLineEdit) and w.text().strip() for w in self.fields())

    def accounted(self) -> Money | None:
        """Paid plus adjustments as typed; None while an amount cannot be read."""
        try:
            return self.paid.money() + Money.total(a.amount.money() for a in self.adjustments)
        except MoneyError:
            return None


class EobGrid(QWidget):
    """The lines of one claim, with allowed / paid / adjustments typed per line."""

    changed = Signal()  # anything typed: the screen updates what is left to apply
    finished = Signal()  # Enter on the last line

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setStyleSheet(INVALID_STYLE)
        self.rows: list[EobRow] = []
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(2)
        self.empty = QLabel("Choose a claim above: its lines appear here.")
        self.empty.setStyleSheet(f"color: {muted_color().name()};")
        self._show_empty()

    # ------------------------------------------------------------ building
    def set_lines(self, lines: list[tuple[ServiceLine, Money]]) -> None:
        """Show these (line, what the payer owes on it) rows, blank."""
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None and widget is not self.empty:
                widget.deleteLater()
        self.rows = [EobRow(line, owed) for line, owed in lines]
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        self.empty.setVisible(not self.rows)
        if not self.rows:
            self._show_empty()
            return
        for n, column in enumerate((6, 9), start=1):
            self.grid.addWidget(QLabel(f"<b>Adjustment {n}</b>"), 0, column, 1, 3, Qt.AlignmentFlag.AlignHCenter)
        for column, text in enumerate(HEADINGS):
            heading = QLabel(f"<b>{text}</b>")
            self.grid.addWidget(heading, 1, column, Qt.AlignmentFlag.AlignLeft)
        for i, row in enumerate(self.rows):
            r = FIRST_ROW + 2 * i
            line = row.line
            for column, text in enumerate((line.code + (" " + " ".join(line.modifiers) if line.modifiers else ""),
                                           format_date(line.from_date), line.charge.plain(), row.owed.plain())):
                label = QLabel(text)
                if column >= 2:
                    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.grid.addWidget(label, r, column)
            for column, field in enumerate(row.fields(), start=4):
                adjustment = f"adjustment {(column - 3) // 3} " if column >= 6 else ""
                field.setAccessibleName(f"Line {i + 1} {adjustment}{HEADINGS[column].lower()}")
                field.installEventFilter(self)
                if isinstance(field, QLineEdit):
                    field.textEdited.connect(lambda _t, row=row, field=field: self._edited(row, field))
                self.grid.addWidget(field, r, column)
            row.allowed.editingFinished.connect(lambda row=row: self._suggest_contractual(row))
            row.paid.editingFinished.connect(lambda row=row: self._suggest_patient_share(row))
            self.grid.addWidget(row.state, r, len(HEADINGS) - 1)
            self.grid.addWidget(row.error, r + 1, 4, 1, len(HEADINGS) - 4)
            self._show_state(row)
        self.grid.setColumnStretch(len(HEADINGS) - 1, 1)
        self.grid.setRowStretch(FIRST_ROW + 2 * len(self.rows), 1)  # the lines stay at the top
        chain = [field for row in self.rows for field in row.fields()]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _show_empty(self) -> None:
        self.grid.addWidget(self.empty, 0, 0, 1, len(HEADINGS), Qt.AlignmentFlag.AlignLeft)
        self.grid.setRowStretch(1, 1)  # the hint at the top, not in the middle

    def first_field(self) -> QWidget | None:
        return self.rows[0].allowed if self.rows else None

    # ------------------------------------------------------------- typing
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            for i, row in enumerate(self.rows):
                if obj in row.fields():
                    obj.editingFinished.emit()
                    if i + 1 < len(self.rows):
                        self.rows[i + 1].allowed.setFocus(Qt.FocusReason.TabFocusReason)
                        self.rows[i + 1].allowed.selectAll()
                    else:
                        self.finished.emit()
                    return True
        return super().eventFilter(obj, event)

    def _edited(self, row: EobRow, field: QLineEdit) -> None:
        mark_invalid(field, False)
        row.error.clear_problems()
        self._show_state(row)
        self.changed.emit()

    def _suggest_contractual(self, row: EobRow) -> None:
        first = row.adjustments[0]
        try:
            allowed = row.allowed.money()
        except MoneyError:
            return
        if row.allowed.text().strip() and first.blank() and Money(0) < row.owed - allowed <= row.owed:
            first.group.setText("CO")
            first.reason.setText("45")
            first.amount.set_money(row.owed - allowed)
            self._show_state(row)
            self.changed.emit()

    def _suggest_patient_share(self, row: EobRow) -> None:
        second = row.adjustments[1]
        try:
            allowed, paid = row.allowed.money(), row.paid.money()
        except MoneyError:
            return
        if row.paid.text().strip() and second.blank() and paid < allowed:
            second.group.setText("PR")
            second.amount.set_money(allowed - paid)
            self._show_state(row)
            self.changed.emit()

    def _show_state(self, row: EobRow) -> None:
        accounted = row.accounted()
        if not row.typed():
            row.state.setText("")
            return
        if accounted is None:
            row.state.setText("check the amounts")
            return
        left = row.owed - accounted
        if left:
            row.state.setText(f"{left.plain()} to account for" if left.cents > 0 else f"{(-left).plain()} too much")
            row.state.setStyleSheet("")
        else:
            row.state.setText("balances ✓")
            row.state.setStyleSheet(f"color: {good_color().name()};")

    # -------------------------------------------------------------- reading
    def paid_total(self) -> Money:
        """What the typed lines pay (unreadable amounts count as 0.00 until fixed)."""
        total = Money(0)
        for row in self.rows:
            try:
                total = total + row.paid.money()
            except MoneyError:
                pass
        return total

    def lines(self) -> tuple[list[EobLine], list[Problem]]:
        """The typed lines as EobLines (lines left blank are left out), and problems reading them.
        Problem paths use the index among the lines sent, as the facade's do."""
        lines, problems = [], []
        self.sent = [row for row in self.rows if row.typed()]
        for i, row in enumerate(self.sent):
            lines.append(row.record(i, problems))
        return lines, problems

    # ------------------------------------------------------------- problems
    def clear_problems(self) -> None:
        for row in self.rows:
            row.error.clear_problems()
            for field in row.fields():
                mark_invalid(field, False)

    def show_problems(self, problems: list[Problem]) -> list[Problem]:
        """Put each `lines[i]...` problem beside its field; returns the ones about something else."""
        self.clear_problems()
        rest, first = [], None
        sent = getattr(self, "sent", self.rows)
        messages: dict[int, list[str]] = {}
        for problem in problems:
            if not problem.field.startswith("lines[") or "]" not in problem.field:
                rest.append(problem)
                continue
            index = int(problem.field[len("lines["):problem.field.index("]")])
            if index >= len(sent):
                rest.append(problem)
                continue
            row = sent[index]
            messages.setdefault(self.rows.index(row), []).append(problem.message)
            widget = row.named(problem.field[problem.field.index("]") + 2:])
            if widget is not None:
                mark_invalid(widget, True)
                first = first or widget
        for index, texts in messages.items():
            self.rows[index].error.show_problems(texts)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return rest
