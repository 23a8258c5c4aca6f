"""Problem routing for the Visits screen: facade field paths to the widgets that show them.

`Office.save_visit` (and reading the form) names each problem by a field path.
Header fields and the copay (`service_date`, `referring_qualifier`,
`copay_collected` ...) have a label beside them; `diagnoses` and
`diagnoses[2]` belong to the diagnosis list, `lines` and `lines[1].pointers`
to the service lines; anything else is listed above the form under a readable
name. A problem in a field of More opens More. `focus()` follows the same
paths (a `visit.` prefix is allowed) to put the focus on the field.
"""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from ..core.problems import Problem
from .forms import ErrorLabel, mark_invalid
from .visit_diagnoses import DiagnosisEditor
from .visit_header import MORE_PROBLEM_FIELDS, VisitHeader
from .visit_lines import LinesEditor

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
        else:
            head = path.split(".")[0].split("[")[0]
            target = self.copay_field if head == "copay_collected" else self.header.field_named(head)
        if target is None:
            return False
        target.setFocus(Qt.OtherFocusReason)
        return True
