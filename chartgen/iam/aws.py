"""AWS: the ECR permissions of the user, operator-proxy and node roles, as policy documents.

Who needs what (SPEC §5):

- the **user role** (build tasks, through `docker-credential-ecr-login`) logs in, pushes the
  built image and pulls its layers: `ECRAuth` (`ecr:GetAuthorizationToken`, the one action that
  only exists on `"*"`) and `ECRPushPull` on `repository/NAME` **and** `repository/NAME/*`, since
  images land in sub-repositories; with `--base-image`, `ECRPullBaseImage` on that repository;
- the **operator-proxy role** checks which images exist: `ECRAuth` and `ecr:DescribeImages`;
- the **node role** pulls what was built: the pull trio — plus `ECRAuth`, without which the
  kubelet's ECR credential provider cannot log in at all (the managed node policies
  `AmazonEC2ContainerRegistryReadOnly`/`PullOnly` grant it too, so this adds nothing for them);
- `--cross-account`: the registry account's **repository policy** allows exactly those roles
  (`AllowPull`, `AllowDescribeImages`, `ManageRepositoryContents`), principals as full role ARNs,
  never an account `:root`;
- `--base-image`: a pull-only repository policy on the base image's repository;
- `--trust-policy`: the user role's IRSA trust, pinned to the service accounts build tasks run
  as — `system:serviceaccount:NS:union` in single-namespace mode; in multi-namespace mode the
  `default` service account of every project-domain namespace, as `StringLike` patterns
  (`*-development`, `*-staging`, `*-production`: Union's `{project}-{domain}` mapping) unless
  `--build-namespace` names them; `aud` is always pinned to `sts.amazonaws.com`;
- `--ecr-create-on-push`: a repository creation template (`CREATE_ON_PUSH`) for `NAME/`, so the
  first push of `NAME/IMAGE` creates it (with the cross-account repository policy), and
  `ecr:CreateRepository` on `repository/NAME/*` for the user role; `--ecr-create-repository
  IMAGE` creates `NAME/IMAGE` ahead instead. ECR creates nothing on push by itself.

Cross-account set-ups are applied in *parts*, one per account (the data-plane account's roles,
the registry account's repository policy, a base image's account): each with its own AWS CLI
profile (`--dataplane-profile`, `--registry-profile`, `--base-image-profile`) or Terraform
provider alias, checked against the account before anything changes.

Role defaults: `union-user-role`, `union-operator-proxy-role`, `union-node-role` (override with
`--user-role`, `--operator-proxy-role`, `--node-role`). The ARN partition follows the region of the
repository host (`cn-*` → `aws-cn`, `us-gov-*` → `aws-us-gov`, the ISO partitions, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from chartgen.findings import Severity
from chartgen.iam import (
    ACCOUNT_MISMATCH,
    BAD_BASE_IMAGE,
    BAD_IDENTIFIER,
    NOT_CROSS_ACCOUNT,
    TRUST_ANY_NAMESPACE,
)
from chartgen.iam.inputs import IamContext, build_subjects
from chartgen.iam.plan import (
    AccountPart,
    CreateRepository,
    CreationTemplate,
    Placeholder,
    PolicyDocument,
    RepositoryPolicy,
    RolePolicy,
    TrustPolicy,
    WorkloadSettings,
)
from chartgen.registry import Repository, parse_image

VERSION = "2012-10-17"

AUTH = ("ecr:GetAuthorizationToken",)
PULL = ("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")
PUSH = (
    "ecr:BatchCheckLayerAvailability",
    "ecr:InitiateLayerUpload",
    "ecr:UploadLayerPart",
    "ecr:CompleteLayerUpload",
    "ecr:PutImage",
)
PUSH_PULL = (*PULL, *PUSH[1:])
DESCRIBE = ("ecr:DescribeImages",)
CREATE = ("ecr:CreateRepository",)

Role = Literal["user", "operator-proxy", "node"]
# What an identity-policy statement names: "*" (only ever for ECRAuth), the target repository
# and its sub-repositories, the sub-repositories alone (created on push), or the base image's
# repository (a statement is dropped when its scope is empty).
Scope = Literal["*", "repository", "sub-repositories", "base-image"]


@dataclass(frozen=True)
class Statement:
    sid: str
    actions: tuple[str, ...]
    scope: Scope


@dataclass(frozen=True)
class RoleSpec:
    role: Role
    option: str
    field: str
    default: str
    policy_name: str
    purpose: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class RepositoryStatement:
    sid: str
    actions: tuple[str, ...]
    principals: tuple[Role, ...]


ECR_AUTH = Statement("ECRAuth", AUTH, "*")

ROLES: tuple[RoleSpec, ...] = (
    RoleSpec(
        "user",
        "--user-role",
        "user_role",
        "union-user-role",
        "union-image-builder-user",
        "build tasks log in, push the built image and pull its layers",
        (
            ECR_AUTH,
            Statement("ECRPushPull", PUSH_PULL, "repository"),
            Statement("ECRCreateOnPush", CREATE, "sub-repositories"),
            Statement("ECRPullBaseImage", PULL, "base-image"),
        ),
    ),
    RoleSpec(
        "operator-proxy",
        "--operator-proxy-role",
        "operator_proxy_role",
        "union-operator-proxy-role",
        "union-image-builder-operator-proxy",
        "the operator-proxy checks which images already exist",
        (ECR_AUTH, Statement("ECRDescribeImages", DESCRIBE, "repository")),
    ),
    RoleSpec(
        "node",
        "--node-role",
        "node_role",
        "union-node-role",
        "union-image-builder-node",
        "nodes pull the built images (the kubelet logs in first)",
        (
            ECR_AUTH,
            Statement("ECRPull", PULL, "repository"),
            Statement("ECRPullBaseImage", PULL, "base-image"),
        ),
    ),
)

# The registry account's side of a cross-account setup (the seed's policy, completed).
REPOSITORY_POLICY: tuple[RepositoryStatement, ...] = (
    RepositoryStatement("AllowPull", PULL, ("user", "node")),
    RepositoryStatement("AllowDescribeImages", DESCRIBE, ("operator-proxy",)),
    RepositoryStatement("ManageRepositoryContents", PUSH, ("user",)),
)
BASE_IMAGE_POLICY: tuple[RepositoryStatement, ...] = (
    RepositoryStatement("AllowPull", PULL, ("user", "node")),
)

IRSA_AUDIENCE = "sts.amazonaws.com"
IRSA_ANNOTATION = "eks.amazonaws.com/role-arn"

DATAPLANE_ACCOUNT = Placeholder(
    "DATAPLANE_ACCOUNT_ID",
    "the 12-digit AWS account ID where the data-plane roles live",
    "--dataplane-account",
)
OIDC_PROVIDER = Placeholder(
    "OIDC_PROVIDER",
    "the cluster OIDC provider without https://, e.g. oidc.eks.REGION.amazonaws.com/id/ID",
    "--oidc-provider",
)
PROFILES = {
    "dataplane": Placeholder(
        "DATAPLANE_AWS_PROFILE",
        "the AWS CLI profile with credentials of the data-plane account",
        "--dataplane-profile",
    ),
    "registry": Placeholder(
        "REGISTRY_AWS_PROFILE",
        "the AWS CLI profile with credentials of the registry account",
        "--registry-profile",
    ),
    "base-image-registry": Placeholder(
        "BASE_IMAGE_AWS_PROFILE",
        "the AWS CLI profile with credentials of the account of the base image",
        "--base-image-profile",
    ),
}
PART_LABELS = {
    "dataplane": "the data-plane account (roles)",
    "registry": "the registry account (repository policy)",
    "base-image-registry": "the base image's account (its repository policy)",
}


def repository_arn(repository: Repository) -> str:
    return (
        f"arn:{repository.partition}:ecr:{repository.region}:{repository.account}:"
        f"repository/{repository.path}"
    )


def _resource(arns: tuple[str, ...]) -> str | list[str]:
    return arns[0] if len(arns) == 1 else list(arns)


def identity_document(spec: RoleSpec, scopes: dict[Scope, tuple[str, ...]]) -> PolicyDocument:
    statements = [
        {
            "Sid": statement.sid,
            "Effect": "Allow",
            "Action": list(statement.actions),
            "Resource": _resource(scopes[statement.scope]),
        }
        for statement in spec.statements
        if scopes.get(statement.scope)
    ]
    return {"Version": VERSION, "Statement": statements}


def repository_document(
    statements: tuple[RepositoryStatement, ...], role_arns: dict[Role, str]
) -> PolicyDocument:
    return {
        "Version": VERSION,
        "Statement": [
            {
                "Sid": statement.sid,
                "Effect": "Allow",
                "Principal": {
                    "AWS": list(dict.fromkeys(role_arns[r] for r in statement.principals))
                },
                "Action": list(statement.actions),
            }
            for statement in statements
        ],
    }


def trust_document(
    partition: str, account: str, provider: str, subjects: tuple[tuple[str, str], ...]
) -> PolicyDocument:
    """The IRSA trust: `aud` pinned, `sub` one of the build service accounts.

    Exact subjects use `StringEquals`; when a namespace is a pattern every subject goes under
    `StringLike` (a subject without `*` still matches only itself there). Kubernetes names
    contain no `:`, so `*` cannot reach across the namespace into the service-account part.
    """
    subs = [f"system:serviceaccount:{namespace}:{account_}" for namespace, account_ in subjects]
    sub: str | list[str] = subs[0] if len(subs) == 1 else subs
    patterns = any("*" in namespace for namespace, _ in subjects)
    condition: dict[str, dict[str, str | list[str]]] = {
        "StringEquals": {f"{provider}:aud": IRSA_AUDIENCE},
    }
    if patterns:
        condition["StringLike"] = {f"{provider}:sub": sub}
    else:
        condition["StringEquals"] = {f"{provider}:sub": sub, f"{provider}:aud": IRSA_AUDIENCE}
    return {
        "Version": VERSION,
        "Statement": [
            {
                "Sid": "AssumeFromServiceAccount",
                "Effect": "Allow",
                "Principal": {
                    "Federated": f"arn:{partition}:iam::{account}:oidc-provider/{provider}"
                },
                "Action": ["sts:AssumeRoleWithWebIdentity"],
                "Condition": condition,
            }
        ],
    }


def _dataplane_account(ctx: IamContext) -> str:
    """Where the roles live: --dataplane-account, global.AWS_ACCOUNT_ID, or the registry's."""
    options, registry_account = ctx.options, ctx.repository.account or ""
    if options.dataplane_account is not None:
        account = ctx.identifier(
            options.dataplane_account, "--dataplane-account", "aws-account", DATAPLANE_ACCOUNT
        )
        valid = account == options.dataplane_account
        if valid and not options.cross_account and account != registry_account:
            ctx.option_finding(
                ACCOUNT_MISMATCH,
                Severity.ERROR,
                "--dataplane-account",
                f"the repository is in account {registry_account}, the data plane in "
                f"{account}: identity policies alone cannot reach it",
                "Add --cross-account to also get the registry account's repository policy.",
            )
        return account
    from_values = ctx.values.aws_account_id
    if from_values:
        path = ("global", "AWS_ACCOUNT_ID")
        if not from_values.isdigit() or len(from_values) != 12:
            ctx.value_finding(
                BAD_IDENTIFIER,
                Severity.ERROR,
                path,
                f"global.AWS_ACCOUNT_ID {from_values!r} is not a 12-digit AWS account ID",
                "Set global.AWS_ACCOUNT_ID to the data plane's account, or pass "
                "--dataplane-account.",
            )
        elif not options.cross_account and from_values != registry_account:
            ctx.value_finding(
                ACCOUNT_MISMATCH,
                Severity.WARNING,
                path,
                f"the repository is in account {registry_account} but global.AWS_ACCOUNT_ID is "
                f"{from_values}: a cross-account setup needs a repository policy too",
                "Add --cross-account (or --dataplane-account if global.AWS_ACCOUNT_ID is not "
                "the data plane's account).",
            )
        return from_values
    if not options.cross_account:
        return registry_account
    return ctx.identifier(None, "--dataplane-account", "aws-account", DATAPLANE_ACCOUNT)


