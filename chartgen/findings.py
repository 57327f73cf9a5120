"""Findings: the one result type of every check chartgen runs, and the exit-code policy.

A *finding* is anything chartgen has to tell the user about their input: a YAML syntax error,
a schema violation, a cross-field rule, a manifest that fails Kubernetes schema validation, an
IAM document lint. Every producer builds the same `Finding`, so every reporter can print every
finding, and the exit code is computed in one place.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import NamedTuple, Protocol

from chartgen.record import field, record, replace


class Severity(str, enum.Enum):
    """How bad a finding is. `error` fails validation; `warning` fails only with --strict."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class ExitCode(enum.IntEnum):
    """Process exit codes, identical for every command."""

    OK = 0
    FINDINGS = 1  # errors, or warnings under --strict
    USAGE = 2  # bad command line
    ENVIRONMENT = 3  # unreadable file, missing tool, internal error


@record(frozen=True)
class Location:
    """Where a value came from: a file (or `<stdin>`, `--set`, `<defaults>`), 1-based line/col."""

    file: str
    line: int | None = None
    column: int | None = None

    @property
    def is_file(self) -> bool:
        """Whether `file` names a file on disk, not `<stdin>`, `<defaults>` or a `--set` flag."""
        return bool(self.file) and not self.file.startswith(("<", "--"))

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@record(frozen=True)
class Finding:
    """One thing wrong (or worth knowing) about the input.

    `path` is a JSON path into the merged values (`$.imageBuilder.buildkit.replicaCount`) or,
    for rendered objects, into the object (`Deployment/x:$.spec.replicas`). `hint` says what to
    do about it. `environment` marks findings that mean the tool or its surroundings failed
    (exit 3) rather than the input being wrong; `usage` marks a malformed command line (exit 2).
    """

    rule: str
    severity: Severity
    message: str
    path: str = "$"
    hint: str = ""
    location: Location | None = None
    environment: bool = False
    usage: bool = False

    @property
    def file(self) -> str | None:
        return self.location.file if self.location else None

    @property
    def line(self) -> int | None:
        return self.location.line if self.location else None

    @property
    def column(self) -> int | None:
        return self.location.column if self.location else None

    def with_location(self, location: Location | None) -> Finding:
        return replace(self, location=location)

    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        return (
            self.file or "",
            self.line or 0,
            self.column or 0,
            self.severity.rank,
            self.rule,
            self.message,
        )


class Message(NamedTuple):
    """What a finding says (`text`) and what to do about it (`fix`), as `str.format` templates
    over named fields (`{type}`; `{name!r}` quotes the value): the check fills them in, and the
    chart writes the ones its Go templates repeat (`chart/data.py`), so both say the same."""

    text: str
    fix: str

    def format(self, **fields: object) -> tuple[str, str]:
        return self.text.format(**fields), self.fix.format(**fields)


NO_MESSAGES: Mapping[str, Message] = MappingProxyType({})

# The kinds rule control leaves alone, and why (a finding of these stops the command or means it
# checked nothing, so hiding it would turn a clear error into a silent failure later).
FIXED_UNUSABLE_VALUES = "values with this finding cannot be validated or rendered"
FIXED_UNREADABLE_INPUT = "an input it reports could not be read, so nothing was checked"
FIXED_CHECK_FAILED = "it means the check could not run (exit 3)"


class FindingKind(NamedTuple):
    """One kind of finding: its stable ID, name, default severity and documentation.

    Every module that emits findings declares the kinds it emits next to the code that emits
    them; a cross-field rule's kind is built from its module (`ID`, `NAME`, `SEVERITY`, the
    docstring). `chartgen.catalogue` gathers them all for `explain`, `docs` and the reports. The
    first line of `doc` is the summary; the rest says why it matters and how to fix it. (A
    named tuple: the cloud modules declare kinds, and the command line imports them at start.)
    """

    id: str
    name: str
    severity: Severity
    doc: str
    # What its findings say, by case, where a check declares it as data (the rules the chart
    # repeats); empty for the others, which word each finding in place.
    messages: Mapping[str, Message] = NO_MESSAGES
    # Why rule control (`--disable`, `--severity`, the configuration file, inline comments) may
    # not switch this kind off or soften it — one of the FIXED_* reasons — or empty: it may.
    fixed: str = ""

    @property
    def summary(self) -> str:
        lines = self.doc.strip().splitlines()
        return lines[0] if lines else self.name

    @property
    def title(self) -> str:
        """`IB201 repository-format`: the ID a user searches for, and the words that explain it."""
        return f"{self.id} {self.name}" if self.name and self.name != self.id else self.id


@record(frozen=True)
class Suppression:
    """Who switched a finding off: `by` is `cli`, `config` or `inline`; `where` names the
    option (`--disable IB402`), the configuration entry or the comment (`FILE:LINE:COL`);
    `reason` is the text an inline comment gives after its IDs."""

    by: str
    where: str
    reason: str = ""


@record(frozen=True)
class Suppressed:
    """A finding the user switched off: reported as such, never counted, never dropped."""

    finding: Finding
    suppression: Suppression


class FindingControl(Protocol):
    """What the user said about findings (`chartgen.rule_control.RuleControl`): a finding,
    with its severity as the user set it, or that finding suppressed."""

    def apply(self, finding: Finding) -> Finding | Suppressed: ...


@record
class Report:
    """All findings of one run, plus what was checked (so "nothing validated" is never OK).

    With a `control`, every finding passes through it on its way in — the one place the
    user's rule control (`--disable`, `--severity`, the configuration file, inline comments)
    is applied: the findings that decide what a command does and its exit code are the
    controlled ones, and the suppressed ones are kept apart in `suppressed`.
    """

    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    control: FindingControl | None = field(default=None, repr=False, compare=False)
    suppressed: list[Suppressed] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.control is not None and self.findings:
            given, self.findings = self.findings, []
            self.extend(given)

    def add(self, finding: Finding) -> None:
        if self.control is None:
            self.findings.append(finding)
            return
        controlled = self.control.apply(finding)
        if isinstance(controlled, Suppressed):
            self.suppressed.append(controlled)
        else:
            self.findings.append(controlled)

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.add(finding)

    def merge(self, other: Report) -> None:
        """Take the findings of a report that went through the same rule control already."""
        self.findings.extend(other.findings)
        self.suppressed.extend(other.suppressed)

    def sorted_suppressed(self) -> list[Suppressed]:
        unique = list(dict.fromkeys(self.suppressed))
        return sorted(unique, key=lambda item: item.finding.sort_key())

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.sorted())

    def sorted(self) -> list[Finding]:
        unique = list(dict.fromkeys(self.findings))
        return sorted(unique, key=Finding.sort_key)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def exit_code(self, *, strict: bool = False) -> ExitCode:
        if any(f.environment for f in self.findings):
            return ExitCode.ENVIRONMENT
        if any(f.usage for f in self.findings):
            return ExitCode.USAGE
        if not self.checked and not self.findings and not self.suppressed:
            # Never report success when nothing was validated.
            return ExitCode.ENVIRONMENT
        if self.has_errors():
            return ExitCode.FINDINGS
        if strict and self.warnings:
            return ExitCode.FINDINGS
        return ExitCode.OK

    def fails(self, *, strict: bool = False) -> bool:
        return self.exit_code(strict=strict) is not ExitCode.OK
