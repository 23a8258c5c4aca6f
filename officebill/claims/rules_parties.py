"""Scrubber rules for the people and organisations on the claim.

Patient (boxes 2, 3, 5, 12), insured and policy (1, 1a, 4, 6, 7, 9, 11),
payer (carrier block), billing practice (25, 33), rendering provider (24J,
31), service facility (32) and referring provider (17). Sources are cited per
rule: `cms1500.md` sections (NUCC 02/12 instructions as quoted there, Medicare
IOM 100-04 ch. 26, MAC return lists) and DOMAIN.md "Edits a scrubber should
make". Identifier checks come from `officebill.core.identifiers`.
"""
from __future__ import annotations

import re

from officebill.core import timely_filing
from officebill.core.claim import Claim, is_medigap
from officebill.core.identifiers import (
    check_mbi,
    check_npi,
    check_phone,
    check_state,
    check_tax_id,
    check_taxonomy,
    check_zip,
    check_zip9,
)
from officebill.core.records import (
    REFERRING_QUALIFIERS,
    Address,
    ClaimFrequency,
    ClaimStatus,
    PlanType,
    Relationship,
    Sex,
)
from officebill.core.vocabularies import TaxIdType

from .cms1500 import shows_other_plan
from .rules_base import ScrubContext, error, rule, warning

_NAME_CHARS = re.compile(r"^[A-Za-z][A-Za-z '\-]*$")
_PO_BOX = re.compile(r"\b(P\.?\s*O\.?\s*BOX|POST\s+OFFICE\s+BOX|POB|LOCK\s*BOX|BOX)\s*#?\s*\d", re.IGNORECASE)
_MEMBER_ID = re.compile(r"^[A-Za-z0-9]+$")


def _address_issues(address: Address, box: str, path: str, who: str, *, zip9: bool = False,
                    street: bool = False, zip_severity=error):
    if not address.line1.strip():
        yield error(box, f"{path}.line1", f"Enter the {who}'s street address.")
    elif street and _PO_BOX.search(address.line1 + " " + address.line2):
        yield error(box, f"{path}.line1",
                    f"The {who} needs a street (physical) address, not a PO box; put the PO box "
                    "in the pay-to address instead.")
    if not address.city.strip():
        yield error(box, f"{path}.city", f"Enter the {who}'s city.")
    problem = check_state(address.state)
    if problem:
        yield error(box, f"{path}.state", f"{who.capitalize()} state: {problem}")
    problem = check_zip9(address.zip) if zip9 else check_zip(address.zip)
    if problem:
        yield zip_severity(box, f"{path}.zip", f"{who.capitalize()} ZIP: {problem}")


def _name_issues(last: str, first: str, box: str, path: str, who: str):
    for part, value in (("last_name", last), ("first_name", first)):
        label = part.replace("_", " ")
        if not (value or "").strip():
            yield error(box, f"{path}.{part}", f"Enter the {who}'s {label}.")
        elif not _NAME_CHARS.match(value.strip()):
            yield error(box, f"{path}.{part}",
                        f"The {who}'s {label} may hold only letters, spaces, hyphens and apostrophes "
                        "(no periods, digits, titles or credentials).")


# --- patient -------------------------------------------------------------------------------


@rule("patient.name", visit_level=True)
def patient_name(claim: Claim, ctx: ScrubContext):
    """Box 2: patient last and first name, letters only. Source: cms1500.md §2 "Patient/insured
    names" (NUCC: no titles, no periods); DOMAIN.md required boxes."""
    yield from _name_issues(claim.patient.last_name, claim.patient.first_name, "2", "patient", "patient")


@rule("patient.dob", visit_level=True)
def patient_dob(claim: Claim, ctx: ScrubContext):
    """Box 3: patient date of birth present, not in the future, not after the date of service.
    Source: cms1500.md §2 "Dates of birth" (8-digit DOB required) and §3 item 3."""
    dob, dos = claim.patient.dob, claim.service_date
    if dob is None:
        yield error("3", "patient.dob", "Enter the patient's date of birth.")
    elif dob > ctx.today:
        yield error("3", "patient.dob", "The patient's date of birth is in the future; check the year.")
    elif dos is not None and dob > dos:
        yield error("3", "patient.dob", "The patient's date of birth is after the date of service; check both.")


