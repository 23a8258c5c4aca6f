"""The 837P 5010 (005010X222A1) writer: `Claim` records, a clearinghouse profile and control numbers in, X12 out.

Pure: nothing here reads the office file. One interchange (ISA/GS) per file,
one transaction set (ST) per up to 5,000 claims; in each set the loops
1000A submitter, 1000B receiver, then per billing provider 2000A/2010AA and per
claim 2000B/2010BA/2010BB, 2000C/2010CA when the patient is not the subscriber,
2300 (CLM, dates, REF, NTE, HI), 2310A/B/C/D, 2320/2330A/B for other coverage,
and 2400 (SV1, DTP*472, REF*6R, 2410 LIN/CTP, 2420E ordering, 2430 adjudication)
for each line. A secondary or tertiary claim carries each earlier payer's
posted result (`Claim.prior_payments`): 2320 SBR, AMT*D (paid on this claim's
lines) and AMT*EAF (left to the patient); 2330B with REF*F8 (its claim number;
DTP*573 only when no line carries it); per line 2430 SVD, CAS by group code and
DTP*573. Adjustments are per line in our books, so no claim-level CAS is
written. Values follow the CMS-1500 mapping (the claim control number of box 26
is CLM01; see `core.edi` for it and the REF*6R line control number).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from ..core.claim import Claim
from ..core.edi import Clearinghouse, ControlNumbers, claim_control_number, line_control_number
from ..core.ledger import GroupCode
from ..core.money import Money
from ..core.records import Address, Payer, Person, Policy, Practice, Relationship, ServiceLine, Sex, TaxIdType
from .segments import Envelope, SegmentList, amount, composite, d8, digits, identifier, interchange, text
from .segments import transaction_set as wrap_set

VERSION = "005010X222A1"
MAX_CLAIMS_PER_SET = 5000  # the TR3's recommended limit of CLM segments in one ST
MAX_LINES = 50  # 2400 repeats at most 50 times per claim
MAX_DIAGNOSES = 12
_CREDENTIALS = {"MD", "DO", "NP", "PA", "PAC", "FNP", "DPM", "DC", "RN", "CRNP", "APRN", "DNP", "PHD", "OD",
                "DDS", "DMD", "ANP", "PNP", "CNM", "JR", "SR", "II", "III"}
_PAT_RELATIONSHIP = {Relationship.SPOUSE: "01", Relationship.CHILD: "19", Relationship.OTHER: "G8"}
_SBR_RELATIONSHIP = {Relationship.SELF: "18", **_PAT_RELATIONSHIP}
_RESPONSIBILITY = {1: "P", 2: "S", 3: "T"}
_OTHER_DATES = {"454", "304", "453", "439", "455", "471", "090", "091", "444"}  # box 15 qualifiers = DTP01


@dataclass(frozen=True)
class Written837:
    """An 837P file's text and, per claim id, the ST02 of the transaction set that carries it."""

    text: str
    transaction_controls: dict[int, str]


def write_837p(claims: list[Claim], profile: Clearinghouse, controls: ControlNumbers, created: datetime,
               batch_id: str) -> Written837:
    """The 837P file for `claims` (saved claims, each with its id) sent through `profile`."""
    if not claims:
        raise ValueError("an 837P file needs at least one claim")
    sets, owners = [], {}
    for number, start in enumerate(range(0, len(claims), MAX_CLAIMS_PER_SET)):
        control = f"{controls.first_transaction + number:04d}"
        chunk = claims[start:start + MAX_CLAIMS_PER_SET]
        sets.append(wrap_set("837", control, VERSION, _transaction_body(chunk, profile, created, batch_id)))
        owners.update({claim.id: control for claim in chunk})
    envelope = Envelope(sender_qualifier=profile.sender_qualifier, sender_id=profile.sender_id,
                        receiver_qualifier=profile.receiver_qualifier, receiver_id=profile.receiver_isa_id,
                        interchange_control=controls.interchange, group_control=controls.group,
                        functional_code="HC", version=VERSION, created=created, production=profile.production)
    return Written837(interchange(envelope, sets), owners)


