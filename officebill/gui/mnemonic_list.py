"""The Alt+letter keys of a screen, read from what it shows: for F1 lists that never disagree with the
underlined letters. `mnemonic_help(screen, more)` lists every label with a buddy and every button whose
text underlines a letter; `mnemonic_letter(text)` reads the letter as Qt does."""
from __future__ import annotations


def mnemonic_help(screen, more=None) -> list[tuple[str, str]]:
    """(Alt+letter, the field it goes to) for every label with a buddy and every button of `screen` whose
    text underlines a letter, in letter order; those inside `more` say "(More)"."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    found = {}
    for widget in screen.findChildren(QLabel) + screen.findChildren(QAbstractButton):
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        letter = mnemonic_letter(widget.text())
        if letter is None:
            continue
        words = " ".join(widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&").split())
        words = words.rstrip(" ▸▾")
        found.setdefault(letter, f"{words}{' (More)' if more is not None and more.isAncestorOf(widget) else ''}")
    return [(f"Alt+{letter.upper()}", words) for letter, words in sorted(found.items())]


def mnemonic_letter(text: str) -> str | None:
    """The letter Qt underlines in `text` ('Pa&tient' -> 't'; '&&' is a plain ampersand)."""
    index = 0
    while (index := text.find("&", index)) >= 0 and index + 1 < len(text):
        if text[index + 1] != "&":
            return text[index + 1].lower()
        index += 2
    return None
