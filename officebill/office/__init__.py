"""The Office facade: what the window, the command line and the tests use, one service per area.

How the code is laid out, from a person's action to the SQL:

    gui/ (PySide6 screens) | cli/ (officebill-cli)
      -> office/ (this package): Office.open(path) owns the connection and the write
         transaction; office.setup, .procedures, .patients, .visits, .claims,
         .printing, .codes, .money, .payments, .backups, .audit each hold one
         area's actions.
         A write validates, runs in one transaction and returns Outcome(value, changes).
        -> claims/ (scrubber, CMS-1500 renderer) and codes/ (code database, search)
          -> storage/ (the office file: one *Store per table group, migrations, audit, backups)
            -> core/ (records, enums, Money, identifier and validation rules; no I/O)

For example, saving a visit in the Visits screen calls `office.visits.save(visit)`
(office/visit_service.py), which validates with `core.validation`, then writes through
`storage.visit_store.VisitStore.save` inside `Office.transaction`, and the window
refreshes every screen showing visits from the returned `Changes`.
"""
from ..codes import NotWholeRelease
from ..storage.database import NewerFileError, OfficeFileError
from .backup_service import backup_problems, optimize_office_file, restore_backup
from .changes import Area, Changes, Outcome
from .claim_service import ClaimEvent, MadeClaims
from .code_service import CodeDatabaseError, CodeService
from .facade import Office, ReadOnlyOffice
from .patient_service import SavedPatient

__all__ = ["Area", "Changes", "ClaimEvent", "CodeDatabaseError", "CodeService", "MadeClaims", "NewerFileError", "NotWholeRelease", "Office", "OfficeFileError", "Outcome", "ReadOnlyOffice",
           "SavedPatient", "backup_problems", "optimize_office_file", "restore_backup"]