def _base_image(ctx: IamContext) -> Repository | None:
    text = ctx.options.base_image
    if text is None:
        return None
    base = parse_image(text)
    problems = list(base.problems)
    if base.kind != "ecr":
        problems.append("is not in a private ECR repository")
    elif base.partition != ctx.repository.partition:
        problems.append(
            f"is in partition {base.partition}, the repository in {ctx.repository.partition}"
        )
    for problem in dict.fromkeys(problems):
        ctx.option_finding(
            BAD_BASE_IMAGE,
            Severity.ERROR,
            "--base-image",
            f"base image {text!r} {problem}",
            "Pass a private ECR image (ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME[:TAG]) in the "
            "repository's partition; public images need no IAM.",
        )
    return base if not problems else None


def _parts(
    ctx: IamContext, account: str, registry_account: str, base: Repository | None
) -> dict[str, str]:
    """The account part of each kind of grant; parts are declared only when accounts differ."""
    options, plan = ctx.options, ctx.plan
    region = ctx.repository.region or ""
    accounts = {"dataplane": account}
    if options.cross_account:
        accounts["registry"] = registry_account
    if base is not None:
        accounts["base-image-registry"] = base.account or ""
    # A part whose account another part already has collapses into that one.
    owner: dict[str, str] = {}
    for key, number in accounts.items():
        owner[key] = next(k for k, n in accounts.items() if n == number)
    distinct = list(dict.fromkeys(owner.values()))
    if len(distinct) < 2:
        return {key: "" for key in ("dataplane", "registry", "base-image-registry")}
    for key in distinct:
        given = {
            "dataplane": options.dataplane_profile,
            "registry": options.registry_profile,
            "base-image-registry": options.base_image_profile,
        }[key]
        placeholder = PROFILES[key]
        profile = ctx.identifier(given, placeholder.option, "aws-profile", placeholder)
        plan.parts.append(
            AccountPart(
                key,
                PART_LABELS[key],
                accounts[key],
                base.region or region if key == "base-image-registry" and base else region,
                profile,
            )
        )
    return {
        key: owner.get(key, "dataplane") for key in ("dataplane", "registry", "base-image-registry")
    }


