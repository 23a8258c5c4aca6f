"""An 835 remittance as records: the payment (BPR/TRN), each claim's result (CLP), each line's (SVC), PLB.

`edi.x835` reads X12 into these; `billing.remittance` decides what each claim
result posts; the facade stores and posts them. Amounts are `Money` with the
file's signs (a reversal's are negative). The status and PLB reason words
below are our own short wording of the X12 code lists. Nothing here does I/O.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .ledger import Adjustment
from .money import Money

# CLP02 claim status codes, in plain words.
CLAIM_STATUSES: dict[str, str] = {
    "1": "processed as primary",
    "2": "processed as secondary",
    "3": "processed as tertiary",
    "4": "denied",
    "19": "processed as primary, forwarded to the next payer",
    "20": "processed as secondary, forwarded to the next payer",
    "21": "processed as tertiary, forwarded to the next payer",
    "22": "reversal of an earlier payment",
    "23": "not our claim, forwarded to another payer",
    "25": "predetermination only, not paid",
}
PAID_STATUSES = {"1": 1, "2": 2, "3": 3, "19": 1, "20": 2, "21": 3}  # status -> the payer's place (priority)
DENIED = "4"
REVERSAL = "22"
FORWARDED = {"19", "20", "21"}

# PLB03-1 provider-level adjustment reasons, in plain words.
PLB_REASONS: dict[str, str] = {
    "50": "late charge", "51": "interest penalty charge", "72": "authorized return", "90": "early payment allowance",
    "AH": "origination fee", "AM": "applied to borrower's account", "AP": "acceleration of benefits",
    "B2": "rebate", "B3": "recovery allowance", "BD": "bad debt adjustment", "BN": "bonus", "C5": "temporary allowance",
    "CR": "capitation interest", "CS": "adjustment", "CT": "capitation payment", "CV": "capital passthru",
    "CW": "certified registered nurse anesthetist passthru", "DM": "direct medical education passthru",
    "E3": "withholding", "FB": "forward balance", "FC": "fund allocation", "GO": "graduate medical education passthru",
    "HM": "hemophilia clotting factor supplement", "IP": "incentive premium payment", "IR": "internal revenue service "
    "withholding", "IS": "interim settlement", "J1": "nonreimbursable", "L3": "penalty", "L6": "interest owed",
    "LE": "levy", "LS": "lump sum", "OA": "organ acquisition passthru", "OB": "offset for affiliated providers",
    "PI": "periodic interim payment", "PL": "payment final", "RA": "retro-activity adjustment",
    "RE": "return on equity", "SL": "student loan repayment", "TL": "third party liability", "WO": "overpayment "
    "recovery", "WU": "unspecified recovery",
}


def status_words(code: str) -> str:
    return CLAIM_STATUSES.get(code, f"status {code}")


@dataclass(frozen=True, kw_only=True)
class ServicePayment:
    """One SVC (loop 2110): a line as the payer adjudicated it."""

    code: str  # SVC01-2 as adjudicated
    modifiers: tuple[str, ...] = ()
    billed_code: str = ""  # SVC06-2 when the payer changed the code, else ""
    billed_modifiers: tuple[str, ...] = ()
    charge: Money = Money(0)  # SVC02
    paid: Money = Money(0)  # SVC03
    units: str = "1"  # SVC05 as written
    service_date: date | None = None  # DTM*472 (or 150)
    control: str = ""  # REF*6R, the line control number we sent
    allowed: Money | None = None  # AMT*B6
    adjustments: tuple[Adjustment, ...] = ()  # CAS at line level
    remarks: tuple[str, ...] = ()  # LQ*HE remark codes (RARC)
    line: int = 0  # the file's line of the SVC

    @property
    def sent_code(self) -> str:
        """The code we billed (SVC06 when the payer changed it)."""
        return self.billed_code or self.code

    @property
    def sent_modifiers(self) -> tuple[str, ...]:
        return self.billed_modifiers if self.billed_code else self.modifiers


@dataclass(frozen=True, kw_only=True)
class ClaimPayment:
    """One CLP (loop 2100): a claim's result."""

    control: str  # CLP01, our claim control number
    status: str  # CLP02
    charge: Money = Money(0)  # CLP03
    paid: Money = Money(0)  # CLP04
    patient_responsibility: Money = Money(0)  # CLP05
    payer_claim_number: str = ""  # CLP07
    adjustments: tuple[Adjustment, ...] = ()  # CAS at claim level
    services: tuple[ServicePayment, ...] = ()
    patient_name: str = ""  # NM1*QC, for a person looking at the work list
    service_date: date | None = None  # DTM*232 (claim statement from)
    line: int = 0  # the file's line of the CLP

    @property
    def status_label(self) -> str:
        return status_words(self.status)


