"""`chartgen doctor`: check values against cluster facts; or print the commands that make them."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from chartgen.commands.common import (
    DEFAULT_FINDING_OPTIONS,
    FindingOptions,
    release_error,
    rule_control,
    usage_error,
)
from chartgen.findings import ExitCode, Report
from chartgen.report import FORMATS, Result, get_reporter
from chartgen.values.loader import ValueSources

if TYPE_CHECKING:
    from chartgen.doctor.facts import ClusterFacts
    from chartgen.kube import KubeVersion
    from chartgen.rule_control import RuleControl


def run_doctor(
    *,
    sources: object,
    cluster: list[str],
    print_commands: bool,
    output: str,
    strict: bool,
    release_name: str,
    namespace: str,
    kube_version: str | None,
    finding_options: FindingOptions = DEFAULT_FINDING_OPTIONS,
) -> int:
    assert isinstance(sources, ValueSources)
    if print_commands:
        from chartgen.doctor.sources import print_commands as commands

        directory = cluster[0] if len(cluster) == 1 and cluster[0] != "-" else "cluster"
        sys.stdout.write(commands(directory))
        return int(ExitCode.OK)
    if output not in FORMATS:
        return usage_error(f"unknown --output {output!r}; choose one of {', '.join(FORMATS)}")
    if not cluster:
        return usage_error("no cluster facts given: pass --cluster DIR (or files, or - for "
                           "stdin); `chartgen doctor --print-commands` prints the kubectl "
                           "commands that produce them")
    if not sources.files and not sources.set_expressions():
        return usage_error("no values given: pass values FILES, -f FILE, --set, or - for stdin")
    if sources.files.count("-") + cluster.count("-") > 1:
        return usage_error("standard input (-) can feed only one input; pass the "
                           "others as files")
    problem = release_error(namespace, release_name)
    if problem:
        return usage_error(problem)
    from chartgen.kube import parse_kube_version

    try:
        given_version = parse_kube_version(kube_version) if kube_version else None
    except ValueError as exc:
        return usage_error(str(exc))
    control = rule_control(finding_options)
    if isinstance(control, int):
        return control

    from chartgen.doctor.facts import read_facts

    facts, findings = read_facts(cluster)
    report = Report(checked=[*sources.describe(), *facts.sources], control=control)
    report.extend(findings)
    subject = f"{', '.join(sources.describe())} on {', '.join(cluster)}"
    if not report.has_errors():
        report.merge(_check(sources, facts, given_version, release_name, namespace, control))
    reporter = get_reporter(output, sys.stdout, options=finding_options.report)
    reporter.write(Result(subject, report, strict))
    reporter.flush()
    return int(report.exit_code(strict=strict))


def _check(sources: ValueSources, facts: ClusterFacts, given_version: KubeVersion | None,
           release_name: str, namespace: str, control: RuleControl) -> Report:
    """Validate and render the values for the cluster's version, then run every check."""
    from chartgen.doctor.context import DoctorContext
    from chartgen.doctor.run import run_checks
    from chartgen.kube import MIN_KUBE_MINOR, KubeVersion, resolve_kube_version
    from chartgen.render import RenderOptions, render_objects
    from chartgen.validate import validate_sources

    version = given_version
    server = facts.version
    if version is None and server is not None and server.major == 1 \
            and server.minor >= MIN_KUBE_MINOR:
        version = KubeVersion(server.major, server.minor, server.patch)
    version = version or resolve_kube_version(None)
    validation = validate_sources(sources, kube_version=str(version), control=control)
    report = validation.report
    if not validation.ok or validation.values is None:
        return report
    options = RenderOptions(release_name=release_name, namespace=namespace, kube_version=version)
    rendered = render_objects(validation.values, options)
    report.extend(rendered.findings)
    ctx = DoctorContext(validation, rendered, facts, namespace, release_name, version,
                        kube_version_given=given_version is not None)
    report.extend(run_checks(ctx))
    return report
