"""`chartgen iam-policy`: validate the values, plan the grants for one cloud, write one format.

Order: usage checks (exit 2) → values validation (findings, exit 1 or 3) → the cloud (from
`--cloud` or `authenticationType`; `noop`/`basic` print guidance and exit 0) → the repository
and its checks → the cloud's plan → the chosen writer on stdout. Any error finding means
nothing on stdout and exit 1; warnings and placeholder notes go to stderr either way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from chartgen.commands.common import print_findings, usage_error
from chartgen.findings import ExitCode, Finding, Severity
from chartgen.iam import CLOUD_MISMATCH
from chartgen.iam.inputs import (
    CLOUD_OF_AUTHENTICATION,
    CLOUDS,
    OUTPUTS,
    SIGNBLOB_SCOPES,
    IamContext,
    IamOptions,
    check_repository,
    choose_repository,
    misplaced_options,
)
from chartgen.iam.plan import Plan
from chartgen.values.loader import ValueSources
from chartgen.values.provenance import format_path

if TYPE_CHECKING:
    from chartgen.validate import Validation

AUTHENTICATION_PATH = ("imageBuilder", "authenticationType")

# Options that only make sense together with --trust-policy (AWS).
TRUST_POLICY_OPTIONS = (
    ("oidc_provider", "--oidc-provider"),
    ("namespace", "--namespace"),
    ("service_account", "--service-account"),
)


def _builders() -> dict[str, Callable[[IamContext], None]]:
    from chartgen.iam.aws import build_aws_plan
    from chartgen.iam.azure import build_azure_plan
    from chartgen.iam.gcp import build_gcp_plan

    return {"aws": build_aws_plan, "gcp": build_gcp_plan, "azure": build_azure_plan}


def _writers() -> dict[str, Callable[[Plan], str]]:
    from chartgen.iam.json_writer import write_json
    from chartgen.iam.shell_writer import write_shell
    from chartgen.iam.terraform_writer import write_terraform

    return {"json": write_json, "terraform": write_terraform, "shell": write_shell}


def _usage_problems(options: IamOptions) -> list[str]:
    problems = []
    if options.output not in OUTPUTS:
        problems.append(f"unknown --output {options.output!r}; choose one of {', '.join(OUTPUTS)}")
    if options.cloud is not None and options.cloud not in CLOUDS:
        problems.append(f"unknown --cloud {options.cloud!r}; choose one of {', '.join(CLOUDS)}")
    if options.signblob_scope is not None and options.signblob_scope not in SIGNBLOB_SCOPES:
        problems.append(
            f"unknown --signblob-scope {options.signblob_scope!r}; choose one of "
            f"{', '.join(SIGNBLOB_SCOPES)}"
        )
    return problems


def _cloud_problems(options: IamOptions, cloud: str) -> list[str]:
    if cloud == "none":
        return [
            f"{problem.split(', not ')[0]}; authenticationType selects no cloud, so pass --cloud"
            for problem in misplaced_options(options, cloud)
        ]
    problems = misplaced_options(options, cloud)
    if cloud == "aws" and not options.trust_policy:
        problems.extend(
            f"{flag} only applies with --trust-policy"
            for name, flag in TRUST_POLICY_OPTIONS
            if getattr(options, name) is not None
        )
    return problems


def _write(plan: Plan, output: str) -> int:
    errors = [f for f in plan.findings if f.severity is Severity.ERROR]
    print_findings(plan.findings)
    if errors:
        return int(ExitCode.FINDINGS)
    sys.stdout.write(_writers()[output](plan))
    return int(ExitCode.OK)


def plan_iam(validation: Validation, options: IamOptions) -> tuple[Plan | None, list[str]]:
    """The plan for validated values (None with usage problems, or findings in the plan)."""
    values = validation.values
    assert values is not None
    provenance = validation.loaded.provenance
    authentication = values.imageBuilder.authenticationType
    auth_cloud = CLOUD_OF_AUTHENTICATION[authentication]
    cloud = options.cloud or auth_cloud
    choice, findings = choose_repository(options, values, provenance)
    repository_text = choice.text if choice else ""

    if cloud is None:
        from chartgen.iam.guidance import build_guidance_plan

        plan = Plan("none", repository_text, authentication_type=authentication)
        build_guidance_plan(values, repository_text, plan)
        return plan, _cloud_problems(options, "none")

    problems = _cloud_problems(options, cloud)
    if problems:
        return None, problems
    plan = Plan(cloud, repository_text, authentication_type=authentication)
    if auth_cloud is not None and auth_cloud != cloud:
        plan.findings.append(
            Finding(
                CLOUD_MISMATCH,
                Severity.ERROR,
                f"--cloud {cloud} contradicts authenticationType {authentication!r}, which "
                f"uses {auth_cloud} credentials",
                format_path(AUTHENTICATION_PATH),
                f"Drop --cloud (it defaults to {auth_cloud}) or change authenticationType.",
                provenance.locate(AUTHENTICATION_PATH),
            )
        )
    plan.findings.extend(findings)
    if choice is None:
        return plan, []

    from chartgen.registry import parse_repository

    repository = parse_repository(choice.text)
    repository_findings = check_repository(repository, cloud, choice)
    plan.findings.extend(repository_findings)
    if any(f.severity is Severity.ERROR for f in repository_findings):
        return plan, []
    context = IamContext(
        options,
        values,
        provenance,
        repository,
        plan,
        repository_location=choice.location,
        repository_path=choice.path,
    )
    _builders()[cloud](context)
    return plan, []


def run_iam_policy(*, sources: object, options: IamOptions) -> int:
    assert isinstance(sources, ValueSources)
    problems = _usage_problems(options)
    if problems:
        return usage_error(problems[0])

    from chartgen.validate import validate_sources

    validation = validate_sources(sources)
    if not validation.ok or validation.values is None:
        print_findings(validation.report.sorted())
        code = validation.report.exit_code()
        return int(code if code is not ExitCode.OK else ExitCode.FINDINGS)

    plan, problems = plan_iam(validation, options)
    if problems:
        return usage_error(problems[0])
    assert plan is not None
    return _write(plan, options.output)
