"""The Claims list's search (`office.claims.search` / `search_counts`, SQL in `storage.claim_search`) on the
demo office: each word staff type finds the claims it names, on every tab, in the list's order."""
import pytest

from officebill.core.edi import claim_control_number
from officebill.core.records import ClaimStatus
from officebill.office.claim_search_service import COUNT_CAP

EVERY = tuple(ClaimStatus)
GROUPS = [(ClaimStatus.DRAFT,), (ClaimStatus.READY,), (ClaimStatus.SENT, ClaimStatus.PRINTED),
          (ClaimStatus.VOID, ClaimStatus.REPLACED)]


@pytest.fixture
def claims(demo_office):
    demo_office.claims.make()
    return demo_office.claims


def _all(claims):
    return claims.page(EVERY, 0, 100_000)


def _found(claims, text, statuses=EVERY):
    return [row.id for row in claims.search(text, statuses, 0, 100_000)]


def test_a_name_prefix_finds_the_patients_claims_newest_first(claims):
    rows = _all(claims)
    last = rows[0].patient_name.split(",")[0]
    wanted = [r.id for r in rows if r.patient_name.split(",")[0].lower().startswith(last[:3].lower())
              or r.patient_name.split(", ")[1].lower().startswith(last[:3].lower())]
    assert wanted and _found(claims, last[:3].lower()) == wanted  # page() is newest first too


def test_account_claim_number_and_printed_control_number(claims):
    row = _all(claims)[5]
    assert set(_found(claims, row.account)) == {r.id for r in _all(claims) if r.account == row.account}
    for typed in (str(row.id), f"#{row.id}", f"C{row.id}", f"c{row.id}", claim_control_number(row.account, row.id)):
        assert _found(claims, typed) == [row.id], typed


def test_payer_words_and_dates_as_typed(claims):
    rows = _all(claims)
    row = rows[3]
    payer_word = row.payer_name.split()[0].lower()
    assert set(_found(claims, payer_word)) >= {r.id for r in rows if r.payer_name == row.payer_name}
    day = row.service_date
    same_day = [r.id for r in rows if r.service_date == day]
    assert _found(claims, f"{day:%m/%d/%Y}") == same_day == _found(claims, day.isoformat())
    assert _found(claims, f"{day.month}/{day.day}/{day.year}") == same_day
    month = [r.id for r in rows if (r.service_date.year, r.service_date.month) == (day.year, day.month)]
    assert _found(claims, f"{day:%m/%Y}") == month


def test_every_word_must_match(claims):
    rows = _all(claims)
    row = rows[0]
    last = row.patient_name.split(",")[0]
    both = _found(claims, f"{last} {row.service_date:%m/%d/%Y}")
    assert row.id in both
    assert all(r.service_date == row.service_date for r in rows if r.id in both)
    assert _found(claims, f"{last} zzzqx") == []
    assert _found(claims, "") == [] and _found(claims, "   ") == []


def test_counts_by_tab_agree_with_the_pages(claims):
    text = _all(claims)[0].patient_name[:2]
    counts = claims.search_counts(text, GROUPS)
    assert counts == [len(claims.search(text, group, 0, 100_000)) for group in GROUPS]
    assert sum(counts) > 0 and all(c <= COUNT_CAP for c in counts)


def test_pages_and_sorting(claims):
    text = "a"
    everything = _found(claims, text)
    first = [r.id for r in claims.search(text, EVERY, 0, 5)]
    second = [r.id for r in claims.search(text, EVERY, 5, 5)]
    assert first + second == everything[:10]
    by_patient = claims.search(text, EVERY, 0, 100_000, order="patient", descending=False)
    names = [r.patient_name.lower() for r in by_patient]
    assert sorted(set(r.id for r in by_patient)) == sorted(everything)
    assert [n.split(",")[0] for n in names] == sorted(n.split(",")[0] for n in names)


def test_a_date_that_is_no_date_finds_nothing_and_does_not_fail(claims):
    assert _found(claims, "13/45/2026") == []
    assert claims.search_counts("02/30/2026", GROUPS) == [0, 0, 0, 0]