@rule("patient.sex", visit_level=True)
def patient_sex(claim: Claim, ctx: ScrubContext):
    """Box 3: patient sex M or F. Warning only: NUCC says leave it blank when unknown, but many
    payers reject a blank. Source: cms1500.md §3 item 3."""
    if claim.patient.sex not in (Sex.MALE, Sex.FEMALE):
        yield warning("3", "patient.sex", "The patient's sex is unknown, so box 3 prints blank; "
                      "record M or F if known, since many payers reject a blank.")


@rule("patient.address", visit_level=True)
def patient_address(claim: Claim, ctx: ScrubContext):
    """Box 5: patient street, city, state, ZIP. Source: cms1500.md §9 rejection 6 ("Item 5
    address, city, state or ZIP blank -> auto-reject"), §2 "Addresses"."""
    yield from _address_issues(claim.patient.address, "5", "patient.address", "patient")


@rule("patient.signature", visit_level=True)
def patient_signature(claim: Claim, ctx: ScrubContext):
    """Box 12: signature on file. Source: cms1500.md §3 item 12 and §9 rejection 7 (Medicare
    returns claims with item 12 missing)."""
    if not claim.patient.signature_on_file:
        yield warning("12", "patient.signature_on_file",
                      "No patient signature on file: box 12 prints blank and Medicare returns such "
                      "claims; get the release signed and mark it on file.")


# --- insured, policy, payer ------------------------------------------------------------------


@rule("insured.name")
def insured_name(claim: Claim, ctx: ScrubContext):
    """Box 4: insured's last and first name, when someone other than the patient is the insured
    (otherwise patient.name covers it). Source: cms1500.md §2 names, §3 items 2/4."""
    insured = claim.policy.insured
    if insured is not None:
        yield from _name_issues(insured.last_name, insured.first_name, "4", "policy.insured", "insured")


@rule("insured.address")
def insured_address(claim: Claim, ctx: ScrubContext):
    """Box 7: insured's street, city, state, ZIP, when someone other than the patient is the
    insured (otherwise patient.address covers it). Source: cms1500.md §3 items 5/7 ("7 only when
    4 is completed"); DOMAIN.md required boxes (addresses)."""
    if claim.policy.insured is not None:
        yield from _address_issues(claim.policy.insured.address, "7", "policy.insured.address", "insured")


@rule("insured.dob")
def insured_dob(claim: Claim, ctx: ScrubContext):
    """Box 11a: insured's date of birth present (when someone else is the insured), not in the
    future, not after the date of service. Source: cms1500.md §2 "Dates of birth", §3 item 11a."""
    if claim.policy.insured is None:
        return  # the patient: checked by patient.dob
    dob, dos = claim.policy.insured.dob, claim.service_date
    if dob is None:
        yield error("11a", "policy.insured.dob", "Enter the insured's date of birth.")
    elif dob > ctx.today:
        yield error("11a", "policy.insured.dob", "The insured's date of birth is in the future; check the year.")
    elif dos is not None and dob > dos:
        yield error("11a", "policy.insured.dob",
                    "The insured's date of birth is after the date of service; check both.")


@rule("policy.relationship")
def policy_relationship(claim: Claim, ctx: ScrubContext):
    """Box 6: relationship agrees with who the insured is (Self only when the patient is the
    insured). Source: cms1500.md §3 item 6; DOMAIN.md required boxes (relationship)."""
    policy = claim.policy
    if not isinstance(policy.relationship, Relationship):
        yield error("6", "policy.relationship", "Choose the patient's relationship to the insured.")
    elif policy.relationship is Relationship.SELF and policy.insured is not None:
        patient = claim.patient
        if (policy.insured.last_name, policy.insured.first_name) != (patient.last_name, patient.first_name):
            yield error("6", "policy.relationship",
                        "The relationship is Self but another person is named as insured; choose "
                        "Spouse/Child/Other or remove the insured person.")
    elif policy.relationship is not Relationship.SELF and policy.insured is None:
        yield error("6", "policy.insured",
                    f"The relationship is {policy.relationship.value.capitalize()}: enter the insured "
                    "person (name, date of birth, address) on the policy.")


