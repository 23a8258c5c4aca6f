"""Going to a finding's field outside the visit: the patient's record or a page of Setup.

`open_patient_place()` opens the patient editor on the tab and field of a `FixPlace`
(`visit_finding_places.py`): the patient's date of birth, the policy's member ID, the insured's
address. `open_setup_place()` asks the main window to show Setup (`open_setup_field`, as the Claims
screen does), selects the record the visit uses (its provider, its facility, the patient's payer)
and puts the focus on the field. Both answer what they reached, so the screen can say exactly
where to fix the finding when the window cannot go there (no Setup permission, no main window).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from .visit_finding_places import FixPlace, form_field

POLICY_TABS = {"policy": 1, "other_policy": 2}  # the patient editor's tabs: Patient, Primary, Secondary ...


def open_patient_place(parent: QWidget, office, patient_id: int, place: FixPlace):
    """The patient editor for `patient_id` with the focus on the place's field; the dialog, or None when
    nobody may edit patients here (the editor refuses)."""
    from .patient_editor import PatientDialog

    dialog = PatientDialog(office, patient_id, parent)
    tab = POLICY_TABS.get(place.policy, 0)
    dialog.tabs.setCurrentIndex(tab)
    if tab:
        panel = dialog.policy_panels[tab - 1]
        target = next((w for form in panel.forms if (w := form_field(form.fields, place.key)) is not None), None)
    else:
        target = form_field(dialog.patient_form.fields, place.key)
    dialog.open()
    if target is not None:
        target.setFocus(Qt.OtherFocusReason)
    return dialog


def setup_record_id(office, visit, patient_id: int | None, head: str) -> int | None:
    """The record of Setup a finding about `head` (provider, facility, payer) is about, for this visit."""
    if head == "provider":
        return visit.provider_id
    if head == "facility":
        return visit.facility_id
    if head in ("payer", "other_payer") and patient_id is not None:
        policies = sorted(office.patients.policies(patient_id), key=lambda p: p.priority)
        index = 0 if head == "payer" else 1
        return policies[index].payer_id if len(policies) > index else None
    return None


def open_setup_place(window: QWidget, path: str, place: FixPlace, record_id: int | None) -> bool:
    """Ask the main window to show the Setup page of `path`, then select the record and focus the field.
    False when the window has no Setup to show (a Visits screen on its own) or refuses it."""
    opener = getattr(window, "open_setup_field", None)
    setup = getattr(window, "setup", None)
    if not callable(opener) or setup is None:
        return False
    opener(path.removeprefix("visit."))
    editor = setup.current() if callable(getattr(setup, "current", None)) else None
    form = getattr(editor, "form", None)
    if editor is None or form is None:
        return False
    if record_id is not None and callable(getattr(editor, "refresh", None)) and hasattr(editor, "list"):
        editor.refresh(record_id)
    target = form_field(getattr(form, "fields", {}), place.key)
    if target is not None:
        target.setFocus(Qt.OtherFocusReason)
    return True
