"""The claim as made: a frozen snapshot of everything a CMS-1500 or 837P needs.

The facade builds a `Claim` from the visit, patient, policies, payer, providers,
facility and practice at the moment the claim is made; the scrubber checks it
and the renderers print it. Nothing here touches the database.

A secondary (or tertiary) claim follows the claim whose posted result left
money with its payer (`primary_claim_id`) and freezes that result, and any
earlier payer's, in `prior_payments`: per line the allowed and paid amounts,
the adjustments (group, reason, amount) and the date paid, with the payer and
policy. The CMS-1500 prints the earlier payer in boxes 9-9d and what it paid
in box 29, and the office attaches its EOB (`needs_primary_eob`); the 837P
carries the same record in loops 2320/2330B/2430.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .ledger import Adjustment, GroupCode
from .money import Money
from .records import (
    ClaimFrequency,
    ClaimStatus,
    Facility,
    Patient,
    Payer,
    Person,
    PlanType,
    Policy,
    Practice,
    Provider,
    ServiceLine,
    Visit,
)


@dataclass(frozen=True, kw_only=True)
class ClaimListRow:
    """A claim as a list shows it (the lists read these from columns; the snapshot only for the chosen claim)."""

    id: int
    visit_id: int
    patient_id: int
    patient_name: str
    account: str
    service_date: date | None
    payer_name: str
    total: Money
    status: ClaimStatus
    printed: date | None
    version: int
    frequency: ClaimFrequency
    primary_claim_id: int | None = None  # set on a secondary or tertiary claim: the claim it follows

    @property
    def is_secondary(self) -> bool:
        """Billed after another payer's result (a secondary or tertiary claim)."""
        return self.primary_claim_id is not None

    @property
    def needs_primary_eob(self) -> bool:
        """A claim following another payer's result, on paper: the office attaches that payer's EOB. One sent
        (an 837P carries the result in its COB loops, or the payer forwarded it) needs none."""
        return self.primary_claim_id is not None and self.status is not ClaimStatus.SENT


@dataclass(frozen=True, kw_only=True)
class PriorLine:
    """One service line as an earlier payer answered it (837P loop 2430: SVD, CAS, DTP*573)."""

    service_line_id: int
    code: str = ""  # the procedure code billed (SVD03)
    charge: Money = Money(0)  # the line's charge as billed
    allowed: Money | None = None  # the payer's allowed amount, when the EOB gave one
    paid: Money = Money(0)  # SVD02 (0.00 for a denial)
    adjustments: tuple[Adjustment, ...] = ()  # CAS: group, reason (CARC), amount, as posted
    paid_date: date | None = None  # the adjudication date (DTP*573): the date the payer's money was received

    def adjusted(self, group: GroupCode | str | None = None) -> Money:
        """The adjustments' total (of one group code when given)."""
        return Money.total(a.amount for a in self.adjustments if group is None or GroupCode(a.group) is GroupCode(group))


@dataclass(frozen=True, kw_only=True)
class PriorPayment:
    """An earlier payer's posted result on this claim's lines (paper: its EOB, attached; 837P: 2320/2330B/2430).

    Frozen in the claim when it is made (refreshed while the claim is unprinted), so what was sent is what
    the claim shows later even if the books change."""

    claim_id: int | None = None  # the claim that payer was billed on
    payer: Payer = Payer()
    policy: Policy = Policy()
    payer_claim_number: str = ""  # that payer's claim number (ICN/DCN), when recorded (2330B REF*F8)
    lines: tuple[PriorLine, ...] = ()

    @property
    def paid(self) -> Money:
        """What the payer paid on these lines (box 29 on paper, AMT*D in 2320)."""
        return Money.total(line.paid for line in self.lines)

    @property
    def patient_responsibility(self) -> Money:
        """The PR adjustments: what the payer left to the next party (AMT*EAF)."""
        return Money.total(line.adjusted(GroupCode.PR) for line in self.lines)

    @property
    def paid_date(self) -> date | None:
        """The latest date the payer's money was received for these lines (2330B DTP*573)."""
        return max((line.paid_date for line in self.lines if line.paid_date), default=None)

    def line(self, service_line_id: int) -> PriorLine | None:
        return next((line for line in self.lines if line.service_line_id == service_line_id), None)


