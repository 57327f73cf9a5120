"""`chartgen iam-policy`: validate the values, plan the grants for one cloud, write one format.

Order: usage checks (exit 2) → values validation (findings, exit 1 or 3) → the plan
(`chartgen.iam.plan_iam`: the cloud from `--cloud` or `authenticationType`, the repository and
its checks, the cloud's grants; `noop`/`basic` print guidance, and the image-pull-secret steps
for a private registry) → either the audit of what an account already has (`--audit FILE…`)
or the chosen writer (`iam.formats.FORMATS`), on stdout or as files under `--output-dir`
(written atomically by the shared writer). Any error finding means nothing is written and exit
1; `--strict` treats warnings alike. All placeholders are reported in one info finding.
"""

from __future__ import annotations

import sys

from chartgen.commands.common import (
    DEFAULT_FINDING_OPTIONS,
    FindingOptions,
    print_findings,
    rule_control,
    usage_error,
    write_output_dir,
)
from chartgen.findings import ExitCode, Report
from chartgen.iam.formats import FORMATS
from chartgen.iam.inputs import IamOptions, placeholder_summary
from chartgen.values.loader import ValueSources


def _usage_problems(options: IamOptions) -> list[str]:
    from chartgen import clouds
    from chartgen.commands.common import namespace_error

    problems = []
    if options.output not in FORMATS:
        problems.append(f"unknown --output {options.output!r}; choose one of {', '.join(FORMATS)}")
    if options.cloud is not None and clouds.named(options.cloud) is None:
        names = ", ".join(cloud.NAME for cloud in clouds.CLOUDS)
        problems.append(f"unknown --cloud {options.cloud!r}; choose one of {names}")
    problems.extend(clouds.choice_problems(options.groups))
    if options.audit and options.output_dir is not None:
        problems.append("--audit reports findings and writes nothing: drop --output-dir")
    error = namespace_error("--namespace", options.namespace)
    if error:
        problems.append(error)
    return problems


def run_iam_policy(
    *,
    sources: object,
    options: IamOptions,
    finding_options: FindingOptions = DEFAULT_FINDING_OPTIONS,
) -> int:
    assert isinstance(sources, ValueSources)
    problems = _usage_problems(options)
    if problems:
        return usage_error(problems[0])
    control = rule_control(finding_options)
    if isinstance(control, int):
        return control

    from chartgen.iam import plan_iam
    from chartgen.validate import validate_sources

    validation = validate_sources(sources, control=control)
    if not validation.ok or validation.values is None:
        print_findings(validation.report, finding_options)
        code = validation.report.exit_code()
        return int(code if code is not ExitCode.OK else ExitCode.FINDINGS)

    plan, problems = plan_iam(validation, options)
    if problems:
        return usage_error(problems[0])
    assert plan is not None
    summary = placeholder_summary(plan)
    if summary is not None:
        plan.findings.append(summary)

    # The plan's findings as the user controls them (the writers read none of them).
    report = Report(plan.findings, list(validation.report.checked), control=control)
    plan.findings = report.findings
    if options.audit:
        from chartgen.iam.audit import run_audit

        return run_audit(plan, options, report, finding_options)

    print_findings(report, finding_options)
    code = report.exit_code(strict=options.strict)
    if code is not ExitCode.OK:
        return int(code)
    writer = FORMATS[options.output]()
    if options.output_dir is not None:
        return write_output_dir(options.output_dir, writer.output_files(plan), force=options.force)
    sys.stdout.write(writer.write(plan))
    return int(ExitCode.OK)
