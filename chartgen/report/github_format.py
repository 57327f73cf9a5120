"""GitHub Actions annotations: one workflow command per finding.

```
::error file=values.yaml,line=4,col=19,title=IB100 schema::replicaCount must be ... (hint)
```

Errors become `::error`, warnings `::warning`, informational findings `::notice`. GitHub shows
each one on the line of the file that set the value (in the pull request diff and the run
summary). A finding whose location is not a file (`<stdin>`, a `--set` flag, the chart
defaults) carries no `file`/`line`/`col` and names its origin and JSON path in the message
instead, so it still says where it comes from.

Values are escaped as the Actions runner unescapes them (actions/toolkit `escapeData` /
`escapeProperty`): `%`, CR and LF in the message; additionally `:` and `,` in properties.
Annotations stream as results arrive; nothing is printed at the end (the exit code is the
verdict).
"""

from __future__ import annotations

from typing import TextIO

from chartgen.catalogue import describe
from chartgen.findings import Finding, Severity
from chartgen.report import Result

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_annotation(finding: Finding) -> str:
    properties: list[tuple[str, str]] = []
    location = finding.location
    message = finding.message
    if location is not None and location.is_file:
        properties.append(("file", location.file))
        if location.line is not None:
            properties.append(("line", str(location.line)))
            if location.column is not None:
                properties.append(("col", str(location.column)))
    else:
        where = str(location) if location is not None else "<values>"
        message = f"{where}: {finding.path}: {message}"
    properties.append(("title", describe(finding.rule, finding.severity).title))
    if finding.hint:
        message = f"{message} ({finding.hint})"
    rendered = ",".join(f"{name}={escape_property(value)}" for name, value in properties)
    return f"::{_COMMANDS[finding.severity]} {rendered}::{escape_data(message)}"


class GithubReporter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, result: Result) -> None:
        for finding in result.report.sorted():
            self.stream.write(format_annotation(finding) + "\n")

    def flush(self) -> None:
        self.stream.flush()


def make(stream: TextIO, *, color: bool | None = None) -> GithubReporter:
    return GithubReporter(stream)
