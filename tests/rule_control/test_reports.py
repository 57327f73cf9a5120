"""Suppressed findings in every report format: listed (JSON, SARIF, JUnit) or counted (text,
GitHub), never silently dropped, and never counted against the run. `--quiet` leaves out
what is not a finding: summaries, counts, 'wrote' lines."""

from __future__ import annotations

import io
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli

from chartgen.findings import Finding, Location, Report, Severity, Suppressed, Suppression
from chartgen.report import DEFAULT_OPTIONS, ReportOptions, Result, get_reporter

# The checks the report and diff tests make of each format, reused.
sys.path[:0] = [str(Path(__file__).resolve().parent.parent / d) for d in ("report", "diff")]
from test_diff_cli import schema_validator as diff_schema_validator  # noqa: E402
from test_report_cli import parse_json_report  # noqa: E402
from test_report_junit import check_counts  # noqa: E402
from test_report_sarif import check_sarif  # noqa: E402

SHOWN = Finding("IB303", Severity.WARNING, "no NetworkPolicy", "$.imageBuilder.buildkit",
                "enable it", Location("v.yaml", 4, 3))
HIDDEN = Finding("IB219", Severity.WARNING, "unbounded", "$.imageBuilder.buildkit.oci",
                 "set 4", Location("v.yaml", 7, 23))
INLINE = Suppressed(HIDDEN, Suppression("inline", "v.yaml:7:26", "small nodes"))
BY_CLI = Suppressed(
    Finding("IB402", Severity.WARNING, "no schema", "SecurityContextConstraints/x:$",
            "check it", Location("v.yaml", 12, 16)),
    Suppression("cli", "--disable IB402"),
)


def report() -> Report:
    return Report([SHOWN], ["v.yaml"], suppressed=[INLINE, BY_CLI])


def render(fmt: str, options: ReportOptions = DEFAULT_OPTIONS, strict: bool = False) -> str:
    stream = io.StringIO()
    reporter = get_reporter(fmt, stream, options=options)
    reporter.write(Result("v.yaml", report(), strict))
    reporter.flush()
    return stream.getvalue()


def test_suppressed_findings_do_not_count() -> None:
    only_suppressed = Report([], ["v.yaml"], suppressed=[INLINE, BY_CLI])
    assert only_suppressed.exit_code(strict=True) == 0
    assert report().exit_code(strict=True) == 1  # SHOWN, a warning


def test_text_counts_them_and_lists_them_when_asked() -> None:
    text = render("text")
    assert text.splitlines()[-2:] == [
        "2 findings suppressed (--show-suppressed to list)",
        "input: valid (0 errors, 1 warning)",
    ]
    listed = render("text", ReportOptions(show_suppressed=True)).splitlines()
    assert "v.yaml:7:23: warning: $.imageBuilder.buildkit.oci: unbounded [IB219] (suppressed by "\
        "v.yaml:7:26: small nodes)" in listed
    assert "v.yaml:12:16: warning: SecurityContextConstraints/x:$: no schema [IB402] "\
        "(suppressed by --disable IB402)" in listed
    assert not any("--show-suppressed" in line for line in listed)


def test_quiet_text_is_the_findings_only() -> None:
    assert render("text", ReportOptions(quiet=True)) == (
        "v.yaml:4:3: warning: $.imageBuilder.buildkit: no NetworkPolicy [IB303]\n"
        "    hint: enable it\n"
    )


def test_github_counts_them_in_a_plain_log_line_never_an_annotation() -> None:
    lines = render("github").splitlines()
    assert lines[0].startswith("::warning file=v.yaml,line=4,col=3,")
    assert lines[1:] == ["2 findings suppressed (--show-suppressed to list)"]
    listed = render("github", ReportOptions(show_suppressed=True)).splitlines()
    assert len(listed) == 3 and not any(line.startswith("::") for line in listed[1:])
    assert render("github", ReportOptions(quiet=True)).splitlines() == lines[:1]


def test_json_lists_them_apart_with_who_suppressed_them() -> None:
    document = parse_json_report(render("json"))
    [result] = document["results"]  # type: ignore[misc]
    assert [f["rule"] for f in result["findings"]] == ["IB303"]
    assert [(f["rule"], f["suppressed"]) for f in result["suppressed"]] == [
        ("IB219", {"by": "inline", "where": "v.yaml:7:26", "reason": "small nodes"}),
        ("IB402", {"by": "cli", "where": "--disable IB402", "reason": ""}),
    ]
    assert document["summary"] == {"errors": 0, "warnings": 1, "results": 1, "invalid": 0,
                                   "suppressed": 2}
    # --quiet does not cut a document short.
    assert render("json", ReportOptions(quiet=True)) == render("json")


