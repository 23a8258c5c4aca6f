"""The books' vocabulary and records: ledger entries, parties, deposits, tenders, group and reason codes.

Sign convention (one rule for every kind): an entry's `amount` is what it
does to the amount owed to the office. Positive raises it (a charge, a
refund paid out, money moved *to* a party), negative lowers it (a payment, an
adjustment, a write-off, money moved *away from* a party). Every balance is
the plain sum of the entries it covers; a reversal carries the exact
negation of the entry it reverses.

Group codes and claim adjustment reason codes (CARC) are those of X12's
public "Claim Adjustment Reason Codes" list (maintained by X12, published at
x12.org/codes/claim-adjustment-reason-codes); the descriptions below are our
own short wording, not the list's text. Nothing here touches the database.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from .money import Money
from .problems import Problem


class EntryKind(str, Enum):
    CHARGE = "charge"  # a service line's charge, posted with the visit
    INSURANCE_PAYMENT = "insurance_payment"  # a payer's payment on a line, from a deposit
    PATIENT_PAYMENT = "patient_payment"  # money from the patient (or guarantor)
    ADJUSTMENT = "adjustment"  # a payer's CO/OA/PI adjustment (the office may not bill it on)
    WRITE_OFF = "write_off"  # the office forgives a balance (small balance, bad debt, courtesy)
    REFUND = "refund"  # money paid back out of a credit
    TRANSFER = "transfer"  # responsibility moved from one party to the next (always a pair netting zero)
    REVERSAL = "reversal"  # undoes one entry exactly; `reverses_id` names it


class Party(str, Enum):
    """Who owes a line's open balance: one party at a time, in this order."""

    PRIMARY = "primary"
    SECONDARY = "secondary"
    TERTIARY = "tertiary"
    PATIENT = "patient"

    @property
    def priority(self) -> int | None:
        """The policy priority (1, 2, 3) of an insurance party; None for the patient."""
        return {"primary": 1, "secondary": 2, "tertiary": 3}.get(self.value)

    @classmethod
    def of_priority(cls, priority: int) -> Party:
        return (cls.PRIMARY, cls.SECONDARY, cls.TERTIARY)[priority - 1]

    @property
    def is_insurance(self) -> bool:
        return self is not Party.PATIENT


class GroupCode(str, Enum):
    CO = "CO"  # contractual obligation: written off, may not be billed to the patient
    PR = "PR"  # patient responsibility: moves to the next party
    OA = "OA"  # other adjustment
    PI = "PI"  # payer-initiated reduction

    @property
    def label(self) -> str:
        return GROUP_LABELS[self]


GROUP_LABELS = {
    GroupCode.CO: "Contractual obligation (office writes it off)",
    GroupCode.PR: "Patient responsibility (moves to the next party)",
    GroupCode.OA: "Other adjustment",
    GroupCode.PI: "Payer-initiated reduction",
}

# Common CARCs (X12 Claim Adjustment Reason Codes), described in our own words.
REASON_CODES: dict[str, str] = {
    "1": "Deductible",
    "2": "Coinsurance",
    "3": "Copay",
    "4": "Procedure and modifier do not agree",
    "5": "Procedure does not fit the place of service",
    "11": "Diagnosis does not support the procedure",
    "16": "Claim lacks information or has billing errors",
    "18": "Exact duplicate of a claim already processed",
    "22": "Another payer may cover this (coordination of benefits)",
    "23": "Reduced by what a prior payer paid or adjusted",
    "24": "Covered by a capitation or managed care plan",
    "26": "Service before coverage began",
    "27": "Service after coverage ended",
    "29": "Time limit for filing has passed",
    "31": "Patient not identified as our insured",
    "45": "Charge above the fee schedule or maximum allowed",
    "50": "Not deemed medically necessary",
    "59": "Multiple or concurrent procedure rules applied",
    "96": "Not covered",
    "97": "Included in the payment for another service",
    "109": "Not covered by this payer; send to the correct one",
    "119": "Benefit maximum reached",
    "151": "Frequency or number of services not supported",
    "167": "Diagnosis not covered",
    "170": "Not paid when billed by this type of provider",
    "197": "Authorization or precertification missing",
    "204": "Not covered under the patient's current plan",
    "242": "Services not provided by network providers",
    "253": "Sequestration (federal reduction)",
}

# Why the office forgives a balance (write-offs are not payer adjustments).
WRITE_OFF_REASONS: dict[str, str] = {
    "small_balance": "Small balance",
    "bad_debt": "Bad debt (sent to collections or uncollectable)",
    "courtesy": "Professional courtesy",
    "hardship": "Financial hardship",
    "other": "Other (explain in the note)",
}


