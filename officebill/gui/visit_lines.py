"""Service lines of a visit: one row of fields per line, typed left to right.

Each row: procedure (picker, office list first), modifiers (up to 4, picker
for the last one typed), pointers (letters, default A), units, charge (fee
schedule charge x units until the charge is typed over). Enter on a row
goes to the next row, adding one at the end; Ctrl+Delete removes the row.
A row with nothing but defaults is blank and is not saved.

Ctrl+Shift+D (or the row's ▸ button) shows the line's details under it: the
NDC of a drug (box 24A shaded line: NDC, unit qualifier, quantity), a from/to
span (blank: the visit's date of service, one day) and EMG (24C). A drug
code (J....) shows them by itself, and so does a line that has any of them.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.identifiers import NDC_EXAMPLE, ndc_problem, normalize_ndc
from ..core.limits import MAX_UNITS, POINTER_LETTERS
from ..core.money import Money, MoneyError
from ..core.records import ServiceLine
from ..core.vocabularies import NdcUnit
from .code_picker import CodePicker, CodeSource, PickRow
from .forms import DateEdit, ErrorLabel, mark_invalid, read_date
from .theme import muted_color

MAX_LINES = 50
# Narrow enough that a 1000 px window leaves the description room to tell 99212-99215 apart.
WIDTHS = {"code": 70, "modifiers": 64, "pointers": 58, "units": 40, "charge": 70}  # each title fits its column
DETAIL_NAMES = {"ndc": "NDC", "ndc_unit": "NDC unit", "ndc_quantity": "NDC quantity", "from_date": "From date",
                "to_date": "To date", "emg": "EMG"}


def parse_pointers(text: str) -> tuple[tuple[int, ...], str | None]:
    """'AB', 'A,B', 'a b' -> (1, 2); letters outside A-L give a message."""
    letters = [ch for ch in text.upper() if not ch.isspace() and ch not in ",;/"]
    bad = [ch for ch in letters if ch not in POINTER_LETTERS]
    if bad:
        return (), f"Pointers are the diagnosis letters A to L (typed like AB or A,B); '{''.join(bad)}' is not one."
    return tuple(dict.fromkeys(POINTER_LETTERS.index(ch) + 1 for ch in letters)), None


def format_pointers(pointers) -> str:
    return "".join(POINTER_LETTERS[p - 1] for p in pointers if 1 <= p <= len(POINTER_LETTERS))


def parse_modifiers(text: str) -> tuple[str, ...]:
    return tuple(m for m in text.upper().replace(",", " ").split() if m)


def is_drug_code(code: str) -> bool:
    """HCPCS J-codes are drugs: their claims carry the NDC."""
    return code.strip().upper().startswith("J")


class MiddleElidedLabel(QLabel):
    """A one-line label that cuts a text too long for it in the middle ("Established patient…moderate
    complexity": siblings differ at their ends), with the whole text as its tooltip."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._full = ""
        self.setMinimumWidth(40)

    def setText(self, text: str) -> None:
        self._full = text or ""
        self.setToolTip(self._full)
        self._elide()

    def text(self) -> str:
        return self._full

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        hint.setWidth(40)
        return hint

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setWidth(max(40, self.fontMetrics().horizontalAdvance(self._full)))
        return hint

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.ElideMiddle, max(self.width(), 40))
        super().setText(shown)


