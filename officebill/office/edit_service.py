"""NCCI procedure edits for the window and the CLI: import the CMS practitioner PTP and MUE files, say what is loaded.

    edits = ProcedureEditService(office.codes)   # or ProcedureEditService(CodeService(codes_path(...)))
    edits.import_ptp([f1, f2, f3, f4]).value -> {"edits": n, "release": "ccipra-v322r0 (4 parts)"}
    edits.import_mue([zip], effective=None).value -> {"codes": n, "effective": "2026-01-01", ...}
    edits.loaded() -> {"ptp": {...} | None, "mue": [{...}, ...]}

The edits live in codes.db (`codes.ncci`); an import is all or nothing and tells the office's
listeners that the code sets changed (Area.CODES), as the HCPCS import does.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..codes import ncci
from ..codes.ncci_read import MueDateUnknown
from .changes import Area, Changes, Outcome
from .code_service import CodeService

__all__ = ["IMPORT_HELP", "MueDateUnknown", "ProcedureEditService"]

IMPORT_HELP = ("download the practitioner files from cms.gov (Medicare NCCI Procedure to Procedure (PTP) Edits: "
               "the four ccipra zips of a quarter; Medicare NCCI Medically Unlikely Edits: the Practitioner "
               "Services MUE table) and import them with 'officebill-cli codes import-ncci' / 'codes import-mue' "
               "or Setup › Import NCCI edits…")


class ProcedureEditService:
    """Imports into the code database of `codes` (closing its readers first: the file is swapped)."""

    def __init__(self, codes: CodeService):
        self._codes = codes

    def import_ptp(self, files: list[Path | str], progress=None) -> Outcome[dict]:
        """Replace the PTP edits with those of one quarter's practitioner files (all its parts)."""
        self._close()
        return self._told(ncci.import_ptp(self._codes.path, [Path(f) for f in files], progress=progress))

    def import_mue(self, files: list[Path | str], effective: date | None = None, progress=None) -> Outcome[dict]:
        """Add the practitioner MUE table of one quarter, in force from `effective` (or the date its name gives)."""
        self._close()
        return self._told(ncci.import_mue(self._codes.path, [Path(f) for f in files], effective, progress=progress))

    def loaded(self) -> dict:
        """What is loaded: {"ptp": {release, edits, imported} or None, "mue": [{effective, source, codes, imported}]}."""
        return ncci.summary(self._codes.path)

    def status_text(self) -> str:
        """One line for a status bar: what the NCCI checks use, or that they are off and how to turn them on."""
        held = self.loaded()
        ptp, mue = held["ptp"], held["mue"]
        if not ptp and not mue:
            return "NCCI edits: not loaded, so PTP pairs and MUE units are not checked; " + IMPORT_HELP
        quarter = f"{ptp['quarter']}, " if ptp and ptp["quarter"] else ""
        parts = [f"PTP {ptp['release']} ({quarter}{ptp['edits']:,} edits)" if ptp else "PTP edits not loaded",
                 f"MUE table from {mue[-1]['effective']} ({mue[-1]['codes']:,} codes)" if mue else "MUE table not loaded"]
        return "NCCI edits: " + " · ".join(parts)

    def _close(self) -> None:
        """Nothing of this service keeps codes.db open while it is swapped (Windows cannot replace an open file)."""
        self._codes.close()
        edits = getattr(self._codes, "_procedure_edits", None)
        if edits is not None:
            edits.close()
            self._codes._procedure_edits = None

    def _told(self, value: dict) -> Outcome[dict]:
        outcome = Outcome(value, Changes.of(Area.CODES))
        tell = getattr(self._codes, "_tell", None)
        if tell:
            tell(outcome.changes)
        return outcome
