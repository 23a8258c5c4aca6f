"""`office.codes`: the code database (ICD-10-CM, HCPCS, modifiers) for pickers, the scrubber and imports.

The code database is its own read-only file beside the office file, built on
first use. This service hides the index: callers get `Hit`, `Note` and
`SeventhCharacter` records, and the office's favorites and most used codes
rank first in the pickers. It also works with no office file (the codes CLI).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..codes import CodeIndex, Hit, Note, ReleaseLookup, SeventhCharacter, ensure_built, import_hcpcs, import_icd10cm
from ..codes.builder import is_current
from ..codes.claim_lookup import ClaimCodeLookup
from ..codes.ncci import ProcedureEdits
from ..codes.office_search import office_hits
from ..core.problems import UserError
from .changes import Area, Changes, Outcome
from .procedure_service import patient_kind


class CodeDatabaseError(UserError):
    """The code database cannot be read; the message says how to rebuild it."""


class CodeService:
    """Code search and look-ups over codes.db; `stores` (the office's) add favorites and usage."""

    def __init__(self, path: Path, stores=None, data_stamp=None, tell=None):
        """`data_stamp()` changes whenever the office file does (it keeps the picker's usage counts fresh);
        `tell(changes)` passes an import's Changes to the Office's listeners."""
        self.path = Path(path)
        self._stores = stores
        self._data_stamp = data_stamp
        self._tell = tell
        self._index: CodeIndex | None = None
        self._lookup: ClaimCodeLookup | None = None
        self._releases: ReleaseLookup | None = None
        self._picker_cache: dict = {}

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = self._lookup = self._releases = None

    def __enter__(self) -> CodeService:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ the database
    def ready(self) -> bool:
        """True when the code database is built and current (no build would run on first use)."""
        return self._index is not None or is_current(self.path)

    def ensure_built(self, progress=None, force: bool = False) -> Path:
        """Build the code database if it is missing or stale (always with force); `progress(fraction, text)`."""
        if force:
            self.close()
        return ensure_built(self.path, progress=progress, force=force)

    def import_hcpcs(self, file: Path | str, progress=None, partial: bool = False) -> Outcome[dict]:
        """Import the CMS HCPCS Level II file (zip or text): all or nothing (see `NotWholeRelease`).

        The value holds the counts imported ("procedure", "modifier") and the release now held."""
        self.close()  # the import swaps in a new file: read it afresh afterwards
        counts = import_hcpcs(self.path, Path(file), progress=progress, partial=partial)
        outcome = Outcome({**counts, "release": self.releases()["hcpcs"]}, Changes.of(Area.CODES))
        if self._tell:
            self._tell(outcome.changes)
        return outcome

    def import_icd10cm(self, files: list[Path | str], progress=None) -> Outcome[dict]:
        """Import an official CMS ICD-10-CM release (its zips, or the order file and tabular XML inside them):
        all or nothing. The value says which release it is (key, name, effective, ends) and how many codes it
        added, deleted and expanded."""
        self.close()  # the import swaps in a new file: read it afresh afterwards
        summary = import_icd10cm(self.path, [Path(f) for f in files], progress=progress)
        outcome = Outcome(summary, Changes.of(Area.CODES))
        if self._tell:
            self._tell(outcome.changes)
        return outcome

    def icd10cm_releases(self) -> list[dict]:
        """The ICD-10-CM releases held, oldest first: key, name, effective, ends (ISO dates), source."""
        with self._reading():
            held = self.release_lookup.releases()
        return [{"key": r.key, "name": r.name, "fiscal_year": r.fiscal_year, "effective": r.effective.isoformat(),
                 "ends": r.ends.isoformat(), "source": r.source} for r in held]

    def releases(self) -> dict[str, str]:
        """Which release of each code set the code database holds."""
        with self._reading() as index:
            meta = index.meta()
        return {"icd10cm": meta.get("icd10cm_release", ""), "hcpcs": meta.get("hcpcs_release", "")}

    @property
    def claim_lookup(self) -> ClaimCodeLookup:
        """ICD-10-CM answers for the claim scrubber."""
        if self._lookup is None:
            self._lookup = ClaimCodeLookup(self._opened())
        return self._lookup

    @property
    def release_lookup(self) -> ReleaseLookup:
        """Which code-set release is in force on a date of service, and what a code was then, for the scrubber
        (`claims.rules_releases.ReleaseFacts`)."""
        if self._releases is None:
            index = self._opened()
            self._releases = ReleaseLookup(index.connection)
        return self._releases

    @property
    def procedure_edits(self) -> ProcedureEdits | None:
        """NCCI procedure-to-procedure and MUE edits by date of service, known modifiers and E/M codes, for the
        scrubber (`claims.rules_procedures.ProcedureEditLookup`; None until the code database is built). A new
        one is opened when codes.db was swapped (an import or a rebuild)."""
        edits = getattr(self, "_procedure_edits", None)
        if edits is None or edits.stale():
            edits = self._procedure_edits = ProcedureEdits.open(self.path)
        return edits

    def _opened(self) -> CodeIndex:
        if self._index is None:
            self.ensure_built()
            self._index = CodeIndex(self.path, build=False)
        return self._index

    @contextmanager
    def _reading(self) -> Iterator[CodeIndex]:
        """The index, with a damaged or vanished code database turned into a message saying how to rebuild it."""
        try:
            yield self._opened()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise CodeDatabaseError(
                f"The code database {self.path} cannot be read ({exc}). Rebuild it with "
                "`officebill-cli codes build`, or close OfficeBill and start it again (it rebuilds what is "
                "missing); patients and visits are not affected.") from exc

    # ------------------------------------------------------------ look-ups
    def search(self, text: str, system: str = "icd10cm", limit: int = 20, patient_id: int | None = None,
               on: date | None = None) -> list[Hit]:
        """Code hits for a picker, best first: the office's list, the patient's own codes, favorites and most
        used codes rank high; for procedures the visit codes of the patient's kind (new or established on the
        date of service `on`, today when None) first."""
        context = self._picker_context(system, patient_id, on)
        with self._reading() as index:
            return index.search(text, system, limit, office_procedures=context.procedures,
                                preferred=context.preferred, history=context.history, patient_kind=context.kind)

    def office_procedures(self, text: str, patient_id: int | None = None, on: date | None = None) -> list[Hit]:
        """The office procedure list matched by code, label or everyday terms, ranked as `search` ranks it;
        never touches the code database (it answers before the first-start build)."""
        context = self._picker_context("procedure", patient_id, on)
        return office_hits(text, context.procedures, [*context.history, *context.preferred], context.kind)

    def hit(self, code: str, system: str = "icd10cm") -> Hit | None:
        with self._reading() as index:
            return index.hit(code, system)

    def describe(self, code: str, system: str = "icd10cm") -> str | None:
        with self._reading() as index:
            return index.describe(code, system)

    def is_billable(self, code: str, system: str = "icd10cm") -> bool:
        with self._reading() as index:
            return index.is_billable(code, system)

    def notes(self, code: str) -> list[Note]:
        """ICD-10-CM notes of the code and of every ancestor, section and chapter."""
        with self._reading() as index:
            return index.notes(code)

    def children(self, code: str, system: str = "icd10cm") -> list[Hit]:
        with self._reading() as index:
            return index.children(code, system)

    def seventh_characters(self, code: str) -> list[SeventhCharacter]:
        with self._reading() as index:
            return index.seventh_characters(code)

    def _picker_context(self, system: str, patient_id: int | None, on: date | None = None) -> PickerContext:
        """The office list, the patient's codes and preferred codes for a picker, kept until the office file
        next changes or the day does (they are read on every keystroke)."""
        if self._stores is None:
            return PickerContext()
        stamp = (self._data_stamp() if self._data_stamp else None, date.today())
        cached = self._picker_cache.get((system, patient_id, on))
        if cached and stamp[0] is not None and cached[0] == stamp:
            return cached[1]
        stores = self._stores
        context = PickerContext()
        if system == "icd10cm":
            context = PickerContext(history=tuple(stores.visits.recent_diagnoses(patient_id) if patient_id else ()),
                                    preferred=tuple(stores.visits.most_used_diagnoses()))
        elif system == "procedure":
            procedures = tuple(stores.procedures.list(active_only=True))
            context = PickerContext(procedures=procedures, kind=patient_kind(stores, patient_id, on),
                                    preferred=tuple([p.code for p in procedures if p.favorite]
                                                    + stores.visits.most_used_procedures()))
        self._picker_cache = {key: value for key, value in self._picker_cache.items() if value[0] == stamp}
        self._picker_cache[(system, patient_id, on)] = (stamp, context)
        return context


@dataclass(frozen=True)
class PickerContext:
    """What ranks a picker's hits: the office procedure list, the patient's own codes, the office's preferred
    codes, and whether the patient is "new" or "established" (None when unknown)."""

    procedures: tuple = ()
    history: tuple[str, ...] = ()
    preferred: tuple[str, ...] = ()
    kind: str | None = None
