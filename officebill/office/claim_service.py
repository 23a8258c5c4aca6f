"""`office.claims`: make claims from visits, check them, void or correct them, and read them.

One claim per visit per payer (the primary policy covering the date of
service). A claim holds a snapshot of the visit, patient, policies, payer,
providers, facility and practice. While a claim is a draft or ready, a check
refreshes the snapshot, but writes only when something it depends on changed
(reading never writes); printed claims never change: voiding or correcting
makes a new version (frequency 8 or 7, box 22). A rebuilt claim keeps its
policy as on file now (an ended one is then reported); a visit whose claims
are all void (or void versions) is billed again (`make` for it, `bill_again`).
Overrides of findings with a written reason: `claim_overrides`.

Secondary and tertiary claims: once a payer's result is posted and lines stand
with the next payer, `follow_up` (called by `office.payments.post_insurance` in
the posting's own transaction) makes the claim to that payer for those lines,
with the earlier payers' results frozen in it (`Claim.prior_payments`). It is
made once per visit and policy: a reversed and reposted result refreshes the
unprinted claim instead of making another. A claim the payer forwarded itself
(Medicare's crossovers to Medicaid or to a Medigap plan named in box 9, or any
payer's when `forwarded=True`) is recorded as sent, never printed, so the next
payer's payment has a claim to be posted to; if it never arrives, the office
voids it and makes the claim by hand (`make_secondary`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from ..billing.coordination import moved_to, prior_results
from ..billing.responsibility import covering
from ..claims.scrubber import Finding, HistoryKey, has_errors, scrub
from ..core.claim import Claim, ClaimListRow, PriorLine, PriorPayment, medicare_crosses_over
from ..core.ledger import Party
from ..core.money import Money
from ..core.problems import UserError
from ..core.records import ClaimFrequency, ClaimStatus, PlanType, Policy, Visit, VisitStatus
from ..storage.claim_store import LIST_ORDERS
from ..storage.override_store import OverrideStore
from .changes import Area, Changes, Outcome
from .claim_overrides import OverrideRules
from .claim_search_service import ClaimSearchActions
from .service import Service

__all__ = ["LIST_ORDERS", "ClaimEvent", "ClaimListRow", "ClaimService", "MadeClaims", "status_for"]


@dataclass(frozen=True)
class ClaimEvent:
    """One change of a claim's status: when, to what, and why."""

    at: datetime
    status: ClaimStatus
    note: str


@dataclass(frozen=True)
class MadeClaims:
    """What `make` did: the claims made, and each visit skipped with the reason."""

    made: list[Claim]
    skipped: list[tuple[int, str]]


# How far back Make claims looks for results whose secondary claim was never made: a year, Medicare's
# timely filing limit (MONEY.md); an older result is past most payers' limits, so it is left alone.
FOLLOW_UP_WINDOW = timedelta(days=365)


def _dates(patient_id, visit: Visit, lines) -> set:
    """The (patient, date) pairs whose billed lines the duplicate check of these lines needs."""
    return {(patient_id, visit.service_date)} | {(patient_id, line.from_date) for line in lines if line.from_date}


def _by_day(billed: list) -> dict:
    """The claim store's billed lines by (patient, date), so each claim of a batch reads only its own days."""
    index: dict = {}
    for row in billed:
        index.setdefault((row[1][0], row[1][1]), []).append(row)
    return index


def status_for(findings: list[Finding]) -> ClaimStatus:
    """Ready when the scrubber found no error (or only overridden ones), draft otherwise."""
    return ClaimStatus.DRAFT if has_errors(findings) else ClaimStatus.READY


def bills_visit(claim: Claim) -> bool:
    """True for a claim that bills its visit's services now: current (not void, not replaced) and not a void
    version (frequency 8). A visit with none can be billed again."""
    return claim.status.is_current and claim.frequency is not ClaimFrequency.VOID