class PaymentMethod(str, Enum):
    CASH = "cash"
    CHECK = "check"
    CARD = "card"


_DIGITS = re.compile(r"\d")


def tender_problems(method: PaymentMethod | str, number: str, field: str = "number") -> list[Problem]:
    """What is wrong with a patient payment's method and number. A card keeps its last four digits only.

    Anything holding more than four digits for a card is refused (never a full card number, PCI DSS);
    a check needs its number; cash takes none."""
    try:
        method = PaymentMethod(method)
    except ValueError:
        return [Problem("method", f"'{method}' is not a payment method; use cash, check or card.")]
    number = (number or "").strip()
    if method is PaymentMethod.CARD:
        digits = "".join(_DIGITS.findall(number))
        if len(digits) > 4:
            return [Problem(field, "Never enter a full card number: type only the card's last four digits.")]
        if not re.fullmatch(r"\d{4}", number):
            return [Problem(field, "Type the card's last four digits (for example 4242).")]
    elif method is PaymentMethod.CHECK:
        if not re.fullmatch(r"[0-9A-Za-z-]{1,20}", number):
            return [Problem(field, "Type the check number (up to 20 letters or digits).")]
    elif number:
        return [Problem(field, "A cash payment has no number; leave it blank.")]
    return []


@dataclass(frozen=True, kw_only=True)
class LedgerEntry:
    """One money event. Never edited: a mistake is undone by a REVERSAL pointing at it (`reverses_id`)."""

    id: int | None = None
    kind: EntryKind = EntryKind.CHARGE
    amount: Money = Money(0)  # signed: + raises what is owed, - lowers it (see the module docstring)
    patient_id: int | None = None
    visit_id: int | None = None
    service_line_id: int | None = None
    service_date: date | None = None  # the visit's date of service (aging counts from it)
    claim_id: int | None = None
    party: Party = Party.PATIENT
    payer_id: int | None = None  # the payer of an insurance party
    deposit_id: int | None = None
    allowed: Money | None = None  # the payer's allowed amount, on an insurance payment
    group: GroupCode | None = None
    reason: str = ""  # a CARC for payer adjustments and transfers, a WRITE_OFF_REASONS key for write-offs
    reverses_id: int | None = None
    batch: int | None = None  # the entries of one action (a line's EOB result, a payment) share it
    posted: date | None = None
    who: str = ""
    note: str = ""
    method: PaymentMethod | None = None  # patient payments and refunds
    number: str = ""  # check number or card's last four

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", EntryKind(self.kind))
        object.__setattr__(self, "party", Party(self.party))
        if self.group is not None:
            object.__setattr__(self, "group", GroupCode(self.group))
        if self.method is not None:
            object.__setattr__(self, "method", PaymentMethod(self.method))

    def reversed_by(self, posted: date, who: str = "", note: str = "") -> LedgerEntry:
        """The entry that undoes this one: same line, party and links, the amount negated."""
        return LedgerEntry(
            kind=EntryKind.REVERSAL, amount=-self.amount, patient_id=self.patient_id, visit_id=self.visit_id,
            service_line_id=self.service_line_id, service_date=self.service_date, claim_id=self.claim_id,
            party=self.party, payer_id=self.payer_id, deposit_id=self.deposit_id, group=self.group,
            reason=self.reason, reverses_id=self.id, posted=posted, who=who, note=note or f"reverses entry {self.id}",
            method=self.method, number=self.number)


@dataclass(frozen=True, kw_only=True)
class Deposit:
    """A payer's check or EFT. Applied + adjustments + unapplied = amount, always; unapplied money stays visible."""

    id: int | None = None
    payer_id: int | None = None
    number: str = ""  # check or EFT trace number
    received: date | None = None
    amount: Money = Money(0)
    note: str = ""
    closed: date | None = None
    applied: Money = Money(0)  # read from the ledger, never stored
    # The part of the money that is not claim payments, read from deposit_adjustments: an 835's
    # provider-level adjustments (PLB: interest +, withholdings -) and reversals recouped (- here, + on the
    # deposit the reversed payment came from). Applied + adjustments + unapplied = amount.
    adjustments: Money = Money(0)

    @property
    def unapplied(self) -> Money:
        return self.amount - self.applied - self.adjustments


@dataclass(frozen=True)
class Adjustment:
    """One adjustment of an EOB line: group code, reason code (CARC), amount (positive as printed)."""

    group: GroupCode | str
    reason: str
    amount: Money


@dataclass(frozen=True)
class EobLine:
    """One service line's result on an EOB: allowed, paid, adjustments."""

    service_line_id: int
    allowed: Money
    paid: Money
    adjustments: tuple[Adjustment, ...] = ()
