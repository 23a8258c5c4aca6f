"""Files that hold patient data are created readable by their owner only (0600), whatever the umask allows."""
import os
import stat

import pytest

from officebill.core.problems import UserError


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    """A umask that would make a plainly created file readable by everyone (0644)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_backups_statements_claims_and_audit_exports_are_owner_only(demo_office, tmp_path, open_umask):
    patient = demo_office.patients.find("", limit=1)[0]
    out = tmp_path / "out"
    out.mkdir()
    written = [demo_office.backups.make(out)]
    demo_office.statements.preview(patient.id, out / "statement.pdf")
    written.append(out / "statement.pdf")
    demo_office.audit.export_csv(out / "audit.csv")
    written.append(out / "audit.csv")
    try:
        demo_office.printing.print_to_file(out / "claims.pdf")
        written.append(out / "claims.pdf")
    except UserError:  # no claim ready to print in this demo
        pass
    try:
        batches = demo_office.edi.export_837(out, all_ready=True).value
        written += [b.path for b in batches if getattr(b, "path", None)]
    except UserError:  # no clearinghouse claims ready
        pass
    assert len(written) >= 3
    assert {path.name: _mode(path) for path in written} == {path.name: 0o600 for path in written}
    assert [p.name for p in out.iterdir() if _mode(p) != 0o600] == []


def test_the_compacted_copy_is_owner_only_from_its_first_byte(demo_office, monkeypatch, open_umask):
    from officebill.office import optimize_office_file
    from officebill.storage import restore

    modes = []
    swap = restore.restore_office

    def watching(source, target, *args, **kwargs):
        modes.append(_mode(source))  # the VACUUM INTO copy, before it replaces the office
        return swap(source, target, *args, **kwargs)

    monkeypatch.setattr(restore, "restore_office", watching)
    path = demo_office.path
    demo_office.close()
    optimize_office_file(path, compact=True)
    assert modes == [0o600] and _mode(path) == 0o600
