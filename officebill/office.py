"""The Office facade: one method per user action, for the window, the CLI and tests.

Every write validates first and then runs in one transaction; on any problem
nothing is written and `ValidationFailed` carries every problem found, each
naming its field. Views never see SQL: they get records back.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from .core import validation
from .core.procedure_csv import parse_procedures, write_procedures
from .core.problems import Collector, Problem, ValidationFailed
from .core.records import Facility, Patient, Payer, Policy, Practice, Procedure, Provider, Visit
from .office_claims import ClaimActions
from .paths import codes_path, default_office_path
from .storage import backup as backups
from .storage.audit import audit_entries
from .storage.claim_store import ClaimStore
from .storage.database import NewerFileError, OfficeFileError, change_stamp, open_office_db
from .storage.patient_stores import PatientStore, PolicyStore
from .storage.procedure_store import ProcedureStore
from .storage.settings_store import SettingsStore
from .storage.setup_stores import FacilityStore, PayerStore, PracticeStore, ProviderStore
from .storage.visit_store import VisitStore

__all__ = ["Office", "NewerFileError", "OfficeFileError", "backup_problems", "restore_backup"]

DEFAULT_BACKUPS_KEPT = 10
SAME_ORDER = "Two policies have the same order; make one primary and the other secondary."


def _fail_if(problems: list[Problem]) -> None:
    if problems:
        raise ValidationFailed(problems)


class Office(ClaimActions):
    """An open office file and the actions people take on it (claim actions in `office_claims`)."""

    def __init__(self, db, path: Path):
        self.db = db
        self.path = Path(path)
        self._practice = PracticeStore(db)
        self._providers = ProviderStore(db)
        self._facilities = FacilityStore(db)
        self._payers = PayerStore(db)
        self._patients = PatientStore(db)
        self._policies = PolicyStore(db)
        self._procedures = ProcedureStore(db)
        self._visits = VisitStore(db)
        self._settings = SettingsStore(db)
        self._claims = ClaimStore(db)
        self._codes = None
        self._code_lookup = None
        self._picker_cache: dict = {}

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: Path | str | None = None, *, who: str | None = None) -> Office:
        """Open (or create) an office file; refuses newer or damaged files with a UserError."""
        path = Path(path) if path else default_office_path()
        return cls(open_office_db(path, who=who), path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def is_empty(self) -> bool:
        """True for a new office with no practice set up yet."""
        return self._practice.get() is None

    # ------------------------------------------------------------------- setup
    def practice(self) -> Practice:
        return self._practice.get() or Practice()

    def _save(self, store, record, problems: list[Problem]):
        """Save one record when there are no problems, in its own transaction."""
        _fail_if(problems)
        with self.db.atomic():
            return store.save(record)

    def save_practice(self, practice: Practice) -> Practice:
        return self._save(self._practice, practice, validation.practice_problems(practice))

    def providers(self, active_only: bool = False) -> list[Provider]:
        return self._providers.list(active_only)

    def provider(self, provider_id: int) -> Provider | None:
        return self._providers.get(provider_id)

    def save_provider(self, provider: Provider) -> Provider:
        problems = validation.provider_problems(provider)
        same_npi = [p for p in self._providers.list() if p.npi == provider.npi and p.id != provider.id]
        if same_npi:
            problems.append(Problem("npi", f"{same_npi[0].display_name} already has this NPI; each provider has their own."))
        return self._save(self._providers, provider, problems)

    def facilities(self, active_only: bool = False) -> list[Facility]:
        return self._facilities.list(active_only)

    def facility(self, facility_id: int) -> Facility | None:
        return self._facilities.get(facility_id)

    def save_facility(self, facility: Facility) -> Facility:
        return self._save(self._facilities, facility, validation.facility_problems(facility))

    def payers(self, active_only: bool = False) -> list[Payer]:
        return self._payers.list(active_only)

    def payer(self, payer_id: int) -> Payer | None:
        return self._payers.get(payer_id)

    def save_payer(self, payer: Payer) -> Payer:
        return self._save(self._payers, payer, validation.payer_problems(payer))

    def procedures(self, active_only: bool = False) -> list[Procedure]:
        return self._procedures.list(active_only)

    def procedure(self, code: str) -> Procedure | None:
        return self._procedures.by_code(code)

    def save_procedure(self, procedure: Procedure) -> Procedure:
        procedure = replace(procedure, code=procedure.code.strip().upper())
        self._check_procedures([procedure])
        return self._save(self._procedures, procedure, [])

    def save_procedures(self, procedures: list[Procedure]) -> list[Procedure]:
        """Insert or update many procedures (by code) in one transaction: all or nothing."""
        procedures = [replace(p, code=p.code.strip().upper()) for p in procedures]
        self._check_procedures(procedures)
        with self.db.atomic():
            saved = []
            for procedure in procedures:
                existing = self._procedures.by_code(procedure.code)
                saved.append(self._procedures.save(replace(procedure, id=existing.id if existing else None)))
            return saved

    def preview_procedure_import(self, text: str) -> tuple[list[Procedure], list[Problem]]:
        """Read a procedure-list CSV without saving: the rows, and every problem with its row."""
        return parse_procedures(text)

    def import_procedures(self, text: str) -> list[Procedure]:
        """Import a procedure-list CSV: every row is saved, or none is (updates existing codes)."""
        procedures, problems = parse_procedures(text)
        _fail_if(problems)
        return self.save_procedures(procedures)

    def export_procedures(self) -> str:
        return write_procedures(self._procedures.list())

    def _check_procedures(self, procedures: list[Procedure]) -> None:
        problems, seen = [], set()
        for index, procedure in enumerate(procedures):
            prefix = f"procedures[{index}]." if len(procedures) > 1 else ""
            problems += [Problem(prefix + p.field, p.message) for p in validation.procedure_problems(procedure)]
            if procedure.code in seen:
                problems.append(Problem(prefix + "code", f"{procedure.code} appears twice; keep one row."))
            seen.add(procedure.code)
            if procedure.id is not None:
                other = self._procedures.by_code(procedure.code)
                if other and other.id != procedure.id:
                    problems.append(Problem(prefix + "code", f"{procedure.code} is already on the list."))
            elif len(procedures) == 1 and self._procedures.by_code(procedure.code):
                problems.append(Problem("code", f"{procedure.code} is already on the list; edit that entry."))
        _fail_if(problems)

    # ---------------------------------------------------------------- patients
    def find_patients(self, text: str = "", limit: int = 100, offset: int = 0) -> list[Patient]:
        return self._patients.search(text, limit, offset)

    def count_patients(self, text: str = "") -> int:
        return self._patients.count(text)

    def patient(self, patient_id: int) -> Patient | None:
        return self._patients.get(patient_id)

    def patient_by_account(self, account: str) -> Patient | None:
        return self._patients.by_account(account)

    def save_patient(self, patient: Patient) -> Patient:
        saved, _ = self.save_patient_with_policies(patient, None)
        return saved

    def save_patient_with_policies(self, patient: Patient, policies: list[Policy] | None,
                                   today: date | None = None) -> tuple[Patient, list[Policy]]:
        """Save a patient and (when given) the full, ordered set of their policies, in one transaction."""
        problems = validation.patient_problems(patient, today)
        if patient.account:
            other = self._patients.by_account(patient.account)
            if other and other.id != patient.id:
                problems.append(Problem("account", f"Account {patient.account} belongs to {other.display_name}; "
                                                   "leave it blank to get the next free number."))
        if policies is not None:
            problems += self._policy_set_problems(patient.id, policies, today)
        _fail_if(problems)
        with self.db.atomic():
            if not patient.account:
                patient = replace(patient, account=self._patients.next_account())
            saved = self._patients.save(patient)
            if policies is None:
                return saved, self._policies.for_patient(saved.id)
            keep = {p.id for p in policies if p.id is not None}
            for old in self._policies.for_patient(saved.id):
                if old.id not in keep:
                    self._policies.delete(old.id)
            stored = [self._policies.save(replace(p, patient_id=saved.id)) for p in policies]
            return saved, stored

    def _policy_set_problems(self, patient_id, policies: list[Policy], today) -> list[Problem]:
        """Problems of a patient's whole, ordered set of policies (field names carry the index)."""
        problems = []
        priorities = [p.priority for p in policies]
        for index, policy in enumerate(policies):
            prefix = f"policies[{index}]."
            problems += [Problem(prefix + p.field, p.message) for p in self._policy_problems(patient_id, policy, today)]
            if priorities.count(policy.priority) > 1:
                problems.append(Problem(prefix + "priority", SAME_ORDER))
        return problems

    def _policy_problems(self, patient_id, policy: Policy, today) -> list[Problem]:
        """One policy's own problems, and whether its payer and its owner are right."""
        problems = validation.policy_problems(policy, today)
        if policy.payer_id is not None and not self._payers.exists(policy.payer_id):
            problems.append(Problem("payer_id", "That payer no longer exists; choose another."))
        if policy.id is not None:
            old = self._policies.get(policy.id)
            if old is None or old.patient_id != patient_id:
                problems.append(Problem("id", "This policy belongs to another patient; reopen the patient."))
        return problems

    def policies(self, patient_id: int) -> list[Policy]:
        return self._policies.for_patient(patient_id)

    def save_policy(self, policy: Policy, today: date | None = None) -> Policy:
        """Add or update one policy of an existing patient."""
        if not self._patients.exists(policy.patient_id):
            raise ValidationFailed([Problem("patient_id", "Choose an existing patient for the policy.")])
        problems = self._policy_problems(policy.patient_id, policy, today)
        if any(p.priority == policy.priority and p.id != policy.id for p in self._policies.for_patient(policy.patient_id)):
            problems.append(Problem("priority", SAME_ORDER))
        _fail_if(problems)
        with self.db.atomic():
            return self._policies.save(policy)

    # ------------------------------------------------------------------ visits
    def visit(self, visit_id: int) -> Visit | None:
        return self._visits.get(visit_id)

    def visits_for_patient(self, patient_id: int, limit: int = 200) -> list[Visit]:
        return self._visits.for_patient(patient_id, limit)

    def visits_between(self, start: date, end: date) -> list[Visit]:
        return self._visits.between(start, end)

    def save_visit(self, visit: Visit, today: date | None = None) -> Visit:
        """Save a visit with its diagnoses and lines in one transaction."""
        visit = replace(
            visit,
            diagnoses=tuple(code.strip().upper() for code in visit.diagnoses if code.strip()),
            lines=tuple(replace(line, line_no=i, code=line.code.strip().upper(),
                                modifiers=tuple(m.strip().upper() for m in line.modifiers if m.strip()),
                                to_date=line.to_date or line.from_date or visit.service_date,
                                from_date=line.from_date or visit.service_date)
                        for i, line in enumerate(visit.lines, 1)),
        )
        c = Collector()
        c.extend(validation.visit_problems(visit, today))
        if visit.patient_id is not None and not self._patients.exists(visit.patient_id):
            c.add("patient_id", "That patient does not exist; choose the patient again.")
        if visit.provider_id is not None and not self._providers.exists(visit.provider_id):
            c.add("provider_id", "That provider does not exist; choose another.")
        if visit.facility_id is not None and not self._facilities.exists(visit.facility_id):
            c.add("facility_id", "That facility does not exist; choose another.")
        if visit.id is not None and not self._visits.exists(visit.id):
            c.add("id", "This visit was deleted; start a new one.")
        c.raise_if_any()
        with self.db.atomic():
            return self._visits.save(visit)

    def recent_diagnoses(self, patient_id: int, limit: int = 20) -> list[str]:
        return self._visits.recent_diagnoses(patient_id, limit)

    def most_used_diagnoses(self, limit: int = 20) -> list[str]:
        return self._visits.most_used_diagnoses(limit)

    # ---------------------------------------------------------------- settings
    def setting(self, key: str, default=None):
        return self._settings.get(key, default)

    def set_setting(self, key: str, value) -> None:
        with self.db.atomic():
            self._settings.set(key, value)

    def audit_trail(self, table: str | None = None, row_id: int | None = None, limit: int = 200) -> list[dict]:
        return audit_entries(self.db, table, row_id, limit)

    # ------------------------------------------------------------------- codes
    @property
    def codes_path(self) -> Path:
        return codes_path(self.path)

    def codes_ready(self) -> bool:
        """True when the code database is built and current (no build would run on first use)."""
        from .codes.builder import is_current

        return self._codes is not None or is_current(self.codes_path)

    def ensure_codes(self, progress=None):
        """Build the code database if it is missing or stale; `progress(fraction, message)` is told."""
        from .codes import ensure_built

        return ensure_built(self.codes_path, progress=progress)

    def import_hcpcs(self, file: Path | str, progress=None) -> dict:
        """Import the CMS HCPCS Level II file (zip or text) into the code database: all or nothing.

        Returns the counts imported and the release now held."""
        from .codes import import_hcpcs

        counts = import_hcpcs(self.codes_path, Path(file), progress=progress)
        return {**counts, "release": self.codes.meta().get("hcpcs_release", "")}

    def code_releases(self) -> dict[str, str]:
        """Which release of each code set the code database holds."""
        meta = self.codes.meta()
        return {"icd10cm": meta.get("icd10cm_release", ""), "hcpcs": meta.get("hcpcs_release", "")}

    @property
    def codes(self):
        """The code search index (read-only), built on first use."""
        if self._codes is None:
            from .codes import CodeIndex

            self.ensure_codes()
            self._codes = CodeIndex(self.codes_path)
        return self._codes

    @property
    def code_lookup(self):
        """ICD-10-CM answers for the claim scrubber."""
        if self._code_lookup is None:
            from .codes.claim_lookup import ClaimCodeLookup

            self._code_lookup = ClaimCodeLookup(self.codes)
        return self._code_lookup

    def search_codes(self, text: str, system: str = "icd10cm", limit: int = 20,
                     patient_id: int | None = None) -> list:
        """Code hits for a picker, best first: the office's favorites and recent codes rank high."""
        procedures, preferred = self._picker_context(system, patient_id)
        return self.codes.search(text, system, limit, office_procedures=procedures, preferred=preferred)

    def _picker_context(self, system: str, patient_id: int | None) -> tuple[tuple, list[str]]:
        """The office list and preferred codes for a picker, kept until the file next changes
        (they are read on every keystroke; the usage counts scan every visit)."""
        stamp = change_stamp(self.db)
        cached = self._picker_cache.get((system, patient_id))
        if cached and cached[0] == stamp:
            return cached[1]
        procedures = tuple(self._procedures.list(active_only=True)) if system == "procedure" else ()
        if system == "icd10cm":
            preferred = (self._visits.recent_diagnoses(patient_id) if patient_id else []) + self.most_used_diagnoses()
        elif system == "procedure":
            preferred = [p.code for p in procedures if p.favorite] + self._visits.most_used_procedures()
        else:
            preferred = []
        self._picker_cache = {key: value for key, value in self._picker_cache.items() if value[0] == stamp}
        self._picker_cache[(system, patient_id)] = (stamp, (procedures, preferred))
        return procedures, preferred

    # ----------------------------------------------------------------- backups
    def backup(self, folder: Path | None = None, reason: str = "backup") -> Path:
        return backups.backup_to_dir(self.path, Path(folder) if folder else backups.backups_dir(self.path), reason)

    def auto_backup(self) -> Path:
        """The backup made when the window closes; keeps the newest N (setting 'backups_kept')."""
        made = self.backup(reason="auto")
        backups.prune_backups(made.parent, int(self.setting("backups_kept", DEFAULT_BACKUPS_KEPT)), self.path.stem)
        return made

    def integrity_problems(self) -> list[str]:
        return backups.integrity_problems(self.path)

    @property
    def backups_folder(self) -> Path:
        return backups.backups_dir(self.path)

    def backups(self) -> list[backups.BackupFile]:
        """This office file's backups in its backups folder, newest first."""
        return backups.list_backups(self.backups_folder, self.path.stem)

    def backups_kept(self) -> int:
        """How many automatic backups are kept (setting 'backups_kept')."""
        return int(self.setting("backups_kept", DEFAULT_BACKUPS_KEPT))

    def set_backups_kept(self, count: int) -> None:
        self.set_setting("backups_kept", max(1, min(100, int(count))))


def backup_problems(backup: Path | str) -> list[str]:
    """Why a backup file cannot be restored; empty when it can. Opens no Office."""
    return backups.backup_problems(Path(backup))


def restore_backup(backup: Path | str, office_path: Path | str) -> Path | None:
    """Replace the office file with a checked backup (close every Office on it first).

    The replaced file is kept in the backups folder; returns where (None when there was no file).
    Raises UserError, changing nothing, when the backup fails the check."""
    return backups.restore(Path(backup), Path(office_path))