class ClaimService(OverrideRules, ClaimSearchActions, Service):
    """Claims: made from visits, checked, voided or corrected, findings overridden with a reason (printing is
    `office.printing`)."""

    def __init__(self, office, stores):
        super().__init__(office, stores)
        self._findings_cache: dict = {}  # (claim id, status, version) -> (data stamp, claim, findings)
        self._overrides = OverrideStore(stores.claims.db)

    # ------------------------------------------------------------- reading
    def get(self, claim_id: int) -> Claim | None:
        return self._stores.claims.get(claim_id)

    def list(self, statuses: tuple[ClaimStatus, ...] | None = None) -> list[Claim]:
        """Claims, newest first; only those in `statuses` when given."""
        return self._stores.claims.list(tuple(ClaimStatus(s).value for s in statuses) if statuses else None)

    def for_visit(self, visit_id: int) -> list[Claim]:
        return self._stores.claims.for_visit(visit_id)

    def page(self, statuses: tuple[ClaimStatus, ...], offset: int = 0, limit: int = 200, order: str = "created",
             descending: bool = True) -> list[ClaimListRow]:
        """One page of the claims in `statuses` as list rows (the whole claim: `get`); sorted in SQL by `order`,
        one of `LIST_ORDERS` (id, patient, account, service_date, payer, total, status, version, created)."""
        return self._stores.claims.page(tuple(ClaimStatus(s).value for s in statuses), offset, limit, order,
                                        descending)

    def counts(self) -> dict[ClaimStatus, int]:
        """How many claims have each status (every status present, 0 when none)."""
        found = self._stores.claims.counts()
        return {status: found.get(status.value, 0) for status in ClaimStatus}

    def findings(self, claim: Claim, today: date | None = None) -> list[Finding]:
        """The claim's findings as the office's data stands, scrubbed again only after the file changed
        (any write by this or another program); showing a claim writes nothing."""
        stamp = (self._office.data_stamp(), today)
        cache = self._findings_cache
        key = (claim.id, claim.status, claim.version)
        hit = cache.get(key)
        if hit is not None and hit[0] == stamp and hit[1] == claim:
            return hit[2]
        if cache and next(iter(cache.values()))[0] != stamp:
            cache.clear()
        findings = self.scrub(claim, today)
        cache[key] = (stamp, claim, findings)
        return findings

    def history(self, claim_id: int) -> list[ClaimEvent]:
        """Every status the claim has had, oldest first."""
        return [ClaimEvent(datetime.fromisoformat(row["at"]), ClaimStatus(row["status"]), row["note"] or "")
                for row in self._stores.claims.history(claim_id)]

    def followers(self, claim_id: int) -> list[Claim]:
        """The secondary/tertiary claims made after this claim's posted result (voided ones too), oldest first."""
        return self._stores.claims.followers(claim_id)

    def payer_claim_number(self, claim_id: int) -> str:
        """The payer's claim number (ICN/DCN) recorded for a claim; '' when none yet."""
        return self._stores.claims.payer_claim_number(claim_id) or ""

    # ------------------------------------------------------------- building
    def build(self, visit: Visit, *, base: Claim | None = None, today: date | None = None) -> Claim:
        """The claim for a visit as the office's data stands now (not saved)."""
        stores = self._stores
        on_file = stores.policies.get(base.policy.id) if base is not None and base.policy.id is not None else None
        if on_file is not None or (base is not None and base.primary_claim_id is not None):
            # A claim keeps its policy as on file now, even one that ended or stopped covering the date of
            # service (policy.active then reports it); a secondary keeps its payer even if the policy left the
            # patient's screen.
            policy = on_file or base.policy
            other = next((p for p in stores.policies.for_patient(visit.patient_id)
                          if p.id != policy.id and p.covers(visit.service_date)), None)
        else:
            policy, other = self._policies_for(visit)
        claim = Claim(
            created=today or date.today(), practice=self._office.setup.practice(),
            provider=stores.providers.get(visit.provider_id),
            facility=stores.facilities.get(visit.facility_id) if visit.facility_id else None,
            payer=stores.payers.get(policy.payer_id), patient=stores.patients.get(visit.patient_id), policy=policy,
            other_policy=other, other_payer=stores.payers.get(other.payer_id) if other else None,
            visit=visit, lines=visit.lines,
        )
        if base is not None:
            claim = replace(claim, id=base.id, version=base.version, frequency=base.frequency,
                            original_ref=base.original_ref, status=base.status, created=base.created,
                            primary_claim_id=base.primary_claim_id)
            if base.primary_claim_id is not None:
                claim = self._with_prior_results(claim, base)
        return claim

    def _with_prior_results(self, claim: Claim, base: Claim) -> Claim:
        """A secondary/tertiary claim: the earlier payer in boxes 9-9d, the lines moved to this payer, and
        every earlier payer's standing result on them (what they paid: box 29)."""
        stores = self._stores
        prior_claim = stores.claims.get(base.primary_claim_id)
        other = stores.policies.get(prior_claim.policy.id) or prior_claim.policy
        entries = stores.ledger.for_lines([line.id for line in claim.visit.lines if line.id is not None])
        party = Party.of_priority(claim.policy.priority or 1)
        moved = set(moved_to(entries, party))
        lines = tuple(line for line in claim.visit.lines if line.id in moved) or base.lines
        on_claim = {line.id: line for line in lines}
        received = {deposit_id: stores.deposits.get(deposit_id).received
                    for deposit_id in {e.deposit_id for e in entries if e.deposit_id is not None}}
        priors = []
        for claim_id, results in prior_results(entries, party, received).items():
            results = [r for r in results if r.service_line_id in on_claim]
            if not results:
                continue
            paid_claim = prior_claim if claim_id == prior_claim.id else stores.claims.get(claim_id)
            priors.append((results[0].party.priority, claim_id, PriorPayment(
                claim_id=claim_id, payer=paid_claim.payer, policy=paid_claim.policy,
                payer_claim_number=stores.claims.payer_claim_number(claim_id) or "",
                lines=tuple(PriorLine(service_line_id=r.service_line_id, code=on_claim[r.service_line_id].code,
                                      charge=on_claim[r.service_line_id].charge, allowed=r.allowed, paid=r.paid,
                                      adjustments=tuple(r.adjustments), paid_date=r.paid_date)
                            for r in sorted(results, key=lambda r: list(on_claim).index(r.service_line_id))))))
        prior_payments = tuple(p for _, _, p in sorted(priors, key=lambda t: t[:2]))
        # Box 29: NUCC, what other payers paid on these services; Medicare wants only the patient's payments.
        paid = Money(0) if claim.payer.plan_type == PlanType.MEDICARE else Money.total(p.paid for p in prior_payments)
        return replace(claim, other_policy=other, other_payer=stores.payers.get(other.payer_id) or prior_claim.payer,
                       lines=lines, prior_payments=prior_payments, amount_paid=paid)

    def scrub(self, claim: Claim, today: date | None = None, billed: dict | None = None) -> list[Finding]:
        """Every finding for a claim; `billed` (the claim store's billed lines of a batch's days, `_by_day`)
        saves the query in batches."""
        days = _dates(claim.patient.id, claim.visit, claim.lines)
        if billed is None:
            billed = _by_day(self._stores.claims.billed_lines(days))
        billed = [row for day in days for row in billed.get(day, ())]
        # Not a duplicate of itself, nor of the claims whose results it follows or that follow it (one payer
        # may be both primary and secondary, through two employers' plans).
        own = {claim.id, claim.primary_claim_id} | {prior.claim_id for prior in claim.prior_payments}
        history = [key for claim_id, key, follows in billed
                   if claim_id not in own and (claim.id is None or follows != claim.id)]
        codes = self._office.codes
        overrides = self._overrides.reasons(claim.visit.id) if claim.visit.id is not None else None
        current_policy = (self._stores.policies.get(claim.policy.id)
                          if claim.policy.id is not None and not claim.status.is_unprinted else None)
        electronic = self._stores.edi.payer_routes().get(claim.payer.id) is not None
        return scrub(claim, codes.claim_lookup, history, today=today, releases=codes.release_lookup,
                     procedures=codes.procedure_edits, overrides=overrides, current_policy=current_policy,
                     electronic=electronic)

    def _policies_for(self, visit: Visit) -> tuple[Policy, Policy | None]:
        covering = [p for p in self._stores.policies.for_patient(visit.patient_id) if p.covers(visit.service_date)]
        if not covering:
            patient = self._stores.patients.get(visit.patient_id)
            raise UserError(f"{patient.display_name} has no insurance policy in force on "
                            f"{visit.service_date:%m/%d/%Y}; add or fix the policy on the patient's screen.")
        primary = covering[0]
        return primary, next((p for p in covering if p.id != primary.id), None)

    # ------------------------------------------------------------- writing
    def make(self, visit_ids: list[int] | None = None, today: date | None = None) -> Outcome[MadeClaims]:
        """Claims for the given visits (default: every visit without one), in one transaction.

        Clean claims are ready, the others draft; visits that cannot have a claim are skipped with the reason.
        By default the secondary and tertiary claims still owed are made too, for results posted in the last
        year without `office.payments.post_insurance` (which makes them itself)."""
        today = today or date.today()
        stores = self._stores
        wanted = visit_ids if visit_ids is not None else stores.claims.visits_without_claims()
        made, skipped = [], []
        with self._write() as write:
            if visit_ids is None:
                for claim_id in stores.claims.awaiting_followers(today - FOLLOW_UP_WINDOW):
                    follower = self._follow(claim_id, today, forwarded=None, by_hand=False)
                    if follower is not None:
                        made.append(follower)
                        write.add(Area.CLAIMS)
            visits = stores.visits.get_many(wanted)
            billed = _by_day(stores.claims.billed_lines(set().union(*(_dates(v.patient_id, v, v.lines)
                                                                      for v in visits.values()))))
            for visit_id in wanted:
                visit = visits.get(visit_id)
                if visit is None:
                    skipped.append((visit_id, "no such visit"))
                    continue
                if any(bills_visit(c) for c in stores.claims.for_visit(visit_id)):
                    skipped.append((visit_id, "already has a claim"))
                    continue
                visit = replace(visit, status=VisitStatus.BILLED)  # as the claim makes it: a check then finds no change
                try:
                    claim = self.build(visit, today=today)
                except UserError as exc:
                    skipped.append((visit_id, str(exc)))
                    continue
                claim = stores.claims.insert(replace(claim, status=status_for(self.scrub(claim, today, billed))))
                made.append(claim)
                for line in claim.lines:  # the batch's next claims see this one's lines as billed (as the store does)
                    billed.setdefault((visit.patient_id, visit.service_date), []).append(
                        (claim.id, HistoryKey(visit.patient_id, visit.service_date, line.code, claim.payer.id,
                                              tuple(line.modifiers), visit.provider_id, line.units, claim.id), None))
                stores.visits.set_status(visit_id, VisitStatus.BILLED)
            if made:
                write.add(Area.CLAIMS, Area.VISITS)
        return write.outcome(MadeClaims(made, skipped))

    def check(self, claim_ids: list[int] | None = None,
              today: date | None = None) -> Outcome[dict[int, list[Finding]]]:
        """Findings of the chosen claims (default: every unprinted one), by claim id.

        An unprinted claim is brought up to date with the office's data and set ready or draft. Everything
        is worked out by reading; a write transaction opens only for the claims whose data or status
        changed, so a check of unchanged claims writes nothing (and works on a read-only office)."""
        today = today or date.today()
        stores = self._stores
        chosen = [c for c in ([stores.claims.get(i) for i in claim_ids] if claim_ids
                              else self.list(ClaimStatus.unprinted())) if c is not None]
        billed = _by_day(stores.claims.billed_lines(set().union(*(_dates(c.patient.id, c.visit, c.lines)
                                                                  for c in chosen))))
        results, changed = {}, []
        for claim in chosen:
            current = self._rebuilt(claim) if claim.status.is_unprinted else claim
            findings = self.scrub(current, today, billed)
            status = status_for(findings) if claim.status.is_unprinted else claim.status
            if current != claim or status != claim.status:
                changed.append((current, current != claim, status))
            results[claim.id] = findings
        if not changed:
            return Outcome(results, Changes())
        with self._write(Area.CLAIMS) as write:
            for claim, data_changed, status in changed:
                if data_changed:
                    claim = stores.claims.update_snapshot(claim)
                if status != claim.status:
                    stores.claims.set_status(claim, status, "checked")
        return write.outcome(results)

    def _rebuilt(self, claim: Claim) -> Claim:
        """The unprinted claim rebuilt from the visit, its policy and the setup as they are now (not saved)."""
        try:
            return self.build(self._stores.visits.get(claim.visit.id), base=claim, today=claim.created)
        except UserError:
            return claim  # its policy was deleted and none covers the day: keep the snapshot

    def bill_again(self, claim_id: int, today: date | None = None) -> Outcome[Claim]:
        """A new claim for the visit of a voided claim (or of a claim whose void version was made), from the visit
        as it stands now; nothing to re-enter. Refused while the visit still has a claim billing it."""
        stores = self._stores
        claim = stores.claims.get(claim_id)
        if claim is None:
            raise UserError(f"No claim has the number {claim_id}.")
        live = [c.id for c in stores.claims.for_visit(claim.visit.id) if bills_visit(c)]
        if live:
            raise UserError(f"The visit of claim {claim_id} is still billed on claim {live[0]}: void that claim "
                            "first, or correct it (a replacement) instead of billing again.")
        outcome = self.make([claim.visit.id], today)
        if not outcome.value.made:
            reason = outcome.value.skipped[0][1] if outcome.value.skipped else "nothing to bill"
            raise UserError(f"The visit of claim {claim_id} cannot be billed again: {reason}")
        return Outcome(outcome.value.made[0], outcome.changes)

    # ------------------------------------------------------------- secondary and tertiary claims
    def follow_up(self, claim_id: int, today: date | None = None,
                  forwarded: bool | None = None) -> Outcome[Claim | None]:
        """After a payer's result on `claim_id` is posted: make the claim to the next payer for the lines now
        standing with it, once. If one was made already, an unprinted one is refreshed from the books (a
        reposted result) and none is made. `forwarded`: True when the payer forwarded the claim itself
        (crossover: an 835's CLP02 19-21), False when it did not; None decides by Medicare's crossover rules.
        A forwarded claim is made as sent (the next payer has it: not printed). Returns the claim made, or None."""
        with self._write() as write:
            made = self._follow(claim_id, today or date.today(), forwarded=forwarded, by_hand=False)
            if made is not None:
                write.add(Area.CLAIMS)
        return write.outcome(made)

    def make_secondary(self, claim_id: int, today: date | None = None) -> Outcome[Claim]:
        """Make the claim to the next payer after `claim_id`'s posted result by hand (for example when
        Medicare did not cross it over, or after the office voided the first one)."""
        with self._write(Area.CLAIMS) as write:
            made = self._follow(claim_id, today or date.today(), forwarded=False, by_hand=True)
        return write.outcome(made)

    def _follow(self, claim_id: int, today: date, *, forwarded: bool | None, by_hand: bool) -> Claim | None:
        stores = self._stores
        prior = stores.claims.get(claim_id)
        if prior is None:
            raise UserError(f"No claim has the number {claim_id}.")
        visit = stores.visits.get(prior.visit.id)
        party = Party.of_priority(prior.policy.priority or 1)
        following = [p for p in covering(stores.policies.for_patient(visit.patient_id), visit.service_date)
                     if p.priority > party.priority]
        entries = stores.ledger.for_lines([line.id for line in visit.lines if line.id is not None])
        policy = following[0] if following else None
        if policy is None or not moved_to(entries, Party.of_priority(policy.priority)):
            if by_hand:
                raise UserError(f"Nothing of claim {claim_id} stands with another payer: post the payer's result "
                                "first (its PR amounts move to the next policy on file for the date of service).")
            return None
        payer = stores.payers.get(policy.payer_id)
        if stores.claims.has_follower(visit.id, policy.id):
            live = [c for c in stores.claims.for_visit(visit.id) if c.policy.id == policy.id and c.status.is_current
                    and c.frequency is not ClaimFrequency.VOID]  # a void version to send is no claim to bill
            if by_hand and live:
                raise UserError(f"Claim {live[0].id} to {payer.name} already exists for this visit; "
                                "correct or void it instead.")
            if not by_hand:
                unprinted = [c.id for c in live if c.status.is_unprinted and c.is_secondary]
                if unprinted:
                    self.check(unprinted, today)
                for sent in (c for c in live if not c.status.is_unprinted and c.is_secondary):
                    self._note_if_outdated(sent, visit, today)
                return None
        base = Claim(primary_claim_id=prior.id, policy=policy, visit=visit, created=today)
        claim = self.build(visit, base=base, today=today)
        which = "tertiary" if policy.priority >= 3 else "secondary"
        if forwarded or (forwarded is None and medicare_crosses_over(prior.payer, policy, payer)):
            # The payer has it already (crossover): kept as sent, never printed, so its payment has a claim.
            return stores.claims.insert(
                replace(claim, status=ClaimStatus.SENT, printed=today),
                note=f"{which} claim forwarded by {prior.payer.name} (crossover): not to be printed or sent again; "
                     f"post {payer.name}'s payment to it, or void it and make it by hand if {payer.name} never "
                     "receives it")
        return stores.claims.insert(replace(claim, status=status_for(self.scrub(claim, today))),
                                    note=f"{which} claim after claim {prior.id}")

    def _note_if_outdated(self, claim: Claim, visit: Visit, today: date) -> None:
        """A printed or sent secondary claim never changes; when the earlier payers' results it carries no longer
        stand (a reposted EOB), its history says so, and the office sends a correction (frequency 7)."""
        current = self.build(visit, base=claim, today=today).prior_payments
        if current != claim.prior_payments:
            self._stores.claims.add_history(claim, "the earlier payer's result changed after this claim went out: "
                                                   "correct it (a replacement carries the new result)")

    def set_payer_claim_number(self, claim_id: int, number: str) -> Outcome[None]:
        """Record the payer's claim number (ICN/DCN), needed in box 22 of a replacement or void."""
        with self._write(Area.CLAIMS) as write:
            self._stores.claims.set_payer_claim_number(claim_id, number.strip())
        return write.outcome(None)

    def void(self, claim_id: int, today: date | None = None) -> Outcome[Claim]:
        """Cancel a claim: an unprinted one is simply void; a printed one gets a void version (frequency 8)."""
        return self._new_version(claim_id, ClaimFrequency.VOID, today)

    def correct(self, claim_id: int, today: date | None = None) -> Outcome[Claim]:
        """A replacement (frequency 7) of a printed claim, from the visit as it stands now."""
        return self._new_version(claim_id, ClaimFrequency.REPLACEMENT, today)

    def _new_version(self, claim_id: int, frequency: ClaimFrequency, today: date | None) -> Outcome[Claim]:
        today = today or date.today()
        stores = self._stores
        original = stores.claims.get(claim_id)
        if original is None:
            raise UserError(f"No claim has the number {claim_id}.")
        if not original.status.can_void:
            raise UserError(f"Claim {claim_id} is already {original.status.value}; work on its newest version.")
        if frequency is ClaimFrequency.REPLACEMENT and not original.status.can_correct:
            raise UserError(f"Claim {claim_id} was never printed: fix the visit and check it again instead.")
        with self._write(Area.CLAIMS) as write:
            if original.status.is_unprinted:
                return write.outcome(stores.claims.set_status(original, ClaimStatus.VOID, "voided before printing"))
            base = replace(original, version=original.version + 1, frequency=frequency,
                           original_ref=self.payer_claim_number(claim_id), status=ClaimStatus.DRAFT,
                           created=today, printed=None)
            claim = base if frequency is ClaimFrequency.VOID else self.build(stores.visits.get(original.visit.id), base=base,
                                                             today=today)
            made = stores.claims.insert(replace(claim, id=None, status=status_for(self.scrub(claim, today))),
                                        replaces_claim_id=claim_id,
                                        note=f"{'void' if frequency is ClaimFrequency.VOID else 'replacement'} of claim {claim_id}")
            stores.claims.set_status(original, ClaimStatus.REPLACED, f"replaced by claim {made.id}")
        return write.outcome(made)
