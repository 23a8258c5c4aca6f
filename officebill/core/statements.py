"""Records of patient statements and payment receipts: what a statement or receipt says, runs, holds, settings.

The patient is their own guarantor (the office keeps no guarantor table): a
statement goes to the patient's name and mailing address, for the patient's
own balance. A `Statement` is exactly what was printed; it is kept as JSON
(`core.serialize`) so a reprint draws the same page. Nothing here does I/O.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .ledger import PaymentMethod
from .money import Money
from .records import Address

AGE_BUCKETS = ("current", "31-60", "61-90", "over 90")  # the same buckets as billing.aging.BUCKETS


@dataclass(frozen=True, kw_only=True)
class StatementMessages:
    """The note printed on a statement, chosen by the age of the oldest money owed (editable in settings)."""

    current: str = "This is your part of the bill after insurance. Payment is due when you receive this statement."
    days_31_60: str = "Your account has a balance more than 30 days old. Please send your payment today."
    days_61_90: str = ("Your account is more than 60 days past due. Please pay now, or call us to set up "
                       "a payment plan.")
    over_90: str = ("FINAL NOTICE: your account is more than 90 days past due. Please pay in full or call us "
                    "within 10 days to avoid referral to a collection agency.")

    def for_bucket(self, bucket: str) -> str:
        """The message for an aging bucket name (one of AGE_BUCKETS)."""
        return {"current": self.current, "31-60": self.days_31_60, "61-90": self.days_61_90,
                "over 90": self.over_90}[bucket]


CREDIT_MESSAGE = "You have a credit on your account. No payment is due."


@dataclass(frozen=True, kw_only=True)
class StatementSettings:
    """The office's statement rules: who is due one, what it says, where payments go.

    A blank remit-to name, address or phone means the practice's own."""

    minimum: Money = Money(500)  # a patient balance below this gets no statement
    cycle_days: int = 30  # no second statement to an account within this many days
    messages: StatementMessages = StatementMessages()
    remit_name: str = ""
    remit_address: Address = Address()
    phone: str = ""  # the number for billing questions


@dataclass(frozen=True, kw_only=True)
class StatementVisit:
    """One row of a statement: a visit (or the payments on account, visit_id None), its money and what is due.

    Identity of the row: charges - insurance paid - insurance adjusted - patient paid - patient adjusted
    - insurance pending = balance (the patient's part still owed; negative is a credit)."""

    visit_id: int | None = None
    service_date: date | None = None
    description: str = ""
    charges: Money = Money(0)
    insurance_paid: Money = Money(0)
    insurance_adjusted: Money = Money(0)
    patient_paid: Money = Money(0)
    patient_adjusted: Money = Money(0)
    insurance_pending: Money = Money(0)  # what the payers still owe on the visit
    balance: Money = Money(0)


@dataclass(frozen=True, kw_only=True)
class StatementAging:
    """The patient's balance by age from the date of service; credits taken from the oldest money first."""

    current: Money = Money(0)
    days_31_60: Money = Money(0)
    days_61_90: Money = Money(0)
    over_90: Money = Money(0)

    @property
    def buckets(self) -> tuple[tuple[str, Money], ...]:
        """(bucket name, amount) in AGE_BUCKETS order."""
        return tuple(zip(AGE_BUCKETS, (self.current, self.days_31_60, self.days_61_90, self.over_90)))

    @property
    def oldest(self) -> str | None:
        """The oldest bucket holding money, None when nothing is owed."""
        owing = [name for name, amount in self.buckets if amount.cents > 0]
        return owing[-1] if owing else None


@dataclass(frozen=True, kw_only=True)
class Statement:
    """A statement as printed: who it is from and to, the visits, the aging, the message, the balance due."""

    statement_date: date
    patient_id: int
    account: str
    practice_name: str = ""
    practice_address: Address = Address()
    practice_phone: str = ""
    remit_name: str = ""
    remit_address: Address = Address()
    patient_name: str = ""  # as the office lists the patient ("Rivera, Sofia M.")
    guarantor_name: str = ""  # the patient (their own guarantor), as the envelope shows it
    guarantor_address: Address = Address()
    visits: tuple[StatementVisit, ...] = ()
    aging: StatementAging = StatementAging()
    insurance_pending: Money = Money(0)
    balance_due: Money = Money(0)
    message: str = ""


@dataclass(frozen=True, kw_only=True)
class DueAccount:
    """An account due a statement today; `problem` says why it cannot be mailed ("" when it can)."""

    patient_id: int
    account: str
    name: str
    balance: Money
    last_statement: date | None = None
    problem: str = ""


@dataclass(frozen=True, kw_only=True)
class StatementHold:
    """An account kept out of statement runs (disputed, payment plan, hardship...) until released."""

    patient_id: int
    since: date
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class StatementRun:
    """A recorded statement run: when, by whom, with which rules, how many statements for what total.

    `accounts` is filled when one run is read or made; `skipped` only on the run just made (not stored)."""

    id: int | None = None
    statement_date: date
    run_at: str = ""  # local time, ISO 8601 to the second
    who: str = ""
    minimum: Money = Money(0)
    cycle_days: int = 0
    count: int = 0
    total: Money = Money(0)
    accounts: tuple[str, ...] = ()
    skipped: tuple[DueAccount, ...] = field(default=())


@dataclass(frozen=True, kw_only=True)
class ReceiptLine:
    """Where part of a payment went: a visit (by its date) or, with no visit, a credit on the account."""

    visit_id: int | None = None
    service_date: date | None = None
    amount: Money = Money(0)


@dataclass(frozen=True, kw_only=True)
class Receipt:
    """A patient payment's receipt: from whom, how much, how paid, applied where, and the balance after it."""

    practice_name: str = ""
    practice_address: Address = Address()
    practice_phone: str = ""
    patient_name: str = ""
    account: str = ""
    received: date | None = None
    amount: Money = Money(0)
    method: PaymentMethod = PaymentMethod.CASH
    number: str = ""  # check number, or a card's last four digits (never more)
    applied: tuple[ReceiptLine, ...] = ()
    balance_after: Money = Money(0)  # the patient's balance right after this payment
    batch: int | None = None
    reversed: bool = False  # the payment was reversed later

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", PaymentMethod(self.method))

    @property
    def tender(self) -> str:
        """How it was paid, as printed: "Cash", "Check 1043", "Card ending 4242" (last four digits only)."""
        if self.method is PaymentMethod.CARD:
            return f"Card ending {''.join(ch for ch in self.number if ch.isdigit())[-4:]}"
        if self.method is PaymentMethod.CHECK:
            return f"Check {self.number}".strip()
        return "Cash"
