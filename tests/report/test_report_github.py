"""GitHub Actions annotations: one command per finding, escaped the way the runner unescapes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import run_cli

from chartgen.findings import Finding, Location, Report, Severity
from chartgen.report import Result, get_reporter
from chartgen.report.github_format import escape_data, escape_property, format_annotation

COMMAND = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Parse a workflow command the way the Actions runner does (split, then unescape)."""
    match = COMMAND.match(line)
    assert match, line
    props = {}
    for pair in match["props"].split(","):
        name, _, value = pair.partition("=")
        props[name] = unescape_property(value)
    return match["level"], props, unescape_data(match["message"])


def render(*findings: Finding, strict: bool = False) -> list[str]:
    stream = io.StringIO()
    reporter = get_reporter("github", stream)
    reporter.write(Result("values.yaml", Report(list(findings), ["values.yaml"]), strict))
    reporter.flush()
    return stream.getvalue().splitlines()


def test_escaping_matches_actions_toolkit() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    # `%` first, so an escape is never escaped twice.
    assert escape_data("%0A") == "%250A"


def test_annotation_with_location() -> None:
    finding = Finding(
        "IB100", Severity.ERROR, "replicaCount must be an integer", "$.imageBuilder.x",
        "Write a number.", Location("values.yaml", 4, 19),
    )
    assert format_annotation(finding) == (
        "::error file=values.yaml,line=4,col=19,title=IB100 schema::"
        "replicaCount must be an integer (Write a number.)"
    )


@pytest.mark.parametrize(
    "severity, level",
    [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")],
)
def test_levels(severity: Severity, level: str) -> None:
    (line,) = render(Finding("IB010", severity, "m", location=Location("v.yaml", 1, 1)))
    assert line.startswith(f"::{level} ")


def test_hostile_text_round_trips() -> None:
    message = "50% of a,b: c\r\nsecond line ::error file=x::injected"
    finding = Finding(
        "IB001", Severity.ERROR, message, hint="fix: it, now",
        location=Location("dir,with:odd%name.yaml", 2, 3),
    )
    (line,) = render(finding)
    assert "\n" not in line and "\r" not in line
    level, props, text = parse_command(line)
    assert level == "error"
    assert props == {
        "file": "dir,with:odd%name.yaml", "line": "2", "col": "3", "title": "IB001 yaml-syntax"
    }
    assert text == f"{message} (fix: it, now)"


def test_findings_without_a_file_omit_file_and_line() -> None:
    lines = render(
        Finding("IB008", Severity.ERROR, "bad --set", "$", location=Location("--set a=b", 1, 3)),
        Finding("IB102", Severity.ERROR, "missing", "$.imageBuilder", location=None),
        Finding("IB010", Severity.WARNING, "kept", "$.x", location=Location("<stdin>", 2, 5)),
    )
    parsed = [parse_command(line) for line in lines]
    for _, props, _ in parsed:
        assert set(props) == {"title"}
    messages = [message for _, _, message in parsed]
    assert any(m.startswith("<values>: $.imageBuilder: missing") for m in messages)
    assert any(m.startswith("<stdin>:2:5: $.x: kept") for m in messages)
    assert any(m.startswith("--set a=b:1:3: $: bad --set") for m in messages)


def test_unknown_rule_gets_its_id_as_title() -> None:
    (line,) = render(Finding("ZZ999", Severity.WARNING, "m", location=Location("v.yaml", 1)))
    assert parse_command(line)[1] == {"file": "v.yaml", "line": "1", "title": "ZZ999"}


def test_valid_input_prints_nothing() -> None:
    assert render() == []


def test_cli_each(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("imageBuilder:\n  enabled: true\n", encoding="utf-8")
    bad = tmp_path / "bad, really.yaml"
    bad.write_text("imageBuilder:\n  enabled: true\n  enabled: false\n", encoding="utf-8")
    result = run_cli("validate", "-o", "github", "--each", str(good), str(bad))
    assert result.exit_code == 1
    commands = [parse_command(line) for line in result.stdout.splitlines()]
    errors = [c for c in commands if c[0] == "error"]
    assert len(errors) == 1
    _, props, message = errors[0]
    assert props == {"file": str(bad), "line": "3", "col": "3", "title": "IB002 duplicate-key"}
    assert "duplicate key 'enabled'" in message
