"""Domain records: frozen dataclasses the facade, claims and the window pass around.

Records carry no database handles. `id` is None until the record is stored.
Diagnosis codes are kept with their dot (E11.65); claims strip it.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from .identifiers import normalize_ndc, normalize_ndc_quantity
from .limits import POINTER_LETTERS
from .money import Money
from .vocabularies import (  # re-exported: records and their vocabularies are imported together
    CLAIM_CODES_MAX,
    FILING_INDICATORS,
    OTHER_DATE_QUALIFIERS,
    REFERRING_QUALIFIERS,
    ClaimFrequency,
    ClaimStatus,
    NdcUnit,
    PlanType,
    ProcedureSystem,
    Relationship,
    Sex,
    TaxIdType,
    VisitStatus,
)

__all__ = [
    "CLAIM_CODES_MAX", "FILING_INDICATORS", "OTHER_DATE_QUALIFIERS", "POINTER_LETTERS", "REFERRING_QUALIFIERS",
    "Address", "ClaimFrequency", "ClaimStatus", "Facility", "NdcUnit", "Patient", "Payer", "Person", "PlanType",
    "Policy", "Practice", "Procedure", "ProcedureSystem", "Provider", "Relationship", "ServiceLine", "Sex",
    "TaxIdType", "Visit", "VisitStatus", "line_charge", "pointer_letter",
]


@dataclass(frozen=True, kw_only=True)
class Address:
    line1: str = ""
    line2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""

    def is_blank(self) -> bool:
        return not any((self.line1, self.line2, self.city, self.state, self.zip))


@dataclass(frozen=True, kw_only=True)
class Practice:
    """The billing provider (box 33)."""

    name: str = ""
    address: Address = Address()
    phone: str = ""
    npi: str = ""
    tax_id_type: str = TaxIdType.EIN  # a TaxIdType value
    tax_id: str = ""
    taxonomy: str = ""
    accept_assignment: bool = True


@dataclass(frozen=True, kw_only=True)
class Provider:
    """A rendering provider (box 24J, 31)."""

    id: int | None = None
    last_name: str = ""
    first_name: str = ""
    middle: str = ""
    credential: str = ""
    npi: str = ""
    taxonomy: str = ""
    active: bool = True

    @property
    def display_name(self) -> str:
        cred = f", {self.credential}" if self.credential else ""
        return f"{self.first_name} {self.last_name}{cred}".strip()


@dataclass(frozen=True, kw_only=True)
class Facility:
    """A service facility (box 32)."""

    id: int | None = None
    name: str = ""
    address: Address = Address()
    npi: str = ""
    default_pos: str = "11"
    active: bool = True


@dataclass(frozen=True, kw_only=True)
class Payer:
    id: int | None = None
    name: str = ""
    address: Address = Address()
    payer_id: str = ""  # electronic payer ID
    plan_type: PlanType = PlanType.GROUP
    filing_indicator: str = "CI"
    totals_on_every_page: bool = True  # multi-page CMS-1500 totals rule
    active: bool = True
    timely_filing_days: int | None = None  # days after the date of service; None: the default (core.timely_filing)


@dataclass(frozen=True, kw_only=True)
class Person:
    """An insured person who is not the patient (box 4, 7, 11a)."""

    last_name: str = ""
    first_name: str = ""
    middle: str = ""
    dob: date | None = None
    sex: Sex = Sex.UNKNOWN
    address: Address = Address()
    phone: str = ""


@dataclass(frozen=True, kw_only=True)
class Patient:
    id: int | None = None
    account: str = ""
    last_name: str = ""
    first_name: str = ""
    middle: str = ""
    suffix: str = ""
    dob: date | None = None
    sex: Sex = Sex.UNKNOWN
    address: Address = Address()
    phone: str = ""
    email: str = ""
    notes: str = ""
    signature_on_file: bool = True

    @property
    def display_name(self) -> str:
        middle = f" {self.middle[:1]}." if self.middle else ""
        return f"{self.last_name}, {self.first_name}{middle}"

    def as_person(self) -> Person:
        return Person(
            last_name=self.last_name,
            first_name=self.first_name,
            middle=self.middle,
            dob=self.dob,
            sex=self.sex,
            address=self.address,
            phone=self.phone,
        )


@dataclass(frozen=True, kw_only=True)
class Policy:
    id: int | None = None
    patient_id: int | None = None
    payer_id: int | None = None
    priority: int = 1  # 1 primary, 2 secondary, 3 tertiary
    member_id: str = ""
    group_number: str = ""
    plan_name: str = ""
    relationship: Relationship = Relationship.SELF
    insured: Person | None = None  # None when the patient is the insured
    effective: date | None = None
    end: date | None = None
    copay: Money = Money(0)

    def covers(self, day: date) -> bool:
        return (self.effective is None or self.effective <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, kw_only=True)
class Procedure:
    """One entry of the office procedure list (fee schedule)."""

    id: int | None = None
    code: str = ""
    system: str = ProcedureSystem.CPT  # a ProcedureSystem value (text: a file may hold anything)
    label: str = ""
    charge: Money = Money(0)
    units: int = 1
    favorite: bool = False
    active: bool = True
    synonyms: str = ""  # the office's own words for it ("sugar test, fingerstick"), found by the procedure search

    def line_charge(self, units: int | None = None) -> Money:
        """What a line of this procedure charges for `units` (its default units when None)."""
        return line_charge(self.charge, self.units if units is None else units)


def line_charge(fee: Money, units: int) -> Money:
    """A line's charge (box 24F): the fee for one unit times the units. The fee schedule holds per-unit fees."""
    return fee.times(units)


