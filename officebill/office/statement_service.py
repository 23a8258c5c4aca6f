"""`office.statements`: patient statements (who is due one, preview, the batch run, reprints, holds) and receipts.

The patient is their own guarantor (`billing.statements`). A run reads and
draws every due statement outside the write lock, writes the PDF whole
(temporary file in the same folder, fsync, rename), and only then records the
run and each statement, as printed, in one transaction; if any of these
accounts was sent a statement or put on hold by another program meanwhile,
nothing is recorded and the PDF is removed, so it cannot be mailed twice.
Previews, dry runs, reprints and receipts write a PDF and record nothing.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from ..billing.receipts import batch_problems, build_receipt
from ..billing.statements import Candidate, build_statement, due_account, is_due, settings_problems
from ..core.money import Money
from ..core.problems import Problem, UserError
from ..core.serialize import from_plain, to_plain
from ..core.statements import DueAccount, Receipt, Statement, StatementHold, StatementRun, StatementSettings
from ..documents.receipt_pdf import render_receipt
from ..documents.statement_pdf import render_statements
from ..storage.database import current_user
from ..storage.durable import write_private_file
from .changes import Area, Changes, Outcome
from .service import Service, fail_if

SETTINGS_KEY = "statements"
MAX_HOLD_REASON = 200


class StatementService(Service):
    """Statements and receipts: reading the books, drawing PDFs, recording runs and holds."""

    # ------------------------------------------------------------------ settings
    def settings(self) -> StatementSettings:
        """The office's statement settings (minimum, cycle, messages, remit-to), defaults where unset."""
        stored = self._stores.settings.get(SETTINGS_KEY)
        return from_plain(StatementSettings, stored) if stored else StatementSettings()

    def save_settings(self, settings: StatementSettings) -> Outcome[StatementSettings]:
        """Check and keep the statement settings; refused naming the field (minimum, cycle_days, messages.*)."""
        fail_if(settings_problems(settings))
        with self._write(Area.SETUP) as write:
            self._stores.settings.set(SETTINGS_KEY, to_plain(settings))
        return write.outcome(settings)

    # ------------------------------------------------------------------- reading
    def due(self, today: date | None = None) -> list[DueAccount]:
        """The accounts due a statement on `today`: patient balance at least the minimum, none sent within the
        cycle, not on hold. An account whose address is incomplete is listed with its `problem` (runs skip it)."""
        settings, today = self.settings(), today or date.today()
        found = []
        for row in self._stores.statements.candidates():
            candidate = Candidate(*row)
            if is_due(candidate, settings, today):
                found.append(due_account(candidate, self._stores.patients.get(candidate.patient_id)))
        return found

    def statement(self, patient_id: int, today: date | None = None) -> Statement:
        """One patient's statement as it would print on `today` (due or not); nothing is recorded."""
        self._check_patient(patient_id)
        return self._statements([patient_id], self.settings(), today or date.today())[0]

    def runs(self, limit: int = 200) -> list[StatementRun]:
        """The recorded runs, newest first: date, who, when, how many statements, their total."""
        return self._stores.statements.runs(limit)

    def get_run(self, run_id: int) -> StatementRun | None:
        """One recorded run with the accounts it went to."""
        return self._stores.statements.run(run_id)

    def holds(self) -> list[StatementHold]:
        """The accounts on hold (no statements until released)."""
        return self._stores.statements.holds()

    def hold_of(self, patient_id: int) -> StatementHold | None:
        """The account's hold, None when it gets statements."""
        return self._stores.statements.held(patient_id)

    # ------------------------------------------------------------------ printing
    def preview(self, patient_id: int, out_path: Path | str, today: date | None = None) -> Statement:
        """Write one patient's statement as it would print on `today` to `out_path` (PDF); records nothing."""
        statement = self.statement(patient_id, today)
        write_private_file(Path(out_path), render_statements([statement]))
        return statement

    def run(self, out_path: Path | str, today: date | None = None, dry_run: bool = False) -> Outcome[StatementRun]:
        """Print every due statement into one PDF at `out_path`, then record the run and each statement.

        Accounts without a complete address are left out (`value.skipped`). With `dry_run` the PDF is written
        and nothing is recorded (the run has no id). Nothing due is a UserError saying why."""
        stores, settings, today = self._stores, self.settings(), today or date.today()
        before = stores.statements.last_statement_id()
        due = self.due(today)
        skipped = tuple(d for d in due if d.problem)
        mailable = [d.patient_id for d in due if not d.problem]
        if not mailable:
            raise UserError(self._nothing_due(settings, skipped))
        statements = self._statements(mailable, settings, today)
        path = Path(out_path)
        write_private_file(path, render_statements(statements), replace_old=False)  # outside the write lock
        made = StatementRun(statement_date=today, run_at=datetime.now().isoformat(timespec="seconds"),
                            who=current_user(), minimum=settings.minimum, cycle_days=settings.cycle_days,
                            count=len(statements), total=Money.total(s.balance_due for s in statements),
                            accounts=tuple(s.account for s in statements), skipped=skipped)
        if dry_run:
            return Outcome(made, Changes())
        try:
            with self._write(Area.MONEY) as write:
                moved = stores.statements.recorded_since(before, mailable)
                if moved:
                    raise UserError(f"{len(moved)} of these accounts were sent a statement or put on hold in another "
                                    "window while this run was printing; nothing was recorded and the PDF was "
                                    "removed. Run the statements again.")
                run = stores.statements.add_run(made, [(s.patient_id, s.balance_due, _content(s)) for s in statements])
        except BaseException:
            path.unlink(missing_ok=True)  # an unrecorded run must not be mailed
            raise
        return write.outcome(replace(run, skipped=skipped))

    def reprint(self, run_id: int, out_path: Path | str) -> StatementRun:
        """Write a recorded run's statements again, exactly as printed, to `out_path`; records nothing."""
        run = self._stores.statements.run(run_id)
        if run is None:
            fail_if([Problem("run_id", f"There is no statement run {run_id}; see the runs with: "
                                       "officebill-cli statements runs")])
        statements = [from_plain(Statement, json.loads(c)) for c in self._stores.statements.contents(run_id)]
        write_private_file(Path(out_path), render_statements(statements))
        return run

    def receipt(self, patient_id: int, batch: int | None, out_path: Path | str) -> Receipt:
        """Write the receipt of a patient payment (its ledger batch; None: the latest) to `out_path` (PDF)."""
        patient = self._check_patient(patient_id)
        entries = self._stores.ledger.for_patient(patient_id)
        fail_if(batch_problems(entries, batch))
        receipt = build_receipt(patient, self._office.setup.practice(), entries, batch)
        write_private_file(Path(out_path), render_receipt(receipt))
        return receipt

    # --------------------------------------------------------------------- holds
    def hold(self, patient_id: int, reason: str = "", today: date | None = None) -> Outcome[StatementHold]:
        """Keep an account out of statement runs (disputed, payment plan, hardship...) until released."""
        self._check_patient(patient_id)
        if len(reason) > MAX_HOLD_REASON:
            fail_if([Problem("reason", f"Keep the reason to {MAX_HOLD_REASON} characters.")])
        with self._write(Area.MONEY) as write:
            held = self._stores.statements.hold(StatementHold(patient_id=patient_id, since=today or date.today(),
                                                              reason=reason.strip()))
        return write.outcome(held)

    def release(self, patient_id: int) -> Outcome[bool]:
        """Let an account get statements again; the value is False when it was not on hold."""
        self._check_patient(patient_id)
        with self._write(Area.MONEY) as write:
            released = self._stores.statements.release(patient_id)
        return write.outcome(released)

    # ------------------------------------------------------------------- helpers
    def _check_patient(self, patient_id: int):
        patient = self._stores.patients.get(patient_id) if patient_id is not None else None
        if patient is None:
            fail_if([Problem("patient_id", "That patient does not exist; choose the patient again.")])
        return patient

    def _statements(self, patient_ids: list[int], settings: StatementSettings, today: date) -> list[Statement]:
        """The patients' statements, in ZIP order then by name (presorted for the mail)."""
        stores = self._stores
        practice = self._office.setup.practice()
        labels = {p.code: p.label for p in stores.procedures.list() if p.label}
        entries = {pid: stores.ledger.for_patient(pid) for pid in patient_ids}
        visits = stores.visits.get_many(sorted({e.visit_id for found in entries.values() for e in found
                                                if e.visit_id is not None}))
        made = [build_statement(stores.patients.get(pid), entries[pid], visits, labels, practice, settings, today)
                for pid in patient_ids]
        return sorted(made, key=lambda s: (s.guarantor_address.zip, s.guarantor_name.upper(), s.account))

    def _nothing_due(self, settings: StatementSettings, skipped: tuple[DueAccount, ...]) -> str:
        if skipped:
            return (f"No statement can be mailed: the {len(skipped)} account(s) due have no complete mailing "
                    f"address (first: {skipped[0].account}); add the addresses, then run again.")
        return (f"No account is due a statement: none owes at least {settings.minimum} without having been sent "
                f"one in the last {settings.cycle_days} days (accounts on hold are left out).")


def _content(statement: Statement) -> str:
    """The statement as printed, as JSON (what a reprint draws)."""
    return json.dumps(to_plain(statement), separators=(",", ":"))