def test_sarif_uses_its_own_suppressions() -> None:
    document = check_sarif(render("sarif"))
    results = {r["ruleId"]: r for r in document["runs"][0]["results"]}
    assert "suppressions" not in results["IB303"]
    assert results["IB219"]["suppressions"] == [
        {"kind": "inSource", "status": "accepted",
         "justification": "suppressed by v.yaml:7:26: small nodes"}
    ]
    assert results["IB402"]["suppressions"] == [
        {"kind": "external", "status": "accepted",
         "justification": "suppressed by --disable IB402"}
    ]
    assert results["IB402"]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 12, "startColumn": 16}


def test_junit_reports_them_as_skipped_testcases() -> None:
    root = ET.fromstring(render("junit", strict=True).split("\n", 1)[1])
    check_counts(root)
    [suite] = root
    assert suite.get("skipped") == "2"
    assert suite.get("failures") == "1"  # IB303 under --strict
    skipped = [case for case in suite if case.find("skipped") is not None]
    assert [case.get("classname") for case in skipped] == [
        "IB219 max-parallelism-unbounded", "IB402 manifest-skipped"]
    assert skipped[0].find("skipped").get("message") == (  # type: ignore[union-attr]
        "suppressed by v.yaml:7:26: small nodes")


# -- through the commands ------------------------------------------------------------------------

VALUES = """\
imageBuilder:
  authenticationType: noop
  defaultRepository: registry.example.com/union/builds
  buildkit:
    oci:
      maxParallelism: 0  # chartgen: disable=IB219
"""


@pytest.fixture
def values(tmp_path: Path) -> str:
    path = tmp_path / "values.yaml"
    path.write_text(VALUES)
    return str(path)


def test_validate_quiet_and_show_suppressed(values: str) -> None:
    plain = run_cli("validate", "--no-config", values)
    assert plain.stdout.splitlines()[-2:] == [
        "1 finding suppressed (--show-suppressed to list)",
        "input: valid (0 errors, 1 warning)",
    ]
    quiet = run_cli("validate", "--no-config", "-q", values)
    assert quiet.exit_code == 0
    assert [line for line in quiet.stdout.splitlines() if not line.startswith("    ")] == [
        f"{values}:4:3: warning: $.imageBuilder.buildkit.networkPolicy.enabled: privileged "
        "buildkitd has no NetworkPolicy: any pod in the cluster that reaches port 1234 runs "
        "builds as root on the node [IB303]"
    ]


@pytest.mark.parametrize("command", ["render", "chart"])
def test_writing_commands_say_nothing_but_findings_when_quiet(
    values: str, tmp_path: Path, command: str
) -> None:
    out = tmp_path / "out"
    loud = run_cli(command, "--no-config", values, "--output-dir", str(out))
    assert loud.exit_code == 0, loud.stderr
    assert "wrote " in loud.stderr and "1 finding suppressed" in loud.stderr
    quiet = run_cli(command, "--no-config", "--quiet", values, "--output-dir", str(out),
                    "--force")
    assert quiet.exit_code == 0, quiet.stderr
    assert "wrote " not in quiet.stderr and "suppressed" not in quiet.stderr
    assert "[IB303]" in quiet.stderr


def test_diff_json_lists_suppressed_findings(values: str, tmp_path: Path) -> None:
    result = run_cli("diff", "--no-config", values, "--to-set",
                     "imageBuilder.buildkit.replicaCount=2", "-o", "json")
    assert result.exit_code == 1  # something changes
    document: dict[str, Any] = json.loads(result.stdout)
    diff_schema_validator().validate(document)
    assert [f["rule"] for f in document["suppressed"]] == ["IB219"]
    assert document["summary"]["suppressed"] == 1
    text = run_cli("diff", "--no-config", values, "--to-set",
                   "imageBuilder.buildkit.replicaCount=2")
    assert "1 finding suppressed (--show-suppressed to list)" in text.stdout
    assert text.stdout.splitlines()[-1].startswith("diff: ")
    quiet = run_cli("diff", "--no-config", "-q", values, "--to-set",
                    "imageBuilder.buildkit.replicaCount=2")
    assert "suppressed" not in quiet.stdout and "diff: " not in quiet.stdout
