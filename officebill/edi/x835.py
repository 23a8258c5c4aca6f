"""The 835 5010 (005010X221A1) reader: X12 text in, a `Remittance` out, or problems naming segment and line.

Pure: nothing here reads the office file. The file is walked by pyx12's
context reader (`x12read`), so a segment's loop comes from the TR3 map (a CAS
belongs to the claim in 2100 and to the line in 2110). Read: BPR (amount,
method, date), TRN (trace number and payer), 1000A N1*PR payer (N104, REF*2U),
1000B N1*PE payee (NPI by XX, tax ID by FI or REF*TJ), 2100 CLP with CAS,
NM1*QC, DTM*232, 2110 SVC with DTM*472/150, CAS, REF*6R, AMT*B6, LQ*HE, and
PLB. One ST per file (a payer sends one payment per transaction set).

The file's own arithmetic is checked here, as a whole: BPR02 must equal the
sum of CLP04 minus the PLB amounts, and a claim must not be reported twice
with the same status and payer claim number. Whether a claim's result fits
the claim is the posting's question (`billing.remittance`), not this one's.
"""
from __future__ import annotations

import re
from datetime import date

from ..core.ledger import Adjustment
from ..core.money import Money
from ..core.problems import Problem, ValidationFailed
from ..core.remittance import ClaimPayment, ProviderAdjustment, Remittance, ServicePayment
from .x12read import Seg, read_x12

VERSION = "005010X221A1"
_DECIMAL = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)$")


class _Bad(Exception):
    def __init__(self, seg: Seg, message: str):
        super().__init__(message)
        self.problem = Problem(seg.where(), message)


def _money(seg: Seg, ref: str, required: bool = True) -> Money:
    text = seg.get(ref)
    if not text:
        if required:
            raise _Bad(seg, f"{ref} (an amount) is missing.")
        return Money(0)
    if not _DECIMAL.match(text):
        raise _Bad(seg, f"{ref} is '{text}', not an amount.")
    negative = text.startswith("-")
    whole, _, part = text.lstrip("-").partition(".")
    if len(part.rstrip("0")) > 2:
        raise _Bad(seg, f"{ref} is '{text}': more than two decimal places.")
    cents = int(whole or "0") * 100 + int((part + "00")[:2])
    return Money(-cents if negative else cents)


def _date(seg: Seg, ref: str) -> date | None:
    text = seg.get(ref)
    if not text:
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8])) if len(text) == 8 and text.isdigit() else None
    except ValueError:
        return None


def _adjustments(seg: Seg) -> list[Adjustment]:
    """CAS: the group code, then up to six reason / amount / quantity triplets."""
    group = seg.get("CAS01")
    found = []
    for i in range(6):
        reason = seg.get(f"CAS{2 + 3 * i:02d}")
        if not reason:
            continue
        found.append(Adjustment(group, reason, _money(seg, f"CAS{3 + 3 * i:02d}")))
    return found


def _procedure(seg: Seg, ref: str) -> tuple[str, tuple[str, ...]]:
    code = seg.get(f"{ref}-2")
    modifiers = tuple(m for m in (seg.get(f"{ref}-{n}") for n in range(3, 7)) if m)
    return code, modifiers


