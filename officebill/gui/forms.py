"""How every screen builds forms and shows field errors, and the line edits for dates, money and phones.

A field in trouble shows its message in an `ErrorLabel` (red text, hidden when
empty) and gets a red frame (`mark_invalid`, matched by `INVALID_STYLE`); typing in
the field (or choosing in a list) takes both away, and the next save checks again.
A `Form` is a grid: label | input | error. `Form.show_problems(problems)`
puts each facade `Problem` beside the widget registered under its field path
(`npi`, `address.zip`, `insured.dob`) and returns the problems it could not place.
Screens with their own layout (the Visits screen) put a field over its error
with `with_error` and route problems themselves, with the same pieces.

Dates are typed one way everywhere: a `DateEdit` takes MM/DD/YYYY (or
MMDDYYYY, YYYY-MM-DD, "t" or "today"), shows MM/DD/YYYY when left, and
`read_date` turns what is typed into a date or a `Problem`.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..core.identifiers import format_phone, parse_date
from ..core.money import Money, MoneyError
from ..core.problems import Problem
from ..core.records import Address, Sex
from .theme import error_color

# A red frame only: a tinted background would hide light text in a dark palette.
INVALID_STYLE = """
QLineEdit[invalid="true"], QComboBox[invalid="true"], QSpinBox[invalid="true"], QTableView[invalid="true"],
QPlainTextEdit[invalid="true"] {
    border: 2px solid #d93025;
}
"""


def format_date(day: date | None) -> str:
    """A date as every screen shows and takes it (MM/DD/YYYY); blank for none."""
    return day.strftime("%m/%d/%Y") if day else ""


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Give a field the red frame (a dynamic property `INVALID_STYLE` matches), or take it away."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class ErrorLabel(QLabel):
    """The message beside a field; empty and hidden when the field is fine."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(180)
        self._recolor()
        self.hide()

    def _recolor(self) -> None:
        color = error_color(self)
        palette = self.palette()
        if palette.color(QPalette.ColorRole.WindowText) != color:
            palette.setColor(QPalette.ColorRole.WindowText, color)
            self.setPalette(palette)

    def changeEvent(self, event) -> None:  # follow a light/dark switch
        from PySide6.QtCore import QEvent

        super().changeEvent(event)
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
            self._recolor()

    def set_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def show_problems(self, messages: list[str]) -> None:
        """Show each message once, one a line; hidden when there are none."""
        self.set_message("\n".join(dict.fromkeys(messages)))

    def clear_problems(self) -> None:
        self.set_message("")


def push_button(text: str, on_click, *, default: bool = False) -> QPushButton:
    """A dialog's button: the default one takes Enter; the others never do (Enter must not quit by accident)."""
    button = QPushButton(text)
    if default:
        button.setDefault(True)
    else:
        button.setAutoDefault(False)
    button.clicked.connect(on_click)
    return button


def button_row(left: list[QWidget], right: list[QWidget]) -> QHBoxLayout:
    """A dialog's row of buttons: leaving ones (Quit, Cancel) at the left, the action at the right."""
    row = QHBoxLayout()
    for button in left:
        row.addWidget(button)
    row.addStretch(1)
    for button in right:
        row.addWidget(button)
    return row


def clear_when_edited(field: QWidget, error) -> None:
    """Changing `field` takes its error and red frame away; the next save checks it again.
    `error` is anything with `clear_problems()` (an ErrorLabel, or a part of a shared one)."""
    def fixed(*_args) -> None:
        error.clear_problems()
        mark_invalid(field, False)

    if isinstance(field, QLineEdit):
        field.textEdited.connect(fixed)
    elif isinstance(field, QComboBox):
        field.activated.connect(fixed)


