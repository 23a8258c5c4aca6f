"""`office.remittances`: 835 remittances imported and posted, their work list, and 999/277CA acknowledgments.

An import is one transaction: the deposit made from BPR/TRN, every claim
result posted through the paper EOB's rules (`billing.posting`, matched and
fitted by `billing.remittance`), reversals undone entry by entry, the PLB
adjustments on the deposit, and each result that does not fit kept on the
work list; a refusal (a file imported before, another practice's file, an
unknown payer) leaves the office file exactly as it was. A dry run plans the
same way, reading only, and writes nothing.
"""
from __future__ import annotations

import gc
import json
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from ..billing.balances import live
from ..billing.posting import LineContext, eob_line_entries
from ..billing.remittance import plan_claim, reversal_problem
from ..billing.responsibility import next_party
from ..core.claim import Claim
from ..core.edi import claim_control_number, claim_id_from_control_number
from ..core.ledger import Deposit, EntryKind, EobLine, GroupCode, LedgerEntry, Party
from ..core.money import Money
from ..core.problems import Problem
from ..core.records import ClaimStatus, Payer
from ..core.remittance import (
    DENIED,
    FORWARDED,
    PAID_STATUSES,
    REVERSAL,
    AckResult,
    AckSummary,
    ClaimPayment,
    ClaimResult,
    Remittance,
    RemittanceSummary,
    WorkItem,
)
from ..core.serialize import from_plain, to_plain
from ..edi import acks
from ..edi.x12read import read_x12
from ..edi.x835 import payee_problems, read_835
from ..storage.database import current_user
from .changes import Area, Changes, Outcome
from .service import Service, fail_if


@dataclass
class _Plan:
    """What one claim result will do: post `lines`, reverse `undo` (entries by batch), or go to the work list."""

    payment: ClaimPayment
    claim: Claim | None = None
    party: Party = Party.PRIMARY
    lines: tuple[EobLine, ...] = ()
    contexts: dict[int, LineContext] = field(default_factory=dict)
    undo: list[list[LedgerEntry]] = field(default_factory=list)
    problem: str = ""

    @property
    def kind(self) -> str:
        return "work" if self.problem else ("reverse" if self.undo else "post")

    def result(self) -> ClaimResult:
        p = self.payment
        claim_id = self.claim.id if self.claim else None
        if self.problem:
            return ClaimResult(control=p.control, status=p.status, outcome="unmatched", claim_id=claim_id,
                               note=self.problem)
        if self.undo:
            return ClaimResult(control=p.control, status=p.status, outcome="reversed", claim_id=claim_id,
                               paid=p.paid, note=p.status_label)
        adjustments = [a for line in self.lines for a in line.adjustments]
        paid = Money.total(line.paid for line in self.lines)
        outcome = "denied" if p.status == DENIED or not paid else "paid"
        return ClaimResult(control=p.control, status=p.status, outcome=outcome, claim_id=claim_id, paid=paid,
                           adjusted=Money.total(a.amount for a in adjustments if a.group != GroupCode.PR.value),
                           patient=Money.total(a.amount for a in adjustments if a.group == GroupCode.PR.value),
                           note=p.status_label)


