"""Words the office adds per procedure (issue 15): kept with the procedure, read and written in the CSV,
checked, and found by the procedure search (migration 0013_procedure_synonyms)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from officebill.core.money import Money
from officebill.core.problems import ValidationFailed
from officebill.core.procedure_csv import COLUMNS, read_procedure_csv, write_procedures
from officebill.core.records import Procedure
from officebill.storage.migrations import MIGRATIONS

SUGAR = Procedure(code="82962", label="Glucose by meter", charge=Money(900), synonyms="sugar check, dextro")


@pytest.mark.skipif("0013_procedure_synonyms" not in dict(MIGRATIONS),
                    reason="migration 0013_procedure_synonyms (and the ProcedureStore column) not committed yet")
def test_the_office_words_are_kept_and_found(office_with_codes):
    office = office_with_codes
    saved = office.procedures.save(SUGAR).value
    assert office.procedures.get("82962").synonyms == "sugar check, dextro"
    assert [h.code for h in office.codes.office_procedures("dextro")] == ["82962"]
    assert [h.code for h in office.codes.office_procedures("sugar ch")] == ["82962"]
    office.procedures.save(replace(saved, synonyms=""))  # cleared: no longer found by those words
    assert office.procedures.get("82962").synonyms == ""
    assert office.codes.office_procedures("dextro") == []


def test_too_long_or_multi_line_words_name_the_field(office_with_codes):
    for words in ("x" * 251, "sugar\ncheck"):
        with pytest.raises(ValidationFailed) as caught:
            office_with_codes.procedures.save(replace(SUGAR, synonyms=words))
        assert [p.field for p in caught.value.problems] == ["synonyms"]


def test_the_csv_reads_and_writes_the_optional_column():
    plain = Procedure(code="99213", label="Established patient visit", charge=Money(12500))
    assert write_procedures([plain]).splitlines()[0] == ",".join(COLUMNS)  # unchanged without words
    text = write_procedures([plain, SUGAR])
    assert text.splitlines()[0] == ",".join(COLUMNS) + ",synonyms"
    read = read_procedure_csv(text)
    assert not read.problems
    assert [p.synonyms for p in read.procedures] == ["", "sugar check, dextro"]
    old_file = read_procedure_csv(",".join(COLUMNS) + "\n99213,CPT,Visit,125.00,1,yes,yes\n")
    assert not old_file.problems and old_file.procedures[0].synonyms == ""
