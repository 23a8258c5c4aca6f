"""The facade's code service: a damaged code database is a message saying how to rebuild it, not a traceback."""
import shutil

import pytest

from officebill.core.problems import UserError
from officebill.office import CodeDatabaseError, CodeService


def test_a_damaged_code_database_says_how_to_rebuild_it(codes_db, tmp_path):
    path = tmp_path / "codes.db"
    shutil.copy(codes_db, path)
    with CodeService(path) as codes:
        assert codes.hit("E11.9").billable  # sound: answers
    data = bytearray(path.read_bytes())
    for offset in range(8192, len(data), 4096):  # scribble over every page after the first two
        data[offset:offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    with CodeService(path) as codes, pytest.raises(CodeDatabaseError, match="codes build") as caught:
        for text in ("diabetes", "E11.9", "chest pain"):
            codes.search(text)
            codes.hit(text)
    assert isinstance(caught.value, UserError)
