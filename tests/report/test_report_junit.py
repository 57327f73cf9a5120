"""JUnit XML output: well-formed, one suite per subject, one testcase per finding."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import run_cli

from chartgen.findings import Finding, Location, Report, Severity
from chartgen.report import Result, get_reporter


def render(*results: Result) -> ET.Element:
    stream = io.StringIO()
    reporter = get_reporter("junit", stream)
    for result in results:
        reporter.write(result)
    reporter.flush()
    text = stream.getvalue()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def check_counts(root: ET.Element) -> None:
    assert root.tag == "testsuites"
    for suite in root:
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "-1")) == len(cases) >= 1
        assert int(suite.get("failures", "-1")) == sum(c.find("failure") is not None for c in cases)
        assert int(suite.get("errors", "-1")) == sum(c.find("error") is not None for c in cases)
    for total in ("tests", "failures", "errors"):
        assert int(root.get(total, "-1")) == sum(int(s.get(total, "0")) for s in root)


ERROR = Finding("IB100", Severity.ERROR, "bad type", "$.imageBuilder.enabled", "fix",
                Location("v.yaml", 2, 12))
WARNING = Finding("IB012", Severity.WARNING, "kept", "$.storage.bucketName", "literal",
                  Location("v.yaml", 5, 3))
INFO = Finding("IB400", Severity.INFO, "nothing rendered", "$", "", Location("<rendered>"))
UNREADABLE = Finding("IB009", Severity.ERROR, "cannot read", "$", "", Location("x.yaml"),
                     environment=True)


def test_subject_without_findings_is_one_passing_testcase() -> None:
    root = render(Result("v.yaml", Report([], ["v.yaml"])))
    check_counts(root)
    (suite,) = root
    assert suite.get("name") == "v.yaml"
    (case,) = suite
    assert list(case) == []  # passing: no failure, no error, no skipped


def test_errors_fail_warnings_pass_with_output() -> None:
    root = render(Result("v.yaml", Report([ERROR, WARNING, INFO], ["v.yaml"])))
    check_counts(root)
    cases = {c.get("classname"): c for c in root.iter("testcase")}
    failure = cases["IB100 schema"].find("failure")
    assert failure is not None
    assert failure.get("type") == "IB100"
    assert failure.get("message") == "bad type"
    assert "v.yaml:2:12: error: $.imageBuilder.enabled: bad type [IB100]" in (failure.text or "")
    assert cases["IB100 schema"].get("file") == "v.yaml"
    assert cases["IB100 schema"].get("line") == "2"
    warning = cases["IB012 template-missing"]
    assert warning.find("failure") is None and warning.find("skipped") is None
    assert "warning" in (warning.findtext("system-out") or "")
    info = next(c for name, c in cases.items() if name and name.startswith("IB400"))
    assert info.get("file") is None  # <rendered> is not a file
    assert root.get("failures") == "1"


def test_warnings_fail_under_strict() -> None:
    root = render(Result("v.yaml", Report([WARNING], ["v.yaml"]), strict=True))
    check_counts(root)
    assert root.get("failures") == "1"
    assert next(root.iter("testcase")).find("failure") is not None


def test_environment_findings_are_errors() -> None:
    root = render(Result("x.yaml", Report([UNREADABLE], ["x.yaml"])))
    check_counts(root)
    assert root.get("errors") == "1" and root.get("failures") == "0"


def test_nothing_validated_is_never_green() -> None:
    root = render(Result("--set values", Report([], [])))
    check_counts(root)
    assert root.get("errors") == "1"


def test_characters_xml_cannot_carry_are_escaped() -> None:
    hostile = Finding("IB101", Severity.ERROR, "unknown key '\x01\x1b[31m'",
                      "$.imageBuilder['\x01']", "\ufffe", Location("v\x00.yaml", 1, 1))
    root = render(Result("v\x07.yaml", Report([hostile], ["v.yaml"])))
    check_counts(root)
    assert root[0].get("name") == "v\\x07.yaml"
    case = next(root.iter("testcase"))
    assert case.get("name") == "$.imageBuilder['\\x01'] (v\\x00.yaml:1:1)"


def test_cli_each_one_suite_per_file(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("imageBuilder:\n  enabled: true\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text('imageBuilder:\n  "\\x01weird": 1\n  enabled: "yes"\n', encoding="utf-8")
    result = run_cli("validate", "-o", "junit", "--each", str(good), str(bad))
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout.encode("utf-8"))
    check_counts(root)
    assert [s.get("name") for s in root] == [str(good), str(bad)]
    assert root[0].get("failures") == "0"
    assert root[1].get("failures") == "2"
    lines = sorted(c.get("line") for c in root[1].iter("testcase"))
    assert lines == ["2", "3"]
