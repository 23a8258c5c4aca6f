"""Code sets in their own read-only file (codes.db): ICD-10-CM, HCPCS Level II, modifiers, places of service.

    ensure_built(path, progress=None, force=False) -> Path
    import_hcpcs(codes_db_path, file, progress=None, partial=False) -> {"procedure": n, "modifier": m}
    import_icd10cm(codes_db_path, files, progress=None) -> {"key", "name", "effective", "ends", "added", ...}
    ReleaseLookup(connection): the release in force on a date of service and a code's state then
    CodeIndex(path).search(text, system, limit=20, office_procedures=(), preferred=(), history=(),
                           patient_kind=None) -> list[Hit]
"""
from .builder import BUILDER_VERSION, ensure_built
from .hcpcs_import import NotWholeRelease, import_hcpcs
from .icd10cm_import import import_icd10cm
from .records import HcpcsRecord, Hit, Note, SeventhCharacter
from .releases import ReleaseLookup
from .search import CodeIndex
from .text import SYSTEMS

__all__ = ["BUILDER_VERSION", "CodeIndex", "HcpcsRecord", "Hit", "Note", "NotWholeRelease", "ReleaseLookup",
           "SeventhCharacter", "SYSTEMS", "ensure_built", "import_hcpcs", "import_icd10cm"]