def with_error(widget: QWidget, wrap: bool = True) -> tuple[QWidget, ErrorLabel]:
    """`widget` over its error label, in a box to lay out; editing the field clears its error."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    layout.addWidget(widget)
    error = ErrorLabel()
    error.setMinimumWidth(0)  # under a narrow field: never wider than the field's column
    error.setWordWrap(wrap)
    layout.addWidget(error)
    field = widget if isinstance(widget, (QLineEdit, QComboBox)) else widget.findChild(QLineEdit)
    clear_when_edited(field, error)
    return box, error


class DateEdit(QLineEdit):
    """The one date entry: MM/DD/YYYY (or MMDDYYYY, YYYY-MM-DD, "t" or "today"), shown as MM/DD/YYYY once left."""

    def __init__(self, parent: QWidget | None = None, *, today: Callable[[], date] = date.today, name: str = ""):
        super().__init__(parent)
        self.today = today
        if name:
            self.setObjectName(name)
        self.setPlaceholderText("MM/DD/YYYY")
        self.setMaxLength(10)
        self.setMaximumWidth(130)
        self.editingFinished.connect(self._tidy)

    def _tidy(self) -> None:
        """Rewrite a readable date as MM/DD/YYYY; unreadable text stays for the save to report."""
        try:
            value = self.date_value()
        except ValueError:
            return
        if value:
            self.setText(format_date(value))

    def date_value(self) -> date | None:
        """The date, None when blank; raises ValueError with a message when it is not a date."""
        if self.text().strip().lower() in ("t", "today"):
            return self.today()
        return parse_date(self.text())

    def set_date(self, value: date | None) -> None:
        self.setText(format_date(value))


def read_date(field: DateEdit, path: str, problems: list[Problem]) -> date | None:
    """The date typed in `field`; when it is not a date, a Problem for `path` and None."""
    try:
        return field.date_value()
    except ValueError as exc:
        problems.append(Problem(path, str(exc)))
        return None


class MoneyEdit(QLineEdit):
    """An amount of dollars and cents, shown right-aligned; blank means $0.00."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("0.00")
        self.setMaximumWidth(130)
        self.editingFinished.connect(self._tidy)

    def _tidy(self) -> None:
        try:
            self.setText(self.money().plain() if self.text().strip() else "")
        except MoneyError:
            pass

    def money(self) -> Money:
        return Money.parse(self.text()) if self.text().strip() else Money(0)

    def set_money(self, value: Money) -> None:
        self.setText(value.plain() if value else "")


