"""The JSON report: one versioned document for machines, described by `schemas/report.schema.json`.

```
{"version": 1,
 "tool": {"name": "chartgen", "version": "0.1.0"},
 "results": [{"subject": ..., "valid": ..., "checked": [...],
              "findings": [{"rule", "severity", "message", "hint", "path",
                            "file", "line", "column"}],
              "suppressed": [{...the same keys..., "suppressed": {"by", "where", "reason"}}]}],
 "summary": {"errors", "warnings", "results", "invalid", "suppressed"}}
```

Keys come in this fixed order and findings in the report's sorted order, so the same input gives
byte-identical output. `file`, `line` and `column` are `null` when unknown; `file` may name a
pseudo-source such as `<stdin>` or `--set a=b`. Findings the user switched off (rule control:
`--disable`, the configuration file, `# chartgen: disable=` comments) are listed apart under
`suppressed`, each with who switched it off (`by`: `cli`, `config` or `inline`; `where`: the
option, the configuration entry or the comment), and count in no other number. Any
incompatible change to this shape bumps `version` (and the schema); keys added beside the
existing ones do not.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from chartgen import __version__
from chartgen.findings import Finding, Suppressed
from chartgen.report import DEFAULT_OPTIONS, ReportOptions, Result

REPORT_VERSION = 1


def finding_document(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "hint": finding.hint,
        "path": finding.path,
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
    }


def suppressed_document(item: Suppressed) -> dict[str, Any]:
    suppression = item.suppression
    return {
        **finding_document(item.finding),
        "suppressed": {
            "by": suppression.by,
            "where": suppression.where,
            "reason": suppression.reason,
        },
    }


def result_document(result: Result) -> dict[str, Any]:
    return {
        "subject": result.subject,
        "valid": result.valid,
        "checked": list(result.report.checked),
        "findings": [finding_document(f) for f in result.report.sorted()],
        "suppressed": [suppressed_document(s) for s in result.report.sorted_suppressed()],
    }


class JsonReporter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.results: list[Result] = []

    def write(self, result: Result) -> None:
        self.results.append(result)

    def document(self) -> dict[str, Any]:
        results = [result_document(r) for r in self.results]
        # Counted from the findings as emitted (deduplicated), so the document adds up.
        severities = [f["severity"] for r in results for f in r["findings"]]
        return {
            "version": REPORT_VERSION,
            "tool": {"name": "chartgen", "version": __version__},
            "results": results,
            "summary": {
                "errors": severities.count("error"),
                "warnings": severities.count("warning"),
                "results": len(results),
                "invalid": sum(1 for r in results if not r["valid"]),
                "suppressed": sum(len(r["suppressed"]) for r in results),
            },
        }

    def flush(self) -> None:
        self.stream.write(json.dumps(self.document(), indent=2, ensure_ascii=False) + "\n")
        self.stream.flush()


def make(
    stream: TextIO, *, color: bool | None = None, options: ReportOptions = DEFAULT_OPTIONS
) -> JsonReporter:
    return JsonReporter(stream)
