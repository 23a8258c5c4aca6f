"""Statement rules: who is due one, and what a patient's statement says, from the ledger. Records in and out.

The patient is their own guarantor (there is no guarantor table): the
statement is addressed to the patient, or to "Parent or guardian of" a
patient under 18 on the statement date, at the patient's address.

What a statement lists: every visit with money still open for anyone (the
patient's part, or insurance still pending), oldest first, plus one row for
payments on account not tied to a visit when they leave a credit. Each row's
amounts come from the ledger (a reversal counts with the entry it undoes),
so the rows add up to the patient's balance to the cent. Visits are described
with the office's own procedure labels (its procedure list), never with AMA
CPT descriptions; a code missing from the list shows as the code.

Aging counts from the date of service (as `billing.aging`); a credit is taken
from the oldest money first, so the buckets add up to the balance due. The
message is the one set for the oldest bucket still owing.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date

from ..core.identifiers import check_phone
from ..core.ledger import EntryKind, LedgerEntry, Party
from ..core.money import Money
from ..core.problems import Problem
from ..core.records import Address, Patient, Practice, Visit
from ..core.statements import (
    CREDIT_MESSAGE,
    DueAccount,
    Statement,
    StatementAging,
    StatementSettings,
    StatementVisit,
)
from ..core.validation import address_problems
from .aging import bucket_of

MAX_ROWS = 12  # visit rows that fit on the page; older visits beyond are folded into one "earlier visits" row
MAX_MESSAGE = 240  # characters of a statement message
MAX_CYCLE_DAYS = 365


# ------------------------------------------------------------------------------- who is due one
@dataclass(frozen=True)
class Candidate:
    """An account with a positive patient balance, as the store reads it."""

    patient_id: int
    balance: Money
    last_statement: date | None
    held: bool


def is_due(candidate: Candidate, settings: StatementSettings, today: date) -> bool:
    """Due: not on hold, owes more than 0.00 and at least the minimum, and no statement within the cycle."""
    if candidate.held or candidate.balance.cents <= 0 or candidate.balance < settings.minimum:
        return False
    return candidate.last_statement is None or (today - candidate.last_statement).days >= settings.cycle_days


def mailing_problem(address: Address) -> str:
    """Why a statement cannot be mailed to `address` ("" when it can)."""
    if not (address.line1.strip() and address.city.strip() and address.state.strip() and address.zip.strip()):
        return "no complete mailing address (street, city, state and ZIP); add it on the patient's screen"
    return ""


def due_account(candidate: Candidate, patient: Patient) -> DueAccount:
    return DueAccount(patient_id=candidate.patient_id, account=patient.account, name=patient.display_name,
                      balance=candidate.balance, last_statement=candidate.last_statement,
                      problem=mailing_problem(patient.address))


def settings_problems(settings: StatementSettings) -> list[Problem]:
    """What is wrong with statement settings, each naming its field."""
    problems = []
    if settings.minimum.cents < 0:
        problems.append(Problem("minimum", "The minimum balance cannot be negative; use 0.00 to send every balance."))
    if not 1 <= settings.cycle_days <= MAX_CYCLE_DAYS:
        problems.append(Problem("cycle_days", f"The statement cycle is 1 to {MAX_CYCLE_DAYS} days (30 is usual)."))
    problems += address_problems(settings.remit_address, "remit_address.", required=False)
    phone = check_phone(settings.phone) if settings.phone.strip() else None
    if phone:
        problems.append(Problem("phone", phone))
    for f in fields(settings.messages):
        text = getattr(settings.messages, f.name)
        if not text.strip():
            problems.append(Problem(f"messages.{f.name}", "Type a message (it is printed on the statement)."))
        elif len(text) > MAX_MESSAGE:
            problems.append(Problem(f"messages.{f.name}", f"Keep the message to {MAX_MESSAGE} characters."))
    return problems


# ------------------------------------------------------------------------------ the statement
def guarantor_name(patient: Patient, on: date) -> str:
    """The name on the envelope: the patient's, or "Parent or guardian of ..." for a patient under 18."""
    middle = f" {patient.middle[:1]}" if patient.middle else ""
    suffix = f" {patient.suffix}" if patient.suffix else ""
    name = f"{patient.first_name}{middle} {patient.last_name}{suffix}".strip()
    return f"Parent or guardian of {name}" if patient.dob and _age(patient.dob, on) < 18 else name


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _standing_kind(entry: LedgerEntry, by_id: Mapping[int, LedgerEntry]) -> EntryKind:
    """The kind an entry counts as: a reversal counts as (the negative of) the entry it reverses."""
    if entry.kind is EntryKind.REVERSAL and entry.reverses_id in by_id:
        return by_id[entry.reverses_id].kind
    return entry.kind


def _column(kind: EntryKind, party: Party) -> str | None:
    """The statement column an entry's money goes to (None for transfers, which net to zero in a visit)."""
    insurance = party.is_insurance
    if kind is EntryKind.CHARGE:
        return "charges"
    if kind is EntryKind.INSURANCE_PAYMENT:
        return "insurance_paid"
    if kind in (EntryKind.ADJUSTMENT, EntryKind.WRITE_OFF, EntryKind.REVERSAL):
        return "insurance_adjusted" if insurance else "patient_adjusted"
    if kind in (EntryKind.PATIENT_PAYMENT, EntryKind.REFUND):
        return "patient_paid"
    return None


