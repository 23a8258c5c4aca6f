"""The code picker: search-as-you-type lists for ICD-10-CM, procedures, modifiers, POS and patients.

A `CodePicker` attaches to a QLineEdit. Every keystroke asks its *source*
(`code_sources`) for rows synchronously (the code index answers in about a
millisecond) and shows them in a panel (`code_picker_panel`) under the field;
focus never leaves the field, so Up/Down, Page Up/Down, Enter and Esc work
while typing. The panel is a plain child of the field's window laid over the
form (no separate window, no modal loop), with a notes pane describing the
highlighted row.

Choosing a row may open a second step instead of finishing: a non-billable
header offers its billable children, and a code that needs a 7th character
lists the allowed characters with their meanings (type the letter or pick a
row). Esc goes back one step, then closes.

The rows, sources and panel are also importable from here.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from .code_notes import notes_to_html
from .code_picker_panel import PickerPanel, PickRowListModel
from .code_sources import COMMON, EMPTY_TEXT, CodeSource, PatientSource, PickerSource, PickRow, Step

__all__ = ["COMMON", "EMPTY_TEXT", "CodePicker", "CodePickerWidget", "CodeSource", "PatientSource", "PickRow",
           "PickRowListModel", "PickerPanel", "PickerSource", "Step", "notes_to_html", "picker_for"]


class CodePicker(QObject):
    """Search-as-you-type picking for one QLineEdit.

    Signals: `picked(PickRow)` when a final row is chosen (the field then shows
    the code, or is cleared with `clear_on_pick`), `results_changed()` after
    every list update (the benchmark and tests listen to it).

    `multi=True` treats the field as a list of tokens (modifiers "25 59"):
    the last token is searched and a pick replaces it. `accept_on_tab=True`
    makes Tab take the highlighted row before moving on (the patient field).
    """

    picked = Signal(object)
    results_changed = Signal()

    def __init__(self, field: QLineEdit, source, *, open_on_focus: bool = False, clear_on_pick: bool = False,
                 multi: bool = False, with_notes: bool = True, width: int = 900, height: int = 300,
                 accept_on_tab: bool = False):
        super().__init__(field)
        self.accept_on_tab = accept_on_tab
        self.by_tab = False  # True while a Tab is taking the highlighted row (handlers leave focus alone)
        self.field = field
        self.source = source
        self.open_on_focus = open_on_focus
        self.clear_on_pick = clear_on_pick
        self.multi = multi
        self.width = width if with_notes else min(width, 480)
        self.height = height
        self.panel = PickerPanel(field.window(), with_notes=with_notes)
        self.panel.hide()
        self.model = self.panel.model
        self.step: Step | None = None
        self.enabled = True
        self.panel.list.clicked.connect(lambda index: self._choose_index(index.row()))
        self.panel.list.selectionModel().currentChanged.connect(lambda cur, _prev: self._show_notes(cur.row()))
        field.textEdited.connect(self._text_edited)
        field.installEventFilter(self)
        field.destroyed.connect(self.panel.deleteLater)  # the panel may live on the window, not the field

    # ------------------------------------------------------------ public API
    def is_open(self) -> bool:
        return self.panel.isVisible()

    def query_text(self) -> str:
        text = self.field.text()
        if self.multi:
            parts = text.replace(",", " ").split(" ")
            return parts[-1] if parts else ""
        return text

    def open(self) -> None:
        """Show the list for the field's current text (suggestions when it is empty)."""
        self.step = None
        self._set_rows(self.source.rows(self.query_text()))
        self._place()

    def close(self) -> None:
        self.step = None
        self.panel.hide()

    def current_row(self) -> PickRow | None:
        return self.model.row_at(self.panel.list.currentIndex().row())

    def rows(self) -> list[PickRow]:
        return self.model.rows()

    def choose_current(self) -> bool:
        index = self.panel.list.currentIndex()
        if not index.isValid():
            return False
        self._choose_index(index.row())
        return True

    # ---------------------------------------------------------------- events
    def eventFilter(self, obj, event):
        if obj is not self.field:
            return False
        kind = event.type()
        if kind == QEvent.KeyPress and self.enabled:
            return self._key(event)
        if kind == QEvent.FocusIn and self.open_on_focus and self.enabled and not self.is_open():
            self.open()
        elif kind == QEvent.FocusOut:
            reason = event.reason()
            if reason != Qt.PopupFocusReason:
                self.close()
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeypadModifier
        if mods not in (Qt.NoModifier, Qt.ShiftModifier):
            return False
        if key in (Qt.Key_Down, Qt.Key_Up, Qt.Key_PageDown, Qt.Key_PageUp) and mods == Qt.NoModifier:
            if not self.is_open():
                if key == Qt.Key_Down:
                    self.open()
                    if self.current_row() is None:
                        self._move(1)
                    return True
                return False
            step = {Qt.Key_Down: 1, Qt.Key_Up: -1, Qt.Key_PageDown: 8, Qt.Key_PageUp: -8}[key]
            self._move(step)
            return True
        if key == Qt.Key_F4 and not self.is_open():
            self.open()
            return True
        if key in (Qt.Key_Return, Qt.Key_Enter) and self.is_open():
            if self.choose_current():
                return True
            self.close()
            return False
        if key == Qt.Key_Escape and not self.is_open() and self.clear_on_pick and self.field.text():
            self.field.clear()  # an entry field (nothing is kept in it): Esc twice empties it
            return True
        if key == Qt.Key_Escape and self.is_open():
            if self.step is not None:
                self.step = None
                self._set_rows(self.source.rows(self.query_text()))
            else:
                self.close()
            return True
        if key == Qt.Key_Tab and self.accept_on_tab and self.is_open() and self.step is None \
                and self.query_text().strip():
            row = self.current_row()
            if row is not None and self.source.step(row) is None:
                self.by_tab = True
                try:
                    self._finish(row)  # then Tab moves on as usual
                finally:
                    self.by_tab = False
            return False
        if key == Qt.Key_Tab or key == Qt.Key_Backtab:
            self.close()
            return False
        if self.step is not None and event.text() and mods in (Qt.NoModifier, Qt.ShiftModifier):
            char = event.text().upper()
            rows = self.model.rows()
            for index, row in enumerate(rows):
                if row.key and row.key == char:
                    self._choose_index(index)
                    return True
            keys = [row.key for row in rows if row.key]
            if keys and char.isalnum():  # a 7th character that does not exist for this code
                self.panel.title.setText(f"{char} is not a 7th character here; choose {', '.join(keys)} "
                                         "(Esc goes back to the search).")
                return True
        return False

    def _text_edited(self, _text: str) -> None:
        if not self.enabled:
            return
        self.step = None
        self._set_rows(self.source.rows(self.query_text()))
        if not self.is_open():
            self._place()

    # --------------------------------------------------------------- helpers
    def _set_rows(self, rows: list[PickRow]) -> None:
        self.model.set_rows(rows)
        title = self.step.title if self.step else ""
        self.panel.title.setText(title)
        self.panel.title.setVisible(bool(title))
        typed = bool(self.query_text().strip())
        message = getattr(self.source, "empty_message", None)
        self.panel.empty.setText(message(typed or self.step is not None) if callable(message)
                                 else EMPTY_TEXT if typed or self.step else "Type a code or words to search.")
        self.panel.empty.setVisible(not rows)
        self.panel.list.setVisible(bool(rows))
        # Suggestions (nothing typed) start unselected, so Enter on an empty field never adds one by
        # accident; Down selects the first.
        first = next((i for i, r in enumerate(rows) if r.selectable), -1) if typed or self.step else -1
        if first >= 0:
            self.panel.list.setCurrentIndex(self.model.index(first))
        else:
            self.panel.list.setCurrentIndex(QModelIndex())
            self.panel.notes.clear()
        self.panel.list.scrollToTop()
        if self.is_open():
            self._place()
        self.results_changed.emit()

    def _move(self, delta: int) -> None:
        rows = self.model.rows()
        if not rows:
            return
        current = self.panel.list.currentIndex().row()
        direction = 1 if delta > 0 else -1
        target = max(0, min(len(rows) - 1, current + delta))
        while 0 <= target < len(rows) and not rows[target].selectable:
            target += direction
        if not 0 <= target < len(rows):
            return
        self.panel.list.setCurrentIndex(self.model.index(target))

    def _show_notes(self, index: int) -> None:
        row = self.model.row_at(index)
        if row is None or not self.panel.notes.isVisible() and not self.panel.notes.isVisibleTo(self.panel):
            return
        self.panel.notes.setHtml(self.source.notes_html(row))

    def _choose_index(self, index: int) -> None:
        row = self.model.row_at(index)
        if row is None or not row.selectable:
            return
        step = self.source.step(row)
        if step is not None:
            self.step = step
            self._set_rows(step.rows)
            return
        self._finish(row)

    def _finish(self, row: PickRow) -> None:
        self.close()
        self.enabled = False
        try:
            if self.clear_on_pick:
                self.field.clear()
            elif self.multi:
                parts = [p for p in self.field.text().replace(",", " ").split(" ")[:-1] if p]
                self.field.setText(" ".join([*parts, row.code]))
            else:
                self.field.setText(row.code)
        finally:
            self.enabled = True
        self.picked.emit(row)

    def _place(self) -> None:
        window = self.field.window()
        if self.panel.parent() is not window:
            self.panel.setParent(window)
        area = content_area(self.field)
        below = self.field.mapTo(window, QPoint(0, self.field.height()))
        width = min(self.width, max(200, area.width() - 8))
        count = self.model.rowCount()
        row_height = self.panel.list.sizeHintForRow(0) if count else 18
        chrome = 40 + (self.panel.title.sizeHint().height() if self.panel.title.isVisibleTo(self.panel) else 0)
        wanted = max(count, 2) * max(row_height, 14) + chrome + (0 if count else 30)
        floor = 200 if self.panel.notes.isVisibleTo(self.panel) else 80
        height = min(self.height, max(floor, wanted), max(120, area.height() - 8))
        x = max(area.left() + 4, min(below.x(), area.right() + 1 - width - 4))
        y = below.y() + 1
        if y + height > area.bottom() + 1 - 4:
            above = self.field.mapTo(window, QPoint(0, 0)).y() - height - 1
            y = above if above >= area.top() + 4 else max(area.top() + 4, area.bottom() + 1 - height - 4)
        self.panel.setGeometry(x, y, width, height)
        if not self.panel.isVisible():
            self.panel.show()
            self.panel.raise_()
            current = self.panel.list.currentIndex().row()
            if current >= 0:
                self._show_notes(current)