class LineRow(QWidget):
    """The fields of one service line."""

    enter_pressed = Signal(object)
    remove_requested = Signal(object)
    changed = Signal()
    details_toggled = Signal(object)

    def __init__(self, office, source: CodeSource, modifier_source: CodeSource, parent=None):
        super().__init__(parent)
        self.office = office
        self.line_id: int | None = None
        self.charge_auto = True  # charge follows the fee schedule until typed over
        self.number = QLabel("1")
        self.number.setFixedWidth(20)
        self.number.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.code = QLineEdit()
        self.code.setPlaceholderText("Code")
        self.code.setFixedWidth(WIDTHS["code"])
        self.description = MiddleElidedLabel()
        self.description.setStyleSheet(f"color: {muted_color().name()};")
        self.modifiers = QLineEdit()
        self.modifiers.setPlaceholderText("Mod")
        self.modifiers.setFixedWidth(WIDTHS["modifiers"])
        self.modifiers.setToolTip("Up to 4 two-character modifiers, e.g. 25 or 25 59")
        self.pointers = QLineEdit("A")
        self.pointers.setFixedWidth(WIDTHS["pointers"])
        self.pointers.setToolTip("Diagnosis letters this line treats, e.g. A or AB or A,B (up to 4)")
        self.units = QSpinBox()
        self.units.setRange(1, MAX_UNITS)
        self.units.setFixedWidth(WIDTHS["units"])
        self.units.setButtonSymbols(QSpinBox.NoButtons)
        self.charge = QLineEdit()
        self.charge.setFixedWidth(WIDTHS["charge"])
        self.charge.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.charge.setPlaceholderText("0.00")
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip("Remove this line (Ctrl+Delete)")
        self.remove.setFocusPolicy(Qt.NoFocus)
        self.remove.setAutoRaise(True)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.details_button = QToolButton()
        self.details_button.setCheckable(True)
        self.details_button.setFocusPolicy(Qt.NoFocus)
        self.details_button.setAutoRaise(True)
        self.details_button.setFixedWidth(22)
        self.details_button.setToolTip("Dates, EMG and NDC of this line (Ctrl+Shift+D)")
        self.details_button.toggled.connect(self._details_shown)
        self._build_details()
        self.problem = ErrorLabel()

        self.picker = CodePicker(self.code, source)
        self.picker.picked.connect(self._picked)
        self.modifier_picker = CodePicker(self.modifiers, modifier_source, multi=True, with_notes=False)
        self.code.editingFinished.connect(self._code_committed)
        self.code.textEdited.connect(lambda _t: self._code_typed())
        self.units.valueChanged.connect(self._units_changed)
        self.charge.textEdited.connect(self._charge_typed)
        self.charge.textChanged.connect(lambda _t: self.changed.emit())
        self.charge.editingFinished.connect(self._normalize_charge)
        for widget in (self.modifiers, self.pointers):
            widget.textChanged.connect(lambda _t: self.changed.emit())
        for widget in self.fields():
            widget.installEventFilter(self)
        for widget in (self.code, self.modifiers, self.pointers, self.charge):
            widget.textEdited.connect(lambda _t, w=widget: mark_invalid(w, False))

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.number)
        row.addWidget(self.code)
        row.addWidget(self.description, 1)
        row.addWidget(self.modifiers)
        row.addWidget(self.pointers)
        row.addWidget(self.units)
        row.addWidget(self.charge)
        row.addWidget(self.details_button)
        row.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addLayout(row)
        layout.addWidget(self.details)
        problem_row = QHBoxLayout()
        problem_row.addSpacing(24)
        problem_row.addWidget(self.problem, 1)
        layout.addLayout(problem_row)
        self._procedure_code = ""
        self._update_details_button()

    def _build_details(self) -> None:
        """The line's detail row (hidden until asked for): NDC, unit, quantity, from, to, EMG."""
        self.details = QWidget()
        self.details.setObjectName("lineDetails")
        self.ndc = QLineEdit()
        self.ndc.setPlaceholderText(NDC_EXAMPLE)
        self.ndc.setFixedWidth(110)
        self.ndc.setMaxLength(16)
        self.ndc.setToolTip("National Drug Code: 11 digits, or 5-4-2 with hyphens (box 24A shaded line)")
        self.ndc.editingFinished.connect(self._normalize_ndc)
        self.ndc_unit = QComboBox()
        self.ndc_unit.addItem("", "")
        for unit in NdcUnit:
            self.ndc_unit.addItem(f"{unit.value} {unit.label}", unit.value)
        self.ndc_unit.setToolTip("Unit of the NDC quantity: type its first letters ("
                                 + ", ".join(unit.value for unit in NdcUnit) + ")")
        self.ndc_quantity = QLineEdit()
        self.ndc_quantity.setFixedWidth(70)
        self.ndc_quantity.setPlaceholderText("e.g. 2")
        self.ndc_quantity.setToolTip("NDC quantity in that unit: up to 6 digits and 3 decimals")
        self.from_date = DateEdit()
        self.to_date = DateEdit()
        for field, tip in ((self.from_date, "First day of the service; blank is the visit's date of service"),
                           (self.to_date, "Last day of a span of identical daily services; blank is the same day")):
            field.setFixedWidth(96)
            field.setToolTip(tip)
        self.emg = QCheckBox("EMG")
        self.emg.setToolTip("Emergency (box 24C)")
        grid = QGridLayout(self.details)  # two short rows, so the form stays narrow (1000 px windows)
        grid.setContentsMargins(24, 0, 0, 2)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)

        def labelled(text, widget, row, column):
            label = QLabel(text)
            label.setStyleSheet(f"color: {muted_color().name()};")
            label.setBuddy(widget)
            grid.addWidget(label, row, column, Qt.AlignRight)
            grid.addWidget(widget, row, column + 1)

        labelled("NDC", self.ndc, 0, 0)
        labelled("Unit", self.ndc_unit, 0, 2)
        labelled("Qty", self.ndc_quantity, 0, 4)
        labelled("From", self.from_date, 1, 0)
        labelled("To", self.to_date, 1, 2)
        grid.addWidget(self.emg, 1, 4, 1, 2)
        grid.setColumnMinimumWidth(3, 130)
        grid.setColumnStretch(6, 1)
        for widget in (self.ndc, self.ndc_quantity, self.from_date, self.to_date):
            widget.textEdited.connect(lambda _t, w=widget: mark_invalid(w, False))
            widget.textChanged.connect(lambda _t: self._update_details_button())
        for widget in (self.ndc, self.ndc_quantity, self.from_date, self.to_date):
            widget.textChanged.connect(lambda _t: self.changed.emit())
        self.ndc_unit.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.emg.toggled.connect(lambda _on: self.changed.emit())
        self.ndc_unit.activated.connect(lambda _i: mark_invalid(self.ndc_unit, False))
        self.ndc_unit.currentIndexChanged.connect(lambda _i: self._update_details_button())
        self.emg.toggled.connect(lambda _on: self._update_details_button())
        self.details.hide()

    def fields(self) -> list[QWidget]:
        """The fields in Tab order; the detail fields are skipped while hidden."""
        return [self.code, self.modifiers, self.pointers, self.units, self.charge, *self.detail_fields()]

    def detail_fields(self) -> list[QWidget]:
        return [self.ndc, self.ndc_unit, self.ndc_quantity, self.from_date, self.to_date, self.emg]

    # --------------------------------------------------------------- details
    def details_visible(self) -> bool:
        return self.details_button.isChecked()

    def show_details(self, shown: bool = True) -> None:
        self.details_button.setChecked(shown)

    def toggle_details(self) -> None:
        """Ctrl+Shift+D: open the details and go to the NDC, or close them and go back to the code."""
        shown = not self.details_visible()
        self.show_details(shown)
        (self.ndc if shown else self.code).setFocus(Qt.ShortcutFocusReason)

    def _details_shown(self, shown: bool) -> None:
        if not shown and self.details.isAncestorOf(self.focusWidget() or self):
            self.code.setFocus(Qt.OtherFocusReason)
        self.details.setVisible(shown)
        self._update_details_button()
        self.details_toggled.emit(self)

    def has_details(self) -> bool:
        return bool(self.ndc.text().strip() or self.ndc_unit.currentData() or self.ndc_quantity.text().strip()
                    or self.from_date.text().strip() or self.to_date.text().strip() or self.emg.isChecked())

    def _update_details_button(self) -> None:
        """▾ open, ▸ closed; a dot when closed details hold something."""
        if self.details_button.isChecked():
            self.details_button.setText("▾")
        else:
            self.details_button.setText("▸•" if self.has_details() else "▸")

    def _normalize_ndc(self) -> None:
        typed = self.ndc.text()
        if not ndc_problem(typed) and normalize_ndc(typed) != typed:
            self.ndc.setText(normalize_ndc(typed))  # shown as saved: 11 digits

    # ------------------------------------------------------------ behaviour
    def _picked(self, row: PickRow) -> None:
        self._apply_procedure(row.code, row.description)
        self.modifiers.setFocus(Qt.TabFocusReason)

    def _code_typed(self) -> None:
        if self.code.text().strip().upper() != self._procedure_code:
            self.description.setText("")
        self.changed.emit()

    def _code_committed(self) -> None:
        code = self.code.text().strip().upper()
        if code and code != self._procedure_code:
            self._apply_procedure(code, None)

    def _apply_procedure(self, code: str, description: str | None) -> None:
        code = code.strip().upper()
        self.code.setText(code)
        self._procedure_code = code
        if is_drug_code(code):
            self.show_details()  # a drug: its NDC goes on the claim
        procedure = self.office.procedures.get(code)
        if procedure is not None:
            self.description.setText(procedure.label)
            if self.charge_auto:
                self.units.blockSignals(True)
                self.units.setValue(max(1, procedure.units))
                self.units.blockSignals(False)
                self._fill_charge()
        else:
            self.description.setText(description or "")
            if self.charge_auto:
                self.charge.clear()  # not on the fee schedule: the charge is typed, never a stale fee
        self.changed.emit()

    def _fill_charge(self) -> None:
        procedure = self.office.procedures.get(self.code.text().strip().upper()) if self.code.text().strip() else None
        if procedure is not None:
            self.charge.setText(procedure.line_charge(self.units.value()).plain())
            self.changed.emit()

    def _units_changed(self, _value: int) -> None:
        if self.charge_auto:
            self._fill_charge()
        self.changed.emit()

    def _charge_typed(self, text: str) -> None:
        self.charge_auto = not text.strip()

    def _normalize_charge(self) -> None:
        amount = self.charge_amount()
        if amount is not None:
            self.charge.setText(amount.plain())

    def eventFilter(self, obj, event):
        if event.type() == QEvent.KeyPress:
            key, mods = event.key(), event.modifiers() & ~Qt.KeypadModifier
            if key == Qt.Key_Delete and mods == Qt.ControlModifier:
                self.remove_requested.emit(self)
                return True
            if key in (Qt.Key_Return, Qt.Key_Enter) and mods == Qt.NoModifier:
                if (obj is self.code and self.picker.is_open()) or (
                        obj is self.modifiers and self.modifier_picker.is_open()):
                    return False  # the picker chooses the highlighted row
                if obj is self.code and self.code.text().strip():
                    self._code_committed()
                self.enter_pressed.emit(self)
                return True
        return False

    # ----------------------------------------------------------------- data
    def is_blank(self) -> bool:
        return (not self.code.text().strip() and not self.modifiers.text().strip() and not self.charge.text().strip()
                and not self.ndc.text().strip())

    def charge_amount(self) -> Money | None:
        try:
            return Money.parse(self.charge.text()) if self.charge.text().strip() else None
        except MoneyError:
            return None

    def to_line(self) -> tuple[ServiceLine, dict[str, str]]:
        """The line as typed, and problems found while reading the text (field -> message).

        Only text that does not read (pointers, the charge, dates) is a problem here; the NDC, its unit
        and quantity go as typed, and the save's rules (`core.identifiers.ndc_line_problems`) judge them."""
        problems: dict[str, str] = {}
        pointers, message = parse_pointers(self.pointers.text())
        if message:
            problems["pointers"] = message
        charge = Money(0)
        if self.charge.text().strip():
            try:
                charge = Money.parse(self.charge.text())
            except MoneyError as exc:
                problems["charge"] = str(exc)
        dates, unreadable = {}, []
        for name, field in (("from_date", self.from_date), ("to_date", self.to_date)):
            dates[name] = read_date(field, name, unreadable)
        problems.update((p.field, p.message) for p in unreadable)
        line = ServiceLine(code=self.code.text().strip().upper(), modifiers=parse_modifiers(self.modifiers.text()),
                           pointers=pointers, units=self.units.value(), charge=charge, id=self.line_id,
                           ndc=self.ndc.text(), ndc_unit=self.ndc_unit.currentData() or "",
                           ndc_quantity=self.ndc_quantity.text(), emg=self.emg.isChecked(),
                           from_date=dates["from_date"], to_date=dates["to_date"])
        return line, problems

    def set_line(self, line: ServiceLine, service_date=None) -> None:
        """Show a saved line. Dates equal to the visit's date of service (from) and to the from date (to) show
        blank, so they follow the date of service when it is changed."""
        self.line_id = line.id
        self.ndc.setText(line.ndc)
        index = self.ndc_unit.findData((line.ndc_unit or "").upper())
        if index < 0 and line.ndc_unit:
            self.ndc_unit.addItem(line.ndc_unit, line.ndc_unit)  # an unknown qualifier is kept, not swapped
            index = self.ndc_unit.count() - 1
        self.ndc_unit.setCurrentIndex(max(index, 0))
        self.ndc_quantity.setText(line.ndc_quantity)
        from_date = line.from_date if line.from_date not in (None, service_date) else None
        to_date = line.to_date if line.to_date not in (None, line.from_date) else None
        self.from_date.set_date(from_date)
        self.to_date.set_date(to_date)
        self.emg.setChecked(line.emg)
        self.show_details(self.has_details() or is_drug_code(line.code))
        self.charge_auto = False
        self.code.setText(line.code)
        self._procedure_code = line.code
        procedure = self.office.procedures.get(line.code)
        self.description.setText(procedure.label if procedure else "")
        self.modifiers.setText(" ".join(line.modifiers))
        self.pointers.setText(format_pointers(line.pointers))
        self.units.blockSignals(True)
        self.units.setValue(max(1, line.units))
        self.units.blockSignals(False)
        self.charge.setText(line.charge.plain())

    def remap_pointers(self, mapping: dict[int, int | None]) -> bool:
        """Letters follow their diagnoses (old position -> new, None: removed). A blank row keeps its default.
        True when the line pointed only at removed diagnoses and now points at none."""
        pointers, message = parse_pointers(self.pointers.text())
        if message or not pointers or self.is_blank():
            return False
        kept = [moved for p in pointers if (moved := mapping.get(p, p)) is not None]
        self.pointers.setText(format_pointers(kept))
        return not kept

    def show_problems(self, by_field: dict[str, list[str]]) -> None:
        widgets = {"code": self.code, "modifiers": self.modifiers, "pointers": self.pointers, "units": self.units,
                   "charge": self.charge, "ndc": self.ndc, "ndc_unit": self.ndc_unit,
                   "ndc_quantity": self.ndc_quantity, "from_date": self.from_date, "to_date": self.to_date}
        messages = []
        for name, widget in widgets.items():
            mark_invalid(widget, bool(by_field.get(name)))
        for name, found in by_field.items():
            label = {"code": "Procedure", **DETAIL_NAMES}.get(name, name.capitalize())
            messages += [f"{label}: {m}" for m in found]
        if any(by_field.get(name) for name in DETAIL_NAMES):
            self.show_details()
        self.problem.show_problems(messages)

    def field_named(self, name: str) -> QWidget:
        """The field a problem path's last part names (`ndc`, `to_date` ...); the code when unknown."""
        if name in DETAIL_NAMES:
            self.show_details()
        return {"modifiers": self.modifiers, "pointers": self.pointers, "units": self.units, "charge": self.charge,
                "ndc": self.ndc, "ndc_unit": self.ndc_unit, "ndc_quantity": self.ndc_quantity,
                "from_date": self.from_date, "to_date": self.to_date, "emg": self.emg}.get(name, self.code)