def visit_rows(entries: Sequence[LedgerEntry], visits: Mapping[int, Visit],
               labels: Mapping[str, str]) -> list[StatementVisit]:
    """One row per visit with money open for anyone, and one for payments on account leaving a credit; oldest first.

    `entries` are all of the patient's ledger entries, `visits` their visits by id, `labels` the office's
    procedure labels by code."""
    by_id = {e.id: e for e in entries if e.id is not None}
    sums: dict[int | None, dict[str, int]] = {}
    dates: dict[int | None, date | None] = {}
    for entry in entries:
        row = sums.setdefault(entry.visit_id, {})
        column = _column(_standing_kind(entry, by_id), entry.party)
        if column:  # paid and adjusted are shown as positive amounts: the ledger's sign flipped
            row[column] = row.get(column, 0) + (entry.amount.cents if column == "charges" else -entry.amount.cents)
        side = "insurance_pending" if entry.party.is_insurance else "balance"
        row[side] = row.get(side, 0) + entry.amount.cents
        if entry.service_date and dates.get(entry.visit_id) is None:
            dates[entry.visit_id] = entry.service_date
    rows = []
    for visit_id, row in sums.items():
        if not row.get("balance") and (visit_id is None or not row.get("insurance_pending")):
            continue
        visit = visits.get(visit_id) if visit_id is not None else None
        rows.append(StatementVisit(
            visit_id=visit_id, service_date=visit.service_date if visit else dates.get(visit_id),
            description=describe(visit, labels) if visit_id is not None else _on_account(entries),
            **{name: Money(cents) for name, cents in row.items()}))
    return sorted(rows, key=lambda r: (r.visit_id is None, r.service_date or date.max, r.visit_id or 0))


def _on_account(entries: Sequence[LedgerEntry]) -> str:
    """What the row of money not tied to a visit holds: payments, refunds of a credit, or both."""
    kinds = {e.kind for e in entries if e.visit_id is None}
    if EntryKind.REFUND in kinds:
        return "Payments and refunds on account" if EntryKind.PATIENT_PAYMENT in kinds else "Refund of a credit"
    return "Payments on account"


def describe(visit: Visit | None, labels: Mapping[str, str]) -> str:
    """A visit's services in the office's words (its procedure labels), each once, in line order."""
    if visit is None:
        return "Services"
    seen: list[str] = []
    for line in visit.lines:
        text = labels.get(line.code) or line.code
        if text not in seen:
            seen.append(text)
    return "; ".join(seen) or "Office visit"


def statement_aging(rows: Iterable[StatementVisit], today: date) -> StatementAging:
    """The balance by age of its date of service, a credit taken from the oldest money first."""
    owed = {"current": 0, "31-60": 0, "61-90": 0, "over 90": 0}
    credit = 0
    for row in rows:
        if row.balance.cents > 0:
            owed[bucket_of(row.service_date or today, today)] += row.balance.cents
        else:
            credit -= row.balance.cents
    for name in ("over 90", "61-90", "31-60", "current"):
        taken = min(credit, owed[name])
        owed[name] -= taken
        credit -= taken
    return StatementAging(current=Money(owed["current"]), days_31_60=Money(owed["31-60"]),
                          days_61_90=Money(owed["61-90"]), over_90=Money(owed["over 90"]))


_AMOUNTS = ("charges", "insurance_paid", "insurance_adjusted", "patient_paid", "patient_adjusted",
            "insurance_pending", "balance")


def fold(rows: list[StatementVisit], limit: int = MAX_ROWS) -> list[StatementVisit]:
    """At most `limit` rows: the oldest visit rows beyond it summed into one "earlier visits" row."""
    if len(rows) <= limit:
        return rows
    cut = len(rows) - limit + 1
    old, kept = rows[:cut], rows[cut:]
    amounts = {name: Money.total(getattr(r, name) for r in old) for name in _AMOUNTS}
    first = min((r.service_date for r in old if r.service_date), default=None)
    since = f" since {first:%m/%d/%Y}" if first else ""
    return [StatementVisit(visit_id=None, service_date=first, description=f"{len(old)} earlier visits{since}",
                           **amounts), *kept]


def build_statement(patient: Patient, entries: Sequence[LedgerEntry], visits: Mapping[int, Visit],
                    labels: Mapping[str, str], practice: Practice, settings: StatementSettings,
                    today: date) -> Statement:
    """The patient's statement on `today`: from the ledger, the visits and the office's procedure labels."""
    rows = visit_rows(entries, visits, labels)
    aging = statement_aging(rows, today)
    balance = Money.total(r.balance for r in rows)
    if balance.cents > 0:
        message = settings.messages.for_bucket(aging.oldest or "current")
    else:
        message = CREDIT_MESSAGE if balance.cents < 0 else "No payment is due. Thank you."
    remit_address = settings.remit_address if not settings.remit_address.is_blank() else practice.address
    return Statement(
        statement_date=today, patient_id=patient.id, account=patient.account, practice_name=practice.name,
        practice_address=practice.address, practice_phone=settings.phone or practice.phone,
        remit_name=settings.remit_name or practice.name, remit_address=remit_address,
        patient_name=patient.display_name, guarantor_name=guarantor_name(patient, today), guarantor_address=patient.address,
        visits=tuple(fold(rows)), aging=aging, insurance_pending=Money.total(r.insurance_pending for r in rows),
        balance_due=balance, message=message)
