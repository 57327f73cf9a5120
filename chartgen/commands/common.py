"""What every command body shares: usage errors, findings on stderr, name checks, rule control,
and `--validate-manifests` of what a render produced."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from chartgen.findings import ExitCode, Finding, FindingKind, Location, Report, Severity
from chartgen.record import record

if TYPE_CHECKING:
    from chartgen.kube import KubeVersion
    from chartgen.render import Rendered
    from chartgen.report import ReportOptions
    from chartgen.rule_control import RuleControl
    from chartgen.values.provenance import Provenance

NO_MANIFESTS = FindingKind(
    "IB400",
    "no-manifests",
    Severity.INFO,
    """The values render no Kubernetes objects, so --validate-manifests had nothing to check.

Expected with `imageBuilder.enabled: false` or with an external buildkitd in multi-namespace
mode. The values themselves were still validated.""",
)

KINDS: tuple[FindingKind, ...] = (NO_MANIFESTS,)


def manifest_findings(
    rendered: Rendered, version: KubeVersion, provenance: Provenance | None = None
) -> list[Finding]:
    """`--validate-manifests` after a render (validate and render alike): the objects'
    findings, or a note when the values render no object at all (the values themselves were
    validated, so this is not the environment failure that checking nothing would be).

    With the values' `provenance`, a finding about an object as a whole — it has no schema
    (IB402) — points at the value that makes chartgen render it (`openShift.enabled: true`
    for the SecurityContextConstraints), in the user's file, where it can be acted on and
    a `# chartgen: disable=IB402` comment can name it."""
    if not rendered.objects:
        return [
            Finding(
                NO_MANIFESTS.id,
                NO_MANIFESTS.severity,
                "no manifests to validate: these values render no Kubernetes objects",
                location=Location("<rendered>"),
            )
        ]
    from chartgen.conform import MANIFEST_SKIPPED, validate_objects

    findings = validate_objects(rendered.objects, version)
    if provenance is None:
        return findings
    from chartgen.render.objects import OBJECTS

    switches = {spec.template: spec.switch for spec in OBJECTS}
    by_reference = {f"{document.kind}/{document.name}": document for document in rendered}
    located = []
    for finding in findings:
        document = by_reference.get(finding.file or "")
        if finding.rule == MANIFEST_SKIPPED.id and document is not None:
            finding = finding.with_location(
                provenance.locate(switches[document.template]) or finding.location
            )
        located.append(finding)
    return located


def write_output_dir(output_dir: str, files: Mapping[str, str | bytes], *, force: bool) -> int:
    """Write `files` into `output_dir` (chartgen/output.py says how); the exit code.

    A directory chartgen may not write into is a usage error (exit 2): the command line asked
    for it. A file system failure is the environment's (exit 3); nothing is changed then.
    """
    from pathlib import Path  # (only writing commands need it)

    from chartgen.output import OutputRefused, UnsafeOutputName, write_tree_atomic

    try:
        write_tree_atomic(Path(output_dir), files, force=force)
    except OutputRefused as exc:
        return usage_error(str(exc))
    except UnsafeOutputName as exc:
        sys.stderr.write(f"chartgen: error: {exc}\n")
        return int(ExitCode.ENVIRONMENT)
    except OSError as exc:
        where = exc.filename or output_dir
        sys.stderr.write(f"chartgen: error: cannot write {where}: {exc.strerror or exc}\n")
        return int(ExitCode.ENVIRONMENT)
    return int(ExitCode.OK)


def usage_error(message: str) -> int:
    """Report a malformed command line (exit code 2)."""
    sys.stderr.write(f"chartgen: error: {message}\n")
    return int(ExitCode.USAGE)


# The options of every command that reports findings, declared once: (parameter, option names,
# metavar (None: a switch), help). `chartgen.cli` turns them into typer options; the command
# body receives them as one `FindingOptions`.
FINDING_OPTIONS: tuple[tuple[str, tuple[str, ...], str | None, str], ...] = (
    ("disable", ("--disable",), "ID[,ID...]",
     "Switch these findings off (repeatable); reports list them as suppressed and the exit "
     "code ignores them."),
    ("enable", ("--enable",), "ID[,ID...]",
     "Switch findings back on that the configuration file switches off (repeatable)."),
    ("severity", ("--severity",), "ID=LEVEL",
     "Report finding ID as error, warning or info (repeatable)."),
    ("config", ("--config",), "FILE",
     "Rule control from FILE (.chartgen.yaml format, or a .toml file's [tool.chartgen]) "
     "instead of the nearest .chartgen.yaml or pyproject.toml."),
    ("no_config", ("--no-config",), None, "Read no configuration file."),
    ("show_suppressed", ("--show-suppressed",), None,
     "List the suppressed findings where the report would only count them."),
    ("quiet", ("--quiet", "-q"), None,
     "Findings only: no summary, no counts, no 'wrote' lines (JSON, SARIF and JUnit stay "
     "complete documents)."),
)


@record(frozen=True)
class FindingOptions:
    """The options of every command that reports findings: rule control (`--disable`,
    `--enable`, `--severity`, `--config`, `--no-config`; chartgen.rule_control) and how much
    the report says (`--show-suppressed`, `--quiet`)."""

    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    severity: tuple[str, ...] = ()
    config: str | None = None
    no_config: bool = False
    show_suppressed: bool = False
    quiet: bool = False

    # The options that repeat (a list on the command line, a tuple here).
    REPEATABLE: ClassVar[tuple[str, ...]] = ("disable", "enable", "severity")

    @classmethod
    def from_arguments(cls, arguments: dict[str, Any]) -> FindingOptions:
        """From the parsed options, by parameter name (FINDING_OPTIONS), as both front ends
        (chartgen.cli, chartgen.entry) parse them."""
        given: dict[str, Any] = {
            name: tuple(value or ()) if name in cls.REPEATABLE else value
            for name, value in arguments.items()
        }
        return cls(**given)

    def control(self) -> RuleControl:
        """The run's rule control; `rule_control.RuleControlError` for a usage error."""
        from chartgen.rule_control import build

        return build(disable=self.disable, enable=self.enable, severity=self.severity,
                     config=self.config, no_config=self.no_config)

    @property
    def report(self) -> ReportOptions:
        from chartgen.report import ReportOptions

        return ReportOptions(quiet=self.quiet, show_suppressed=self.show_suppressed)


