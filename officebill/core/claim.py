"""The claim as made: a frozen snapshot of everything a CMS-1500 or 837P needs.

The facade builds a `Claim` from the visit, patient, policies, payer, providers,
facility and practice at the moment the claim is made; the scrubber checks it
and the renderers print it. Nothing here touches the database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .money import Money
from .records import (
    ClaimFrequency,
    ClaimStatus,
    Facility,
    Patient,
    Payer,
    Person,
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

    def __post_init__(self) -> None:
        # Stored rows and older callers pass the codes as text ("7", "printed"); hold the enums.
        object.__setattr__(self, "frequency", ClaimFrequency(self.frequency))
        object.__setattr__(self, "status", ClaimStatus(self.status))

    @property
    def insured(self) -> Person:
        """The policy holder: the patient, or the person named on the policy."""
        return self.policy.insured or self.patient.as_person()

    @property
    def diagnoses(self) -> tuple[str, ...]:
        return self.visit.diagnoses

    def as_list_row(self) -> ClaimListRow:
        """This claim as a list row (the claim screen's title shows a whole claim like its list)."""
        return ClaimListRow(id=self.id, visit_id=self.visit.id, patient_id=self.patient.id,
                            patient_name=self.patient.display_name, account=self.patient.account,
                            service_date=self.service_date, payer_name=self.payer.name, total=self.total,
                            status=self.status, printed=self.printed, version=self.version, frequency=self.frequency)

    @property
    def total(self) -> Money:
        return Money.total(line.charge for line in self.lines)

    @property
    def service_date(self) -> date | None:
        return self.visit.service_date
