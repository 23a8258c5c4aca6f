"""The lookups the screens run use an index (EXPLAIN QUERY PLAN), in new files and upgraded ones."""
import pytest

from officebill.storage.audit import audit_entries
from officebill.storage.claim_store import ClaimStore
from officebill.storage.database import open_office_db
from officebill.storage.patient_stores import PolicyStore

from .older_files import office_file_at

LOOKUPS = {
    "policies": (lambda db: PolicyStore(db).for_patient(1), "policies_patient"),
    "claim_status_history": (lambda db: ClaimStore(db).history(1), "claim_status_history_claim"),
    "audit": (lambda db: audit_entries(db, "patients", 1), "audit_row"),
    "audit by table": (lambda db: audit_entries(db, "patients"), "audit_table"),
}


def _plans(db, lookup) -> list[str]:
    seen = []
    db.conn.set_trace_callback(seen.append)
    lookup(db)
    db.conn.set_trace_callback(None)
    queries = [s for s in seen if "sqlite_master" not in s]
    return [" ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + q)) for q in queries]


@pytest.mark.parametrize("name", LOOKUPS)
def test_lookup_uses_its_index(tmp_path, name):
    lookup, index = LOOKUPS[name]
    db = open_office_db(tmp_path / "office.db", create=True)
    plans = _plans(db, lookup)
    assert plans and all(f"USING INDEX {index}" in plan and "TEMP B-TREE" not in plan for plan in plans), plans
    db.close()


def test_an_upgraded_file_gets_the_indexes(tmp_path, monkeypatch):
    path = tmp_path / "office.db"
    office_file_at(path, monkeypatch, 3, "")
    db = open_office_db(path)
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"policies_patient", "claim_status_history_claim", "audit_row", "audit_table",
            "claim_lines_service_line"} <= names
    assert _plans(db, LOOKUPS["policies"][0])[0].startswith("SEARCH policies USING INDEX")
    db.close()
