"""The visit's diagnosis list: an ICD-10-CM picker field above a lettered table (A-L).

Keys on the table: Alt+Up / Alt+Down move the current diagnosis, Delete
removes it, Enter goes back to the picker field. Reordering and removing
tell the form how letters moved so service-line pointers follow (`moved`,
`removed`, which also names the code removed; `added` names a code added), so lines left pointing at nothing can say so and take the first
diagnosis added again. Descriptions too long for the column are cut in the
middle (siblings differ at their ends), with the whole text as a tooltip.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from ..core.limits import MAX_DIAGNOSES, POINTER_LETTERS
from .code_picker import CodePicker, CodeSource, PickRow
from .forms import ErrorLabel, mark_invalid
from .table_model import HeadedTableModel
from .theme import error_color


class DiagnosisTableModel(HeadedTableModel):
    """Rows of (code, description, problem); the letter column is the position."""

    HEADERS = ("", "Code", "Description")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: list[list] = []  # [code, description, problem]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        code, description, problem = self.items[index.row()]
        column = index.column()
        if role == Qt.DisplayRole:
            if column == 0:
                return POINTER_LETTERS[index.row()] if index.row() < len(POINTER_LETTERS) else "?"
            if column == 1:
                return code
            return f"{description}  ⚠ {problem}" if problem else description
        if role == Qt.ForegroundRole and problem:
            return QBrush(error_color())
        if role == Qt.ToolTipRole:
            return problem or description
        if role == Qt.TextAlignmentRole and column == 0:
            return int(Qt.AlignCenter)
        return None

    def codes(self) -> list[str]:
        return [item[0] for item in self.items]

    def set_items(self, items: list[tuple[str, str]]) -> None:
        self.beginResetModel()
        self.items = [[code, description, ""] for code, description in items]
        self.endResetModel()

    def append(self, code: str, description: str) -> None:
        self.beginInsertRows(QModelIndex(), len(self.items), len(self.items))
        self.items.append([code, description, ""])
        self.endInsertRows()

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.items[row]
        self.endRemoveRows()

    def swap(self, row: int, other: int) -> None:
        self.items[row], self.items[other] = self.items[other], self.items[row]
        self.dataChanged.emit(self.index(min(row, other), 0), self.index(max(row, other), 2))

    def set_problems(self, problems: dict[int, str]) -> None:
        for row, item in enumerate(self.items):
            item[2] = problems.get(row, "")
        if self.items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.items) - 1, 2))


class DiagnosisEditor(QWidget):
    """Picker field + lettered table. `moved(mapping)`: old 1-based position -> new one, on a reorder;
    `removed(code, mapping)` the same with None for the position removed."""

    changed = Signal()
    done = Signal()  # Enter on the empty picker field
    moved = Signal(object)
    removed = Signal(str, object)  # the code removed, the mapping of `moved`
    added = Signal(str)  # the code added
    message = Signal(str)

    def __init__(self, office, patient_id, parent=None):
        super().__init__(parent)
        self.office = office
        self.field = QLineEdit()
        self.field.setObjectName("diagnosisField")
        self.field.setAccessibleName("Add diagnosis")
        self.field.setPlaceholderText("Add diagnosis: type a code or words (dm2, htn, S52.501) and press Enter")
        self.source = CodeSource(office, "icd10cm", patient_id)
        self.picker = CodePicker(self.field, self.source, open_on_focus=True, clear_on_pick=True)
        self.picker.picked.connect(self._picked)
        self.field.installEventFilter(self)  # after the picker's filter, so this one sees keys first
        self.model = DiagnosisTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("diagnosisTable")
        self.table.setAccessibleName("Diagnoses")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Fixed)
        header.setSectionResizeMode(1, QHeaderView.Fixed)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self.table.setColumnWidth(0, 28)
        self.table.setColumnWidth(1, 90)
        self.table.setMinimumHeight(22 * 4 + 26)
        self.table.setMaximumHeight(22 * 6 + 26)
        self.table.setTabKeyNavigation(False)
        self.table.setTextElideMode(Qt.ElideMiddle)  # "Type 2 diabetes … with hyperglycemia"
        self.table.setWordWrap(False)
        self.table.installEventFilter(self)
        self.problem = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.field)
        layout.addWidget(self.table)
        layout.addWidget(self.problem)

    # ------------------------------------------------------------------ data
    def codes(self) -> list[str]:
        return self.model.codes()

    def set_codes(self, codes) -> None:
        self.model.set_items([(code, self.source.describe(code)) for code in codes])
        self.clear_problems()
        self.changed.emit()

    def add(self, code: str, description: str | None = None) -> bool:
        code = code.strip().upper()
        if not code:
            return False
        existing = self.codes()
        if code in existing:
            self.message.emit(f"{code} is already diagnosis {POINTER_LETTERS[existing.index(code)]}.")
            self.problem.show_problems([f"{code} is already diagnosis {POINTER_LETTERS[existing.index(code)]}."])
            return False
        if len(existing) >= MAX_DIAGNOSES:
            self.problem.show_problems([f"A visit holds at most {MAX_DIAGNOSES} diagnoses; "
                                        "remove the least important first (select it, Delete)."])
            return False
        self.model.append(code, description if description is not None else self.source.describe(code))
        self.table.setCurrentIndex(self.model.index(len(self.model.items) - 1, 1))
        self.problem.clear_problems()
        self.added.emit(code)
        self.changed.emit()
        return True

    def _picked(self, row: PickRow) -> None:
        description = row.description
        if row.kind == "seventh":
            description = self.source.describe(row.code) or description
        self.add(row.code, description)

    # ------------------------------------------------------------- problems
    def show_problems(self, general: list[str], by_row: dict[int, str]) -> None:
        self.model.set_problems(by_row)
        lines = list(general) + [f"{POINTER_LETTERS[r]}: {m}" for r, m in sorted(by_row.items())
                                 if r < len(POINTER_LETTERS)]
        self.problem.show_problems(lines)
        mark_invalid(self.table, bool(general or by_row))

    def clear_problems(self) -> None:
        self.show_problems([], {})

    # ------------------------------------------------------------------ keys
    def eventFilter(self, obj, event):
        if obj is self.field and event.type() == QEvent.KeyPress \
                and event.key() in (Qt.Key_Return, Qt.Key_Enter) and not self.field.text().strip():
            if self.picker.is_open() and self.picker.current_row() is not None:
                return False  # Down chose a suggestion: the picker adds it
            self.picker.close()
            self.done.emit()  # nothing typed: the diagnoses are done, on to the lines
            return True
        if obj is self.table and event.type() == QEvent.KeyPress:
            key, mods = event.key(), event.modifiers()
            row = self.table.currentIndex().row()
            if mods & Qt.AltModifier and key in (Qt.Key_Up, Qt.Key_Down):
                self.move(row, -1 if key == Qt.Key_Up else 1)
                return True
            if key in (Qt.Key_Delete, Qt.Key_Backspace) and row >= 0:
                self.remove(row)
                return True
            if key in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Insert):
                self.field.setFocus(Qt.ShortcutFocusReason)
                return True
        return False

    def move(self, row: int, delta: int) -> None:
        other = row + delta
        if not (0 <= row < len(self.model.items) and 0 <= other < len(self.model.items)):
            return
        self.model.swap(row, other)
        self.table.setCurrentIndex(self.model.index(other, 1))
        self.moved.emit({row + 1: other + 1, other + 1: row + 1})
        self.changed.emit()

    def remove(self, row: int) -> None:
        count = len(self.model.items)
        if not 0 <= row < count:
            return
        code = self.model.items[row][0]
        self.model.remove(row)
        mapping = {old: (None if old == row + 1 else old - 1 if old > row + 1 else old) for old in range(1, count + 1)}
        self.message.emit(f"Removed {code}.")  # the form may say more (lines left without a pointer)
        self.removed.emit(code, mapping)
        if self.model.items:
            self.table.setCurrentIndex(self.model.index(min(row, len(self.model.items) - 1), 1))
        self.changed.emit()
