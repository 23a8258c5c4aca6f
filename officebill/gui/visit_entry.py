"""The Visits screen: recent visits beside the visit entry form, and the keys that drive it.

Everything works from the keyboard (`shortcut_help()`, shown by the window's F1): Tab walks the form
left to right, top to bottom, Alt+letter jumps to a field (each letter once on the screen, the window's
menus included), Ctrl+D to the diagnosis picker, Ctrl+I to a new service line, Enter on a line to the
next one, Ctrl+Shift+D opens a line's details, Enter on a recent visit opens it. The window maps
Ctrl+S to `save()` and Ctrl+Shift+S to `save_and_new()`; Ctrl+Enter is the screen's own save-and-new.
The form keeps the field with the cursor in view and never scrolls sideways (1000 px windows).

The parts: header and More (`visit_header.py`, `visit_more.py`), diagnoses (`visit_diagnoses.py`),
service lines (`visit_lines.py`), reading the form, problems and the claim check (`visit_problems.py`),
recent visits (`visit_recent.py`); fields, dates and errors come from `forms.py`. Saving hands one
`Visit` to `office.visits.save` (one transaction); problems show beside the field their path names,
nothing typed is lost, and a refusal of the whole office (read-only, busy) shows above the form. The
claim check (by default the scrubber's visit-level rules) then looks at the saved visit; Enter on a
finding goes to its field. Fields are reached by Visit field name: `field(name)`, `problem_text(name)`.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core.money import Money
from ..core.problems import Problem, UserError, ValidationFailed
from ..core.records import Patient, Visit
from ..office import Area, Changes
from .forms import INVALID_STYLE, ErrorLabel, MoneyEdit, format_date, read_date, save_keys, with_error
from .mnemonic_list import mnemonic_help
from .stray_keys import ignore_stray_alt_letters
from .theme import muted_color
from .unsaved import ask_to_save
from .visit_diagnoses import DiagnosisEditor
from .visit_finding_places import FixPlace, fix_place
from .visit_fix_elsewhere import open_patient_place, open_setup_place, setup_record_id
from .visit_header import VisitHeader
from .visit_lines import LinesEditor
from .visit_problems import (
    FindingsBox,
    FindingsSource,
    ProblemRouter,
    collect_visit,
    facade_findings_source,
    recheck_findings,
    run_findings,
    with_rule_problems,
)
from .visit_recent import RecentVisitsPanel, recent_visit_rows

DETAILS_KEY = "Ctrl+Shift+D"
NARROW = 1000  # below this width (the screen, not the window) the form takes what the recent visits spare
LAYOUT_WAITS = 5  # event-loop turns a scroll to the focus waits for the form to grow (a line added)
RECHECK_MS = 250  # after typing stops, problems shown are checked again (a corrected one goes)
DIAGNOSES_HINT = "Ctrl+D adds · in the list: Alt+↑/↓ reorders, Delete removes"
LINES_HINT = ("Enter goes to the next line · Ctrl+I adds a line · Ctrl+Delete removes one · "
              f"{DETAILS_KEY}: the line's NDC, from/to dates and EMG")

SHORTCUT_HELP: tuple[tuple[str, str], ...] = (
    ("Ctrl+S", "Save the visit"),
    ("Ctrl+Enter / Ctrl+Shift+S", "Save the visit and start the next one (same date, provider, facility)"),
    ("Tab / Shift+Tab", "Next / previous field, left to right and top to bottom"),
    ("Enter", "Header fields: next field (past the More button) · Recent visits: open the visit"),
    ("Enter (on a claim-check finding)", "Go to the field at fault: on this form, in the patient's record "
                                         "or in Setup (the status line says where)"),
    ("Down / F4", "Open the list of matches in a patient, place-of-service, diagnosis or code field"),
    ("Enter / Tab (in a list)", "Take the highlighted match"),
    ("Esc (in a list)", "Close the list"),
    ("Alt+M", "Show or hide More: referring provider, prior authorization, accident (box 10), "
              "claim codes and dates (boxes 10d, 15, 16, 18), box 19"),
    ("Space", "Tick or untick a checkbox (accident, EMG)"),
    ("Ctrl+D", "Go to the diagnosis picker"),
    ("Alt+Up / Alt+Down", "Diagnosis list: move the diagnosis up or down (line pointers follow)"),
    ("Delete", "Diagnosis list: remove the diagnosis"),
    ("Ctrl+I", "Go to a new service line (insert a line)"),
    ("Enter (on a service line)", "Next line; on a blank last line, on to the copay"),
    (DETAILS_KEY, "Show or hide the current line's details: NDC, unit, quantity, from/to dates, EMG"),
    ("Ctrl+Delete", "Remove the current service line"),
    ("Ctrl+Shift+L", "The patient's ledger, this visit's entries selected"),
)


def hint(text: str) -> QLabel:
    """A small grey, wrapping line of key hints."""
    label = QLabel(text)
    label.setStyleSheet(f"color: {muted_color().name()}; font-size: 11px;")
    label.setWordWrap(True)
    return label


class VisitsView(QWidget):
    """The Visits screen: recent visits and the visit entry form."""

    status_message = Signal(str)
    visit_saved = Signal(object)  # the saved Visit

    def __init__(self, office, parent=None, *, today: Callable[[], date] | None = None):
        super().__init__(parent)
        self.office = office
        self.today: Callable[[], date] = today or date.today
        self.visit_id: int | None = None
        self.loaded: Visit | None = None
        self.copay_typed = False
        self.findings_source: FindingsSource | None = facade_findings_source(office, lambda: self.today())
        self.setStyleSheet(INVALID_STYLE)
        self._build()
        self._enter_like_tab()
        self._shortcuts()
        self._seen_stamp = None
        self._baseline: Visit | None = None  # the form as last started, loaded or saved
        self._shown_problems: list[Problem] = []  # what the last save attempt showed, re-checked as typed
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(RECHECK_MS)
        self._recheck.timeout.connect(self.recheck)
        self._watch_typing()
        self.refresh()
        self.new_visit()
        ignore_stray_alt_letters(self)

    # ================================================================ building
    def _build(self) -> None:
        # ---- recent visits
        left = self.recent_panel = RecentVisitsPanel()
        self.recent, self.recent_model = left.table, left.model
        left.open_requested.connect(self._open_recent)

        # ---- the form
        form = QWidget()
        form.setObjectName("visitForm")
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.general_problem = ErrorLabel()

        self.header = VisitHeader(self.office, self.today)
        self.header.patient_picked.connect(self._set_patient)
        self._problem_labels = dict(self.header.problem_labels)  # every field's: the header's and the copay

        # ---- diagnoses
        self.diagnoses = DiagnosisEditor(self.office, self._patient_id)
        self.diagnoses.moved.connect(lambda mapping: self.lines.remap_pointers(mapping))
        self.diagnoses.removed.connect(self._diagnosis_removed)
        self.diagnoses.added.connect(self._diagnosis_added)
        self.diagnoses.message.connect(self.status_message)
        self.diagnoses.done.connect(lambda: self.lines.focus_new_line())
        dx_box = QGroupBox("Diagnoses, most important first (A to L)")
        dx_layout = QVBoxLayout(dx_box)
        dx_layout.addWidget(hint(DIAGNOSES_HINT))
        dx_layout.addWidget(self.diagnoses)

        # ---- lines
        self.lines = LinesEditor(self.office, self._patient_id, service_date=self._service_date)
        self.lines.changed.connect(self._update_total)
        self.lines.rows_changed.connect(self._tab_order)
        self.lines.leave.connect(lambda: self.copay_field.setFocus(Qt.TabFocusReason))
        lines_box = QGroupBox("Service lines")
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.addWidget(hint(LINES_HINT))
        lines_layout.addWidget(self.lines)

        # ---- totals, copay, buttons
        self.total_label = QLabel()
        self.total_label.setObjectName("totalLabel")
        self.total_label.setStyleSheet("font-weight: bold;")
        self.total_label.setMinimumWidth(220)
        self.copay_field = MoneyEdit()
        self.copay_field.setObjectName("copayField")
        self.copay_field.setMaximumWidth(90)
        self.copay_field.textEdited.connect(self._copay_typed)
        copay_label = QLabel("&Copay collected")
        copay_label.setBuddy(self.copay_field)
        money_row = QHBoxLayout()
        money_row.addWidget(self.total_label)
        money_row.addStretch(1)
        money_row.addWidget(copay_label)
        copay_box, copay_problem = with_error(self.copay_field, wrap=False)
        self._problem_labels["copay_collected"] = (self.copay_field, copay_problem)
        money_row.addWidget(copay_box)
        self.problems = ProblemRouter(self.header, self.diagnoses, self.lines, self.copay_field,
                                      self.general_problem, self._problem_labels)

        self.save_button = QPushButton("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.save_new_button = QPushButton("Save and new (Ctrl+Enter)")
        self.save_new_button.clicked.connect(self.save_and_new)
        self.new_button = QPushButton("New visit")
        self.new_button.clicked.connect(lambda: self.new_visit())
        self.ledger_button = QPushButton("Ledger (Ctrl+Shift+L)")
        self.ledger_button.clicked.connect(self.open_ledger)
        buttons = QHBoxLayout()
        buttons.addWidget(self.ledger_button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_new_button)
        buttons.addWidget(self.save_button)

        # ---- findings (the claim scrubber plugs in here)
        self.findings_box = FindingsBox()
        self.findings = self.findings_box.list
        self.findings_box.chosen.connect(self._finding_chosen)

        form_layout = QVBoxLayout(form)
        form_layout.addWidget(self.title)
        form_layout.addWidget(self.general_problem)
        form_layout.addWidget(self.header)
        form_layout.addWidget(dx_box)
        form_layout.addWidget(lines_box)
        form_layout.addLayout(money_row)
        form_layout.addWidget(self.findings_box)
        form_layout.addStretch(1)

        scroll = self.form_scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(form)
        self.form = form
        QApplication.instance().focusChanged.connect(self._keep_focus_in_sight)
        right = QWidget()  # the buttons stay under the form's scroll area: Save is in sight in a small window
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(scroll, 1)
        right_layout.addLayout(buttons)
        splitter = self.splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([400, 1000])
        splitter.setChildrenCollapsible(False)
        left.setMinimumWidth(180)
        self._fit_form_width()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)

    def _enter_like_tab(self) -> None:
        """Enter in the visit's header fields moves on like Tab (data-entry habit)."""
        self._enter_moves_on = [*self.header.enter_moves_on(), self.copay_field]
        for widget in self._enter_moves_on:
            widget.installEventFilter(self)

    def _shortcuts(self) -> None:
        for keys, action in (("Ctrl+D", self.focus_diagnoses), ("Ctrl+I", self.lines.focus_new_line),
                             (DETAILS_KEY, self.toggle_line_details), ("Ctrl+Shift+L", self.open_ledger)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        save_keys(self, None, self.save_and_new)  # Ctrl+Enter; Ctrl+S and Ctrl+Shift+S are the window's

    def _tab_order(self) -> None:
        """Left to right, top to bottom: the header (More's fields when open), the diagnoses, the lines, the
        copay, the findings, the buttons as they stand (Ledger, New visit, Save and new, Save); then round to
        the recent visits on the left."""
        chain = [*self.header.focus_order(), self.diagnoses.field, self.diagnoses.table, *self.lines.focus_order(),
                 self.copay_field, self.findings, self.ledger_button, self.new_button, self.save_new_button,
                 self.save_button, self.recent]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    # ============================================================ public API
    def set_findings_source(self, source: FindingsSource | None) -> None:
        """Connect a checker (e.g. the claim scrubber): called with the saved Visit, returns findings
        (objects with `message` and optional `severity`/`field`, or strings) shown under the form."""
        self.findings_source = source
        self.findings_box.setVisible(source is not None and self.findings.count() > 0)

    def refresh(self) -> None:
        """Reload the recent visits and the provider and facility lists."""
        self._reload_recent()
        self.header.refresh_lists()

    def office_changed(self, changes: Changes) -> None:
        """The window's change signal: the recent visits show visits and patients' names; the header
        lists show the setup's providers and facilities. Nothing typed in the form is touched."""
        if changes.touches(Area.VISITS, Area.PATIENTS):
            self._reload_recent()
        if changes.touches(Area.SETUP):
            self.header.refresh_lists()

    def _reload_recent(self) -> None:
        self._seen_stamp = self.office.data_stamp()
        self.recent_panel.show_rows(recent_visit_rows(self.office, self.today()), self.visit_id)

    def new_visit(self, patient_id: int | None = None, *, service_date: date | None = None,
                  provider_id: int | None = None, facility_id: int | None = None,
                  keep_findings: bool = False) -> bool:
        """Start a new visit, for this patient when given. Typed work is never dropped: with unsaved
        changes this asks Save / Discard / Cancel first; False means the person stayed on the form."""
        if not self.may_leave_form():
            return False
        self._close_pickers()
        self.visit_id = None
        self.loaded = None
        self.copay_typed = False
        self.header.clear(service_date=service_date, provider_id=provider_id, facility_id=facility_id)
        self.diagnoses.set_codes([])
        self.lines.set_lines([])
        self.copay_field.setText("0.00")
        if not keep_findings:  # save-and-new keeps the findings of the visit just saved in sight
            self.findings_box.clear_findings()
        self._clear_problems()
        if patient_id is not None:
            patient = self.office.patients.get(patient_id)
            if patient is not None:
                self._set_patient(patient)
        self._update_title()
        self._update_total()
        self._tab_order()
        self._baseline = self._collect()[0]
        (self.diagnoses.field if self.patient else self.header.patient_field).setFocus(Qt.OtherFocusReason)
        return True

    def open_visit(self, visit_id: int) -> bool:
        """Show a saved visit for editing, asking first about unsaved changes (as `new_visit` does).
        The visit already on the form keeps what was typed in it. False means it was not opened."""
        if visit_id == self.visit_id and self.has_unsaved_changes():
            return True
        visit = self.office.visits.get(visit_id)
        if visit is None:
            self.status_message.emit("That visit no longer exists.")
            return False
        if not self.may_leave_form():
            return False
        self._load(visit)
        self._run_findings(visit)
        self.status_message.emit(f"Opened the visit of {format_date(visit.service_date)} for "
                                 f"{self.patient.display_name if self.patient else 'an unknown patient'}.")
        return True

    def save(self) -> bool:
        """Validate and save the visit in one transaction; show problems beside their fields."""
        visit, local = self._collect()
        if local:
            self._show_problems(with_rule_problems(self.office, visit, local, self.today()))
            return False
        try:
            saved = self.office.visits.save(visit).value
        except ValidationFailed as failed:
            self._show_problems(list(failed.problems))
            return False
        except UserError as error:
            self._clear_problems()
            self.general_problem.show_problems([str(error)])
            self.status_message.emit(f"Not saved: {error}")
            return False
        self._load(saved)  # the recent visits reloaded on the window's change signal during the save
        self.recent_panel.select(saved.id)
        found = self._run_findings(saved)
        name = self.patient.display_name if self.patient else "the patient"
        count = len(saved.lines)
        checked = (f" The claim check found {found} thing{'s' if found != 1 else ''} to look at (below)."
                   if found else "")
        self.status_message.emit(f"Saved the visit of {format_date(saved.service_date)} for {name}: "
                                 f"{count} line{'s' if count != 1 else ''}, {saved.total}.{checked}")
        self.visit_saved.emit(saved)
        return True

    def save_and_new(self) -> bool:
        """Save, then start the next visit for the same day, provider and facility."""
        service_date = read_date(self.header.date_field, "service_date", [])
        provider_id = self.header.provider_combo.currentData()
        facility_id = self.header.facility_combo.currentData()
        if not self.save():
            return False
        self.new_visit(service_date=service_date, provider_id=provider_id, facility_id=facility_id,
                       keep_findings=True)
        return True

    def has_unsaved_changes(self) -> bool:
        """True when the form differs from what was last loaded, saved or started (for a window that
        wants to ask before leaving), or a diagnosis is typed but not added."""
        return bool(self.diagnoses.field.text().strip()) or self._collect()[0] != self._baseline

    def may_leave_form(self) -> bool:
        """Before the form shows another visit: with unsaved changes, ask Save / Discard / Cancel (the
        question the window asks on quitting). True: go on (nothing typed, saved, or discarded)."""
        if self._baseline is None or not self.has_unsaved_changes():
            return True
        return ask_to_save(self, "Visits", self.save)

    def focus_diagnoses(self) -> None:
        self.diagnoses.field.setFocus(Qt.ShortcutFocusReason)

    def toggle_line_details(self) -> None:
        """Ctrl+Shift+D: the details (NDC, from/to, EMG) of the line holding the focus."""
        if not self.lines.toggle_current_details():
            self.status_message.emit(f"{DETAILS_KEY} opens the details of a service line: "
                                     "put the cursor on the line first (Ctrl+I).")

    def open_ledger(self):
        """The patient's ledger, this visit's entries selected (take a copay, see what is owed)."""
        from .ledger_view import LedgerDialog

        if self.patient is None:
            self.status_message.emit("Choose the visit's patient first; then Ctrl+Shift+L opens their ledger.")
            return None
        self.ledger_dialog = LedgerDialog(self.office, self.patient.id, self.visit_id, parent=self)
        self.ledger_dialog.open()
        return self.ledger_dialog

    def shortcut_help(self) -> list[tuple[str, str]]:
        """This screen's keys as (keys, what they do), for the main window's F1 list: the fixed keys, then
        every Alt+letter read from the screen's labels and buttons (More's marked), so the list never
        disagrees with the underlined letters."""
        return [*SHORTCUT_HELP, *mnemonic_help(self, self.header.more)]

    # ============================================================== loading
    def _load(self, visit: Visit) -> None:
        self._close_pickers()
        self.visit_id = visit.id
        self.loaded = visit
        self.copay_typed = True
        self.header.load(visit)
        self.diagnoses.set_codes(visit.diagnoses)
        self.lines.set_lines(visit.lines, visit.service_date)
        self.copay_field.setText(visit.copay_collected.plain())
        self._clear_problems()
        self._update_title()
        self._update_total()
        self._tab_order()
        self._baseline = self._collect()[0]

    def _collect(self) -> tuple[Visit, list[Problem]]:
        """The visit as typed, and problems found reading the text (dates, amounts, pointer letters)."""
        return collect_visit(self.header, self.diagnoses, self.lines, self.copay_field, self.loaded, self.visit_id)

    # ============================================================= problems
    def _clear_problems(self) -> None:
        self._shown_problems = []
        self.problems.clear()

    def _show_problems(self, problems: list[Problem]) -> None:
        self._shown_problems = list(problems)
        self.problems.show(problems)
        count = len(problems)
        self.status_message.emit(f"Not saved: {count} problem{'s' if count != 1 else ''} to fix "
                                 "(shown in red beside each field).")

    # ============================================================== patient
    @property
    def patient(self) -> Patient | None:
        return self.header.patient

    def _patient_id(self) -> int | None:
        return self.patient.id if self.patient else None

    def _service_date(self) -> date | None:
        """The date of service typed in the header, None while it is not a date."""
        try:
            return self.header.date_field.date_value()
        except ValueError:
            return None

    def _set_patient(self, patient: Patient, set_copay: bool = True) -> None:
        primary = self.header.show_patient(patient)
        if set_copay and not self.copay_typed:
            self.copay_field.setText((primary.copay if primary else Money(0)).plain())
        self._update_title()

    # ================================================================ misc
    def _copay_typed(self, _text: str) -> None:
        self.copay_typed = True  # the patient's policy copay no longer replaces it

    def _update_total(self) -> None:
        rows = self.lines.filled_rows()
        plural = "s" if len(rows) != 1 else ""
        self.total_label.setText(f"Total charges: {self.lines.total()}  ({len(rows)} line{plural})")

    def _update_title(self) -> None:
        who = f" — {self.patient.display_name}" if self.patient else ""
        if self.visit_id is None:
            self.title.setText(f"New visit{who}")
        else:
            status = getattr(self.loaded.status, "value", "") if self.loaded else ""
            self.title.setText(f"Visit #{self.visit_id}{who} ({status})")

    def _run_findings(self, visit: Visit) -> int:
        """Ask the findings source about `visit`; show what it found (`visit_problems.py`). Returns how many."""
        who = self.patient.display_name if self.patient else ""
        return run_findings(self.findings_source, self.findings_box, visit, who)

    def _finding_chosen(self, visit_id: int | None, path: str) -> None:
        """Enter on a finding: open its visit if another one is shown (that checks it again), then go to
        the field the finding names."""
        if visit_id is not None and visit_id != self.visit_id and not self.open_visit(visit_id):
            return
        self.go_to_fix(path)

    def go_to_fix(self, path: str) -> FixPlace | None:
        """Go to where the field `path` is fixed (`visit_finding_places.py`): a field of this form, the
        patient's record (the editor opens on that field), or Setup through the window; the status line
        says where. Returns the place (None when the path names nothing known)."""
        place = fix_place(path)
        if place is None:
            self.status_message.emit(f"The check names '{path}', which this screen does not know; "
                                     "look at the claim on the Claims screen.")
            return None
        reached = True
        if place.screen == "visit":
            reached = self.focus_field(path)
        elif place.screen == "patient":
            if self.patient is not None:
                self.fix_dialog = open_patient_place(self, self.office, self.patient.id, place)
            reached = self.patient is not None
        elif place.screen == "setup":
            head = path.removeprefix("visit.").split(".")[0]
            record = setup_record_id(self.office, self._collect()[0], self._patient_id(), head)
            reached = open_setup_place(self.window(), path, place, record)
        else:
            reached = False
        self.status_message.emit(("Fix it here: " if reached else "Fix it in ") + place.where + ".")
        return place

    def field(self, name: str) -> QWidget | None:
        """The widget holding a Visit field (`service_date`, `pos`, `hospitalized_from`, `copay_collected` ...);
        None when the form has no such field. More stays as it is."""
        if name == "copay_collected":
            return self.copay_field
        return self.header.fields().get(name)

    def problem_text(self, name: str) -> str:
        """The problem shown beside a Visit field (`service_date`, `copay_collected` ...); blank when none."""
        found = self._problem_labels.get(name)
        return found[1].text() if found is not None else ""

    def focus_field(self, path: str) -> bool:
        """Put the focus on the field a problem or finding names (`lines[1].pointers`, `visit.pos`,
        `diagnoses[2]`, `provider.npi` ...). Returns False when the path names nothing on this form."""
        return self.problems.focus(path)

    # ============================================================ re-checking
    def _watch_typing(self) -> None:
        """Any change in the form restarts the re-check timer (`recheck`)."""
        for widget in [*self.header.fields().values(), self.copay_field]:
            for signal in ("textChanged", "currentIndexChanged", "toggled"):
                if hasattr(widget, signal):
                    getattr(widget, signal).connect(self._typed)
                    break
        self.diagnoses.changed.connect(self._typed)
        self.lines.changed.connect(self._typed)

    def _typed(self, *_args) -> None:
        if self._shown_problems or self._findings_about_this_form():
            self._recheck.start()

    def _findings_about_this_form(self) -> bool:
        return self.findings.count() > 0 and self.visit_id is not None and self.findings_box.visit_id == self.visit_id

    def recheck(self) -> None:
        """Check again what the screen shows as wrong: a problem of the last save attempt stays only while
        its field is still wrong (with today's words for it), and a claim-check finding about this visit
        stays only while the check still finds it in what is typed. Nothing new appears before a save."""
        if self._shown_problems:
            visit, local = self._collect()
            current = with_rule_problems(self.office, visit, local, self.today())
            flagged = {p.field for p in self._shown_problems}
            still = [p for p in current if p.field in flagged]
            if len(still) != len(self._shown_problems) or still != self._shown_problems:
                self._shown_problems = still
                self.problems.show(still)
        if self._findings_about_this_form():
            recheck_findings(self.findings_source, self.findings_box, self._collect()[0])

    def _diagnosis_removed(self, code: str, mapping: dict) -> None:
        orphans = self.lines.diagnosis_removed(code, mapping)
        if orphans:
            numbers = ", ".join(str(n) for n in orphans)
            self.status_message.emit(f"Removed {code}: line{'s' if len(orphans) > 1 else ''} {numbers} pointed only "
                                     "at it and now point at no diagnosis (type a letter, or add a diagnosis).")

    def _diagnosis_added(self, code: str) -> None:
        if len(self.diagnoses.codes()) != 1:
            return
        pointed = self.lines.point_unpointed_at("A")
        if pointed:
            numbers = ", ".join(str(n) for n in pointed)
            self.status_message.emit(f"Line{'s' if len(pointed) > 1 else ''} {numbers} had no diagnosis and now "
                                     f"point{'' if len(pointed) > 1 else 's'} at A ({code}).")

    # ============================================================ fitting the window
    def _fit_form_width(self) -> None:
        """The form's column is never narrower than the form (More open or not), so it never scrolls
        sideways: the recent visits beside it give way instead (down to their own minimum)."""
        margins = self.form.layout().contentsMargins()
        form_width = max(self.form.minimumSizeHint().width(),
                         self.header.more.minimumSizeHint().width() + margins.left() + margins.right())
        self.form_scroll.setMinimumWidth(form_width + self.form_scroll.verticalScrollBar().sizeHint().width())

    def resizeEvent(self, event) -> None:
        """In a small window the form takes the width the recent visits can spare (down to their minimum)."""
        super().resizeEvent(event)
        if event.size().width() < NARROW and event.oldSize().width() != event.size().width():
            left = self.recent_panel.minimumWidth()
            self.splitter.setSizes([left, max(self.splitter.width() - left, 1)])

    def _keep_focus_in_sight(self, _old, new) -> None:
        """The field that takes the focus is scrolled into the form's view (Enter, Tab, Ctrl+I on a line
        below the fold, a finding's field), once the layout has given a new line its place."""
        try:
            inside = new is not None and self.form.isAncestorOf(new)
        except RuntimeError:  # this screen is gone (a window closed); the application's signal outlives it
            return
        if inside:
            QTimer.singleShot(0, lambda: self._scroll_to(new, LAYOUT_WAITS))

    def _scroll_to(self, widget: QWidget, waits: int) -> None:
        try:
            if not widget.isVisible() or QApplication.focusWidget() is not widget:
                return
            if waits and self.form.height() < self.form.minimumSizeHint().height():  # the form grows: not placed
                QTimer.singleShot(0, lambda: self._scroll_to(widget, waits - 1))
                return
            self.form_scroll.ensureWidgetVisible(widget, 16, 24)
        except RuntimeError:  # deleted meanwhile (a line removed, the screen closed)
            return

    def _open_recent(self, visit_id: int) -> None:
        if self.open_visit(visit_id):
            self.diagnoses.field.setFocus(Qt.OtherFocusReason)

    def eventFilter(self, obj, event):
        if event.type() != QEvent.KeyPress or event.key() not in (Qt.Key_Return, Qt.Key_Enter):
            return False
        if event.modifiers() & ~Qt.KeypadModifier:
            return False
        if obj in self._enter_moves_on:
            if any(picker.is_open() and picker.field is obj for picker in self.header.pickers()):
                return False  # the picker takes the highlighted row
            if obj is self.header.patient_field and self.patient is None:
                return False
            self.focusNextChild()
            if QApplication.focusWidget() is self.header.more_button:
                self.focusNextChild()  # Enter moves on past More (Space or Alt+M opens it)
            return True
        return False

    def showEvent(self, event):
        """Coming back to the screen shows visits another program (officebill-cli) entered meanwhile;
        this window's own writes arrive through `office_changed`."""
        super().showEvent(event)
        if self.office.data_stamp() != self._seen_stamp:
            self.refresh()
        QTimer.singleShot(0, self._focus_start)  # after whoever showed us has placed the focus

    def _focus_start(self) -> None:
        """Unless the focus is already in a field of this screen, put it where work starts."""
        current = QApplication.focusWidget()
        if current is not None and current is not self and self.isAncestorOf(current) \
                and current.focusPolicy() != Qt.NoFocus and not isinstance(current, QScrollArea):
            return
        if self.isVisible():
            (self.diagnoses.field if self.patient else self.header.patient_field).setFocus(Qt.OtherFocusReason)

    def _close_pickers(self) -> None:
        """Before another visit is shown: no open list, no half-typed diagnosis left behind."""
        for picker in (*self.header.pickers(), self.diagnoses.picker):
            picker.close()
        self.diagnoses.field.clear()

    # ---- drafts (engineer D): what is typed, read and put back for a visit draft (`visit_drafts.py`)
    def typed_form(self) -> dict:
        """The form as typed, as JSON values (half-typed text included), for a draft."""
        from .visit_drafts import read_typed_form

        return read_typed_form(self, self._collect()[0])

    def load_typed_form(self, form: dict) -> list[str]:
        """Fill the form as `typed_form` read it, asking nothing (the caller asked about what was on the form);
        a draft of changes to a saved visit opens over that visit. Returns notes for the person (a patient
        or visit no longer on file)."""
        from .visit_drafts import fill_typed_form

        self._baseline = None  # what was on the form was asked about by the caller
        visit = self.office.visits.get(form["visit_id"]) if form.get("visit_id") else None
        if visit is not None:
            self._load(visit)
        else:
            self.new_visit()
        notes = fill_typed_form(self, form, visit)
        self._update_title()
        self._update_total()
        self._tab_order()
        return notes

    def clear_typed_form(self) -> None:
        """A new, empty visit, asking nothing (what was typed was kept as a draft or discarded)."""
        self._baseline = None
        self.new_visit()
