"""Stores for the office's setup: practice, rendering providers, facilities, payers."""
from __future__ import annotations

from ..core.records import Facility, Payer, PlanType, Practice, Provider
from .record_store import RecordStore
from .rows import address_columns, address_from, pick


class PracticeStore:
    """The single practice row (billing provider)."""

    def __init__(self, db):
        self.db = db

    def get(self) -> Practice | None:
        rows = list(self.db["practice"].rows_where("id = 1"))
        if not rows:
            return None
        row = rows[0]
        return Practice(
            **pick(row, "name", "phone", "npi", "tax_id_type", "tax_id", "taxonomy"),
            address=address_from(row), accept_assignment=bool(row["accept_assignment"]),
        )

    def save(self, practice: Practice) -> Practice:
        row = {
            "id": 1, "name": practice.name, **address_columns(practice.address), "phone": practice.phone,
            "npi": practice.npi, "tax_id_type": practice.tax_id_type, "tax_id": practice.tax_id,
            "taxonomy": practice.taxonomy, "accept_assignment": int(practice.accept_assignment),
        }
        if self.get() is None:
            self.db["practice"].insert(row)
        else:
            self.db["practice"].update(1, row)
        return practice


class ProviderStore(RecordStore[Provider]):
    table = "providers"
    order_by = "last_name, first_name"

    def to_row(self, p: Provider) -> dict:
        return {
            "last_name": p.last_name, "first_name": p.first_name, "middle": p.middle,
            "credential": p.credential, "npi": p.npi, "taxonomy": p.taxonomy, "active": int(p.active),
        }

    def from_row(self, row: dict) -> Provider:
        return Provider(
            **pick(row, "id", "last_name", "first_name", "middle", "credential", "npi", "taxonomy"),
            active=bool(row["active"]),
        )


class FacilityStore(RecordStore[Facility]):
    table = "facilities"
    order_by = "name"

    def to_row(self, f: Facility) -> dict:
        return {"name": f.name, **address_columns(f.address), "npi": f.npi, "default_pos": f.default_pos,
                "active": int(f.active)}

    def from_row(self, row: dict) -> Facility:
        return Facility(**pick(row, "id", "name", "npi", "default_pos"), address=address_from(row),
                        active=bool(row["active"]))


class PayerStore(RecordStore[Payer]):
    table = "payers"
    order_by = "name"

    def to_row(self, p: Payer) -> dict:
        return {
            "name": p.name, **address_columns(p.address), "payer_id": p.payer_id,
            "plan_type": PlanType(p.plan_type).value, "filing_indicator": p.filing_indicator,
            "totals_on_every_page": int(p.totals_on_every_page), "active": int(p.active),
            "timely_filing_days": p.timely_filing_days or None,
        }

    def from_row(self, row: dict) -> Payer:
        return Payer(
            **pick(row, "id", "name", "payer_id", "filing_indicator"), address=address_from(row),
            plan_type=PlanType(row["plan_type"]), totals_on_every_page=bool(row["totals_on_every_page"]),
            active=bool(row["active"]), timely_filing_days=row.get("timely_filing_days"),
        )
