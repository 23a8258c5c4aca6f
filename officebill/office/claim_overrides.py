"""`office.claims.override` / `withdraw_override` / `overrides`: a biller's override of a scrubber finding.

Only findings of rules the guidelines let a biller override (`Rule.overridable`: Excludes1 for unrelated
conditions, ICD-10-CM guideline I.A.12.a; a second E/M visit the same day with its reason; timely filing
exceptions granted with proof) can be overridden, with a written reason of a few words. The override is
kept per visit, rule and field (table `finding_overrides`, in the audit trail), noted in the claim's
history, and the claim is checked again in the same transaction: an overridden finding shows with its
reason and no longer blocks printing. ClaimService takes these methods (one facade area: claims).
"""
from __future__ import annotations

from datetime import date

from ..claims.scrubber import Finding, registered_rule
from ..core.overrides import FindingOverride, reason_problem
from ..core.problems import Problem, UserError, ValidationFailed
from ..storage.database import current_user
from .changes import Area, Outcome

# What a refusal quotes: the rules a biller may override, and why the others may not be.
OVERRIDE_POLICY = ("only findings the coding guidelines or the payer allow an exception to can be overridden "
                   "(Excludes1 for unrelated conditions, ICD-10-CM Official Guidelines I.A.12.a; a second E/M "
                   "visit on one day with its documented reason; a timely filing exception the payer grants)")


def _source(doc: str) -> str:
    """The 'Source: ...' sentence of a rule's docstring (the guideline or manual it follows)."""
    at = doc.find("Source")
    return " ".join(doc[at:].split()) if at >= 0 else ""


class OverrideRules:
    """The override actions of `office.claims` (mixed into ClaimService, which holds the stores)."""

    def overrides(self, claim_id: int) -> list[FindingOverride]:
        """The overrides kept for the claim's visit, oldest first."""
        claim = self._claim(claim_id)
        return self._overrides.for_visit(claim.visit.id)

    def override(self, claim_id: int, rule: str, field: str | None, reason: str,
                 today: date | None = None) -> Outcome[FindingOverride]:
        """Override the claim's finding of `rule` on `field` (None: the rule's only finding) for `reason`."""
        claim = self._claim(claim_id)
        registered = registered_rule(rule)
        if registered is None:
            raise UserError(f"There is no scrubber rule {rule!r}; use the rule id shown with the finding.")
        if not registered.overridable:
            source = _source(registered.doc)
            raise UserError(f"The finding [{rule}] cannot be overridden: {OVERRIDE_POLICY}. Fix the claim instead"
                            + (f" ({source})" if source else "") + ".")
        problem = reason_problem(reason)
        if problem:
            raise ValidationFailed([Problem("reason", problem)])
        if not claim.status.is_unprinted:
            raise UserError(f"Claim {claim_id} is {claim.status.label}: its findings block nothing any more. "
                            "Override on the claim that is to be printed (a correction of it, or the new claim).")
        finding = self._the_finding(claim, rule, field, today)
        kept = FindingOverride(visit_id=claim.visit.id, rule=rule, field=finding.field,
                               reason=" ".join(reason.split()), who=self._who())
        with self._write(Area.CLAIMS) as write:
            kept = self._overrides.save(kept)
            self._stores.claims.add_history(claim, f"finding [{rule}] {finding.field} overridden by {kept.who}: "
                                                   f"{kept.reason}")
            self.check([claim_id], today)
        return write.outcome(kept)

    def withdraw_override(self, claim_id: int, rule: str, field: str | None = None,
                          today: date | None = None) -> Outcome[FindingOverride]:
        """Withdraw an override of the claim's visit (field None: the rule's only override); an unprinted claim
        is checked again, and the finding blocks printing again."""
        claim = self._claim(claim_id)
        kept = [o for o in self._overrides.for_visit(claim.visit.id) if o.rule == rule
                and (field is None or o.field == field)]
        if not kept:
            raise UserError(f"Claim {claim_id} has no override of [{rule}]" + (f" on {field}" if field else "")
                            + "; nothing to withdraw.")
        if len(kept) > 1:
            raise UserError(f"Claim {claim_id} has {len(kept)} overrides of [{rule}]; name the field: "
                            + ", ".join(o.field for o in kept) + ".")
        with self._write(Area.CLAIMS) as write:
            gone = self._overrides.delete(claim.visit.id, rule, kept[0].field)
            self._stores.claims.add_history(claim, f"override of [{rule}] {gone.field} withdrawn by {self._who()}")
            if claim.status.is_unprinted:
                self.check([claim_id], today)
        return write.outcome(gone)

    # ------------------------------------------------------------- helpers
    def _claim(self, claim_id: int):
        claim = self._stores.claims.get(claim_id)
        if claim is None:
            raise UserError(f"No claim has the number {claim_id}.")
        return claim

    def _the_finding(self, claim, rule: str, field: str | None, today: date | None) -> Finding:
        """The claim's current finding of `rule` (on `field`), as a check would find it now."""
        current = self._rebuilt(claim)
        found = [f for f in self.scrub(current, today) if f.rule == rule and (field is None or f.field == field)]
        if not found:
            raise UserError(f"Claim {claim.id} has no finding [{rule}]" + (f" on {field}" if field else "")
                            + " now; check the claim again and use the rule and field it shows.")
        if len(found) > 1:
            raise UserError(f"Claim {claim.id} has {len(found)} findings [{rule}]; name the one to override by "
                            "its field: " + ", ".join(f.field for f in found) + ".")
        return found[0]

    def _who(self) -> str:
        """The signed-in user's name (the computer's user name when the file has no users)."""
        session = getattr(self._office, "session", None)
        return getattr(session, "user_name", None) or current_user()
