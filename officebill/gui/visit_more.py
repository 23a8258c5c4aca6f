"""The "More" section of the visit header: the less common claim fields.

`VisitMoreSection` holds the referring provider (box 17: name, NPI and role), prior authorization (23), the
accident boxes (10a-c), claim codes (10d), the other date with its qualifier (15), the dates unable to work
(16), the hospitalization dates (18) and additional claim information (19). Left column: who and what
authorises; right column: the claim dates. It loads a `Visit` (`load`, answering whether the visit uses any of
these fields, so the header can open More), starts blank (`clear`), reads what is typed (`values`, with the
problems found reading dates) and keeps an error label per Visit field name (`problem_labels`). Fields,
dates and errors are built with `forms.py`'s pieces (`DateEdit`, `with_error`, `ErrorLabel`), as on every screen.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..core.problems import Problem
from ..core.records import CLAIM_CODES_MAX, OTHER_DATE_QUALIFIERS, REFERRING_QUALIFIERS, Visit
from .forms import DateEdit, ErrorLabel, clear_when_edited, format_date, read_date, with_error

BOX19_PRINTED = 71  # what the printed box 19 holds (cms1500.md §3 item 19: the fillable widget's 71)
# Visit date fields in More, with the words used when one cannot be read.
MORE_DATES = {"other_date": "other date (box 15)", "unable_to_work_from": "first day unable to work",
              "unable_to_work_to": "last day unable to work", "hospitalized_from": "admission date",
              "hospitalized_to": "discharge date"}
# Fields whose value opens More when a visit is loaded.
MORE_FIELDS = ("referring_name", "referring_npi", "prior_auth", "accident_employment", "accident_auto",
               "accident_state", "accident_other", "additional_info", "claim_codes", "other_date_qualifier",
               *MORE_DATES)
# Fields in More that problems can name (the role always has a value, so it never opens More by itself).
MORE_PROBLEM_FIELDS = (*MORE_FIELDS, "referring_qualifier")


class SharedProblems:
    """One problem label under a row of fields; each field's messages are kept apart (`part`)."""

    class Part:
        def __init__(self, owner: SharedProblems, key: str):
            self.owner, self.key = owner, key

        def show_problems(self, messages: list[str]) -> None:
            self.owner.messages[self.key] = list(messages)
            self.owner.update()

        def clear_problems(self) -> None:
            self.show_problems([])

        def text(self) -> str:
            """This field's own messages (the shared label shows its neighbours' too)."""
            return "\n".join(dict.fromkeys(self.owner.messages.get(self.key, [])))

    def __init__(self):
        self.label = ErrorLabel()
        self.label.setMinimumWidth(0)
        self.messages: dict[str, list[str]] = {}

    def part(self, key: str) -> SharedProblems.Part:
        return SharedProblems.Part(self, key)

    def update(self) -> None:
        self.label.show_problems([m for messages in self.messages.values() for m in messages])