def _transaction_body(claims: list[Claim], profile: Clearinghouse, created: datetime, batch_id: str) -> SegmentList:
    out = SegmentList()
    out.add("BHT", "0019", "00", identifier(batch_id, 30), f"{created:%Y%m%d}", f"{created:%H%M}", "CH")
    # 1000A submitter and 1000B receiver
    out.add("NM1", "41", "2", text(profile.submitter_name, 60), "", "", "", "", "46", profile.submitter_id)
    phone = digits(profile.contact_phone) or digits(claims[0].practice.phone)
    out.add("PER", "IC", text(profile.contact_name or profile.submitter_name, 60), "TE", phone[-10:])
    out.add("NM1", "40", "2", text(profile.receiver_name, 60), "", "", "", "", "46", profile.receiver_id)
    hl = 0
    for practice, group in groupby(claims, key=lambda c: c.practice):
        hl += 1
        provider_hl = hl
        out.add("HL", str(provider_hl), "", "20", "1")
        if practice.taxonomy:
            out.add("PRV", "BI", "PXC", identifier(practice.taxonomy))
        _billing_provider(out, practice)
        for claim in group:
            hl = _claim_loops(out, claim, hl, provider_hl)
    return out


def _billing_provider(out: SegmentList, practice: Practice) -> None:
    """2010AA: the practice, its NPI, street address (no PO box) and tax ID."""
    out.add("NM1", "85", "2", text(practice.name, 60), "", "", "", "", "XX", digits(practice.npi))
    _address(out, practice.address)
    ssn = str(practice.tax_id_type).upper() == TaxIdType.SSN
    out.add("REF", "SY" if ssn else "EI", digits(practice.tax_id))


def _address(out: SegmentList, address: Address) -> None:
    out.add("N3", text(address.line1, 55), text(address.line2, 55))
    out.add("N4", text(address.city, 30), text(address.state, 2), digits(address.zip)[:9])


def _person_name(out: SegmentList, code: str, last: str, first: str, middle: str, id_qualifier: str = "",
                 id_value: str = "", suffix: str = "") -> None:
    out.add("NM1", code, "1", text(last, 60), text(first, 35), text(middle, 25), "", text(suffix, 10),
            id_qualifier if id_value else "", id_value)


def _demographics(out: SegmentList, dob: date | None, sex: Sex) -> None:
    if dob is not None:
        out.add("DMG", "D8", d8(dob), Sex(sex).value)


def _claim_loops(out: SegmentList, claim: Claim, hl: int, provider_hl: int) -> int:
    """2000B (and 2000C) with the 2300 claim under it; returns the last HL number used."""
    if claim.id is None:
        raise ValueError("only saved claims (with an id) are sent")
    patient_is_subscriber = claim.policy.relationship is Relationship.SELF or claim.policy.insured is None
    hl += 1
    subscriber_hl = hl
    out.add("HL", str(subscriber_hl), str(provider_hl), "22", "0" if patient_is_subscriber else "1")
    policy, payer = claim.policy, claim.payer
    group = identifier(policy.group_number, 50)
    out.add("SBR", _responsibility(policy.priority), "18" if patient_is_subscriber else "", group,
            "" if group else text(policy.plan_name, 60), "", "", "", "", payer.filing_indicator or "ZZ")
    insured = claim.insured
    _person_name(out, "IL", insured.last_name, insured.first_name, insured.middle, "MI",
                 identifier(policy.member_id, 80), claim.patient.suffix if patient_is_subscriber else "")
    if patient_is_subscriber or not insured.address.is_blank():
        _address(out, insured.address)
    if patient_is_subscriber:
        _demographics(out, claim.patient.dob, claim.patient.sex)
    out.add("NM1", "PR", "2", text(payer.name, 60), "", "", "", "", "PI", identifier(payer.payer_id, 80))
    if not payer.address.is_blank():
        _address(out, payer.address)
    if not patient_is_subscriber:
        hl += 1
        out.add("HL", str(hl), str(subscriber_hl), "23", "0")
        out.add("PAT", _PAT_RELATIONSHIP.get(policy.relationship, "G8"))
        patient = claim.patient
        _person_name(out, "QC", patient.last_name, patient.first_name, patient.middle, suffix=patient.suffix)
        _address(out, patient.address)
        _demographics(out, patient.dob, patient.sex)
    _claim(out, claim)
    return hl


