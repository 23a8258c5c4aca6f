"""The scrubber audit's vocabulary: what a scenario expects, the clean and seeded records, the small changes
a seeded scenario makes to a clean claim, what the office did around it, and how a result is matched.

`scenarios.py` holds the table itself.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from .scenario_office import DOS, TODAY, Case, Line

ERROR, WARNING, ANY = "error", "warning", "error or warning"
DX = ("21*",)  # any box of item 21 (A-L, or 21 itself): which one a pair finding names is the rule's choice


@dataclass(frozen=True)
class Expect:
    severity: str
    boxes: tuple[str, ...]  # a finding in one of these ("21*": any box starting with 21)
    field: str | None = None  # and on this field (or below it), when it is clear


@dataclass(frozen=True)
class Clean:
    name: str
    specialty: str
    source: str
    case: Case


@dataclass(frozen=True)
class Seeded:
    name: str
    source: str
    base: str  # a Clean name, or a Clean name + "@" + a BASES key (the base moved in time)
    change: object  # Case -> Case
    expect: Expect


# ------------------------------------------------------------------------------------------ helpers
def ndc_line(code, units, ndc, quantity, unit="ML", pointers=(1,)):
    return Line(code, pointers=pointers, units=units, ndc=ndc, ndc_quantity=quantity, ndc_unit=unit)


def bad_check_digit(valid_npi):
    """The NPI with its last digit off by one: the Luhn check fails."""
    return valid_npi[:9] + str((int(valid_npi[9]) + 1) % 10)


def set_dx(index, code):
    return lambda c: replace(c, dx=c.dx[:index] + (code,) + c.dx[index + 1:])


def dx(*codes):
    return lambda c: replace(c, dx=codes)


def add_dx(code):
    return lambda c: replace(c, dx=c.dx + (code,))


def line(index, **changes):
    return lambda c: replace(c, lines=c.lines[:index] + (replace(c.lines[index], **changes),) + c.lines[index + 1:])


def add_line(new):
    return lambda c: replace(c, lines=c.lines + (new,))


def case(**changes):
    return lambda c: replace(c, **changes)


def both(*changes):
    def apply(c):
        for change in changes:
            c = change(c)
        return c
    return apply


def as_patient(key):
    return case(patient=key)


def end_policy(day):
    """After the claim was made, the primary policy is found to have ended before the date of service."""
    def after(office, claim):
        policy = office.patients.policies(claim.patient.id)[0]
        office.patients.save_policy(replace(policy, end=day))
    return after


def printed_and_corrected(office, claims):
    """The earlier claim was printed, the payer's claim number recorded, and a corrected claim (frequency 7)
    made of it: the replacement is the live claim of that visit."""
    office.printing.print_claims([claims[0].id], today=TODAY, deliver=lambda pdf: None)
    office.claims.set_payer_claim_number(claims[0].id, "ICN26257004411")
    office.claims.correct(claims[0].id, today=TODAY)


def medicare_sent_electronically(office, claims):
    """The office sends Medicare's claims through a clearinghouse as 837P files (not on paper)."""
    from officebill.core.edi import Clearinghouse
    from officebill.core.records import PlanType

    house = office.setup.save_clearinghouse(Clearinghouse(
        name="Prairie Clearing", submitter_name="Prairie Grove Family Health", submitter_id="PGFH0188",
        contact_name="Jo Biller", contact_phone="2175550188", receiver_name="Prairie Clearing House",
        receiver_id="PCH01", sender_id="PGFH0188", receiver_isa_id="PCH01")).value
    for payer in office.setup.payers():
        if payer.plan_type == PlanType.MEDICARE:
            office.setup.route_payer(payer.id, house.id)


