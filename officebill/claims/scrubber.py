"""Claim scrubber: finds every problem a payer would reject a claim for, before it is printed.

    findings = scrub(claim, codes, history, today=date.today())
    if has_errors(findings): ...  # errors block printing; warnings do not

`codes` answers ICD-10-CM questions (`CodeLookup`, see `rules_base`);
`history` holds a `HistoryKey` for each service line of the office's other
live claims for the same patient and dates. The rules live in `rules_parties`,
`rules_diagnoses`, `rules_releases`, `rules_lines`, `rules_procedures` and
`rules_visit` as small registered functions (`RULES`), each citing its source;
sex/age diagnosis data lives in `code_rules`, combination codes in
`combination_codes`.

For visit entry, before a claim exists, `scrub_visit(visit, patient, codes)`
runs only the rules that need the patient and the visit.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from officebill.core.claim import Claim
from officebill.core.records import Patient, Visit

from . import (  # noqa: F401  (registers the rules)
    rules_diagnoses,
    rules_lines,
    rules_parties,
    rules_procedures,
    rules_releases,
    rules_visit,
)
from .rules_base import (
    ERROR,
    PLACE_OF_SERVICE_CODES,
    RULES,
    WARNING,
    CodeLookup,
    Finding,
    HistoryKey,
    Rule,
    ScrubContext,
)

__all__ = [
    "ERROR", "WARNING", "RULES", "PLACE_OF_SERVICE_CODES", "CodeLookup", "Finding", "HistoryKey",
    "Rule", "scrub", "scrub_visit", "provisional_claim", "has_errors", "rule_ids", "registered_rule",
]


def _run(claim: Claim, ctx: ScrubContext, rules: Iterable[Rule],
         overrides: Mapping[tuple[str, str], str] | None = None) -> list[Finding]:
    """Every rule's issues as findings; an overridable rule's finding named in `overrides` ((rule, field) ->
    written reason) carries the reason and no longer blocks printing."""
    findings: list[Finding] = []
    overrides = overrides or {}
    for registered in rules:
        for issue in registered.check(claim, ctx):
            reason = overrides.get((registered.id, issue.field), "") if registered.overridable else ""
            findings.append(Finding(issue.severity, registered.id, issue.box, issue.field, issue.message, reason,
                                    registered.overridable))
    return findings


def _context(codes: CodeLookup, history, today, pos_codes, releases, procedures,
             current_policy=None, electronic=False) -> ScrubContext:
    return ScrubContext(
        codes=codes,
        today=today or date.today(),
        history=frozenset(HistoryKey(*key) for key in history),
        pos_codes=frozenset(pos_codes) if pos_codes is not None else PLACE_OF_SERVICE_CODES,
        releases=releases,
        procedures=procedures,
        current_policy=current_policy,
        electronic=electronic,
    )


def scrub(
    claim: Claim,
    codes: CodeLookup,
    history: Iterable[HistoryKey] = (),
    *,
    today: date | None = None,
    pos_codes: Iterable[str] | None = None,
    releases=None,
    procedures=None,
    overrides: Mapping[tuple[str, str], str] | None = None,
    current_policy=None,
    electronic: bool = False,
) -> list[Finding]:
    """Every finding for `claim`, errors and warnings, in rule order.

    `today` (default: the system date) bounds "not in the future" checks;
    `pos_codes` overrides the built-in CMS place-of-service list; `releases` and `procedures` answer
    the code-set release and procedure-edit questions (rules needing them are skipped when None);
    `overrides` maps (rule id, field) to a biller's written reason (applied to overridable rules only);
    `current_policy` is the claim's policy as on file now (a printed claim reports a change); `electronic`
    when the claim goes out as an 837P (paper-only instructions then do not apply).
    """
    return _run(claim, _context(codes, history, today, pos_codes, releases, procedures, current_policy, electronic),
                RULES, overrides)


def provisional_claim(visit: Visit, patient: Patient) -> Claim:
    """A claim-shaped view of a visit that is not on a claim yet (for visit-level rules)."""
    return Claim(patient=patient, visit=visit, lines=visit.lines)


def scrub_visit(
    visit: Visit,
    patient: Patient,
    codes: CodeLookup,
    *,
    today: date | None = None,
    pos_codes: Iterable[str] | None = None,
    releases=None,
    procedures=None,
    overrides: Mapping[tuple[str, str], str] | None = None,
) -> list[Finding]:
    """Findings the visit entry screen can show when a visit is saved: only the rules that need
    just the patient and the visit (diagnoses, lines, dates, POS, referring, boxes 10/14/19/23).
    Field paths are those of a claim (`lines[0].pointers`, `visit.diagnoses[1]`); `overrides` as for `scrub`
    (the visit's own: they are kept per visit)."""
    claim = provisional_claim(visit, patient)
    return _run(claim, _context(codes, (), today, pos_codes, releases, procedures),
                [r for r in RULES if r.visit_level], overrides)


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding blocks printing (an error not overridden)."""
    return any(finding.is_error for finding in findings)


def rule_ids() -> list[str]:
    """The registered rule ids, in run order."""
    return [registered.id for registered in RULES]


def registered_rule(rule_id: str) -> Rule | None:
    """The registered rule `rule_id` (None when there is none); its `overridable` says whether a biller may
    override its findings."""
    return next((registered for registered in RULES if registered.id == rule_id), None)
