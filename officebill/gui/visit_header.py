"""The visit's header form: patient, date of service, provider, facility and place of service, onset date, and
the "More" section (`visit_more.VisitMoreSection`: referring provider and their box 17 role, prior authorization,
accident boxes 10a-c, claim codes 10d, other date 15, unable to work 16, hospitalization 18, box 19), the
header's `more`. `fields()` maps every Visit field name to its widget, More's included.

`VisitHeader` loads a `Visit` (`load`), starts a blank one (`clear`), reads what is typed (`values`, with the
problems found reading dates) and keeps a problem label beside each field (`problem_labels`, keyed by the
Visit field name). "More" opens by itself when a loaded visit uses any of its fields (`load`) or one of them
has a problem (`show_more`). Choosing a patient from the list emits `patient_picked`; the screen then calls
`show_patient`, which answers the patient's primary policy (for the copay).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from ..core.problems import Problem
from ..core.records import Patient, Visit
from .code_picker import CodePicker, CodeSource, PatientSource, PickRow
from .forms import DateEdit, format_date, read_date, with_error
from .ledger_view import short_balance
from .theme import muted_color
from .visit_more import (
    BOX19_PRINTED,
    MORE_FIELDS,
    MORE_PROBLEM_FIELDS,
    VisitMoreSection,
)

__all__ = ["BOX19_PRINTED", "MORE_FIELDS", "MORE_PROBLEM_FIELDS", "VisitHeader"]

_MORE_TEXT = "referring, prior auth, accident, claim dates 15/16/18, box 19"
_EXTRA_ROLE = Qt.UserRole + 7


class VisitHeader(QWidget):
    """The header fields of one visit, above its diagnoses and service lines."""

    patient_picked = Signal(object)  # the Patient chosen from the list

    def __init__(self, office, today: Callable[[], date], parent=None):
        super().__init__(parent)
        self.office = office
        self.today = today
        self.patient: Patient | None = None
        self.problem_labels: dict[str, tuple[QWidget, object]] = {}  # object: has show_problems/clear_problems
        self._build_fields()
        self.more = VisitMoreSection(self.today)
        self.more.hide()
        self.problem_labels.update(self.more.problem_labels)
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
        self.patient_info.setStyleSheet(f"color: {muted_color().name()};")
        self.patient_info.setWordWrap(True)

        self.date_field = DateEdit(today=self.today, name="dateField")
        self.date_field.setMaximumWidth(110)
        self.provider_combo = QComboBox()
        self.provider_combo.setObjectName("providerCombo")
        self.facility_combo = QComboBox()
        self.facility_combo.setObjectName("facilityCombo")
        for combo in (self.provider_combo, self.facility_combo):
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        self.facility_combo.activated.connect(self._facility_chosen)
        self.facility_combo.currentTextChanged.connect(self.facility_combo.setToolTip)  # a cut name shows whole
        self.pos_field = QLineEdit()
        self.pos_field.setObjectName("posField")
        self.pos_field.setMaximumWidth(50)
        self.pos_source = CodeSource(self.office, "pos")
        self.pos_picker = CodePicker(self.pos_field, self.pos_source, with_notes=False, width=520)
        self.pos_picker.picked.connect(lambda row: self._show_pos())
        self.pos_field.editingFinished.connect(self._show_pos)
        self.pos_description = QLabel()
        self.pos_description.setStyleSheet(f"color: {muted_color().name()};")
        self.onset_field = DateEdit(today=self.today)
        self.onset_field.setMaximumWidth(110)

        self.more_button = QToolButton()
        self.more_button.setText("&More ▸")
        self.more_words = QLabel(_MORE_TEXT)  # beside the button, wrapping: the form fits 1000 px windows
        self.more_words.setStyleSheet(f"color: {muted_color().name()};")
        self.more_words.setWordWrap(True)
        self.more_button.setToolTip("Referring provider, NPI, prior authorization, accident and claim codes (box 10), "
                                    "other date (15), unable to work (16), hospitalization (18) and additional "
                                    "claim information (box 19)")
        self.more_button.setCheckable(True)
        self.more_button.setAutoRaise(True)
        self.more_button.toggled.connect(self._toggle_more)

    def _top_grid(self) -> QGridLayout:
        top = QGridLayout()
        top.setHorizontalSpacing(8)
        top.setVerticalSpacing(4)

        def labelled(text, widget, key, row, column, span=1, marked=None):
            label = QLabel(text)
            label.setBuddy(marked or widget)  # the mnemonic focuses the field, not its container
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
        labelled("Place of &service", pos_box, "pos", 2, 2, marked=self.pos_field)
        labelled("&Onset date", self.onset_field, "onset_date", 3, 0)
        more_row = QHBoxLayout()
        more_row.setContentsMargins(0, 0, 0, 0)
        more_row.addWidget(self.more_button)
        more_row.addWidget(self.more_words, 1)
        top.addLayout(more_row, 3, 2, 1, 2)
        top.setColumnStretch(1, 1)
        top.setColumnStretch(3, 1)
        return top

    def _with_problem(self, widget: QWidget, key: str, marked: QWidget | None = None) -> QWidget:
        """`widget` with its problem label, kept under `key`; `marked` is what turns red (the widget itself
        unless it is a box around the field)."""
        box, problem = with_error(widget)
        self.problem_labels[key] = (marked or widget, problem)
        return box

    # ============================================================ public API
    def focus_order(self) -> list[QWidget]:
        """The header's fields in Tab order."""
        return [self.patient_field, self.date_field, self.provider_combo, self.facility_combo, self.pos_field,
                self.onset_field, self.more_button, *self.more.focus_order()]

    def enter_moves_on(self) -> list[QWidget]:
        """The fields where Enter moves on like Tab (data-entry habit)."""
        return [self.patient_field, self.date_field, self.provider_combo, self.facility_combo, self.pos_field,
                self.onset_field, *self.more.enter_moves_on()]

    def pickers(self) -> tuple[CodePicker, CodePicker]:
        return self.patient_picker, self.pos_picker

    def field_named(self, name: str) -> QWidget | None:
        """The field for a Visit field name (`pos`, `provider`, `accident_state` ...); opens More for its
        fields. None when the name is not a header field."""
        if name in MORE_PROBLEM_FIELDS:
            self.show_more()
        return self.fields().get(name)

    def fields(self) -> dict[str, QWidget]:
        """Visit field name -> its widget, the More section's included (`provider` and `provider_id` alike)."""
        return {"patient_id": self.patient_field, "patient": self.patient_field,
                "service_date": self.date_field, "provider_id": self.provider_combo,
                "provider": self.provider_combo, "facility_id": self.facility_combo,
                "facility": self.facility_combo, "pos": self.pos_field, "onset_date": self.onset_field,
                **self.more.fields()}

    def show_more(self) -> None:
        self.more_button.setChecked(True)

    def refresh_lists(self) -> None:
        """Reload the provider and facility lists, keeping what is selected."""
        provider = self.provider_combo.currentData()
        facility = self.facility_combo.currentData()
        self.provider_combo.clear()
        for p in self.office.setup.providers(active_only=True):
            self.provider_combo.addItem(p.display_name, p.id)
        self.facility_combo.clear()
        for f in self.office.setup.facilities(active_only=True):
            self.facility_combo.addItem(f.name, f.id)  # its place of service shows in the field beside
            self.facility_combo.setItemData(self.facility_combo.count() - 1,
                                            f"{f.name}: place of service {f.default_pos}", Qt.ToolTipRole)
        if provider is not None:
            self._select_or_add(self.provider_combo, provider, self.office.setup.provider,
                                lambda p: f"{p.display_name} (inactive)")
        if facility is not None:
            self._select_or_add(self.facility_combo, facility, self.office.setup.facility,
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
        self.more.clear()
        self.more_button.setChecked(False)

    def load(self, visit: Visit) -> None:
        """Show a saved visit's header fields; More opens when the visit uses any of its fields."""
        patient = self.office.patients.get(visit.patient_id) if visit.patient_id is not None else None
        self.patient = None
        if patient is not None:
            self.show_patient(patient)
        self.date_field.setText(format_date(visit.service_date))
        self._select_or_add(self.provider_combo, visit.provider_id, self.office.setup.provider,
                            lambda p: f"{p.display_name} (inactive)")
        self._select_or_add(self.facility_combo, visit.facility_id, self.office.setup.facility,
                            lambda f: f"{f.name} (inactive)")
        self.pos_field.setText(visit.pos)
        self._show_pos()
        self.onset_field.setText(format_date(visit.onset_date))
        self.more_button.setChecked(self.more.load(visit))

    def values(self) -> tuple[dict, list[Problem]]:
        """The header as typed, as Visit field values, and problems found reading the dates."""
        local: list[Problem] = []
        service_date = read_date(self.date_field, "service_date", local)
        onset_date = read_date(self.onset_field, "onset_date", local)
        more, more_problems = self.more.values()
        return dict(
            patient_id=self.patient.id if self.patient else None,
            service_date=service_date, provider_id=self.provider_combo.currentData(),
            facility_id=self.facility_combo.currentData(), pos=self.pos_field.text().strip(),
            onset_date=onset_date, **more,
        ), local + more_problems

    def show_patient(self, patient: Patient):
        """Make `patient` the visit's patient: name in the field, DOB, account and primary insurance beside
        it. Returns the primary policy (None without insurance)."""
        self.patient = patient
        self.patient_field.setText(patient.display_name)
        policies = sorted(self.office.patients.policies(patient.id), key=lambda p: p.priority)
        primary = policies[0] if policies else None
        dob = format_date(patient.dob) or "no DOB"
        info = f"DOB {dob} · #{patient.account}"
        if primary is not None:
            payer = self.office.setup.payer(primary.payer_id) if primary.payer_id is not None else None
            info += f" · {payer.name if payer else 'payer?'}"
            if primary.copay:
                info += f", copay {primary.copay}"
        else:
            info += " · no insurance on file"
        info += " · " + short_balance(self.office.money.patient_balances(patient.id))
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
        facility = self.office.setup.facility(facility_id) if facility_id is not None else None
        self.pos_field.setText(facility.default_pos if facility else "11")
        self._show_pos()

    def _show_pos(self) -> None:
        code = self.pos_field.text().strip()
        self.pos_description.setText(self.pos_source.describe(code) if code else "")

    def _toggle_more(self, shown: bool) -> None:
        self.more.setVisible(shown)
        self.more_button.setText("&More ▾" if shown else "&More ▸")
        self.more_words.setVisible(not shown)

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