@rule("policy.member_id")
def policy_member_id(claim: Claim, ctx: ScrubContext):
    """Box 1a: insured's ID as on the card, letters and digits only, no spaces or hyphens.
    Source: cms1500.md §3 item 1a, §2 "Identifiers", §9 rejection 5."""
    member_id = claim.policy.member_id or ""
    if not member_id.strip():
        yield error("1a", "policy.member_id", "Enter the insured's ID (member ID) from the insurance card.")
    elif not _MEMBER_ID.match(member_id):
        yield error("1a", "policy.member_id",
                    "The member ID may hold only letters and digits; remove spaces, hyphens and other marks.")
    elif len(member_id) > 29:
        yield error("1a", "policy.member_id", "The member ID is longer than the 29 characters box 1a holds.")


@rule("policy.group")
def policy_group(claim: Claim, ctx: ScrubContext):
    """Box 11: group number without hyphens or spaces. Source: cms1500.md §3 item 11 ("no hyphens
    or spaces"; Medicare: "NONE" allowed)."""
    group = claim.policy.group_number or ""
    if group and not _MEMBER_ID.match(group):
        yield error("11", "policy.group_number",
                    "The group number may hold only letters and digits; remove spaces and hyphens.")


@rule("policy.active")
def policy_active(claim: Claim, ctx: ScrubContext):
    """The policy covers the date of service (effective <= DOS <= end). Source: DOMAIN.md
    (claims to a payer for dates outside coverage are denied); Policy.covers."""
    dos = claim.service_date
    if dos is not None and not claim.policy.covers(dos):
        yield error("1a", "policy.effective" if claim.policy.effective and dos < claim.policy.effective
                    else "policy.end",
                    "The policy is not active on the date of service; check the effective and end dates, or "
                    "bill the plan that covered that day (void this claim, then Make new claim).")


@rule("payer.address")
def payer_address(claim: Claim, ctx: ScrubContext):
    """Carrier block: payer name and mailing address. Source: cms1500.md §3 "Carrier block";
    DOMAIN.md required boxes (payer)."""
    if not (claim.payer.name or "").strip():
        yield error("carrier", "payer.name", "Choose the insurance payer (name and address).")
    yield from _address_issues(claim.payer.address, "carrier", "payer.address", "payer")


@rule("payer.plan_type")
def payer_plan_type(claim: Claim, ctx: ScrubContext):
    """Box 1: exactly one type of coverage. Source: cms1500.md §3 item 1."""
    if not isinstance(claim.payer.plan_type, PlanType):
        yield error("1", "payer.plan_type", "Choose the payer's type of coverage (Medicare, Group, ...).")


@rule("other_insurance")
def other_insurance(claim: Claim, ctx: ScrubContext):
    """Boxes 9, 9a, 9d, 11d: when the form shows another plan, its payer, member/policy ID and insured name
    are needed. Not on a Medicare claim whose other plan is not Medigap (a Medicaid secondary is crossed
    over; 9-9d and 11d stay blank). Source: cms1500.md §3 items 9/9a/9d ("complete only if 11d = YES";
    Medigap rules for Medicare) and 11d (MCR: leave blank); IOM 100-04 ch. 26 item 9."""
    other = claim.other_policy
    if other is None or not shows_other_plan(claim):
        return
    if claim.other_payer is None or not (claim.other_payer.name or "").strip():
        yield error("9d", "other_payer", "Choose the other insurance plan's payer, or remove the other policy.")
    if not (other.member_id or "").strip():
        yield error("9a", "other_policy.member_id", "Enter the other insured's policy or member ID.")
    elif not _MEMBER_ID.match(other.member_id):
        yield error("9a", "other_policy.member_id",
                    "The other policy number may hold only letters and digits; remove spaces and hyphens.")
    person = other.insured or claim.patient.as_person()
    if not (person.last_name.strip() and person.first_name.strip()):
        yield error("9", "other_policy.insured", "Enter the other insured's name.")


