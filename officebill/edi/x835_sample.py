"""Sample 835 files: a payer's answer to claims, built segment by segment, for the demo screenshots, the
tests and the bench (OfficeBill reads 835s; it never sends one).

`era(claims, ...)` writes a whole 5010 835 (ISA/GS/ST ... SE/GE/IEA) with one
CLP per `Clp`; `answer(claim, ...)` makes the `Clp` for a claim of the office
(its control number, each line's REF*6R, charges from the claim).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ..core.edi import claim_control_number, line_control_number
from ..core.money import Money
from .segments import Envelope, SegmentList, amount, composite, d8, interchange, transaction_set

PAYER_NAME = "BLUE CROSS BLUE SHIELD OF ILLINOIS"
PAYER_ID = "00621"


def m(value) -> Money:
    return value if isinstance(value, Money) else Money.parse(str(value))


@dataclass
class Svc:
    code: str
    charge: object
    paid: object
    day: date | None = None
    control: str = ""
    modifiers: tuple[str, ...] = ()
    allowed: object = None
    cas: list[tuple[str, str, object]] = field(default_factory=list)  # (group, reason, amount)
    units: int = 1
    billed_code: str = ""


@dataclass
class Clp:
    control: str
    charge: object
    paid: object
    status: str = "1"
    patient: object = 0
    payer_claim: str = "PCN0001"
    lines: list[Svc] = field(default_factory=list)
    cas: list[tuple[str, str, object]] = field(default_factory=list)
    name: tuple[str, str] = ("RIVERA", "SOFIA")


def answer(claim, results, status="1", payer_claim="PCN0001", drop_line_control=False) -> Clp:
    """A CLP for an office claim: `results` per claim line: (paid, [(group, reason, amount)...]) in line order.

    The claim's charge and paid are the lines' sums; a line's allowed is its paid plus its PR amounts."""
    sign = -1 if status == "22" else 1
    lines = []
    for n, (line, (paid, cas)) in enumerate(zip(claim.lines, results), 1):
        paid = m(paid)
        pr = Money.total(m(a) for g, _r, a in cas if g == "PR")
        lines.append(Svc(line.code, Money(sign * line.charge.cents), Money(sign * paid.cents),
                         day=line.from_date or claim.service_date, modifiers=tuple(line.modifiers),
                         control="" if drop_line_control else line_control_number(claim.id, n),
                         allowed=Money(sign * (paid + pr).cents),
                         cas=[(g, r, Money(sign * m(a).cents)) for g, r, a in cas], units=line.units))
    charge = Money.total(s.charge for s in lines)
    paid = Money.total(s.paid for s in lines)
    patient = Money.total(m(a) for s in lines for g, _r, a in s.cas if g == "PR")
    return Clp(claim_control_number(claim.patient.account, claim.id), charge, paid, status=status, patient=patient,
               payer_claim=payer_claim, lines=lines,
               name=(claim.patient.last_name.upper(), claim.patient.first_name.upper()))


def era(claims: list[Clp], *, total=None, trace="EFT20260401", payer_name=PAYER_NAME, payer_id=PAYER_ID,
        npi="1234567893", tin="371234567", plb=(), paid_on=date(2026, 4, 1), payee="MAPLE STREET FAMILY MEDICINE",
        version="005010X221A1", control=101) -> str:
    """A whole 835 file paying `claims`; BPR02 is sum(CLP04) - sum(PLB) unless `total` says otherwise."""
    body = SegmentList()
    plb_total = Money.total(m(a) for _r, _ref, a in plb)
    money = m(total) if total is not None else Money.total(m(c.paid) for c in claims) - plb_total
    if money.cents > 0:
        body.add("BPR", "I", amount(money), "C", "ACH", "CCP", "01", "071000013", "DA", "123456789", "1371234567",
                 "", "01", "071000039", "DA", "987654321", d8(paid_on))
    else:
        body.add("BPR", "H", amount(money), "C", "NON", "", "", "", "", "", "", "", "", "", "", "", d8(paid_on))
    body.add("TRN", "1", trace, "1" + payer_id.rjust(9, "0")[:9])
    body.add("DTM", "405", d8(paid_on))
    body.add("N1", "PR", payer_name, "XV", payer_id)
    body.add("N3", "PO BOX 805107")
    body.add("N4", "CHICAGO", "IL", "606804112")
    body.add("PER", "BL", "PROVIDER SERVICES", "TE", "8005551212")
    if npi:
        body.add("N1", "PE", payee, "XX", npi)
    else:
        body.add("N1", "PE", payee, "FI", tin)
    if tin and npi:
        body.add("REF", "TJ", tin)
    body.add("LX", "1")
    for clp in claims:
        body.add("CLP", clp.control, clp.status, amount(m(clp.charge)), amount(m(clp.paid)),
                 amount(m(clp.patient)) if m(clp.patient) else "", "12", clp.payer_claim, "11", "1")
        for group, reason, value in clp.cas:
            body.add("CAS", group, reason, amount(m(value)))
        body.add("NM1", "QC", "1", clp.name[0], clp.name[1], "", "", "", "MI", "XG1234")
        for svc in clp.lines:
            procedure = composite("HC", svc.code, *svc.modifiers)
            body.add("SVC", procedure, amount(m(svc.charge)), amount(m(svc.paid)), "", str(svc.units),
                     composite("HC", svc.billed_code) if svc.billed_code else "")
            if svc.day:
                body.add("DTM", "472", d8(svc.day))
            by_group: dict[str, list] = {}
            for group, reason, value in svc.cas:
                by_group.setdefault(group, []).extend([reason, amount(m(value)), ""])
            for group, items in by_group.items():
                body.add("CAS", group, *items)
            if svc.control:
                body.add("REF", "6R", svc.control)
            if svc.allowed is not None:
                body.add("AMT", "B6", amount(m(svc.allowed)))
    if plb:
        items = []
        for reason, ref, value in plb:
            items += [composite(reason, ref), amount(m(value))]
        body.add("PLB", npi or tin, "20261231", *items)
    envelope = Envelope(sender_qualifier="ZZ", sender_id="BCBSIL", receiver_qualifier="ZZ", receiver_id="MAPLEST",
                        interchange_control=control, group_control=control, functional_code="HP", version=version,
                        created=datetime(2026, 4, 1, 9, 30), production=True)
    return interchange(envelope, [transaction_set("835", "0001", version, body)])