def _created_repositories(ctx: IamContext) -> list[str]:
    names = []
    for image in ctx.options.ecr_create_repositories:
        name = ctx.identifier(image, "--ecr-create-repository", "image-name", None)
        if name:
            names.append(f"{ctx.repository.path}/{name}")
    return list(dict.fromkeys(names))


def build_aws_plan(ctx: IamContext) -> None:
    """Fill `ctx.plan` with the AWS documents for `ctx.repository`."""
    options, plan, repository = ctx.options, ctx.plan, ctx.repository
    partition = repository.partition or "aws"
    registry_account = repository.account or ""
    region = repository.region or ""

    role_names = {
        spec.role: ctx.identifier(
            getattr(options, spec.field) or spec.default, spec.option, "iam-role", None
        )
        for spec in ROLES
    }
    account = _dataplane_account(ctx)
    cross = options.cross_account
    if cross and account == registry_account:
        ctx.option_finding(
            NOT_CROSS_ACCOUNT,
            Severity.WARNING,
            "--cross-account",
            f"the data plane and the repository are both in account {account}: the repository "
            "policy is not needed",
            "Drop --cross-account, or pass the data plane's account with --dataplane-account.",
        )
    role_arns: dict[Role, str] = {
        role: f"arn:{partition}:iam::{account}:role/{name}" for role, name in role_names.items()
    }
    base = _base_image(ctx)
    parts = _parts(ctx, account, registry_account, base)

    target = repository_arn(repository)
    scopes: dict[Scope, tuple[str, ...]] = {
        "*": ("*",),
        "repository": (target, f"{target}/*"),
        "sub-repositories": (f"{target}/*",) if options.ecr_create_on_push else (),
        "base-image": (repository_arn(base),) if base else (),
    }
    for spec in ROLES:
        plan.grants.append(
            RolePolicy(
                f"{spec.role}-role-policy",
                role_names[spec.role],
                spec.policy_name,
                identity_document(spec, scopes),
                spec.purpose,
                parts["dataplane"],
            )
        )
    repository_policy = repository_document(REPOSITORY_POLICY, role_arns) if cross else None
    if repository_policy is not None:
        plan.grants.append(
            RepositoryPolicy(
                "repository-policy",
                registry_account,
                region,
                repository.path,
                repository_policy,
                "the registry account lets the data-plane roles in",
                parts["registry"],
            )
        )
    _repository_creation(ctx, repository_policy, parts["registry"])
    if base is not None:
        plan.grants.append(
            RepositoryPolicy(
                "base-image-repository-policy",
                base.account or "",
                base.region or "",
                base.path,
                repository_document(BASE_IMAGE_POLICY, role_arns),
                "build tasks and nodes pull the private base image",
                parts["base-image-registry"],
            )
        )
    if cross:
        plan.notes.append(
            f"Two accounts: the repository policy is applied with credentials of the registry "
            f"account {registry_account}, the role policies with those of the data-plane "
            f"account {account}; each part is checked against its account before anything "
            "changes."
        )
    if options.trust_policy:
        _trust(ctx, partition, account, role_names["user"], role_arns["user"], parts["dataplane"])


