"""The Procedures screen: the office fee schedule, one editor, and CSV import (preview first) and export.

Import is all or nothing: the preview shows every row with its problems, and
the Import button stays off until the file has none; the import itself runs
in the background through `office.procedures.import_csv(data)`.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.problems import Problem, UserError, ValidationFailed
from ..core.records import Procedure, ProcedureSystem
from ..office import Area, Changes
from .background import in_own_office, run_in_background
from .file_dialogs import PROCEDURES_KIND, open_file_name, save_file_name
from .forms import Form, MoneyEdit, UpperEdit, ask_to_save, chain_tab_order, check_box, save_keys
from .hcpcs_import import choose_and_import, code_sets_text
from .setup_views import save_with
from .table_model import HeadedTableModel
from .theme import error_color

COLUMNS = ("Code", "System", "Label", "Charge", "Units", "Favorite", "Active")


def _cell(p: Procedure, column: int):
    return (p.code, p.system, p.label, str(p.charge), str(p.units), "yes" if p.favorite else "",
            "yes" if p.active else "no")[column]


class ProcedureTableModel(HeadedTableModel):
    """The procedure list as rows; fed plain `Procedure` records."""

    HEADERS = COLUMNS

    def __init__(self, procedures: list[Procedure] | None = None, parent=None):
        super().__init__(parent)
        self.procedures = list(procedures or [])

    def set_procedures(self, procedures: list[Procedure]) -> None:
        self.beginResetModel()
        self.procedures = list(procedures)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.procedures)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(self.procedures[index.row()], index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:  # the whole label, however narrow
            return f"{self.procedures[index.row()].code} {_cell(self.procedures[index.row()], 2)}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ImportPreviewModel(HeadedTableModel):
    """Rows of a CSV being imported, each with the problems found in it."""

    HEADERS = ("Row", *COLUMNS, "Problems")

    def __init__(self, procedures, row_numbers, problems, parent=None):
        super().__init__(parent)
        self.procedures = procedures
        self.row_numbers = row_numbers if len(row_numbers) == len(procedures) else list(
            range(2, 2 + len(procedures)))
        self.row_problems: dict[int, list[str]] = {}
        self.other_problems: list[str] = []
        shown_rows = set(self.row_numbers)
        for problem in problems:
            head, _, _field = problem.field.partition(".")
            line = int(head[4:]) if head.startswith("row ") and head[4:].isdigit() else None
            if line in shown_rows:
                self.row_problems.setdefault(line, []).append(problem.message)
            else:  # the header, the file, or a line no row is read from (a byte that is not UTF-8)
                self.other_problems.append(problem.message)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.procedures)

    def problems_in_row(self, row: int) -> list[str]:
        return self.row_problems.get(self.row_numbers[row], [])

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        problems = self.problems_in_row(row)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(self.row_numbers[row])
            if column == len(COLUMNS) + 1:
                return " ".join(problems) if problems else "OK"
            return _cell(self.procedures[row], column - 1)
        if role == Qt.ItemDataRole.ForegroundRole and problems and column == len(COLUMNS) + 1:
            return error_color()
        if role == Qt.ItemDataRole.ToolTipRole and problems:
            return "\n".join(problems)
        return None


def _preview(office, data: bytes | str) -> tuple[list[Procedure], list, list[int]]:
    """The rows a procedure CSV holds, every problem the import would report, and each row's file line."""
    preview = office.procedures.preview_import(data)
    return preview.procedures, preview.problems, preview.lines