class VisitMoreSection(QWidget):
    """Referring provider, prior authorization, accident, claim codes, claim dates and box 19."""

    def __init__(self, today: Callable[[], date], parent=None):
        super().__init__(parent)
        self.today = today
        self.problem_labels: dict[str, tuple[QWidget, object]] = {}
        self._build_fields()
        self._build_layout()
        self._count_box19("")

    # ================================================================ building
    def _build_fields(self) -> None:
        self.referring_name = QLineEdit()
        self.referring_npi = QLineEdit()
        self.referring_npi.setMaximumWidth(120)
        self.referring_role = QComboBox()
        for qualifier, role in REFERRING_QUALIFIERS.items():
            self.referring_role.addItem(f"{qualifier}  {role}", qualifier)
        self.referring_role.setToolTip("Box 17 qualifier: the role of the provider named there")
        self.referring_role.setMaximumWidth(240)
        self.referring_role.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.referring_role.setMinimumContentsLength(9)  # "DN  Referring…": the form fits 1000 px windows
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
        self.accident_state.textEdited.connect(lambda text: self._upper(self.accident_state, text))
        self.accident_auto.toggled.connect(self._auto_toggled)
        self.accident_other = QCheckBox("Other accident (&10c)")  # Alt+H is the Help menu
        self.additional_info = QLineEdit()
        self.additional_info.setObjectName("additionalInfo")
        self.additional_info.setMaxLength(BOX19_PRINTED)
        self.additional_info.setToolTip("Box 19, as the payer asks: qualifier and number with no space, a drug "
                                        "name and dose for an unlisted drug, a narrative ...")
        self.box19_count = QLabel()
        self.box19_count.setToolTip(f"Box 19 prints at most {BOX19_PRINTED} characters")
        self.additional_info.textChanged.connect(self._count_box19)

        self.other_date_qualifier = QComboBox()
        self.other_date_qualifier.setObjectName("otherDateQualifier")
        self.other_date_qualifier.addItem("(none)", "")
        for qualifier, meaning in OTHER_DATE_QUALIFIERS.items():
            self.other_date_qualifier.addItem(f"{qualifier}  {meaning}", qualifier)
        self.other_date_qualifier.setToolTip("Box 15 qualifier: what the other date is (Medicare leaves box 15 "
                                             "blank; it is not printed on Medicare claims)")
        self.other_date_qualifier.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.other_date_qualifier.setMinimumContentsLength(9)
        self.other_date = self._date("other_date")
        self.unable_to_work_from = self._date("unable_to_work_from")
        self.unable_to_work_to = self._date("unable_to_work_to")
        self.hospitalized_from = self._date("hospitalized_from")
        self.hospitalized_to = self._date("hospitalized_to")
        self.unable_to_work_to.setToolTip("The last day, or the expected return to work")
        self.hospitalized_to.setToolTip("Discharge date; leave blank while the patient is still admitted")
        self.claim_codes = QLineEdit()
        self.claim_codes.setObjectName("claimCodes")
        self.claim_codes.setMaxLength(CLAIM_CODES_MAX)
        self.claim_codes.setMaximumWidth(170)
        self.claim_codes.setPlaceholderText("e.g. W2")
        self.claim_codes.setToolTip("Box 10d: NUCC condition codes (letters, digits and spaces, "
                                    f"{CLAIM_CODES_MAX} characters), e.g. W2-W5 for workers' compensation")
        self.claim_codes.setValidator(QRegularExpressionValidator(rf"[A-Za-z0-9 ]{{0,{CLAIM_CODES_MAX}}}",
                                                                  self.claim_codes))
        self.claim_codes.textEdited.connect(lambda text: self._upper(self.claim_codes, text))

    def _date(self, name: str) -> DateEdit:
        field = DateEdit(today=self.today, name=name)
        field.setMaximumWidth(110)
        field.setMinimumWidth(86)  # a whole MM/DD/YYYY, however narrow the window
        return field

    def _build_layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)

        def place(text, widget, row, column, box):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, row, column, Qt.AlignTop)
            grid.addWidget(box, row, column + 1, Qt.AlignTop)

        for row, (text, widget, key) in enumerate((
                ("Referring provider &name", self.referring_name, "referring_name"),
                ("Referring NP&I", self.referring_npi, "referring_npi"),
                ("Their role (box 17)", self.referring_role, "referring_qualifier"),
                ("Prior &authorization", self.prior_auth, "prior_auth"))):
            place(text, widget, row, 0, self._with_problem(widget, key))

        other = self._row((self.other_date_qualifier, "other_date_qualifier"), (self.other_date, "other_date"))
        place("Other date\n(box 1&5)", self.other_date_qualifier, 0, 2, other)
        work = self._row((self.unable_to_work_from, "unable_to_work_from"), "to",
                         (self.unable_to_work_to, "unable_to_work_to"))
        place("Unable to work\n(box 1&6)", self.unable_to_work_from, 1, 2, work)
        hospital = self._row((self.hospitalized_from, "hospitalized_from"), "to",
                             (self.hospitalized_to, "hospitalized_to"))
        place("Hospitalized\n(box 1&8)", self.hospitalized_from, 2, 2, hospital)
        place("Claim codes\n(box 1&0d)", self.claim_codes, 3, 2, self._with_problem(self.claim_codes, "claim_codes"))

        accident = QWidget()
        accident_rows = QVBoxLayout(accident)
        accident_rows.setContentsMargins(0, 0, 0, 0)
        accident_rows.setSpacing(1)
        accident_layout = QGridLayout()  # two short rows, so the form stays narrow (1000 px windows)
        accident_layout.setHorizontalSpacing(6)
        accident_layout.setVerticalSpacing(0)
        accident_layout.addWidget(self.accident_employment, 0, 0)  # in Tab order: left to right, then down
        accident_layout.addWidget(self.accident_auto, 0, 1)
        state_label = QLabel("state")
        state_label.setBuddy(self.accident_state)
        accident_layout.addWidget(state_label, 0, 2)
        accident_layout.addWidget(self.accident_state, 0, 3)
        accident_layout.addWidget(self.accident_other, 1, 0)
        accident_layout.setColumnStretch(4, 1)
        accident_rows.addLayout(accident_layout)
        state_problem = ErrorLabel()  # under the row, so a message never pushes the checkboxes apart
        accident_rows.addWidget(state_problem)
        self.problem_labels["accident_state"] = (self.accident_state, state_problem)
        state_problem.setMinimumWidth(0)
        clear_when_edited(self.accident_state, state_problem)
        accident_row = grid.rowCount()
        grid.addWidget(QLabel("Accident related to"), accident_row, 0, Qt.AlignTop)
        grid.addWidget(accident, accident_row, 1, 1, 3)

        info_label = QLabel("Additional claim\ninformation (bo&x 19)")
        info_label.setBuddy(self.additional_info)
        info_row = grid.rowCount()
        grid.addWidget(info_label, info_row, 0, Qt.AlignTop)
        info_box = QWidget()
        info_layout = QHBoxLayout(info_box)
        info_layout.setContentsMargins(0, 0, 0, 0)
        info_layout.addWidget(self.additional_info, 1)
        info_layout.addWidget(self.box19_count)
        grid.addWidget(self._with_problem(info_box, "additional_info", marked=self.additional_info),
                       info_row, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    def _with_problem(self, widget: QWidget, key: str, marked: QWidget | None = None) -> QWidget:
        box, problem = with_error(widget)
        self.problem_labels[key] = (marked or widget, problem)
        return box

    def _row(self, *parts) -> QWidget:
        """Fields side by side ((widget, key) or a word between them) over one problem label shared by
        them, so a message never squeezes into a date field's width."""
        box = QWidget()
        rows = QVBoxLayout(box)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(1)
        line = QHBoxLayout()
        shared = SharedProblems()
        for part in parts:
            if isinstance(part, str):
                line.addWidget(QLabel(part))
                continue
            widget, key = part
            line.addWidget(widget)
            problem = shared.part(key)
            self.problem_labels[key] = (widget, problem)
            clear_when_edited(widget, problem)
        line.addStretch(1)
        rows.addLayout(line)
        rows.addWidget(shared.label)
        return box

    # ============================================================ public API
    def focus_order(self) -> list[QWidget]:
        """The section's fields in Tab order: the left column, the right column, then the full-width rows."""
        return [self.referring_name, self.referring_npi, self.referring_role, self.prior_auth,
                self.other_date_qualifier, self.other_date, self.unable_to_work_from, self.unable_to_work_to,
                self.hospitalized_from, self.hospitalized_to, self.claim_codes,
                self.accident_employment, self.accident_auto, self.accident_state, self.accident_other,
                self.additional_info]

    def enter_moves_on(self) -> list[QWidget]:
        """The fields where Enter moves on like Tab."""
        return [self.referring_name, self.referring_npi, self.prior_auth, self.other_date,
                self.unable_to_work_from, self.unable_to_work_to, self.hospitalized_from, self.hospitalized_to,
                self.claim_codes, self.accident_employment, self.accident_auto, self.accident_state,
                self.accident_other, self.additional_info]

    def fields(self) -> dict[str, QWidget]:
        """Visit field name -> its widget."""
        return {"referring_name": self.referring_name, "referring_npi": self.referring_npi,
                "referring_qualifier": self.referring_role, "prior_auth": self.prior_auth,
                "accident_employment": self.accident_employment, "accident_auto": self.accident_auto,
                "accident_state": self.accident_state, "accident_other": self.accident_other,
                "additional_info": self.additional_info, "claim_codes": self.claim_codes,
                "other_date_qualifier": self.other_date_qualifier,
                **{name: getattr(self, name) for name in MORE_DATES}}

    def clear(self) -> None:
        for field in (self.referring_name, self.referring_npi, self.prior_auth, self.accident_state,
                      self.additional_info, self.claim_codes, *(getattr(self, n) for n in MORE_DATES)):
            field.clear()
        self.referring_role.setCurrentIndex(0)
        self.other_date_qualifier.setCurrentIndex(0)
        for box in (self.accident_employment, self.accident_auto, self.accident_other):
            box.setChecked(False)
        self._auto_toggled(False)

    def load(self, visit: Visit) -> bool:
        """Show the visit's fields; True when it uses any of them (so More should open)."""
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
        self.claim_codes.setText(visit.claim_codes)
        index = self.other_date_qualifier.findData(visit.other_date_qualifier)
        if index < 0:  # a code this version does not list: keep it so saving never changes it silently
            self.other_date_qualifier.addItem(visit.other_date_qualifier, visit.other_date_qualifier)
            index = self.other_date_qualifier.count() - 1
        self.other_date_qualifier.setCurrentIndex(index)
        for name in MORE_DATES:
            getattr(self, name).setText(format_date(getattr(visit, name)))
        return any(getattr(visit, name) for name in MORE_FIELDS)

    def values(self) -> tuple[dict, list[Problem]]:
        """The section as typed, as Visit field values, and problems found reading the dates."""
        local: list[Problem] = []
        dates = {}
        for name in MORE_DATES:
            dates[name] = read_date(getattr(self, name), name, local)
        return dict(
            referring_name=self.referring_name.text().strip(),
            referring_npi=self.referring_npi.text().strip().replace(" ", ""),
            referring_qualifier=self.referring_role.currentData(),
            prior_auth=self.prior_auth.text().strip(),
            accident_employment=self.accident_employment.isChecked(), accident_auto=self.accident_auto.isChecked(),
            accident_state=self.accident_state.text().strip().upper(),
            accident_other=self.accident_other.isChecked(), additional_info=self.additional_info.text().strip(),
            claim_codes=" ".join(self.claim_codes.text().upper().split()),
            other_date_qualifier=self.other_date_qualifier.currentData() or "",
            **dates,
        ), local

    # ================================================================ helpers
    def _count_box19(self, text: str) -> None:
        """Characters typed in box 19 out of what the printed box holds."""
        self.box19_count.setText(f"{len(text.strip())}/{BOX19_PRINTED}")

    @staticmethod
    def _upper(field: QLineEdit, text: str) -> None:
        if text != text.upper():
            position = field.cursorPosition()
            field.setText(text.upper())
            field.setCursorPosition(position)

    def _auto_toggled(self, auto: bool) -> None:
        """The state is for an auto accident; the field stays open while it holds a state to clear."""
        self.accident_state.setEnabled(auto or bool(self.accident_state.text().strip()))
