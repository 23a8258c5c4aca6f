"""CodeSource (what the code pickers list) takes the facade's answers as they are: a failed look-up
surfaces instead of reading as "billable" or a blank description, and nothing is guessed before the
code lists are built."""
from __future__ import annotations

import pytest

from officebill.codes import Hit
from officebill.gui.code_sources import CodeSource


class Damaged(Exception):
    """Stands for sqlite3.DatabaseError from a damaged codes.db."""


class FakeCodes:
    def __init__(self, *, ready=True, fail=False):
        self._ready, self._fail = ready, fail

    def ready(self):
        return self._ready

    def _look(self, value):
        if self._fail:
            raise Damaged("file is not a database")
        return value

    def describe(self, code, system="icd10cm"):
        return self._look({"E11.9": "Type 2 diabetes mellitus without complications"}.get(code))

    def is_billable(self, code, system="icd10cm"):
        return self._look(code == "E11.9")

    def hit(self, code, system="icd10cm"):
        return self._look(Hit(code, "Office", True, system) if code == "11" else None)

    def notes(self, code):
        return self._look([])

    def seventh_characters(self, code):
        return self._look([])

    def children(self, code, system="icd10cm"):
        return self._look([])


class FakeVisits:
    def recent_diagnoses(self, patient_id):
        return ["E11.9"]

    def most_used_diagnoses(self):
        return ["E11", "E11.9"]


class FakeOffice:
    def __init__(self, codes):
        self.codes = codes
        self.visits = FakeVisits()


def test_a_failed_look_up_surfaces_instead_of_reading_as_billable_or_blank():
    source = CodeSource(FakeOffice(FakeCodes(fail=True)), "icd10cm", lambda: 1)
    with pytest.raises(Damaged):
        source.is_billable("E11")
    with pytest.raises(Damaged):
        source.describe("E11.9")
    with pytest.raises(Damaged):
        source.suggestions()
    pos = CodeSource(FakeOffice(FakeCodes(fail=True)), "pos")
    with pytest.raises(Damaged):
        pos.suggestions()


def test_billable_is_what_the_code_lists_say():
    source = CodeSource(FakeOffice(FakeCodes()), "icd10cm", lambda: 1)
    assert source.is_billable("E11.9") is True
    assert source.is_billable("E11") is False
    assert source.is_billable("ZZZ.9") is False  # a code the lists do not hold is not billable
    rows = [r for r in source.suggestions() if r.kind == "hit"]
    assert [(r.code, r.billable) for r in rows] == [("E11.9", True), ("E11", False)]
    assert source.describe("ZZZ.9") == ""


def test_before_the_code_lists_are_built_nothing_is_claimed_billable():
    source = CodeSource(FakeOffice(FakeCodes(ready=False)), "icd10cm", lambda: 1)
    assert source.is_billable("E11.9") is False
    assert source.suggestions() == []
    assert "still being prepared" in source.empty_message(typed=False)
