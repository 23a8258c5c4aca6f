"""Runs the scenario table against the scenario office: each clean claim, each seeded scenario and its base.

`Audit.run(name, case)` runs a case once (results are kept by name: a base shared by several scenarios is
entered once); `Audit.clean(clean)` and `Audit.seeded(seeded)` say whether one passes and why not. The
test module and `bench/scrubber_audit.py` both use it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .scenario_model import Clean, Seeded, caught, describe
from .scenario_office import Case, Result, Template, run_case
from .scenarios import base_case, seeded_case


@dataclass
class Verdict:
    ok: bool
    why: str = ""  # what was found instead, when not ok
    kind: str = ""  # "missed", "false alarm", "base not clean", "refused" (a warning refused at entry)


@dataclass
class Audit:
    template: Template
    workroot: Path
    results: dict = field(default_factory=dict)
    seconds: list = field(default_factory=list)  # wall time of each case run

    def run(self, name: str, case: Case) -> Result:
        if name not in self.results:
            started = time.perf_counter()
            self.results[name] = run_case(self.template, case, self.workroot / name)
            self.seconds.append(time.perf_counter() - started)
        return self.results[name]

    def base(self, spec: str) -> Result:
        return self.run("clean-" + spec.replace("@", "-at-"), base_case(spec))

    def clean(self, clean: Clean) -> Verdict:
        result = self.run("clean-" + clean.name, clean.case)
        if result.refused or result.skipped or result.findings:
            return Verdict(False, describe(result), "false alarm")
        if result.visit_findings:
            return Verdict(False, "at visit entry: " + "; ".join(map(str, result.visit_findings)), "false alarm")
        return Verdict(True)

    def seeded(self, seeded: Seeded) -> Verdict:
        base = self.base(seeded.base)
        result = self.run("seeded-" + seeded.name, seeded_case(seeded))
        if not caught(seeded.expect, result):
            expected = f"expected {seeded.expect.severity} in box {'/'.join(seeded.expect.boxes)}" + (
                f" on {seeded.expect.field}" if seeded.expect.field else "")
            return Verdict(False, f"{expected}; found: {describe(result)}", "missed")
        if base.refused or base.skipped or base.findings:
            return Verdict(False, f"caught, but its clean base {seeded.base} has: {describe(base)}", "base not clean")
        return Verdict(True)
