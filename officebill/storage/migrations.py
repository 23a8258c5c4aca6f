"""Named, append-only schema migrations of the office file.

Never edit or reorder a migration that has shipped: add a new one at the end.
The file's `PRAGMA user_version` is the number of migrations applied, and
the `migrations` table names each one with the time it ran.
"""
from __future__ import annotations

_ADDRESS = """
    {p}line1 TEXT NOT NULL DEFAULT '', {p}line2 TEXT NOT NULL DEFAULT '',
    {p}city TEXT NOT NULL DEFAULT '', {p}state TEXT NOT NULL DEFAULT '', {p}zip TEXT NOT NULL DEFAULT ''
"""


def _address(prefix: str = "") -> str:
    return _ADDRESS.format(p=prefix)


_INITIAL_SCHEMA = f"""
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE practice (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL DEFAULT '', {_address()}, phone TEXT NOT NULL DEFAULT '',
            npi TEXT NOT NULL DEFAULT '', tax_id_type TEXT NOT NULL DEFAULT 'EIN' CHECK (tax_id_type IN ('EIN','SSN')),
            tax_id TEXT NOT NULL DEFAULT '', taxonomy TEXT NOT NULL DEFAULT '',
            accept_assignment INTEGER NOT NULL DEFAULT 1
        );

        CREATE TABLE providers (
            id INTEGER PRIMARY KEY, last_name TEXT NOT NULL, first_name TEXT NOT NULL DEFAULT '',
            middle TEXT NOT NULL DEFAULT '', credential TEXT NOT NULL DEFAULT '',
            npi TEXT NOT NULL UNIQUE, taxonomy TEXT NOT NULL DEFAULT '', active INTEGER NOT NULL DEFAULT 1
        );

        CREATE TABLE facilities (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, {_address()}, npi TEXT NOT NULL DEFAULT '',
            default_pos TEXT NOT NULL DEFAULT '11', active INTEGER NOT NULL DEFAULT 1
        );

        CREATE TABLE payers (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, {_address()}, payer_id TEXT NOT NULL DEFAULT '',
            plan_type TEXT NOT NULL, filing_indicator TEXT NOT NULL DEFAULT 'CI',
            totals_on_every_page INTEGER NOT NULL DEFAULT 1, active INTEGER NOT NULL DEFAULT 1
        );

        CREATE TABLE patients (
            id INTEGER PRIMARY KEY, account TEXT NOT NULL UNIQUE, last_name TEXT NOT NULL,
            first_name TEXT NOT NULL, middle TEXT NOT NULL DEFAULT '', suffix TEXT NOT NULL DEFAULT '',
            dob TEXT NOT NULL, sex TEXT NOT NULL CHECK (sex IN ('M','F','U')), {_address()},
            phone TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '',
            signature_on_file INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX patients_name ON patients (last_name COLLATE NOCASE, first_name COLLATE NOCASE);
        CREATE INDEX patients_dob ON patients (dob);

        CREATE TABLE policies (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
            payer_id INTEGER NOT NULL REFERENCES payers (id),
            priority INTEGER NOT NULL CHECK (priority IN (1, 2, 3)),
            member_id TEXT NOT NULL, group_number TEXT NOT NULL DEFAULT '', plan_name TEXT NOT NULL DEFAULT '',
            relationship TEXT NOT NULL CHECK (relationship IN ('self','spouse','child','other')),
            insured_last_name TEXT NOT NULL DEFAULT '', insured_first_name TEXT NOT NULL DEFAULT '',
            insured_middle TEXT NOT NULL DEFAULT '', insured_dob TEXT, insured_sex TEXT NOT NULL DEFAULT 'U',
            {_address("insured_")}, insured_phone TEXT NOT NULL DEFAULT '',
            effective TEXT, end_date TEXT, copay_cents INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE procedures (
            id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,
            system TEXT NOT NULL CHECK (system IN ('CPT','HCPCS')), label TEXT NOT NULL,
            charge_cents INTEGER NOT NULL CHECK (charge_cents >= 0), units INTEGER NOT NULL DEFAULT 1,
            favorite INTEGER NOT NULL DEFAULT 0, active INTEGER NOT NULL DEFAULT 1
        );

        CREATE TABLE visits (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patients (id),
            service_date TEXT NOT NULL,
            provider_id INTEGER NOT NULL REFERENCES providers (id),
            facility_id INTEGER REFERENCES facilities (id),
            pos TEXT NOT NULL, referring_name TEXT NOT NULL DEFAULT '', referring_npi TEXT NOT NULL DEFAULT '',
            prior_auth TEXT NOT NULL DEFAULT '', onset_date TEXT,
            accident_employment INTEGER NOT NULL DEFAULT 0, accident_auto INTEGER NOT NULL DEFAULT 0,
            accident_state TEXT NOT NULL DEFAULT '', accident_other INTEGER NOT NULL DEFAULT 0,
            additional_info TEXT NOT NULL DEFAULT '', copay_collected_cents INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'open'
        );
        CREATE INDEX visits_patient ON visits (patient_id, service_date);
        CREATE INDEX visits_date ON visits (service_date);

        CREATE TABLE visit_diagnoses (
            visit_id INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 12),
            code TEXT NOT NULL,
            PRIMARY KEY (visit_id, position)
        );

        CREATE TABLE service_lines (
            id INTEGER PRIMARY KEY,
            visit_id INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
            line_no INTEGER NOT NULL, from_date TEXT NOT NULL, to_date TEXT NOT NULL, code TEXT NOT NULL,
            modifiers TEXT NOT NULL DEFAULT '', pointers TEXT NOT NULL DEFAULT '1',
            units INTEGER NOT NULL CHECK (units >= 1), charge_cents INTEGER NOT NULL,
            ndc TEXT NOT NULL DEFAULT '', ndc_quantity TEXT NOT NULL DEFAULT '', ndc_unit TEXT NOT NULL DEFAULT '',
            emg INTEGER NOT NULL DEFAULT 0,
            UNIQUE (visit_id, line_no)
        );

        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            visit_id INTEGER NOT NULL REFERENCES visits (id),
            policy_id INTEGER REFERENCES policies (id) ON DELETE SET NULL,
            payer_id INTEGER NOT NULL REFERENCES payers (id),
            version INTEGER NOT NULL DEFAULT 1,
            frequency TEXT NOT NULL DEFAULT '1' CHECK (frequency IN ('1','7','8')),
            replaces_claim_id INTEGER REFERENCES claims (id),
            payer_claim_number TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft',
            created TEXT NOT NULL, printed TEXT,
            total_cents INTEGER NOT NULL DEFAULT 0,
            snapshot TEXT NOT NULL
        );
        CREATE INDEX claims_visit ON claims (visit_id);
        CREATE INDEX claims_status ON claims (status);

        CREATE TABLE claim_lines (
            claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
            line_no INTEGER NOT NULL,
            service_line_id INTEGER REFERENCES service_lines (id) ON DELETE SET NULL,
            code TEXT NOT NULL, charge_cents INTEGER NOT NULL,
            PRIMARY KEY (claim_id, line_no)
        );

        CREATE TABLE claim_status_history (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
            at TEXT NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            who TEXT NOT NULL, tbl TEXT NOT NULL, row_id INTEGER, action TEXT NOT NULL,
            before TEXT, after TEXT
        );
        CREATE TRIGGER audit_refuses_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
        CREATE TRIGGER audit_refuses_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be deleted'); END;
"""