class _Claim:
    """A CLP being read: its segments' values gathered until the next CLP."""

    def __init__(self, seg: Seg):
        self.seg = seg
        self.adjustments: list[Adjustment] = []
        self.services: list[dict] = []
        self.patient_name = ""
        self.service_date: date | None = None

    def service(self, seg: Seg) -> None:
        code, modifiers = _procedure(seg, "SVC01")
        billed, billed_modifiers = _procedure(seg, "SVC06") if seg.get("SVC06-2") else ("", ())
        self.services.append(dict(code=code, modifiers=modifiers, billed_code=billed,
                                  billed_modifiers=billed_modifiers, charge=_money(seg, "SVC02"),
                                  paid=_money(seg, "SVC03"), units=seg.get("SVC05") or "1", line=seg.line,
                                  adjustments=[], remarks=[]))

    def build(self) -> ClaimPayment:
        seg = self.seg
        return ClaimPayment(
            control=seg.get("CLP01"), status=seg.get("CLP02"), charge=_money(seg, "CLP03"), paid=_money(seg, "CLP04"),
            patient_responsibility=_money(seg, "CLP05", required=False), payer_claim_number=seg.get("CLP07"),
            adjustments=tuple(self.adjustments), patient_name=self.patient_name, service_date=self.service_date,
            line=seg.line,
            services=tuple(ServicePayment(**{**s, "adjustments": tuple(s["adjustments"]), "remarks": tuple(s["remarks"])})
                           for s in self.services))


def _read(segs: list[Seg]) -> Remittance:
    head: dict = {"payer_ids": []}
    claims: list[_Claim] = []
    plb: list[ProviderAdjustment] = []
    st_count = 0
    bpr = None
    for seg in segs:
        sid, loop = seg.id, seg.loop
        current = claims[-1] if claims else None
        if sid == "ST":
            st_count += 1
            if st_count > 1:
                raise _Bad(seg, "The file holds more than one payment (ST); OfficeBill reads one 835 transaction "
                                "per file. Ask the clearinghouse to split it.")
        elif sid == "BPR":
            bpr = seg
            head.update(amount=_money(seg, "BPR02"), method=seg.get("BPR04"), paid_on=_date(seg, "BPR16"))
        elif sid == "TRN":
            head["trace_number"] = seg.get("TRN02")
            if seg.get("TRN03"):
                head["payer_ids"].append(seg.get("TRN03"))
                head["payer_key"] = seg.get("TRN03")
        elif sid == "N1" and loop == "1000A":
            head["payer_name"] = seg.get("N102")
            if seg.get("N104"):
                head["payer_ids"].append(seg.get("N104"))
        elif sid == "REF" and loop == "1000A" and seg.get("REF01") == "2U":
            head["payer_ids"].append(seg.get("REF02"))
        elif sid == "N1" and loop == "1000B":
            head["payee_name"], head["payee_line"] = seg.get("N102"), seg.line
            qualifier, ident = seg.get("N103"), seg.get("N104")
            if qualifier == "XX":
                head["payee_npi"] = ident
            elif qualifier == "FI":
                head["payee_tin"] = ident
        elif sid == "REF" and loop == "1000B" and seg.get("REF01") == "TJ":
            head.setdefault("payee_tin", seg.get("REF02"))
        elif sid == "CLP":
            claims.append(_Claim(seg))
        elif current is not None and loop == "2100":
            if sid == "CAS":
                current.adjustments += _adjustments(seg)
            elif sid == "NM1" and seg.get("NM101") == "QC":
                current.patient_name = ", ".join(p for p in (seg.get("NM103"), seg.get("NM104")) if p)
            elif sid == "DTM" and seg.get("DTM01") == "232":
                current.service_date = _date(seg, "DTM02")
        elif current is not None and loop == "2110":
            if sid == "SVC":
                current.service(seg)
                continue
            service = current.services[-1]
            if sid == "CAS":
                service["adjustments"] += _adjustments(seg)
            elif sid == "DTM" and seg.get("DTM01") in ("472", "150"):
                service["service_date"] = service.get("service_date") or _date(seg, "DTM02")
            elif sid == "REF" and seg.get("REF01") == "6R":
                service["control"] = seg.get("REF02")
            elif sid == "AMT" and seg.get("AMT01") == "B6":
                service["allowed"] = _money(seg, "AMT02")
            elif sid == "LQ" and seg.get("LQ01") == "HE":
                service["remarks"].append(seg.get("LQ02"))
        elif sid == "PLB":
            for i in range(6):
                code = seg.get(f"PLB{3 + 2 * i:02d}-1")
                if code:
                    plb.append(ProviderAdjustment(reason=code, reference=seg.get(f"PLB{3 + 2 * i:02d}-2"),
                                                  amount=_money(seg, f"PLB{4 + 2 * i:02d}"), line=seg.line))
    if bpr is None:
        raise ValidationFailed([Problem("BPR", "The file has no payment (BPR) segment; it is not a whole 835.")])
    payer_key = head.pop("payer_key", "") or next(iter(head["payer_ids"]), "") or head.get("payer_name", "")
    remittance = Remittance(payer_key=payer_key, payer_ids=tuple(i for i in head.pop("payer_ids") if i),
                            claims=tuple(c.build() for c in claims), provider_adjustments=tuple(plb), **head)
    _check(remittance, bpr)
    return remittance


