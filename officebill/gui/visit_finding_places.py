"""Where a finding about a visit is fixed: a field of the visit form, or a named place elsewhere.

A finding (the claim check's, or a save problem) names a field path relative to the claim
(`lines[1].pointers`, `visit.diagnoses[2]`, `patient.dob`, `policy.member_id`, `payer.payer_id`,
`provider.npi`). `fix_place(path)` says where that field is fixed:

- `visit`: a field of the visit form (header, More, diagnoses, a line's field, the copay);
- `patient`: the patient's record, on its Patient tab or on the tab of the policy;
- `setup`: a page of Setup (practice, providers, facilities, payers);
- `claim`: the claim itself on the Claims screen (box 22, amounts paid).

Each place carries the words that say where to fix it ("Setup → Payers → the payer's Payer ID"),
so a finding whose field the window cannot reach is still told exactly. `form_field(fields, key)`
finds the widget of a place's field in a form's `fields` (an address names its first line, a
name its last name). The Visits screen follows these places on Enter (`visit_entry.py`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

from ..core.records import Visit

VISIT_FIELDS = frozenset(f.name for f in fields(Visit)) | {"provider", "facility", "patient"}

# Words for the fields of places outside the visit (the labels of the forms that hold them).
PATIENT_WORDS = {"name": "name", "last_name": "last name", "first_name": "first name", "dob": "date of birth",
                 "sex": "sex", "address": "address", "signature_on_file": "'Signature on file' box",
                 "phone": "phone"}
POLICY_WORDS = {"member_id": "member ID", "group_number": "group number", "insured": "insured's name",
                "insured.dob": "insured's date of birth", "insured.address": "insured's address",
                "insured.last_name": "insured's last name", "relationship": "relationship to insured",
                "effective": "effective date", "end": "end date", "payer_id": "payer",
                "priority": "order (primary first: Ctrl+Shift+Up moves a policy up)"}
SETUP_PAGES = {"practice": ("Practice", 0), "provider": ("Providers", 1), "facility": ("Facilities", 2),
               "payer": ("Payers", 3), "other_payer": ("Payers", 3)}
SETUP_WORDS = {"npi": "NPI", "payer_id": "Payer ID", "name": "name and address", "tax_id": "tax ID",
               "taxonomy": "taxonomy code", "phone": "phone", "last_name": "name", "plan_type": "plan type",
               "address": "address", "default_pos": "default place of service"}
POLICY_HEADS = {"policy": "the policy the claim bills", "other_policy": "the other (secondary) policy"}
CLAIM_WORDS = {"original_ref": "original claim number (box 22)", "amount_paid": "amount paid (box 29)",
               "prior_payments": "payments of the earlier payer (box 29)", "claim": "claim"}
VISIT_WORDS = {"diagnoses": "the diagnoses", "lines": "the service lines", "pos": "Place of service",
               "service_date": "Date of service", "provider": "Provider", "provider_id": "Provider",
               "facility": "Facility", "facility_id": "Facility", "patient": "Patient", "patient_id": "Patient",
               "copay_collected": "Copay collected"}
_INDEXED = re.compile(r"^(lines|diagnoses)\[(\d+)\]\.?(.*)$")
_POINTER_LETTERS = "ABCDEFGHIJKL"


@dataclass(frozen=True)
class FixPlace:
    """Where a finding's field is fixed: `screen` (visit, patient, setup, claim), the `key` of the field
    there (a Visit field path, a form field name), a Setup `page` index, and the words saying where."""

    screen: str
    key: str
    where: str
    page: int = 0
    policy: str = ""  # patient: which policy tab ("policy": the billed one, "other_policy": the next)


def fix_place(path: str) -> FixPlace | None:
    """The place the field `path` is fixed in; None when the path names no known place."""
    path = (path or "").strip().removeprefix("visit.")
    if not path:
        return None
    head, _, rest = path.partition(".")
    head = head.split("[")[0]
    if head in VISIT_FIELDS and not (head in ("provider", "facility", "patient") and rest):
        return FixPlace("visit", path, _visit_words(path))
    if head == "patient":
        words = PATIENT_WORDS.get(rest, rest.replace("_", " "))
        return FixPlace("patient", rest, f"the patient's record (Patients screen, Enter), Patient tab: {words}")
    if head in POLICY_HEADS:
        words = POLICY_WORDS.get(rest, rest.replace("_", " ")) if rest else "policy"
        return FixPlace("patient", rest or "payer_id", f"the patient's record (Patients screen, Enter), on the tab "
                        f"of {POLICY_HEADS[head]}: {words}", policy=head)
    if head in SETUP_PAGES:
        page, index = SETUP_PAGES[head]
        owner = {"payer": "the payer", "other_payer": "the other payer", "practice": "the practice",
                 "provider": "the visit's provider", "facility": "the visit's facility"}[head]
        words = SETUP_WORDS.get(rest.split(".")[0], rest.replace("_", " ")) if rest else "record"
        return FixPlace("setup", rest or "name", f"Setup → {page} → {owner}: {words}", page=index)
    if head in CLAIM_WORDS:
        return FixPlace("claim", path, f"the claim on the Claims screen: {CLAIM_WORDS[head]}")
    return None


def _visit_words(path: str) -> str:
    """'lines[1].pointers' -> 'this visit, line 2: pointers'; 'diagnoses[2]' -> 'this visit, diagnosis C'."""
    indexed = _INDEXED.match(path)
    if indexed and indexed.group(1) == "lines":
        part = indexed.group(3).replace("_", " ") or "procedure"
        return f"this visit, line {int(indexed.group(2)) + 1}: {part}"
    if indexed:
        number = int(indexed.group(2))
        letter = _POINTER_LETTERS[number] if number < len(_POINTER_LETTERS) else str(number + 1)
        return f"this visit, diagnosis {letter}"
    return f"this visit: {VISIT_WORDS.get(path, path.replace('_', ' '))}"


def form_field(form_fields: dict, key: str):
    """The widget of `key` in a form's `fields` (`dob`, `address` -> `address.line1`, `name` -> `last_name`,
    `insured` -> `insured.last_name`); None when the form has nothing like it."""
    for candidate in (key, f"{key}.line1", f"{key}.address.line1", f"{key}.last_name",
                      "last_name" if key == "name" else "", "name" if key.endswith("name") else ""):
        if candidate and candidate in form_fields:
            return form_fields[candidate]
    prefix = key.split(".")[0]
    return next((widget for name, widget in form_fields.items() if name.startswith(prefix)), None)

