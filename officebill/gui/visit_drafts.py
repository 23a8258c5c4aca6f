"""Visit drafts on the Visits screen: typed work is never thrown away (issue 15; issue 12's switch user).

- The question asked before a half-entered visit is left offers **Keep as draft** (the default button):
  `VisitDrafts` registers it for its screen (`unsaved.offer_drafts`), wherever the question is asked
  (Ctrl+F / Ctrl+E, a recent visit, a visit from Claims, New visit, closing, another office file).
- **Drafts waiting** (`DraftsPanel`), under the recent visits: patient, date of service, when kept; Enter
  opens a draft into the form as it was typed, Delete discards it after asking. The status bar says at
  sign-in how many drafts the user has waiting.
- **Autosave**: a short while (`AUTOSAVE_MS`) after each change to a form with unsaved typed work, the form
  is kept as the user's current draft, so a power cut loses a few seconds at most; the draft goes when
  the visit is saved or its typed work discarded, and stays (as kept) on Keep as draft.
- **Switch user** (`hand_over`): the lock screen asks about the first user's typed visit (Keep as draft /
  Discard) before the next user sees anything; the draft stays the first user's.

What is on the form is read and filled by the form's own small API (`VisitsView.typed_form` and
`load_typed_form`), with `read_typed_form` / `fill_typed_form` here doing the field-by-field work.
"""
from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ..core.problems import UserError
from ..core.records import ServiceLine
from .table_model import HeadedTableModel
from .unsaved import KEEP_AS_DRAFT, DraftOffer, ask, offer_drafts
from .visit_recent import side_list

AUTOSAVE_MS = 2000
FORM_VERSION = 1
_HEADER_APART = frozenset({"patient", "patient_id", "provider", "facility"})  # the patient, and aliases
LINE_FIELDS = ("code", "modifiers", "pointers", "units", "charge", "ndc", "ndc_unit", "ndc_quantity", "from_date",
               "to_date", "emg")
WHERE = "Drafts waiting, under the recent visits"


