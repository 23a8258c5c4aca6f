"""A ten-year office's storage: the audit trail records changes only, code usage and patient search
kept in step by triggers, duplicate look-ups and lists by index, snapshots compact."""
import json
from dataclasses import replace
from datetime import date, timedelta

import pytest

from officebill.demo_years import build_years
from officebill.office import Office

TODAY = date(2026, 6, 1)


@pytest.fixture(scope="module")
def office(tmp_path_factory, codes_db):
    folder = tmp_path_factory.mktemp("scale")
    (folder / "codes.db").symlink_to(codes_db)  # the session's code database (tests/conftest.py), not a new build
    office = Office.create(folder / "office.db", who="frontdesk1")
    build_years(office, years=1, patients=200, today=TODAY)
    yield office
    office.close()


def _audit_count(office) -> int:
    return office._db.execute("SELECT count(*) FROM audit").fetchone()[0]


def _visited(office):
    """A patient with visits."""
    return office.patients.get(office._db.execute("SELECT patient_id FROM visits LIMIT 1").fetchone()[0])


def test_an_unchanged_save_writes_no_audit_row(office):
    patient = _visited(office)
    visit = office.visits.for_patient(patient.id)[0]
    before = _audit_count(office)
    office.patients.save(patient)
    office.visits.save(visit)
    assert _audit_count(office) == before


def test_an_update_records_only_the_changed_fields(office):
    patient = office.patients.find("", limit=1)[0]
    office.patients.save(replace(patient, phone="(217) 555-0199"))
    entry = office.audit.entries("patients", patient.id, limit=1)[0]
    assert entry.action == "update" and entry.who == "frontdesk1"
    assert entry.before == {"phone": patient.phone} and entry.after == {"phone": "(217) 555-0199"}


def test_claims_check_writes_nothing_when_nothing_changed_and_never_copies_snapshots(office):
    office.claims.check(today=TODAY)
    before = _audit_count(office)
    outcome = office.claims.check(today=TODAY)
    assert outcome.value and not outcome.changes
    assert _audit_count(office) == before
    longest = office._db.execute("SELECT max(length(before) + length(after)) FROM audit WHERE tbl = 'claims'")
    assert longest.fetchone()[0] < 400
    insert = office._db.execute("SELECT after FROM audit WHERE tbl = 'claims' AND action = 'insert' LIMIT 1")
    assert json.loads(insert.fetchone()[0])["snapshot"].endswith("characters]")


def test_snapshots_are_compact_and_read_back_exactly(office):
    from officebill.core.serialize import to_plain
    from officebill.storage.claim_store import snapshot_claim, snapshot_text

    claim = office.claims.get(office._db.execute("SELECT max(id) FROM claims").fetchone()[0])
    assert snapshot_claim(snapshot_text(claim)) == claim
    assert len(snapshot_text(claim)) < 0.6 * len(json.dumps(to_plain(claim)))


def test_code_usage_follows_saves(office):
    usage = office._db.execute("SELECT code, uses FROM code_usage WHERE kind = 'procedure' AND uses > 0")
    counted = dict(office._db.execute("SELECT code, count(*) FROM service_lines GROUP BY code").fetchall())
    assert dict(usage.fetchall()) == counted
    # a visit of the last days (its claim not printed yet): only its charges stand on its lines (a paid line's
    # charge cannot go away)
    visit = max(office.visits.between(TODAY - timedelta(days=10), TODAY), key=lambda v: len(v.lines))
    office.visits.save(replace(visit, lines=(replace(visit.lines[0], pointers=(1,)),), diagnoses=visit.diagnoses[:1]))
    for kind, table in (("procedure", "service_lines"), ("diagnosis", "visit_diagnoses")):
        usage = dict(office._db.execute("SELECT code, uses FROM code_usage WHERE kind = ? AND uses > 0", [kind]))
        assert usage == dict(office._db.execute(f"SELECT code, count(*) FROM {table} GROUP BY code").fetchall())
    top = office._db.execute("SELECT code FROM service_lines GROUP BY code ORDER BY count(*) DESC, code LIMIT 5")
    assert office._db.execute("SELECT 1").fetchone() and \
        [r[0] for r in top] == office.claims._stores.visits.most_used_procedures(5)


def test_patient_search_index_follows_renames(office):
    patient = office.patients.find("", limit=1)[0]
    office.patients.save(replace(patient, last_name="Quetzalcoatl"))
    assert [p.id for p in office.patients.find("quetz")] == [patient.id]
    assert office.patients.count("quetz") == 1
    assert office.patients.find(f"{patient.first_name[:2]} quetzalc")[0].id == patient.id
    assert office.patients.count(patient.account) == 1


def test_duplicate_lookup_by_patient_and_date_matches_the_full_scan(office):
    claims = office.claims._stores.claims
    everything = claims.billed_lines()
    keys = {(key[0], key[1]) for _id, key, _follows in everything[:50]}
    wanted = sorted(item for item in everything if (item[1][0], item[1][1]) in keys)
    assert sorted(claims.billed_lines(keys)) == wanted


def test_visits_without_claims_matches_the_definition(office):
    claims = office.claims._stores.claims
    slow = [r[0] for r in office._db.execute(
        "SELECT v.id FROM visits v WHERE v.status != 'void' AND NOT EXISTS "
        "(SELECT 1 FROM claims c WHERE c.visit_id = v.id AND c.status != 'void') ORDER BY v.service_date, v.id")]
    assert slow and claims.visits_without_claims() == slow


def test_claim_pages_and_counts(office):
    from officebill.core.records import ClaimStatus

    counts = office.claims.counts()
    assert sum(counts.values()) == office._db.execute("SELECT count(*) FROM claims").fetchone()[0]
    printed = office.claims.page((ClaimStatus.PRINTED,), 0, 50)
    assert len(printed) == 50 and all(r.status is ClaimStatus.PRINTED for r in printed)
    following = office.claims.page((ClaimStatus.PRINTED,), 50, 50)
    assert not {r.id for r in printed} & {r.id for r in following}
    full = office.claims.get(printed[0].id)
    assert (printed[0].patient_name, printed[0].payer_name) == (full.patient.display_name, full.payer.name)
    by_patient = office.claims.page((ClaimStatus.VOID, ClaimStatus.REPLACED), 0, 1000, order="patient",
                                    descending=False)
    assert len(by_patient) == counts[ClaimStatus.VOID] + counts[ClaimStatus.REPLACED]
