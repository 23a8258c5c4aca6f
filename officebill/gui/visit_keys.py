"""The Visits screen's keys: the list the main window's F1 shows, and the key hints on the form.

`SHORTCUT_HELP` is what `VisitsView.shortcut_help()` returns, as (keys, what
they do); `DETAILS_KEY` opens a service line's details; `hint()` makes the
small grey line of keys under the diagnoses and service-lines titles.
"""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from .theme import muted_color

DETAILS_KEY = "Ctrl+Shift+D"
DIAGNOSES_HINT = "Ctrl+D adds · in the list: Alt+↑/↓ reorders, Delete removes"
LINES_HINT = ("Enter goes to the next line · Ctrl+L adds a line · Ctrl+Delete removes one · "
              f"{DETAILS_KEY}: the line's NDC, from/to dates and EMG")

SHORTCUT_HELP: tuple[tuple[str, str], ...] = (
    ("Ctrl+S", "Save the visit"),
    ("Ctrl+Shift+S", "Save the visit and start the next one (same date, provider, facility)"),
    ("Enter", "Header fields: next field · Recent visits: open the visit · Claim check: go to the field"),
    ("Down / F4", "Open the list of matches in a patient, place-of-service, diagnosis or code field"),
    ("Enter / Tab (in a list)", "Take the highlighted match"),
    ("Esc (in a list)", "Close the list"),
    ("Alt+M", "Show or hide More: referring provider, prior authorization, accident (box 10), "
              "claim codes and dates (boxes 10d, 15, 16, 18), box 19"),
    ("Space", "Tick or untick a checkbox (accident, EMG)"),
    ("Ctrl+D", "Go to the diagnosis picker"),
    ("Alt+Up / Alt+Down", "Diagnosis list: move the diagnosis up or down (line pointers follow)"),
    ("Delete", "Diagnosis list: remove the diagnosis"),
    ("Ctrl+L", "Go to a new service line"),
    ("Enter (on a service line)", "Next line; on a blank last line, on to the copay"),
    (DETAILS_KEY, "Show or hide the current line's details: NDC, unit, quantity, from/to dates, EMG"),
    ("Ctrl+Delete", "Remove the current service line"),
    ("Alt+letter", "Go to the field whose label has that letter underlined"),
)


def hint(text: str) -> QLabel:
    """A small grey, wrapping line of key hints."""
    label = QLabel(text)
    label.setStyleSheet(f"color: {muted_color().name()}; font-size: 11px;")
    label.setWordWrap(True)
    return label
