"""Claim actions of the Office facade: make, check, print, void and correct claims.

One claim per visit per payer (the primary policy covering the date of
service). A claim holds a snapshot of the visit, patient, policies, payer,
providers, facility and practice as they were when it was made; drafts and
ready claims are refreshed on every check, printed ones never change: voiding
or correcting makes a new version (frequency 8 or 7, box 22).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from .claims.render import render_alignment_page, render_claims
from .claims.scrubber import Finding, has_errors, scrub, scrub_visit
from .core.claim import Claim
from .core.problems import UserError
from .core.records import ClaimStatus, Policy, Visit, VisitStatus

PRINT_MODES = ("red", "full")
UNPRINTED = (ClaimStatus.DRAFT.value, ClaimStatus.READY.value)


class ClaimActions:
    """Mixed into `Office`; uses its stores and code index."""

    # ----------------------------------------------------------- reading
    def claim(self, claim_id: int) -> Claim | None:
        return self._claims.get(claim_id)

    def claims(self, statuses: tuple[str, ...] | None = None) -> list[Claim]:
        return self._claims.list(statuses)

    def claims_for_visit(self, visit_id: int) -> list[Claim]:
        return self._claims.for_visit(visit_id)

    def claim_history(self, claim_id: int) -> list[dict]:
        return self._claims.history(claim_id)

    # ----------------------------------------------------------- making
    def _policy_for(self, visit: Visit) -> tuple[Policy, Policy | None]:
        policies = self._policies.for_patient(visit.patient_id)
        covering = [p for p in policies if p.covers(visit.service_date)]
        if not covering:
            patient = self._patients.get(visit.patient_id)
            raise UserError(f"{patient.display_name} has no insurance policy in force on "
                            f"{visit.service_date:%m/%d/%Y}; add or fix the policy on the patient's screen.")
        primary = covering[0]
        other = next((p for p in covering if p.id != primary.id), None)
        return primary, other

    def build_claim(self, visit: Visit, *, base: Claim | None = None, today: date | None = None) -> Claim:
        """The claim for a visit as the office's data stands now (not saved)."""
        policy, other = self._policy_for(visit)
        if base is not None and base.policy.id is not None:
            kept = self._policies.get(base.policy.id)
            policy = kept or policy
            other = next((p for p in self._policies.for_patient(visit.patient_id)
                          if p.id != policy.id and p.covers(visit.service_date)), None)
        claim = Claim(
            created=today or date.today(), practice=self.practice(), provider=self._providers.get(visit.provider_id),
            facility=self._facilities.get(visit.facility_id) if visit.facility_id else None,
            payer=self._payers.get(policy.payer_id), patient=self._patients.get(visit.patient_id), policy=policy,
            other_policy=other, other_payer=self._payers.get(other.payer_id) if other else None,
            visit=visit, lines=visit.lines,
        )
        if base is not None:
            claim = replace(claim, id=base.id, version=base.version, frequency=base.frequency,
                            original_ref=base.original_ref, status=base.status, created=base.created)
        return claim

    def scrub_claim(self, claim: Claim, today: date | None = None, billed: list | None = None) -> list[Finding]:
        """Every finding for a claim; `billed` (from `ClaimStore.billed_lines`) saves the query in batches."""
        billed = self._claims.billed_lines() if billed is None else billed
        history = [key for claim_id, key in billed if claim_id != claim.id]
        return scrub(claim, self.code_lookup, history, today=today)

    def visit_findings(self, visit: Visit, today: date | None = None) -> list[Finding]:
        """What the scrubber says of a visit before any claim exists (shown in visit entry on save)."""
        patient = self._patients.get(visit.patient_id) if visit.patient_id else None
        if patient is None:
            return []
        return scrub_visit(visit, patient, self.code_lookup, today=today)

    def make_claims(self, visit_ids: list[int] | None = None, today: date | None = None) -> dict:
        """Claims for the given visits (default: every visit without one), in one transaction.

        Returns {"made": [Claim], "skipped": [(visit_id, reason)]}; clean claims are ready, others draft.
        """
        today = today or date.today()
        wanted = visit_ids if visit_ids is not None else self._claims.visits_without_claims()
        made, skipped = [], []
        with self.db.atomic():
            billed = self._claims.billed_lines()
            for visit_id in wanted:
                visit = self._visits.get(visit_id)
                if visit is None:
                    skipped.append((visit_id, "no such visit"))
                    continue
                if any(c.status != ClaimStatus.VOID for c in self._claims.for_visit(visit_id)):
                    skipped.append((visit_id, "already has a claim"))
                    continue
                try:
                    claim = self.build_claim(visit, today=today)
                except UserError as exc:
                    skipped.append((visit_id, str(exc)))
                    continue
                status = ClaimStatus.DRAFT if has_errors(self.scrub_claim(claim, today, billed)) else ClaimStatus.READY
                made.append(self._claims.insert(replace(claim, status=status)))
                billed += [(made[-1].id, (visit.patient_id, visit.service_date, line.code, claim.payer.id))
                           for line in claim.lines]
                self._visits.set_status(visit_id, VisitStatus.BILLED)
        return {"made": made, "skipped": skipped}

    def check_claims(self, claim_ids: list[int] | None = None, today: date | None = None) -> dict[int, list[Finding]]:
        """Refresh unprinted claims from the current data, scrub every chosen claim, set ready/draft."""
        today = today or date.today()
        chosen = [self._claims.get(i) for i in claim_ids] if claim_ids else self._claims.list(UNPRINTED)
        results = {}
        with self.db.atomic():
            billed = self._claims.billed_lines()
            for claim in chosen:
                if claim is None:
                    continue
                if claim.status.value in UNPRINTED:
                    visit = self._visits.get(claim.visit.id)
                    try:
                        claim = self._claims.update_snapshot(self.build_claim(visit, base=claim, today=claim.created))
                    except UserError:
                        pass  # no policy in force any more: keep the snapshot, the scrubber reports the rest
                findings = self.scrub_claim(claim, today, billed)
                if claim.status.value in UNPRINTED:
                    status = ClaimStatus.DRAFT if has_errors(findings) else ClaimStatus.READY
                    if status != claim.status:
                        self._claims.set_status(claim, status, "checked")
                results[claim.id] = findings
        return results

    # ----------------------------------------------------------- printing
    def print_claims(self, claim_ids: list[int] | None = None, mode: str = "red", offset_x_mm: float | None = None,
                     offset_y_mm: float | None = None, today: date | None = None) -> tuple[bytes, list[Claim]]:
        """One PDF of the chosen claims (default: all ready); they move to printed. Claims with errors refuse."""
        if mode not in PRINT_MODES:
            raise UserError(f"Print mode '{mode}' is unknown; use red (pre-printed forms) or full (plain paper).")
        today = today or date.today()
        if claim_ids is None:
            self.check_claims(today=today)
            claims = self._claims.list((ClaimStatus.READY.value,))
        else:
            self.check_claims([i for i in claim_ids], today=today)
            claims = [self._claims.get(i) for i in claim_ids]
            missing = [i for i, c in zip(claim_ids, claims) if c is None]
            if missing:
                raise UserError(f"No claim has the number {missing[0]}; list them with: officebill-cli claims check")
        if not claims:
            raise UserError("There are no ready claims to print; make claims from visits first (claims make).")
        blocked = [c for c in claims if c.status.value not in (ClaimStatus.READY.value, ClaimStatus.PRINTED.value)]
        if blocked:
            numbers = ", ".join(str(c.id) for c in blocked)
            raise UserError(f"Claim(s) {numbers} have errors or are void; fix what the check reports, then print.")
        pdf = render_claims(claims, mode, *self._offsets(offset_x_mm, offset_y_mm))
        with self.db.atomic():
            printed = [self._claims.set_status(c, ClaimStatus.PRINTED,
                                               "reprinted" if c.status == ClaimStatus.PRINTED else f"printed ({mode})",
                                               printed=today) for c in claims]
        return pdf, printed

    def preview_claims(self, claims: list[Claim], mode: str = "red", offset_x_mm: float | None = None,
                       offset_y_mm: float | None = None) -> bytes:
        """The PDF the claims would print as, without marking anything printed."""
        return render_claims(claims, mode, *self._offsets(offset_x_mm, offset_y_mm))

    def alignment_page(self, mode: str = "red", offset_x_mm: float | None = None,
                       offset_y_mm: float | None = None) -> bytes:
        """The alignment test page, at the saved printer offsets unless others are given."""
        return render_alignment_page(mode, *self._offsets(offset_x_mm, offset_y_mm))

    def _offsets(self, offset_x_mm: float | None, offset_y_mm: float | None) -> tuple[float, float]:
        """The offsets given, each falling back to the saved printer profile's."""
        dx, dy = self.printer_offsets()
        return (dx if offset_x_mm is None else offset_x_mm, dy if offset_y_mm is None else offset_y_mm)

    def printer_offsets(self, profile: str | None = None) -> tuple[float, float]:
        """Horizontal and vertical printer offsets in mm (+ right, + down) of a printer profile."""
        profiles = self.setting("printer_profiles", {})
        chosen = profiles.get(profile or self.setting("printer_profile", "default"), {})
        return float(chosen.get("offset_x_mm", 0.0)), float(chosen.get("offset_y_mm", 0.0))

    def save_printer_offsets(self, offset_x_mm: float, offset_y_mm: float, profile: str = "default") -> None:
        if abs(offset_x_mm) > 25 or abs(offset_y_mm) > 25:
            raise UserError("Printer offsets above 25 mm mean the form is loaded wrongly; reload it and measure again.")
        profiles = self.setting("printer_profiles", {})
        profiles[profile] = {"offset_x_mm": round(offset_x_mm, 1), "offset_y_mm": round(offset_y_mm, 1)}
        with self.db.atomic():
            self.set_setting("printer_profiles", profiles)
            self.set_setting("printer_profile", profile)

    # ----------------------------------------------------------- void / correct
    def payer_claim_number(self, claim_id: int) -> str:
        """The payer's claim number (ICN/DCN) recorded for a claim; '' when none yet."""
        return self._claims.payer_claim_number(claim_id)

    def set_payer_claim_number(self, claim_id: int, number: str) -> None:
        with self.db.atomic():
            self._claims.set_payer_claim_number(claim_id, number.strip())

    def void_claim(self, claim_id: int, today: date | None = None) -> Claim:
        """Cancel a claim: unprinted ones are simply void; a printed one gets a void version (frequency 8)."""
        return self._new_version(claim_id, "8", today)

    def correct_claim(self, claim_id: int, today: date | None = None) -> Claim:
        """A replacement (frequency 7) of a printed claim, from the visit as it stands now."""
        return self._new_version(claim_id, "7", today)

    def _new_version(self, claim_id: int, frequency: str, today: date | None) -> Claim:
        today = today or date.today()
        original = self._claims.get(claim_id)
        if original is None:
            raise UserError(f"No claim has the number {claim_id}.")
        if original.status.value in (ClaimStatus.VOID.value, ClaimStatus.REPLACED.value):
            raise UserError(f"Claim {claim_id} is already {original.status.value}; work on its newest version.")
        with self.db.atomic():
            if original.status.value in UNPRINTED:
                if frequency == "7":
                    raise UserError(f"Claim {claim_id} was never printed: fix the visit and check it again instead.")
                return self._claims.set_status(original, ClaimStatus.VOID, "voided before printing")
            base = replace(original, version=original.version + 1, frequency=frequency,
                           original_ref=self._claims.payer_claim_number(claim_id), status=ClaimStatus.DRAFT,
                           created=today, printed=None)
            claim = base if frequency == "8" else self.build_claim(self._visits.get(original.visit.id), base=base,
                                                                   today=today)
            status = ClaimStatus.DRAFT if has_errors(self.scrub_claim(claim, today)) else ClaimStatus.READY
            made = self._claims.insert(replace(claim, id=None, status=status), replaces_claim_id=claim_id,
                                       note=f"{'void' if frequency == '8' else 'replacement'} of claim {claim_id}")
            self._claims.set_status(original, ClaimStatus.REPLACED, f"replaced by claim {made.id}")
            return made
