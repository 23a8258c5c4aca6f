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
    # Patient statements (issue 9): each run and each statement as printed (JSON, so a reprint is the
    # same page), and the accounts whose statements are on hold.
    ("0008_statements", """
        CREATE TABLE statement_runs (
            id INTEGER PRIMARY KEY, statement_date TEXT NOT NULL, run_at TEXT NOT NULL,
            who TEXT NOT NULL DEFAULT '', minimum_cents INTEGER NOT NULL, cycle_days INTEGER NOT NULL
        );
        CREATE TABLE statements (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES statement_runs (id),
            patient_id INTEGER NOT NULL REFERENCES patients (id),
            statement_date TEXT NOT NULL,
            balance_cents INTEGER NOT NULL,
            content TEXT NOT NULL
        );
        CREATE INDEX statements_patient ON statements (patient_id, statement_date);
        CREATE INDEX statements_run ON statements (run_id);
        CREATE TABLE statement_holds (
            patient_id INTEGER PRIMARY KEY REFERENCES patients (id),
            since TEXT NOT NULL, reason TEXT NOT NULL DEFAULT ''
        )
    """),
    # A/R at ten-year size (issues 9 and 16): each (patient, visit, party, payer) balance kept by a
    # trigger on the append-only ledger (verified against the ledger by `check`), with the day the
    # balance came to that party (`moved`) and the day it was first billed to it (`billed`: the first
    # printed or sent claim of that visit to that payer; for the patient, the first statement printed
    # while they owed on the visit). See officebill/billing/aging.py for the rule. Entries without a
    # visit or payer are kept under visit 0 / payer 0. Two partial covering indexes serve aging by
    # payer and by patient from the open rows only; `ledger_posted` serves the reports by date.
    ("0009_open_balances", """
        CREATE TABLE open_balances (
            patient_id INTEGER NOT NULL, visit_id INTEGER NOT NULL, party TEXT NOT NULL,
            payer_id INTEGER NOT NULL, service_date TEXT, moved TEXT, billed TEXT,
            amount_cents INTEGER NOT NULL,
            PRIMARY KEY (patient_id, visit_id, party, payer_id)
        );
        INSERT INTO open_balances (patient_id, visit_id, party, payer_id, service_date, moved, billed, amount_cents)
            SELECT g.patient_id, g.visit_id, g.party, g.payer_id, g.service_date, g.moved,
                   CASE WHEN g.party != 'patient' THEN f.first END, g.amount_cents
            FROM (SELECT patient_id, coalesce(visit_id, 0) AS visit_id, party, coalesce(payer_id, 0) AS payer_id,
                         coalesce(min(service_date), min(posted)) AS service_date, min(posted) AS moved,
                         sum(amount_cents) AS amount_cents
                  FROM ledger GROUP BY patient_id, coalesce(visit_id, 0), party, coalesce(payer_id, 0)) g
            LEFT JOIN (SELECT visit_id, payer_id, min(printed) AS first FROM claims WHERE printed IS NOT NULL
                       GROUP BY visit_id, payer_id) f ON f.visit_id = g.visit_id AND f.payer_id = g.payer_id;
        CREATE INDEX open_balances_by_payer ON open_balances
            (party, payer_id, service_date, moved, billed, amount_cents) WHERE amount_cents != 0;
        CREATE INDEX open_balances_by_patient ON open_balances
            (patient_id, service_date, moved, billed, amount_cents) WHERE amount_cents != 0;
        CREATE INDEX open_balances_visit ON open_balances (visit_id, payer_id);
        CREATE INDEX ledger_posted ON ledger (posted, kind, group_code, reverses_id, amount_cents);
        CREATE TRIGGER ledger_keeps_open_balances AFTER INSERT ON ledger BEGIN
            INSERT INTO open_balances (patient_id, visit_id, party, payer_id, service_date, moved, billed,
                                       amount_cents)
            VALUES (NEW.patient_id, coalesce(NEW.visit_id, 0), NEW.party, coalesce(NEW.payer_id, 0),
                    coalesce(NEW.service_date, NEW.posted), NEW.posted,
                    CASE WHEN NEW.party != 'patient' AND NEW.visit_id IS NOT NULL THEN (SELECT min(c.printed)
                         FROM claims c WHERE c.visit_id = NEW.visit_id AND c.payer_id = NEW.payer_id) END,
                    NEW.amount_cents)
            ON CONFLICT (patient_id, visit_id, party, payer_id)
            DO UPDATE SET amount_cents = amount_cents + excluded.amount_cents;
        END;
        CREATE TRIGGER claims_first_billed AFTER UPDATE OF printed ON claims
            WHEN NEW.printed IS NOT NULL BEGIN
            UPDATE open_balances SET billed = NEW.printed
            WHERE visit_id = NEW.visit_id AND payer_id = NEW.payer_id AND party != 'patient'
              AND (billed IS NULL OR billed > NEW.printed);
        END;
        CREATE TRIGGER claims_first_billed_insert AFTER INSERT ON claims
            WHEN NEW.printed IS NOT NULL BEGIN
            UPDATE open_balances SET billed = NEW.printed
            WHERE visit_id = NEW.visit_id AND payer_id = NEW.payer_id AND party != 'patient'
              AND (billed IS NULL OR billed > NEW.printed);
        END;
        CREATE TRIGGER statements_first_billed AFTER INSERT ON statements BEGIN
            UPDATE open_balances SET billed = NEW.statement_date
            WHERE patient_id = NEW.patient_id AND party = 'patient' AND amount_cents > 0 AND billed IS NULL;
        END
    """),
    # Secondary claims (issue 9): the claim whose posted result a secondary (or tertiary) claim follows.
    ("0010_secondary_claims", """
        ALTER TABLE claims ADD COLUMN primary_claim_id INTEGER REFERENCES claims (id);
        CREATE INDEX claims_primary ON claims (primary_claim_id) WHERE primary_claim_id IS NOT NULL;
        CREATE INDEX ledger_moved_to_later_payers ON ledger (claim_id)
            WHERE kind = 'transfer' AND party IN ('secondary', 'tertiary') AND amount_cents > 0
    """),
    # Electronic claims out (issue 10): clearinghouse profiles, which payers go through which,
    # control numbers never reused, and each 837P batch written.
    ("0011_edi_claims", """
        CREATE TABLE clearinghouses (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL,
            submitter_name TEXT NOT NULL, submitter_id TEXT NOT NULL,
            contact_name TEXT NOT NULL DEFAULT '', contact_phone TEXT NOT NULL DEFAULT '',
            receiver_name TEXT NOT NULL, receiver_id TEXT NOT NULL,
            sender_qualifier TEXT NOT NULL DEFAULT 'ZZ', sender_id TEXT NOT NULL,
            receiver_qualifier TEXT NOT NULL DEFAULT 'ZZ', receiver_isa_id TEXT NOT NULL,
            production INTEGER NOT NULL DEFAULT 0, active INTEGER NOT NULL DEFAULT 1
        );
        ALTER TABLE payers ADD COLUMN clearinghouse_id INTEGER REFERENCES clearinghouses (id);
        CREATE TABLE control_numbers (name TEXT PRIMARY KEY, last INTEGER NOT NULL);
        CREATE TABLE edi_batches (
            id INTEGER PRIMARY KEY, clearinghouse_id INTEGER NOT NULL REFERENCES clearinghouses (id),
            created TEXT NOT NULL, who TEXT NOT NULL DEFAULT '', file_name TEXT NOT NULL,
            interchange_control INTEGER NOT NULL UNIQUE, group_control INTEGER NOT NULL,
            claim_count INTEGER NOT NULL, total_cents INTEGER NOT NULL
        );
        CREATE TABLE edi_batch_claims (
            batch_id INTEGER NOT NULL REFERENCES edi_batches (id),
            claim_id INTEGER NOT NULL REFERENCES claims (id),
            transaction_control TEXT NOT NULL,
            PRIMARY KEY (batch_id, claim_id)
        );
        CREATE INDEX edi_batch_claims_claim ON edi_batch_claims (claim_id)
    """),
    # Electronic remittances and acknowledgments in (issue 10): each 835 imported (a payer's trace
    # number is posted once), provider-level adjustments on the deposit, claim payments no claim
    # matched (a work list, never dropped), and 999/277CA results.
    ("0012_edi_remittances", """
        CREATE TABLE remittances (
            id INTEGER PRIMARY KEY, payer_key TEXT NOT NULL, trace_number TEXT NOT NULL,
            payer_id INTEGER REFERENCES payers (id), deposit_id INTEGER REFERENCES deposits (id),
            file_name TEXT NOT NULL, imported TEXT NOT NULL, who TEXT NOT NULL DEFAULT '',
            amount_cents INTEGER NOT NULL, summary TEXT NOT NULL DEFAULT '{}',
            UNIQUE (payer_key, trace_number)
        );
        CREATE TABLE deposit_adjustments (
            id INTEGER PRIMARY KEY, deposit_id INTEGER NOT NULL REFERENCES deposits (id),
            reason TEXT NOT NULL, reference TEXT NOT NULL DEFAULT '', amount_cents INTEGER NOT NULL
        );
        CREATE INDEX deposit_adjustments_deposit ON deposit_adjustments (deposit_id);
        CREATE TABLE remittance_work (
            id INTEGER PRIMARY KEY, remittance_id INTEGER NOT NULL REFERENCES remittances (id),
            claim_control TEXT NOT NULL, problem TEXT NOT NULL, content TEXT NOT NULL,
            resolved TEXT, resolution TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX remittance_work_open ON remittance_work (remittance_id) WHERE resolved IS NULL;
        CREATE TABLE acknowledgments (
            id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('999', '277CA')),
            file_name TEXT NOT NULL, imported TEXT NOT NULL,
            batch_id INTEGER REFERENCES edi_batches (id), claim_id INTEGER REFERENCES claims (id),
            accepted INTEGER NOT NULL, codes TEXT NOT NULL DEFAULT '', message TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX acknowledgments_claim ON acknowledgments (claim_id)
    """),
    ("0013_procedure_synonyms", """
        ALTER TABLE procedures ADD COLUMN synonyms TEXT NOT NULL DEFAULT ''
    """),
    # A biller's override of a finding the guidelines allow to be overridden (Excludes1 for unrelated
    # conditions, I.A.12.a), with the written reason; it follows the visit to every claim made from it. And a
    # payer's timely filing limit in days after the date of service (NULL: its coverage type's default).
    ("0014_finding_overrides", """
        CREATE TABLE finding_overrides (
            id INTEGER PRIMARY KEY,
            visit_id INTEGER NOT NULL REFERENCES visits (id),
            rule TEXT NOT NULL, field TEXT NOT NULL, reason TEXT NOT NULL,
            who TEXT NOT NULL, at TEXT NOT NULL,
            UNIQUE (visit_id, rule, field)
        );
        ALTER TABLE payers ADD COLUMN timely_filing_days INTEGER CHECK (timely_filing_days BETWEEN 1 AND 3650);
    """),
    # The people who sign in, each with one role; passwords are stored only as memory-hard hashes.
    ("0015_users", """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            full_name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            must_change INTEGER NOT NULL DEFAULT 1,
            disabled INTEGER NOT NULL DEFAULT 0,
            failures INTEGER NOT NULL DEFAULT 0,
            last_failure TEXT,
            created TEXT NOT NULL,
            last_sign_in TEXT
        );
    """),
    # The audit trail's hash chain: one row per audit row, insert-only like the audit itself.
    ("0016_audit_chain", """
        CREATE TABLE audit_chain (audit_id INTEGER PRIMARY KEY REFERENCES audit (id), hash TEXT NOT NULL);
        CREATE TRIGGER audit_chain_refuses_update BEFORE UPDATE ON audit_chain
            BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
        CREATE TRIGGER audit_chain_refuses_delete BEFORE DELETE ON audit_chain
            BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be deleted'); END;
        -- seal the rows written before the chain, oldest first (audit_seal: storage/audit_chain.py)
        INSERT INTO audit_chain (audit_id, hash)
            WITH RECURSIVE sealed (id, hash) AS (
                SELECT 0, ''
                UNION ALL
                SELECT a.id, audit_seal(s.hash, quote(a.id) || char(31) || quote(a.at) || char(31) || quote(a.who)
                    || char(31) || quote(a.tbl) || char(31) || quote(a.row_id) || char(31) || quote(a.action)
                    || char(31) || quote(a.before) || char(31) || quote(a.after))
                FROM sealed s JOIN audit a ON a.id = (SELECT min(id) FROM audit WHERE id > s.id)
            )
            SELECT id, hash FROM sealed WHERE id > 0;
        -- the audit viewer's filters: by user, and (through the rows that added or deleted them) by the patient,
        -- visit or claim a record belonged to (officebill/storage/audit_search.py writes the same expression)
        CREATE INDEX audit_who ON audit (who COLLATE NOCASE);
        CREATE INDEX audit_parent ON audit (tbl, json_extract(coalesce(after, before), CASE tbl
            WHEN 'policies' THEN '$.patient_id' WHEN 'visits' THEN '$.patient_id' WHEN 'claim_lines' THEN '$.claim_id'
            ELSE '$.visit_id' END)) WHERE action IN ('insert', 'delete');
    """),
    # Visits typed but not saved, kept per user (issue 15: typed work is never thrown away): `form` is what
    # was on the form, as JSON; kept = 1 when the person chose Keep as draft, 0 when autosaved while typing.
    # Not an audited table (each autosave would copy the form into the audit); the draft service writes
    # its own audit rows for a draft made and one discarded or saved as a visit (storage/draft_store.py).
    ("0017_visit_drafts", """
        CREATE TABLE visit_drafts (
            id INTEGER PRIMARY KEY,
            user_name TEXT NOT NULL COLLATE NOCASE,
            patient_id INTEGER REFERENCES patients (id) ON DELETE SET NULL,
            service_date TEXT,
            visit_id INTEGER REFERENCES visits (id) ON DELETE SET NULL,
            form TEXT NOT NULL,
            kept INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            saved_at TEXT NOT NULL
        );
        CREATE INDEX visit_drafts_user ON visit_drafts (user_name COLLATE NOCASE, saved_at);
        CREATE INDEX visit_drafts_patient ON visit_drafts (patient_id) WHERE patient_id IS NOT NULL;
        CREATE INDEX visit_drafts_visit ON visit_drafts (visit_id) WHERE visit_id IS NOT NULL;
    """),
    # A random name for this office file, copied into its backups: a backup of another file that once had
    # the same name (deleted and started again) is not taken for this office's past (audit_anchor.py).
    ("0018_office_identity", """
        INSERT OR IGNORE INTO settings (key, value) VALUES ('office.identity', json_quote(lower(hex(randomblob(16)))));
    """),
    # The Claims search joins a patient's visits to their claims of one tab: with the status in the index the
    # claims of other tabs are passed over without reading their rows (claim_search.py).
    ("0019_claims_visit_status", """
        DROP INDEX claims_visit;
        CREATE INDEX claims_visit_status ON claims (visit_id, status);
    """),
]

SCHEMA_VERSION = len(MIGRATIONS)

# Tables whose every insert, update and delete is written to the audit trail.
AUDITED_TABLES = (
    "practice", "providers", "facilities", "payers", "patients", "policies", "procedures",
    "visits", "visit_diagnoses", "service_lines", "claims", "claim_lines", "settings",
    "statement_holds", "clearinghouses", "finding_overrides", "users",
)