class PhoneEdit(QLineEdit):
    """A phone number, tidied to (555) 201-4477 when the field is left."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("(555) 201-4477")
        self.setMaximumWidth(170)
        self.editingFinished.connect(lambda: self.setText(format_phone(self.text())))


class UpperEdit(QLineEdit):
    """Codes that are always upper case (state, taxonomy, member IDs)."""

    def __init__(self, max_length: int = 0, parent: QWidget | None = None):
        super().__init__(parent)
        if max_length:
            self.setMaxLength(max_length)
        self.textEdited.connect(self._upper)

    def _upper(self, text: str) -> None:
        if text != text.upper():
            pos = self.cursorPosition()
            self.setText(text.upper())
            self.setCursorPosition(pos)


def sex_combo() -> QComboBox:
    combo = QComboBox()
    for sex, text in ((Sex.FEMALE, "F  Female"), (Sex.MALE, "M  Male"), (Sex.UNKNOWN, "U  Unknown")):
        combo.addItem(text, sex)
    combo.setCurrentIndex(2)
    return combo


def set_combo_data(combo: QComboBox, value) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)


class Form(QWidget):
    """A grid of labelled inputs, each with an error label beside it, addressed by field path."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(INVALID_STYLE)
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(1, 0)
        self.grid.setColumnStretch(2, 1)
        self.grid.setHorizontalSpacing(10)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.general = ErrorLabel()
        self.grid.addWidget(self.general, 0, 0, 1, 3)
        self._row = 1

    def add(self, path: str, label: str, widget: QWidget, *, stretch: bool = True) -> QWidget:
        """Add `widget` under the field path `path`; `label` may carry a mnemonic (&Name)."""
        caption = QLabel(label)
        caption.setBuddy(widget)
        error = ErrorLabel()
        self.grid.addWidget(caption, self._row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.grid.addWidget(widget, self._row, 1, Qt.AlignmentFlag.AlignVCenter if not stretch else Qt.AlignmentFlag(0))
        self.grid.addWidget(error, self._row, 2, Qt.AlignmentFlag.AlignVCenter)
        self._row += 1
        self.fields[path] = widget
        self.errors[path] = error
        self.labels[path] = caption
        widget.setAccessibleName(caption.text().replace("&", ""))
        clear_when_edited(widget, error)  # a corrected field loses its message and red frame at once
        for signal_name in ("textEdited", "currentIndexChanged", "toggled"):
            signal = getattr(widget, signal_name, None)
            if signal is not None:
                signal.connect(self.changed)
        return widget

    def add_widget(self, widget: QWidget) -> QWidget:
        """A full-width row (a heading, a check box, a button row)."""
        self.grid.addWidget(widget, self._row, 0, 1, 3)
        self._row += 1
        return widget

    def add_heading(self, text: str) -> QLabel:
        label = QLabel(f"<b>{text}</b>")
        return self.add_widget(label)

    def add_address(self, prefix: str = "address.", heading: str | None = None, *, zip_label: str = "ZIP") -> None:
        if heading:
            self.add_heading(heading)
        self.add(prefix + "line1", "Street", QLineEdit())
        self.add(prefix + "line2", "Suite / apt", QLineEdit())
        self.add(prefix + "city", "City", QLineEdit())
        state = self.add(prefix + "state", "State", UpperEdit(2))
        state.setMaximumWidth(60)
        zip_edit = self.add(prefix + "zip", zip_label, QLineEdit())
        zip_edit.setMaximumWidth(130)
        zip_edit.setPlaceholderText("12345-6789")

    def finish(self) -> None:
        """Close the grid: wide inputs get one comfortable width so errors sit right beside them."""
        for widget in self.fields.values():
            if isinstance(widget, (QLineEdit, QComboBox, QPlainTextEdit)) and widget.maximumWidth() >= 16777215:
                widget.setMinimumWidth(300)
                widget.setMaximumWidth(380)
        self.grid.setRowStretch(self._row, 1)

    # --------------------------------------------------------------- values
    def text(self, path: str) -> str:
        widget = self.fields[path]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        if isinstance(widget, PhoneEdit):
            return format_phone(widget.text().strip())
        return widget.text().strip()

    def set_text(self, path: str, value: str) -> None:
        widget = self.fields[path]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        else:
            widget.setText(value or "")
            widget.setCursorPosition(0)

    def data(self, path: str):
        return self.fields[path].currentData()

    def set_data(self, path: str, value) -> None:
        set_combo_data(self.fields[path], value)

    def checked(self, path: str) -> bool:
        return self.fields[path].isChecked()

    def address(self, prefix: str = "address.") -> Address:
        return Address(**{name: self.text(prefix + name) for name in ("line1", "line2", "city", "state", "zip")})

    def set_address(self, address: Address, prefix: str = "address.") -> None:
        for name in ("line1", "line2", "city", "state", "zip"):
            self.set_text(prefix + name, getattr(address, name))

    def read_date(self, path: str, problems: list[Problem]) -> date | None:
        return read_date(self.fields[path], path, problems)

    def read_money(self, path: str, problems: list[Problem]) -> Money:
        try:
            return self.fields[path].money()
        except MoneyError as exc:
            problems.append(Problem(path, str(exc)))
            return Money(0)

    def clear(self) -> None:
        for widget in self.fields.values():
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.clear()
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
        self.clear_problems()

    # ------------------------------------------------------------- unsaved changes
    def values(self) -> tuple:
        """What every field holds now, to compare with what was loaded."""
        return tuple(_field_value(widget) for widget in self.fields.values())

    def set_values(self, values: tuple) -> None:
        """Put back what `values()` returned (used to move a form's contents elsewhere)."""
        for widget, value in zip(self.fields.values(), values):
            _set_field_value(widget, value)

    def mark_clean(self) -> None:
        """The fields as they are now count as saved (after loading, clearing or saving)."""
        self._clean = self.values()

    def is_dirty(self) -> bool:
        return self.values() != getattr(self, "_clean", self.values())

    # ------------------------------------------------------------- problems
    def clear_problems(self) -> None:
        self.general.set_message("")
        for path, error in self.errors.items():
            error.set_message("")
            mark_invalid(self.fields[path], False)

    def widget_for(self, path: str) -> str | None:
        """The registered path that shows a problem about `path` (exact, else the nearest parent/child)."""
        if path in self.fields:
            return path
        for candidate in self.fields:  # 'insured' -> 'insured.last_name'
            if candidate.startswith(path + "."):
                return candidate
        parent = path
        while "." in parent:
            parent = parent.rsplit(".", 1)[0]
            if parent in self.fields:
                return parent
        return None

    def show_problems(self, problems, *, focus: bool = True, general_unplaced: bool = True) -> list[Problem]:
        """Show each problem beside its field; returns the problems with no field here."""
        self.clear_problems()
        messages: dict[str, list[str]] = {}
        unplaced = []
        for problem in problems:
            path = self.widget_for(problem.field)
            if path is None:
                unplaced.append(problem)
            else:
                messages.setdefault(path, []).append(problem.message)
        for path, texts in messages.items():
            self.errors[path].set_message(" ".join(dict.fromkeys(texts)))
            mark_invalid(self.fields[path], True)
        if unplaced and general_unplaced:
            self.general.set_message("\n".join(p.message for p in unplaced))
        if focus and messages:
            first = min(messages, key=lambda p: list(self.fields).index(p))
            widget = self.fields[first]
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()
        return unplaced

    def error_text(self, path: str) -> str:
        return self.errors[path].text() if path in self.errors else self.general.text()

    def has_errors(self) -> bool:
        return any(e.text() for e in self.errors.values()) or bool(self.general.text())


def _field_value(widget: QWidget):
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    return None


def _set_field_value(widget: QWidget, value) -> None:
    if isinstance(widget, QLineEdit):
        widget.setText(value)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value)
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(value)
    elif isinstance(widget, QCheckBox):
        widget.setChecked(value)


