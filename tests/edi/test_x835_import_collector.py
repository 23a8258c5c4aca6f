"""An 835 import pauses Python's garbage collector while it runs (for speed) and always starts it again."""
from __future__ import annotations

import gc

import pytest

from officebill.core.problems import ValidationFailed

from .era_files import answer, era
from .remit_office import TODAY, claim_of, write


class _Watch:
    """Whether the collector was running while the import read the file."""

    def __init__(self, monkeypatch):
        from officebill.office import remittance_service
        self.seen: list[bool] = []
        read = remittance_service.read_835

        def watched(raw):
            self.seen.append(gc.isenabled())
            return read(raw)
        monkeypatch.setattr(remittance_service, "read_835", watched)


def test_paused_during_an_import_and_running_after_it_posts_or_is_refused(books, tmp_path, monkeypatch):
    watch = _Watch(monkeypatch)
    clp = answer(claim_of(books), [(100, [("CO", "45", 50)]), (20, [])])
    assert gc.isenabled()
    books.office.remittances.import_835(write(tmp_path, era([clp])), today=TODAY)
    assert gc.isenabled()
    with pytest.raises(ValidationFailed):  # the same file again
        books.office.remittances.import_835(write(tmp_path, era([clp])), today=TODAY)
    assert gc.isenabled()
    with pytest.raises(ValidationFailed):  # not an 835: refused while reading
        books.office.remittances.import_835(write(tmp_path, "not X12"), today=TODAY)
    assert gc.isenabled() and watch.seen == [False, False, False]


def test_left_off_when_it_was_off(books, tmp_path):
    clp = answer(claim_of(books), [(100, [("CO", "45", 50)]), (20, [])])
    gc.disable()
    try:
        books.office.remittances.import_835(write(tmp_path, era([clp])), today=TODAY, dry_run=True)
        assert not gc.isenabled()
    finally:
        gc.enable()
