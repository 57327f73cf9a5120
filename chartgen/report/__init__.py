"""Reporters: one module per output format behind one small interface.

Like kubeconform's outputs, a reporter receives one `Result` at a time (`write`) and finishes
with `flush`, so streaming formats (text, GitHub annotations) print as they go and document
formats (JSON, SARIF, JUnit) assemble and print once. `FORMATS` maps each `-o` name to its
module, imported only when that format is chosen; each module's `make` builds its reporter,
and mypy checks every module in the table against `ReportFormat`. Adding a format: a module
with `make` and a line in `FORMATS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TextIO

from chartgen.findings import Report
from chartgen.record import record


@record(frozen=True)
class ReportOptions:
    """How much a report says besides the findings: `quiet` leaves out summaries and counts
    (documents — JSON, SARIF, JUnit — are complete anyway); `show_suppressed` lists the
    suppressed findings where a format would only count them (text, GitHub)."""

    quiet: bool = False
    show_suppressed: bool = False


DEFAULT_OPTIONS = ReportOptions()


@record
class Result:
    """The findings about one subject: a set of values sources, or one file in batch mode."""

    subject: str
    report: Report
    strict: bool = False

    @property
    def valid(self) -> bool:
        return not self.report.fails(strict=self.strict)


class Reporter(Protocol):
    def write(self, result: Result) -> None: ...

    def flush(self) -> None: ...


class ReportFormat(Protocol):
    """A report format module: `make` builds its reporter on a stream."""

    def make(
        self, stream: TextIO, *, color: bool | None = None, options: ReportOptions = ...
    ) -> Reporter: ...


def _text() -> ReportFormat:
    from chartgen.report import text_format

    return text_format


def _json() -> ReportFormat:
    from chartgen.report import json_format

    return json_format


def _github() -> ReportFormat:
    from chartgen.report import github_format

    return github_format


def _sarif() -> ReportFormat:
    from chartgen.report import sarif_format

    return sarif_format


def _junit() -> ReportFormat:
    from chartgen.report import junit_format

    return junit_format


FORMATS: dict[str, Callable[[], ReportFormat]] = {
    "text": _text,
    "json": _json,
    "github": _github,
    "sarif": _sarif,
    "junit": _junit,
}


def get_reporter(
    name: str,
    stream: TextIO,
    *,
    color: bool | None = None,
    options: ReportOptions = DEFAULT_OPTIONS,
) -> Reporter:
    """The reporter for `name` (one of FORMATS), writing to `stream`."""
    if name not in FORMATS:
        raise ValueError(f"unknown output format {name!r}; choose one of {', '.join(FORMATS)}")
    return FORMATS[name]().make(stream, color=color, options=options)


def suppressed_count_line(count: int) -> str:
    """What the formats that do not list suppressed findings print instead (one line)."""
    findings = "finding" if count == 1 else "findings"
    return f"{count} {findings} suppressed (--show-suppressed to list)"
