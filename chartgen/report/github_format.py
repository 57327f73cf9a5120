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
Annotations stream as results arrive; at the end, only the number of findings the user
switched off (rule control), as a plain log line, or with `--show-suppressed` those findings as
plain lines — never annotations: the user asked not to be told about them on the pull request.
`--quiet` leaves the count out.
"""

from __future__ import annotations

from typing import TextIO

from chartgen.catalogue import describe
from chartgen.findings import Finding, Severity, Suppressed
from chartgen.report import DEFAULT_OPTIONS, ReportOptions, Result

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
    def __init__(self, stream: TextIO, options: ReportOptions) -> None:
        self.stream = stream
        self.options = options
        self.suppressed: list[Suppressed] = []

    def write(self, result: Result) -> None:
        for finding in result.report.sorted():
            self.stream.write(format_annotation(finding) + "\n")
        self.suppressed.extend(result.report.sorted_suppressed())

    def flush(self) -> None:
        from chartgen.report.text_format import write_suppressed

        # A plain line could read as a workflow command if it started with `::`; these start
        # with a file name or a number.
        write_suppressed(self.stream, self.suppressed, self.options, color=False)
        self.stream.flush()


def make(
    stream: TextIO, *, color: bool | None = None, options: ReportOptions = DEFAULT_OPTIONS
) -> GithubReporter:
    return GithubReporter(stream, options)