def _responsibility(priority: int) -> str:
    return _RESPONSIBILITY.get(priority, "T")


def _claim(out: SegmentList, claim: Claim) -> None:
    """2300: CLM, dates, amounts, references, note, diagnoses, providers, other coverage, then the lines."""
    visit, patient, practice = claim.visit, claim.patient, claim.practice
    lines = claim.lines
    if not 0 < len(lines) <= MAX_LINES:
        raise ValueError(f"claim {claim.id}: an 837P claim holds 1 to {MAX_LINES} lines")
    if len(visit.diagnoses) > MAX_DIAGNOSES:
        raise ValueError(f"claim {claim.id}: more than {MAX_DIAGNOSES} diagnoses; split the claim first")
    pos = digits(visit.pos or (claim.facility.default_pos if claim.facility else "")) or "11"
    causes = [code for flag, code in ((visit.accident_employment, "EM"), (visit.accident_auto, "AA"),
                                      (visit.accident_other, "OA")) if flag]
    related = composite(*(causes + [""] * (3 - len(causes))), text(visit.accident_state, 2)
                        if visit.accident_auto else "") if causes else ""
    assigned = patient.signature_on_file and practice.accept_assignment
    out.add("CLM", claim_control_number(patient.account, claim.id), amount(claim.total), "", "",
            composite(pos, "B", claim.frequency.value), "Y", "A" if practice.accept_assignment else "C",
            "Y" if assigned else "N", "Y" if patient.signature_on_file else "I", "", related)
    _claim_dates(out, claim)
    patient_paid = claim.amount_paid - claim.prior_paid  # box 29 holds the earlier payers' payments too
    if patient_paid.cents > 0:
        out.add("AMT", "F5", amount(patient_paid))
    if visit.prior_auth.strip():  # the TR3's order: G1 before F8
        out.add("REF", "G1", identifier(visit.prior_auth, 50))
    if claim.frequency.is_resubmission:
        out.add("REF", "F8", identifier(claim.original_ref, 50))
    if visit.additional_info.strip():
        out.add("NTE", "ADD", text(visit.additional_info, 80))
    codes = [identifier(code) for code in visit.diagnoses]
    if codes:
        out.add("HI", *(composite("ABK" if i == 0 else "ABF", code) for i, code in enumerate(codes)))
    _claim_providers(out, claim)
    _other_coverage(out, claim)
    for number, line in enumerate(lines, start=1):
        _line(out, claim, line, number)


def _claim_dates(out: SegmentList, claim: Claim) -> None:
    """2300 DTP segments in the TR3's order: onset, the box 15 date, disability, admission, discharge, then
    the assumed/relinquished care and first contact dates."""
    visit = claim.visit
    dates: list[tuple[int, tuple[str, ...]]] = []
    if visit.onset_date:
        dates.append((0, ("431", "D8", d8(visit.onset_date))))
    if visit.other_date and visit.other_date_qualifier in _OTHER_DATES:
        rank = 5 if visit.other_date_qualifier in ("090", "091", "444") else 1
        dates.append((rank, (visit.other_date_qualifier, "D8", d8(visit.other_date))))
    if visit.unable_to_work_from and visit.unable_to_work_to:
        dates.append((2, ("314", "RD8", f"{d8(visit.unable_to_work_from)}-{d8(visit.unable_to_work_to)}")))
    elif visit.unable_to_work_from:
        dates.append((2, ("360", "D8", d8(visit.unable_to_work_from))))
    if visit.hospitalized_from:
        dates.append((3, ("435", "D8", d8(visit.hospitalized_from))))
    if visit.hospitalized_to:
        dates.append((4, ("096", "D8", d8(visit.hospitalized_to))))
    for _rank, elements in sorted(dates, key=lambda item: item[0]):
        out.add("DTP", *elements)


