"""`office.claims.search` / `search_counts`: the Claims list's search box (patient, account, claim number,
payer, date of service), a page at a time like `claims.page`. The SQL is `storage.claim_search`;
ClaimService takes these methods (one facade area: claims)."""
from __future__ import annotations

from ..core.claim import ClaimListRow
from ..core.records import ClaimStatus
from ..storage.claim_search import COUNT_CAP, ClaimSearch

__all__ = ["COUNT_CAP", "ClaimSearchActions"]


def _values(statuses) -> tuple[str, ...]:
    return tuple(ClaimStatus(s).value for s in statuses)


class ClaimSearchActions:
    """The search actions of `office.claims` (mixed into ClaimService, which holds the stores)."""

    def search(self, text: str, statuses: tuple[ClaimStatus, ...], offset: int = 0, limit: int = 200,
               order: str = "created", descending: bool = True) -> list[ClaimListRow]:
        """One page of the claims in `statuses` matching every word of `text` (a prefix of the patient's name
        or account or of the payer's name, the claim number as listed or printed: 123, C123, A1001C123, the
        date of service: 11/03/2026, 2026-11-03, or a month: 11/2026), sorted like `page`."""
        return ClaimSearch(self._stores.claims.db).page(text, _values(statuses), offset, limit, order, descending)

    def search_counts(self, text: str, groups: list[tuple[ClaimStatus, ...]]) -> list[int]:
        """How many claims of each group of statuses match `text`; COUNT_CAP + 1 stands for more than COUNT_CAP
        (a word as common as one letter is counted only that far)."""
        return ClaimSearch(self._stores.claims.db).counts(text, [_values(group) for group in groups])
