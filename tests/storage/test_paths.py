"""Naming the data folder or the default office path creates nothing (issue 13, defect 3)."""
from officebill.paths import codes_path, data_dir, default_office_path


def test_a_mistyped_home_leaves_no_trace(tmp_path, monkeypatch):
    home = tmp_path / "typo" / "home"
    monkeypatch.setenv("OFFICEBILL_HOME", str(home))
    assert data_dir() == home
    assert default_office_path() == home / "office.db"
    assert codes_path() == home / "codes.db"
    assert list(tmp_path.iterdir()) == []
