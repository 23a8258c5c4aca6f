"""Acknowledgments read: the 999 (005010X231A1, a transaction set accepted or rejected) and the 277CA
(005010X214, each claim accepted into adjudication or returned as unprocessable).

Pure: X12 text in (through pyx12's context reader, `x12read`), records out.
A 999 names the 837 it answers by the group control number (AK1-02 = our
GS06) and each transaction set by its ST02 (AK2-02); a 277CA names each claim
by the claim control number we sent in CLM01 (2200D TRN02). The code words
below are our own short wording of the X12 code lists (999 IK3/IK4/IK5, and
the claim status category and status codes of the 277), covering the common
ones; others are shown by their code.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..core.problems import Problem, ValidationFailed
from .x12read import Seg, read_x12

VERSION_999 = ("005010X231A1", "005010X231")
VERSION_277CA = "005010X214"

SET_RESULTS = {"A": "accepted", "E": "accepted with errors", "M": "rejected: message authentication failed",
               "R": "rejected", "W": "rejected: assurance failed", "X": "rejected: content could not be decrypted"}
SET_ERRORS = {"1": "transaction set not supported", "2": "trailer (SE) missing",
              "3": "control numbers in ST and SE do not match", "4": "segment count in SE is wrong",
              "5": "one or more segments in error", "6": "transaction set identifier missing or invalid",
              "7": "transaction set control number missing or invalid", "23": "control number not unique",
              "I5": "implementation: one or more segments in error", "I6": "implementation convention not supported"}
SEGMENT_ERRORS = {"1": "unrecognized segment", "2": "unexpected segment", "3": "required segment missing",
                  "4": "loop occurs more often than allowed", "5": "segment used more often than allowed",
                  "6": "segment not in this transaction set", "7": "segment out of order",
                  "8": "segment has element errors", "I4": "segment not used in this implementation is present",
                  "I6": "implementation-dependent segment missing", "I7": "loop occurs fewer times than required",
                  "I8": "segment occurs fewer times than required", "I9": "implementation-dependent segment present"}
ELEMENT_ERRORS = {"1": "required element missing", "2": "conditional element missing", "3": "too many elements",
                  "4": "too short", "5": "too long", "6": "invalid character", "7": "invalid code value",
                  "8": "invalid date", "9": "invalid time", "10": "element not allowed with another present",
                  "12": "too many repetitions", "13": "too many components",
                  "I10": "element not used in this implementation is present", "I12": "does not match the format",
                  "I13": "implementation-dependent element present", "I6": "code value not used in this "
                  "implementation", "I9": "implementation-dependent element missing"}
CATEGORIES = {"A0": "forwarded to another entity", "A1": "received", "A2": "accepted into adjudication",
              "A3": "returned as unprocessable", "A4": "not found", "A5": "split", "A6": "rejected: information "
              "missing", "A7": "rejected: information invalid", "A8": "rejected: relational field in error",
              "DR": "data reporting acknowledgment"}
REJECTED_CATEGORIES = {"A3", "A4", "A6", "A7", "A8"}
STATUSES = {"0": "no further status can be given electronically", "19": "received", "20": "accepted for processing",
            "21": "information missing or invalid", "35": "claim not found", "54": "duplicate of a claim already "
            "processed", "116": "sent to the wrong payer", "122": "data missing or invalid, so the payer cannot "
            "process the claim", "128": "tax ID", "145": "specialty or taxonomy code", "164": "member ID",
            "187": "date(s) of service", "254": "principal diagnosis code", "255": "diagnosis code",
            "400": "claim totals do not balance", "453": "procedure code modifier", "454": "procedure code",
            "458": "charge amount", "562": "NPI", "585": "claim frequency code"}
ENTITIES = {"40": "receiver", "41": "submitter", "82": "rendering provider", "85": "billing provider",
            "87": "pay-to provider", "DN": "referring provider", "FA": "facility", "IL": "subscriber",
            "QC": "patient", "PR": "payer", "77": "service location", "03": "dependent", "1P": "provider",
            "DK": "ordering provider"}


@dataclass(frozen=True)
class SetResult:
    """One 837 transaction set as the 999 answers it."""

    transaction_control: str  # AK2-02: the ST02 we sent
    code: str  # IK501
    errors: tuple[str, ...] = ()  # IK3/IK4/IK502.. in words, each naming the segment

    @property
    def accepted(self) -> bool:
        return self.code in ("A", "E")

    @property
    def words(self) -> str:
        return "; ".join((SET_RESULTS.get(self.code, f"result {self.code}"), *self.errors))


@dataclass(frozen=True)
class FunctionalAck:
    """A 999: the group of ours it answers (GS06) and each transaction set's result."""

    group_control: int | None
    sets: tuple[SetResult, ...]
    group_code: str = ""  # AK901


