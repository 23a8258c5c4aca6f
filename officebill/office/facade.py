"""The Office: one open office file, its write transaction, and one service per area.

    office = Office.open(path)              # an existing office file (Office.create for a new one)
    office.patients.find("riv")             # reads return records
    outcome = office.visits.save(visit)     # writes return Outcome(value, changes)
    office.subscribe(listener)              # told the Changes of every committed write

The services (`setup`, `procedures`, `patients`, `visits`, `claims`, `printing`, `edi`,
`remittances`, `codes`, `money`, `payments`, `statements`, `reports`, `backups`, `audit`, `users`) are short classes,
one module each; they share the stores below and write only inside `Office.transaction`.

Each service is seen through the permission guard (`session.Guarded`): an office file with users
opens only for a user who signs in (`Office.open(path, user=..., password=...)`), and every call
checks that the signed-in role may do it (`core.permissions.ACTIONS`), raising `NotAllowed`
otherwise. A file without users yet is open to whoever opened it (`office.session` is None).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..core.problems import UserError
from ..paths import codes_path, default_office_path
from ..storage.claim_store import ClaimStore
from ..storage.database import change_stamp, open_office_db
from ..storage.edi_store import EdiStore
from ..storage.ledger_store import DepositStore, LedgerStore
from ..storage.patient_stores import PatientStore, PolicyStore
from ..storage.procedure_store import ProcedureStore
from ..storage.remittance_store import RemittanceStore
from ..storage.settings_store import SettingsStore
from ..storage.setup_stores import FacilityStore, PayerStore, PracticeStore, ProviderStore
from ..storage.sign_in_log import record_failed_sign_in, user_exists
from ..storage.statement_store import StatementStore
from ..storage.transaction import write_transaction
from ..storage.user_store import UserStore, name_audit_author
from ..storage.visit_store import VisitStore
from .audit_service import AuditService
from .backup_service import BackupService
from .changes import Area, Changes, Outcome
from .claim_service import ClaimService
from .code_service import CodeService
from .draft_service import DraftService
from .edi_service import EdiService
from .encryption import (
    EncryptedOfficeLocked,
    KeyWraps,
    after_sign_in,
    as_utc,
    audit_text,
    forget_key,
    is_encrypted,
    is_unlocked,
    key_from_recovery,
    unlock,
)
from .ledger_service import LedgerService
from .patient_service import PatientService
from .payment_service import PaymentService
from .print_service import PrintService
from .procedure_service import ProcedureService
from .remittance_service import RemittanceService
from .report_service import ReportService
from .session import EncryptedSignInRequired, Gate, Guarded, Session, SignInFailed, SignInRequired
from .setup_service import SetupService
from .statement_service import StatementService
from .user_service import SignInCheck, UserService
from .visit_service import VisitService


@dataclass(frozen=True)
class Stores:
    """Every store of the office file, built once per Office (services share them)."""

    practice: PracticeStore
    providers: ProviderStore
    facilities: FacilityStore
    payers: PayerStore
    patients: PatientStore
    policies: PolicyStore
    procedures: ProcedureStore
    visits: VisitStore
    settings: SettingsStore
    claims: ClaimStore
    ledger: LedgerStore
    deposits: DepositStore
    edi: EdiStore
    statements: StatementStore
    remittances: RemittanceStore
    users: UserStore

    @classmethod
    def on(cls, db) -> Stores:
        return cls(PracticeStore(db), ProviderStore(db), FacilityStore(db), PayerStore(db), PatientStore(db),
                   PolicyStore(db), ProcedureStore(db), VisitStore(db), SettingsStore(db), ClaimStore(db),
                   ledger := LedgerStore(db), DepositStore(db, ledger), EdiStore(db),
                   StatementStore(db), RemittanceStore(db), UserStore(db))


class Write:
    """The areas one transaction changed so far; `outcome(value)` wraps a service's result."""

    def __init__(self) -> None:
        self.changes = Changes()

    def add(self, *areas: Area) -> None:
        self.changes = self.changes | Changes.of(*areas)

    def outcome(self, value):
        return Outcome(value, self.changes)


class ReadOnlyOffice(UserError):
    """A write on an office opened read-only because its rows are damaged; the message says what to do."""


