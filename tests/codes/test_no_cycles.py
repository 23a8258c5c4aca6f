"""The codes package has no import cycle between its own modules (deferred imports inside functions count)."""
from __future__ import annotations

import ast
from pathlib import Path

import officebill.codes

PACKAGE = Path(officebill.codes.__file__).parent


def internal_imports(path: Path) -> set[str]:
    """Modules of officebill.codes that a module imports, anywhere in its body."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("officebill.codes."):
            found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[2] for a in node.names if a.name.startswith("officebill.codes."))
    return found


def graph() -> dict[str, set[str]]:
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    return {m: internal_imports(PACKAGE / f"{m}.py") & modules for m in modules}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                found.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return found


def test_no_import_cycle_inside_codes():
    edges = graph()
    assert edges["hcpcs_import"] >= {"builder", "hcpcs_store"}  # the checker sees the edges
    assert cycles(edges) == []


def test_checker_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
