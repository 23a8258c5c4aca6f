"""A small `ProcedureEditLookup` for the scrubber tests, holding real pairs of the CMS practitioner files' kind.

96372 (injection) with an E/M visit in column 2 (modifier indicator 1: payable with 25 on the visit),
20611 (major joint injection with ultrasound) with 20610 (without) in column 2 (indicator 1, two joints),
20611 with 76942 (ultrasound guidance, which CPT says not to report with 20611: indicator 0); MUEs of
36415 (per line), 20610 (per day, policy) and 96372 (per day, clinical). E/M families are the program's.
"""
from __future__ import annotations

from dataclasses import dataclass

from officebill.codes.ncci import em_family


@dataclass(frozen=True)
class Edit:
    modifier_indicator: int
    rationale: str


@dataclass(frozen=True)
class Mue:
    value: int
    mai: int
    rationale: str


class FakeEdits:
    ptp_loaded = True
    mue_loaded = True
    PTP = {("96372", "99214"): Edit(1, "Misuse of column two code with column one code"),
           ("96372", "99213"): Edit(1, "Misuse of column two code with column one code"),
           ("20611", "20610"): Edit(1, "Mutually exclusive procedures"),
           ("20611", "76942"): Edit(0, "CPT Manual or CMS manual coding instructions")}
    MUE = {"36415": Mue(2, 1, "CMS Policy"), "20610": Mue(2, 2, "Anatomic Consideration"),
           "96372": Mue(4, 3, "Clinical: Data")}
    LEVEL2 = {"RT", "LT", "XU", "XS", "GA"}
    CPT = {"25", "59", "76", "77", "91", "50", "26"}

    def __init__(self):
        self.asked = []

    def ptp_edit(self, column1, column2, on):
        self.asked.append(on)
        return self.PTP.get((column1, column2))

    def mue(self, code, on):
        return self.MUE.get(code)

    def modifier_exists(self, modifier):
        return modifier in self.LEVEL2 or modifier in self.CPT or (False if modifier.isdigit() else None)

    def em_family(self, code):
        return em_family(code)


class NothingImported(FakeEdits):
    ptp_loaded = False
    mue_loaded = False