@rule("coordination.order")
def coordination_order(claim: Claim, ctx: ScrubContext):
    """The payer billed first must be the one that pays first: Medicaid pays last, after every other plan
    covering the day (Medicare, an employer plan, TRICARE), and a Medigap policy pays only after Medicare. A
    primary claim to either while such a plan also covers the day is an error; the policies' priorities are
    set on the patient's screen. Source: Social Security Act 1902(a)(25) (Medicaid, payer of last resort);
    42 CFR 403.205 and CMS "Medigap" (a Medicare supplement pays after Medicare); cms1500.md §3 items 1, 9,
    11d."""
    other, other_payer = claim.other_policy, claim.other_payer
    if claim.is_secondary or other is None or other_payer is None:
        return
    if claim.payer.plan_type == PlanType.MEDICAID and other_payer.plan_type != PlanType.MEDICAID:
        yield error("1", "policy.priority",
                    f"Medicaid pays last: bill {other_payer.name} first. On the patient's screen make "
                    f"{other_payer.name} the primary policy and Medicaid the last, then void this claim and use "
                    "Make new claim.")
    elif is_medigap(claim.policy, claim.payer) and other_payer.plan_type == PlanType.MEDICARE:
        yield error("1", "policy.priority",
                    f"A Medigap policy pays only after Medicare: bill {other_payer.name} first. On the patient's "
                    "screen make Medicare the primary policy and the Medigap plan the secondary, then void this "
                    "claim and use Make new claim.")


@rule("secondary.prior_result")
def secondary_prior_result(claim: Claim, ctx: ScrubContext):
    """A secondary or tertiary claim needs the earlier payer on file (box 9-9d: the other insured) and
    that payer's posted result on every line it bills (the EOB attached on paper; 837P 2320/2430).
    Source: MONEY.md "Secondary claims" (the secondary is billed for what remains, with the primary's
    results); cms1500.md section 3 items 9/11d (complete 9, 9a, 9d when 11d is YES)."""
    if not claim.is_secondary:
        return
    earlier = claim.other_payer.name if claim.other_payer else "the earlier payer"
    if claim.other_policy is None:
        yield error("9", "other_policy",
                    "This claim follows another payer's result, but that payer's policy is gone from the patient; "
                    "put the policy back on the patient's screen, or void this claim.")
        return
    if not claim.prior_payments:
        yield error("29", "prior_payments",
                    f"No result from {earlier} is posted for this claim's lines: post {earlier}'s EOB in Payments "
                    "first (the claim then fills in), or void this claim.")
        return
    answered = {line.service_line_id for prior in claim.prior_payments for line in prior.lines}
    for index, line in enumerate(claim.lines):
        if line.id not in answered:
            yield error("24", f"lines[{index}]",
                        f"Line {index + 1} ({line.code}) has no posted result from {earlier}; post it from the "
                        "EOB, or void this claim and make it again.")


@rule("other_insurance.medigap_id")
def medigap_id(claim: Claim, ctx: ScrubContext):
    """Box 9d on a Medicare claim with a Medigap policy: the Medigap insurer's ID (COBA ID), without which
    Medicare cannot forward the claim. Source: cms1500.md section 3 item 9 ("Medigap rules for Medicare
    (MEDIGAP / MG / MGAP prefix, COBA ID in 9d)"); MONEY.md, Secondary claims (crossover)."""
    if claim.payer.plan_type != PlanType.MEDICARE or claim.is_secondary or claim.other_policy is None:
        return
    if is_medigap(claim.other_policy, claim.other_payer) and claim.other_payer is not None \
            and not (claim.other_payer.payer_id or "").strip():
        yield warning("9d", "other_payer.payer_id",
                      f"Medicare forwards the claim to the Medigap plan only with the plan's ID in box 9d: type "
                      f"{claim.other_payer.name}'s Medigap (COBA) ID as its payer ID, or bill it yourself after "
                      "Medicare pays.")


# --- billing practice (25, 33) ---------------------------------------------------------------


@rule("practice.name_address")
def practice_name_address(claim: Claim, ctx: ScrubContext):
    """Box 33: billing provider name and a street address (not a PO box) with ZIP+4. Source:
    cms1500.md §3 item 33 ("5010A1 requires a street (physical) address, not a PO box";
    9-digit ZIP), §9 rejection 15."""
    if not (claim.practice.name or "").strip():
        yield error("33", "practice.name", "Enter the practice's name (billing provider).")
    yield from _address_issues(claim.practice.address, "33", "practice.address", "practice",
                               zip9=True, street=True)


@rule("practice.phone")
def practice_phone(claim: Claim, ctx: ScrubContext):
    """Box 33 phone: 10 digits with area code. Source: cms1500.md §2 "Phone numbers", §3 item 33."""
    problem = check_phone(claim.practice.phone)
    if problem:
        yield error("33", "practice.phone", f"Practice phone: {problem}")