class LinesEditor(QWidget):
    """All service lines with a header row; `changed` after any edit (for the running total)."""

    changed = Signal()
    rows_changed = Signal()  # rows added or removed (the form redoes the tab order)
    leave = Signal()  # Enter on a blank last row: the lines are done

    def __init__(self, office, patient_id, parent=None, service_date=lambda: None):
        super().__init__(parent)
        self.office = office
        # the visit's patient and date of service (callables): new or established visit codes rank first
        self.source = CodeSource(office, "procedure", patient_id, service_date=service_date)
        self.modifier_source = CodeSource(office, "modifier")
        self.rows: list[LineRow] = []
        self.titles: dict[str, QLabel] = {}  # the column titles above the lines, by their text
        header = QGridLayout()
        header.setContentsMargins(0, 0, 0, 0)
        titles = QHBoxLayout()
        titles.setSpacing(4)
        titles.setContentsMargins(0, 0, 0, 0)

        def title(text, width=None, stretch=0):
            label = QLabel(text)
            label.setStyleSheet(f"color: {muted_color().name()}; font-size: 11px;")
            if width:
                label.setFixedWidth(width)
            titles.addWidget(label, stretch)
            self.titles[text] = label

        title("#", 20)
        title("Procedure", WIDTHS["code"])
        title("Description", None, 1)
        title("Modifiers", WIDTHS["modifiers"])
        title("Pointers", WIDTHS["pointers"])
        title("Units", WIDTHS["units"])
        title("Charge", WIDTHS["charge"])
        titles.addSpacing(52)  # the details and remove buttons
        self.box = QVBoxLayout()
        self.box.setSpacing(2)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.problem = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(titles)
        layout.addLayout(self.box)
        layout.addWidget(self.problem)

    def add_row(self, line: ServiceLine | None = None, service_date=None) -> LineRow | None:
        if len(self.rows) >= MAX_LINES:
            return None
        row = LineRow(self.office, self.source, self.modifier_source, self)
        if line is not None:
            row.set_line(line, service_date)
        row.changed.connect(self.changed)
        row.enter_pressed.connect(self._enter)
        row.remove_requested.connect(self.remove_row)
        self.rows.append(row)
        self.box.addWidget(row)
        if self.isVisible():
            row.show()  # a layout shows new children only later; the next key may come first
        self._renumber()
        self.rows_changed.emit()
        self.changed.emit()
        return row

    def remove_row(self, row: LineRow) -> None:
        if row not in self.rows:
            return
        index = self.rows.index(row)
        self.rows.remove(row)
        self.box.removeWidget(row)
        row.hide()
        row.deleteLater()
        if not self.rows:
            self.add_row()
        self._renumber()
        self.rows_changed.emit()
        self.changed.emit()
        self.rows[min(index, len(self.rows) - 1)].code.setFocus(Qt.OtherFocusReason)

    def set_lines(self, lines, service_date=None) -> None:
        for row in list(self.rows):
            self.box.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = []
        for line in lines:
            self.add_row(line, service_date)
        if not self.rows:
            self.add_row()

    def _renumber(self) -> None:
        for number, row in enumerate(self.rows, 1):
            row.number.setText(str(number))
            for name, widget in zip(("procedure", "modifiers", "pointers", "units", "charge", "NDC", "NDC unit",
                                     "NDC quantity", "from date", "to date", "emergency"), row.fields()):
                widget.setAccessibleName(f"Line {number} {name}")

    def _enter(self, row: LineRow) -> None:
        index = self.rows.index(row)
        if index + 1 < len(self.rows):
            self.rows[index + 1].code.setFocus(Qt.TabFocusReason)
        elif row.is_blank():
            self.leave.emit()
        else:
            new = self.add_row()
            if new is not None:
                new.code.setFocus(Qt.TabFocusReason)

    def current_row(self) -> LineRow | None:
        """The row holding the keyboard focus."""
        focus = self.focusWidget()
        return next((row for row in self.rows if focus is not None and row.isAncestorOf(focus)), None)

    def toggle_current_details(self) -> bool:
        """Ctrl+Shift+D: open or close the details of the line holding the focus. False when no line has it."""
        row = self.current_row()
        if row is None:
            return False
        row.toggle_details()
        return True

    def focus_new_line(self) -> None:
        """Ctrl+I: the first blank row, or a new one at the end."""
        blank = next((r for r in self.rows if r.is_blank()), None) or self.add_row()
        if blank is not None:
            blank.code.setFocus(Qt.ShortcutFocusReason)

    def filled_rows(self) -> list[LineRow]:
        return [r for r in self.rows if not r.is_blank()]

    def total(self) -> Money:
        return Money.total(r.charge_amount() or Money(0) for r in self.filled_rows())

    def remap_pointers(self, mapping: dict) -> None:
        """Diagnoses reordered: every line's letters follow."""
        for row in self.rows:
            row.remap_pointers(mapping)

    def diagnosis_removed(self, code: str, mapping: dict) -> list[int]:
        """Letters follow (`remap_pointers`); a line that pointed only at `code` is left without a pointer
        and says so on its pointer field. Returns those lines' numbers (1-based)."""
        orphans = [number for number, row in enumerate(self.rows, 1) if row.remap_pointers(mapping)]
        for number in orphans:
            self.rows[number - 1].show_problems({"pointers": [
                f"it pointed only at {code}, which was removed; type the letter of the diagnosis it treats."]})
        return orphans

    def point_unpointed_at(self, letter: str) -> list[int]:
        """Lines with a procedure and no pointer point at `letter` (the first diagnosis added again);
        their pointer problem goes. Returns their numbers (1-based)."""
        numbers = []
        for number, row in enumerate(self.rows, 1):
            if not row.is_blank() and not row.pointers.text().strip():
                row.pointers.setText(letter)
                row.show_problems({})
                numbers.append(number)
        return numbers

    def focus_order(self) -> list[QWidget]:
        return [field for row in self.rows for field in row.fields()]
