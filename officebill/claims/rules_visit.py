"""Scrubber rules for the visit: dates, place of service, boxes 10, 14, 19, 22, 23.

Duplicate claims are checked in `rules_procedures`.

Sources are cited per rule: cms1500.md sections, DOMAIN.md "Edits a scrubber should make".
"""
from __future__ import annotations

import re

from officebill.core.claim import Claim
from officebill.core.identifiers import check_state

from .rules_base import ScrubContext, error, rule, warning

BOX19_MAX = 71  # fillable widget capacity (cms1500.md §3 item 19)
BOX23_MAX = 29  # 08/05 field spec (cms1500.md §3 item 23)

_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")


@rule("visit.pos", visit_level=True)
def visit_pos(claim: Claim, ctx: ScrubContext):
    """Box 24B: place of service is a 2-digit CMS POS code. Source: cms1500.md §4 24B; CMS POS code
    set (pyx12 codes.xml 'pos')."""
    if (claim.visit.pos or "").strip() not in ctx.pos_codes:
        yield error("24B", "visit.pos",
                    f"'{claim.visit.pos}' is not a CMS place-of-service code; use two digits such as 11 (office) "
                    "or 02/10 (telehealth).")


@rule("visit.onset", visit_level=True)
def visit_onset(claim: Claim, ctx: ScrubContext):
    """Box 14: onset date not after the date of service nor in the future. Source: cms1500.md §3
    item 14, §9 rejection 11 ("Item 14/15 dates in the future")."""
    onset, dos = claim.visit.onset_date, claim.service_date
    if onset is None:
        return
    if onset > ctx.today:
        yield error("14", "visit.onset_date", "The onset date is in the future; correct it.")
    elif dos is not None and onset > dos:
        yield error("14", "visit.onset_date", "The onset date is after the date of service; correct it.")


INPATIENT_POS = {"21": "inpatient hospital", "31": "skilled nursing facility",
                 "51": "inpatient psychiatric facility", "61": "comprehensive inpatient rehabilitation facility"}


@rule("visit.hospitalization", visit_level=True)
def visit_hospitalization(claim: Claim, ctx: ScrubContext):
    """Box 18 (and 16): a visit at an inpatient place of service (21, 31, 51, 61) gives the
    admission date (warning: cms1500.md §3 item 18 describes the box, and §9 does not list a
    blank 18 among the rejections, so the claim is not blocked); admission not after the date of
    service, discharge neither before admission nor in the future, and for an inpatient visit
    not before the date of service; box 16 "to" not before "from" and "from" not in the future.
    Source: cms1500.md §3 items 16 and 18 ("FROM/TO admission and discharge; TO blank if not
    discharged"), §2 (dates), §9 rejection 11 (dates in the future)."""
    visit, dos = claim.visit, claim.service_date
    admitted, discharged = visit.hospitalized_from, visit.hospitalized_to
    pos = (visit.pos or "").strip()
    if pos in INPATIENT_POS and admitted is None:
        yield warning("18", "visit.hospitalized_from",
                      f"The place of service is {pos} ({INPATIENT_POS[pos]}): enter the admission date in "
                      "box 18 (leave the discharge date blank while the patient is still admitted).")
    if admitted is not None:
        if admitted > ctx.today:
            yield error("18", "visit.hospitalized_from", "The admission date is in the future; correct it.")
        elif dos is not None and admitted > dos:
            yield error("18", "visit.hospitalized_from",
                        "The admission date is after the date of service; box 18 is the stay during or "
                        "before this visit.")
    if discharged is not None:
        if admitted is None:
            yield error("18", "visit.hospitalized_from", "Enter the admission date to go with the discharge date.")
        elif discharged < admitted:
            yield error("18", "visit.hospitalized_to", "The discharge date is before the admission date; correct or swap them.")
        if discharged > ctx.today:
            yield error("18", "visit.hospitalized_to",
                        "The discharge date is in the future; leave it blank until the patient is discharged.")
        elif pos in INPATIENT_POS and dos is not None and discharged < dos:
            yield error("18", "visit.hospitalized_to",
                        "The discharge date is before this inpatient visit's date of service; correct it.")
    start, end = visit.unable_to_work_from, visit.unable_to_work_to
    if start is not None and start > ctx.today:
        yield error("16", "visit.unable_to_work_from", "The first day unable to work is in the future; correct it.")
    if end is not None and (start is None or end < start):
        yield error("16", "visit.unable_to_work_to" if start else "visit.unable_to_work_from",
                    "Box 16 'to' is before 'from'; correct or swap them." if start else
                    "Box 16 needs the first day unable to work as well as the last.")


@rule("visit.accident", visit_level=True)
def visit_accident(claim: Claim, ctx: ScrubContext):
    """Box 10b: an auto accident needs the 2-letter state (PLACE); a state without an auto
    accident is an error too. Source: cms1500.md §3 items 10a-c."""
    visit = claim.visit
    if visit.accident_auto:
        problem = check_state(visit.accident_state)
        if problem:
            yield error("10b", "visit.accident_state", f"Auto accident: enter the state where it happened. {problem}")
    elif (visit.accident_state or "").strip():
        yield warning("10b", "visit.accident_state",
                      "An accident state is entered but 'auto accident' is not checked; check it or clear the state.")


@rule("visit.box19", visit_level=True)
def visit_box19(claim: Claim, ctx: ScrubContext):
    """Box 19: additional claim information fits (71 characters). Source: cms1500.md §3 item 19
    (fillable widget allows 71; OpenEMR 48)."""
    text = claim.visit.additional_info or ""
    if len(text) > BOX19_MAX:
        yield error("19", "visit.additional_info",
                    f"Box 19 holds {BOX19_MAX} characters; this text has {len(text)}. Shorten it or send an attachment.")


@rule("visit.prior_auth", visit_level=True)
def visit_prior_auth(claim: Claim, ctx: ScrubContext):
    """Box 23: prior authorization without hyphens or spaces (warning; printed without them), at
    most 29 characters. Source: cms1500.md §3 item 23 ("No hyphens or spaces", 29 chars)."""
    text = claim.visit.prior_auth or ""
    if re.search(r"[\s\-]", text.strip()):
        yield warning("23", "visit.prior_auth",
                      "Write the prior authorization number without hyphens or spaces, exactly as the payer "
                      "issued it otherwise.")
    if len(re.sub(r"[\s\-]", "", text)) > BOX23_MAX:
        yield error("23", "visit.prior_auth", f"Box 23 holds {BOX23_MAX} characters; check the number.")


@rule("claim.frequency")
def claim_frequency(claim: Claim, ctx: ScrubContext):
    """Box 22: frequency 1 (original), 7 (replacement) or 8 (void); 7 and 8 need the payer's
    original claim number; an original claim leaves box 22 blank. Source: cms1500.md §3 item 22,
    §9 rejection 17."""
    if claim.frequency.is_resubmission and not (claim.original_ref or "").strip():
        yield error("22", "original_ref",
                    "A replacement or void needs the payer's original claim number (ICN/DCN) from the EOB.")
    elif not claim.frequency.is_resubmission and (claim.original_ref or "").strip():
        yield error("22", "original_ref",
                    "An original claim leaves box 22 blank: clear the original reference, or make this a "
                    "replacement (7).")