def _check(remittance: Remittance, bpr: Seg) -> None:
    """The file's own arithmetic and duplicates: refused as a whole."""
    problems = []
    if not remittance.trace_number:
        problems.append(Problem("TRN", "The file has no trace number (TRN02): the check or EFT number is needed "
                                       "to keep it from being posted twice."))
    if remittance.amount.cents < 0:
        problems.append(Problem(bpr.where(), f"BPR02 is negative ({remittance.amount}); a payment cannot be."))
    seen: dict[tuple, int] = {}
    for claim in remittance.claims:
        key = (claim.control, claim.status, claim.payer_claim_number)
        if key in seen:
            problems.append(Problem(f"CLP (line {claim.line})", f"Claim {claim.control} is reported twice with "
                                    f"status {claim.status} (first at line {seen[key]}); the file is a duplicate "
                                    "or damaged. Ask the payer or clearinghouse for a corrected 835."))
        else:
            seen[key] = claim.line
        if not claim.control:
            problems.append(Problem(f"CLP (line {claim.line})", "CLP01 (the claim control number) is empty."))
    paid = Money.total(c.paid for c in remittance.claims)
    expected = paid - remittance.provider_adjustment_total
    if expected != remittance.amount:
        problems.append(Problem(bpr.where(), f"The file does not balance: BPR02 is {remittance.amount}, but the "
                                             f"claims pay {paid} and the provider adjustments (PLB) come to "
                                             f"{remittance.provider_adjustment_total}, so BPR02 should be "
                                             f"{expected}. Nothing was posted; ask the payer for a corrected 835."))
    if problems:
        raise ValidationFailed(problems)


def read_835(raw: str | bytes) -> Remittance:
    """The remittance in an 835 file, or ValidationFailed naming each problem's segment and line."""
    segs = read_x12(raw, {("HP", VERSION): "835"}, "835 remittance")
    try:
        return _read(segs)
    except _Bad as bad:
        raise ValidationFailed([bad.problem]) from None


def payee_problems(remittance: Remittance, npis: set[str], tin: str) -> list[Problem]:
    """An 835 for another practice is refused: the payee's NPI (N1*PE XX) and tax ID (FI or REF*TJ), whichever
    the file gives, must be ours, and it must give at least one."""
    ours_tin = "".join(ch for ch in tin if ch.isdigit())
    their_tin = "".join(ch for ch in remittance.payee_tin if ch.isdigit())
    given = [ok for value, ok in ((remittance.payee_npi, remittance.payee_npi in npis),
                                  (their_tin, their_tin == ours_tin)) if value]
    if given and all(given):
        return []
    shown = ", ".join(f"{k} {v}" for k, v in (("NPI", remittance.payee_npi), ("tax ID", remittance.payee_tin)) if v)
    return [Problem(f"N1*PE (line {remittance.payee_line})",
                    f"This 835 pays {remittance.payee_name or 'a payee'} ({shown or 'no NPI or tax ID given'}), not "
                    f"this practice (NPI {', '.join(sorted(n for n in npis if n)) or 'not set'}); it is another "
                    "practice's remittance. Nothing was posted.")]