def corrected(office, claim):
    """The claim printed, the payer's claim number recorded, then corrected: the replacement (frequency 7,
    box 22) is the one checked."""
    office.printing.print_claims([claim.id], today=TODAY, deliver=lambda pdf: None)
    office.claims.set_payer_claim_number(claim.id, "ICN26257009902")
    return office.claims.correct(claim.id, today=TODAY).value


def voided(office, claims):
    """The earlier claim was voided before it was printed (billed to the wrong visit)."""
    office.claims.void(claims[0].id, today=TODAY)


def primary_paid_then_secondary(office, claim, forwarded=None):
    """The primary claim printed, its EOB posted (allowed 100.00, paid 80.00, CO-45 write-off, PR-2
    coinsurance 20.00 moving to the second plan): the secondary claim it makes is the one checked."""
    office.printing.print_claims([claim.id], today=TODAY, deliver=lambda pdf: None)
    (line,) = claim.lines
    deposit = office.payments.new_deposit(claim.payer.id, "EFT8812", TODAY, "80.00").value
    written_off = f"{line.charge.cents / 100 - 100:.2f}"
    office.payments.post_insurance(deposit.id, claim.id, [(line.id, "100.00", "80.00", [("CO", "45", written_off),
                                                                                   ("PR", "2", "20.00")])],
                                   today=TODAY, forwarded=forwarded)
    (secondary,) = office.claims.followers(claim.id)
    return secondary


def medigap_billed_by_the_office(office, claim):
    """Medicare's EOB posted with 20.00 coinsurance left for the Medigap plan, which Medicare did not cross the
    claim over to (no COBA ID on file): the office's own claim to the Medigap plan is the one checked."""
    return primary_paid_then_secondary(office, claim, forwarded=False)


def end_second_policy(office, secondary):
    """After the secondary claim was made, its policy turns out to have ended before the date of service."""
    policy = office.patients.policies(secondary.patient.id)[1]
    office.patients.save_policy(replace(policy, end=DOS - timedelta(days=1)))
    return secondary


def err(*boxes, field=None):
    return Expect(ERROR, boxes, field)


def warn(*boxes, field=None):
    return Expect(WARNING, boxes, field)


def any_severity(*boxes, field=None):
    return Expect(ANY, boxes, field)




# ------------------------------------------------------------------------------------------ matching
def box_matches(box: str, wanted: tuple[str, ...]) -> bool:
    return any(box.startswith(w[:-1]) if w.endswith("*") else box == w for w in wanted)


def field_matches(found: str, wanted: str | None) -> bool:
    if wanted is None:
        return True
    return found == wanted or found.startswith((wanted + ".", wanted + "["))


def _refusal_matches(problem_field: str, wanted: str | None) -> bool:
    """A problem the facade raised at entry ('visit.lines[0].units', 'provider.npi', 'policy.member_id')
    against the expected claim field ('lines[0]', 'visit.diagnoses[0]', 'provider.npi')."""
    if wanted is None:
        return True
    found = problem_field.removeprefix("visit.") if not wanted.startswith("visit.") else problem_field
    return field_matches(found, wanted) or field_matches(wanted, found)


def caught(expect: Expect, result) -> bool:
    """Whether `result` (a scenario_office.Result) shows the expected finding, or (errors only) a refusal.

    A warning scenario is not caught when an error came with it: the guidelines allow the claim, and an
    error would block it."""
    if expect.severity == WARNING and any(f.severity == ERROR for f in result.findings):
        return False
    if any(f.severity in expect.severity.split(" or ") and box_matches(f.box, expect.boxes) and field_matches(f.field, expect.field)
           for f in result.findings):
        return True
    return expect.severity == ERROR and any(_refusal_matches(p.field, expect.field) for p in result.refused)


def describe(result) -> str:
    """What a result shows, for failure messages and the audit."""
    if result.refused:
        return "refused at entry: " + "; ".join(str(p) for p in result.refused)
    if result.skipped:
        return "no claim made: " + result.skipped
    return "; ".join(str(f) for f in result.findings) or "no finding"
