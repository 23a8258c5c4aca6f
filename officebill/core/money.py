"""Money as integer cents: parsing, formatting and arithmetic without floats."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .problems import UserError

_MONEY_TEXT = re.compile(r"^\(?-?\$?-?[0-9][0-9,]*(\.[0-9]{0,2})?\)?$|^\(?-?\$?-?\.[0-9]{1,2}\)?$")


class MoneyError(UserError, ValueError):
    """Raised for text or values that are not an amount of money."""


@dataclass(frozen=True, order=True)
class Money:
    """An amount in whole US cents. Never built from a float."""

    cents: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.cents, bool) or not isinstance(self.cents, int):
            raise MoneyError(
                f"Money holds whole cents as an integer, not {type(self.cents).__name__}; "
                "use Money.parse('12.34') or Money(1234)."
            )

    @classmethod
    def parse(cls, text: str | int | Money) -> Money:
        """Read '$1,234.50', '1234.5', '-12', '(3.00)' or a Money. Floats are refused."""
        if isinstance(text, Money):
            return text
        if isinstance(text, float):
            raise MoneyError("Amounts are never floats; pass text such as '12.50' or whole cents.")
        if isinstance(text, int) and not isinstance(text, bool):
            return cls(text)
        if not isinstance(text, str):
            raise MoneyError(f"Cannot read an amount from {type(text).__name__}.")
        raw = text.strip()
        if not raw:
            raise MoneyError("The amount is empty; type a number such as 125.00.")
        if not _MONEY_TEXT.match(raw) or raw.count("-") > 1:
            raise MoneyError(f"'{text}' is not an amount; type dollars and cents such as 1,234.50.")
        negative = raw.startswith("(") or "-" in raw
        if raw.startswith("(") != raw.endswith(")"):
            raise MoneyError(f"'{text}' has an unmatched parenthesis.")
        digits = raw.strip("()").replace("$", "").replace("-", "")
        whole = digits.split(".")[0]
        if "," in whole and not re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})*", whole):
            raise MoneyError(f"'{text}' has misplaced thousands commas; type 1,234.50 or 1234.50.")
        try:
            value = Decimal(digits.replace(",", ""))
        except InvalidOperation as exc:  # pragma: no cover - regex guards this
            raise MoneyError(f"'{text}' is not an amount.") from exc
        cents = int(value * 100)
        return cls(-cents if negative else cents)

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.cents + other.cents)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.cents - other.cents)

    def __neg__(self) -> Money:
        return Money(-self.cents)

    def times(self, count: int) -> Money:
        """This amount multiplied by a whole count (units)."""
        if isinstance(count, bool) or not isinstance(count, int):
            raise MoneyError("Money can only be multiplied by a whole number.")
        return Money(self.cents * count)

    def __bool__(self) -> bool:
        return self.cents != 0

    @property
    def dollars(self) -> int:
        return abs(self.cents) // 100

    @property
    def cents_part(self) -> int:
        return abs(self.cents) % 100

    def plain(self) -> str:
        """'1234.50': no symbol, no commas (for CSV and forms)."""
        sign = "-" if self.cents < 0 else ""
        return f"{sign}{self.dollars}.{self.cents_part:02d}"

    def __str__(self) -> str:
        sign = "-" if self.cents < 0 else ""
        return f"{sign}${self.dollars:,}.{self.cents_part:02d}"

    @classmethod
    def total(cls, amounts) -> Money:
        """Sum of an iterable of Money."""
        result = cls(0)
        for amount in amounts:
            result = result + amount
        return result
