"""`chartgen iam-policy`: validate the values, plan the grants for one cloud, write one format.

Order: usage checks (exit 2) → values validation (findings, exit 1 or 3) → the cloud (from
`--cloud` or `authenticationType`; `noop`/`basic` print guidance, and the image-pull-secret
steps for a private registry) → the repository and its checks → the cloud's plan → either the
audit of what an account already has (`--audit FILE…`) or the chosen writer, on stdout or as
files under `--output-dir` (written atomically by the shared writer). Any error finding means
nothing is written and exit 1; `--strict` treats warnings alike. All placeholders are reported
in one info finding.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from chartgen.commands.common import print_findings, usage_error, write_output_dir
from chartgen.findings import ExitCode, Finding, Severity
from chartgen.iam import CLOUD_MISMATCH
from chartgen.iam.formats import FORMATS
from chartgen.iam.inputs import (
    CLOUD_OF_AUTHENTICATION,
    CLOUDS,
    SIGNBLOB_SCOPES,
    IamContext,
    IamOptions,
    check_private_repository,
    check_repository,
    choose_repository,
    misplaced_options,
    placeholder_summary,
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
    ("build_namespaces", "--build-namespace"),
    ("service_account", "--service-account"),
)


def _builders() -> dict[str, Callable[[IamContext], None]]:
    from chartgen.iam.aws import build_aws_plan
    from chartgen.iam.azure import build_azure_plan
    from chartgen.iam.gcp import build_gcp_plan

    return {"aws": build_aws_plan, "gcp": build_gcp_plan, "azure": build_azure_plan}


def _usage_problems(options: IamOptions) -> list[str]:
    problems = []
    if options.output not in FORMATS:
        problems.append(f"unknown --output {options.output!r}; choose one of {', '.join(FORMATS)}")
    if options.cloud is not None and options.cloud not in CLOUDS:
        problems.append(f"unknown --cloud {options.cloud!r}; choose one of {', '.join(CLOUDS)}")
    if options.signblob_scope is not None and options.signblob_scope not in SIGNBLOB_SCOPES:
        problems.append(
            f"unknown --signblob-scope {options.signblob_scope!r}; choose one of "
            f"{', '.join(SIGNBLOB_SCOPES)}"
        )
    if options.audit and options.output_dir is not None:
        problems.append("--audit reports findings and writes nothing: drop --output-dir")
    from chartgen.commands.common import namespace_error

    error = namespace_error("--namespace", options.namespace)
    if error:
        problems.append(error)
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
            if getattr(options, name) not in (None, ())
        )
    if cloud == "aws" and options.ecr_create_on_push and options.ecr_create_repositories:
        problems.append("--ecr-create-on-push and --ecr-create-repository exclude each other")
    return problems


def _guidance(validation: Validation, options: IamOptions, plan: Plan) -> None:
    """noop/basic: what must allow what; for a private registry, the image-pull-secret steps."""
    from chartgen.iam.guidance import build_guidance_plan
    from chartgen.registry import parse_repository

    values = validation.values
    assert values is not None
    choice, _ = choose_repository(options, values, validation.loaded.provenance)
    repository = parse_repository(choice.text) if choice else None
    private = repository is not None and (
        repository.is_private_registry or not repository.qualified
    )
    # noop with a private registry is the documented flow, not "nothing authenticates".
    if not private or values.imageBuilder.authenticationType == "basic":
        build_guidance_plan(values, plan.repository, plan)
    if choice is None or repository is None or not private:
        return
    findings = check_private_repository(repository, choice)
    plan.findings.extend(findings)
    if any(f.severity is Severity.ERROR for f in findings):
        return
    from chartgen.iam.private_registry import private_registry_steps

    context = IamContext(
        options,
        values,
        validation.loaded.provenance,
        repository,
        plan,
        repository_location=choice.location,
        repository_path=choice.path,
    )
    private_registry_steps(context, repository)


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
        problems = _cloud_problems(options, "none")
        plan = Plan("none", repository_text, authentication_type=authentication)
        if not problems:
            _guidance(validation, options, plan)
        return plan, problems

    problems = _cloud_problems(options, cloud)
    if options.secret_name is not None:
        problems.append(
            "--secret-name applies to private registries (authenticationType noop or basic)"
        )
    if problems:
        return None, problems
    plan = Plan(cloud, repository_text, authentication_type=authentication)
    if auth_cloud is not None and auth_cloud != cloud:
        plan.findings.append(
            Finding(
                CLOUD_MISMATCH.id,
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


def _fails(findings: list[Finding], strict: bool) -> bool:
    return any(
        f.severity is Severity.ERROR or (strict and f.severity is Severity.WARNING)
        for f in findings
    )


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
    summary = placeholder_summary(plan)
    if summary is not None:
        plan.findings.append(summary)

    if options.audit:
        from chartgen.iam.audit import run_audit

        return run_audit(plan, options)

    print_findings(plan.findings)
    if _fails(plan.findings, options.strict):
        return int(ExitCode.FINDINGS)
    writer = FORMATS[options.output]()
    if options.output_dir is not None:
        return write_output_dir(options.output_dir, writer.output_files(plan), force=options.force)
    sys.stdout.write(writer.write(plan))
    return int(ExitCode.OK)
