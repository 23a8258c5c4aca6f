"""Roles, the permissions each holds, and the permission every facade action needs: one table, no I/O.

A permission is `"area.verb"` (`"claims.print"`). `PERMISSIONS` says which role
holds which; `ACTIONS` names, for every public method of every Office service
(`"service.method"`, reads included), the permission it needs. The facade's guard
(`office/session.py`) refuses an action whose permission the signed-in role lacks,
and `why_not` is the sentence the window and the command line show.

Reads follow the jobs: everyone reads setup, codes, patients, visits, claims and
ledgers (the front desk answers "did my insurance pay?"); reports, the audit trail,
backups and users are the manager's. "office.use" is what any signed-in user may do
(checks made when the file opens, recording that a record was viewed, one's own
password).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    FRONT_DESK = "front desk"
    BILLER = "biller"
    MANAGER = "manager"


@dataclass(frozen=True)
class User:
    """A person who signs in to the office (the password hash never leaves storage)."""

    name: str
    full_name: str
    role: Role
    disabled: bool = False
    must_change_password: bool = True
    failures: int = 0  # wrong passwords in a row since the last sign-in
    last_failure: datetime | None = None
    created: datetime | None = None
    last_sign_in: datetime | None = None


# What each permission lets a person do, as the end of "A ... can <words>".
PERMISSION_WORDS: dict[str, str] = {
    "office.use": "use this office",
    "setup.read": "see the practice setup",
    "setup.write": "change the practice setup (practice, providers, payers, fees, settings)",
    "patients.read": "see patients",
    "patients.write": "add and change patients and their insurance",
    "visits.read": "see visits",
    "visits.write": "enter and change visits",
    "codes.read": "look up codes",
    "payments.patient": "take copays and patient payments",
    "statements.one": "print a statement or receipt for one patient",
    "money.read": "see ledgers and balances",
    "claims.read": "see claims",
    "claims.write": "make and correct claims",
    "claims.override": "override scrubber findings",
    "claims.print": "print claims",
    "edi.files": "make and read electronic claim files (837, 835, acknowledgments)",
    "payments.post": "post insurance payments and deposits",
    "statements.run": "run statements and put accounts on hold",
    "money.write_off": "write off balances",
    "money.refund": "refund money",
    "money.void": "void ledger entries",
    "claims.void": "void claims",
    "reports.read": "see reports",
    "backups.manage": "make and manage backups",
    "users.manage": "manage users",
    "audit.read": "see the audit trail",
    "drafts.others": "see and discard other users' visit drafts",
}

_FRONT_DESK = frozenset({
    "office.use", "setup.read", "patients.read", "patients.write", "visits.read", "visits.write", "codes.read",
    "payments.patient", "statements.one", "money.read", "claims.read",
})
_BILLER = _FRONT_DESK | {
    "claims.write", "claims.override", "claims.print", "edi.files", "payments.post", "statements.run",
}
_MANAGER = _BILLER | {
    "money.write_off", "money.refund", "money.void", "claims.void", "reports.read", "setup.write",
    "backups.manage", "users.manage", "audit.read",
}
_MANAGER |= {"drafts.others"}  # a visit draft is its typist's; a manager clears those left behind

PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.FRONT_DESK: _FRONT_DESK,
    Role.BILLER: frozenset(_BILLER),
    Role.MANAGER: frozenset(_MANAGER),
}


def _each(permission: str, *methods: str) -> dict[str, str]:
    return dict.fromkeys(methods, permission)


# Every public method of every Office service and the permission it needs.
ACTIONS: dict[str, str] = {
    **_each("setup.read", "setup.clearinghouse", "setup.clearinghouses", "setup.facilities", "setup.facility",
            "setup.is_new", "setup.payer", "setup.payer_clearinghouses", "setup.payers", "setup.practice",
            "setup.provider", "setup.providers", "setup.setting",
            "procedures.get", "procedures.list", "procedures.patient_kind", "procedures.export_csv",
            "procedures.export_to", "statements.settings"),
    **_each("setup.write", "setup.route_payer", "setup.save_clearinghouse", "setup.save_facility",
            "setup.save_payer", "setup.save_practice", "setup.save_provider", "setup.save_setting",
            "procedures.import_csv", "procedures.preview_import", "procedures.save", "procedures.save_many",
            "codes.import_hcpcs", "codes.import_icd10cm", "statements.save_settings"),
    **_each("patients.read", "patients.by_account", "patients.count", "patients.find", "patients.get",
            "patients.has_history", "patients.policies", "patients.problems"),
    **_each("patients.write", "patients.save", "patients.save_policy"),
    **_each("visits.read", "visits.between", "visits.findings", "visits.for_patient", "visits.get",
            "visits.most_used_diagnoses", "visits.problems", "visits.recent_diagnoses", "visits.summaries"),
    **_each("visits.write", "visits.save"),
    **_each("visits.write", "drafts.drafts", "drafts.count", "drafts.get", "drafts.save", "drafts.finish",
            "drafts.discard", "drafts.list_for"),  # whose drafts: office/draft_service.py ("drafts.others")
    **_each("codes.read", "codes.children", "codes.claim_lookup", "codes.close", "codes.describe",
            "codes.ensure_built", "codes.hit", "codes.is_billable", "codes.notes", "codes.office_procedures",
            "codes.procedure_edits", "codes.ready", "codes.release_lookup", "codes.releases", "codes.search",
            "codes.seventh_characters", "codes.icd10cm_releases"),
    **_each("claims.read", "claims.build", "claims.check", "claims.counts", "claims.findings", "claims.followers",
            "claims.for_visit", "claims.get", "claims.history", "claims.list", "claims.page",
            "claims.payer_claim_number", "claims.scrub", "claims.overrides",
            "claims.search", "claims.search_counts"),
    **_each("claims.write", "claims.make", "claims.make_secondary", "claims.correct", "claims.follow_up",
            "claims.set_payer_claim_number", "claims.bill_again", "money.post_charges"),
    **_each("claims.override", "claims.override", "claims.withdraw_override"),
    **_each("claims.void", "claims.void"),
    **_each("claims.print", "printing.alignment_page", "printing.offsets", "printing.preview",
            "printing.print_claims", "printing.print_to_file", "printing.save_alignment_page", "printing.save_pdf",
            "printing.save_offsets"),
    **_each("money.read", "money.claim_balances", "money.claim_status", "money.entry", "money.ledger",
            "money.line_balances", "money.patient_balances", "money.payer_balance", "money.visit_balances"),
    **_each("payments.patient", "payments.patient_payment"),
    **_each("payments.post", "payments.apply_unapplied", "payments.claims_to_post", "payments.close_deposit",
            "payments.deposit", "payments.deposits", "payments.new_deposit", "payments.post_insurance",
            "money.apply_visit_credits"),
    **_each("money.write_off", "money.write_off"),
    **_each("money.refund", "money.refund"),
    **_each("money.void", "money.reverse"),
    **_each("edi.files", "edi.batch", "edi.batches", "edi.export_837", "edi.sendable",
            "remittances.acknowledgments", "remittances.import_835", "remittances.import_ack",
            "remittances.import_remittance", "remittances.resolve", "remittances.work"),
    **_each("statements.one", "statements.hold_of", "statements.preview", "statements.receipt",
            "statements.statement"),
    **_each("statements.run", "statements.due", "statements.get_run", "statements.hold", "statements.holds",
            "statements.release", "statements.reprint", "statements.run", "statements.runs"),
    **_each("reports.read", "reports.aging", "reports.daysheet", "reports.deposits", "reports.month_end",
            "reports.month_sums", "reports.to_csv", "reports.to_pdf", "reports.unpaid",
            "money.aging", "money.practice_balance", "money.verify"),
    **_each("backups.manage", "backups.folder", "backups.kept", "backups.list", "backups.make", "backups.set_kept",
            "backups.table_sizes"),
    **_each("audit.read", "audit.entries", "audit.rows", "audit.export_csv"),
    **_each("users.manage", "users.add", "users.list", "users.disable", "users.enable", "users.reset",
            "users.set_role"),
    **_each("office.use", "printing.clean_leftovers", "backups.make_automatic", "backups.integrity_problems",
            "backups.problems_at_open", "backups.content_problems", "audit.record_view",
            "audit.verify_chain", "audit.chain_problems",
            "users.change_password"),
}


def allowed(role: Role | str | None, action: str) -> bool:
    """True when `role` may do `action` ("service.method", or a permission itself). Unknown actions are refused."""
    if role is None:
        return False
    permission = ACTIONS.get(action, action if action in PERMISSION_WORDS else None)
    return permission is not None and permission in PERMISSIONS.get(Role(role), frozenset())


def roles_with(permission: str) -> list[Role]:
    return [role for role in Role if permission in PERMISSIONS[role]]


def why_not(role: Role | str | None, action: str) -> str:
    """The sentence saying who may do `action` and who you are, e.g.
    "A biller or manager can print claims; you are signed in as front desk." """
    permission = ACTIONS.get(action, action)
    words = PERMISSION_WORDS.get(permission)
    if words is None:
        return f"'{action}' is not an action anyone can be allowed to do; this is a mistake in OfficeBill."
    holders = [str(r) for r in roles_with(permission)]
    who = ("Only a " + holders[0]) if len(holders) == 1 else ("A " + ", ".join(holders[:-1]) + " or " + holders[-1])
    you = f"you are signed in as {Role(role)}" if role is not None else "you are not signed in"
    return f"{who} can {words}; {you}."
