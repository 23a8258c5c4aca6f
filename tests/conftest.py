"""Test set-up shared by the whole suite: headless Qt, a private data directory."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory, monkeypatch):
    """Every test gets its own OFFICEBILL_HOME so nothing touches the user's files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("OFFICEBILL_HOME", str(home))
    return home