# What a command reports when it is called without finding options (tests, other commands).
DEFAULT_FINDING_OPTIONS = FindingOptions()


def rule_control(options: FindingOptions) -> RuleControl | int:
    """The run's rule control, or the exit code of the usage error that prevents it."""
    from chartgen.rule_control import RuleControlError

    try:
        return options.control()
    except RuleControlError as exc:
        return usage_error(str(exc))


def rendering_setup(
    namespace: str,
    release_name: str,
    target_namespaces: list[str] | tuple[str, ...],
    kube_version: str | None,
    options: FindingOptions,
) -> tuple[KubeVersion, RuleControl] | int:
    """What a command that renders objects (render, diff) settles before reading values: the
    names the objects get, the Kubernetes version they are for and the rule control — or the
    exit code of the usage error that stops it, in that order."""
    problem = release_error(namespace, release_name, target_namespaces)
    if problem:
        return usage_error(problem)
    from chartgen.kube import resolve_kube_version

    try:
        version = resolve_kube_version(kube_version)
    except ValueError as exc:
        return usage_error(str(exc))
    control = rule_control(options)
    if isinstance(control, int):
        return control
    return version, control


def note(options: FindingOptions, text: str) -> None:
    """A line for people on stderr (`wrote 9 objects to out/`); `--quiet` leaves it out."""
    if not options.quiet:
        sys.stderr.write(text + "\n")


def print_findings(report: Report, options: FindingOptions | None = None) -> None:
    """Findings on stderr in the text format, sorted and without duplicates; the suppressed
    ones listed (`--show-suppressed`) or counted."""
    from chartgen.report.text_format import format_finding, use_color, write_suppressed

    options = options or DEFAULT_FINDING_OPTIONS
    color = use_color(sys.stderr, None)
    for finding in report.sorted():
        sys.stderr.write(format_finding(finding, color=color) + "\n")
    write_suppressed(sys.stderr, report.sorted_suppressed(), options.report, color=color)


def namespace_error(flag: str, namespace: str) -> str | None:
    """Why `namespace` cannot be a Kubernetes namespace name, or None."""
    from chartgen.names import DNS1123_LABEL, problem

    found = problem(DNS1123_LABEL, namespace)
    if found:
        return f"{flag} {namespace!r} is not a valid namespace name: {found}"
    return None


def release_error(
    namespace: str, release_name: str, target_namespaces: list[str] | tuple[str, ...] = ()
) -> str | None:
    """The first problem of the names a rendering command line gives (`--namespace`, each
    `--target-namespace`, `--release-name`), or None."""
    for flag, name in [("--namespace", namespace)] + [
        ("--target-namespace", target) for target in target_namespaces
    ]:
        problem = namespace_error(flag, name)
        if problem:
            return problem
    return release_name_error(release_name)


# Helm refuses longer release names: its objects append suffixes to them.
MAX_RELEASE_NAME = 53


def release_name_error(release_name: str) -> str | None:
    """Why `release_name` cannot be a Helm release name, or None."""
    from chartgen.names import DNS1123_LABEL, problem

    found = problem(DNS1123_LABEL, release_name)
    if found is None and len(release_name) > MAX_RELEASE_NAME:
        found = f"it is {len(release_name)} characters long; Helm allows {MAX_RELEASE_NAME}"
    if found:
        return (
            f"--release-name: {found} (a release name is at most {MAX_RELEASE_NAME} lower-case "
            "letters, digits and '-', as Helm requires)"
        )
    return None
