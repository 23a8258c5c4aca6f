"""Small pieces the visit form shares: problem labels beside fields, invalid marks, pointer and date text."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QWidget

from ..core.identifiers import parse_date
from ..core.limits import POINTER_LETTERS
from .theme import error_color

# A red frame only: a tinted background would hide light text in a dark palette.
INVALID_STYLE = """
QLineEdit[invalid="true"], QComboBox[invalid="true"], QSpinBox[invalid="true"], QTableView[invalid="true"] {
    border: 2px solid #d93025;
}
"""


class ProblemLabel(QLabel):
    """Red text shown under or beside a field when it has a problem; hidden when empty."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("problem")
        self.setStyleSheet(f"color: {error_color(self).name()};")
        self.setWordWrap(True)
        self.hide()

    def show_problems(self, messages: list[str]) -> None:
        self.setText("\n".join(dict.fromkeys(messages)))
        self.setVisible(bool(messages))

    def clear_problems(self) -> None:
        self.show_problems([])


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Give a field the red frame (a dynamic property the form's style sheet matches)."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def read_date(text: str, what: str) -> tuple[date | None, str | None]:
    """(date, None) or (None, message). Blank is (None, None)."""
    try:
        return parse_date(text), None
    except ValueError:
        return None, f"Type the {what} as MM/DD/YYYY, for example {date.today():%m/%d/%Y}."


def parse_pointers(text: str) -> tuple[tuple[int, ...], str | None]:
    """'AB', 'A,B', 'a b' -> (1, 2); letters outside A-L give a message."""
    letters = [ch for ch in text.upper() if not ch.isspace() and ch not in ",;/"]
    bad = [ch for ch in letters if ch not in POINTER_LETTERS]
    if bad:
        return (), f"Pointers are the diagnosis letters A to L (typed like AB or A,B); '{''.join(bad)}' is not one."
    result = tuple(dict.fromkeys(POINTER_LETTERS.index(ch) + 1 for ch in letters))
    return result, None


def format_pointers(pointers) -> str:
    return "".join(POINTER_LETTERS[p - 1] for p in pointers if 1 <= p <= len(POINTER_LETTERS))


def parse_modifiers(text: str) -> tuple[str, ...]:
    return tuple(m for m in text.upper().replace(",", " ").split() if m)
