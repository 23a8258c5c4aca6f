"""Timely filing: how long after the date of service a payer accepts a claim.

A payer's own limit (`Payer.timely_filing_days`, set on the Setup screen) wins; without one the default
for its type of coverage applies. Medicare: 12 months (one calendar year) after the date of service
(42 CFR 424.44(a); IOM 100-04 ch. 1 section 70); Medicaid: at most 12 months (42 CFR 447.45(d));
TRICARE: one year (32 CFR 199.7(d)); CHAMPVA: one year (38 CFR 17.276). Commercial plans set their own
(commonly 90 or 180 days): the default is the longer one, so an unset limit never blocks a claim the
payer would still take; the office types 90 where its contract says so.
"""
from __future__ import annotations

from datetime import date, timedelta

from .vocabularies import PlanType

DEFAULT_DAYS = {
    PlanType.MEDICARE: 365, PlanType.MEDICAID: 365, PlanType.TRICARE: 365, PlanType.CHAMPVA: 365,
    PlanType.FECA: 365, PlanType.GROUP: 180, PlanType.OTHER: 180,
}
WARN_DAYS = 30  # warn this many days before the limit
MAX_DAYS = 3650


def default_days(plan_type) -> int:
    """The limit for a payer of this coverage type that has none of its own."""
    try:
        return DEFAULT_DAYS[PlanType(plan_type)]
    except ValueError:
        return DEFAULT_DAYS[PlanType.OTHER]


def limit_days(payer) -> int:
    """The payer's timely filing limit in days: its own, or its coverage type's default."""
    own = getattr(payer, "timely_filing_days", None)
    return own if own else default_days(payer.plan_type)


ONE_YEAR = 365  # a limit of 365 days is read as "1 calendar year after" (42 CFR 424.44(a)): leap years count


def deadline(payer, service_date: date) -> date:
    """The last day the payer accepts a claim for a service on `service_date` (a one-year limit ends on the
    same day of the next year; February 29 gives March 1)."""
    days = limit_days(payer)
    if days == ONE_YEAR:
        try:
            return service_date.replace(year=service_date.year + 1)
        except ValueError:  # February 29
            return date(service_date.year + 1, 3, 1)
    return service_date + timedelta(days=days)


def days_problem(days) -> str | None:
    """What is wrong with a limit typed on the payer's setup, or None (None/0: use the default)."""
    if days in (None, 0):
        return None
    if not isinstance(days, int) or days < 1 or days > MAX_DAYS:
        return f"Enter the payer's timely filing limit in days (1 to {MAX_DAYS}), or leave it blank for the default."
    return None
