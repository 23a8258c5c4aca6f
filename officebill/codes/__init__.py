"""Code sets in their own read-only file (codes.db): ICD-10-CM, HCPCS Level II, modifiers, places of service.

    ensure_built(path, progress=None, force=False) -> Path
    import_hcpcs(codes_db_path, file, progress=None, partial=False) -> {"procedure": n, "modifier": m}
    CodeIndex(path).search(text, system, limit=20, office_procedures=(), preferred=(), history=(),
                           patient_kind=None) -> list[Hit]
"""
from .builder import BUILDER_VERSION, ensure_built
from .hcpcs_import import NotWholeRelease, import_hcpcs
from .records import HcpcsRecord, Hit, Note, SeventhCharacter
from .search import CodeIndex
from .text import SYSTEMS

__all__ = ["BUILDER_VERSION", "CodeIndex", "HcpcsRecord", "Hit", "Note", "NotWholeRelease", "SeventhCharacter",
           "SYSTEMS", "ensure_built", "import_hcpcs"]
