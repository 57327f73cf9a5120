"""Helpers for rule tests, where a case is data: values YAML and where the rule must fire.

Rule test modules list cases as `(rule ID, values YAML, [(line, column), ...])`; an empty list
means the rule must stay quiet. `assert_rule` validates the YAML through the real pipeline
(load → schema → model → rules) and checks ID, severity and the exact `file:line:col`.

A plain module rather than a conftest.py: a second `conftest` module would shadow the
`from conftest import run_cli` of test modules collected after this directory.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

from chartgen.findings import Finding
from chartgen.validate import validate_sources
from chartgen.values.loader import ValueSources


def findings_of(tmp_path: Path, source: str) -> tuple[str, list[Finding]]:
    """Validate YAML text written to a file; return the file name and every finding."""
    path = tmp_path / "values.yaml"
    path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    validation = validate_sources(ValueSources(files=[str(path)]))
    return str(path), validation.report.sorted()


def only(tmp_path: Path, rule: str, source: str) -> Finding:
    """The one finding `rule` reports for `source`."""
    _, findings = findings_of(tmp_path, source)
    (finding,) = [f for f in findings if f.rule == rule]
    return finding


def assert_rule(
    tmp_path: Path, rule: str, source: str, expected: Sequence[tuple[int, int]]
) -> list[Finding]:
    """Assert that `rule` fires exactly at `expected` positions; return its findings."""
    from chartgen.rules import get_rule

    name, findings = findings_of(tmp_path, source)
    # The case must reach the rules: no loading or schema error may stop it earlier.
    early = [f for f in findings if f.rule < "IB200" and f.severity.value == "error"]
    assert not early, [f"{f.location}: {f.message}" for f in early]
    fired = [f for f in findings if f.rule == rule]
    assert [str(f.location) for f in fired] == [
        f"{name}:{line}:{column}" for line, column in expected
    ], [f"{f.location}: {f.message}" for f in fired]
    severity = get_rule(rule).severity
    assert all(f.severity is severity for f in fired)
    assert all(f.message and f.hint for f in fired)
    return fired
