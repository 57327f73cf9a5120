"""SARIF 2.1.0: one log with one run, for GitHub code scanning and other SARIF viewers.

The run's `tool.driver` describes every rule or check its results reference (ID, name, short
and full description, default level), taken from the same docs as `chartgen explain ID`; an ID
nobody documents gets a generic entry. Each finding is one result: `ruleId` and `ruleIndex`,
`level` (`error` / `warning` / `note`), the message with its hint, and — when the value came
from a file — a physical location with the file path as given (as a relative URI reference)
and the 1-based line and column. Findings from `<stdin>`, a `--set` flag or the chart defaults
have no physical location; every result keeps its JSON path in `properties.path`.

A finding the user switched off (rule control) is a result too, with SARIF's own
`suppressions`: kind `inSource` for a `# chartgen: disable=` comment, `external` for
`--disable` or the configuration file, the option, entry or comment and its reason as the
justification; SARIF viewers hide such results by default and keep them listable.

The document is assembled from all results (`--each` gives one run with every file's results)
and printed once, by `flush`.
"""

from __future__ import annotations

import json
import os
from typing import Any, TextIO
from urllib.parse import quote

from chartgen import __version__
from chartgen.catalogue import describe
from chartgen.findings import Finding, FindingKind, Location, Severity, Suppression
from chartgen.report import DEFAULT_OPTIONS, ReportOptions, Result

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
# Where a SARIF viewer sends the user to learn about the tool.
INFORMATION_URI = "https://github.com/chartgen/chartgen"

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A file path as given, as a URI reference (percent-encoded, `/`-separated).

    `:` is encoded too: in a relative reference's first segment it would read as a URI scheme.
    The path's own bytes are encoded, so a file name that is not UTF-8 is still named exactly.
    """
    return quote(os.fsencode(path.replace("\\", "/")), safe="/@!$&'()*+,;=-._~")


def rule_descriptor(doc: FindingKind) -> dict[str, Any]:
    return {
        "id": doc.id,
        "name": doc.name,
        "shortDescription": {"text": doc.summary},
        "fullDescription": {"text": doc.doc.strip() or doc.summary},
        "defaultConfiguration": {"level": _LEVELS[doc.severity]},
    }


def physical_location(location: Location) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(location.file)}}
    if location.line is not None:
        region: dict[str, Any] = {"startLine": location.line}
        if location.column is not None:
            region["startColumn"] = location.column
        physical["region"] = region
    return physical


def result_object(finding: Finding, rule_index: int) -> dict[str, Any]:
    text = finding.message
    if finding.location is not None and not finding.location.is_file:
        text = f"{finding.location}: {text}"
    if finding.hint:
        text = f"{text} ({finding.hint})"
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.severity],
        "message": {"text": text},
    }
    if finding.location is not None and finding.location.is_file:
        result["locations"] = [{"physicalLocation": physical_location(finding.location)}]
    result["properties"] = {"path": finding.path}
    return result


def suppression_object(suppression: Suppression) -> dict[str, Any]:
    justification = f"suppressed by {suppression.where}"
    if suppression.reason:
        justification += f": {suppression.reason}"
    return {
        "kind": "inSource" if suppression.by == "inline" else "external",
        "status": "accepted",
        "justification": justification,
    }


class SarifReporter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.findings: list[Finding] = []
        self.suppressions: list[Suppression | None] = []

    def write(self, result: Result) -> None:
        findings = result.report.sorted()
        suppressed = result.report.sorted_suppressed()
        self.findings.extend(findings)
        self.suppressions.extend([None] * len(findings))
        self.findings.extend(item.finding for item in suppressed)
        self.suppressions.extend(item.suppression for item in suppressed)

    def document(self) -> dict[str, Any]:
        rule_ids = sorted({f.rule for f in self.findings})
        severities = {f.rule: f.severity for f in reversed(self.findings)}
        docs = [describe(rule_id, severities[rule_id]) for rule_id in rule_ids]
        index = {rule_id: position for position, rule_id in enumerate(rule_ids)}
        results = []
        for finding, suppression in zip(self.findings, self.suppressions, strict=True):
            result = result_object(finding, index[finding.rule])
            if suppression is not None:
                result["suppressions"] = [suppression_object(suppression)]
            results.append(result)
        return {
            "$schema": SARIF_SCHEMA,
            "version": SARIF_VERSION,
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "chartgen",
                            "version": __version__,
                            "informationUri": INFORMATION_URI,
                            "rules": [rule_descriptor(doc) for doc in docs],
                        }
                    },
                    # chartgen counts columns in characters, not UTF-16 code units.
                    "columnKind": "unicodeCodePoints",
                    "results": results,
                }
            ],
        }

    def flush(self) -> None:
        self.stream.write(json.dumps(self.document(), indent=2, ensure_ascii=False) + "\n")
        self.stream.flush()


def make(
    stream: TextIO, *, color: bool | None = None, options: ReportOptions = DEFAULT_OPTIONS
) -> SarifReporter:
    return SarifReporter(stream)