class ProcedureImportDialog(QDialog):
    """Shows what a procedure CSV holds and its problems; imports every row or none."""

    imported = Signal(int)

    def __init__(self, office, data: bytes | str, source: str = "", parent=None):
        super().__init__(parent)
        self.office = office
        self.data = data  # the file's bytes: a byte that is not UTF-8 is named with its line
        self.task = None
        self.setWindowTitle("Import procedure list")
        self.resize(1100, 560)
        procedures, problems, lines = _preview(office, data)
        self.model = ImportPreviewModel(procedures, lines, problems, self)
        self.problems = problems
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(len(COLUMNS) + 1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(3, 260)
        bad_rows = sum(1 for r in range(len(procedures)) if self.model.problems_in_row(r))
        if problems:
            lines = [f"{len(problems)} problem(s) in {bad_rows} of {len(procedures)} row(s); nothing will be "
                     "imported until the file is corrected."] + self.model.other_problems
            summary_text = "\n".join(lines)
        else:
            summary_text = f"{len(procedures)} procedure(s) ready to import. Codes already on the list are updated."
        self.summary = QLabel(summary_text)
        self.summary.setWordWrap(True)
        if problems:
            palette = self.summary.palette()
            palette.setColor(self.summary.foregroundRole(), error_color(self))
            self.summary.setPalette(palette)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("&Import all rows", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(not problems and bool(procedures))
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("&Cancel")
        self.import_button.clicked.connect(self.start_import)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if source:
            layout.addWidget(QLabel(f"File: {source}"))
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        (self.import_button if self.import_button.isEnabled() else cancel).setDefault(True)

    def start_import(self) -> None:
        self.import_button.setEnabled(False)
        data = self.data
        self.task = run_in_background(
            in_own_office(self.office.path, lambda office, progress: len(office.procedures.import_csv(data).value)),
            parent=self, label="Importing procedures…", on_done=self._imported, on_error=self._failed)

    def _imported(self, count: int) -> None:
        self.imported.emit(count)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        message = "\n".join(p.message for p in exc.problems) if isinstance(exc, ValidationFailed) else str(exc)
        QMessageBox.warning(self, "Import procedure list", f"Nothing was imported.\n\n{message}")
        self.import_button.setEnabled(not self.problems)


class ProcedureForm(Form):
    def __init__(self, parent=None):
        super().__init__(parent)
        code = self.add("code", "&Code", UpperEdit(5))
        code.setMaximumWidth(90)
        system = self.add("system", "S&ystem", QComboBox())
        for kind in ProcedureSystem:
            system.addItem(kind.value, kind.value)
        system.setMaximumWidth(120)
        self.add("label", "&Label", QLineEdit()).setPlaceholderText("Words staff will recognise")
        self.add("synonyms", "&Other words", QLineEdit()).setPlaceholderText(
            "What staff type for it, comma separated: flu shot, sugar test")
        self.add("charge", "Ch&arge", MoneyEdit())
        units = self.add("units", "&Units", QLineEdit("1"))
        units.setMaximumWidth(60)
        self.add("favorite", "", check_box("Fa&vorite (listed first when coding)"))
        self.add("active", "", check_box("Ac&tive", True))
        self.finish()
        for wide in ("label", "synonyms"):  # narrower than finish's 300 in a small window: the list's labels
            self.fields[wide].setMinimumWidth(200)  # get the room
        code.textEdited.connect(lambda t: self.set_data("system", ProcedureSystem.for_code(t).value))

    def clear(self) -> None:
        super().clear()
        self.set_text("units", "1")
        self.fields["active"].setChecked(True)
        self.fields["favorite"].setChecked(False)

    def load(self, p: Procedure) -> None:
        self.set_text("code", p.code)
        self.set_data("system", p.system)
        self.set_text("label", p.label)
        self.set_text("synonyms", p.synonyms)
        self.fields["charge"].set_money(p.charge)
        self.set_text("units", str(p.units))
        self.fields["favorite"].setChecked(p.favorite)
        self.fields["active"].setChecked(p.active)
        self.clear_problems()

    def record(self, problems: list[Problem]) -> Procedure:
        units_text = self.text("units") or "1"
        if not units_text.isdigit():
            problems.append(Problem("units", "Units are a whole number, such as 1."))
        return Procedure(code=self.text("code"), system=self.data("system"), label=self.text("label"),
                         charge=self.read_money("charge", problems),
                         units=int(units_text) if units_text.isdigit() else 1,
                         favorite=self.checked("favorite"), active=self.checked("active"),
                         synonyms=self.text("synonyms"))


SHORTCUT_HELP: tuple[tuple[str, str], ...] = (
    ("Alt+D", "Find: filter the list by code or label"),
    ("Up / Down (in the list)", "Show another procedure in the form"),
    ("Alt+C, Alt+Y, Alt+L, Alt+O, Alt+A, Alt+U", "Code, system, label, other words, charge, units"),
    ("Ctrl+S", "Save the procedure"),
    ("Ctrl+Enter / Ctrl+Shift+S", "Save it and start a new one"),
    ("Alt+N", "New procedure"),
    ("Alt+I / Alt+X", "Import / export the procedure list as CSV"),
    ("Alt+M", "Import the CMS HCPCS Level II file"),
)


class ProceduresView(QWidget):
    """The fee schedule: a table of procedures, an editor for one, CSV import and export."""

    status_message = Signal(str)

    def __init__(self, office, parent=None):
        super().__init__(parent)
        self.office = office
        self.current_id: int | None = None
        self._refreshing = False
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by code or label")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(lambda _t: self.refresh())
        self.model = ProcedureTableModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)  # a wrapped label is cut after its first words: elide by characters
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # 99212-99215 keep their telling ends
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the form (Up and Down walk it)
        self.form = ProcedureForm()
        self.new_button = QPushButton("&New procedure")
        self.new_button.clicked.connect(self.new)
        self.save_button = QPushButton("&Save")
        self.save_button.clicked.connect(self.save)
        self.import_button = QPushButton("&Import CSV…")
        self.import_button.clicked.connect(self.choose_import)
        self.export_button = QPushButton("E&xport CSV…")
        self.export_button.clicked.connect(self.choose_export)
        self.hcpcs_button = QPushButton("I&mport HCPCS…")
        self.hcpcs_button.setToolTip("Import the CMS HCPCS Level II file (the zip as downloaded, or the text inside)")
        self.hcpcs_button.clicked.connect(lambda: choose_and_import(self, self.office, self._hcpcs_imported))
        self.code_sets = QLabel()
        self.code_sets.setWordWrap(True)

        top = QHBoxLayout()
        filter_label = QLabel("Fin&d")
        filter_label.setBuddy(self.filter)
        top.addWidget(filter_label)
        top.addWidget(self.filter, 1)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        top.addWidget(self.hcpcs_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.code_sets)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.form, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])  # the list 3:2 from the start: its labels get the room
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.save_button.setToolTip("Save the procedure (Ctrl+S); Ctrl+Enter saves and starts a new one")
        save_keys(self, None, self.save_and_new)  # Ctrl+S is the window's (File > Save)
        chain_tab_order(self.filter, self.import_button, self.export_button, self.hcpcs_button, self.table,
                        self.form, self.new_button, self.save_button)
        self.refresh()
        self.new()

    def shortcut_help(self) -> list[tuple[str, str]]:
        """This screen's keys, for the window's F1 list."""
        return list(SHORTCUT_HELP)

    def refresh(self, select_id: int | None = None) -> None:
        """Reload the table (filtered) and select `select_id` (default: the procedure shown)."""
        self._refreshing = True
        try:
            self._reload(select_id)
        finally:
            self._refreshing = False

    def office_changed(self, changes: Changes) -> None:
        """The window's change signal: the list on PROCEDURES, the code-set line on CODES. A procedure
        being edited stays as typed (the list reloads around it)."""
        if changes.touches(Area.PROCEDURES):
            if self.form.is_dirty():
                self.table.selectionModel().blockSignals(True)
                try:
                    self.refresh()
                finally:
                    self.table.selectionModel().blockSignals(False)
            else:
                self.refresh()
        if changes.touches(Area.CODES):
            self.show_code_sets()

    def _reload(self, select_id: int | None) -> None:
        words = self.filter.text().strip().lower()
        procedures = [p for p in self.office.procedures.list()
                      if not words or words in p.code.lower() or words in p.label.lower()
                      or words in p.synonyms.lower()]
        self.model.set_procedures(procedures)
        target = select_id if select_id is not None else self.current_id
        for row, p in enumerate(procedures):
            if p.id == target:
                self.table.selectRow(row)
                break

    def select(self, procedure_id: int) -> None:
        """Show the procedure in the list (as it is listed now) and in the editor."""
        self._refreshing = True
        try:
            for row, procedure in enumerate(self.model.procedures):
                if procedure.id == procedure_id:
                    self.table.selectRow(row)
                    break
        finally:
            self._refreshing = False

    def has_unsaved_changes(self) -> bool:
        return self.form.is_dirty()

    def _leave(self) -> str | None:
        """Leave the procedure shown: 'clean', 'discarded' or 'saved'; None when the user stays."""
        if self._refreshing or not self.form.is_dirty():
            return "clean"
        answer = ask_to_save(self, "this procedure")
        if answer == "discard":
            return "discarded"
        return "saved" if answer == "save" and self.save() else None

    def _chosen(self, current, previous=None) -> None:
        if not current.isValid():
            return
        procedure = self.model.procedures[current.row()]
        left = self._leave()
        if left is None:
            self.table.selectionModel().blockSignals(True)
            self.table.setCurrentIndex(previous)
            self.table.selectionModel().blockSignals(False)
            return
        if left == "saved":  # saving reloaded the table: choose the wanted procedure again
            self.refresh(procedure.id)
            return
        self.current_id = procedure.id
        self.form.load(procedure)
        self.form.mark_clean()
        self.heading.setText(f"<b>{procedure.code}</b> {procedure.label}")

    def new(self) -> None:
        if self._leave() is None:
            return
        self.current_id = None
        self.table.clearSelection()
        self.form.clear()
        self.form.mark_clean()
        self.heading.setText("<b>New procedure</b>")

    def save(self) -> bool:
        saved = save_with(self.form, lambda problems: replace(self.form.record(problems), id=self.current_id),
                          lambda record: self.office.procedures.save(record).value)
        if saved is None:
            self.status_message.emit("The procedure was not saved: correct the fields marked in red.")
            return False
        self.current_id = saved.id
        self.form.mark_clean()
        self.select(saved.id)  # the list itself reloaded on the window's change signal
        self.status_message.emit(f"Saved {saved.code} {saved.label}.")
        return True

    def save_and_new(self) -> bool:
        if self.save():
            self.new()
            self.form.fields["code"].setFocus()
            return True
        return False

    # ------------------------------------------------------------ CSV
    def choose_import(self) -> None:
        name = open_file_name(self, self.office, PROCEDURES_KIND, "Import procedure list",
                              "CSV files (*.csv);;All files (*)")
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> ProcedureImportDialog | None:
        try:
            data = Path(path).read_bytes()  # decoded by the reader, which names the line of a bad byte
        except OSError as exc:
            QMessageBox.warning(self, "Import procedure list", f"Could not read {path}: {exc}")
            return None
        dialog = self.import_dialog(data, str(path))
        dialog.open()
        return dialog

    def import_dialog(self, data: bytes | str, source: str = "") -> ProcedureImportDialog:
        dialog = ProcedureImportDialog(self.office, data, source, self)
        dialog.imported.connect(self._imported)
        return dialog

    def _hcpcs_imported(self, result: dict) -> None:
        self.status_message.emit(f"Imported {result['procedure']} HCPCS codes and {result['modifier']} modifiers "
                                 f"({result['release']}).")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.show_code_sets()

    def show_code_sets(self) -> None:
        self.code_sets.setText(code_sets_text(self.office))

    def _imported(self, count: int) -> None:
        self.status_message.emit(f"Imported {count} procedure(s).")

    def choose_export(self) -> None:
        name = save_file_name(self, self.office, PROCEDURES_KIND, "Export procedure list", "procedures.csv",
                              "CSV files (*.csv)")
        if name:
            self.export_file(Path(name))

    def export_file(self, path: Path) -> None:
        try:
            count = self.office.procedures.export_to(path)
        except UserError as exc:
            QMessageBox.warning(self, "Export procedure list", str(exc))
            return
        self.status_message.emit(f"Exported {count} procedure(s) to {path}.")
