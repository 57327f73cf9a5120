"""Writing a comparison: unified diffs for people, one versioned JSON document for machines.

Text (`-o text`): each added, removed or changed object as a unified diff of its YAML
(`--- OLD/Kind/namespace/name`, `+++ NEW/...`), then the findings in the text report's format,
the findings switched off by rule control counted in one line (listed with `--show-suppressed`),
then one summary line (`--quiet`: neither count nor summary). Colour (red removals, green
additions, cyan hunk headers) only when standard output is a terminal and `NO_COLOR` is
unset. Every line passes through the text report's `escape_control`, so a value cannot move
the cursor or forge a line; values were
already written by the one YAML routine, which escapes what YAML cannot carry raw.

JSON (`-o json`): the document `schemas/diff.schema.json` describes (`version` 1): the two
sides, every changed object with its changed fields and its unified diff, the findings in the
shape of the JSON report's (suppressed ones apart, as there), and the counts. Keys in a fixed
order, so the same input gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from chartgen import __version__
from chartgen.diff.compare import Comparison, ObjectChange
from chartgen.findings import Finding, Report, Severity, Suppressed
from chartgen.record import field, record
from chartgen.report import DEFAULT_OPTIONS, ReportOptions

DIFF_VERSION = 1

_GREEN, _RED, _CYAN, _BOLD, _RESET = "\033[32m", "\033[31m", "\033[36m", "\033[1m", "\033[0m"


@record
class Side:
    """One side of the comparison: what it is and what it was read from."""

    kind: str  # "values" or "deployed"
    label: str  # the diff header prefix: old, new, deployed, values
    sources: list[str] = field(default_factory=list)


@record
class DiffResult:
    old: Side
    new: Side
    comparison: Comparison | None  # None when the comparison could not be made
    findings: list[Finding] = field(default_factory=list)
    ignored: int = 0  # deployed objects outside the Image Builder
    suppressed: list[Suppressed] = field(default_factory=list)  # by rule control

    @property
    def compared(self) -> bool:
        return self.comparison is not None

    @property
    def changed(self) -> bool:
        return bool(self.comparison and self.comparison.changes)

    def counts(self) -> dict[str, int]:
        comparison = self.comparison
        return {
            "added": comparison.count("added") if comparison else 0,
            "removed": comparison.count("removed") if comparison else 0,
            "changed": comparison.count("changed") if comparison else 0,
            "unchanged": len(comparison.unchanged) if comparison else 0,
        }

    def summary(self) -> str:
        if self.comparison is None:
            return "diff: not compared (see the findings above)"
        counts = self.counts()
        text = (f"diff: {counts['changed']} changed, {counts['added']} added, "
                f"{counts['removed']} removed, {counts['unchanged']} unchanged")
        if self.ignored:
            text += (f" ({self.ignored} deployed object{'s' * (self.ignored != 1)} outside the "
                     "Image Builder not compared)")
        return text


def _colored(line: str) -> str:
    if line.startswith(("+++", "---")):
        return f"{_BOLD}{line}{_RESET}"
    if line.startswith("@@"):
        return f"{_CYAN}{line}{_RESET}"
    if line.startswith("+"):
        return f"{_GREEN}{line}{_RESET}"
    if line.startswith("-"):
        return f"{_RED}{line}{_RESET}"
    return line


def write_text(result: DiffResult, stream: TextIO, *, color: bool,
               options: ReportOptions = DEFAULT_OPTIONS) -> None:
    from chartgen.report.text_format import escape_control, format_finding, write_suppressed

    if result.comparison is not None:
        for change in result.comparison.changes:
            for line in change.diff.splitlines():
                shown = escape_control(line)
                stream.write((_colored(shown) if color else shown) + "\n")
    findings = Report(result.findings).sorted()
    if findings and result.changed:
        stream.write("\n")
    for finding in findings:
        stream.write(format_finding(finding, color=color) + "\n")
    suppressed = Report(suppressed=list(result.suppressed)).sorted_suppressed()
    write_suppressed(stream, suppressed, options, color=color)
    if not options.quiet:
        stream.write(result.summary() + "\n")
    stream.flush()


def _object_document(change: ObjectChange) -> dict[str, Any]:
    fields = []
    for item in change.fields:
        entry: dict[str, Any] = {"path": item.json_path}
        if item.in_old:
            entry["old"] = item.old
        if item.in_new:
            entry["new"] = item.new
        fields.append(entry)
    return {
        "apiVersion": change.api_version,
        "kind": change.key.kind,
        "namespace": change.key.namespace or None,
        "name": change.key.name,
        "change": change.change,
        "fields": fields,
        "diff": change.diff,
    }


def document(result: DiffResult) -> dict[str, Any]:
    from chartgen.report.json_format import finding_document, suppressed_document

    report = Report(list(result.findings), suppressed=list(result.suppressed))
    findings = [finding_document(f) for f in report.sorted()]
    severities = [f.severity for f in report.sorted()]
    return {
        "version": DIFF_VERSION,
        "tool": {"name": "chartgen", "version": __version__},
        "old": {"kind": result.old.kind, "sources": list(result.old.sources)},
        "new": {"kind": result.new.kind, "sources": list(result.new.sources)},
        "compared": result.compared,
        "objects": [_object_document(c) for c in (result.comparison.changes
                                                  if result.comparison else [])],
        "findings": findings,
        "suppressed": [suppressed_document(item) for item in report.sorted_suppressed()],
        "summary": {
            **result.counts(),
            "ignored": result.ignored,
            "errors": severities.count(Severity.ERROR),
            "warnings": severities.count(Severity.WARNING),
            "suppressed": len(report.sorted_suppressed()),
        },
    }


def write_json(result: DiffResult, stream: TextIO) -> None:
    stream.write(json.dumps(document(result), indent=2, ensure_ascii=False) + "\n")
    stream.flush()
