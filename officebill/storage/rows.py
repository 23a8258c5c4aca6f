"""Conversions between database rows and domain records (dates, addresses, flags)."""
from __future__ import annotations

from datetime import date

from ..core.records import Address, Patient


def to_iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def from_iso(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def patient_name(last: str, first: str, middle: str, suffix: str) -> str:
    """A patient's name from its columns, as the Patient record shows it (its own rule, not a copy)."""
    return Patient(last_name=last, first_name=first, middle=middle or "", suffix=suffix or "").display_name


def address_columns(address: Address, prefix: str = "") -> dict:
    return {
        f"{prefix}line1": address.line1,
        f"{prefix}line2": address.line2,
        f"{prefix}city": address.city,
        f"{prefix}state": address.state,
        f"{prefix}zip": address.zip,
    }


def address_from(row: dict, prefix: str = "") -> Address:
    return Address(
        line1=row[f"{prefix}line1"],
        line2=row[f"{prefix}line2"],
        city=row[f"{prefix}city"],
        state=row[f"{prefix}state"],
        zip=row[f"{prefix}zip"],
    )


def pick(row: dict, *names: str) -> dict:
    return {name: row[name] for name in names}
