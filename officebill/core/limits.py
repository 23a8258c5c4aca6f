"""What a CMS-1500 (02/12) holds: the one home of every capacity the forms, rules and screens share.

Sources: NUCC 1500 Claim Form Reference Instruction Manual (box 21 holds 12
diagnoses A-L, 24E four pointers, 24D four modifiers, 24G three digits of
units, 24F five dollar digits, 28 seven dollar digits).
"""
from __future__ import annotations

from .money import Money

MAX_DIAGNOSES = 12  # box 21, A-L
POINTER_LETTERS = "ABCDEFGHIJKL"  # box 21 letters; a line's pointers (24E) name them
MAX_POINTERS = 4  # box 24E
MAX_MODIFIERS = 4  # box 24D
MAX_UNITS = 999  # box 24G: three digits
MAX_LINE_CHARGE = Money(99_999_99)  # box 24F: five dollar digits
MAX_CLAIM_TOTAL = Money(9_999_999_99)  # box 28: seven dollar digits
# A fee is charged per unit, and one unit's line must fit 24F: no fee above this can ever print.
# It also keeps amounts far inside SQLite's 64-bit integers.
MAX_FEE = MAX_LINE_CHARGE
MAX_LABEL = 250  # a procedure label: a screen line, not a document

assert len(POINTER_LETTERS) == MAX_DIAGNOSES
