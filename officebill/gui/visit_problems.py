"""What is wrong with the visit on the Visits screen: reading the form, showing problems, the claim check.

Reading: `collect_visit()` reads the header, diagnoses, service lines and copay
into one `Visit` (blank line dates follow the date of service) plus the
problems found reading the text: dates, amounts, pointer letters, a diagnosis
typed but not added. `with_rule_problems()` adds the visit rules' problems
(`office.visits.problems`, the rules the save applies) for fields that read
well, so one save attempt shows everything to fix.

Showing: `ProblemRouter` puts each problem beside the field its path names.
Header fields and the copay (`service_date`, `referring_qualifier`,
`copay_collected` ...) have an error label beside them; `diagnoses` and
`diagnoses[2]` belong to the diagnosis list, `lines` and `lines[1].pointers`
to the service lines; anything else is listed above the form under a readable
name. A problem in a field of More opens More. `focus()` follows the same
paths (a `visit.` prefix is allowed) to put the focus on the field.

The claim check: after a save (and when a visit is opened) a findings source
is asked about the visit; by default the facade's `office.visits.findings`
(the claim scrubber's visit-level rules, `facade_findings_source`).
`run_findings()` shows the answer in a `FindingsBox` (errors in red; Enter on a
finding emits `chosen` with the visit and the field path), and a source that
fails shows that instead of losing the saved visit. While the visit is edited,
`recheck_findings()` asks again about the form as typed and drops the findings
that are corrected (the screen's `recheck`, a moment after typing stops).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QGroupBox, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..core.money import Money, MoneyError
from ..core.problems import Problem
from ..core.records import Visit, VisitStatus
from .forms import ErrorLabel, format_date, mark_invalid
from .theme import error_color
from .visit_diagnoses import DiagnosisEditor
from .visit_header import MORE_PROBLEM_FIELDS, VisitHeader
from .visit_lines import LinesEditor

# ------------------------------------------------------------------ reading the form
_LINE_DATE = re.compile(r"lines\[\d+\]\.(from|to)_date$")


def collect_visit(header: VisitHeader, diagnoses: DiagnosisEditor, lines_editor: LinesEditor,
                  copay_field: QLineEdit, loaded: Visit | None,
                  visit_id: int | None) -> tuple[Visit, list[Problem]]:
    """The visit as typed (over `loaded` when one was opened), and problems found reading the text."""
    values, local = header.values()
    service_date = values["service_date"]
    copay = Money(0)
    if copay_field.text().strip():
        try:
            copay = Money.parse(copay_field.text())
        except MoneyError as error:
            local.append(Problem("copay_collected", str(error)))
    pending = diagnoses.field.text().strip()
    if pending:
        local.append(Problem("diagnoses", f"'{pending}' is typed in the diagnosis field but not added; "
                                          "press Enter to choose it from the list, or clear the field."))
    lines = []
    for index, row in enumerate(lines_editor.filled_rows()):
        line, problems = row.to_line()
        line = line.with_default_dates(service_date)  # blank dates follow the date of service
        local += [Problem(f"lines[{index}].{name}", text) for name, text in problems.items()]
        lines.append(line)
    base = loaded or Visit()
    visit = replace(
        base, id=visit_id, **values, copay_collected=copay,
        status=base.status if loaded else VisitStatus.OPEN,
        diagnoses=tuple(diagnoses.codes()), lines=tuple(lines))
    return visit, local


def with_rule_problems(office, visit: Visit, local: list[Problem], today: date) -> list[Problem]:
    """`local` and the visit rules' problems for the other fields (no line-date problems while the
    date of service itself does not read)."""
    local_fields = {p.field for p in local}
    more = [p for p in office.visits.problems(visit, today)
            if p.field not in local_fields
            and not (visit.service_date is None and _LINE_DATE.match(p.field))]
    return local + more


# ------------------------------------------------------------------ showing problems
LINE_FIELD = re.compile(r"^lines\[(\d+)\]\.?(.*)$")
DIAGNOSIS_FIELD = re.compile(r"^diagnoses\[(\d+)\]$")
FIELD_NAMES = {"id": "Visit", "accident_state": "Accident state", "additional_info": "Additional information"}


class ProblemRouter:
    """Shows problems beside the fields they name, clears them, and finds the field a path names.

    `labels` maps a field path to its (widget, ErrorLabel); it is shared, not copied, so the screen
    may keep it as its own."""

    def __init__(self, header: VisitHeader, diagnoses: DiagnosisEditor, lines: LinesEditor,
                 copay_field: QLineEdit, general: ErrorLabel,
                 labels: dict[str, tuple[QWidget, ErrorLabel]]):
        self.header = header
        self.diagnoses = diagnoses
        self.lines = lines
        self.copay_field = copay_field
        self.general = general
        self.labels = labels

    def clear(self) -> None:
        """No problem shown anywhere on the form."""
        self.general.clear_problems()
        for widget, label in self.labels.values():
            label.clear_problems()
            mark_invalid(widget, False)
        self.diagnoses.clear_problems()
        self.lines.problem.clear_problems()
        for row in self.lines.rows:
            row.show_problems({})

    def show(self, problems: list[Problem]) -> None:
        """Clear, then show each problem beside its field, on its row, or above the form."""
        self.clear()
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            by_field.setdefault(problem.field, []).append(problem.message)
        general, dx_general, dx_rows, line_general = [], [], {}, []
        line_fields: dict[int, dict[str, list[str]]] = {}
        rows = self.lines.filled_rows()
        for name, messages in by_field.items():
            line = LINE_FIELD.match(name)
            diagnosis = DIAGNOSIS_FIELD.match(name)
            if name in self.labels:
                widget, label = self.labels[name]
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
                general += [f"{FIELD_NAMES.get(name, name)}: {m}" for m in messages]
        self.diagnoses.show_problems(dx_general, dx_rows)
        self.lines.problem.show_problems(line_general)
        for index, fields in line_fields.items():
            rows[index].show_problems(fields)
        self.general.show_problems(general)

    def focus(self, path: str) -> bool:
        """Put the focus on the field `path` names (`lines[1].pointers`, `visit.pos`, `diagnoses[2]`,
        `provider.npi` ...). Returns False when the path names nothing on the form."""
        path = path.removeprefix("visit.")
        line = LINE_FIELD.match(path)
        diagnosis = DIAGNOSIS_FIELD.match(path)
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
        elif path.startswith("lines"):  # the lines as a whole, or a line the form no longer has
            target = (rows[0] if rows else self.lines.rows[0]).code
        else:
            head = path.split(".")[0].split("[")[0]
            target = self.copay_field if head == "copay_collected" else self.header.field_named(head)
        if target is None:
            return False
        if not target.isEnabled() and target is self.header.more.accident_state:
            target = self.header.more.accident_auto  # the state opens with 'Auto accident'
        target.setFocus(Qt.OtherFocusReason)
        return True


# ------------------------------------------------------------------ the claim check
FindingsSource = Callable[[Visit], list]
FINDING_KEY_ROLE = Qt.UserRole + 1


def facade_findings_source(office, today: Callable[[], date]) -> FindingsSource:
    """`office.visits.findings` as a findings source."""

    def facade_findings(visit: Visit) -> list:
        """The scrubber's visit-level findings, once the code database exists (before the first-start
        build is done, asking would build it here on the GUI thread)."""
        if not office.codes.ready():
            return []
        return office.visits.findings(visit, today())

    return facade_findings


def recheck_findings(source: FindingsSource | None, box: FindingsBox, visit: Visit) -> None:
    """The findings in `box` the check no longer finds in `visit` (the form as typed) go; none is added
    before the visit is saved, and a check that fails changes nothing."""
    if source is None:
        return
    try:
        still = {finding_key(found) for found in source(visit) or []}
    except Exception:  # noqa: BLE001 - re-checking while typing must never disturb the form
        return
    box.keep_only(still)


def finding_key(finding) -> tuple:
    """What makes two findings the same: rule, field and words (a plain text finding: its text)."""
    if isinstance(finding, str):
        return (finding,)
    return (getattr(finding, "rule", ""), getattr(finding, "field", ""), str(getattr(finding, "message", finding)))


def run_findings(source: FindingsSource | None, box: FindingsBox, visit: Visit, who: str) -> int:
    """Ask `source` about `visit`; show what it found in `box`. Returns how many."""
    if source is None:
        box.show_findings(visit, [], who)
        return 0
    try:
        found = list(source(visit) or [])
    except Exception as error:  # noqa: BLE001 - a checker failure must never lose the saved visit
        found = [f"The claim check could not run: {error}"]
    box.show_findings(visit, found, who)
    return len(found)


class FindingsBox(QGroupBox):
    """The findings about one visit; hidden while there are none."""

    chosen = Signal(object, str)  # the id of the visit the findings are about, the chosen finding's field path

    def __init__(self, parent=None):
        super().__init__("Claim check", parent)
        self.list = QListWidget()
        self.list.setObjectName("findings")
        self.list.setMaximumHeight(110)
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda item: self.chosen.emit(self.visit_id, item.data(Qt.UserRole) or ""))
        self.visit_id: int | None = None
        self._title = "Claim check"
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        self.hide()

    def clear_findings(self) -> None:
        self.list.clear()
        self.hide()

    def show_findings(self, visit: Visit, found: list, patient_name: str) -> None:
        """Show what was found about `visit` (shown only when something was)."""
        self.list.clear()
        self.visit_id = visit.id
        for finding in found:
            self.list.addItem(_finding_item(finding))
        self._title = f"Claim check — visit of {format_date(visit.service_date)} {patient_name}"
        self._retitle()

    def keep_only(self, keys: set) -> None:
        """Remove the findings whose `finding_key` is not in `keys` (corrected since they were found)."""
        for row in reversed(range(self.list.count())):
            if self.list.item(row).data(FINDING_KEY_ROLE) not in keys:
                self.list.takeItem(row)
        self._retitle()

    def _retitle(self) -> None:
        count = self.list.count()
        self.setTitle(f"{self._title}: {count} finding{'s' if count != 1 else ''} (Enter goes to the field)")
        self.setVisible(bool(count))


def _finding_item(finding) -> QListWidgetItem:
    """One finding as a list item: severity and box first, the field path kept for Enter."""
    if isinstance(finding, str):
        item = QListWidgetItem(finding)
        item.setData(FINDING_KEY_ROLE, finding_key(finding))
        return item
    severity = getattr(finding, "severity", "")
    severity = str(getattr(severity, "value", severity) or "")
    box = getattr(finding, "box", "")
    prefix = (f"{severity.upper()}" if severity else "") + (f" (box {box})" if box else "")
    item = QListWidgetItem((prefix + ": " if prefix else "") + str(getattr(finding, "message", finding)))
    item.setData(Qt.UserRole, getattr(finding, "field", ""))
    item.setData(FINDING_KEY_ROLE, finding_key(finding))
    if severity.lower() == "error":
        item.setForeground(QBrush(error_color()))
    return item
