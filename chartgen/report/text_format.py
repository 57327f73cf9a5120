"""Plain text, one finding per line: `file:line:col: severity: $.path: message [rule]`.

The hint follows on an indented line. Colour only when the stream is a terminal and `NO_COLOR`
is unset (https://no-color.org); `FORCE_COLOR` forces it on.

Findings quote values, keys and file names, which can hold anything: every piece of a line
passes through `escape_control`, so an escape sequence in a value (OSC, CSI: retitling the
terminal, hiding text, writing to the clipboard) or a newline that would forge another finding
is shown as `\x1b`, `\n`, never sent to the terminal as is.
"""

from __future__ import annotations

import os
import re
from typing import TextIO

from chartgen.findings import Finding, Severity, Suppressed
from chartgen.report import DEFAULT_OPTIONS, ReportOptions, Result, suppressed_count_line

_COLORS = {Severity.ERROR: "\033[1;31m", Severity.WARNING: "\033[1;33m", Severity.INFO: "\033[36m"}
_DIM = "\033[2m"
_RESET = "\033[0m"


# C0 controls, DEL, C1 controls (U+009B is a one-character CSI), the Unicode line and
# paragraph separators, bidirectional overrides and isolates (which reorder what is shown),
# and lone surrogates (undecodable bytes of a file name).
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        code -= 0xDC00
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_control(text: str) -> str:
    """`text` with every character that could control a terminal written as an escape."""
    return _CONTROL.sub(_escaped, text)


def use_color(stream: TextIO, color: bool | None) -> bool:
    if color is not None:
        return color
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def format_finding(finding: Finding, *, color: bool = False) -> str:
    where = escape_control(str(finding.location) if finding.location else "<values>")
    severity = finding.severity.value
    if color:
        severity = f"{_COLORS[finding.severity]}{severity}{_RESET}"
    path, message, rule = (escape_control(part) for part in (finding.path, finding.message,
                                                             finding.rule))
    line = f"{where}: {severity}: {path}: {message} [{rule}]"
    if finding.hint:
        hint = f"    hint: {escape_control(finding.hint)}"
        line += "\n" + (f"{_DIM}{hint}{_RESET}" if color else hint)
    return line


def format_suppressed(item: Suppressed, *, color: bool = False) -> str:
    """A suppressed finding (`--show-suppressed`): its line, with who suppressed it instead of
    the hint."""
    finding, suppression = item.finding, item.suppression
    where = escape_control(str(finding.location) if finding.location else "<values>")
    path, message, rule, by = (escape_control(part) for part in (
        finding.path, finding.message, finding.rule, suppression.where))
    reason = f": {escape_control(suppression.reason)}" if suppression.reason else ""
    line = (f"{where}: {finding.severity.value}: {path}: {message} [{rule}] "
            f"(suppressed by {by}{reason})")
    return f"{_DIM}{line}{_RESET}" if color else line


def write_suppressed(stream: TextIO, items: list[Suppressed], options: ReportOptions,
                     *, color: bool) -> None:
    """The suppressed findings of a run, as the text formats show them: listed with
    `--show-suppressed`, else counted in one line (neither with `--quiet`)."""
    if options.show_suppressed:
        for item in items:
            stream.write(format_suppressed(item, color=color) + "\n")
    elif items and not options.quiet:
        stream.write(suppressed_count_line(len(items)) + "\n")


class TextReporter:
    def __init__(self, stream: TextIO, color: bool, options: ReportOptions) -> None:
        self.stream = stream
        self.color = color
        self.options = options
        self.results = 0
        self.errors = 0
        self.warnings = 0
        self.failed = 0
        self.suppressed: list[Suppressed] = []

    def write(self, result: Result) -> None:
        self.results += 1
        for finding in result.report:
            self.stream.write(format_finding(finding, color=self.color) + "\n")
        suppressed = result.report.sorted_suppressed()
        if self.options.show_suppressed:
            for item in suppressed:
                self.stream.write(format_suppressed(item, color=self.color) + "\n")
        self.suppressed.extend(suppressed)
        self.errors += len(result.report.errors)
        self.warnings += len(result.report.warnings)
        if not result.valid:
            self.failed += 1

    def flush(self) -> None:
        if self.options.quiet:
            self.stream.flush()
            return
        if self.suppressed and not self.options.show_suppressed:
            self.stream.write(suppressed_count_line(len(self.suppressed)) + "\n")
        subjects = "input" if self.results == 1 else f"{self.results} inputs"
        parts = [f"{self.errors} error{'s' * (self.errors != 1)}"]
        parts.append(f"{self.warnings} warning{'s' * (self.warnings != 1)}")
        verdict = "invalid" if self.failed else "valid"
        if self.results > 1:
            verdict = f"{self.results - self.failed} valid, {self.failed} invalid"
        self.stream.write(f"{subjects}: {verdict} ({', '.join(parts)})\n")
        self.stream.flush()


def make(
    stream: TextIO, *, color: bool | None = None, options: ReportOptions = DEFAULT_OPTIONS
) -> TextReporter:
    return TextReporter(stream, use_color(stream, color), options)
