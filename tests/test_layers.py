"""The layers of ARCHITECTURE.md hold: gui -> office -> claims | codes -> storage -> core."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "officebill"

# What each layer may not import (absolute `officebill.x` or relative `..x`).
FORBIDDEN = {
    "core": ("PySide6", "sqlite3", "sqlite_utils", "officebill.storage", "officebill.codes", "officebill.claims",
             "officebill.office", "officebill.gui"),
    "storage": ("PySide6", "officebill.codes", "officebill.claims", "officebill.office", "officebill.gui"),
    "codes": ("PySide6", "officebill.storage", "officebill.claims", "officebill.office", "officebill.gui"),
    "claims": ("PySide6", "sqlite3", "sqlite_utils", "officebill.storage", "officebill.codes", "officebill.office",
               "officebill.gui"),
}


def _imports(source: Path) -> set[str]:
    """Every module a file imports, relative imports resolved against its package."""
    package = ".".join(source.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(source.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            found.add(".".join([*base, node.module] if node.module else base))
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_lies_below(layer):
    for source in (PACKAGE / layer).rglob("*.py"):
        for name in _imports(source):
            bad = [f for f in FORBIDDEN[layer] if name == f or name.startswith(f + ".")]
            assert not bad, f"{source.relative_to(PACKAGE)} imports {name}"


def test_qt_only_in_gui():
    for source in PACKAGE.rglob("*.py"):
        if source.parent.name == "gui":
            continue
        assert not any(n.startswith("PySide6") for n in _imports(source)), source.relative_to(PACKAGE)