@dataclass(frozen=True)
class ClaimAck:
    """One claim in a 277CA: accepted or rejected, with the status codes and their words."""

    control: str  # the CLM01 we sent
    accepted: bool
    codes: tuple[str, ...]  # 'A7:562:85' as sent
    words: str
    payer_claim_number: str = ""  # REF*1K
    day: date | None = None


def status_words(composite: str) -> str:
    """'A7:562:85' -> 'rejected: information invalid - NPI (billing provider)'."""
    category, status, entity = (composite.split(":") + ["", "", ""])[:3]
    words = CATEGORIES.get(category, f"category {category}")
    if status:
        words += f" - {STATUSES.get(status, f'status code {status}')}"
    if entity:
        words += f" ({ENTITIES.get(entity, f'entity {entity}')})"
    return words


def read_999(raw: str | bytes) -> FunctionalAck:
    segs = read_x12(raw, {("FA", v): "999" for v in VERSION_999}, "999 acknowledgment")
    group, sets, errors, code = None, [], [], ""
    current: str | None = None
    for seg in segs:
        if seg.id == "AK1":
            group = _int(seg, "AK102")
        elif seg.id == "AK2":
            current, errors = seg.get("AK202"), []
        elif seg.id == "IK3":
            errors.append(f"{seg.get('IK301')} segment {seg.get('IK302')}: "
                          f"{SEGMENT_ERRORS.get(seg.get('IK304'), 'error ' + seg.get('IK304'))}")
        elif seg.id == "IK4":
            errors.append(f"  element {seg.get('IK401-1')}: "
                          f"{ELEMENT_ERRORS.get(seg.get('IK403'), 'error ' + seg.get('IK403'))}")
        elif seg.id == "IK5":
            extra = [SET_ERRORS.get(seg.get(f"IK50{i}"), f"error {seg.get(f'IK50{i}')}") for i in range(2, 7)
                     if seg.get(f"IK50{i}")]
            sets.append(SetResult(current or "", seg.get("IK501"), tuple(errors + extra)))
        elif seg.id == "AK9":
            code = seg.get("AK901")
    return FunctionalAck(group, tuple(sets), code)


def _int(seg: Seg, ref: str) -> int | None:
    text = seg.get(ref)
    return int(text) if text.isdigit() else None


def read_277ca(raw: str | bytes) -> list[ClaimAck]:
    segs = read_x12(raw, {("HN", VERSION_277CA): "277"}, "277CA acknowledgment")
    claims: list[dict] = []
    for seg in segs:
        if seg.loop == "2200D":
            if seg.id == "TRN":
                claims.append({"control": seg.get("TRN02"), "codes": [], "number": "", "day": None})
            elif not claims:
                continue
            elif seg.id == "STC":
                claims[-1]["codes"] += [seg.get(ref) for ref in ("STC01", "STC10", "STC11") if seg.get(ref)]
                claims[-1]["day"] = claims[-1]["day"] or _day(seg.get("STC02"))
            elif seg.id == "REF" and seg.get("REF01") == "1K":
                claims[-1]["number"] = seg.get("REF02")
    found = []
    for claim in claims:
        if not claim["codes"]:
            raise ValidationFailed([Problem("STC", f"Claim {claim['control']} has no status (STC) in the 277CA.")])
        rejected = any(code.split(":")[0] in REJECTED_CATEGORIES for code in claim["codes"])
        found.append(ClaimAck(control=claim["control"], accepted=not rejected, codes=tuple(claim["codes"]),
                              words="; ".join(f"{code} {status_words(code)}" for code in claim["codes"]),
                              payer_claim_number=claim["number"], day=claim["day"]))
    return found


def _day(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8])) if len(text) == 8 and text.isdigit() else None
    except ValueError:
        return None


def kind_of(raw: str | bytes) -> str:
    """'999' or '277CA' from the GS segment (GS01 FA or HN), '' when neither."""
    text = raw.decode("ascii", "replace") if isinstance(raw, bytes) else raw
    start = text.find("GS")
    head = text[start:start + 120] if start >= 0 else ""
    if "005010X231" in head and head[3:5] == "FA":
        return "999"
    if VERSION_277CA in head and head[3:5] == "HN":
        return "277CA"
    return ""
