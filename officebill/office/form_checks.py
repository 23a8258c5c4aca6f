"""Checks without saving, for forms that found typing problems of their own first.

When a form cannot build a whole record (a date that does not read), it still
shows every other field in trouble at once. It asks here, so widgets never call
`core.validation` themselves: these are the record rules the matching save
applies before it writes (`office.visits.save`, `office.patients.save`).
Nothing here reads or writes the office file.
"""
from __future__ import annotations

from datetime import date

from ..core import validation
from ..core.problems import Problem
from ..core.records import Patient, Policy, Visit


def visit_problems(visit: Visit, today: date | None = None) -> list[Problem]:
    """The visit rules' problems for `visit` as a save would tidy it (field paths as the save's)."""
    return validation.visit_problems(visit.tidied(), today)


def patient_problems(patient: Patient, policies: list[Policy], today: date | None = None) -> list[Problem]:
    """The patient's and each policy's own problems (policy fields as `policies[i].field`)."""
    problems = list(validation.patient_problems(patient, today))
    for index, policy in enumerate(policies):
        problems += [Problem(f"policies[{index}].{p.field}", p.message)
                     for p in validation.policy_problems(policy, today)]
    return problems
