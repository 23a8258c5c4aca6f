"""`office.procedures`: the office's procedure list (codes, labels, fees), its CSV import and export,
and whether a patient is new or established for the E/M visit codes."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from ..codes.procedure_terms import established_since
from ..core import validation
from ..core.problems import Problem
from ..core.procedure_csv import ProcedureCsv, read_procedure_csv, write_procedures
from ..core.records import Procedure
from ..storage.durable import write_private_file
from .changes import Area, Outcome
from .service import Service, fail_if


class ProcedureService(Service):
    """The fee schedule; a code is on the list once, saves and imports are all or nothing."""

    def list(self, active_only: bool = False) -> list[Procedure]:
        return self._stores.procedures.list(active_only)

    def get(self, code: str) -> Procedure | None:
        return self._stores.procedures.by_code(code)

    def patient_kind(self, patient_id: int | None, on: date | None = None) -> str | None:
        """"established" when the practice saw the patient in the 3 years before `on` (today when None),
        "new" otherwise; None without a patient."""
        return patient_kind(self._stores, patient_id, on)

    def save(self, procedure: Procedure) -> Outcome[Procedure]:
        """Add a procedure (id None: its code must be new) or update one (id set)."""
        procedure = replace(procedure, code=procedure.code.strip().upper())
        problems = self._problems([procedure])
        if procedure.id is None and self._stores.procedures.by_code(procedure.code):
            problems.append(Problem("code", f"{procedure.code} is already on the list; edit that entry."))
        fail_if(problems)
        with self._write(Area.PROCEDURES) as write:
            saved = self._stores.procedures.save(procedure)
        return write.outcome(saved)

    def save_many(self, procedures: list[Procedure]) -> Outcome[list[Procedure]]:
        """Insert or update many procedures by code, in one transaction: all or nothing."""
        procedures = [replace(p, code=p.code.strip().upper()) for p in procedures]
        fail_if(self._problems(procedures))
        with self._write(Area.PROCEDURES) as write:
            saved = []
            for procedure in procedures:
                existing = self._stores.procedures.by_code(procedure.code)
                saved.append(self._stores.procedures.save(replace(procedure, id=existing.id if existing else None)))
        return write.outcome(saved)

    def preview_import(self, data: str | bytes) -> ProcedureCsv:
        """Read a procedure-list CSV (text or the file's bytes) without saving: its rows, the file line each
        starts on, and every problem the import would report."""
        read = read_procedure_csv(data)
        if not read.problems:
            read = replace(read, problems=self._problems([replace(p, code=p.code.strip().upper())
                                                          for p in read.procedures]))
        return read

    def import_csv(self, data: str | bytes) -> Outcome[list[Procedure]]:
        """Import a procedure-list CSV: every row is saved (existing codes updated), or none is."""
        read = read_procedure_csv(data)
        fail_if(read.problems)
        return self.save_many(read.procedures)

    def export_csv(self) -> str:
        return write_procedures(self._stores.procedures.list())

    def export_to(self, path: Path | str) -> int:
        """Write the list as CSV to `path`, whole or not at all; returns how many procedures it holds."""
        procedures = self._stores.procedures.list()
        write_private_file(Path(path), write_procedures(procedures).encode("utf-8"))
        return len(procedures)

    def _problems(self, procedures: list[Procedure]) -> list[Problem]:
        """Each procedure's own problems, codes given twice, and an id that belongs to another code."""
        problems, seen = [], set()
        for index, procedure in enumerate(procedures):
            prefix = f"procedures[{index}]." if len(procedures) > 1 else ""
            problems += [Problem(prefix + p.field, p.message) for p in validation.procedure_problems(procedure)]
            if procedure.code in seen:
                problems.append(Problem(prefix + "code", f"{procedure.code} appears twice; keep one row."))
            seen.add(procedure.code)
            if procedure.id is not None:
                other = self._stores.procedures.by_code(procedure.code)
                if other and other.id != procedure.id:
                    problems.append(Problem(prefix + "code", f"{procedure.code} is already on the list."))
        return problems


def patient_kind(stores, patient_id: int | None, on: date | None = None) -> str | None:
    """The rule behind `ProcedureService.patient_kind`, for the code search too (one indexed query)."""
    if patient_id is None:
        return None
    day = on or date.today()
    return "established" if stores.visits.seen_between(patient_id, established_since(day), day) else "new"