def split_name(name: str) -> tuple[str, str]:
    """(last, first) of a name typed as 'Last, First' or 'First M Last MD' (credentials dropped)."""
    if "," in name:
        last, _, rest = name.partition(",")
        words = [w for w in rest.replace(".", " ").split() if w.upper() not in _CREDENTIALS]
        return last.strip(), words[0] if words else ""
    words = [w for w in name.replace(".", " ").replace(",", " ").split() if w.upper() not in _CREDENTIALS]
    if not words:
        return "", ""
    return words[-1], words[0] if len(words) > 1 else ""


def _claim_providers(out: SegmentList, claim: Claim) -> None:
    """2310A referring, 2310B rendering (when not the billing NPI), 2310C facility (when elsewhere), 2310D
    supervising. An ordering provider (box 17 DK) goes on each line (2420E)."""
    visit, practice, provider, facility = claim.visit, claim.practice, claim.provider, claim.facility
    referrer = visit.referring_name.strip()
    if referrer and visit.referring_qualifier == "DN":
        last, first = split_name(referrer)
        _person_name(out, "DN", last, first, "", "XX", digits(visit.referring_npi))
    if digits(provider.npi) and digits(provider.npi) != digits(practice.npi):
        _person_name(out, "82", provider.last_name, provider.first_name, provider.middle, "XX", digits(provider.npi))
        if provider.taxonomy:
            out.add("PRV", "PE", "PXC", identifier(provider.taxonomy))
    if facility is not None and (facility.address != practice.address or digits(facility.npi) != digits(practice.npi)):
        out.add("NM1", "77", "2", text(facility.name, 60), "", "", "", "", "XX" if digits(facility.npi) else "",
                digits(facility.npi))
        _address(out, facility.address)
    if referrer and visit.referring_qualifier == "DQ":
        last, first = split_name(referrer)
        _person_name(out, "DQ", last, first, "", "XX", digits(visit.referring_npi))


def _other_coverage(out: SegmentList, claim: Claim) -> None:
    """2320/2330A/2330B per other payer: each earlier payer whose result this claim follows (what it paid, AMT*D,
    and its claim number), then the other policy known for the claim when it is not one of those (box 9/11d)."""
    on_claim = {line.id for line in claim.lines}
    priors = [prior for prior in claim.prior_payments if prior.lines]
    for prior in priors:
        answered = [line for line in prior.lines if line.service_line_id in on_claim]
        _other_payer(out, claim, prior.policy, prior.payer, paid=Money.total(line.paid for line in answered),
                     left=Money.total(line.adjusted(GroupCode.PR) for line in answered),
                     paid_date=None if answered else prior.paid_date,  # the guide: DTP*573 here only without 2430
                     payer_claim_number=prior.payer_claim_number)
    other = claim.other_policy
    if other is not None and claim.other_payer is not None and other.id not in {p.policy.id for p in priors}:
        _other_payer(out, claim, other, claim.other_payer)