def ask_to_save(parent: QWidget, what: str) -> str:
    """Save / Discard / Cancel for unsaved changes to `what`: returns 'save', 'discard' or 'cancel'."""
    answer = QMessageBox.question(
        parent, "Unsaved changes", f"The changes to {what} are not saved.\n\nSave them first?",
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save)
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    return "discard" if answer == QMessageBox.StandardButton.Discard else "cancel"


def chain_tab_order(*widgets: QWidget) -> None:
    """Tab goes through `widgets` in the order given (left to right, top to bottom as laid out); a `Form`
    stands for its fields in their order."""
    flat: list[QWidget] = []
    for widget in widgets:
        flat += list(widget.fields.values()) if isinstance(widget, Form) else [widget]
    for first, second in zip(flat, flat[1:]):
        QWidget.setTabOrder(first, second)


def save_keys(screen: QWidget, save: Callable[[], object], save_and_go_on: Callable[[], object] | None = None) -> None:
    """Ctrl+S saves and Ctrl+Enter saves and goes on (to a new record, a new visit) while the focus is
    inside `screen`: for dialogs and for screens that are not inside the main window (whose File menu
    maps Ctrl+S and Ctrl+Shift+S for the screens it shows)."""
    from PySide6.QtGui import QKeySequence, QShortcut

    context = Qt.ShortcutContext.WidgetWithChildrenShortcut
    if save is not None:
        QShortcut(QKeySequence.StandardKey.Save, screen, save, context=context)
    if save_and_go_on is not None:
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), screen, save_and_go_on, context=context)


def check_box(text: str, checked: bool = False) -> QCheckBox:
    box = QCheckBox(text)
    box.setChecked(checked)
    return box


def scrolled(widget: QWidget) -> QScrollArea:
    """`widget` in a frameless scroll area that keeps the surrounding background."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.viewport().setAutoFillBackground(False)
    widget.setAutoFillBackground(False)
    return area


class SearchEdit(QLineEdit):
    """A search box above a list: Down or Page Down emits `move_down` (the list takes the focus)."""

    move_down = Signal()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            self.move_down.emit()
            return
        super().keyPressEvent(event)
