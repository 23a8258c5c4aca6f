"""Shared set-up of the 837P tests: a clearinghouse profile, every payer routed through it, claims made."""
from __future__ import annotations

from officebill.core.edi import Clearinghouse

from ..conftest import DEMO_TODAY

PROFILE = Clearinghouse(name="Prairie Clearing", submitter_name="Maple Street Family Medicine",
                        submitter_id="MSFM0142", contact_name="Jo Biller", contact_phone="2175550142",
                        receiver_name="Prairie Clearing House", receiver_id="PCH01", sender_id="MSFM0142",
                        receiver_isa_id="PCH01")


def route_all(office, profile: Clearinghouse = PROFILE) -> Clearinghouse:
    """Save the profile and send every payer's claims through it."""
    saved = office.setup.save_clearinghouse(profile).value
    for payer in office.setup.payers():
        office.setup.route_payer(payer.id, saved.id)
    return saved


def ready_claims(office) -> list:
    """The demo office's ready claims (made for every visit without one first), oldest first."""
    from officebill.core.records import ClaimStatus

    office.claims.make(today=DEMO_TODAY)
    return sorted(office.claims.list((ClaimStatus.READY,)), key=lambda claim: claim.id)
