"""Every report format through the real CLI: same verdict and exit code, whatever the format.

The format changes how findings are written, never which findings there are or how the run
ends. Each document format is also parsed back here (JSON against `schemas/report.schema.json`).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

FORMATS = ("text", "json", "github", "sarif", "junit")

VALID = """\
imageBuilder:
  authenticationType: aws
  defaultRepository: 123456789012.dkr.ecr.us-east-2.amazonaws.com/union-builds
"""
INVALID = """\
imageBuilder:
  authenticationtype: aws
  buildkit:
    replicaCount: "two"
"""
# Only warnings: a `{{ .Values.x }}` look-up of a value nobody set.
WARNING_ONLY = """\
storage:
  bucketName: "{{ .Values.global.NOT_SET }}"
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    paths = {}
    for name, text in (("valid", VALID), ("invalid", INVALID), ("warning", WARNING_ONLY)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths[name] = str(path)
    paths["missing"] = str(tmp_path / "missing.yaml")
    return paths


def report_schema() -> dict[str, object]:
    schema: dict[str, object] = json.loads(
        (ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8")
    )
    return schema


def parse_json_report(stdout: str) -> dict[str, object]:
    from jsonschema import Draft202012Validator

    document: dict[str, object] = json.loads(stdout)
    Draft202012Validator(report_schema()).validate(document)
    return document


def parse_output(fmt: str, stdout: str) -> object:
    """Parse (and so check) what a format printed."""
    if fmt == "json":
        return parse_json_report(stdout)
    if fmt == "sarif":
        return json.loads(stdout)
    if fmt == "junit":
        return ET.fromstring(stdout.encode("utf-8"))
    if fmt == "github":
        for line in stdout.splitlines():
            assert line.startswith(("::error ", "::warning ", "::notice ")), line
    return stdout


CASES = [
    pytest.param(["valid"], [], 0, id="valid"),
    pytest.param(["invalid"], [], 1, id="invalid"),
    pytest.param(["warning"], [], 0, id="warning"),
    pytest.param(["warning"], ["--strict"], 1, id="warning-strict"),
    pytest.param(["valid", "invalid"], [], 1, id="merged"),
    pytest.param(["valid", "invalid", "warning"], ["--each"], 1, id="each"),
    pytest.param(["valid", "warning"], ["--each"], 0, id="each-valid"),
    pytest.param(["valid", "missing"], ["--each"], 3, id="each-unreadable"),
    pytest.param(["missing"], [], 3, id="unreadable"),
]


@pytest.mark.parametrize("names, flags, expected", CASES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_exit_code_does_not_depend_on_format(
    files: dict[str, str], names: list[str], flags: list[str], expected: int, fmt: str
) -> None:
    result = run_cli("validate", "-o", fmt, *flags, *[files[n] for n in names])
    assert result.exception is None, result.exception
    assert result.exit_code == expected, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    parse_output(fmt, result.stdout)


@pytest.mark.parametrize("fmt", FORMATS)
def test_stdin_is_reported_in_every_format(fmt: str) -> None:
    result = run_cli("validate", "-o", fmt, "-", input="imageBuilder:\n  enabled: 1\n")
    assert result.exit_code == 1
    parsed = parse_output(fmt, result.stdout)
    if isinstance(parsed, ET.Element):
        assert "<stdin>" in "".join(parsed.itertext())
    else:
        assert "<stdin>" in result.stdout


def test_usage_errors_keep_exit_2() -> None:
    result = run_cli("validate", "-o", "yaml", "x.yaml")
    assert result.exit_code == 2
    assert "unknown --output" in result.stderr


def test_json_each_gives_one_result_per_file(files: dict[str, str]) -> None:
    result = run_cli(
        "validate", "-o", "json", "--each", files["valid"], files["invalid"], files["warning"]
    )
    document = parse_json_report(result.stdout)
    results = document["results"]
    assert isinstance(results, list)
    assert [r["subject"] for r in results] == [files["valid"], files["invalid"], files["warning"]]
    assert [r["valid"] for r in results] == [True, False, True]
    assert [r["checked"] for r in results] == [
        [files["valid"]], [files["invalid"]], [files["warning"]]
    ]
    invalid_findings = {
        (f["rule"], f["path"], f["line"], f["column"]) for f in results[1]["findings"]
    }
    assert ("IB101", "$.imageBuilder.authenticationtype", 2, 3) in invalid_findings
    assert ("IB100", "$.imageBuilder.buildkit.replicaCount", 4, 19) in invalid_findings
    summary = document["summary"]
    assert summary == {
        "errors": sum(f["severity"] == "error" for r in results for f in r["findings"]),
        "warnings": sum(f["severity"] == "warning" for r in results for f in r["findings"]),
        "results": 3,
        "invalid": 1,
        "suppressed": 0,
    }


def test_json_document_shape(files: dict[str, str]) -> None:
    result = run_cli("validate", "-o", "json", files["invalid"])
    assert result.stdout.endswith("}\n")
    document = parse_json_report(result.stdout)
    assert list(document) == ["version", "tool", "results", "summary"]
    results = document["results"]
    assert isinstance(results, list)
    assert list(results[0]) == ["subject", "valid", "checked", "findings", "suppressed"]
    assert list(results[0]["findings"][0]) == [
        "rule", "severity", "message", "hint", "path", "file", "line", "column"
    ]
    # Deterministic: the same input gives byte-identical output.
    assert run_cli("validate", "-o", "json", files["invalid"]).stdout == result.stdout


def test_json_keeps_non_ascii(tmp_path: Path) -> None:
    path = tmp_path / "café.yaml"
    path.write_text("imageBuilder:\n  régistryName: x\n", encoding="utf-8")
    result = run_cli("validate", "-o", "json", str(path))
    assert result.exit_code == 1
    assert "café.yaml" in result.stdout and "régistryName" in result.stdout
    parse_json_report(result.stdout)


def test_json_strict_marks_warning_results_invalid(files: dict[str, str]) -> None:
    relaxed = parse_json_report(run_cli("validate", "-o", "json", files["warning"]).stdout)
    strict = parse_json_report(
        run_cli("validate", "-o", "json", "--strict", files["warning"]).stdout
    )
    assert relaxed["results"][0]["valid"] is True  # type: ignore[index]
    assert strict["results"][0]["valid"] is False  # type: ignore[index]
    assert strict["summary"]["invalid"] == 1  # type: ignore[index]
    assert relaxed["summary"]["warnings"] >= 1  # type: ignore[index]
