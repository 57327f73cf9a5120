"""Least-privilege IAM for the Image Builder: `chartgen iam-policy`.

`plan_iam` turns validated values and `inputs.IamOptions` into a `plan.Plan` — what to grant,
to whom, on what, as data: it picks the cloud (`--cloud` or `authenticationType`), the
repository and checks them, then hands over to the cloud's module (`chartgen.clouds.aws`,
`gcp`, `azure`: each builds its own grants) or, for `noop`/`basic`, to
`chartgen.clouds.private` (guidance, and the image-pull-secret steps of a private registry).
One module per output format writes a plan (`formats.FORMATS`: `json_writer`,
`terraform_writer`, `shell_writer`, each escaping every value through the one routine of its
format in `quoting`), and `audit` compares what an account already grants with the plan.

The findings every plan can raise are declared here (IB5xx); a cloud declares its own in its
module. This module stays import-light: `chartgen.catalogue` imports it to list them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chartgen.findings import FIXED_UNREADABLE_INPUT, Finding, FindingKind, Severity

if TYPE_CHECKING:
    from chartgen.iam.inputs import IamOptions
    from chartgen.iam.plan import Plan
    from chartgen.validate import Validation

AUTHENTICATION_PATH = ("imageBuilder", "authenticationType")

NO_REPOSITORY = FindingKind(
    "IB501",
    "iam-no-repository",
    Severity.ERROR,
    """There is no repository to grant access to.

`imageBuilder.defaultRepository` is empty and cannot be derived (AWS needs
`global.AWS_ACCOUNT_ID` and `storage.region`; GCP needs `storage.region` and
`storage.gcp.projectId`). Set `defaultRepository`, the missing keys, or pass `--repository URI`.""",
)

BAD_REPOSITORY = FindingKind(
    "IB502",
    "iam-bad-repository",
    Severity.ERROR,
    """The repository cannot be a push target.

A tag or digest, upper-case letters, a URL scheme, ECR Public (`public.ecr.aws`), an invalid
repository name or an Artifact Registry path without project and repository: permissions
cannot be written for it. Write the bare repository, e.g.
`123456789012.dkr.ecr.us-east-1.amazonaws.com/union/builds`.""",
)

REPOSITORY_CLOUD_MISMATCH = FindingKind(
    "IB503",
    "iam-repository-cloud-mismatch",
    Severity.ERROR,
    """The repository is not a registry of the chosen cloud.

`--cloud aws` needs an ECR repository (`ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME`), `gcp` an
Artifact Registry one (`LOCATION-docker.pkg.dev/PROJECT/REPOSITORY`), `azure` an ACR one
(`NAME.azurecr.io`). Other registries are reached with credentials (`authenticationType: basic`),
not cloud IAM.""",
)

CLOUD_MISMATCH = FindingKind(
    "IB504",
    "iam-cloud-mismatch",
    Severity.ERROR,
    """`--cloud` contradicts `authenticationType`.

The build task authenticates the way `imageBuilder.authenticationType` says (`aws`, `google`,
`azure`); permissions for another cloud would never be used. Change one of the two.""",
)

BAD_IDENTIFIER = FindingKind(
    "IB505",
    "iam-bad-identifier",
    Severity.ERROR,
    """An identifier given on the command line is malformed.

Account IDs are 12 digits, role names 1-64 of `A-Za-z0-9+=,.@_-`, Google service accounts are
e-mail addresses ending in `gserviceaccount.com`, Azure subscription and object IDs are GUIDs,
namespaces are DNS-1123 labels. chartgen refuses to write policies around a typo.""",
)

PLACEHOLDER = FindingKind(
    "IB508",
    "iam-placeholder",
    Severity.INFO,
    """Identifiers were not given; the output carries placeholders for them.

One finding lists every placeholder with the option that fills it in. JSON shows `${NAME}`
tokens (and lists them under `placeholders`), Terraform declares a `variable`, the shell script
refuses to run until `NAME` is set. Pass the options named in the finding to fill them in.""",
)

UNSCOPED_PREFIX = FindingKind(
    "IB509",
    "iam-unscoped-prefix",
    Severity.WARNING,
    """Permissions cannot be narrowed to the image prefix in the repository.

Artifact Registry grants roles per repository, so the identities can reach every image in it,
not only those under the prefix. On Azure, `AcrPush`/`AcrPull` apply to the whole registry; an
ABAC-enabled registry (role assignment permissions mode "RBAC Registry + ABAC Repository
Permissions"; check with `az acr show --name NAME --query roleAssignmentMode`, which says
`AbacRepositoryPermissions`) scopes "Container Registry Repository Writer/Reader" assignments
to the repositories under the path with a `repositories:name` condition: pass `--acr-abac` to
get them. There AcrPush/AcrPull are not honoured at all. Otherwise use a dedicated repository
(registry) for image builds if other images must stay out of reach.""",
)

AUDIT_MISSING = FindingKind(
    "IB515",
    "iam-audit-missing",
    Severity.ERROR,
    """`--audit`: a grant the Image Builder needs is missing from what the account has.

The finding points at the audited file and names the permission (action and resource, role
binding, role assignment) chartgen would emit, and where it would go. The run exits 1.""",
)

AUDIT_TOO_BROAD = FindingKind(
    "IB516",
    "iam-audit-too-broad",
    Severity.WARNING,
    """`--audit`: a grant is broader than the Image Builder needs.

