"""Printing claims to a file: marked printed only once the whole PDF is in place, owner-only; a failed
write changes no claim and leaves nothing that could pass for the new PDF."""
import errno
import os
import stat

import pytest

from officebill.core.problems import UserError
from officebill.core.records import ClaimStatus
from officebill.office import Office
from officebill.storage import durable

from .conftest import DEMO_TODAY, DEMO_UNBILLED


def _statuses(office):
    return {c.id: c.status for c in office.claims.list()}


@pytest.fixture
def ready_office(demo_office):
    demo_office.claims.make(today=DEMO_TODAY)
    return demo_office


def test_print_to_file_writes_an_owner_only_pdf_then_marks_printed(ready_office, tmp_path):
    target = tmp_path / "claims.pdf"
    outcome = ready_office.printing.print_to_file(target, mode="full", today=DEMO_TODAY)
    _, printed = outcome.value
    assert target.read_bytes().startswith(b"%PDF") and target.read_bytes().rstrip().endswith(b"%%EOF")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert {c.status for c in printed} == {ClaimStatus.PRINTED} and len(printed) == DEMO_UNBILLED
    assert [p for p in tmp_path.iterdir() if p.name != "claims.pdf" and not p.name.startswith("office")
            and p.name not in ("codes.db", "backups")] == []


def test_a_missing_folder_changes_no_claim(ready_office, tmp_path):
    before = _statuses(ready_office)
    with pytest.raises(UserError, match="does not exist"):
        ready_office.printing.print_to_file(tmp_path / "nowhere" / "claims.pdf", today=DEMO_TODAY)
    assert _statuses(ready_office) == before
    assert not (tmp_path / "nowhere").exists()


def test_a_full_disk_changes_no_claim_and_removes_the_old_pdf(ready_office, tmp_path, monkeypatch):
    target = tmp_path / "claims.pdf"
    target.write_bytes(b"%PDF-1.4 yesterday's claims")
    before = _statuses(ready_office)

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(durable.os, "fsync", disk_full)
    with pytest.raises(UserError, match="No space left"):
        ready_office.printing.print_to_file(target, today=DEMO_TODAY)
    assert _statuses(ready_office) == before  # nothing marked printed
    assert not target.exists()  # yesterday's PDF cannot pass for today's
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_a_printer_that_fails_changes_no_claim(ready_office):
    before = _statuses(ready_office)

    def jammed(pdf):
        raise UserError("The printer did not take the job.")

    with pytest.raises(UserError, match="printer"):
        ready_office.printing.print_claims(today=DEMO_TODAY, deliver=jammed)
    assert _statuses(ready_office) == before


def test_all_printed_says_so_instead_of_make_claims_first(ready_office):
    ready_office.printing.print_claims(today=DEMO_TODAY, deliver=lambda pdf: None)
    with pytest.raises(UserError, match="printed or sent already"):
        ready_office.printing.print_claims(today=DEMO_TODAY, deliver=lambda pdf: None)


def test_what_a_killed_print_left_is_removed_at_the_next_open(ready_office, tmp_path):
    folder = tmp_path / "pdf"
    folder.mkdir()
    ready_office.printing.print_to_file(folder / "monday.pdf", today=DEMO_TODAY)
    stale = folder / ".tuesday.pdf.officebill-k1ll3d_x.partial"  # what a print killed mid-write leaves
    stale.write_bytes(b"%PDF-1.4 half, with patient names")
    mine = folder / ".notes.partial"  # not ours: kept
    mine.write_bytes(b"x")
    ready_office.close()
    Office.open(ready_office.path).close()
    assert not stale.exists() and mine.exists() and (folder / "monday.pdf").exists()


def test_a_claim_changed_by_another_program_while_printing_is_not_marked(ready_office):
    first = ready_office.claims.list((ClaimStatus.READY,))[0]

    def meanwhile(pdf):  # the printer is slow; another program voids a claim (the lock is not held)
        with Office.open(ready_office.path) as other:
            other.claims.void(first.id, today=DEMO_TODAY)

    printed_before = ready_office.claims.list((ClaimStatus.PRINTED,))  # the demo year's claims
    with pytest.raises(UserError, match="changed in another window"):
        ready_office.printing.print_claims(today=DEMO_TODAY, deliver=meanwhile)
    assert ready_office.claims.list((ClaimStatus.PRINTED,)) == printed_before
