"""Receipt rules: a patient payment (one ledger batch) as a `Receipt`. Records in, record out.

The payment is the batch's PATIENT_PAYMENT entries: each one applied to a
visit's line, or left on the account as a credit (no line). The balance
printed is the patient's balance right after the payment (the ledger up to
its last entry), so a receipt printed again later says the same.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..core.ledger import EntryKind, LedgerEntry, Party
from ..core.money import Money
from ..core.problems import Problem
from ..core.records import Patient, Practice
from ..core.statements import Receipt, ReceiptLine


def payment_batches(entries: Sequence[LedgerEntry]) -> list[int]:
    """The batch numbers of the patient's payments, oldest first."""
    found: list[int] = []
    for entry in entries:
        if entry.kind is EntryKind.PATIENT_PAYMENT and entry.batch is not None and entry.batch not in found:
            found.append(entry.batch)
    return sorted(found)


def batch_problems(entries: Sequence[LedgerEntry], batch: int | None) -> list[Problem]:
    """Why there is no receipt for `batch` among the patient's entries (None: the latest payment)."""
    batches = payment_batches(entries)
    if not batches:
        return [Problem("batch", "This patient has made no payment yet; post the payment first.")]
    if batch is not None and batch not in batches:
        return [Problem("batch", f"Payment {batch} is not one of this patient's payments "
                                 f"(theirs: {', '.join(map(str, batches[-5:]))}).")]
    return []


def build_receipt(patient: Patient, practice: Practice, entries: Sequence[LedgerEntry],
                  batch: int | None = None) -> Receipt:
    """The receipt of payment `batch` (None: the latest) from all of the patient's entries; see `batch_problems`."""
    batch = batch if batch is not None else payment_batches(entries)[-1]
    paid = [e for e in entries if e.batch == batch and e.kind is EntryKind.PATIENT_PAYMENT]
    ids = {e.id for e in paid}
    last = max(e.id or 0 for e in paid)
    applied: dict[int | None, ReceiptLine] = {}
    for entry in paid:
        key = entry.visit_id if entry.service_line_id is not None else None
        line = applied.get(key, ReceiptLine(visit_id=key, service_date=entry.service_date if key else None))
        applied[key] = ReceiptLine(visit_id=key, service_date=line.service_date, amount=line.amount - entry.amount)
    lines = sorted(applied.values(), key=lambda l: (l.visit_id is None, l.service_date or date.min, l.visit_id or 0))
    first = paid[0]
    return Receipt(
        practice_name=practice.name, practice_address=practice.address, practice_phone=practice.phone,
        patient_name=patient.display_name, account=patient.account, received=first.posted,
        amount=Money.total(-e.amount for e in paid), method=first.method, number=first.number,
        applied=tuple(lines), batch=batch,
        balance_after=Money.total(e.amount for e in entries
                                  if e.party is Party.PATIENT and e.id is not None and e.id <= last),
        reversed=any(e.reverses_id in ids for e in entries))
