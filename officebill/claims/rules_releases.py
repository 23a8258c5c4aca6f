"""Scrubber rules that check codes against the code-set release in force on the date of service.
"""
from __future__ import annotations

from officebill.core.claim import Claim

from .rules_base import ScrubContext, dx_box, dx_field, dx_letter, entered_diagnoses, error, rule


@rule("dx.exists", visit_level=True)
def dx_exists(claim: Claim, ctx: ScrubContext):
    """Box 21: the code exists in the ICD-10-CM release. Source: CMS MCE edit 'Invalid diagnosis
    or procedure code'; DOMAIN.md "Each diagnosis exists"."""
    for i, code in entered_diagnoses(claim):
        if not ctx.codes.exists(code):
            yield error(dx_box(i), dx_field(i),
                        f"Diagnosis {dx_letter(i)} '{claim.diagnoses[i]}' is not in ICD-10-CM; check for a "
                        "typo or pick the code from the list.")


@rule("dx.billable", visit_level=True)
def dx_billable(claim: Claim, ctx: ScrubContext):
    """Box 21: the code is billable on the date of service: a leaf, not a category header, with
    its 7th character where required. Source: ICD-10-CM Official Guidelines I.B.2 (code to the
    highest number of characters), I.A.4-I.A.5 (placeholder X, 7th characters); DOMAIN.md "Code
    sets"; cms1500.md §9 rejection 9 (not to the highest specificity)."""
    for i, code in entered_diagnoses(claim):
        if ctx.codes.exists(code) and not ctx.codes.is_billable(code, claim.service_date):
            yield error(dx_box(i), dx_field(i),
                        f"Diagnosis {dx_letter(i)} '{claim.diagnoses[i]}' is a heading, not billable on the "
                        "date of service: choose a more specific code below it (with its 7th character "
                        "where one is required).")
