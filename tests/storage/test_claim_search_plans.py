"""The Claims search reads through indexes only: traced on the generated office of test_scale_plans (2,000
patients, 30,000 visits), each SELECT's EXPLAIN QUERY PLAN may not SCAN a large table, for every kind of
word staff type, on every tab, in the list's orders."""
import re

from officebill.core.edi import claim_control_number
from officebill.core.records import ClaimStatus
from tests.storage.test_scale_plans import LARGE, _allowed, _table_of, office  # noqa: F401 (the fixture)

GROUPS = [(ClaimStatus.DRAFT,), (ClaimStatus.READY,), (ClaimStatus.SENT, ClaimStatus.PRINTED),
          (ClaimStatus.VOID, ClaimStatus.REPLACED)]


def _searches(office) -> None:
    claims = office.claims
    row = claims.page((ClaimStatus.PRINTED,), 100, 1)[0]
    last = row.patient_name.split(",")[0]
    texts = ["r", last[:2], last, row.account, str(row.id), claim_control_number(row.account, row.id),
             row.payer_name.split()[0], f"{row.service_date:%m/%d/%Y}", row.service_date.isoformat(),
             f"{row.service_date:%m/%Y}", f"{last} {row.service_date:%m/%d/%Y}", f"{last[:3]} m", "zzqx"]
    for text in texts:
        claims.search_counts(text, GROUPS)
        for group in GROUPS:
            claims.search(text, group, 0, 200)
            claims.search(text, group, 200, 200, order="id")
        claims.search(text, GROUPS[2], 0, 200, order="patient", descending=False)


def test_no_search_query_scans_a_large_table(office):
    seen = []
    office._db.conn.set_trace_callback(seen.append)
    try:
        _searches(office)
    finally:
        office._db.conn.set_trace_callback(None)
    selects = {s for s in seen if re.match(r"\s*(WITH|SELECT)", s, re.I) and "sqlite_master" not in s}
    assert len(selects) > 30
    scans = []
    for statement in selects:
        for step in [r[3] for r in office._db.execute("EXPLAIN QUERY PLAN " + statement)]:
            match = re.match(r"SCAN (\w+)(?: AS (\w+))?", step)
            if match and _table_of(statement, match.group(1)) in LARGE and not _allowed(step, statement):
                scans.append((step, statement[:300]))
    assert not scans, "\n".join(f"{step}: {sql}" for step, sql in scans)
