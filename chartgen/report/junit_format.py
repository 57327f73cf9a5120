"""JUnit XML: findings as test results, for CI systems that show test reports.

```
<testsuites name="chartgen" tests=.. failures=.. errors=..>
  <testsuite name="SUBJECT" tests=.. failures=.. errors=.. skipped="0">
    <testcase classname="IB100 schema" name="$.imageBuilder.x (values.yaml:4:19)"
              file="values.yaml" line="4">
      <failure type="IB100" message="...">values.yaml:4:19: error: ... [IB100]
    hint: ...</failure>
    </testcase>
```

One `<testsuite>` per result (the merged values, or each file under `--each`), one
`<testcase>` per finding, and a subject without findings is a single passing testcase, so every
report has at least one test and a green run is visibly green.

How each finding maps, and why:

- an *error* — and a *warning* under `--strict` — is a `<failure>`: it fails the build, and
  every JUnit consumer (Jenkins, GitLab, Azure DevOps, CircleCI, the GitHub test-report
  actions) lists failures prominently;
- an *environment* or *usage* finding (unreadable file, a tool missing, a malformed `--set`)
  is an `<error>`: JUnit's word for "the check could not run", which is what exit codes 3 and
  2 mean;
- a *warning* without `--strict`, and an *info*, is a passing testcase whose `<system-out>`
  carries the full text. `<skipped>` would be wrong — the check ran — and CI systems render it
  as "not executed"; a passing testcase with output keeps the finding visible (the consumers
  above show a testcase's output) without failing a build that `chartgen` itself passes.

A finding the user switched off (rule control) is a `<skipped>` testcase whose message says
who switched it off: the check was not applied, on purpose, which is what skipped means.

`classname` is the rule's ID and name (no dots, which Jenkins would split into packages);
`name` is the JSON path and the location. The `file` and `line` attributes are those GitLab and
the GitHub test-report actions use to link to the source. Characters XML 1.0 cannot carry are
written as `\\xNN` escapes, so hostile input cannot make the report ill-formed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from chartgen.catalogue import describe
from chartgen.findings import Finding, Severity, Suppressed
from chartgen.report import DEFAULT_OPTIONS, ReportOptions, Result
from chartgen.report.text_format import format_finding

# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _outcome(finding: Finding, strict: bool) -> str:
    """`error`, `failure` or `passed`: what this finding is as a test result."""
    if finding.environment or finding.usage:
        return "error"
    if finding.severity is Severity.ERROR:
        return "failure"
    if finding.severity is Severity.WARNING and strict:
        return "failure"
    return "passed"


def _case(finding: Finding) -> ET.Element:
    doc = describe(finding.rule, finding.severity)
    name = finding.path
    if finding.location is not None:
        name = f"{name} ({finding.location})"
    case = ET.Element("testcase", {"classname": xml_text(doc.title), "name": xml_text(name)})
    location = finding.location
    if location is not None and location.is_file:
        case.set("file", xml_text(location.file))
        if location.line is not None:
            case.set("line", str(location.line))
    return case


def skipped_testcase(item: Suppressed) -> ET.Element:
    case = _case(item.finding)
    message = f"suppressed by {item.suppression.where}"
    if item.suppression.reason:
        message += f": {item.suppression.reason}"
    skipped = ET.SubElement(case, "skipped", {"message": xml_text(message)})
    skipped.text = xml_text(format_finding(item.finding))
    return case


def testcase(finding: Finding, strict: bool) -> tuple[ET.Element, str]:
    case = _case(finding)
    outcome = _outcome(finding, strict)
    text = xml_text(format_finding(finding))
    if outcome == "passed":
        ET.SubElement(case, "system-out").text = text
    else:
        element = ET.SubElement(
            case, outcome, {"type": finding.rule, "message": xml_text(finding.message)}
        )
        element.text = text
    return case, outcome


def testsuite(result: Result) -> ET.Element:
    suite = ET.Element("testsuite", {"name": xml_text(result.subject)})
    counts = {"failure": 0, "error": 0, "passed": 0}
    findings = result.report.sorted()
    for finding in findings:
        case, outcome = testcase(finding, result.strict)
        counts[outcome] += 1
        suite.append(case)
    suppressed = result.report.sorted_suppressed()
    for item in suppressed:
        suite.append(skipped_testcase(item))
    if not findings:
        verdict = "valid" if result.valid else "invalid"
        case = ET.SubElement(suite, "testcase", {"classname": "chartgen", "name": verdict})
        if not result.valid:
            # Nothing was validated (or no finding explains the failure): never a green test.
            ET.SubElement(case, "error", {"message": "no values were validated"})
            counts["error"] += 1
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(counts["failure"]))
    suite.set("errors", str(counts["error"]))
    suite.set("skipped", str(len(suppressed)))
    return suite


class JunitReporter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.root = ET.Element("testsuites", {"name": "chartgen"})

    def write(self, result: Result) -> None:
        self.root.append(testsuite(result))

    def flush(self) -> None:
        for total in ("tests", "failures", "errors"):
            self.root.set(total, str(sum(int(s.get(total, "0")) for s in self.root)))
        ET.indent(self.root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(self.root, encoding="unicode") + "\n")
        self.stream.flush()


def make(
    stream: TextIO, *, color: bool | None = None, options: ReportOptions = DEFAULT_OPTIONS
) -> JunitReporter:
    return JunitReporter(stream)