@dataclass(frozen=True, kw_only=True)
class ProviderAdjustment:
    """One PLB adjustment: reason, reference, amount as in the file (positive withholds, negative adds)."""

    reason: str
    reference: str = ""
    amount: Money = Money(0)
    line: int = 0

    @property
    def label(self) -> str:
        return PLB_REASONS.get(self.reason, f"reason {self.reason}")


@dataclass(frozen=True, kw_only=True)
class Remittance:
    """A whole 835 transaction: the money, who paid whom, and the claims' results."""

    amount: Money  # BPR02
    method: str = ""  # BPR04: ACH, CHK, NON, FWT, BOP
    paid_on: date | None = None  # BPR16
    trace_number: str = ""  # TRN02: check or EFT number
    payer_key: str = ""  # who issued the trace number: TRN03, else N1*PR's id, else its name
    payer_name: str = ""
    payer_ids: tuple[str, ...] = ()  # N1*PR N104, REF*2U, TRN03: what a payer's electronic ID may match
    payee_name: str = ""
    payee_npi: str = ""
    payee_tin: str = ""
    payee_line: int = 0
    claims: tuple[ClaimPayment, ...] = ()
    provider_adjustments: tuple[ProviderAdjustment, ...] = ()

    @property
    def provider_adjustment_total(self) -> Money:
        """The PLB amounts as in the file (BPR02 = sum of CLP04 - this)."""
        return Money.total(a.amount for a in self.provider_adjustments)


@dataclass(frozen=True, kw_only=True)
class ClaimResult:
    """What an import did (or would do) with one CLP."""

    control: str
    status: str
    outcome: str  # "paid", "denied", "reversed", "unmatched" (to the work list)
    claim_id: int | None = None
    paid: Money = Money(0)
    adjusted: Money = Money(0)  # CO/OA/PI written off
    patient: Money = Money(0)  # PR moved to the next party
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class RemittanceSummary:
    """The result of importing one 835 (a dry run's is the same, with `dry_run` and no ids)."""

    remittance_id: int | None
    deposit_id: int | None
    payer_name: str
    trace_number: str
    amount: Money
    dry_run: bool = False
    results: tuple[ClaimResult, ...] = ()
    provider_adjustments: Money = Money(0)  # PLB as in the file
    unapplied: Money = Money(0)
    work_items: tuple[int, ...] = field(default=())

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    def total(self, what: str) -> Money:
        """Money per category: paid, adjusted, patient."""
        return Money.total(getattr(r, what) for r in self.results)


@dataclass(frozen=True, kw_only=True)
class WorkItem:
    """A claim payment the import could not post: kept for a person to post or mark handled."""

    id: int
    remittance_id: int
    control: str
    problem: str
    payment: ClaimPayment
    trace_number: str = ""
    payer_name: str = ""
    resolved: date | None = None
    resolution: str = ""


@dataclass(frozen=True, kw_only=True)
class AckResult:
    """One claim (or one transaction set, when no claim is known) as a 999 or 277CA answered it."""

    control: str  # the claim control number (277CA) or the transaction set's ST02 (999)
    accepted: bool
    codes: str  # as sent, e.g. 'A7:562:85' or 'R 5'
    words: str  # the codes in plain words
    claim_id: int | None = None
    batch_id: int | None = None
    back_to_attention: bool = False  # the claim went back to "needs attention"


@dataclass(frozen=True, kw_only=True)
class AckSummary:
    kind: str  # '999' or '277CA'
    file_name: str
    results: tuple[AckResult, ...] = ()

    @property
    def accepted(self) -> int:
        return sum(1 for r in self.results if r.accepted)

    @property
    def rejected(self) -> int:
        return sum(1 for r in self.results if not r.accepted)