MEDIGAP_WORDS = ("MEDIGAP", "MEDICARE SUPPLEMENT")


def is_medigap(policy: Policy | None, payer: Payer | None) -> bool:
    """A Medicare supplement (Medigap) policy: the office names it so in the policy's plan name or the payer's
    name ("Medigap Plan G"). Medicare prints only a Medigap policy in box 9 and forwards the claim to it."""
    text = " ".join(((policy.plan_name if policy else "") or "", (payer.name if payer else "") or "")).upper()
    return any(word in text for word in MEDIGAP_WORDS)


def medicare_crosses_over(payer: Payer, next_policy: Policy | None, next_payer: Payer | None) -> bool:
    """Medicare forwards its result to the next payer by itself (COBA crossover) when that payer is Medicaid
    or a Medigap plan named in box 9 with its ID in 9d; billing it again makes a duplicate (MONEY.md,
    Secondary claims). Without the ID in 9d Medicare cannot forward it, so the office bills it."""
    if payer.plan_type != PlanType.MEDICARE or next_payer is None:
        return False
    return next_payer.plan_type == PlanType.MEDICAID or (
        is_medigap(next_policy, next_payer) and bool((next_payer.payer_id or "").strip()))


@dataclass(frozen=True, kw_only=True)
class Claim:
    id: int | None = None
    version: int = 1
    frequency: ClaimFrequency = ClaimFrequency.ORIGINAL  # box 22
    original_ref: str = ""  # payer claim number of the claim being replaced (box 22)
    status: ClaimStatus = ClaimStatus.DRAFT
    created: date | None = None
    printed: date | None = None
    practice: Practice = Practice()
    provider: Provider = Provider()  # rendering
    facility: Facility | None = None
    payer: Payer = Payer()
    patient: Patient = Patient()
    policy: Policy = Policy()
    other_policy: Policy | None = None  # box 9/11d
    other_payer: Payer | None = None
    visit: Visit = Visit()
    lines: tuple[ServiceLine, ...] = field(default=())
    amount_paid: Money = Money(0)  # box 29
    primary_claim_id: int | None = None  # a secondary/tertiary claim: the claim whose posted result it follows
    prior_payments: tuple[PriorPayment, ...] = ()  # earlier payers' results, oldest payer first

    def __post_init__(self) -> None:
        # Stored rows and older callers pass the codes as text ("7", "printed"); hold the enums.
        object.__setattr__(self, "frequency", ClaimFrequency(self.frequency))
        object.__setattr__(self, "status", ClaimStatus(self.status))

    @property
    def insured(self) -> Person:
        """The policy holder: the patient, or the person named on the policy."""
        return self.policy.insured or self.patient.as_person()

    @property
    def is_secondary(self) -> bool:
        """Billed after another payer's result (a secondary or tertiary claim)."""
        return self.primary_claim_id is not None

    @property
    def needs_primary_eob(self) -> bool:
        """The office attaches the earlier payer's EOB to the paper claim (a secondary/tertiary claim not sent
        electronically or forwarded by the earlier payer)."""
        return self.as_list_row().needs_primary_eob

    @property
    def prior_paid(self) -> Money:
        """What the earlier payers paid on this claim's lines."""
        return Money.total(prior.paid for prior in self.prior_payments)

    @property
    def diagnoses(self) -> tuple[str, ...]:
        return self.visit.diagnoses

    def as_list_row(self) -> ClaimListRow:
        """This claim as a list row (the claim screen's title shows a whole claim like its list)."""
        return ClaimListRow(id=self.id, visit_id=self.visit.id, patient_id=self.patient.id,
                            patient_name=self.patient.display_name, account=self.patient.account,
                            service_date=self.service_date, payer_name=self.payer.name, total=self.total,
                            status=self.status, printed=self.printed, version=self.version, frequency=self.frequency,
                            primary_claim_id=self.primary_claim_id)

    @property
    def total(self) -> Money:
        return Money.total(line.charge for line in self.lines)

    @property
    def service_date(self) -> date | None:
        return self.visit.service_date
