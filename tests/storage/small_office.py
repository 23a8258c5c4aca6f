"""A small real office file made through open_office_db and the stores (no facade), for storage tests."""
import hashlib
import sqlite3
from datetime import date
from pathlib import Path

from officebill.core.money import Money
from officebill.core.records import Patient, Payer, Policy, Provider, ServiceLine, Sex, Visit
from officebill.storage.database import open_office_db, write_transaction
from officebill.storage.patient_stores import PatientStore, PolicyStore
from officebill.storage.settings_store import SettingsStore
from officebill.storage.setup_stores import PayerStore, ProviderStore
from officebill.storage.visit_store import VisitStore


def fill(db, marker: str = "old") -> None:
    """One of each main record, and the setting `marker` (tells one office from another)."""
    with write_transaction(db):
        provider = ProviderStore(db).save(Provider(last_name="Okafor", first_name="Ada", npi="1234567893"))
        payer = PayerStore(db).save(Payer(name="Acme Health"))
        patient = PatientStore(db).save(Patient(account="A1001", last_name="Lee", first_name="Kim",
                                                dob=date(1980, 1, 2), sex=Sex.FEMALE))
        PolicyStore(db).save(Policy(patient_id=patient.id, payer_id=payer.id, member_id="M1",
                                    effective=date(2026, 1, 1), copay=Money(2000)))
        VisitStore(db).save(Visit(
            patient_id=patient.id, provider_id=provider.id, service_date=date(2026, 11, 2), diagnoses=("I10",),
            lines=(ServiceLine(from_date=date(2026, 11, 2), code="99213", charge=Money(12500)),)))
        SettingsStore(db).set("marker", marker)


def make_office(path: Path, marker: str = "old") -> Path:
    db = open_office_db(path, create=True)
    try:
        fill(db, marker)
    finally:
        db.close()
    return path


def marker_of(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT value FROM settings WHERE key = 'marker'").fetchone()[0].strip('"')
    finally:
        conn.close()


def checksum(path: Path) -> str:
    """The bytes of the file and its WAL, if any."""
    digest = hashlib.sha256(Path(path).read_bytes())
    wal = Path(str(path) + "-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()
