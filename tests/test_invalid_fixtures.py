"""Every fixture in fixtures/invalid/ fails `chartgen validate` with the finding it names.

Each fixture is one small mistake; its first line says what chartgen must report:

    # expect: IB201 4:22          the finding's rule and its line:column (or just the line)
    # expect: IB202 4:22 strict   a warning: the run fails only with --strict
    # expect: IB232 4:16 strict --kube-version 1.32    options the finding depends on

The test drives the real CLI and also insists on a clean failure: exit code 1 and no
Python traceback, whatever the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
_EXPECT = re.compile(
    r"^# expect: (?P<rule>IB\d{3}) (?P<line>\d+)(?::(?P<col>\d+))?(?P<strict> strict)?"
    r"(?P<args>(?: --[a-z-]+ [^ ]+)*)\s*$"
)


@dataclass(frozen=True)
class Expectation:
    rule: str
    line: int
    column: int | None
    strict: bool
    args: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        return f"{self.line}" if self.column is None else f"{self.line}:{self.column}"


def expectation(path: Path) -> Expectation:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace")
    match = _EXPECT.match(first)
    assert match, f"{path.name}: first line must be '# expect: IBxxx LINE[:COL] [strict]'"
    column = match["col"]
    return Expectation(
        match["rule"], int(match["line"]), int(column) if column else None,
        bool(match["strict"]), tuple(match["args"].split()),
    )


def test_there_is_a_fixture_per_mistake() -> None:
    rules = {expectation(path).rule for path in INVALID}
    assert len(INVALID) >= 40
    # Every cross-field rule has at least one invalid fixture showing it.
    from chartgen.rules import all_rules

    assert {r.id for r in all_rules()} <= rules


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture(path: Path) -> None:
    expect = expectation(path)
    args = ["validate", str(path), *expect.args] + (["--strict"] if expect.strict else [])
    result = run_cli(*args)
    output = result.stdout + result.stderr
    assert result.exception is None, repr(result.exception)
    assert "Traceback" not in output
    assert result.exit_code == 1, output
    located = [
        line
        for line in output.splitlines()
        if line.startswith(f"{path}:{expect.where}:") or line.startswith(f"{path}:{expect.where} ")
    ]
    assert any(line.endswith(f"[{expect.rule}]") for line in located), output
