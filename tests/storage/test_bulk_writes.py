"""The stores' many-row writes (the many-year demo's) write what their one-row writes write, row for row and
audit row for audit row; claim snapshots leave out exactly the defaults; the fast build puts the file back."""
import dataclasses
import json
from dataclasses import replace
from datetime import date

import pytest

from officebill.core.claim import Claim
from officebill.core.money import Money
from officebill.core.records import ClaimStatus, VisitStatus
from officebill.core.serialize import to_plain
from officebill.demo_years import build_years
from officebill.office import Office
from officebill.storage.claim_store import snapshot_claim, snapshot_text

TODAY = date(2026, 6, 1)
WRITTEN = {"visits": "id", "visit_diagnoses": "visit_id", "service_lines": "id", "claims": "id",
           "claim_lines": "claim_id", "claim_status_history": "id", "patients": "id", "policies": "id"}


@pytest.fixture(scope="module")
def office(tmp_path_factory, codes_db):
    folder = tmp_path_factory.mktemp("bulk")
    (folder / "codes.db").symlink_to(codes_db)
    office = Office.create(folder / "office.db")
    build_years(office, years=1, patients=40, today=TODAY)
    yield office
    office.close()


class _Undo(Exception):
    pass


def _written_by(office, write) -> tuple[dict, list]:
    """The rows `write(stores)` adds to each table and its audit rows (without ids and times), then undone."""
    db, found = office._db, {}
    marks = {table: db.execute(f"SELECT coalesce(max({key}), 0) FROM {table}").fetchone()[0]
             for table, key in WRITTEN.items()}
    audit_mark = db.execute("SELECT max(id) FROM audit").fetchone()[0]
    with pytest.raises(_Undo), office.transaction():
        write(office.bulk_stores())
        for table, key in WRITTEN.items():
            columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})") if r[1] not in ("id", "at")]
            found[table] = db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {key} > ? ORDER BY rowid",
                                      [marks[table]]).fetchall()
        audit = db.execute("SELECT who, tbl, row_id, action, before, after FROM audit WHERE id > ?", [audit_mark])
        audit = sorted(audit.fetchall(), key=repr)
        raise _Undo
    return found, audit


def test_many_visits_and_claims_at_once_write_what_one_at_a_time_writes(office):
    stores = office.bulk_stores()
    claims = stores.claims.list()[:6]
    visits = [replace(v, id=None, status=VisitStatus.OPEN, lines=tuple(replace(line, id=None) for line in v.lines))
              for v in stores.visits.get_many([c.visit.id for c in claims]).values()]
    patients = [replace(p, id=None, account=f"B{p.id}") for p in office.patients.find("", limit=3)]

    def one_at_a_time(s):
        for visit in visits:
            s.visits.save(visit)
        for claim in claims:
            s.claims.insert(replace(claim, id=None), replaces_claim_id=claim.id, note="again")
        s.claims.set_status(claims[0], ClaimStatus.VOID, "voided")
        s.visits.set_status(claims[0].visit.id, VisitStatus.OPEN)
        for patient in patients:
            s.patients.save(patient)

    def all_at_once(s):
        s.visits.insert_many(visits)
        s.claims.insert_many([(replace(claim, id=None), claim.id, "again") for claim in claims])
        s.claims.set_statuses([(claims[0], ClaimStatus.VOID, "voided")])
        s.visits.set_statuses([claims[0].visit.id], VisitStatus.OPEN)
        s.patients.insert_many(patients)

    rows, audit = _written_by(office, one_at_a_time)
    assert [len(rows[t]) for t in ("visits", "claims", "claim_lines", "patients")] == [len(visits), 6, sum(
        len(c.lines) for c in claims), 3]
    assert len(audit) > 30
    assert _written_by(office, all_at_once) == (rows, audit)


def test_claims_written_at_once_read_back_as_written(office):
    stores = office.bulk_stores()
    claims = stores.claims.list()[:5]
    with pytest.raises(_Undo), office.transaction():
        first = stores.claims.next_id()
        made = stores.claims.insert_many([(replace(claims[0], id=first + 1), None, "made"),
                                          (replace(claims[1], id=None), None, "made")])
        assert [c.id for c in made] == [first + 1, first + 2]
        for claim, original in zip(made, claims):
            assert stores.claims.get(claim.id) == replace(original, id=claim.id)
        raise _Undo


def _reference_compact(value):
    """The snapshot's rule in its plainest words: `to_plain`, leaving out every field that holds its default."""
    if dataclasses.is_dataclass(value) and not isinstance(value, (type, Money)):
        out = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if f.default is not dataclasses.MISSING and item == f.default:
                continue
            if f.default_factory is not dataclasses.MISSING and item == f.default_factory():
                continue
            out[f.name] = _reference_compact(item)
        return out
    if isinstance(value, (list, tuple)):
        return [_reference_compact(v) for v in value]
    return to_plain(value)


def test_snapshots_leave_out_exactly_the_defaults(office):
    claims = office.bulk_stores().claims.list()
    varied = [*claims[:40], *[c for c in claims if c.other_policy or c.primary_claim_id or c.version > 1][:40]]
    varied.append(replace(varied[0], lines=varied[0].lines[:1] if len(varied[0].lines) > 1 else ()))
    for claim in varied:
        plain = _reference_compact(claim)
        if claim.lines == claim.visit.lines:
            plain.pop("lines", None)
            plain["lines_are_visit_lines"] = True
        elif "lines" not in plain:
            plain["lines"] = []
        assert snapshot_text(claim) == json.dumps(plain, separators=(",", ":"))
        assert snapshot_claim(snapshot_text(claim)) == claim
        assert json.loads(snapshot_text(claim, without_id=True)).get("id") is None
    assert snapshot_text(Claim()) == '{"lines_are_visit_lines":true}'


def test_the_fast_build_puts_the_file_back_and_checks_it(office):
    db = office._db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL, as the open sets it
    assert office.audit.chain_problems() == []