def _repository_creation(
    ctx: IamContext, repository_policy: PolicyDocument | None, part: str
) -> None:
    """What makes the repositories under NAME/ exist: a template, explicit ones, or a note."""
    options, plan, repository = ctx.options, ctx.plan, ctx.repository
    account, region, name = repository.account or "", repository.region or "", repository.path
    if options.ecr_create_on_push:
        plan.grants.append(
            CreationTemplate(
                "repository-creation-template",
                account,
                region,
                name,
                repository_policy,
                f"the first push of {name}/IMAGE creates that repository"
                + (" with the repository policy" if repository_policy else ""),
                part,
            )
        )
        if options.cross_account:
            plan.notes.append(
                "Create on push across accounts: the registry account's registry permissions "
                "policy (aws ecr put-registry-policy) must also allow ecr:CreateRepository on "
                f"repository/{name}/* to the user role."
            )
    created = _created_repositories(ctx)
    for index, created_name in enumerate(created, start=1):
        plan.grants.append(
            CreateRepository(
                f"create-repository-{index}",
                account,
                region,
                created_name,
                f"builds push {created_name}",
                part,
            )
        )
        if repository_policy is not None:
            plan.grants.append(
                RepositoryPolicy(
                    f"repository-policy-{index}",
                    account,
                    region,
                    created_name,
                    repository_policy,
                    f"the registry account lets the data-plane roles into {created_name}",
                    part,
                )
            )
    if not options.ecr_create_on_push and not created:
        plan.notes.append(
            f"ECR creates no repository on push: every {name}/IMAGE a build pushes must exist "
            "first. Pass --ecr-create-on-push for a creation template that creates them on the "
            "first push, or --ecr-create-repository IMAGE for each one."
        )
    elif options.cross_account and not options.ecr_create_on_push:
        plan.notes.append(
            f"An ECR repository policy covers one repository: each repository under {name}/ "
            "carries its own copy (one per --ecr-create-repository)."
        )