# ================================================================ the form's fields
def widget_value(widget: QWidget):
    """What a field holds, as a JSON value: text, the chosen item's data, ticked or not, a number."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QAbstractSpinBox):
        return widget.value()
    return None


def set_widget_value(widget: QWidget | None, value) -> None:
    """Put back what `widget_value` read (a combo item that is no longer listed is left as it is)."""
    if widget is None or value is None and not isinstance(widget, QComboBox):
        return
    if isinstance(widget, QLineEdit):
        widget.setText(str(value))
    elif isinstance(widget, QComboBox):
        index = widget.findData(value)
        if index >= 0:
            widget.setCurrentIndex(index)
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QAbstractSpinBox):
        widget.setValue(int(value))


def read_typed_form(view, visit) -> dict:
    """The Visits form as typed (`visit`: the form read as a Visit, for its date of service)."""
    header = view.header
    return {
        "version": FORM_VERSION,
        "visit_id": view.visit_id,
        "patient_id": header.patient.id if header.patient else None,
        "patient_text": header.patient_field.text(),
        "service_date": visit.service_date.isoformat() if visit.service_date else None,
        "header": {name: widget_value(w) for name, w in header.fields().items() if name not in _HEADER_APART},
        "more_open": header.more_button.isChecked(),
        "diagnoses": list(view.diagnoses.codes()),
        "diagnosis_text": view.diagnoses.field.text(),
        "lines": [{**{name: widget_value(getattr(row, name)) for name in LINE_FIELDS}, "line_id": row.line_id,
                   "charge_auto": row.charge_auto, "details": row.details_visible()}
                  for row in view.lines.filled_rows()],
        "copay": view.copay_field.text(),
        "copay_typed": bool(view.copay_typed),
    }


def fill_typed_form(view, form: dict, visit) -> list[str]:
    """Fill the form (already started, or loaded with `visit`, the saved visit the draft changes) as `form`
    had it. Returns notes for the person: a patient or visit no longer on file."""
    notes = []
    header = view.header
    patient_id = form.get("patient_id")
    patient = view.office.patients.get(patient_id) if patient_id is not None else None
    if patient is not None:
        header.show_patient(patient)
    else:
        header.patient = None
        header.patient_info.setText("")
        header.patient_field.setText(form.get("patient_text", ""))
        if patient_id is not None:
            notes.append("The patient this visit was typed for is no longer on file (deleted, or merged into "
                         "another record): choose the patient again.")
    if form.get("visit_id") and visit is None:
        notes.append(f"Visit #{form['visit_id']} was deleted since; saving this draft makes a new visit.")
    fields = header.fields()
    for name, value in form.get("header", {}).items():
        set_widget_value(fields.get(name), value)
    header.pos_field.editingFinished.emit()  # the place of service's description
    header.more_button.setChecked(bool(form.get("more_open")))
    view.diagnoses.set_codes(form.get("diagnoses", []))
    view.diagnoses.field.setText(form.get("diagnosis_text", ""))
    lines = form.get("lines", [])
    view.lines.set_lines([ServiceLine(code=str(line.get("code", "")), id=line.get("line_id")) for line in lines])
    for row, line in zip(view.lines.rows, lines):
        for name in LINE_FIELDS:
            set_widget_value(getattr(row, name), line.get(name))
        row.charge_auto = bool(line.get("charge_auto"))
        row.show_details(bool(line.get("details")))
    if lines:
        view.lines.add_row()  # the blank line to go on with, as after Enter on the last one
    view.copay_field.setText(form.get("copay", ""))
    view.copay_typed = bool(form.get("copay_typed"))
    return notes


# ================================================================ the list
def _when(moment: datetime | None, today: date) -> str:
    if moment is None:
        return ""
    return moment.strftime("%H:%M") if moment.date() == today else moment.strftime("%m/%d %H:%M")


class DraftsTableModel(HeadedTableModel):
    HEADERS = ("Patient", "Date", "Kept")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.drafts: list = []
        self.today = date.today()

    def set_drafts(self, drafts: list) -> None:
        self.beginResetModel()
        self.drafts = list(drafts)
        self.today = date.today()
        self.endResetModel()

    def draft_at(self, row: int):
        return self.drafts[row] if 0 <= row < len(self.drafts) else None

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.drafts)

    def data(self, index, role=Qt.DisplayRole):
        draft = self.draft_at(index.row())
        if draft is None or role not in (Qt.DisplayRole, Qt.ToolTipRole):
            return None
        patient = draft.patient_name or draft.form.get("patient_text") or "(no patient yet)"
        if draft.visit_id:
            patient += f" — changes to visit #{draft.visit_id}"
        kept = _when(draft.saved_at, self.today) + ("" if draft.kept else " (autosaved)")
        shown = (patient, draft.service_date.strftime("%m/%d/%Y") if draft.service_date else "", kept)
        if role == Qt.ToolTipRole:  # the whole draft, whatever columns a narrow panel hides
            return " · ".join(text for text in shown if text)
        return shown[index.column()]


class DraftsPanel(QWidget):
    """Drafts waiting: Enter (or a double click) asks to open one, Delete to discard it."""

    open_requested = Signal(int)
    discard_requested = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = DraftsTableModel(self)
        table = self.table = side_list("visitDrafts", self.model)
        table.setAccessibleName("Drafts waiting")
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeToContents)
        table.setWordWrap(False)  # a wrapped cell is cut after a word, not in the middle
        table.setTextElideMode(Qt.ElideMiddle)  # a long name keeps both ends
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        table.doubleClicked.connect(lambda index: self._emit(self.open_requested, index.row()))
        table.installEventFilter(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setBuddy(table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 4, 0)
        layout.addWidget(self.label)
        layout.addWidget(table)
        self.show_drafts([])

    def show_drafts(self, drafts: list) -> None:
        chosen = self.model.draft_at(self.table.currentIndex().row())
        self.model.set_drafts(drafts)
        self.label.setText(f"Drafts &waiting ({len(drafts)}) — Enter opens, Delete discards")
        rows = [i for i, d in enumerate(drafts) if chosen is not None and d.id == chosen.id]
        chrome = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
        self.table.setFixedHeight(22 * min(max(len(drafts), 1), 5) + chrome)  # up to five rows, then it scrolls
        self.fit_columns()
        if drafts:
            self.table.setCurrentIndex(self.model.index(rows[0] if rows else 0, 0))
        self.setVisible(bool(drafts))

    def fit_columns(self) -> None:
        """In a narrow panel the date and the time kept step aside (they stay in the row's tooltip) so the
        patient's name shows whole."""
        table = self.table
        widths = [max(table.horizontalHeader().sectionSizeHint(c), table.sizeHintForColumn(c)) for c in range(3)]
        room = table.viewport().width()
        table.setColumnHidden(2, sum(widths) > room)
        table.setColumnHidden(1, widths[0] + widths[1] > room)

    def _emit(self, signal, row: int) -> None:
        draft = self.model.draft_at(row)
        if draft is not None:
            signal.emit(draft.id)

    def eventFilter(self, obj, event):
        if obj is self.table and event.type() == QEvent.Resize:
            QTimer.singleShot(0, self.fit_columns)  # once the viewport has its new width
        if obj is self.table and event.type() == QEvent.KeyPress and not event.modifiers() & ~Qt.KeypadModifier:
            if event.key() in (Qt.Key_Return, Qt.Key_Enter):
                self._emit(self.open_requested, self.table.currentIndex().row())
                return True
            if event.key() == Qt.Key_Delete:
                self._emit(self.discard_requested, self.table.currentIndex().row())
                return True
        return False


# ================================================================ the screen's drafts
class VisitDrafts(QObject):
    """The drafts of one Visits screen (`view`): the list, Keep as draft, autosave and the switch of user."""

    def __init__(self, view, parent: QObject | None = None):
        super().__init__(parent or view)
        self.view = view
        self.office = view.office
        self.current_id: int | None = None  # the draft the form on screen is kept in
        self._kept_form: dict | None = None  # what that draft holds
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.autosave)
        self.panel = DraftsPanel()
        self.panel.open_requested.connect(self.open_draft)
        self.panel.discard_requested.connect(self.discard_draft)
        if not self.office.can("drafts.save"):
            return
        view.recent_panel.layout().addWidget(self.panel)
        self._watch(view)
        view.visit_saved.connect(self._visit_saved)
        offer_drafts(DraftOffer(view, "Visits", self.keep, self.discard_current, WHERE))
        self.refresh()
        QTimer.singleShot(0, self, self._tell_waiting)  # after the window's own sign-in messages

    def _tell_waiting(self) -> None:
        message = self.waiting_message()
        if message:
            self._say(message)

    def _watch(self, view) -> None:
        """Each change to the form (re)starts the autosave count."""
        for widget in [*view.header.fields().values(), view.copay_field, view.diagnoses.field]:
            for signal in ("textChanged", "currentIndexChanged", "toggled"):
                if hasattr(widget, signal):
                    getattr(widget, signal).connect(self._typed)
                    break
        view.diagnoses.changed.connect(self._typed)
        view.lines.changed.connect(self._typed)

    def _typed(self, *_args) -> None:
        self.timer.start()

    def _say(self, text: str) -> None:
        self.view.status_message.emit(text)

    # ------------------------------------------------------------ reading
    def refresh(self) -> None:
        try:
            drafts = self.office.drafts.drafts()
        except UserError:  # signed out (locked): the list waits for the next sign-in
            return
        self.panel.show_drafts(drafts)

    def waiting_message(self) -> str:
        """"2 visits kept as drafts …" for the status bar at sign-in ("" with none)."""
        count = len(self.panel.model.drafts)
        if not count:
            return ""
        return (f"{count} visit{'s' if count != 1 else ''} kept as draft{'s' if count != 1 else ''}: Visits screen, "
                "Drafts waiting (Alt+W).")

    # ------------------------------------------------------------ keeping
    def _write(self, form: dict, *, kept: bool, office=None):
        """Keep `form` in the current draft (or a new one); the draft kept, None when refused (said why)."""
        office = office or self.office
        try:
            saved = office.drafts.save(form, patient_id=form.get("patient_id"),
                                       service_date=date.fromisoformat(form["service_date"])
                                       if form.get("service_date") else None,
                                       visit_id=form.get("visit_id"), draft_id=self.current_id, kept=kept).value
        except UserError as error:
            self._say(f"The visit could not be kept as a draft: {error}")
            return None
        self.current_id, self._kept_form = saved.id, form
        self.refresh()
        return saved

    def autosave(self) -> bool:
        """Keep the form as the current draft when it has typed work not kept yet. True: written."""
        self.timer.stop()
        if not self.view.window().isVisible():
            return False  # the window closed (or was replaced): its question was asked, its office may be closed
        if getattr(self.office, "read_only_reason", "") or not self.view.has_unsaved_changes():
            return False  # (a file open read-only keeps nothing: Keep as draft says why when asked)
        form = self.view.typed_form()
        return form != self._kept_form and self._write(form, kept=False) is not None

    def _detach(self) -> None:
        self.timer.stop()
        self.current_id, self._kept_form = None, None

    def keep(self) -> bool:
        """Keep as draft (the question's default): the form goes to Drafts waiting; True when kept."""
        self.timer.stop()
        kept = self._write(self.view.typed_form(), kept=True)
        if kept is None:
            return False
        self._detach()
        who = f" for {kept.patient_name}" if kept.patient_name else ""
        self._say(f"Kept as a draft{who}: it waits under Drafts waiting (Alt+W).")
        return True

    def discard_current(self) -> None:
        """Discard was chosen: the draft kept while typing goes with what was typed."""
        draft_id = self.current_id
        self._detach()
        if draft_id is not None:
            try:
                self.office.drafts.discard(draft_id, "typed work discarded")
            except UserError as error:
                self._say(f"The draft kept while typing could not be removed: {error}")
            self.refresh()

    def _visit_saved(self, visit) -> None:
        draft_id = self.current_id
        self._detach()
        if draft_id is not None:
            try:
                self.office.drafts.finish(draft_id, visit.id)
            except UserError:
                pass  # the visit is saved; the draft stays listed, to be discarded by hand
            self.refresh()

    # ------------------------------------------------------------ the list
    def open_draft(self, draft_id: int) -> bool:
        """Enter on a draft: the form as it was typed (asking first about what the form holds now)."""
        if draft_id == self.current_id:
            self.view.diagnoses.field.setFocus(Qt.OtherFocusReason)
            return True
        try:
            draft = self.office.drafts.get(draft_id)
        except UserError as error:
            self._say(str(error))
            return False
        if draft is None:
            self._say("That draft is no longer kept.")
            self.refresh()
            return False
        if not self.view.may_leave_form():
            return False
        self._detach()
        notes = self.view.load_typed_form(draft.form)
        if self.view.has_unsaved_changes():
            self.current_id, self._kept_form = draft.id, self.view.typed_form()
        self.timer.stop()
        when = draft.service_date.strftime("%m/%d/%Y") if draft.service_date else "no date yet"
        self._say(" ".join([f"Opened the draft for {draft.patient_name or 'a patient not chosen yet'} ({when}).",
                            *notes]))
        (self.view.diagnoses.field if self.view.patient else self.view.header.patient_field).setFocus(
            Qt.OtherFocusReason)
        self.refresh()
        return True

    def discard_draft(self, draft_id: int) -> bool:
        """Delete on a draft: asked first (Discard / Cancel); a draft open in the form clears the form."""
        draft = next((d for d in self.panel.model.drafts if d.id == draft_id), None)
        if draft is None:
            return False
        who = draft.patient_name or draft.form.get("patient_text") or "a patient not chosen yet"
        when = f" of {draft.service_date.strftime('%m/%d/%Y')}" if draft.service_date else ""
        answer = QMessageBox.question(self.view, "Discard draft", f"Discard the draft for {who}{when}?\n\n"
                                      "What was typed in it is lost.",
                                      QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Discard:
            return False
        try:
            self.office.drafts.discard(draft_id)
        except UserError as error:
            self._say(str(error))
            return False
        if draft_id == self.current_id:
            self._detach()
            self.view.clear_typed_form()
        self.refresh()
        self._say(f"Discarded the draft for {who}{when}.")
        return True

    # ------------------------------------------------------------ switch user
    def keep_before_lock(self) -> None:
        """The window locks: what is typed is kept as the current draft now (the user is signed out next)."""
        self.autosave()

    def hand_over(self, owner, as_owner) -> bool:
        """Another user signed in at the lock screen over `owner`'s (a Session) typed visit: ask Keep as draft /
        Discard for them; `as_owner()` opens the office as the owner for that one write. False: Cancel."""
        if not self.view.has_unsaved_changes():
            return True
        name = owner.full_name or owner.user_name
        answer = ask(self.view, f"{name} left a visit on the Visits screen that is not saved.\n\n"
                                f"Keep it as {name}'s draft, or discard it?",
                     KEEP_AS_DRAFT | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                     KEEP_AS_DRAFT, f"{name}'s Drafts waiting")
        if answer not in (KEEP_AS_DRAFT, QMessageBox.StandardButton.Discard):
            return False
        try:
            with as_owner() as office:
                if answer == KEEP_AS_DRAFT:
                    kept = self._write(self.view.typed_form(), kept=True, office=office) is not None
                elif self.current_id is not None:
                    office.drafts.discard(self.current_id, "discarded at switch user")
                    kept = True
                else:
                    kept = True
        except UserError as error:
            self._say(f"The work left open stays: {error}")
            return False
        if not kept:
            return False
        self._detach()
        self.view.clear_typed_form()
        return True