def content_area(field: QWidget) -> QRect:
    """The rectangle, in the field's window, of the screens' area when the window has one (the main
    window's `stack`: not the sidebar beside it) and the field is on it; else the whole window."""
    window = field.window()
    stack = getattr(window, "stack", None)
    if isinstance(stack, QStackedWidget) and stack.isAncestorOf(field):
        return QRect(stack.mapTo(window, QPoint(0, 0)), stack.size())
    return window.rect()


def picker_for(field: QLineEdit, office, system: str, patient_id: Callable[[], int | None] = lambda: None,
               service_date: Callable[[], date | None] = lambda: None, **options) -> CodePicker:
    """A CodePicker over the facade's code search for `system` (icd10cm, procedure, modifier, pos)."""
    return CodePicker(field, CodeSource(office, system, patient_id, service_date=service_date), **options)


class CodePickerWidget(QWidget):
    """A stand-alone picker: a search field with its list (used by the benchmark and anywhere a form
    needs a bare code lookup). `picked(PickRow)` when a code is chosen."""

    picked = Signal(object)

    def __init__(self, office, system: str = "icd10cm", patient_id: Callable[[], int | None] = lambda: None,
                 parent=None, service_date: Callable[[], date | None] = lambda: None):
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setPlaceholderText("Type a code or words")
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addStretch(1)
        self.picker = picker_for(self.field, office, system, patient_id, service_date, open_on_focus=True)
        self.picker.picked.connect(self.picked)
