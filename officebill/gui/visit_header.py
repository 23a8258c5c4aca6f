"""The visit's header form: patient, date of service, provider, facility and place of service, onset date, and
the "More" section (referring provider and their box 17 role, prior authorization, accident boxes 10a-c, box 19).

`VisitHeader` loads a `Visit` (`load`), starts a blank one (`clear`), reads what is typed (`values`, with the
problems found reading dates) and keeps a problem label beside each field (`problem_labels`, keyed by the
Visit field name). "More" opens by itself when a loaded visit uses any of its fields (`load`) or one of them
has a problem (`show_more`). Choosing a patient from the list emits `patient_picked`; the screen then calls
`show_patient`, which answers the patient's primary policy (for the copay).
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QToolButton,
                               QVBoxLayout, QWidget)

from ..core.problems import Problem
from ..core.records import REFERRING_QUALIFIERS, Patient, Visit
from .code_picker import CodePicker, CodeSource, PatientSource, PickRow
from .visit_widgets import ProblemLabel, format_date, mark_invalid, read_date

BOX19_PRINTED = 71  # what the printed box 19 holds (cms1500.md §3 item 19: the fillable widget's 71)
MORE_FIELDS = ("referring_name", "referring_npi", "prior_auth", "accident_employment", "accident_auto",
               "accident_state", "accident_other", "additional_info")
# Fields in More that problems can name (the role always has a value, so it never opens More by itself).
MORE_PROBLEM_FIELDS = (*MORE_FIELDS, "referring_qualifier")
_MORE_TEXT = "referring, prior auth, accident, box 19"
_EXTRA_ROLE = Qt.UserRole + 7


def with_problem(widget: QWidget, wrap: bool = True) -> tuple[QWidget, ProblemLabel]:
    """`widget` with a problem label under it; typing in its field clears the red mark."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    layout.addWidget(widget)
    problem = ProblemLabel()
    problem.setWordWrap(wrap)
    layout.addWidget(problem)
    field = widget if isinstance(widget, (QLineEdit, QComboBox)) else widget.findChild(QLineEdit)
    if isinstance(field, QLineEdit):
        field.textEdited.connect(lambda _t, f=field, p=problem: problem_fixed(f, p))
    elif isinstance(field, QComboBox):
        field.activated.connect(lambda _i, f=field, p=problem: problem_fixed(f, p))
    return box, problem


def problem_fixed(field: QWidget, problem: ProblemLabel) -> None:
    """Typing in a field clears its red mark; the next save checks it again."""
    problem.clear_problems()
    mark_invalid(field, False)


