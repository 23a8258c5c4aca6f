"""Helpers of the 835 tests: the books' whole state (to compare around a refusal), files, claims."""
from __future__ import annotations

from datetime import date

from ..billing.money_office import snapshot

TODAY = date(2026, 4, 15)


def books_state(office) -> tuple:
    """Ledger, deposits, imports, work list and deposit adjustments: everything an import may write."""
    stores = office.money._stores
    return (*snapshot(office), stores.remittances.count(), tuple(office.remittances.work(open_only=False)),
            tuple(tuple(stores.deposits.adjustments(d.id)) for d in stores.deposits.list()))


def write(tmp_path, text, name="era.835"):
    path = tmp_path / name
    path.write_text(text)
    return path


def claim_of(books, claim_id=None):
    return books.office.claims.get(claim_id or books.claim_id)
