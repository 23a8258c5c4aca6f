"""The field paths each scrubber rule can name, read from the rule's source (for the finding-places test).

`raised_paths(rule)` walks the AST of the rule's check function for `error(box, path, ...)` and
`warning(...)` calls and evaluates the path argument: string literals, f-strings (an unknown value
in braces reads as "0", an index), conditional expressions (both branches), names assigned or
looped over in the function, and helpers of the rule's module called with `yield from` (their
parameters bound to the call's arguments). What cannot be read comes back as "?name", so the test
names the rule instead of passing it by.
"""
from __future__ import annotations

import ast
import inspect
import itertools
import sys
import textwrap

_KNOWN_HELPERS = {"_line": lambda args: {f"lines[0].{part}" for part in args[1]},
                  "dx_field": lambda args: {"visit.diagnoses[0]"}}


def raised_paths(check) -> set[str]:
    """Every field path `check` (a rule's function) can give its findings."""
    module = sys.modules[check.__module__]
    return _function_paths(check, module, {})


def _function_paths(function, module, bound: dict[str, set[str]]) -> set[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    env = dict(bound)
    for node in ast.walk(tree):  # assignments and loops: every value a name may take
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            env.setdefault(node.targets[0].id, set()).update(_values(node.value, env, module))
        elif isinstance(node, ast.For):
            _bind_loop(node.target, node.iter, env, module)
    paths: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        if isinstance(node.func, ast.IfExp):  # (error if ... else warning)(box, path, ...)
            name = "error" if {getattr(b, "id", "") for b in (node.func.body, node.func.orelse)} <= {
                "error", "warning"} else ""
        if name in ("error", "warning") and len(node.args) >= 2:
            paths |= _values(node.args[1], env, module)
        elif name and isinstance(getattr(module, name, None), type(raised_paths)) and name not in _KNOWN_HELPERS \
                and _is_yielded_from(tree, node):
            helper = getattr(module, name)
            parameters = list(inspect.signature(helper).parameters)
            args = {parameters[i]: _values(arg, env, module) for i, arg in enumerate(node.args) if i < len(parameters)}
            paths |= _function_paths(helper, module, args)
    return paths


def _is_yielded_from(tree, call) -> bool:
    return any(isinstance(node, ast.YieldFrom) and node.value is call for node in ast.walk(tree))


def _bind_loop(target, iterable, env, module) -> None:
    if not isinstance(iterable, (ast.Tuple, ast.List)):
        return
    for element in iterable.elts:
        if isinstance(target, ast.Name):
            env.setdefault(target.id, set()).update(_values(element, env, module))
        elif isinstance(target, ast.Tuple) and isinstance(element, ast.Tuple):
            for name, value in zip(target.elts, element.elts):
                if isinstance(name, ast.Name):
                    env.setdefault(name.id, set()).update(_values(value, env, module))


def _values(node, env, module) -> set[str]:
    """The strings `node` may stand for."""
    if isinstance(node, ast.Constant):
        return {str(node.value)}
    if isinstance(node, ast.IfExp):
        return _values(node.body, env, module) | _values(node.orelse, env, module)
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append({str(value.value)})
            elif isinstance(value.value, ast.Name) and value.value.id in env:
                parts.append(env[value.value.id])
            else:
                parts.append({"0"})  # an index or a count
        return {"".join(combination) for combination in itertools.product(*parts)}
    if isinstance(node, ast.Name):
        if node.id in env:
            return env[node.id]
        constant = getattr(module, node.id, None)
        return {constant} if isinstance(constant, str) else {f"?{node.id}"}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _KNOWN_HELPERS:
        return _KNOWN_HELPERS[node.func.id]([_values(arg, env, module) for arg in node.args])
    return {f"?{ast.unparse(node)}"}