@dataclass(frozen=True, kw_only=True)
class ServiceLine:
    line_no: int = 1
    from_date: date | None = None
    to_date: date | None = None
    code: str = ""
    modifiers: tuple[str, ...] = ()
    pointers: tuple[int, ...] = (1,)  # 1-based indexes into the visit's diagnoses (A=1)
    units: int = 1
    charge: Money = Money(0)  # line total (24F), not per unit
    ndc: str = ""
    ndc_quantity: str = ""
    ndc_unit: str = ""  # F2, GR, ME, ML, UN
    emg: bool = False
    id: int | None = None

    def with_default_dates(self, service_date: date | None) -> ServiceLine:
        """Blank dates filled: from defaults to the visit's date of service, to defaults to from."""
        from_date = self.from_date or service_date
        to_date = self.to_date or from_date
        if (from_date, to_date) == (self.from_date, self.to_date):
            return self
        return replace(self, from_date=from_date, to_date=to_date)

    def tidied(self, service_date: date | None = None) -> ServiceLine:
        """As saved: codes trimmed and upper-cased, the NDC in its 11-digit form, blank dates filled."""
        return replace(self.with_default_dates(service_date), code=self.code.strip().upper(),
                       modifiers=tuple(m.strip().upper() for m in self.modifiers if m.strip()),
                       ndc=normalize_ndc(self.ndc), ndc_unit=self.ndc_unit.strip().upper(),
                       ndc_quantity=normalize_ndc_quantity(self.ndc_quantity))


@dataclass(frozen=True, kw_only=True)
class Visit:
    id: int | None = None
    patient_id: int | None = None
    service_date: date | None = None
    provider_id: int | None = None
    facility_id: int | None = None
    pos: str = "11"
    referring_name: str = ""
    referring_npi: str = ""
    referring_qualifier: str = "DN"  # box 17: DN referring, DK ordering, DQ supervising
    prior_auth: str = ""
    onset_date: date | None = None
    accident_employment: bool = False
    accident_auto: bool = False
    accident_state: str = ""
    accident_other: bool = False
    additional_info: str = ""  # box 19
    claim_codes: str = ""  # box 10d: NUCC condition codes, e.g. "W2"
    other_date: date | None = None  # box 15
    other_date_qualifier: str = ""  # box 15: a key of OTHER_DATE_QUALIFIERS, "" when no date
    unable_to_work_from: date | None = None  # box 16
    unable_to_work_to: date | None = None
    hospitalized_from: date | None = None  # box 18: admission
    hospitalized_to: date | None = None  # box 18: discharge, None while still admitted
    copay_collected: Money = Money(0)
    status: VisitStatus = VisitStatus.OPEN
    diagnoses: tuple[str, ...] = ()
    lines: tuple[ServiceLine, ...] = field(default=())

    @property
    def total(self) -> Money:
        return Money.total(line.charge for line in self.lines)

    def tidied(self) -> Visit:
        """As saved: diagnosis codes trimmed and upper-cased (blanks dropped), lines numbered from 1 and tidied."""
        return replace(self, diagnoses=tuple(code.strip().upper() for code in self.diagnoses if code.strip()),
                       lines=tuple(replace(line.tidied(self.service_date), line_no=number)
                                   for number, line in enumerate(self.lines, 1)))

    def with_default_line_dates(self) -> Visit:
        """Each line's blank dates filled from the date of service (see `ServiceLine.with_default_dates`)."""
        return replace(self, lines=tuple(line.with_default_dates(self.service_date) for line in self.lines))


@dataclass(frozen=True, kw_only=True)
class VisitSummary:
    """One visit as a list shows it (no lines): who, when, the diagnoses, the total and the status."""

    id: int
    service_date: date
    patient_id: int
    patient_name: str  # as `Patient.display_name` shows it
    provider_id: int | None
    diagnoses: tuple[str, ...]
    total: Money
    status: VisitStatus


def pointer_letter(index: int) -> str:
    """1 -> 'A' ... 12 -> 'L'."""
    return POINTER_LETTERS[index - 1]
