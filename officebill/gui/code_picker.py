"""The code picker: search-as-you-type lists for ICD-10-CM, procedures, modifiers, POS and patients.

A `CodePicker` attaches to a QLineEdit. Every keystroke asks its *source* for
rows synchronously (the code index answers in about a millisecond) and shows
them in a panel under the field; focus never leaves the field, so Up/Down,
Page Up/Down, Enter and Esc work while typing. The panel is a plain child
of the field's window laid over the form (no separate window, no modal
loop), with a notes pane describing the highlighted row.

Choosing a row may open a second step instead of finishing: a non-billable
header offers its billable children, and a code that needs a 7th character
lists the allowed characters with their meanings (type the letter or pick a
row). Esc goes back one step, then closes.

Sources are plain objects (no Qt) that turn text into `PickRow`s; the
facade is their only way to the data.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Callable, Protocol

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QLineEdit, QListView, QTextBrowser,
                               QVBoxLayout, QWidget)

from .theme import caution_color, good_color, muted_color


NOTE_LABELS = {
    "excludes1": "Excludes1 (never coded together)",
    "excludes2": "Excludes2 (may be coded together)",
    "codeFirst": "Code first",
    "useAdditionalCode": "Use additional code",
    "codeAlso": "Code also",
    "includes": "Includes",
    "inclusionTerm": "Also covers",
    "notes": "Note",
    "sevenChrNote": "7th character",
}
# What an empty POS / modifier picker offers: the codes a physician office uses most.
COMMON = {
    "pos": ("11", "02", "10", "12", "20", "19", "22", "21", "23", "31", "32", "81", "99"),
    "modifier": ("25", "59", "26", "50", "51", "76", "91", "95", "LT", "RT", "GT", "XS", "XU"),
}
EMPTY_TEXT = "No matches. Try fewer letters, a code (E11.9) or an abbreviation (dm2, htn)."
CHAPTER_KINDS = {"excludes1", "codeFirst", "useAdditionalCode", "codeAlso"}
NOTE_ORDER = ["excludes1", "codeFirst", "useAdditionalCode", "codeAlso", "excludes2", "includes",
              "inclusionTerm", "notes", "sevenChrNote"]


@dataclass(frozen=True)
class PickRow:
    """One row of the picker list. `kind`: hit, heading (a section title), child, seventh, patient."""

    code: str
    description: str = ""
    billable: bool = True
    kind: str = "hit"
    key: str = ""  # a single character that chooses the row (7th-character step)
    value: object = field(default=None, compare=False)

    @property
    def selectable(self) -> bool:
        return self.kind != "heading"


@dataclass(frozen=True)
class Step:
    """A follow-up choice after picking a row (children of a header, 7th characters)."""

    title: str
    rows: list[PickRow]


class PickerSource(Protocol):
    def rows(self, text: str) -> list[PickRow]: ...

    def step(self, row: PickRow) -> Step | None: ...

    def notes_html(self, row: PickRow) -> str: ...


def _attr(obj, name, default=None):
    if isinstance(obj, (tuple, list)):
        return {"code": obj[0] if obj else default, "description": obj[1] if len(obj) > 1 else default}.get(
            name, default)
    return getattr(obj, name, default)


class CodeSource:
    """Rows from the facade's code search for one system: icd10cm, procedure, modifier, pos.

    `patient_id` is a callable so the picker always ranks for the visit's current patient.
    """

    def __init__(self, office, system: str, patient_id: Callable[[], int | None] = lambda: None,
                 limit: int = 30):
        self.office = office
        self.system = system
        self.patient_id = patient_id
        self.limit = limit
        self._ready = False

    # ------------------------------------------------------------- the index
    @property
    def codes(self):
        return self.office.codes

    def ready(self) -> bool:
        """True once the code database is built. Until then nothing here touches `office.codes`, which
        would build it on the GUI thread (the window builds it in the background on first start)."""
        if not self._ready:
            check = getattr(self.office, "codes_ready", None)
            self._ready = bool(check()) if callable(check) else True
        return self._ready

    def empty_message(self, typed: bool) -> str:
        if not self.ready() and self.system != "procedure":
            return "The code lists are still being prepared (first start); try again in a moment."
        return EMPTY_TEXT if typed else "Type a code or words to search."

    def describe(self, code: str) -> str:
        if self.system == "procedure":
            procedure = self.office.procedure(code)
            if procedure:
                return procedure.label
        if not self.ready():
            return ""
        system = "hcpcs" if self.system == "procedure" else self.system
        try:
            found = self.codes.describe(code, system)
        except Exception:  # noqa: BLE001 - a missing description is shown as blank, never an error
            return ""
        if found is None:
            return ""
        return found if isinstance(found, str) else (_attr(found, "description", "") or "")

    def is_billable(self, code: str) -> bool:
        if self.system != "icd10cm" or not self.ready():
            return True
        try:
            return bool(self.codes.is_billable(code))
        except Exception:  # noqa: BLE001
            return True

    @staticmethod
    def _row(hit, kind: str = "hit") -> PickRow:
        return PickRow(code=_attr(hit, "code", ""), description=_attr(hit, "description", "") or "",
                       billable=bool(_attr(hit, "billable", True)), kind=kind, value=hit)

    # ------------------------------------------------------------------ rows
    def rows(self, text: str) -> list[PickRow]:
        text = text.strip()
        if not text:
            return self.suggestions()
        if not self.ready():
            return self._office_list(text) if self.system == "procedure" else []
        hits = self.office.search_codes(text, self.system, self.limit, self.patient_id())
        return [self._row(h) for h in hits]

    def suggestions(self) -> list[PickRow]:
        """What an empty picker shows: this patient's diagnoses and the office's most used codes."""
        if self.system == "icd10cm":
            rows: list[PickRow] = []
            seen: set[str] = set()
            patient_id = self.patient_id()
            recent = self.office.recent_diagnoses(patient_id) if patient_id else []
            for title, codes in (("This patient's previous diagnoses", recent),
                                 ("Most used in this office", self.office.most_used_diagnoses())):
                fresh = [c for c in codes if c not in seen]
                if not fresh:
                    continue
                rows.append(PickRow(code="", description=title, kind="heading"))
                for code in fresh:
                    seen.add(code)
                    rows.append(PickRow(code=code, description=self.describe(code), billable=self.is_billable(code)))
            return rows
        if self.system == "procedure":
            return self._office_list("")
        if not self.ready():
            return []
        common = COMMON.get(self.system, ())
        rows = []
        for code in common:
            try:
                hit = self.codes.hit(code, self.system)
            except Exception:  # noqa: BLE001 - an index without `hit` just shows nothing
                hit = None
            if hit is not None:
                rows.append(self._row(hit))
        return rows

    def _office_list(self, text: str) -> list[PickRow]:
        """The office procedure list, favorites first, filtered by code prefix or label words."""
        key, words = text.strip().upper(), text.lower().split()
        procedures = sorted(self.office.procedures(active_only=True), key=lambda p: (not p.favorite, p.code))
        return [PickRow(code=p.code, description=p.label, value=p) for p in procedures
                if not key or p.code.startswith(key) or all(w in p.label.lower() for w in words)]

    def step(self, row: PickRow) -> Step | None:
        if self.system != "icd10cm" or row.kind == "seventh" or row.billable or not self.ready():
            return None
        sevenths = list(self.codes.seventh_characters(row.code) or [])
        if sevenths:
            stem = _attr(sevenths[0], "code", "")[:-1]
            padded = f" (placeholder X added: {stem}_)" if stem.replace(".", "") != row.code.replace(".", "") else ""
            return Step(
                f"{row.code} needs a 7th character{padded}. Type the letter or choose:",
                [PickRow(code=_attr(s, "code", ""), description=f"{s.char}  {s.meaning}", kind="seventh",
                         key=s.char.upper(), value=s) for s in sevenths])
        children = [PickRow(code=_shown(_attr(c, "code", "")), description=_attr(c, "description", "") or "",
                            kind="child", value=c) for c in (self.codes.children(row.code) or [])]
        if not children:
            return None
        plural = "s" if len(children) != 1 else ""
        return Step(f"{row.code} is a category, not billable. Choose one of its {len(children)} billable "
                    f"code{plural}:", children)

    def notes_html(self, row: PickRow) -> str:
        if not row.selectable or not row.code:
            return ""
        description = (self.describe(row.code) or row.description) if row.kind == "seventh" else row.description
        head = f"<b>{html.escape(row.code)}</b> {html.escape(description)}"
        parts = [head]
        if self.system == "icd10cm" and self.ready():
            parts.append(_billable_line(row, self))
            try:
                notes = list(self.codes.notes(row.code) or [])
            except Exception:  # noqa: BLE001
                notes = []
            parts.append(notes_to_html(notes))
        elif self.system == "procedure":
            procedure = self.office.procedure(row.code)
            if procedure:
                parts.append(f"Office fee: {procedure.charge} for {procedure.units} unit"
                             f"{'s' if procedure.units != 1 else ''}" + (" · favorite" if procedure.favorite else ""))
            else:
                parts.append(f"<span style='color:{caution_color().name()}'>Not on the office procedure list: "
                             "type the charge on the line.</span>")
        return "<br>".join(p for p in parts if p)


def _shown(code: str) -> str:
    """ICD codes with their dot (children may come back dotless)."""
    code = code.strip().upper()
    if "." not in code and len(code) > 3 and code[:1].isalpha():
        return code[:3] + "." + code[3:]
    return code


def _billable_line(row: PickRow, source: CodeSource) -> str:
    if row.kind == "seventh" or row.billable:
        return f"<span style='color:{good_color().name()}'>Billable</span>"
    try:
        needs = bool(source.codes.seventh_characters(row.code))
    except Exception:  # noqa: BLE001
        needs = False
    if needs:
        return f"<span style='color:{caution_color().name()}'>Needs a 7th character; press Enter to choose it.</span>"
    return f"<span style='color:{caution_color().name()}'>Header, not billable; press Enter to choose a specific code.</span>"


def notes_to_html(notes) -> str:
    """Instructional notes grouped by kind, the most decisive first; inherited ones name their source."""
    by_kind: dict[str, list] = {}
    for note in notes:
        if note.source.startswith("chapter") and note.kind not in CHAPTER_KINDS:
            continue  # chapter-wide lists (excludes2, notes) repeat on every code; the scrubber has them
        by_kind.setdefault(note.kind, []).append(note)
    out = []
    for kind in sorted(by_kind, key=lambda k: NOTE_ORDER.index(k) if k in NOTE_ORDER else len(NOTE_ORDER)):
        items = by_kind[kind]
        shown = items[:6]
        lines = "".join(
            f"<li>{html.escape(_note_text(n.text))}"
            + (f" <span style='color:{muted_color().name()}'>({html.escape(n.source)})</span>" if n.inherited else "")
            + "</li>" for n in shown)
        more = f"<li>… {len(items) - len(shown)} more</li>" if len(items) > len(shown) else ""
        out.append(f"<p style='margin:4px 0 0 0'><b>{html.escape(NOTE_LABELS.get(kind, kind))}</b></p>"
                   f"<ul style='margin:0 0 0 -20px'>{lines}{more}</ul>")
    return "".join(out)


def _note_text(text: str, limit: int = 240) -> str:
    text = text.strip().lstrip(",;: ").strip()
    text = text[:1].upper() + text[1:]
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


class PatientSource:
    """Rows from `office.find_patients`: search by name, account or date of birth."""

    def __init__(self, office, limit: int = 20):
        self.office = office
        self.limit = limit

    def rows(self, text: str) -> list[PickRow]:
        patients = self.office.find_patients(text.strip(), limit=self.limit)
        return [PickRow(code=p.account, description=_patient_line(p), kind="patient", value=p) for p in patients]

    def step(self, row: PickRow) -> Step | None:
        return None

    def notes_html(self, row: PickRow) -> str:
        return ""


def _patient_line(p) -> str:
    dob = p.dob.strftime("%m/%d/%Y") if p.dob else "no DOB"
    return f"{p.display_name}   DOB {dob}"


class PickRowListModel(QAbstractListModel):
    """Thin list model over PickRows: code and description, headers grey, headings shaded."""

    CodeRole = Qt.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[PickRow] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[PickRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[PickRow]:
        return list(self._rows)

    def row_at(self, index: int) -> PickRow | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index):
        row = self.row_at(index.row())
        if row is None or not row.selectable:
            return Qt.NoItemFlags
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable

    def data(self, index, role=Qt.DisplayRole):
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == Qt.DisplayRole:
            if row.kind == "heading":
                return row.description
            if row.kind == "patient":
                return f"{row.description}   #{row.code}" if row.code else row.description
            marker = "" if row.billable or row.kind == "seventh" else "   ▸ header"
            return f"{row.code:<9} {row.description}{marker}"
        if role == Qt.ForegroundRole:
            if row.kind == "heading" or not (row.billable or row.kind in ("seventh", "patient")):
                return QBrush(muted_color())
        if role == Qt.BackgroundRole and row.kind == "heading":
            return QBrush(QApplication.palette().color(QPalette.ColorRole.AlternateBase))
        if role == Qt.FontRole and row.kind == "heading":
            return self._bold
        if role == Qt.ToolTipRole and row.kind not in ("heading", "patient"):
            return "billable" if row.billable or row.kind == "seventh" else "header: not billable"
        if role == self.CodeRole:
            return row.code
        return None


class PickerPanel(QFrame):
    """The panel under the field: step title, results, notes for the highlighted row, key hints."""

    def __init__(self, parent=None, with_notes: bool = True):
        super().__init__(parent)
        self.setObjectName("pickerPanel")
        self.setFrameShape(QFrame.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#pickerPanel { background: palette(base); border: 1px solid palette(mid); }")
        self.setFocusPolicy(Qt.NoFocus)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; color: #2b4a6f;")
        self.title.setWordWrap(True)
        self.title.hide()
        self.model = PickRowListModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setFocusPolicy(Qt.NoFocus)
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.ElideRight)
        self.list.setSelectionMode(QListView.SingleSelection)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.TypeWriter)
        self.list.setFont(mono)
        self.notes = QTextBrowser()
        self.notes.setFocusPolicy(Qt.NoFocus)
        self.notes.setOpenLinks(False)
        self.notes.setMinimumWidth(260)
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setStyleSheet(f"color: {muted_color().name()}; padding: 6px;")
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.hint = QLabel("↑↓ move · Enter choose · Esc back/close")
        self.hint.setStyleSheet(f"color: {muted_color().name()}; font-size: 11px;")
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.empty)
        body.addLayout(left, 3)
        body.addWidget(self.notes, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addLayout(body, 1)
        layout.addWidget(self.hint)
        self.notes.setHidden(not with_notes)  # only now: showing a parentless widget makes it a window


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
    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
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
        below = self.field.mapTo(window, QPoint(0, self.field.height()))
        width = min(self.width, max(200, window.width() - 8))
        count = self.model.rowCount()
        row_height = self.panel.list.sizeHintForRow(0) if count else 18
        chrome = 40 + (self.panel.title.sizeHint().height() if self.panel.title.isVisibleTo(self.panel) else 0)
        wanted = max(count, 2) * max(row_height, 14) + chrome + (0 if count else 30)
        floor = 200 if self.panel.notes.isVisibleTo(self.panel) else 80
        height = min(self.height, max(floor, wanted), max(120, window.height() - 8))
        x = max(4, min(below.x(), window.width() - width - 4))
        y = below.y() + 1
        if y + height > window.height() - 4:
            above = self.field.mapTo(window, QPoint(0, 0)).y() - height - 1
            y = above if above >= 4 else max(4, window.height() - height - 4)
        self.panel.setGeometry(x, y, width, height)
        if not self.panel.isVisible():
            self.panel.show()
            self.panel.raise_()
            current = self.panel.list.currentIndex().row()
            if current >= 0:
                self._show_notes(current)


def picker_for(field: QLineEdit, office, system: str, patient_id: Callable[[], int | None] = lambda: None,
               **options) -> CodePicker:
    """A CodePicker over the facade's code search for `system` (icd10cm, procedure, modifier, pos)."""
    return CodePicker(field, CodeSource(office, system, patient_id), **options)


class CodePickerWidget(QWidget):
    """A stand-alone picker: a search field with its list (used by the benchmark and anywhere a form
    needs a bare code lookup). `picked(PickRow)` when a code is chosen."""

    picked = Signal(object)

    def __init__(self, office, system: str = "icd10cm", patient_id: Callable[[], int | None] = lambda: None,
                 parent=None):
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setPlaceholderText("Type a code or words")
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addStretch(1)
        self.picker = picker_for(self.field, office, system, patient_id, open_on_focus=True)
        self.picker.picked.connect(self.picked)
