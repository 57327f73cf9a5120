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
- `--trust-policy`: the user role's IRSA trust, pinned to one `system:serviceaccount:NS:SA`.

Role defaults: `union-user-role`, `union-operator-proxy-role`, `union-node-role` (override with
`--user-role`, `--operator-proxy-role`, `--node-role`). The ARN partition follows the region of the
repository host (`cn-*` → `aws-cn`, `us-gov-*` → `aws-us-gov`, the ISO partitions, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from chartgen.findings import Severity
from chartgen.iam import ACCOUNT_MISMATCH, BAD_BASE_IMAGE, BAD_IDENTIFIER, NOT_CROSS_ACCOUNT
from chartgen.iam.inputs import IamContext
from chartgen.iam.plan import (
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

Role = Literal["user", "operator-proxy", "node"]
# What an identity-policy statement names: "*" (only ever for ECRAuth), the target repository
# and its sub-repositories, or the base image's repository (statement dropped without one).
Scope = Literal["*", "repository", "base-image"]


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
NAMESPACE = Placeholder(
    "NAMESPACE", "the namespace of the service account build tasks run as", "--namespace"
)
SERVICE_ACCOUNT = Placeholder(
    "SERVICE_ACCOUNT", "the Kubernetes service account build tasks run as", "--service-account"
)


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
    partition: str, account: str, provider: str, namespace: str, service_account: str
) -> PolicyDocument:
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
                "Condition": {
                    "StringEquals": {
                        f"{provider}:sub": f"system:serviceaccount:{namespace}:{service_account}",
                        f"{provider}:aud": IRSA_AUDIENCE,
                    }
                },
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

    target = repository_arn(repository)
    scopes: dict[Scope, tuple[str, ...]] = {
        "*": ("*",),
        "repository": (target, f"{target}/*"),
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
            )
        )
    if cross:
        plan.grants.append(
            RepositoryPolicy(
                "repository-policy",
                registry_account,
                region,
                repository.path,
                repository_document(REPOSITORY_POLICY, role_arns),
                "the registry account lets the data-plane roles in",
            )
        )
        plan.notes.append(
            f"Apply the repository policy with credentials of the registry account "
            f"{registry_account}, the role policies in the data-plane account."
        )
        plan.notes.append(
            f"An ECR repository policy covers one repository: images pushed under "
            f"{repository.path}/ land in repositories of their own, which need the same policy."
        )
    if base is not None:
        plan.grants.append(
            RepositoryPolicy(
                "base-image-repository-policy",
                base.account or "",
                base.region or "",
                base.path,
                repository_document(BASE_IMAGE_POLICY, role_arns),
                "build tasks and nodes pull the private base image",
            )
        )
    if options.trust_policy:
        provider_text = options.oidc_provider
        if provider_text is not None:
            provider_text = provider_text.strip().removeprefix("https://").rstrip("/")
        provider = ctx.identifier(provider_text, "--oidc-provider", "oidc-provider", OIDC_PROVIDER)
        namespace = ctx.identifier(options.namespace, "--namespace", "k8s-namespace", NAMESPACE)
        service_account = ctx.identifier(
            options.service_account, "--service-account", "k8s-service-account", SERVICE_ACCOUNT
        )
        plan.grants.append(
            TrustPolicy(
                "user-role-trust-policy",
                role_names["user"],
                trust_document(partition, account, provider, namespace, service_account),
                "IRSA: only this service account may assume the user role",
            )
        )
        plan.grants.append(
            WorkloadSettings(
                "user-workload",
                namespace,
                service_account,
                ((IRSA_ANNOTATION, role_arns["user"]),),
                purpose="the service account build tasks run as assumes the user role",
            )
        )
        plan.notes.append(
            "The trust policy replaces the user role's whole trust policy: merge it with any "
            "statements other principals rely on."
        )
