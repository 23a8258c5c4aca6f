"""Vocabularies: the closed sets of codes records hold, each an enum (or a code table) defined once.

Statuses, claim frequencies, coverage types, NDC units and the like. Screens and
services ask these enums (`ClaimStatus.can_void`, `ClaimFrequency.label`) rather
than comparing text. `records` re-exports them.
"""
from __future__ import annotations

from enum import Enum, StrEnum


class Sex(str, Enum):
    MALE = "M"
    FEMALE = "F"
    UNKNOWN = "U"


class Relationship(str, Enum):
    """Patient's relationship to the insured (box 6)."""

    SELF = "self"
    SPOUSE = "spouse"
    CHILD = "child"
    OTHER = "other"


class PlanType(str, Enum):
    """CMS-1500 box 1 type of coverage."""

    MEDICARE = "medicare"
    MEDICAID = "medicaid"
    TRICARE = "tricare"
    CHAMPVA = "champva"
    GROUP = "group"
    FECA = "feca"
    OTHER = "other"


class TaxIdType(StrEnum):
    """Box 25: the kind of federal tax ID the practice bills under."""

    EIN = "EIN"
    SSN = "SSN"


class ProcedureSystem(StrEnum):
    """The code set of a procedure code: CPT (digits first) or HCPCS Level II (a letter first)."""

    CPT = "CPT"
    HCPCS = "HCPCS"

    @classmethod
    def for_code(cls, code: str) -> ProcedureSystem:
        """The system a code's shape suggests: HCPCS when it starts with a letter (J1885), else CPT."""
        first = (code or "").strip()[:1].upper()
        return cls.HCPCS if "A" <= first <= "Z" else cls.CPT


# X12 claim filing indicator codes (SBR09) offered for payers.
FILING_INDICATORS = {
    "MB": "Medicare Part B",
    "MC": "Medicaid",
    "BL": "Blue Cross/Blue Shield",
    "CI": "Commercial insurance",
    "HM": "HMO",
    "12": "PPO",
    "13": "POS plan",
    "14": "EPO",
    "16": "HMO Medicare Risk",
    "CH": "TRICARE (CHAMPUS)",
    "VA": "Veterans Affairs plan",
    "WC": "Workers' compensation",
    "OF": "Other federal program",
    "ZZ": "Mutually defined",
}


# Box 17 qualifier: the role of the provider named there.
REFERRING_QUALIFIERS = {"DN": "Referring provider", "DK": "Ordering provider", "DQ": "Supervising provider"}


# Box 15 qualifier: what the "other date" is (cms1500.md §3 item 15, §6).
OTHER_DATE_QUALIFIERS = {
    "454": "Initial treatment",
    "304": "Latest visit or consultation",
    "453": "Acute manifestation of a chronic condition",
    "439": "Accident",
    "455": "Last X-ray",
    "471": "Prescription",
    "090": "Report start (assumed care)",
    "091": "Report end (relinquished care)",
    "444": "First visit or consultation",
}

# Box 10d holds NUCC condition codes, 19 characters (cms1500.md §3 item 10d).
CLAIM_CODES_MAX = 19


class VisitStatus(str, Enum):
    OPEN = "open"  # entered, not yet on a claim
    BILLED = "billed"  # a claim was made
    VOID = "void"

    @property
    def label(self) -> str:
        return self.value


class ClaimStatus(str, Enum):
    """Where a claim stands: draft (needs attention) or ready, then printed or sent (in an 837P file); void and
    replaced end it. A sent claim is treated like a printed one: the payer has it.

    Screens and services ask these properties instead of comparing status text.
    """

    DRAFT = "draft"
    READY = "ready"
    PRINTED = "printed"
    SENT = "sent"  # written to an 837P file for the clearinghouse
    VOID = "void"
    REPLACED = "replaced"

    @property
    def label(self) -> str:
        """How a person reads it: a draft is a claim that needs attention."""
        return "needs attention" if self is ClaimStatus.DRAFT else self.value

    @property
    def is_unprinted(self) -> bool:
        """Not printed yet: the claim follows its visit, and voiding simply cancels it."""
        return self in (ClaimStatus.DRAFT, ClaimStatus.READY)

    @property
    def is_current(self) -> bool:
        """The visit's live claim (not void, not replaced by a newer version)."""
        return self in (ClaimStatus.DRAFT, ClaimStatus.READY, ClaimStatus.PRINTED, ClaimStatus.SENT)

    @property
    def can_void(self) -> bool:
        """Void is offered for a current claim: unprinted ones are cancelled, printed or sent ones get a frequency-8
        version."""
        return self.is_current

    @property
    def can_correct(self) -> bool:
        """A replacement (frequency 7) exists only for a claim the payer may have: a printed or sent one."""
        return self in (ClaimStatus.PRINTED, ClaimStatus.SENT)

    @property
    def can_print(self) -> bool:
        """Ready claims print; printed ones may be printed again."""
        return self in (ClaimStatus.READY, ClaimStatus.PRINTED)

    @property
    def can_send(self) -> bool:
        """Ready claims go into an 837P file; sent ones may be sent again when asked for by number."""
        return self in (ClaimStatus.READY, ClaimStatus.SENT)

    @property
    def was_sent(self) -> bool:
        """Printed or sent at some time (or later replaced): the payer's claim number (ICN) may be recorded."""
        return self in (ClaimStatus.PRINTED, ClaimStatus.SENT, ClaimStatus.REPLACED)

    @classmethod
    def unprinted(cls) -> tuple[ClaimStatus, ...]:
        return tuple(s for s in cls if s.is_unprinted)

    @classmethod
    def current(cls) -> tuple[ClaimStatus, ...]:
        return tuple(s for s in cls if s.is_current)


class ClaimFrequency(StrEnum):
    """Box 22 resubmission code (X12 CLM05-3): what a claim version does to the payer's claim."""

    ORIGINAL = "1"
    REPLACEMENT = "7"
    VOID = "8"

    @property
    def label(self) -> str:
        return {"1": "original", "7": "replacement (7)", "8": "void (8)"}[self.value]

    @property
    def is_resubmission(self) -> bool:
        """7 and 8 refer to a claim the payer already has: box 22 carries its claim number."""
        return self is not ClaimFrequency.ORIGINAL


class NdcUnit(StrEnum):
    """Unit of an NDC quantity (box 24A shaded line, X12 CTP05-1)."""

    F2 = "F2"
    GR = "GR"
    ME = "ME"
    ML = "ML"
    UN = "UN"

    @property
    def label(self) -> str:
        return {"F2": "International unit", "GR": "Gram", "ME": "Milligram", "ML": "Milliliter", "UN": "Unit"}[self.value]