A wildcard action (`ecr:*`, `*`), a wildcard or account-wide resource, a principal `*` or an
account root, a subject pattern that matches every namespace, a project-wide role or an
Owner/Contributor-style role, or an action the Image Builder never uses. The finding points at
the line that grants it and says what chartgen would grant instead.""",
)

AUDIT_WRONG_RESOURCE = FindingKind(
    "IB517",
    "iam-audit-wrong-resource",
    Severity.WARNING,
    """`--audit`: a grant the Image Builder needs is given on another resource.

The right permission, but on a different repository, registry or scope than the values name
(a typo in an ARN, another region or account). It does not count towards what is needed.""",
)

AUDIT_UNREADABLE = FindingKind(
    "IB518",
    "iam-audit-unreadable",
    Severity.ERROR,
    """`--audit`: a file is not one of the IAM outputs chartgen reads.

Accepted: an AWS policy document, `aws iam get-role-policy` or `get-policy-version` output,
`aws ecr get-repository-policy` output, a GCP `get-iam-policy` JSON, an Azure `az role
assignment list` JSON. Prefix the file with what it is when its shape does not say
(`user-role=policy.json`, `repository=iam.json`).""",
    fixed=FIXED_UNREADABLE_INPUT,
)

BAD_BASE_IMAGE = FindingKind(
    "IB512",
    "iam-bad-base-image",
    Severity.ERROR,
    """`--base-image` is not an image in the chosen cloud's registry.

Only a private base image in the cloud's own registry needs IAM (ECR, Artifact Registry, ACR, in
the same AWS partition); public images need nothing, other registries an image pull secret.""",
)

KINDS: tuple[FindingKind, ...] = (
    NO_REPOSITORY,
    BAD_REPOSITORY,
    REPOSITORY_CLOUD_MISMATCH,
    CLOUD_MISMATCH,
    BAD_IDENTIFIER,
    PLACEHOLDER,
    UNSCOPED_PREFIX,
    AUDIT_MISSING,
    AUDIT_TOO_BROAD,
    AUDIT_WRONG_RESOURCE,
    AUDIT_UNREADABLE,
    BAD_BASE_IMAGE,
)


def plan_iam(validation: Validation, options: IamOptions) -> tuple[Plan | None, list[str]]:
    """The plan for validated values (None with usage problems, or findings in the plan)."""
    from chartgen import clouds
    from chartgen.iam.inputs import IamContext, check_repository, choose_repository
    from chartgen.iam.plan import Plan
    from chartgen.registry import parse_repository
    from chartgen.values.provenance import format_path

    values = validation.values
    assert values is not None
    provenance = validation.loaded.provenance
    authentication = values.imageBuilder.authenticationType
    auth_cloud = clouds.of_authentication(authentication)
    cloud = clouds.named(options.cloud) if options.cloud else auth_cloud
    choice, findings = choose_repository(options, values, provenance)
    repository_text = choice.text if choice else ""

    if cloud is None:
        problems = clouds.misplaced_options(options.groups, None)
        plan = Plan(clouds.private.NAME, repository_text, authentication_type=authentication)
        if not problems:
            _private(validation, options, plan)
        return plan, problems

    problems = [
        *clouds.misplaced_options(options.groups, cloud.NAME, private_registries=False),
        *cloud.option_problems(options),
        *clouds.misplaced_options(options.groups, cloud.NAME, private_registries=True),
    ]
    if problems:
        return None, problems
    plan = Plan(cloud.NAME, repository_text, authentication_type=authentication)
    if auth_cloud is not None and auth_cloud is not cloud:
        plan.findings.append(
            Finding(
                CLOUD_MISMATCH.id,
                Severity.ERROR,
                f"--cloud {cloud.NAME} contradicts authenticationType {authentication!r}, which "
                f"uses {auth_cloud.NAME} credentials",
                format_path(AUTHENTICATION_PATH),
                f"Drop --cloud (it defaults to {auth_cloud.NAME}) or change authenticationType.",
                provenance.locate(AUTHENTICATION_PATH),
            )
        )
    plan.findings.extend(findings)
    if choice is None:
        return plan, []

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
    cloud.build_plan(context)
    return plan, []


def _private(validation: Validation, options: IamOptions, plan: Plan) -> None:
    """noop/basic: what must allow what; for a private registry, the image-pull-secret steps."""
    from chartgen.clouds import private
    from chartgen.iam.inputs import IamContext, check_private_repository, choose_repository
    from chartgen.registry import parse_repository

    values = validation.values
    assert values is not None
    choice, _ = choose_repository(options, values, validation.loaded.provenance)
    repository = parse_repository(choice.text) if choice else None
    is_private = repository is not None and (
        repository.is_private_registry or not repository.qualified
    )
    # noop with a private registry is the documented flow, not "nothing authenticates".
    if not is_private or values.imageBuilder.authenticationType == private.BASIC:
        private.build_guidance_plan(values, plan.repository, plan)
    if choice is None or repository is None or not is_private:
        return
    findings = check_private_repository(repository, choice)
    plan.findings.extend(findings)
    if any(f.severity is Severity.ERROR for f in findings):
        return
    context = IamContext(
        options,
        values,
        validation.loaded.provenance,
        repository,
        plan,
        repository_location=choice.location,
        repository_path=choice.path,
    )
    private.private_registry_steps(context, repository)