@rule("npi.billing")
def npi_billing(claim: Claim, ctx: ScrubContext):
    """Box 33a: billing NPI, 10 digits with a valid Luhn check digit. Source: cms1500.md §9
    rejection 14; DOMAIN.md "Identifiers" (NPI)."""
    problem = check_npi(claim.practice.npi)
    if problem:
        yield error("33a", "practice.npi", f"Practice NPI: {problem}")


@rule("practice.tax_id")
def practice_tax_id(claim: Claim, ctx: ScrubContext):
    """Box 25: EIN (valid prefix) or SSN of the billing provider. Source: cms1500.md §3 item 25,
    §9 rejection 16; DOMAIN.md "Identifiers" (EIN prefixes never issued)."""
    if not (claim.practice.tax_id or "").strip():
        yield error("25", "practice.tax_id", "Enter the practice's federal tax ID (EIN or SSN).")
        return
    problem = check_tax_id(claim.practice.tax_id_type, claim.practice.tax_id)
    if problem:
        path = "practice.tax_id_type" if claim.practice.tax_id_type not in tuple(TaxIdType) else "practice.tax_id"
        yield error("25", path, f"Tax ID: {problem}")


@rule("practice.taxonomy")
def practice_taxonomy(claim: Claim, ctx: ScrubContext):
    """Box 33b (ZZ qualifier): taxonomy, when entered, is a valid NUCC code. Source: cms1500.md
    §3 item 33b; DOMAIN.md "Identifiers" (taxonomy pattern)."""
    if claim.practice.taxonomy:
        problem = check_taxonomy(claim.practice.taxonomy)
        if problem:
            yield error("33b", "practice.taxonomy", problem)


# --- rendering provider (24J, 31) -----------------------------------------------------------


@rule("npi.rendering")
def npi_rendering(claim: Claim, ctx: ScrubContext):
    """Box 24J: rendering provider NPI with a valid check digit. Source: cms1500.md §4 24J,
    §9 rejection 14."""
    problem = check_npi(claim.provider.npi)
    if problem:
        yield error("24J", "provider.npi", f"Rendering provider NPI: {problem}")


@rule("provider.name")
def provider_name(claim: Claim, ctx: ScrubContext):
    """Box 31: rendering provider's name (and taxonomy, when entered, well formed). Source:
    cms1500.md §3 item 31; DOMAIN.md "Identifiers" (taxonomy)."""
    if not (claim.provider.last_name.strip() and claim.provider.first_name.strip()):
        yield error("31", "provider.last_name", "Choose the rendering provider (first and last name).")
    if claim.provider.taxonomy and check_taxonomy(claim.provider.taxonomy):
        yield error("24J", "provider.taxonomy", check_taxonomy(claim.provider.taxonomy))


# --- facility (32) ---------------------------------------------------------------------------


@rule("facility.address")
def facility_address(claim: Claim, ctx: ScrubContext):
    """Box 32: when a service facility is given, its name and street address (not a PO box);
    ZIP+4 recommended (warning). Source: cms1500.md §3 item 32 ("9-digit ZIP"), §9 rejection 15."""
    facility = claim.facility
    if facility is None:
        return
    if not facility.name.strip():
        yield error("32", "facility.name", "Enter the service facility's name.")
    yield from _address_issues(facility.address, "32", "facility.address", "service facility",
                               zip9=True, street=True, zip_severity=warning)


@rule("npi.facility")
def npi_facility(claim: Claim, ctx: ScrubContext):
    """Box 32a: service facility NPI present and valid when box 32 is filled. Source: cms1500.md
    §9 rejection 15 ("a 32 facility missing its NPI")."""
    if claim.facility is None:
        return
    problem = check_npi(claim.facility.npi)
    if problem:
        yield error("32a", "facility.npi", f"Service facility NPI: {problem}")


# --- referring provider (17, 17b) ------------------------------------------------------------


