"""Domain values: records, money, identifier checks. No Qt, no SQL, no files."""
from .money import Money, MoneyError
from .problems import Collector, Problem, UserError, ValidationFailed

__all__ = ["Money", "MoneyError", "Problem", "ValidationFailed", "Collector", "UserError"]