class Office:
    """An open office file and the services people use on it."""

    def __init__(self, db, path: Path):
        self._db = db
        self.path = Path(path)
        self._listeners: list[Callable[[Changes], None]] = []
        self._open_writes: list[Write] = []
        self.read_only_reason = ""  # set when the file's rows are damaged: every write is refused
        stores = Stores.on(db)
        self._gate = Gate(users_required=stores.users.has_users())
        self.key_wraps = KeyWraps(self.path)  # an encrypted office's key file, kept in step with passwords
        guard = self._guarded
        self.setup = guard("setup", SetupService(self, stores))
        self.procedures = guard("procedures", ProcedureService(self, stores))
        self.patients = guard("patients", PatientService(self, stores))
        self.codes = guard("codes", CodeService(codes_path(self.path), stores, self.data_stamp, self._tell))
        self.visits = guard("visits", VisitService(self, stores))
        self.claims = guard("claims", ClaimService(self, stores))
        self.printing = guard("printing", PrintService(self, stores))
        self.money = guard("money", LedgerService(self, stores))
        self.payments = guard("payments", PaymentService(self, stores))
        self.remittances = guard("remittances", RemittanceService(self, stores))
        self.statements = guard("statements", StatementService(self, stores))
        self.edi = guard("edi", EdiService(self, stores))
        self.reports = guard("reports", ReportService(self, stores))
        self.backups = guard("backups", BackupService(self, db))
        self.audit = guard("audit", AuditService(db))
        self.drafts = guard("drafts", DraftService(self, db))
        users = UserService(self, stores.users, self._gate, self.key_wraps)
        self.users = guard("users", users)
        self._sign_ins = SignInCheck(self, stores.users, lambda: users.clock())  # the clock tests set on office.users

    def _guarded(self, name: str, service):
        return Guarded(name, service, self._gate)

    @property
    def services(self) -> dict[str, Guarded]:
        """Every service by its name (`"claims"`: office.claims), as `core.permissions.ACTIONS` names them."""
        return {name: value for name, value in vars(self).items() if isinstance(value, Guarded)}

    # ----------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: Path | str | None = None, *, who: str | None = None, create: bool = False,
             user: str | None = None, password: str | None = None, sign_in_later: bool = False,
             signed_in_as: Session | None = None) -> Office:
        """Open an office file; a missing file is an error unless `create` (see `Office.create`).

        A file with users needs `user` and `password` (SignInFailed when they are wrong), or
        `sign_in_later=True` (it opens signed out: every call raises SignInRequired until `sign_in`), or
        `signed_in_as`, the session of an office this program already signed in to (a background
        worker's own connection). Otherwise it raises SignInRequired. A file without users ignores
        `user`; `who` names the audit trail's author there. Newer, damaged, busy or foreign files are
        refused with a UserError that says why."""
        path = Path(path) if path else default_office_path()
        key, unlocked_now = None, False
        if is_encrypted(path) and user is not None and not is_unlocked(path):
            key, unlocked_now = unlock(path, user, password or ""), True  # (a wrong password is counted there)
        try:
            office = cls(open_office_db(path, who=who, create=create, key=key), path)
        except EncryptedOfficeLocked as exc:
            raise EncryptedSignInRequired(exc.path) from None
        try:
            if office._gate.users_required:
                if user is not None:
                    office.sign_in(user, password or "")
                elif signed_in_as is not None:
                    office._continue(signed_in_as)
                elif not sign_in_later:
                    raise SignInRequired(f"{path} has users: sign in with your user name and password.")
            with office._gate.inside():
                office.printing.clean_leftovers()
        except BaseException:
            office.close()
            if unlocked_now:
                forget_key(path)
            raise
        return office

    @classmethod
    def recover(cls, path: Path | str, recovery_key: str, user: str, new_password: str) -> Office:
        """Open an encrypted office with its recovery key and give the manager `user` a new password (their own:
        no forced change); returns the office signed in as them. A mistyped or wrong recovery key, a user who
        is not an enabled manager, or a password that will not do is a UserError, and nothing is changed."""
        path = Path(path)
        if not is_encrypted(path):
            raise UserError(f"{path} is not encrypted, so it has no recovery key; a manager resets passwords "
                            "(officebill-cli users reset NAME).")
        office = cls(open_office_db(path, key=key_from_recovery(path, recovery_key)), path)
        try:
            name_audit_author(office._db, f"{user} (recovery key)")  # the audit trail names how it was opened
            office.users.unguarded()._recover(user, new_password)
            office.sign_in(user, new_password)
        except BaseException:
            office.close()
            raise
        return office

    @classmethod
    def create(cls, path: Path | str | None = None, *, who: str | None = None) -> Office:
        """Open the office file, creating a new, empty one when there is none."""
        return cls.open(path, who=who, create=True)

    def close(self) -> None:
        self.codes.unguarded().close()
        self._db.close()

    # -------------------------------------------------------------- encryption
    def is_encrypted(self) -> bool:
        return is_encrypted(self.path)

    def encrypt_now(self, password: str) -> str:
        """Encrypt this office's file in place (a manager; `password` is theirs, proven again here): the Office
        closes its connection, the file is converted, and the Office goes on with the encrypted file, signed in
        as before. Returns the recovery key text, to be shown once. Other windows and commands must have the
        file closed (UserError otherwise, nothing changed)."""
        from .encryption import encrypt_file

        session = self._signed_in_manager(password)
        return self._converted(session, lambda: encrypt_file(self.path, {session.user_name: password}))

    def decrypt_now(self, password: str) -> None:
        """Make this office's file plain again in place (a manager, proving their password again)."""
        from .encryption import decrypt_file

        session = self._signed_in_manager(password)
        self._converted(session, lambda: decrypt_file(self.path))

    def _signed_in_manager(self, password: str) -> Session:
        self.require("users.manage")
        session = self.session
        if session is None:
            raise SignInRequired("Only a manager who signed in can encrypt or decrypt the office file.")
        if not self._sign_ins.password_matches(session.user_name, password):
            raise SignInFailed("The password is wrong; type your own password again. Nothing was changed.")
        return session

    def _converted(self, session: Session, convert):
        listeners = self._listeners
        self.close()
        try:
            return convert()
        finally:
            self.__init__(open_office_db(self.path), self.path)  # the converted file (or the old one, unchanged)
            self._listeners = listeners
            self._continue(session)

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def is_empty(self) -> bool:
        """True for a new office with no practice set up yet."""
        return self.setup.is_new()

    # ----------------------------------------------------------------- sign-in
    @property
    def session(self) -> Session | None:
        """Who is signed in; None in a file without users (every action allowed) or after `sign_out`."""
        return self._gate.session

    def has_users(self) -> bool:
        """True once the file has a user: from then on it opens only for someone who signs in."""
        return self._sign_ins.has_users()

    def can(self, action: str) -> bool:
        """True when `action` (`"claims.print"`: a service method, or a permission) may be done now."""
        return self._gate.allows(action)

    def require(self, action: str) -> None:
        """Raise SignInRequired or NotAllowed (saying who may) unless `action` may be done now."""
        self._gate.check(action)

    def sign_in(self, user: str, password: str) -> Session:
        """Sign `user` in (the office stays open); SignInFailed when the name, password or user will not do.
        A failed sign-in leaves whoever was signed in signed in."""
        if not self._sign_ins.has_users():
            raise SignInFailed("This office has no users yet; add the first manager (Setup > Users, or "
                               "officebill-cli users add NAME --role manager).")
        found = self._sign_ins.check(user, password)
        self._begin_session(found)
        self._sign_ins.record_sign_in(found)
        self._write_noted_failures(after_sign_in(self.path, found.name, password))
        return self._gate.session

    def _write_noted_failures(self, notes) -> None:
        """Sign-in failures an encrypted office's key file noted while it was locked, into the audit trail."""
        if not notes or self.read_only_reason:
            return
        with self.transaction():
            for at, name in notes:
                record_failed_sign_in(self._db, audit_text(name, user_exists(self._db, name)), as_utc(at))

    def switch(self, user: str, password: str) -> Session:
        """Another person signs in in place of the one signed in (the lock screen's "switch user")."""
        return self.sign_in(user, password)

    def sign_out(self) -> None:
        """Nobody is signed in: the office stays open, and every call raises SignInRequired until `sign_in`."""
        if self._gate.session is not None:  # (no reading here: the lock screen may sign out of a closed office)
            self._gate.users_required = True
        self._gate.session = None

    def _continue(self, session: Session) -> None:
        found = self._sign_ins.current(session.user_name)
        if found is None or found.role != session.role:
            raise SignInRequired(f"{session.user_name} can no longer sign in to {self.path}; sign in again.")
        self._begin_session(found)

    def _begin_session(self, user) -> None:
        self._gate.users_required = True
        self._gate.session = Session(user.name, user.full_name, user.role, user.must_change_password)
        name_audit_author(self._db, user.name)

    # ------------------------------------------------------------ transactions
    @contextmanager
    def transaction(self, *areas: Area) -> Iterator[Write]:
        """One write transaction (nested ones join it); listeners hear its Changes after the commit."""
        if self.read_only_reason:
            raise ReadOnlyOffice(self.read_only_reason)
        write = Write()
        write.add(*areas)
        outer = not self._open_writes
        self._open_writes.append(write)
        try:
            with write_transaction(self._db):
                yield write
        finally:
            self._open_writes.pop()
        if self._open_writes:
            self._open_writes[-1].add(*write.changes.areas)
        elif outer and write.changes:
            self._tell(write.changes)

    def open_read_only(self, problems: list[str]) -> None:
        """Refuse every write from now on: the file opened, but some of its rows are damaged."""
        shown = "; ".join(problems[:3]) + (f" (and {len(problems) - 3} more)" if len(problems) > 3 else "")
        self.read_only_reason = (f"{self.path} has damaged rows ({shown}), so it is open read-only and nothing "
                                 "can be saved. Restore a backup (File > Backups, or officebill-cli restore FILE).")

    def subscribe(self, listener: Callable[[Changes], None]) -> None:
        """Call `listener(changes)` after every committed write through this Office."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Changes], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _tell(self, changes: Changes) -> None:
        for listener in list(self._listeners):
            listener(changes)

    def bulk_stores(self) -> Stores:
        """The stores themselves, for the many-year demo generator only: it writes hundreds of thousands of
        visits and claims through them, inside `transaction()`, where a service per row would take hours.
        Past the permission guard, so on a file with users only a manager gets them."""
        self._gate.check("setup.write")
        return Stores.on(self._db)

    def data_stamp(self) -> tuple[int, int]:
        """A value that changes whenever this Office or another program commits a write to the file."""
        return change_stamp(self._db)
