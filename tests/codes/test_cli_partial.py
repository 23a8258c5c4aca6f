"""officebill-cli codes import-hcpcs: a cut-down file is refused with a message naming --partial; exit 1."""
from __future__ import annotations

import shutil

from officebill.cli import main
from officebill.paths import codes_path

from .release_files import SAMPLE, write_whole_release


def test_cut_down_file_is_refused_unless_partial_and_a_whole_release_replaces(built_db, tmp_path, capsys):
    office = tmp_path / "office.db"
    shutil.copy(built_db, codes_path(office))
    before = codes_path(office).read_bytes()
    assert main(["--db", str(office), "codes", "import-hcpcs", str(SAMPLE)]) == 1
    err = capsys.readouterr().err
    assert "not a whole CMS HCPCS release" in err and "--partial" in err and "Traceback" not in err
    assert codes_path(office).read_bytes() == before
    assert main(["--db", str(office), "codes", "import-hcpcs", str(write_whole_release(tmp_path / "w.txt"))]) == 0
    assert "imported 5012 HCPCS codes and 3 modifiers" in capsys.readouterr().err