def _trust(
    ctx: IamContext, partition: str, account: str, role: str, role_arn: str, part: str
) -> None:
    options, plan = ctx.options, ctx.plan
    provider_text = options.oidc_provider
    if provider_text is not None:
        provider_text = provider_text.removeprefix("https://").removesuffix("/")
    provider = ctx.identifier(provider_text, "--oidc-provider", "oidc-provider", OIDC_PROVIDER)
    chosen = build_subjects(ctx, patterns_allowed=True)
    for namespace, _ in chosen.subjects:
        if namespace.strip("*-") == "":
            ctx.option_finding(
                TRUST_ANY_NAMESPACE,
                Severity.WARNING,
                "--build-namespace",
                f"--build-namespace {namespace!r} matches every namespace: any pod running as "
                "that service account anywhere in the cluster may assume the user role",
                "Name the build namespaces (or a pattern such as *-development).",
            )
    plan.grants.append(
        TrustPolicy(
            "user-role-trust-policy",
            role,
            trust_document(partition, account, provider, chosen.subjects),
            "IRSA: only the service accounts build tasks run as may assume the user role",
            part,
        )
    )
    plan.grants.append(
        WorkloadSettings(
            "user-workload",
            chosen.subjects,
            ((IRSA_ANNOTATION, role_arn),),
            purpose="the service accounts build tasks run as assume the user role",
        )
    )
    plan.notes.append(f"Build identities: {chosen.source}.")
    plan.notes.append(
        "The trust policy replaces the user role's whole trust policy: merge it with any "
        "statements other principals rely on."
    )
