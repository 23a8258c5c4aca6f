"""The Visits screen: recent visits beside the visit entry form.

Everything is reachable from the keyboard: Tab walks the form in reading
order; Alt+letter jumps to a labelled field; Ctrl+D goes to the diagnosis
picker, Ctrl+L to a new service line; Enter on a line moves to the next line
(adding one); Ctrl+Shift+D opens a line's details (NDC, from/to, EMG); Enter
on a recent visit opens it. `shortcut_help()` lists the keys for the
window's F1. "More" (`visit_more.py`) holds the less common header fields:
referring provider and role, prior authorization, accident (box 10a-c), claim
codes (10d), other date (15), unable to work (16), hospitalization (18) and box
19; it opens by itself when an opened visit uses any of them or one has a problem. The main window maps Ctrl+S
to `save()` and Ctrl+Shift+S to `save_and_new()`.

Saving hands one `Visit` to `Office.save_visit` (one transaction). Problems
come back with field paths (`service_date`, `diagnoses[1]`,
`lines[0].pointers`) and are shown beside that field or on that row; nothing
typed is lost. After a save (and when a visit is opened) the findings
source is asked about the visit: by default the facade's
`Office.visit_findings` (the claim scrubber's visit-level rules);
`set_findings_source()` replaces it. Enter on a finding goes to its field.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QFrame, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QScrollArea, QSplitter, QTableView, QVBoxLayout, QWidget)

from ..core import validation
from ..core.money import Money, MoneyError
from ..core.problems import Problem, UserError, ValidationFailed
from ..core.records import Patient, Visit, VisitStatus
from .visit_diagnoses import DiagnosisEditor
from .visit_findings import FindingsBox
from .visit_lines import LinesEditor
from .visit_header import MORE_PROBLEM_FIELDS, VisitHeader, with_problem
from .visit_recent import RECENT_DAYS, RecentVisitsTableModel, recent_visit_rows
from .visit_widgets import INVALID_STYLE, ProblemLabel, format_date, mark_invalid, read_date

FindingsSource = Callable[[Visit], list]

_LINE_FIELD = re.compile(r"^lines\[(\d+)\]\.?(.*)$")
_DIAGNOSIS_FIELD = re.compile(r"^diagnoses\[(\d+)\]$")
DETAILS_KEY = "Ctrl+Shift+D"
HEADER_FIELDS = ("patient_field", "patient_picker", "patient_info", "date_field", "provider_combo", "facility_combo",
                 "pos_field", "pos_picker", "pos_description", "onset_field", "more_button", "more",
                 "referring_name", "referring_npi", "referring_role", "prior_auth", "accident_employment",
                 "accident_auto", "accident_state", "accident_other", "additional_info", "box19_count")


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
        self.findings_source: FindingsSource | None = None
        if callable(getattr(office, "visit_findings", None)):
            self.findings_source = self._facade_findings
        self.setStyleSheet(INVALID_STYLE)
        self._build()
        self._enter_like_tab()
        self._shortcuts()
        self.refresh()
        self.new_visit()

    # ================================================================ building
    def _build(self) -> None:
        # ---- recent visits
        self.recent_model = RecentVisitsTableModel(self)
        self.recent = QTableView()
        self.recent.setObjectName("recentVisits")
        self.recent.setModel(self.recent_model)
        self.recent.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.recent.setSelectionMode(QAbstractItemView.SingleSelection)
        self.recent.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.recent.setTabKeyNavigation(False)
        self.recent.verticalHeader().hide()
        self.recent.verticalHeader().setDefaultSectionSize(22)
        self.recent.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.recent.horizontalHeader().setStretchLastSection(True)
        self.recent.doubleClicked.connect(lambda index: self._open_recent(index.row()))
        self.recent.installEventFilter(self)
        recent_label = QLabel(f"R&ecent visits (last {RECENT_DAYS} days) — Enter opens")
        recent_label.setBuddy(self.recent)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        left_layout.addWidget(recent_label)
        left_layout.addWidget(self.recent, 1)

        # ---- the form
        form = QWidget()
        form.setObjectName("visitForm")
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.general_problem = ProblemLabel()

        self.header = VisitHeader(self.office, self.today)
        self.header.patient_picked.connect(self._set_patient)
        self._problem_labels = dict(self.header.problem_labels)  # every field's: the header's and the copay
        for name in HEADER_FIELDS:  # reachable as the screen's own (the main window and tests use them)
            setattr(self, name, getattr(self.header, name))

        # ---- diagnoses
        self.diagnoses = DiagnosisEditor(self.office, self._patient_id)
        self.diagnoses.moved.connect(lambda mapping: self.lines.remap_pointers(mapping))
        self.diagnoses.message.connect(self.status_message)
        self.diagnoses.done.connect(lambda: self.lines.focus_new_line())
        dx_box = QGroupBox("Diagnoses, most important first (A to L)")
        dx_layout = QVBoxLayout(dx_box)
        dx_layout.addWidget(_hint("Ctrl+D adds · in the list: Alt+↑/↓ reorders, Delete removes"))
        dx_layout.addWidget(self.diagnoses)

        # ---- lines
        self.lines = LinesEditor(self.office, self._patient_id)
        self.lines.changed.connect(self._update_total)
        self.lines.rows_changed.connect(self._tab_order)
        self.lines.leave.connect(lambda: self.copay_field.setFocus(Qt.TabFocusReason))
        lines_box = QGroupBox("Service lines")
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.addWidget(_hint("Enter goes to the next line · Ctrl+L adds a line · Ctrl+Delete removes one · "
                                     f"{DETAILS_KEY}: the line's NDC, from/to dates and EMG"))
        lines_layout.addWidget(self.lines)

        # ---- totals, copay, buttons
        self.total_label = QLabel()
        self.total_label.setObjectName("totalLabel")
        self.total_label.setStyleSheet("font-weight: bold;")
        self.total_label.setMinimumWidth(220)
        self.copay_field = QLineEdit()
        self.copay_field.setObjectName("copayField")
        self.copay_field.setMaximumWidth(90)
        self.copay_field.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.copay_field.textEdited.connect(lambda _t: setattr(self, "copay_typed", True))
        self.copay_field.editingFinished.connect(self._normalize_copay)
        copay_label = QLabel("&Copay collected")
        copay_label.setBuddy(self.copay_field)
        money_row = QHBoxLayout()
        money_row.addWidget(self.total_label)
        money_row.addStretch(1)
        money_row.addWidget(copay_label)
        copay_box, copay_problem = with_problem(self.copay_field, wrap=False)
        self._problem_labels["copay_collected"] = (self.copay_field, copay_problem)
        money_row.addWidget(copay_box)

        self.save_button = QPushButton("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.save_new_button = QPushButton("Save and new (Ctrl+Shift+S)")
        self.save_new_button.clicked.connect(self.save_and_new)
        self.new_button = QPushButton("New visit")
        self.new_button.clicked.connect(lambda: self.new_visit())
        buttons = QHBoxLayout()
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
        form_layout.addLayout(buttons)
        form_layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(form)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([400, 1000])
        left.setMinimumWidth(200)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)

    def _enter_like_tab(self) -> None:
        """Enter in the visit's header fields moves on like Tab (data-entry habit)."""
        self._enter_moves_on = [*self.header.enter_moves_on(), self.copay_field]
        for widget in self._enter_moves_on:
            widget.installEventFilter(self)

    def _shortcuts(self) -> None:
        for keys, action in (("Ctrl+D", self.focus_diagnoses), ("Ctrl+L", self.lines.focus_new_line),
                             (DETAILS_KEY, self.toggle_line_details)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)

    def _tab_order(self) -> None:
        chain = [*self.header.focus_order(), self.diagnoses.field, self.diagnoses.table, *self.lines.focus_order(),
                 self.copay_field, self.save_button, self.save_new_button, self.new_button, self.recent]
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
        self.recent_model.set_rows(recent_visit_rows(self.office, self.today()))
        self.header.refresh_lists()

    def new_visit(self, patient_id: int | None = None, *, service_date: date | None = None,
                  provider_id: int | None = None, facility_id: int | None = None,
                  keep_findings: bool = False) -> None:
        """Start a new visit, for this patient when given."""
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
            patient = self.office.patient(patient_id)
            if patient is not None:
                self._set_patient(patient)
        self._update_title()
        self._update_total()
        self._tab_order()
        self._baseline = self._collect()[0]
        (self.diagnoses.field if self.patient else self.patient_field).setFocus(Qt.OtherFocusReason)

    def open_visit(self, visit_id: int) -> None:
        """Show a saved visit for editing."""
        visit = self.office.visit(visit_id)
        if visit is None:
            self.status_message.emit("That visit no longer exists.")
            return
        self._load(visit)
        self._run_findings(visit)
        self.status_message.emit(f"Opened the visit of {format_date(visit.service_date)} for "
                                 f"{self.patient.display_name if self.patient else 'an unknown patient'}.")

    def save(self) -> bool:
        """Validate and save the visit in one transaction; show problems beside their fields."""
        visit, local = self._collect()
        if local:
            local_fields = {p.field for p in local}
            more = [p for p in validation.visit_problems(visit, self.today())
                    if p.field not in local_fields
                    and not (visit.service_date is None and re.match(r"lines\[\d+\]\.(from|to)_date$", p.field))]
            self._show_problems(local + more)
            return False
        try:
            saved = self.office.save_visit(visit)
        except ValidationFailed as failed:
            self._show_problems(list(failed.problems))
            return False
        except UserError as error:
            self._clear_problems()
            self.general_problem.show_problems([str(error)])
            self.status_message.emit(f"Not saved: {error}")
            return False
        self._load(saved)
        self.refresh()
        row = self.recent_model.row_of(saved.id)
        if row >= 0:
            self.recent.setCurrentIndex(self.recent_model.index(row, 0))
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
        service_date = read_date(self.date_field.text(), "date")[0]
        provider_id = self.provider_combo.currentData()
        facility_id = self.facility_combo.currentData()
        if not self.save():
            return False
        self.new_visit(service_date=service_date, provider_id=provider_id, facility_id=facility_id,
                       keep_findings=True)
        return True

    def has_unsaved_changes(self) -> bool:
        """True when the form differs from what was last loaded, saved or started (for a window that
        wants to ask before leaving)."""
        return self._collect()[0] != self._baseline

    def focus_diagnoses(self) -> None:
        self.diagnoses.field.setFocus(Qt.ShortcutFocusReason)

    def toggle_line_details(self) -> None:
        """Ctrl+Shift+D: the details (NDC, from/to, EMG) of the line holding the focus."""
        if not self.lines.toggle_current_details():
            self.status_message.emit(f"{DETAILS_KEY} opens the details of a service line: "
                                     "put the cursor on the line first (Ctrl+L).")

    def shortcut_help(self) -> list[tuple[str, str]]:
        """This screen's keys as (keys, what they do), for the main window's F1 list."""
        return [
            ("Ctrl+S", "Save the visit"),
            ("Ctrl+Shift+S", "Save the visit and start the next one (same date, provider, facility)"),
            ("Enter", "Header fields: next field · Recent visits: open the visit · Claim check: go to the field"),
            ("Down / F4", "Open the list of matches in a patient, place-of-service, diagnosis or code field"),
            ("Enter / Tab (in a list)", "Take the highlighted match"),
            ("Esc (in a list)", "Close the list"),
            ("Alt+M", "Show or hide More: referring provider, prior authorization, accident (box 10), "
                      "claim codes and dates (boxes 10d, 15, 16, 18), box 19"),
            ("Space", "Tick or untick a checkbox (accident, EMG)"),
            ("Ctrl+D", "Go to the diagnosis picker"),
            ("Alt+Up / Alt+Down", "Diagnosis list: move the diagnosis up or down (line pointers follow)"),
            ("Delete", "Diagnosis list: remove the diagnosis"),
            ("Ctrl+L", "Go to a new service line"),
            ("Enter (on a service line)", "Next line; on a blank last line, on to the copay"),
            (DETAILS_KEY, "Show or hide the current line's details: NDC, unit, quantity, from/to dates, EMG"),
            ("Ctrl+Delete", "Remove the current service line"),
            ("Alt+letter", "Go to the field whose label has that letter underlined"),
        ]

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
        header, local = self.header.values()
        service_date = header["service_date"]
        copay = Money(0)
        if self.copay_field.text().strip():
            try:
                copay = Money.parse(self.copay_field.text())
            except MoneyError as error:
                local.append(Problem("copay_collected", str(error)))
        pending = self.diagnoses.field.text().strip()
        if pending:
            local.append(Problem("diagnoses", f"'{pending}' is typed in the diagnosis field but not added; "
                                              "press Enter to choose it from the list, or clear the field."))
        lines = []
        for index, row in enumerate(self.lines.filled_rows()):
            line, problems = row.to_line()
            from_date = line.from_date or service_date  # blank dates follow the date of service
            line = replace(line, from_date=from_date, to_date=line.to_date or from_date)
            local += [Problem(f"lines[{index}].{name}", text) for name, text in problems.items()]
            lines.append(line)
        base = self.loaded or Visit()
        visit = replace(
            base, id=self.visit_id, **header, copay_collected=copay,
            status=base.status if self.loaded else VisitStatus.OPEN,
            diagnoses=tuple(self.diagnoses.codes()), lines=tuple(lines))
        return visit, local

    # ============================================================= problems
    def _clear_problems(self) -> None:
        self.general_problem.clear_problems()
        for widget, label in self._problem_labels.values():
            label.clear_problems()
            mark_invalid(widget, False)
        self.diagnoses.clear_problems()
        self.lines.problem.clear_problems()
        for row in self.lines.rows:
            row.show_problems({})

    def _show_problems(self, problems: list[Problem]) -> None:
        self._clear_problems()
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            by_field.setdefault(problem.field, []).append(problem.message)
        general, dx_general, dx_rows, line_general = [], [], {}, []
        line_fields: dict[int, dict[str, list[str]]] = {}
        rows = self.lines.filled_rows()
        for name, messages in by_field.items():
            line = _LINE_FIELD.match(name)
            diagnosis = _DIAGNOSIS_FIELD.match(name)
            if name in self._problem_labels:
                widget, label = self._problem_labels[name]
                label.show_problems(messages)
                mark_invalid(widget, True)
                if name in MORE_PROBLEM_FIELDS:
                    self.header.show_more()
            elif name == "diagnoses":
                dx_general += messages
            elif diagnosis:
                dx_rows[int(diagnosis.group(1))] = " ".join(messages)
            elif name == "lines":
                line_general += messages
            elif line and int(line.group(1)) < len(rows):
                line_fields.setdefault(int(line.group(1)), {}).setdefault(line.group(2) or "line", []).extend(messages)
            else:
                general += [f"{_FIELD_NAMES.get(name, name)}: {m}" for m in messages]
        self.diagnoses.show_problems(dx_general, dx_rows)
        self.lines.problem.show_problems(line_general)
        for index, fields in line_fields.items():
            rows[index].show_problems(fields)
        self.general_problem.show_problems(general)
        count = len(problems)
        self.status_message.emit(f"Not saved: {count} problem{'s' if count != 1 else ''} to fix "
                                 "(shown in red beside each field).")

    # ============================================================== patient
    @property
    def patient(self) -> Patient | None:
        return self.header.patient

    def _patient_id(self) -> int | None:
        return self.patient.id if self.patient else None

    def _set_patient(self, patient: Patient, set_copay: bool = True) -> None:
        primary = self.header.show_patient(patient)
        if set_copay and not self.copay_typed:
            self.copay_field.setText((primary.copay if primary else Money(0)).plain())
        self._update_title()

    # ================================================================ misc
    def _normalize_copay(self) -> None:
        try:
            self.copay_field.setText(Money.parse(self.copay_field.text()).plain())
        except MoneyError:
            pass  # left as typed; saving shows the problem beside the field

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
        """Ask the findings source about `visit`; show what it found. Returns how many."""
        who = self.patient.display_name if self.patient else ""
        if self.findings_source is None:
            self.findings_box.show_findings(visit, [], who)
            return 0
        try:
            found = list(self.findings_source(visit) or [])
        except Exception as error:  # noqa: BLE001 - a checker failure must never lose the saved visit
            found = [f"The claim check could not run: {error}"]
        self.findings_box.show_findings(visit, found, who)
        return len(found)

    def _facade_findings(self, visit: Visit) -> list:
        """The scrubber's visit-level findings, once the code database exists (before the first-start
        build is done, asking would build it here on the GUI thread)."""
        ready = getattr(self.office, "codes_ready", None)
        if callable(ready) and not ready():
            return []
        return self.office.visit_findings(visit, self.today())

    def _finding_chosen(self, visit_id: int | None, path: str) -> None:
        """Enter on a finding: open its visit if another one is shown (that checks it again), then go to
        the field the finding names."""
        if visit_id is not None and visit_id != self.visit_id:
            self.open_visit(visit_id)
        self.focus_field(path)

    def focus_field(self, path: str) -> bool:
        """Put the focus on the field a problem or finding names (`lines[1].pointers`, `visit.pos`,
        `diagnoses[2]`, `provider.npi` ...). Returns False when the path names nothing on this form."""
        path = path.removeprefix("visit.")
        line = _LINE_FIELD.match(path)
        diagnosis = _DIAGNOSIS_FIELD.match(path)
        rows = self.lines.filled_rows()
        target: QWidget | None = None
        if line and int(line.group(1)) < len(rows):
            row = rows[int(line.group(1))]
            target = row.field_named(line.group(2))
        elif diagnosis and int(diagnosis.group(1)) < len(self.diagnoses.codes()):
            self.diagnoses.table.setCurrentIndex(self.diagnoses.model.index(int(diagnosis.group(1)), 1))
            target = self.diagnoses.table
        elif path.startswith("diagnoses"):
            target = self.diagnoses.field
        else:
            head = path.split(".")[0].split("[")[0]
            target = self.copay_field if head == "copay_collected" else self.header.field_named(head)
        if target is None:
            return False
        target.setFocus(Qt.OtherFocusReason)
        return True

    def _open_recent(self, row: int) -> None:
        found = self.recent_model.row_at(row)
        if found is not None:
            self.open_visit(found.visit_id)
            self.diagnoses.field.setFocus(Qt.OtherFocusReason)

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() != QEvent.KeyPress or event.key() not in (Qt.Key_Return, Qt.Key_Enter):
            return False
        if event.modifiers() & ~Qt.KeypadModifier:
            return False
        if obj is self.recent:
            self._open_recent(self.recent.currentIndex().row())
            return True
        if obj in self._enter_moves_on:
            if any(picker.is_open() and picker.field is obj for picker in self.header.pickers()):
                return False  # the picker takes the highlighted row
            if obj is self.patient_field and self.patient is None:
                return False
            self.focusNextChild()
            return True
        return False

    def showEvent(self, event):  # noqa: N802
        """Coming back to the screen shows visits entered elsewhere meanwhile."""
        super().showEvent(event)
        self.refresh()
        QTimer.singleShot(0, self._focus_start)  # after whoever showed us has placed the focus

    def _focus_start(self) -> None:
        """Unless the focus is already in a field of this screen, put it where work starts."""
        current = QApplication.focusWidget()
        if current is not None and current is not self and self.isAncestorOf(current) \
                and current.focusPolicy() != Qt.NoFocus and not isinstance(current, QScrollArea):
            return
        if self.isVisible():
            (self.diagnoses.field if self.patient else self.patient_field).setFocus(Qt.OtherFocusReason)

    def _close_pickers(self) -> None:
        """Before another visit is shown: no open list, no half-typed diagnosis left behind."""
        for picker in (*self.header.pickers(), self.diagnoses.picker):
            picker.close()
        self.diagnoses.field.clear()



def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("color: #666; font-size: 11px;")
    label.setWordWrap(True)
    return label
_FIELD_NAMES = {"id": "Visit", "accident_state": "Accident state", "additional_info": "Additional information"}