class _Books:
    """What the planning knows of the ledger, kept up to date as each plan is made (a reversal followed by
    the corrected payment in one file sees the balance the reversal gives back)."""

    def __init__(self, stores, claims: dict[int, Claim]):
        self.stores = stores
        line_ids = [line.id for claim in claims.values() for line in claim.lines if line.id is not None]
        self.owed = stores.remittances.line_party_balances(line_ids)
        self.policies: dict[int, list] = {}

    def owed_by(self, line_id: int, party: Party) -> Money:
        return self.owed.get((line_id, party), Money(0))

    def add(self, line_id: int, party: Party, amount: Money) -> None:
        self.owed[(line_id, party)] = self.owed_by(line_id, party) + amount

    def following(self, claim: Claim, party: Party) -> tuple[Party, int | None]:
        patient_id = claim.visit.patient_id
        if patient_id not in self.policies:
            self.policies[patient_id] = self.stores.policies.for_patient(patient_id)
        return next_party(party, self.policies[patient_id], claim.service_date)


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector paused for one import (objects are still freed as they are let go).

    Reading and posting a 1,000-claim 835 makes some hundred thousand objects that live until the import
    ends; the collector walked them all again and again (full collections a tenth of the import's CPU time).
    What cycles the import leaves are collected once it is over, in one pass; the import of 1,000 claims
    holds some 7 MB more meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        fail_if([Problem("file", f"Cannot read {path}: {exc.strerror or exc}. Check the file name.")])


class RemittanceService(Service):
    """835 files in: matched, posted, refused or kept for a person; acknowledgments read."""

    # ------------------------------------------------------------------ import
    def import_835(self, path: Path | str, dry_run: bool = False,
                   today: date | None = None) -> Outcome[RemittanceSummary]:
        """Import an 835 file: post it (one transaction) or, with `dry_run`, show what it would post."""
        path = Path(path)
        with _collector_paused():
            return self.import_remittance(read_835(_read_file(path)), path.name, dry_run=dry_run, today=today)

    def import_remittance(self, remittance: Remittance, file_name: str, dry_run: bool = False,
                          today: date | None = None) -> Outcome[RemittanceSummary]:
        today = today or date.today()
        practice = self._office.setup.practice()
        npis = {practice.npi} | {p.npi for p in self._office.setup.providers() if p.npi}
        fail_if(payee_problems(remittance, npis, practice.tax_id))
        if dry_run:
            self._refuse_if_imported(remittance)
            payer = self._payer(remittance)
            plans = self._plan_all(remittance, payer)
            return Outcome(self._summary(remittance, payer, plans, None, None, dry_run=True), Changes())
        with self._write(Area.MONEY, Area.CLAIMS) as write:
            self._refuse_if_imported(remittance)
            payer = self._payer(remittance)
            plans = self._plan_all(remittance, payer)
            summary = self._apply(remittance, payer, plans, file_name, today)
        return write.outcome(summary)

    def _refuse_if_imported(self, remittance: Remittance) -> None:
        earlier = self._stores.remittances.find(remittance.payer_key, remittance.trace_number)
        if earlier:
            fail_if([Problem("TRN", f"This payment (trace number {remittance.trace_number} from "
                                    f"{remittance.payer_name or remittance.payer_key}) was imported before: "
                                    f"{earlier['file_name']} on {earlier['imported'][:10]} by {earlier['who'] or 'someone'} "
                                    f"(import {earlier['id']}, deposit {earlier['deposit_id']}). Nothing was posted.")])

    def _payer(self, remittance: Remittance) -> Payer:
        """The payer in setup this 835 comes from: by electronic payer ID (N1*PR N104, REF*2U), else by name."""
        payers = self._office.setup.payers()
        ids = {i.upper() for i in remittance.payer_ids}
        found = [p for p in payers if p.payer_id and p.payer_id.upper() in ids]
        if not found:
            name = " ".join(remittance.payer_name.upper().split())
            found = [p for p in payers if name and " ".join(p.name.upper().split()) == name]
        if len(found) != 1:
            fail_if([Problem("N1*PR", f"No payer in Setup matches this 835's payer "
                                      f"'{remittance.payer_name}' (ID {', '.join(remittance.payer_ids) or 'none'}); "
                                      "enter its electronic payer ID in Setup > Payers and import again. "
                                      "Nothing was posted.")])
        return found[0]

    # ---------------------------------------------------------------- planning
    def _claims_named(self, payments) -> dict[int, Claim]:
        ids = {claim_id_from_control_number(p.control) for p in payments} - {None}
        return self._stores.claims.get_many(sorted(ids))

    def _plan_all(self, remittance: Remittance, payer: Payer) -> list[_Plan]:
        claims = self._claims_named(remittance.claims)
        books = _Books(self._stores, claims)
        ordered = sorted(remittance.claims, key=lambda p: p.status != REVERSAL)  # a reversal before its correction
        plans = []
        for payment in ordered:
            claim = claims.get(claim_id_from_control_number(payment.control))
            if claim is not None and claim_control_number(claim.patient.account, claim.id) != payment.control.upper():
                claim = None
            if claim is None:
                plans.append(_Plan(payment, problem=f"no claim has the control number {payment.control}"))
                continue
            plans.append(self._plan(payment, claim, payer, books))
        return plans

    def _plan(self, payment: ClaimPayment, claim: Claim, payer: Payer, books: _Books) -> _Plan:
        plan = _Plan(payment, claim, Party.of_priority(claim.policy.priority or 1))
        if claim.status in (ClaimStatus.VOID, ClaimStatus.REPLACED):
            plan.problem = f"claim {claim.id} is {claim.status.value}"
        elif claim.payer.id != payer.id:
            plan.problem = f"claim {claim.id} was billed to {claim.payer.name}, not to {payer.name}"
        elif payment.status == REVERSAL:
            self._plan_reversal(plan, payer, books)
        elif payment.status in PAID_STATUSES or payment.status == DENIED:
            visit = claim.visit
            plan.contexts = {line.id: LineContext(line.id, visit.id, visit.patient_id, visit.service_date,
                                                  books.owed_by(line.id, plan.party)) for line in claim.lines}
            fitted = plan_claim(payment, claim, plan.party, plan.contexts)
            plan.lines, plan.problem = fitted.lines, fitted.problem
            if not plan.problem:
                to_party = books.following(claim, plan.party)[0]
                for line in plan.lines:
                    books.add(line.service_line_id, plan.party,
                              -(line.paid + Money.total(a.amount for a in line.adjustments)))
                    books.add(line.service_line_id, to_party,
                              Money.total(a.amount for a in line.adjustments if a.group == GroupCode.PR.value))
        else:
            plan.problem = f"the payer reports '{payment.status_label}': nothing to post; look at it"
        if plan.problem:
            plan.lines, plan.undo = (), []
        return plan

    def _plan_reversal(self, plan: _Plan, payer: Payer, books: _Books) -> None:
        entries = self._stores.ledger.for_claim(plan.claim.id)
        standing = live(entries)
        payments = [e for e in standing if e.kind is EntryKind.INSURANCE_PAYMENT and e.party is plan.party
                    and e.payer_id == payer.id]
        plan.problem = reversal_problem(plan.payment, payments)
        if plan.problem:
            return
        batches = {e.batch for e in payments}
        plan.undo = [[e for e in standing if e.batch == batch] for batch in sorted(batches)]
        for batch in plan.undo:
            for entry in batch:
                books.add(entry.service_line_id, entry.party, -entry.amount)

    # ---------------------------------------------------------------- applying
    def _apply(self, remittance: Remittance, payer: Payer, plans: list[_Plan], file_name: str,
               today: date) -> RemittanceSummary:
        stores = self._stores
        deposit_id = None  # a file that pays nothing (BPR02 0: denials) is no money received: no deposit
        if remittance.amount:
            deposit_id = stores.deposits.insert(Deposit(
                payer_id=payer.id, number=remittance.trace_number[:50], received=remittance.paid_on or today,
                amount=remittance.amount, note=f"835 {file_name} ({remittance.method or 'payment'})")).id
        remittance_id = stores.remittances.insert(
            payer_key=remittance.payer_key, trace_number=remittance.trace_number, payer_id=payer.id,
            deposit_id=deposit_id, file_name=file_name, imported=datetime.now(), who=current_user(),
            amount=remittance.amount, summary="{}")
        books = _Books(stores, {})
        work_ids, batches = [], []
        numbers = stores.claims.payer_claim_numbers([p.claim.id for p in plans if p.kind == "post"])
        changed: dict[int, str] = {}
        for plan in plans:
            if plan.kind == "work":
                work_ids.append(stores.remittances.add_work(remittance_id, plan.payment.control, plan.problem,
                                                            json.dumps(to_plain(plan.payment))))
            else:
                batches += self._post(plan, deposit_id, remittance, remittance_id, books, today)
                given = plan.payment.payer_claim_number
                if not plan.undo and given and numbers.get(plan.claim.id) != given:
                    changed[plan.claim.id] = given
        stores.ledger.append_batches(batches)  # one statement for the whole file: one batch per line's result
        self._office.money.apply_visit_credits({plan.claim.visit.id for plan in plans if plan.kind == "post"}, today)
        stores.claims.set_payer_claim_numbers(changed)  # CLP07, needed later for a corrected claim
        self._follow_up(plans, books, today)
        for adjustment in remittance.provider_adjustments if deposit_id else ():  # else kept in the summary
            stores.deposits.add_adjustment(deposit_id, adjustment.reason, adjustment.reference, -adjustment.amount)
        summary = self._summary(remittance, payer, plans, remittance_id, deposit_id, tuple(work_ids))
        stores.remittances.set_summary(remittance_id, json.dumps(to_plain(summary)))
        return summary

    def _post(self, plan: _Plan, deposit_id: int | None, remittance: Remittance, remittance_id: int, books: _Books,
              today: date) -> list[list[LedgerEntry]]:
        """The ledger batches one plan posts (the caller appends them); a reversal's deposit adjustments are
        written here."""
        stores, claim = self._stores, plan.claim
        note = f"835 trace {remittance.trace_number}"
        if plan.undo:
            moved: dict[int, Money] = {}
            batches = []
            for batch in plan.undo:
                batches.append([e.reversed_by(today, note=f"{note}: payer reversed claim {claim.id}") for e in batch])
                for entry in batch:
                    if entry.kind is EntryKind.INSURANCE_PAYMENT and entry.deposit_id is not None:
                        moved[entry.deposit_id] = moved.get(entry.deposit_id, Money(0)) - entry.amount
            for source, amount in moved.items():
                reference = f"claim {claim.id} reversed on remittance {remittance_id}"
                stores.deposits.add_adjustment(source, "reversal", reference, amount)
                if deposit_id is not None:  # else the payer recoups it later (PLB forward balance)
                    stores.deposits.add_adjustment(deposit_id, "reversal", reference + f" (from deposit {source})",
                                                   -amount)
            return batches
        following = books.following(claim, plan.party)
        return [eob_line_entries(line, plan.contexts[line.service_line_id], claim_id=claim.id, deposit_id=deposit_id,
                                 party=plan.party, payer_id=claim.payer.id, next_party=following, posted=today, who="",
                                 note=note) for line in plan.lines]

    def _follow_up(self, plans: list[_Plan], books: _Books, today: date) -> None:
        """As after a paper EOB: where lines now stand with a secondary or tertiary payer, its claim is made
        (`office.claims.follow_up`), or recorded as sent when the payer forwarded it itself (CLP02 19-21)."""
        for plan in plans:
            if plan.kind == "post" and books.following(plan.claim, plan.party)[0].is_insurance:
                self._office.claims.follow_up(plan.claim.id, today=today,
                                              forwarded=plan.payment.status in FORWARDED)

    def _summary(self, remittance: Remittance, payer: Payer, plans: list[_Plan], remittance_id, deposit_id,
                 work_ids: tuple[int, ...] = (), dry_run: bool = False) -> RemittanceSummary:
        results = tuple(plan.result() for plan in plans)
        applied = Money.total(r.paid for r in results if r.outcome in ("paid", "denied"))
        reversed_ = Money.total(r.paid for r in results if r.outcome == "reversed")
        unapplied = remittance.amount - applied - reversed_ + remittance.provider_adjustment_total
        return RemittanceSummary(remittance_id=remittance_id, deposit_id=deposit_id, payer_name=payer.name,
                                 trace_number=remittance.trace_number, amount=remittance.amount, dry_run=dry_run,
                                 results=results, provider_adjustments=remittance.provider_adjustment_total,
                                 unapplied=unapplied, work_items=work_ids)

    # --------------------------------------------------------------- work list
    def work(self, open_only: bool = True) -> list[WorkItem]:
        """Claim payments an import could not post, oldest first (only the unresolved ones by default)."""
        return [self._item(row) for row in self._stores.remittances.work(open_only)]

    @staticmethod
    def _item(row: dict) -> WorkItem:
        return WorkItem(id=row["id"], remittance_id=row["remittance_id"], control=row["control"],
                        problem=row["problem"], payment=from_plain(ClaimPayment, json.loads(row["content"])),
                        trace_number=row["trace_number"], payer_name=row["payer_name"] or "",
                        resolved=row["resolved"], resolution=row["resolution"])

    def resolve(self, work_id: int, claim_id: int | None = None, note: str = "",
                today: date | None = None) -> Outcome[WorkItem]:
        """Resolve a work item: post it to the claim a person chose (the same rules as an import), or, with no
        claim, mark it handled with a note saying what was done."""
        today = today or date.today()
        stores = self._stores
        with self._write(Area.MONEY, Area.CLAIMS) as write:
            row = stores.remittances.work_item(work_id)
            if row is None:
                fail_if([Problem("work_id", f"There is no work item {work_id}.")])
            if row["resolved"]:
                fail_if([Problem("work_id", f"Work item {work_id} was resolved on {row['resolved']:%m/%d/%Y}: "
                                            f"{row['resolution']}")])
            item = self._item(row)
            if claim_id is None:
                if not note.strip():
                    fail_if([Problem("note", "Say what was done with it (for example 'posted by hand', "
                                              "'not ours, returned to the payer').")])
                resolution = f"handled: {note.strip()}"
            else:
                claim = stores.claims.get(claim_id)
                if claim is None:
                    fail_if([Problem("claim_id", f"There is no claim {claim_id}.")])
                remittance = stores.remittances.get(row["remittance_id"])
                payer = self._office.setup.payer(remittance["payer_id"])
                plan = self._plan(item.payment, claim, payer, _Books(stores, {claim.id: claim}))
                if plan.problem:
                    fail_if([Problem("claim_id", f"It does not fit claim {claim_id}: {plan.problem}.")])
                trace = Remittance(amount=Money(0), trace_number=row["trace_number"])
                books = _Books(stores, {})
                stores.ledger.append_batches(self._post(plan, row["deposit_id"], trace, row["remittance_id"], books,
                                                        today))
                self._follow_up([plan], books, today)
                if item.payment.payer_claim_number and item.payment.status != REVERSAL:
                    stores.claims.set_payer_claim_numbers({claim.id: item.payment.payer_claim_number})
                resolution = f"posted to claim {claim_id}" + (f": {note.strip()}" if note.strip() else "")
            stores.remittances.resolve_work(work_id, today, resolution)
            done = self._item(stores.remittances.work_item(work_id))
        return write.outcome(replace(done))

    # -------------------------------------------------------- acknowledgments
    def import_ack(self, path: Path | str, today: date | None = None) -> Outcome[AckSummary]:
        """Record a 999 or 277CA; each claim rejected goes back to "needs attention" with the reason in words."""
        path = Path(path)
        raw = _read_file(path)
        kind = acks.kind_of(raw)
        if not kind:  # the reader refuses it, naming what the file is
            read_x12(raw, {("FA", acks.VERSION_999[0]): "999", ("HN", acks.VERSION_277CA): "277"},
                     "999 or 277CA acknowledgment")
            fail_if([Problem("GS", "This file is neither a 999 nor a 277CA acknowledgment.")])
        with self._write(Area.CLAIMS) as write:
            now = datetime.now()
            if kind == "999":
                results = self._record_999(acks.read_999(raw), path.name, now)
            else:
                results = self._record_277ca(acks.read_277ca(raw), path.name, now)
        return write.outcome(AckSummary(kind=kind, file_name=path.name, results=tuple(results)))

    def acknowledgments(self, claim_id: int) -> list[dict]:
        """What the 999s and 277CAs said about a claim, oldest first."""
        return self._stores.remittances.acknowledgments(claim_id)

    def _record_999(self, ack: acks.FunctionalAck, file_name: str, now: datetime) -> list[AckResult]:
        store = self._stores.remittances
        batch_id = store.batch_by_group_control(ack.group_control) if ack.group_control is not None else None
        if batch_id is None:
            fail_if([Problem("AK1", f"No 837P file sent from this office has the group control number "
                                    f"{ack.group_control} (AK102); this 999 answers another office's file.")])
        results = []
        for one in ack.sets:
            codes = one.code
            claim_ids = store.batch_claims(batch_id, one.transaction_control) or [None]
            for claim_id in claim_ids:
                back = False
                if claim_id is not None and not one.accepted:
                    back = self._needs_attention(claim_id, f"rejected by the clearinghouse (999 {one.code}): "
                                                           f"{one.words}")
                store.add_acknowledgment(kind="999", file_name=file_name, imported=now, batch_id=batch_id,
                                         claim_id=claim_id, accepted=one.accepted, codes=codes, message=one.words)
                results.append(AckResult(control=one.transaction_control, accepted=one.accepted, codes=codes,
                                         words=one.words, claim_id=claim_id, batch_id=batch_id,
                                         back_to_attention=back))
        return results

    def _record_277ca(self, claims: list[acks.ClaimAck], file_name: str, now: datetime) -> list[AckResult]:
        stores = self._stores
        results = []
        for one in claims:
            claim_id = claim_id_from_control_number(one.control)
            claim = stores.claims.get(claim_id) if claim_id is not None else None
            if claim is None or claim_control_number(claim.patient.account, claim.id) != one.control.upper():
                claim = None
            words = one.words if claim else f"{one.words} (no claim of this office has this control number)"
            back = False
            if claim is not None and not one.accepted:
                back = self._needs_attention(claim.id, f"rejected by the payer (277CA): {one.words}")
            elif claim is not None and one.payer_claim_number and not stores.claims.payer_claim_number(claim.id):
                stores.claims.set_payer_claim_number(claim.id, one.payer_claim_number)
            stores.remittances.add_acknowledgment(kind="277CA", file_name=file_name, imported=now, batch_id=None,
                                                  claim_id=claim.id if claim else None, accepted=one.accepted,
                                                  codes=" ".join(one.codes), message=words)
            results.append(AckResult(control=one.control, accepted=one.accepted, codes=" ".join(one.codes),
                                     words=words, claim_id=claim.id if claim else None, back_to_attention=back))
        return results

    def _needs_attention(self, claim_id: int, reason: str) -> bool:
        """Put a rejected claim back to draft ("needs attention") with the reason; False when it is past that."""
        claim = self._stores.claims.get(claim_id)
        if claim is None or claim.status not in (ClaimStatus.SENT, ClaimStatus.PRINTED, ClaimStatus.READY):
            return False
        self._stores.claims.set_status(claim, ClaimStatus.DRAFT, reason)
        return True
