"""Reading the Visits form: the `Visit` as typed, and the problems found before saving.

`collect_visit()` reads the header, diagnoses, service lines and copay into one
`Visit` (blank line dates follow the date of service) plus the problems found
reading the text: dates, amounts, pointer letters, a diagnosis typed but not
added. `with_rule_problems()` adds the visit rules' problems for fields that
read well (`office.visits.problems`, the rules the save applies), so one save attempt shows everything to fix.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QLineEdit

from ..core.money import Money, MoneyError
from ..core.problems import Problem
from ..core.records import Visit, VisitStatus
from .visit_diagnoses import DiagnosisEditor
from .visit_header import VisitHeader
from .visit_lines import LinesEditor

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
