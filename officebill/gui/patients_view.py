"""The Patients screen: search as you type over a list that loads rows in pages, and the patient editor.

`PatientTableModel` asks the facade for one page at a time
(`office.patients.find(text, limit, offset)`) as the view scrolls, so the list stays
quick with tens of thousands of patients; it never loads them all.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.identifiers import format_phone
from ..core.records import Patient
from ..office import Area
from .forms import SearchEdit, format_date
from .ledger_view import balance_text
from .office_changes import OfficeChanges
from .stray_keys import ignore_stray_alt_letters
from .table_model import HeadedTableModel

PAGE_SIZE = 200
COLUMNS = ("Account", "Name", "Date of birth", "Sex", "Phone", "Address")


class PatientTableModel(HeadedTableModel):
    """Patients matching a search, fetched from the facade in pages on demand."""

    HEADERS = COLUMNS

    def __init__(self, office, page_size: int = PAGE_SIZE, parent=None):
        super().__init__(parent)
        self.office = office
        self.page_size = page_size
        self.query = ""
        self.total = 0
        self.rows: list[Patient] = []

    def set_query(self, text: str) -> None:
        """Start over with a new search; loads the first page only."""
        self.beginResetModel()
        self.query = text.strip()
        self.rows = self.office.patients.find(self.query, self.page_size, 0)
        self.total = (len(self.rows) if len(self.rows) < self.page_size
                      else self.office.patients.count(self.query))
        self.endResetModel()

    def reload(self) -> None:
        self.set_query(self.query)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid():
            return
        page = self.office.patients.find(self.query, self.page_size, len(self.rows))
        if not page:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()

    def patient(self, row: int) -> Patient | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        p = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return p.account
        if column == 1:
            suffix = f" {p.suffix}" if p.suffix else ""
            return p.display_name + suffix
        if column == 2:
            return format_date(p.dob)
        if column == 3:
            return p.sex.value
        if column == 4:
            return format_phone(p.phone)
        a = p.address
        return ", ".join(part for part in (a.line1, a.city, a.state) if part)


class _PatientTable(QTableView):
    """Enter opens the patient; typing a letter goes back to the search box."""

    activated_row = Signal(int)
    type_ahead = Signal(str)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        if event.text() and event.text().isprintable() and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            self.type_ahead.emit(event.text())
            return
        super().keyPressEvent(event)


SHORTCUT_HELP: tuple[tuple[str, str], ...] = (
    ("Typing", "Find patients by last name, first name, account number or date of birth"),
    ("Down / Page Down", "From the search box into the list of patients"),
    ("Enter", "Open the chosen patient (in the search box: the highlighted one)"),
    ("A letter in the list", "Back to the search box, typing it"),
    ("Esc", "Clear the search"),
    ("Alt+I", "Find patient (the search box)"),
    ("Alt+N / Ctrl+N", "New patient"),
    ("Alt+O", "Open the chosen patient"),
    ("Alt+V / Ctrl+E", "New visit for the chosen patient"),
    ("Alt+L / Ctrl+Shift+L", "The chosen patient's ledger"),
)


class PatientsView(QWidget):
    """Find a patient by name, account number or date of birth; open, add, or start a visit."""

    status_message = Signal(str)
    new_visit_requested = Signal(int)

    def __init__(self, office, parent=None):
        super().__init__(parent)
        self.office = office
        self.search = SearchEdit()
        self.search.setPlaceholderText("Last name, first name, account number or date of birth (MM/DD/YYYY)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find patient")
        search_label = QLabel("F&ind patient")
        search_label.setBuddy(self.search)
        self.count_label = QLabel()
        self.model = PatientTableModel(office, parent=self)
        self.table = _PatientTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((90, 240, 110, 50, 140)):
            self.table.setColumnWidth(column, width)
        self.table.setAccessibleName("Patients")

        self.new_button = QPushButton("&New patient")
        self.open_button = QPushButton("&Open patient")
        self.visit_button = QPushButton("New &visit")
        self.ledger_button = QPushButton("&Ledger (Ctrl+Shift+L)")
        self.ledger_dialog = None
        self.balance_label = QLabel()  # the chosen patient's balance and credit (one SQL sum)
        self.balance_label.setObjectName("patientBalance")
        self.new_button.clicked.connect(self.new_patient)
        self.open_button.clicked.connect(self.open_current)
        self.visit_button.clicked.connect(self.new_visit_for_current)
        self.ledger_button.clicked.connect(self.open_ledger)
        QShortcut(QKeySequence("Ctrl+Shift+L"), self, self.open_ledger, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        OfficeChanges.of(office).changed.connect(lambda changes: changes.touches(Area.MONEY) and self._update_buttons())

        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._search_enter)
        self.search.move_down.connect(self._into_table)
        self.table.activated_row.connect(self.open_row)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.table.type_ahead.connect(self._back_to_search)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self.search.clear,
                  context=Qt.ShortcutContext.WidgetShortcut)

        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.visit_button)
        buttons.addWidget(self.ledger_button)
        buttons.addStretch(1)
        buttons.addWidget(self.balance_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.new_button)
        self._search_changed("")
        ignore_stray_alt_letters(self)  # Alt+letter that is no shortcut neither types nor jumps the list

    # -------------------------------------------------------------- search
    def _search_changed(self, text: str) -> None:
        self.model.set_query(text)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._show_count()
        self._update_buttons()

    def _show_count(self) -> None:
        total = self.model.total
        if self.model.query:
            self.count_label.setText(f"{total:,} found" if total else "No patient matches")
        else:
            self.count_label.setText(f"{total:,} patients")

    def _update_buttons(self) -> None:
        has = self.current_patient() is not None
        self.open_button.setEnabled(has)
        self.visit_button.setEnabled(has)
        self.ledger_button.setEnabled(has)
        patient = self.current_patient()
        self.balance_label.setText(
            f"{patient.display_name}: {balance_text(self.office.money.patient_balances(patient.id))}" if has else "")

    def _search_enter(self) -> None:
        if self.model.rowCount():
            row = self.table.currentIndex().row() if self.table.currentIndex().isValid() else 0
            self.open_row(row)

    def _into_table(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, 0))

    def _back_to_search(self, text: str) -> None:
        self.search.setFocus()
        self.search.insert(text)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def refresh(self) -> None:
        current = self.current_patient()
        self.model.reload()
        self._show_count()
        if current is not None:
            self.select_patient(current.id)
        self._update_buttons()

    def select_patient(self, patient_id: int) -> bool:
        for row, p in enumerate(self.model.rows):
            if p.id == patient_id:
                self.table.setCurrentIndex(self.model.index(row, 0))
                return True
        return False

    def current_patient(self) -> Patient | None:
        index = self.table.currentIndex()
        return self.model.patient(index.row()) if index.isValid() else None

    # ------------------------------------------------------------- actions
    def open_row(self, row: int) -> None:
        patient = self.model.patient(row)
        if patient is not None:
            self.edit_patient(patient.id)

    def open_current(self) -> None:
        patient = self.current_patient()
        if patient is not None:
            self.edit_patient(patient.id)

    def new_patient(self):
        return self.edit_patient(None)

    def edit_patient(self, patient_id: int | None):
        from .patient_editor import PatientDialog

        dialog = PatientDialog(self.office, patient_id, self)
        dialog.saved.connect(self._saved)
        dialog.new_visit_requested.connect(self.new_visit_requested)
        dialog.open()
        return dialog

    def _saved(self, patient: Patient) -> None:
        self.model.reload()
        self._show_count()
        if not self.select_patient(patient.id):
            self.search.blockSignals(True)
            self.search.setText(patient.account)
            self.search.blockSignals(False)
            self.model.set_query(patient.account)
            self._show_count()
            self.select_patient(patient.id)
        self._update_buttons()
        self.status_message.emit(f"Saved {patient.display_name} ({patient.account}).")

    def new_visit_for_current(self) -> None:
        patient = self.current_patient()
        if patient is not None:
            self.new_visit_requested.emit(patient.id)

    def open_ledger(self):
        """The chosen patient's ledger (payments, write-offs, refunds, reversals)."""
        from .ledger_view import LedgerDialog

        patient = self.current_patient()
        if patient is None:
            return None
        self.ledger_dialog = LedgerDialog(self.office, patient.id, parent=self)
        self.ledger_dialog.open()
        return self.ledger_dialog

    def shortcut_help(self) -> list[tuple[str, str]]:
        """This screen's keys, for the window's F1 list."""
        return list(SHORTCUT_HELP)

    def save(self) -> bool:
        self.status_message.emit("Open a patient (Enter) to edit and save it.")
        return False

    def save_and_new(self) -> bool:
        return self.save()
