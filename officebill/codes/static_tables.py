"""Small fixed code lists shipped with the program: CPT modifiers and places of service.

CPT modifier labels are OfficeBill's own short wording (the AMA's descriptor
text is copyrighted and is not reproduced). Places of service come from
`core.places_of_service`, shared with the claim scrubber.
"""
from __future__ import annotations

from ..core.places_of_service import PLACES_OF_SERVICE

POS_RELEASE = "CMS Place of Service code set (52 codes)"

__all__ = ["CPT_MODIFIERS", "PLACES_OF_SERVICE", "POS_RELEASE"]

# Common CPT (Level I) modifiers, labelled in our own words.
CPT_MODIFIERS: dict[str, str] = {
    "22": "Service took substantially more work than usual",
    "24": "Unrelated E/M visit by the same doctor during a postoperative period",
    "25": "Separate, significant E/M visit on the same day as a procedure",
    "26": "Professional part only (the reading/interpretation)",
    "32": "Service required by a payer, agency or court",
    "47": "Anesthesia given by the surgeon",
    "50": "Done on both sides of the body (bilateral)",
    "51": "More than one procedure in the same session",
    "52": "Service cut short or reduced at the doctor's choice",
    "53": "Procedure stopped partway for the patient's safety",
    "54": "Surgery only, without the pre- or post-operative care",
    "55": "Post-operative care only",
    "56": "Pre-operative care only",
    "57": "E/M visit at which the decision for major surgery was made",
    "58": "Planned or staged follow-up procedure in the postoperative period",
    "59": "Distinct service, separate from others done the same day",
    "62": "Two surgeons each doing part of one procedure",
    "63": "Procedure on an infant weighing under 4 kg",
    "66": "Team surgery",
    "76": "Same procedure repeated by the same doctor",
    "77": "Same procedure repeated by a different doctor",
    "78": "Unplanned return to the operating room for a related problem",
    "79": "Unrelated procedure during a postoperative period",
    "80": "Assistant surgeon",
    "81": "Minimal assistant surgeon",
    "82": "Assistant surgeon when no qualified resident was available",
    "90": "Lab test sent out to an outside laboratory",
    "91": "Lab test repeated on the same day to get a new result",
    "92": "Lab test done with a portable kit or single-use device",
    "93": "Service delivered by audio-only telephone",
    "95": "Service delivered by real-time audio and video telehealth",
    "96": "Habilitative service",
    "97": "Rehabilitative service",
    "99": "Several modifiers apply to this line",
    "TC": "Technical part only (equipment and staff, no interpretation)",
}