@rule("referring", visit_level=True)
def referring(claim: Claim, ctx: ScrubContext):
    """Boxes 17/17b: a referring provider needs both the name and a valid NPI; the name without
    periods or commas. Source: cms1500.md §3 item 17/17b, §2 "Referring provider name",
    §9 rejection 8."""
    name, npi = (claim.visit.referring_name or "").strip(), (claim.visit.referring_npi or "").strip()
    if not name and not npi:
        return
    if not name:
        yield error("17", "visit.referring_name", "Enter the referring provider's name for the NPI in 17b.")
    elif re.search(r"[.,]", name):
        yield error("17", "visit.referring_name",
                    "Write the referring name as FIRST M LAST without periods or commas.")
    if not npi:
        yield error("17b", "visit.referring_npi", "Enter the referring provider's NPI (17b).")
    else:
        problem = check_npi(npi)
        if problem:
            yield error("17b", "visit.referring_npi", f"Referring NPI: {problem}")
    if claim.visit.referring_qualifier not in REFERRING_QUALIFIERS:
        yield error("17", "visit.referring_qualifier",
                    "Box 17 needs the provider's role: DN referring, DK ordering or DQ supervising "
                    "(Medicare returns a claim with a missing or invalid qualifier).")


# --- Medicare-specific -----------------------------------------------------------------------


def _is_medicare(claim: Claim) -> bool:
    return claim.payer.plan_type is PlanType.MEDICARE


@rule("medicare.box11")
def medicare_box11(claim: Claim, ctx: ScrubContext):
    """Box 11 for Medicare: "NONE" when no insurance is primary to Medicare; the form prints NONE
    for a blank group number, so a group number on the Medicare policy itself is suspect. Source:
    cms1500.md §3 item 11 (MCR: "NONE" if there is no insurance primary to Medicare)."""
    group = (claim.policy.group_number or "").strip().upper()
    if _is_medicare(claim) and group not in ("", "NONE"):
        yield warning("11", "policy.group_number",
                      "Medicare: box 11 should read NONE when no insurance is primary to Medicare; clear the "
                      "group number on the Medicare policy (the form then prints NONE).")


@rule("medicare.member_id")
def medicare_member_id(claim: Claim, ctx: ScrubContext):
    """Box 1a for Medicare: the 11-character Medicare Beneficiary Identifier (MBI); an old HICN or railroad
    number, a letter MBIs never use (S, L, O, I, B, Z) or another shape is an error (Medicare rejects claims
    without an MBI since January 1, 2020). A Medicare Advantage plan is set up with its own coverage type
    (group or other), not Medicare. Source: CMS MBI format specification; CMS New Medicare Card transition
    (MLN SE18006); cms1500.md §9 rejection 5 (item 1a in the wrong format)."""
    member_id = (claim.policy.member_id or "").strip()
    if _is_medicare(claim) and member_id:
        problem = check_mbi(member_id)
        if problem:
            yield error("1a", "policy.member_id",
                        problem + " (A Medicare Advantage plan's own ID goes on a payer set up as Group or Other.)")


@rule("medicaid.ndc")
def medicaid_ndc(claim: Claim, ctx: ScrubContext):
    """Box 24 shaded line on a Medicaid claim: a physician-administered drug (a HCPCS J code) needs its NDC,
    unit and quantity, which states must collect for the drug rebate; Medicaid denies the line without it
    (the NDC's own form is line.ndc's). Source: Deficit Reduction Act of 2005 section 6002 (Social Security
    Act 1927(a)(7)); cms1500.md §4 "24A-24G shaded line" (N4 qualifier, NDC, unit, quantity)."""
    if claim.payer.plan_type != PlanType.MEDICAID:
        return
    for i, line in enumerate(claim.lines):
        if (line.code or "").strip().upper().startswith("J") and not (line.ndc or "").strip():
            yield error("24A", f"lines[{i}].ndc",
                        f"Line {i + 1} ({line.code}): Medicaid pays a physician-administered drug only with its NDC; "
                        "enter the 11-digit NDC from the vial or carton, the unit (ML, UN, GR, F2, ME) and the "
                        "quantity given.")


@rule("medicare.referring_name")
def medicare_referring_name(claim: Claim, ctx: ScrubContext):
    """Box 17 for Medicare: referring name as FIRST LAST exactly as on the CMS Ordering &
    Referring file, without middle initial, credentials or "Dr". Source: cms1500.md §2 "Referring
    provider name" (S-PALM), §9 rejection 8."""
    name = (claim.visit.referring_name or "").strip()
    if _is_medicare(claim) and name:
        words = name.replace(".", " ").split()
        if len(words) != 2 or words[0].upper() in ("DR", "DOCTOR"):
            yield warning("17", "visit.referring_name",
                          "Medicare matches the referring name against the Ordering & Referring file: "
                          "enter FIRST LAST only (no middle initial, credentials or Dr).")


# --- timely filing, and a policy changed after printing -----------------------------------------


