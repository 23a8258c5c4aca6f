"""Ranking hints for ICD-10-CM from everyday primary-care coding.

COMMON holds codes a family or internal-medicine office bills week in, week
out; they float above rarer siblings with similar titles. Obstetric (O), perinatal (P)
and stress/pathological fracture codes sink a little, since a general office rarely means them
when typing a plain condition name. Applied once, at build time.
"""
from __future__ import annotations

COMMON = frozenset("""
I10 E119 E1165 E1122 E1140 E1142 E785 E782 E780 E039 E669 E6601 E559 D649 D509 E876
J069 J029 J0190 J209 J40 J449 J45909 J189 J309 J329 J0100 R05 R051 R052 R0600 R0602 R079 R071 R0789
N390 R3000 R109 R1010 R1030 R1110 R112 R197 K219 K5900 K5909 K589 K297 A084 A09
I4891 I5090 I2510 I209 I739 I872 R000 R002 R42 R55 R51 R519 G439 G43909 G4700 G4733 G5600
M545 M5450 M5416 M5412 M542 M25511 M25512 M25561 M25562 M1990 M170 M797 M791 M6283
F329 F411 F419 F17210 F1010 F4310 F909 Z0000 Z0001 Z00129 Z00121 Z23 Z1211 Z1231 Z136
H6690 H6590 H1030 H6120 H9190 L309 L089 L239 L0390 B349 B9620 N189 N179 N400 R739 R7303
R5383 R509 R110 R21 R600 T7840XA W19XXXA S0990XA S93401A S6390XA
""".split())
# code prefix -> penalty: obstetric, perinatal, and stress/pathological fractures (M80, M84),
# which an office typing "fracture" rarely means.
SPECIALTY_PENALTY = {"O": 4.0, "P": 4.0, "M80": 4.0, "M84": 4.0}
COMMON_BONUS = 5.0


def icd_adjustment(code: str) -> float:
    """Added to an ICD code's static rank (negative = shown earlier)."""
    penalty = SPECIALTY_PENALTY.get(code[:1], 0.0) + SPECIALTY_PENALTY.get(code[:3], 0.0)
    return penalty - (COMMON_BONUS if code in COMMON else 0.0)