class VisitHeader(QWidget):
    """The header fields of one visit, above its diagnoses and service lines."""

    patient_picked = Signal(object)  # the Patient chosen from the list

    def __init__(self, office, today: Callable[[], date], parent=None):
        super().__init__(parent)
        self.office = office
        self.today = today
        self.patient: Patient | None = None
        self.problem_labels: dict[str, tuple[QWidget, ProblemLabel]] = {}
        self._build_fields()
        self._build_more()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._top_grid())
        layout.addWidget(self.more)

    # ================================================================ building
    def _build_fields(self) -> None:
        self.patient_field = QLineEdit()
        self.patient_field.setObjectName("patientField")
        self.patient_field.setPlaceholderText("Type a name, account or birth date")
        self.patient_picker = CodePicker(self.patient_field, PatientSource(self.office), with_notes=False,
                                         width=480, accept_on_tab=True)
        self.patient_picker.picked.connect(self._patient_picked)
        self.patient_field.textEdited.connect(self._patient_typed)
        self.patient_info = QLabel()
        self.patient_info.setStyleSheet("color: #444;")
        self.patient_info.setWordWrap(True)

        self.date_field = QLineEdit()
        self.date_field.setObjectName("dateField")
        self.date_field.setPlaceholderText("MM/DD/YYYY")
        self.date_field.setMaximumWidth(110)
        self.date_field.editingFinished.connect(lambda: self._normalize_date(self.date_field))
        self.provider_combo = QComboBox()
        self.provider_combo.setObjectName("providerCombo")
        self.facility_combo = QComboBox()
        self.facility_combo.setObjectName("facilityCombo")
        for combo in (self.provider_combo, self.facility_combo):
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        self.facility_combo.activated.connect(self._facility_chosen)
        self.pos_field = QLineEdit()
        self.pos_field.setObjectName("posField")
        self.pos_field.setMaximumWidth(50)
        self.pos_source = CodeSource(self.office, "pos")
        self.pos_picker = CodePicker(self.pos_field, self.pos_source, with_notes=False, width=520)
        self.pos_picker.picked.connect(lambda row: self._show_pos())
        self.pos_field.editingFinished.connect(self._show_pos)
        self.pos_description = QLabel()
        self.pos_description.setStyleSheet("color: #444;")
        self.onset_field = QLineEdit()
        self.onset_field.setPlaceholderText("MM/DD/YYYY")
        self.onset_field.setMaximumWidth(110)
        self.onset_field.editingFinished.connect(lambda: self._normalize_date(self.onset_field))

        self.more_button = QToolButton()
        self.more_button.setText(f"&More ▸  {_MORE_TEXT}")
        self.more_button.setToolTip("Referring provider, NPI, prior authorization, accident (box 10) and "
                                    "additional claim information (box 19)")
        self.more_button.setCheckable(True)
        self.more_button.setAutoRaise(True)
        self.more_button.toggled.connect(self._toggle_more)

    def _build_more(self) -> None:
        self.more = QWidget()
        self.referring_name = QLineEdit()
        self.referring_npi = QLineEdit()
        self.referring_npi.setMaximumWidth(120)
        self.referring_role = QComboBox()
        for qualifier, role in REFERRING_QUALIFIERS.items():
            self.referring_role.addItem(f"{qualifier}  {role}", qualifier)
        self.referring_role.setToolTip("Box 17 qualifier: the role of the provider named there")
        self.referring_role.setMaximumWidth(240)
        self.prior_auth = QLineEdit()
        self.prior_auth.setMaximumWidth(200)
        self.accident_employment = QCheckBox("Emp&loyment (10a)")
        self.accident_auto = QCheckBox("A&uto accident (10b)")
        self.accident_state = QLineEdit()
        self.accident_state.setObjectName("accidentState")
        self.accident_state.setMaxLength(2)
        self.accident_state.setFixedWidth(40)
        self.accident_state.setPlaceholderText("ST")
        self.accident_state.setToolTip("The 2-letter state where the auto accident happened (box 10b PLACE)")
        self.accident_state.setValidator(QRegularExpressionValidator(r"[A-Za-z]{0,2}", self.accident_state))
        self.accident_state.textEdited.connect(self._upper_state)
        self.accident_auto.toggled.connect(self._auto_toggled)
        self.accident_other = QCheckBox("Ot&her accident (10c)")
        self.additional_info = QLineEdit()
        self.additional_info.setObjectName("additionalInfo")
        self.additional_info.setMaxLength(BOX19_PRINTED)
        self.additional_info.setToolTip("Box 19, as the payer asks: qualifier and number with no space, a drug "
                                        "name and dose for an unlisted drug, a narrative ...")
        more_grid = QGridLayout(self.more)
        more_grid.setContentsMargins(4, 0, 0, 0)
        for row, (text, widget, key) in enumerate((
                ("Referring provider &name", self.referring_name, "referring_name"),
                ("Referring NP&I", self.referring_npi, "referring_npi"),
                ("Their role (box 17)", self.referring_role, "referring_qualifier"),
                ("Prior &authorization", self.prior_auth, "prior_auth"))):
            label = QLabel(text)
            label.setBuddy(widget)
            more_grid.addWidget(label, row, 0)
            more_grid.addWidget(self._with_problem(widget, key), row, 1)
        accident = QWidget()
        accident_rows = QVBoxLayout(accident)
        accident_rows.setContentsMargins(0, 0, 0, 0)
        accident_rows.setSpacing(1)
        accident_layout = QHBoxLayout()
        accident_layout.addWidget(self.accident_employment)
        accident_layout.addSpacing(4)
        accident_layout.addWidget(self.accident_auto)
        state_label = QLabel("state")
        state_label.setBuddy(self.accident_state)
        accident_layout.addWidget(state_label)
        accident_layout.addWidget(self.accident_state)
        accident_layout.addSpacing(4)
        accident_layout.addWidget(self.accident_other)
        accident_layout.addStretch(1)
        accident_rows.addLayout(accident_layout)
        state_problem = ProblemLabel()  # under the row, so a message never pushes the checkboxes apart
        accident_rows.addWidget(state_problem)
        self.problem_labels["accident_state"] = (self.accident_state, state_problem)
        self.accident_state.textEdited.connect(lambda _t: problem_fixed(self.accident_state, state_problem))
        accident_row = more_grid.rowCount()
        more_grid.addWidget(QLabel("Accident related to"), accident_row, 0, Qt.AlignTop)
        more_grid.addWidget(accident, accident_row, 1)
        info_label = QLabel("Additional claim\ninformation (bo&x 19)")
        info_label.setBuddy(self.additional_info)
        info_row = more_grid.rowCount()
        more_grid.addWidget(info_label, info_row, 0, Qt.AlignTop)
        self.box19_count = QLabel()
        self.box19_count.setToolTip(f"Box 19 prints at most {BOX19_PRINTED} characters")
        self.additional_info.textChanged.connect(self._count_box19)
        info_box = QWidget()
        info_layout = QHBoxLayout(info_box)
        info_layout.setContentsMargins(0, 0, 0, 0)
        info_layout.addWidget(self.additional_info, 1)
        info_layout.addWidget(self.box19_count)
        more_grid.addWidget(self._with_problem(info_box, "additional_info", marked=self.additional_info),
                            info_row, 1)
        self._count_box19("")
        self.more.hide()

    def _top_grid(self) -> QGridLayout:
        top = QGridLayout()
        top.setHorizontalSpacing(8)
        top.setVerticalSpacing(4)

        def labelled(text, widget, key, row, column, span=1, marked=None):
            label = QLabel(text)
            label.setBuddy(widget)
            top.addWidget(label, row, column, Qt.AlignRight | Qt.AlignTop)
            top.addWidget(self._with_problem(widget, key, marked), row, column + 1, 1, span, Qt.AlignTop)

        patient_box = QWidget()
        patient_layout = QHBoxLayout(patient_box)
        patient_layout.setContentsMargins(0, 0, 0, 0)
        patient_layout.addWidget(self.patient_field, 2)
        patient_layout.addWidget(self.patient_info, 3)
        labelled("Pa&tient", patient_box, "patient_id", 0, 0, 3, marked=self.patient_field)
        labelled("&Date of service", self.date_field, "service_date", 1, 0)
        labelled("Provide&r", self.provider_combo, "provider_id", 1, 2)
        labelled("Facilit&y", self.facility_combo, "facility_id", 2, 0)
        pos_box = QWidget()
        pos_layout = QHBoxLayout(pos_box)
        pos_layout.setContentsMargins(0, 0, 0, 0)
        pos_layout.addWidget(self.pos_field)
        pos_layout.addWidget(self.pos_description, 1)
        labelled("&Place of service", pos_box, "pos", 2, 2, marked=self.pos_field)
        labelled("&Onset date", self.onset_field, "onset_date", 3, 0)
        top.addWidget(self.more_button, 3, 2, 1, 2, Qt.AlignLeft)
        top.setColumnStretch(1, 1)
        top.setColumnStretch(3, 1)
        return top

    def _with_problem(self, widget: QWidget, key: str, marked: QWidget | None = None) -> QWidget:
        """`widget` with its problem label, kept under `key`; `marked` is what turns red (the widget itself
        unless it is a box around the field)."""
        box, problem = with_problem(widget)
        self.problem_labels[key] = (marked or widget, problem)
        return box

    # ============================================================ public API
    def focus_order(self) -> list[QWidget]:
        """The header's fields in Tab order."""
        return [self.patient_field, self.date_field, self.provider_combo, self.facility_combo, self.pos_field,
                self.onset_field, self.more_button, self.referring_name, self.referring_npi, self.referring_role,
                self.prior_auth, self.accident_employment, self.accident_auto, self.accident_state,
                self.accident_other, self.additional_info]

    def enter_moves_on(self) -> list[QWidget]:
        """The fields where Enter moves on like Tab (data-entry habit)."""
        return [self.patient_field, self.date_field, self.provider_combo, self.facility_combo, self.pos_field,
                self.onset_field, self.referring_name, self.referring_npi, self.prior_auth,
                self.accident_employment, self.accident_auto, self.accident_state, self.accident_other,
                self.additional_info]

    def pickers(self) -> tuple[CodePicker, CodePicker]:
        return self.patient_picker, self.pos_picker

    def field_named(self, name: str) -> QWidget | None:
        """The field for a Visit field name (`pos`, `provider`, `accident_state` ...); opens More for its
        fields. None when the name is not a header field."""
        if name in MORE_PROBLEM_FIELDS:
            self.show_more()
        return {"patient_id": self.patient_field, "patient": self.patient_field,
                "service_date": self.date_field, "provider_id": self.provider_combo,
                "provider": self.provider_combo, "facility_id": self.facility_combo,
                "facility": self.facility_combo, "pos": self.pos_field, "onset_date": self.onset_field,
                "referring_name": self.referring_name, "referring_npi": self.referring_npi,
                "referring_qualifier": self.referring_role, "prior_auth": self.prior_auth,
                "accident_employment": self.accident_employment, "accident_auto": self.accident_auto,
                "accident_state": self.accident_state, "accident_other": self.accident_other,
                "additional_info": self.additional_info}.get(name)

    def show_more(self) -> None:
        self.more_button.setChecked(True)

    def refresh_lists(self) -> None:
        """Reload the provider and facility lists, keeping what is selected."""
        provider = self.provider_combo.currentData()
        facility = self.facility_combo.currentData()
        self.provider_combo.clear()
        for p in self.office.providers(active_only=True):
            self.provider_combo.addItem(p.display_name, p.id)
        self.facility_combo.clear()
        for f in self.office.facilities(active_only=True):
            self.facility_combo.addItem(f"{f.name} (POS {f.default_pos})", f.id)
        if provider is not None:
            self._select_or_add(self.provider_combo, provider, self.office.provider,
                                lambda p: f"{p.display_name} (inactive)")
        if facility is not None:
            self._select_or_add(self.facility_combo, facility, self.office.facility,
                                lambda f: f"{f.name} (inactive)")

    def clear(self, *, service_date: date | None = None, provider_id: int | None = None,
              facility_id: int | None = None) -> None:
        """A new visit's header: no patient, this date (today), this provider and facility (or the first)."""
        self.patient = None
        self.patient_field.clear()
        self.patient_info.setText("")
        self.date_field.setText(format_date(service_date or self.today()))
        self._drop_extras(self.provider_combo)
        self._drop_extras(self.facility_combo)
        if provider_id is not None:
            self._select(self.provider_combo, provider_id)
        elif self.provider_combo.currentIndex() < 0 and self.provider_combo.count():
            self.provider_combo.setCurrentIndex(0)
        if facility_id is not None:
            self._select(self.facility_combo, facility_id)
        elif self.facility_combo.currentIndex() < 0 and self.facility_combo.count():
            self.facility_combo.setCurrentIndex(0)
        self._facility_chosen()
        self.onset_field.clear()
        self.referring_name.clear()
        self.referring_npi.clear()
        self.referring_role.setCurrentIndex(0)
        self.prior_auth.clear()
        for box in (self.accident_employment, self.accident_auto, self.accident_other):
            box.setChecked(False)
        self.accident_state.clear()
        self.additional_info.clear()
        self._auto_toggled(False)
        self.more_button.setChecked(False)

    def load(self, visit: Visit) -> None:
        """Show a saved visit's header fields; More opens when the visit uses any of its fields."""
        patient = self.office.patient(visit.patient_id) if visit.patient_id is not None else None
        self.patient = None
        if patient is not None:
            self.show_patient(patient)
        self.date_field.setText(format_date(visit.service_date))
        self._select_or_add(self.provider_combo, visit.provider_id, self.office.provider,
                            lambda p: f"{p.display_name} (inactive)")
        self._select_or_add(self.facility_combo, visit.facility_id, self.office.facility,
                            lambda f: f"{f.name} (inactive)")
        self.pos_field.setText(visit.pos)
        self._show_pos()
        self.onset_field.setText(format_date(visit.onset_date))
        self.referring_name.setText(visit.referring_name)
        self.referring_npi.setText(visit.referring_npi)
        self.referring_role.setCurrentIndex(max(0, self.referring_role.findData(visit.referring_qualifier)))
        self.prior_auth.setText(visit.prior_auth)
        self.accident_employment.setChecked(visit.accident_employment)
        self.accident_auto.setChecked(visit.accident_auto)
        self.accident_state.setText(visit.accident_state)
        self.accident_other.setChecked(visit.accident_other)
        self.additional_info.setText(visit.additional_info)
        self._auto_toggled(visit.accident_auto)
        self.more_button.setChecked(any(getattr(visit, name) for name in MORE_FIELDS))

    def values(self) -> tuple[dict, list[Problem]]:
        """The header as typed, as Visit field values, and problems found reading the dates."""
        local: list[Problem] = []
        service_date, message = read_date(self.date_field.text(), "date of service")
        if message:
            local.append(Problem("service_date", message))
        onset_date, message = read_date(self.onset_field.text(), "onset date")
        if message:
            local.append(Problem("onset_date", message))
        return dict(
            patient_id=self.patient.id if self.patient else None,
            service_date=service_date, provider_id=self.provider_combo.currentData(),
            facility_id=self.facility_combo.currentData(), pos=self.pos_field.text().strip(),
            referring_name=self.referring_name.text().strip(),
            referring_npi=self.referring_npi.text().strip().replace(" ", ""),
            referring_qualifier=self.referring_role.currentData(),
            prior_auth=self.prior_auth.text().strip(), onset_date=onset_date,
            accident_employment=self.accident_employment.isChecked(), accident_auto=self.accident_auto.isChecked(),
            accident_state=self.accident_state.text().strip().upper(),
            accident_other=self.accident_other.isChecked(), additional_info=self.additional_info.text().strip(),
        ), local

    def show_patient(self, patient: Patient):
        """Make `patient` the visit's patient: name in the field, DOB, account and primary insurance beside
        it. Returns the primary policy (None without insurance)."""
        self.patient = patient
        self.patient_field.setText(patient.display_name)
        policies = sorted(self.office.policies(patient.id), key=lambda p: p.priority)
        primary = policies[0] if policies else None
        dob = format_date(patient.dob) or "no DOB"
        info = f"DOB {dob} · #{patient.account}"
        if primary is not None:
            payer = self.office.payer(primary.payer_id) if primary.payer_id is not None else None
            info += f" · {payer.name if payer else 'payer?'}"
            if primary.copay:
                info += f", copay {primary.copay}"
        else:
            info += " · no insurance on file"
        self.patient_info.setText(info)
        self.patient_info.setToolTip(info)
        return primary

    # ================================================================ helpers
    def _patient_picked(self, row: PickRow) -> None:
        if isinstance(row.value, Patient):
            self.patient_picked.emit(row.value)
            if not self.patient_picker.by_tab:
                self.date_field.setFocus(Qt.TabFocusReason)

    def _patient_typed(self, _text: str) -> None:
        if self.patient is not None:
            self.patient = None
            self.patient_info.setText("Choose the patient from the list (↓).")

    def _facility_chosen(self, *_args) -> None:
        facility_id = self.facility_combo.currentData()
        facility = self.office.facility(facility_id) if facility_id is not None else None
        self.pos_field.setText(facility.default_pos if facility else "11")
        self._show_pos()

    def _show_pos(self) -> None:
        code = self.pos_field.text().strip()
        self.pos_description.setText(self.pos_source.describe(code) if code else "")

    def _toggle_more(self, shown: bool) -> None:
        self.more.setVisible(shown)
        self.more_button.setText("&More ▾" if shown else f"&More ▸  {_MORE_TEXT}")

    def _count_box19(self, text: str) -> None:
        """Characters typed in box 19 out of what the printed box holds."""
        self.box19_count.setText(f"{len(text.strip())}/{BOX19_PRINTED}")

    def _upper_state(self, text: str) -> None:
        if text != text.upper():
            position = self.accident_state.cursorPosition()
            self.accident_state.setText(text.upper())
            self.accident_state.setCursorPosition(position)

    def _auto_toggled(self, auto: bool) -> None:
        """The state is for an auto accident; the field stays open while it holds a state to clear."""
        self.accident_state.setEnabled(auto or bool(self.accident_state.text().strip()))

    def _normalize_date(self, field: QLineEdit) -> None:
        text = field.text().strip().lower()
        if text in ("t", "today"):
            field.setText(format_date(self.today()))
            return
        day, message = read_date(text, "date")
        if day is not None and not message:
            field.setText(format_date(day))

    @staticmethod
    def _select_or_add(combo: QComboBox, value, fetch, label) -> None:
        """Select the record; one made inactive since the visit is added so saving never swaps it."""
        if value is None:
            combo.setCurrentIndex(-1)
            return
        if combo.findData(value) < 0:
            record = fetch(value)
            combo.addItem(label(record) if record else f"#{value} (deleted)", value)
            combo.setItemData(combo.count() - 1, True, _EXTRA_ROLE)
        combo.setCurrentIndex(combo.findData(value))

    @staticmethod
    def _drop_extras(combo: QComboBox) -> None:
        """Take out the inactive entries an opened visit added: new visits offer active ones only."""
        for index in reversed(range(combo.count())):
            if combo.itemData(index, _EXTRA_ROLE):
                combo.removeItem(index)

    @staticmethod
    def _select(combo: QComboBox, value) -> None:
        if value is None:
            return
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)