def _filing_clock_start(claim: Claim):
    """(day, what it is) the payer's limit counts from: the earliest date of service; for a secondary or
    tertiary claim the day the earlier payer's result was paid (payers give the next claim its limit from the
    primary's EOB), when the claim carries it. (None, '') without dates."""
    paid = [p.paid_date for p in claim.prior_payments if p.paid_date is not None] if claim.is_secondary else []
    if paid:
        return max(paid), "the earlier payer's payment"
    dates = [d for d in (claim.service_date, *(line.from_date for line in claim.lines)) if d is not None]
    return (min(dates), "the date of service") if dates else (None, "")


@rule("payer.timely_filing", overridable=True)
def payer_timely_filing(claim: Claim, ctx: ScrubContext):
    """An unprinted claim still within the payer's timely filing limit: a warning in the last 30 days, an
    error once it has passed (the payer denies it). Overridable with a written reason for the exceptions
    payers grant with proof (Medicare: retroactive entitlement or an administrative error, 42 CFR 424.44(b)).
    A corrected claim (frequency 7) only warns: many payers count its limit from their decision on the
    original claim, which the office knows and the program does not; a void has no limit. A secondary or
    tertiary claim counts from the earlier payer's payment date (coordination of benefits: the limit runs from
    the primary's EOB). Source: 42 CFR 424.44(a) (Medicare: 12 months after the date of service); the payer's
    limit or its type's default (`core.timely_filing`)."""
    if not claim.status.is_unprinted or claim.frequency is ClaimFrequency.VOID:
        return
    first, after = _filing_clock_start(claim)
    if first is None:
        return
    days, last_day = timely_filing.limit_days(claim.payer), timely_filing.deadline(claim.payer, first)
    name = claim.payer.name or "the payer"
    if ctx.today > last_day and claim.frequency is not ClaimFrequency.REPLACEMENT:
        yield error("24A", "visit.service_date",
                    f"{name} takes claims up to {days} days after {after} ({first:%m/%d/%Y}): the last day was "
                    f"{last_day:%m/%d/%Y}, so the payer will deny it. If an exception "
                    "applies (retroactive coverage, the payer's own error), override this finding with the reason "
                    "and send the proof; if the payer's limit is different, set it on the payer's setup.")
    elif ctx.today > last_day:
        yield warning("24A", "visit.service_date",
                      f"This corrected claim is past {name}'s {days}-day limit from the date of service "
                      f"({last_day:%m/%d/%Y}); send it only if the payer's limit for corrections (often counted "
                      "from its decision on the original claim) has not passed.")
    elif (last_day - ctx.today).days <= timely_filing.WARN_DAYS:
        yield warning("24A", "visit.service_date",
                      f"Print and send this claim by {last_day:%m/%d/%Y}: {name} takes claims up to {days} days "
                      f"after {after}.")


_POLICY_FACTS = ("payer_id", "member_id", "group_number", "relationship", "insured", "effective", "end")


@rule("policy.changed")
def policy_changed(claim: Claim, ctx: ScrubContext):
    """A printed or sent claim whose policy was changed on file afterwards (ended, another member ID, ...):
    the payer has the old data. A warning (the claim is out); the office corrects it (frequency 7) if the
    claim was wrong, or bills the plan that covered the day. Unprinted claims are rebuilt from the
    current records on every check, so `policy.active` and the others see the change there. Source:
    DOMAIN.md (claims for dates outside coverage are denied); cms1500.md §3 item 22 (replacement)."""
    now = ctx.current_policy
    if now is None or claim.status not in (ClaimStatus.PRINTED, ClaimStatus.SENT):
        return
    changed = [name for name in _POLICY_FACTS if getattr(now, name) != getattr(claim.policy, name)]
    if not changed:
        return
    dos = claim.service_date
    if dos is not None and not now.covers(dos):
        yield warning("1a", "policy.end",
                      f"The policy on file no longer covers {dos:%m/%d/%Y} (changed after this claim was printed): "
                      "void this claim and bill the plan that covered the day, or fix the policy's dates.")
    else:
        fields = ", ".join(name.replace("_", " ") for name in changed)
        yield warning("1a", f"policy.{changed[0]}",
                      f"The policy was changed after this claim was printed ({fields}): if the printed claim is "
                      "wrong, correct it (a replacement, frequency 7) so the payer gets the new data.")
