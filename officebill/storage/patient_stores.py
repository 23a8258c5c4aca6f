"""Stores for patients (with search for the patient list) and their insurance policies."""
from __future__ import annotations

import re

from ..core.identifiers import parse_date
from ..core.money import Money
from ..core.records import Patient, Person, Policy, Relationship, Sex
from .bulk_rows import insert_records
from .record_store import RecordStore
from .rows import address_columns, address_from, from_iso, pick, to_iso

_PATIENT_ORDER = "last_name COLLATE NOCASE, first_name COLLATE NOCASE, id"


def _search_clause(text: str) -> tuple[str, list]:
    """WHERE clause for the patient finder: every word must match a name, the account or the DOB.

    A word that reads as a date matches the date of birth; any other word is a prefix of a word of the
    last name, first name or account, looked up in the `patients_fts` index (FTS5 with prefix indexes)."""
    clauses, params, words = [], [], []
    for token in [t for t in re.split(r"[\s,]+", text.strip()) if t]:
        try:
            born = parse_date(token) if re.search(r"\d[/-]\d", token) or re.fullmatch(r"\d{8}", token) else None
        except ValueError:
            born = None
        if born:
            clauses.append("dob = ?")
            params.append(born.isoformat())
        elif re.search(r"\w", token):
            words.append('"' + token.replace('"', '""') + '"*')
    if words:
        clauses.append("id IN (SELECT rowid FROM patients_fts WHERE patients_fts MATCH ?)")
        params.append("{last_name first_name account} : (" + " AND ".join(words) + ")")
    return " AND ".join(clauses), params


class PatientStore(RecordStore[Patient]):
    table = "patients"
    order_by = _PATIENT_ORDER

    def to_row(self, p: Patient) -> dict:
        return {
            "account": p.account, "last_name": p.last_name, "first_name": p.first_name, "middle": p.middle,
            "suffix": p.suffix, "dob": to_iso(p.dob), "sex": Sex(p.sex).value, **address_columns(p.address),
            "phone": p.phone, "email": p.email, "notes": p.notes,
            "signature_on_file": int(p.signature_on_file),
        }

    def from_row(self, row: dict) -> Patient:
        return Patient(
            **pick(row, "id", "account", "last_name", "first_name", "middle", "suffix", "phone", "email",
                   "notes"),
            dob=from_iso(row["dob"]), sex=Sex(row["sex"]), address=address_from(row),
            signature_on_file=bool(row["signature_on_file"]),
        )

    def insert_many(self, patients: list[Patient]) -> list[Patient]:
        """New patients (no id yet) written as `save` writes each, in one statement; returned with their ids."""
        return insert_records(self, patients)

    def search(self, text: str = "", limit: int = 100, offset: int = 0) -> list[Patient]:
        where, params = _search_clause(text)
        return [self.from_row(r) for r in self._rows(where, params, limit=limit, offset=offset)]

    def count(self, text: str = "") -> int:
        where, params = _search_clause(text)
        return self.db[self.table].count_where(where or None, params)

    def by_account(self, account: str) -> Patient | None:
        rows = self._rows("account = ?", [account])
        return self.from_row(rows[0]) if rows else None

    def has_history(self, patient_id: int) -> bool:
        """Whether the patient has visits (and so perhaps claims), ledger entries or statements: their
        account number is then printed on papers already sent."""
        row = self.db.execute(
            "SELECT EXISTS (SELECT 1 FROM visits WHERE patient_id = :id)"
            " OR EXISTS (SELECT 1 FROM ledger WHERE patient_id = :id)"
            " OR EXISTS (SELECT 1 FROM statements WHERE patient_id = :id)", {"id": patient_id}).fetchone()
        return bool(row[0])

    def next_account(self) -> str:
        """The next free account number: A followed by one more than the highest number used."""
        row = self.db.execute(
            "SELECT max(CAST(substr(account, 2) AS INTEGER)) FROM patients WHERE account GLOB 'A[0-9]*'"
        ).fetchone()
        return f"A{(row[0] or 1000) + 1}"


class PolicyStore(RecordStore[Policy]):
    table = "policies"
    order_by = "priority"

    def to_row(self, p: Policy) -> dict:
        insured = p.insured or Person()
        return {
            "patient_id": p.patient_id, "payer_id": p.payer_id, "priority": p.priority,
            "member_id": p.member_id, "group_number": p.group_number, "plan_name": p.plan_name,
            "relationship": Relationship(p.relationship).value,
            "insured_last_name": insured.last_name, "insured_first_name": insured.first_name,
            "insured_middle": insured.middle, "insured_dob": to_iso(insured.dob),
            "insured_sex": Sex(insured.sex).value, **address_columns(insured.address, "insured_"),
            "insured_phone": insured.phone, "effective": to_iso(p.effective), "end_date": to_iso(p.end),
            "copay_cents": p.copay.cents,
        }

    def from_row(self, row: dict) -> Policy:
        relationship = Relationship(row["relationship"])
        insured = None
        if relationship is not Relationship.SELF:
            insured = Person(
                last_name=row["insured_last_name"], first_name=row["insured_first_name"],
                middle=row["insured_middle"], dob=from_iso(row["insured_dob"]), sex=Sex(row["insured_sex"]),
                address=address_from(row, "insured_"), phone=row["insured_phone"],
            )
        return Policy(
            **pick(row, "id", "patient_id", "payer_id", "priority", "member_id", "group_number", "plan_name"),
            relationship=relationship, insured=insured, effective=from_iso(row["effective"]),
            end=from_iso(row["end_date"]), copay=Money(row["copay_cents"]),
        )

    def insert_many(self, policies: list[Policy]) -> list[Policy]:
        """New policies (no id yet) written as `save` writes each, in one statement; returned with their ids."""
        return insert_records(self, policies)

    def for_patient(self, patient_id: int) -> list[Policy]:
        return [self.from_row(r) for r in self._rows("patient_id = ?", [patient_id])]
