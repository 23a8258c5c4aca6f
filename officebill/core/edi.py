"""Electronic claims: clearinghouse profiles, 837P batches, and the control numbers a claim carries.

The claim control number is the one number a claim goes by everywhere: printed
in box 26 of the CMS-1500, sent as CLM01 of the 837P, and returned by payers as
CLP01 of the 835. It is the patient's account number (letters and digits only)
followed by `C` and the claim's id, e.g. `A1007C42`: unique per claim (the id
after the last `C` is digits only, so it can be read back), at most 14
characters (what box 26 holds; the account part is cut, never the id).

The line control number (837P 2400 REF*6R, echoed in the 835's REF*6R) is the
claim's id, a hyphen and the line number on the claim, e.g. `42-3`: unique per
claim line and the same each time the claim is sent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .money import Money
from .problems import Collector, Problem

CONTROL_NUMBER_MAX = 14  # box 26 holds 14 characters; CLM01 allows 38, payers keep 20
_CONTROL = re.compile(r"^[A-Z0-9]*C([0-9]+)$")
_LINE_CONTROL = re.compile(r"^([0-9]+)-([0-9]+)$")


def claim_control_number(account: str, claim_id: int | None) -> str:
    """Box 26 and CLM01: the account number (letters and digits) then `C` and the claim id; just the
    account while the claim has no id (a preview)."""
    cleaned = "".join(ch for ch in (account or "").upper() if ch.isascii() and ch.isalnum())
    if claim_id is None:
        return cleaned[:CONTROL_NUMBER_MAX]
    suffix = f"C{claim_id}"
    return cleaned[: max(0, CONTROL_NUMBER_MAX - len(suffix))] + suffix


def claim_id_from_control_number(text: str) -> int | None:
    """The claim id a claim control number (CLP01) names, or None when it is not one of ours."""
    match = _CONTROL.match((text or "").strip().upper())
    return int(match.group(1)) if match else None


def line_control_number(claim_id: int, line_no: int) -> str:
    """REF*6R of a claim line: `<claim id>-<line number>`."""
    return f"{claim_id}-{line_no}"


def parse_line_control_number(text: str) -> tuple[int, int] | None:
    """(claim id, line number) of a line control number, or None when it is not one of ours."""
    match = _LINE_CONTROL.match((text or "").strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


ISA_QUALIFIERS = {"01": "DUNS", "14": "DUNS plus suffix", "20": "HIN", "27": "Carrier ID (Medicare)",
                  "28": "Fiscal intermediary ID", "29": "Medicare provider ID", "30": "US federal tax ID",
                  "33": "NAIC code", "ZZ": "Mutually defined"}
_ISA_ID = re.compile(r"^[A-Za-z0-9 .\-]{1,15}$")
_SUBMITTER_ID = re.compile(r"^[A-Za-z0-9\-]{2,80}$")


@dataclass(frozen=True, kw_only=True)
class Clearinghouse:
    """Where 837P files go: the submitter (the office) and receiver (the clearinghouse) as the envelope names them."""

    id: int | None = None
    name: str = ""  # how the office calls it
    submitter_name: str = ""  # 1000A NM103: the office as the clearinghouse knows it
    submitter_id: str = ""  # 1000A NM109: the ID the clearinghouse gave the office
    contact_name: str = ""  # 1000A PER02
    contact_phone: str = ""  # 1000A PER04 (10 digits)
    receiver_name: str = ""  # 1000B NM103
    receiver_id: str = ""  # 1000B NM109
    sender_qualifier: str = "ZZ"  # ISA05
    sender_id: str = ""  # ISA06 and GS02
    receiver_qualifier: str = "ZZ"  # ISA07
    receiver_isa_id: str = ""  # ISA08 and GS03
    production: bool = False  # ISA15 P or T
    active: bool = True


def clearinghouse_problems(profile: Clearinghouse) -> list[Problem]:
    """Every problem of a clearinghouse profile, each naming its field."""
    c = Collector()
    for field, what in (("name", "name the office knows this clearinghouse by"),
                        ("submitter_name", "office's name as the clearinghouse has it (submitter name)"),
                        ("receiver_name", "clearinghouse's name as receiver")):
        if not getattr(profile, field).strip():
            c.add(field, f"Enter the {what}.")
    for field, what in (("submitter_id", "submitter ID the clearinghouse gave the office"),
                        ("receiver_id", "receiver ID from the clearinghouse's companion guide")):
        value = getattr(profile, field).strip()
        if not value:
            c.add(field, f"Enter the {what}.")
        elif not _SUBMITTER_ID.match(value):
            c.add(field, f"The {what} holds 2 to 80 letters, digits or hyphens.")
    for field, what in (("sender_id", "sender ID for the envelope (ISA06)"),
                        ("receiver_isa_id", "receiver ID for the envelope (ISA08)")):
        value = getattr(profile, field).strip()
        if not value:
            c.add(field, f"Enter the {what}.")
        elif not _ISA_ID.match(value):
            c.add(field, f"The {what} holds at most 15 letters, digits, spaces, periods or hyphens.")
    for field in ("sender_qualifier", "receiver_qualifier"):
        if getattr(profile, field) not in ISA_QUALIFIERS:
            c.add(field, "Choose an ID qualifier the clearinghouse asks for (usually ZZ, mutually defined).")
    phone = "".join(ch for ch in profile.contact_phone if ch.isdigit())
    if profile.contact_phone.strip() and len(phone) != 10:
        c.add("contact_phone", "Enter the contact phone as 10 digits, area code first.")
    return c.problems


@dataclass(frozen=True, kw_only=True)
class ControlNumbers:
    """The envelope numbers of one 837P file: ISA13 (interchange), GS06 (group), and the first ST02."""

    interchange: int
    group: int
    first_transaction: int = 1


@dataclass(frozen=True, kw_only=True)
class EdiBatch:
    """One 837P file written: where, when, to which clearinghouse, and which claims it carried."""

    id: int | None = None
    clearinghouse_id: int
    clearinghouse_name: str = ""
    created: datetime
    who: str = ""
    file_name: str
    interchange_control: int
    group_control: int
    claim_ids: tuple[int, ...] = ()
    payer_names: tuple[str, ...] = ()
    total: Money = Money(0)