# (name, SQL script). Each runs in one transaction together with the version bump.
MIGRATIONS: list[tuple[str, str]] = [
    ("0001_initial_schema", _INITIAL_SCHEMA),
    ("0002_referring_qualifier",
     "ALTER TABLE visits ADD COLUMN referring_qualifier TEXT NOT NULL DEFAULT 'DN' "
     "CHECK (referring_qualifier IN ('DN', 'DK', 'DQ'))"),
    ("0003_visit_claim_dates", """
        ALTER TABLE visits ADD COLUMN claim_codes TEXT NOT NULL DEFAULT '';
        ALTER TABLE visits ADD COLUMN other_date TEXT;
        ALTER TABLE visits ADD COLUMN other_date_qualifier TEXT NOT NULL DEFAULT '';
        ALTER TABLE visits ADD COLUMN unable_to_work_from TEXT;
        ALTER TABLE visits ADD COLUMN unable_to_work_to TEXT;
        ALTER TABLE visits ADD COLUMN hospitalized_from TEXT;
        ALTER TABLE visits ADD COLUMN hospitalized_to TEXT
    """),
    # Lookups that scanned whole tables: a patient's policies, a claim's history, a row's or
    # table's audit trail (newest first: the index order within tbl is the rowid, i.e. time),
    # and the ON DELETE SET NULL from service_lines into claim_lines when a visit's lines change.
    ("0004_lookup_indexes", """
        CREATE INDEX IF NOT EXISTS policies_patient ON policies (patient_id, priority);
        CREATE INDEX IF NOT EXISTS claim_status_history_claim ON claim_status_history (claim_id);
        CREATE INDEX IF NOT EXISTS audit_row ON audit (tbl, row_id);
        CREATE INDEX IF NOT EXISTS audit_table ON audit (tbl);
        CREATE INDEX IF NOT EXISTS claim_lines_service_line ON claim_lines (service_line_id)
    """),
    # The books (issue 9): an append-only ledger (amount signed: + raises what is owed, - lowers it;
    # see core/ledger.py), payers' deposits, and an opening CHARGE for every line of every live visit
    # entered before the ledger existed (to the primary policy covering the day, else the patient).
    ("0005_money_ledger", """
        CREATE TABLE deposits (
            id INTEGER PRIMARY KEY,
            payer_id INTEGER NOT NULL REFERENCES payers (id),
            number TEXT NOT NULL DEFAULT '', received TEXT NOT NULL,
            amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
            note TEXT NOT NULL DEFAULT '', closed TEXT
        );
        CREATE INDEX deposits_received ON deposits (received);
        CREATE TRIGGER deposits_refuse_update BEFORE UPDATE OF id, payer_id, number, received, amount_cents
            ON deposits BEGIN SELECT RAISE(ABORT, 'a deposit cannot be changed; post a reversal'); END;
        CREATE TRIGGER deposits_refuse_delete BEFORE DELETE ON deposits
            BEGIN SELECT RAISE(ABORT, 'a deposit cannot be deleted'); END;

        CREATE TABLE ledger (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('charge', 'insurance_payment', 'patient_payment', 'adjustment',
                                               'write_off', 'refund', 'transfer', 'reversal')),
            amount_cents INTEGER NOT NULL,
            patient_id INTEGER NOT NULL,
            visit_id INTEGER, service_line_id INTEGER, service_date TEXT, claim_id INTEGER,
            party TEXT NOT NULL CHECK (party IN ('primary', 'secondary', 'tertiary', 'patient')),
            payer_id INTEGER,
            deposit_id INTEGER REFERENCES deposits (id),
            allowed_cents INTEGER,
            group_code TEXT NOT NULL DEFAULT '' CHECK (group_code IN ('', 'CO', 'PR', 'OA', 'PI')),
            reason TEXT NOT NULL DEFAULT '',
            reverses_id INTEGER UNIQUE REFERENCES ledger (id),
            batch INTEGER NOT NULL,
            posted TEXT NOT NULL, who TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL DEFAULT '' CHECK (method IN ('', 'cash', 'check', 'card')),
            number TEXT NOT NULL DEFAULT '',
            entered TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE INDEX ledger_patient ON ledger (patient_id, party);
        CREATE INDEX ledger_visit ON ledger (visit_id, party);
        CREATE INDEX ledger_line ON ledger (service_line_id, party);
        CREATE INDEX ledger_claim ON ledger (claim_id);
        CREATE INDEX ledger_payer ON ledger (payer_id, party);
        CREATE INDEX ledger_deposit ON ledger (deposit_id);
        CREATE INDEX ledger_batch ON ledger (batch);
        CREATE TRIGGER ledger_refuses_update BEFORE UPDATE ON ledger
            BEGIN SELECT RAISE(ABORT, 'the ledger cannot be changed; post a reversal'); END;
        CREATE TRIGGER ledger_refuses_delete BEFORE DELETE ON ledger
            BEGIN SELECT RAISE(ABORT, 'the ledger cannot be deleted from; post a reversal'); END;

        INSERT INTO ledger (id, kind, amount_cents, patient_id, visit_id, service_line_id, service_date, party,
                            payer_id, batch, posted, who, note)
        SELECT s.id, 'charge', s.charge_cents, v.patient_id, v.id, s.id, v.service_date,
               CASE WHEN p.payer_id IS NULL THEN 'patient' ELSE 'primary' END, p.payer_id, s.id,
               v.service_date, 'migration', 'opening charge'
        FROM service_lines s JOIN visits v ON v.id = s.visit_id
        LEFT JOIN policies p ON p.id = (
            SELECT q.id FROM policies q WHERE q.patient_id = v.patient_id AND q.priority = 1
            AND (q.effective IS NULL OR q.effective <= v.service_date)
            AND (q.end_date IS NULL OR q.end_date >= v.service_date) LIMIT 1)
        WHERE v.status != 'void' AND s.charge_cents != 0
    """),
    # A ten-year office (issue 16): patient search through an FTS5 index with prefix indexes (kept in
    # step by triggers), the office's most used codes counted as visits are saved (`code_usage`), the
    # claims tabs paged by status, visits still waiting for a claim, and a claim's lines by code.
    ("0006_scale_search_usage_indexes", """
        CREATE VIRTUAL TABLE patients_fts USING fts5 (
            last_name, first_name, account, content = 'patients', content_rowid = 'id',
            prefix = '1 2 3', tokenize = 'unicode61 remove_diacritics 2'
        );
        INSERT INTO patients_fts (patients_fts) VALUES ('rebuild');
        CREATE TRIGGER patients_fts_insert AFTER INSERT ON patients BEGIN
            INSERT INTO patients_fts (rowid, last_name, first_name, account)
            VALUES (NEW.id, NEW.last_name, NEW.first_name, NEW.account);
        END;
        CREATE TRIGGER patients_fts_delete AFTER DELETE ON patients BEGIN
            INSERT INTO patients_fts (patients_fts, rowid, last_name, first_name, account)
            VALUES ('delete', OLD.id, OLD.last_name, OLD.first_name, OLD.account);
        END;
        CREATE TRIGGER patients_fts_update AFTER UPDATE OF id, last_name, first_name, account ON patients BEGIN
            INSERT INTO patients_fts (patients_fts, rowid, last_name, first_name, account)
            VALUES ('delete', OLD.id, OLD.last_name, OLD.first_name, OLD.account);
            INSERT INTO patients_fts (rowid, last_name, first_name, account)
            VALUES (NEW.id, NEW.last_name, NEW.first_name, NEW.account);
        END;

        CREATE TABLE code_usage (
            kind TEXT NOT NULL CHECK (kind IN ('procedure', 'diagnosis')), code TEXT NOT NULL,
            uses INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (kind, code)
        );
        CREATE INDEX code_usage_most ON code_usage (kind, uses DESC, code);
        INSERT INTO code_usage (kind, code, uses)
            SELECT 'procedure', code, count(*) FROM service_lines GROUP BY code;
        INSERT INTO code_usage (kind, code, uses)
            SELECT 'diagnosis', code, count(*) FROM visit_diagnoses GROUP BY code;
        CREATE TRIGGER code_usage_line_insert AFTER INSERT ON service_lines BEGIN
            INSERT INTO code_usage (kind, code, uses) VALUES ('procedure', NEW.code, 1)
            ON CONFLICT (kind, code) DO UPDATE SET uses = uses + 1;
        END;
        CREATE TRIGGER code_usage_line_delete AFTER DELETE ON service_lines BEGIN
            UPDATE code_usage SET uses = uses - 1 WHERE kind = 'procedure' AND code = OLD.code;
        END;
        CREATE TRIGGER code_usage_line_update AFTER UPDATE OF code ON service_lines
            WHEN OLD.code IS NOT NEW.code BEGIN
            UPDATE code_usage SET uses = uses - 1 WHERE kind = 'procedure' AND code = OLD.code;
            INSERT INTO code_usage (kind, code, uses) VALUES ('procedure', NEW.code, 1)
            ON CONFLICT (kind, code) DO UPDATE SET uses = uses + 1;
        END;
        CREATE TRIGGER code_usage_diagnosis_insert AFTER INSERT ON visit_diagnoses BEGIN
            INSERT INTO code_usage (kind, code, uses) VALUES ('diagnosis', NEW.code, 1)
            ON CONFLICT (kind, code) DO UPDATE SET uses = uses + 1;
        END;
        CREATE TRIGGER code_usage_diagnosis_delete AFTER DELETE ON visit_diagnoses BEGIN
            UPDATE code_usage SET uses = uses - 1 WHERE kind = 'diagnosis' AND code = OLD.code;
        END;
        CREATE TRIGGER code_usage_diagnosis_update AFTER UPDATE OF code ON visit_diagnoses
            WHEN OLD.code IS NOT NEW.code BEGIN
            UPDATE code_usage SET uses = uses - 1 WHERE kind = 'diagnosis' AND code = OLD.code;
            INSERT INTO code_usage (kind, code, uses) VALUES ('diagnosis', NEW.code, 1)
            ON CONFLICT (kind, code) DO UPDATE SET uses = uses + 1;
        END;

        CREATE INDEX claims_status_created ON claims (status, created DESC, id DESC);
        CREATE INDEX visits_open ON visits (service_date, id) WHERE status = 'open'
    """),
    # The claims tabs sort by date of service by default: the claim keeps its own (the snapshot's) date.
    ("0007_claims_service_date", """
        ALTER TABLE claims ADD COLUMN service_date TEXT;
        UPDATE claims SET service_date = (SELECT v.service_date FROM visits v WHERE v.id = claims.visit_id);
        CREATE INDEX claims_status_service_date ON claims (status, service_date, id)
    """),
]

SCHEMA_VERSION = len(MIGRATIONS)

# Tables whose every insert, update and delete is written to the audit trail.
AUDITED_TABLES = (
    "practice", "providers", "facilities", "payers", "patients", "policies", "procedures",
    "visits", "visit_diagnoses", "service_lines", "claims", "claim_lines", "settings",
)
