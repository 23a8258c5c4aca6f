"""`office.visits`: entering and reading visits (diagnoses and service lines), and what the scrubber says of one."""
from __future__ import annotations

from datetime import date

from ..claims.scrubber import Finding, scrub_visit
from ..core import validation
from ..core.problems import Collector, Problem
from ..core.records import Visit, VisitSummary
from ..storage.override_store import OverrideStore
from .changes import Area, Outcome
from .service import Service, fail_if


def reported_once(visit: Visit, problems: list[Problem]) -> list[Problem]:
    """One fault, one problem: a line dated the visit's date of service shares that date's problem (a future
    date of service is said once, beside the date, not again on every line), and without any diagnosis the
    lines' pointers are not each reported as pointing at none (the diagnoses' problem says it)."""
    dropped: set[str] = set()
    if any(p.field == "service_date" for p in problems):
        dropped |= {f"lines[{i}].{part}" for i, line in enumerate(visit.lines) for part in ("from_date", "to_date")
                    if getattr(line, part) == visit.service_date}
    if not visit.diagnoses:
        dropped |= {f"lines[{i}].pointers" for i, line in enumerate(visit.lines) if line.pointers}
    return [p for p in problems if p.field not in dropped]


class VisitService(Service):
    """Visits; a save writes the visit, its diagnoses and its lines in one transaction."""

    def get(self, visit_id: int) -> Visit | None:
        return self._stores.visits.get(visit_id)

    def for_patient(self, patient_id: int, limit: int = 200) -> list[Visit]:
        """A patient's visits, newest first."""
        return self._stores.visits.for_patient(patient_id, limit)

    def between(self, start: date, end: date) -> list[Visit]:
        return self._stores.visits.between(start, end)

    def summaries(self, start: date, end: date) -> list[VisitSummary]:
        """The visits between two dates as a list shows them (no lines), newest first: one query."""
        return self._stores.visits.summaries(start, end)

    def problems(self, visit: Visit, today: date | None = None) -> list[Problem]:
        """Everything `save` would refuse in `visit` (as the save tidies it), without saving: forms that
        found typing problems of their own first show every other field in trouble at once."""
        visit = visit.tidied()
        found = Collector()
        found.extend(validation.visit_problems(visit, today))
        stores = self._stores
        if visit.patient_id is not None and not stores.patients.exists(visit.patient_id):
            found.add("patient_id", "That patient does not exist; choose the patient again.")
        if visit.provider_id is not None and not stores.providers.exists(visit.provider_id):
            found.add("provider_id", "That provider does not exist; choose another.")
        if visit.facility_id is not None and not stores.facilities.exists(visit.facility_id):
            found.add("facility_id", "That facility does not exist; choose another.")
        if visit.id is not None and not stores.visits.exists(visit.id):
            found.add("id", "This visit was deleted; start a new one.")
        return reported_once(visit, found.problems)

    def save(self, visit: Visit, today: date | None = None) -> Outcome[Visit]:
        """Save a visit with its diagnoses and lines (and their charges) in one transaction."""
        fail_if(self.problems(visit, today))
        visit = visit.tidied()
        stores = self._stores
        with self._write(Area.VISITS) as write:
            saved = stores.visits.save(visit)
            if self._office.money.post_charges(saved, today):  # the ledger follows the lines, same transaction
                write.add(Area.MONEY)
        return write.outcome(saved)

    def recent_diagnoses(self, patient_id: int, limit: int = 20) -> list[str]:
        """The patient's diagnosis codes from their latest visits, newest first."""
        return self._stores.visits.recent_diagnoses(patient_id, limit)

    def most_used_diagnoses(self, limit: int = 20) -> list[str]:
        return self._stores.visits.most_used_diagnoses(limit)

    def findings(self, visit: Visit, today: date | None = None) -> list[Finding]:
        """What the scrubber says of a visit before any claim exists (shown in visit entry on save)."""
        patient = self._stores.patients.get(visit.patient_id) if visit.patient_id else None
        if patient is None:
            return []
        codes = self._office.codes
        overrides = OverrideStore(self._stores.visits.db).reasons(visit.id) if visit.id is not None else None
        return scrub_visit(visit, patient, codes.claim_lookup, today=today, releases=codes.release_lookup,
                           procedures=codes.procedure_edits, overrides=overrides)