def _other_payer(out: SegmentList, claim: Claim, policy: Policy, payer: Payer, *, paid: Money | None = None,
                 left: Money | None = None, paid_date: date | None = None, payer_claim_number: str = "") -> None:
    mine, theirs = _responsibility(claim.policy.priority), _responsibility(policy.priority)
    if theirs == mine:
        theirs = "P" if paid is not None else ("S" if mine == "P" else "P")
    group = identifier(policy.group_number, 50)
    out.add("SBR", theirs, _SBR_RELATIONSHIP.get(policy.relationship, "G8"), group,
            "" if group else text(policy.plan_name, 60), "", "", "", "", payer.filing_indicator or "ZZ")
    if paid is not None:
        out.add("AMT", "D", amount(paid))
    if left:
        out.add("AMT", "EAF", amount(left))  # what that payer left to the patient
    out.add("OI", "", "", "Y", "", "", "Y" if claim.patient.signature_on_file else "I")
    insured: Person = policy.insured or claim.patient.as_person()
    _person_name(out, "IL", insured.last_name, insured.first_name, insured.middle, "MI",
                 identifier(policy.member_id, 80))
    if not insured.address.is_blank():
        _address(out, insured.address)
    out.add("NM1", "PR", "2", text(payer.name, 60), "", "", "", "", "PI", other_payer_id(payer))
    if paid_date is not None:
        out.add("DTP", "573", "D8", d8(paid_date))
    if payer_claim_number.strip():
        out.add("REF", "F8", identifier(payer_claim_number, 50))


def other_payer_id(payer: Payer) -> str:
    """2330B NM109 (and SVD01): the other payer's electronic ID, or its name's letters when it has none."""
    return identifier(payer.payer_id, 80) or identifier(payer.name, 80)


def _line_adjudications(out: SegmentList, claim: Claim, line: ServiceLine) -> None:
    """2430: each earlier payer's answer on this line: SVD (paid), CAS by group (six reasons a segment), DTP*573."""
    for prior in claim.prior_payments:
        answer = prior.line(line.id) if line.id is not None else None
        if answer is None:
            continue
        out.add("SVD", other_payer_id(prior.payer), amount(answer.paid),
                composite("HC", identifier(line.code, 48), *(identifier(m, 2) for m in line.modifiers[:4])), "",
                str(line.units))
        by_group: dict[str, list] = {}
        for adjustment in answer.adjustments:
            if adjustment.amount:
                by_group.setdefault(GroupCode(adjustment.group).value, []).append(adjustment)
        for group_code, adjustments in by_group.items():
            for start in range(0, len(adjustments), 6):
                triplets = []
                for adjustment in adjustments[start:start + 6]:
                    triplets += [identifier(adjustment.reason, 5), amount(adjustment.amount), ""]
                out.add("CAS", group_code, *triplets)
        day = answer.paid_date or prior.paid_date or claim.created or claim.service_date
        out.add("DTP", "573", "D8", d8(day))


def _line(out: SegmentList, claim: Claim, line: ServiceLine, number: int) -> None:
    """2400: the service line, its dates, line control number, NDC (2410) and ordering provider (2420E)."""
    out.add("LX", str(number))
    count = len(claim.visit.diagnoses)
    pointers = []
    for index in line.pointers:
        if 1 <= index <= count and str(index) not in pointers:
            pointers.append(str(index))
    out.add("SV1", composite("HC", identifier(line.code, 48), *(identifier(m, 2) for m in line.modifiers[:4])),
            amount(line.charge), "UN", str(line.units), "", "", composite(*pointers[:4]), "",
            "Y" if line.emg else "")
    start = line.from_date or claim.service_date
    end = line.to_date or start
    if start == end:
        out.add("DTP", "472", "D8", d8(start))
    else:
        out.add("DTP", "472", "RD8", f"{d8(start)}-{d8(end)}")
    out.add("REF", "6R", line_control_number(claim.id, number))
    if line.ndc:
        out.add("LIN", "", "N4", digits(line.ndc))
        quantity = "".join(ch for ch in line.ndc_quantity if ch.isdigit() or ch == ".") or "1"
        out.add("CTP", "", "", "", quantity, line.ndc_unit or "UN")
    visit = claim.visit
    if visit.referring_name.strip() and visit.referring_qualifier == "DK":
        last, first = split_name(visit.referring_name)
        _person_name(out, "DK", last, first, "", "XX", digits(visit.referring_npi))
    _line_adjudications(out, claim, line)
