"""`office.patients`: finding patients, saving a patient with the ordered set of their policies."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import NamedTuple

from ..core import validation
from ..core.problems import Problem, ValidationFailed
from ..core.records import Patient, Policy
from .changes import Area, Outcome
from .service import Service, fail_if


class SavedPatient(NamedTuple):
    """A saved patient and their stored policies, primary first."""

    patient: Patient
    policies: list[Policy]


SAME_ORDER = "Two policies have the same order; make one primary and the other secondary."


class PatientService(Service):
    """Patients and their insurance policies (primary, secondary, ...)."""

    def find(self, text: str = "", limit: int = 100, offset: int = 0) -> list[Patient]:
        """Patients whose name, account or date of birth match `text`, a page at a time."""
        return self._stores.patients.search(text, limit, offset)

    def count(self, text: str = "") -> int:
        return self._stores.patients.count(text)

    def get(self, patient_id: int) -> Patient | None:
        return self._stores.patients.get(patient_id)

    def by_account(self, account: str) -> Patient | None:
        return self._stores.patients.by_account(account)

    def has_history(self, patient_id: int) -> bool:
        """Whether the patient has visits, claims, ledger entries or statements (their account number
        has gone out on paper: the patient editor then changes it only on purpose)."""
        return self._stores.patients.has_history(patient_id)

    def policies(self, patient_id: int) -> list[Policy]:
        """A patient's policies, primary first."""
        return self._stores.policies.for_patient(patient_id)

    def problems(self, patient: Patient, policies: list[Policy] | None = None,
                 today: date | None = None, *, account_change: bool = False) -> list[Problem]:
        """Everything `save` would refuse, without saving (policy fields as `policies[i].field`)."""
        problems = validation.patient_problems(patient, today)
        stored = self._stores.patients.get(patient.id) if patient.id is not None else None
        if (stored is not None and stored.account != patient.account and not account_change
                and self._stores.patients.has_history(patient.id)):
            problems.append(Problem("account", f"Account {stored.account} is on this patient's visits, claims or "
                                               "statements; change it on purpose (Change account number…)."))
        if patient.account:
            other = self._stores.patients.by_account(patient.account)
            if other and other.id != patient.id:
                problems.append(Problem("account", f"Account {patient.account} belongs to {other.display_name}; "
                                                   "leave it blank to get the next free number."))
        if policies is not None:
            problems += self._policy_set_problems(patient.id, policies, today)
        return problems

    def save(self, patient: Patient, policies: list[Policy] | None = None,
             today: date | None = None, *, account_change: bool = False) -> Outcome[SavedPatient]:
        """Save a patient and (when given) the whole, ordered set of their policies, in one transaction.

        A blank account gets the next free number; policies left out of the set are deleted. The account
        number of a patient with history (`has_history`) changes only with `account_change=True`."""
        fail_if(self.problems(patient, policies, today, account_change=account_change))
        with self._write(Area.PATIENTS) as write:
            if not patient.account:
                patient = replace(patient, account=self._stores.patients.next_account())
            saved = self._stores.patients.save(patient)
            if policies is None:
                return write.outcome(SavedPatient(saved, self._stores.policies.for_patient(saved.id)))
            keep = {p.id for p in policies if p.id is not None}
            for old in self._stores.policies.for_patient(saved.id):
                if old.id not in keep:
                    self._stores.policies.delete(old.id)
            stored = [self._stores.policies.save(replace(p, patient_id=saved.id)) for p in policies]
        return write.outcome(SavedPatient(saved, stored))

    def save_policy(self, policy: Policy, today: date | None = None) -> Outcome[Policy]:
        """Add or update one policy of an existing patient."""
        if not self._stores.patients.exists(policy.patient_id):
            raise ValidationFailed([Problem("patient_id", "Choose an existing patient for the policy.")])
        problems = self._policy_problems(policy.patient_id, policy, today)
        if any(p.priority == policy.priority and p.id != policy.id
               for p in self._stores.policies.for_patient(policy.patient_id)):
            problems.append(Problem("priority", SAME_ORDER))
        fail_if(problems)
        with self._write(Area.PATIENTS) as write:
            saved = self._stores.policies.save(policy)
        return write.outcome(saved)

    def _policy_set_problems(self, patient_id, policies: list[Policy], today) -> list[Problem]:
        """Problems of a patient's whole, ordered set of policies (field names carry the index)."""
        problems = []
        priorities = [p.priority for p in policies]
        for index, policy in enumerate(policies):
            prefix = f"policies[{index}]."
            problems += [Problem(prefix + p.field, p.message)
                         for p in self._policy_problems(patient_id, policy, today)]
            if priorities.count(policy.priority) > 1:
                problems.append(Problem(prefix + "priority", SAME_ORDER))
        return problems

    def _policy_problems(self, patient_id, policy: Policy, today) -> list[Problem]:
        """One policy's own problems, and whether its payer and its owner are right."""
        problems = validation.policy_problems(policy, today)
        if policy.payer_id is not None and not self._stores.payers.exists(policy.payer_id):
            problems.append(Problem("payer_id", "That payer no longer exists; choose another."))
        if policy.id is not None:
            old = self._stores.policies.get(policy.id)
            if old is None or old.patient_id != patient_id:
                problems.append(Problem("id", "This policy belongs to another patient; reopen the patient."))
        return problems
