"""Every query the screens run through the facade uses an index: traced (set_trace_callback) on a
generated office of 2,000 patients and 30,000 visits, each SELECT's EXPLAIN QUERY PLAN may not SCAN
a large table."""
import re
from datetime import date, timedelta

import pytest

from officebill.core.records import ClaimStatus
from officebill.demo_years import build_years
from officebill.office import Office

TODAY = date(2026, 6, 1)
LARGE = {"visits", "service_lines", "visit_diagnoses", "claims", "claim_lines", "claim_status_history", "audit",
         "patients", "policies", "ledger"}


class Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def office(tmp_path_factory, codes_db):
    folder = tmp_path_factory.mktemp("plans")
    (folder / "codes.db").symlink_to(codes_db)  # the session's code database (tests/conftest.py), not a new build
    office = Office.create(folder / "office.db")
    build_years(office, years=10, patients=2000, visits=30000, today=TODAY)
    office._db.execute("ANALYZE")
    yield office
    office.close()


def _screens(office) -> None:
    """What the screens ask: claims tabs, the chosen claim, make and check, patients, visits, pickers, audit."""
    claims = office.claims
    claims.counts()
    for statuses in ((ClaimStatus.DRAFT,), (ClaimStatus.READY,), (ClaimStatus.PRINTED,),
                     (ClaimStatus.VOID, ClaimStatus.REPLACED)):
        rows = claims.page(statuses, 0, 200)
        claims.page(statuses, 200, 200)
    claim = claims.get(rows[0].id)
    claims.findings(claim, TODAY)
    claims.history(claim.id)
    unprinted = [r.id for r in claims.page((ClaimStatus.READY,), 0, 20)]
    try:
        with office.transaction():
            claims.check(unprinted, today=TODAY)
            claims.make(today=TODAY)
            raise Rollback
    except Rollback:
        pass
    patient = office.patients.find("", 1, 1000)[0]
    for text in ("r", "riv", "rivera m", patient.account, f"{patient.dob:%m/%d/%Y}"):
        office.patients.find(text, limit=100)
        office.patients.count(text)
    office.patients.policies(patient.id)
    office.visits.for_patient(patient.id)
    office.visits.between(TODAY - timedelta(days=30), TODAY)
    office.visits.recent_diagnoses(patient.id)
    office._db.execute("SELECT 1")
    office.codes._picker_context("procedure", None)
    office.codes._picker_context("icd10cm", patient.id)
    office.audit.entries("claims", claim.id)


def test_no_screen_query_scans_a_large_table(office):
    seen = []
    office._db.conn.set_trace_callback(seen.append)
    try:
        _screens(office)
    finally:
        office._db.conn.set_trace_callback(None)
    selects = {s for s in seen if re.match(r"\s*(WITH|SELECT)", s, re.I) and "sqlite_master" not in s}
    assert len(selects) > 20
    scans = []
    for statement in selects:
        plan = [r[3] for r in office._db.execute("EXPLAIN QUERY PLAN " + statement)]
        for step in plan:
            match = re.match(r"SCAN (\w+)(?: AS (\w+))?", step)
            if not match:
                continue
            table = _table_of(statement, match.group(1))
            if table in LARGE and not _allowed(step, statement):
                scans.append((step, statement[:200]))
    assert not scans, "\n".join(f"{step}: {sql}" for step, sql in scans)


# Scans that are the work itself, not a look-up gone wrong: the visits still waiting for a claim
# (a partial index of the open ones), the claims counted by status (the covering status index), and
# a list read in index order a page at a time (LIMIT).
ALLOWED_SCANS = ("USING INDEX visits_open", "USING COVERING INDEX claims_status")


def _allowed(step: str, statement: str) -> bool:
    if any(allowed in step for allowed in ALLOWED_SCANS):
        return True
    return "USING INDEX" in step and re.search(r"\bLIMIT\b", statement, re.I) is not None


def _table_of(statement: str, name: str) -> str:
    """The table `name` stands for in `statement` (itself, or the table it aliases)."""
    match = re.search(rf'\b(?:FROM|JOIN)\s+"?(\w+)"?\s+(?:AS\s+)?{name}\b', statement, re.I)
    return match.group(1) if match else name
