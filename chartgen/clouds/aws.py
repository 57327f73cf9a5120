"""AWS: the `aws` authenticationType, Amazon ECR and its partitions, the IAM of ECR.

**Registry.** ECR hosts are `ACCOUNT.dkr.ecr[-fips].REGION.DOMAIN` and, dual-stack,
`ACCOUNT.dkr-ecr[-fips].REGION.DOMAIN`. Which regions belong to which partition, which domain
each partition's registry hosts use, and where dual-stack and FIPS endpoints exist are one
table, `AWS_PARTITIONS`, read by the validate rules, the default repository's derivation, the
chart and `chartgen iam-policy` alike (source: the AWS SDK's endpoint data and the ECR endpoint
reference: FIPS registry endpoints `dkr.ecr-fips` exist only in us-east-1, us-east-2,
us-west-1, us-west-2, us-gov-east-1 and us-gov-west-1). `public.ecr.aws` is ECR Public, never a
push target. The default repository, when `storage.provider` is aws, is
`ACCOUNT.dkr.ecr.REGION.DOMAIN/NAME` from `global.AWS_ACCOUNT_ID`, `storage.region` and
`registryName`, with the region's partition's domain.

**IAM** (SPEC §5), who needs what:

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

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Literal, NamedTuple

from chartgen.clouds.base import (
    METADATA_BUCKET,
    Flag,
    Grammar,
    OptionGroup,
    RepositoryForm,
    StarterPlaceholder,
    fill_template,
    grammar,
)
from chartgen.findings import FindingKind, Severity
from chartgen.iam.placeholder import Placeholder

if TYPE_CHECKING:
    from chartgen.iam.inputs import IamContext, IamOptions
    from chartgen.iam.plan import PolicyDocument
    from chartgen.registry import Reference, Repository

NAME = "aws"
LABEL = "AWS"
AUTHENTICATION_TYPE = "aws"
STORAGE_PROVIDERS: tuple[str, ...] = ("aws",)
TOP_LEVEL_PROVIDERS: tuple[str, ...] = ()
REGISTRY_KINDS: tuple[str, ...] = ("ecr",)
REGISTRY_LABEL = "Amazon ECR"
IAM_TARGET = "an ECR repository (ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME)"
# The pod identity webhook reads `PREFIX/role-arn`; its prefix is configurable
# (`global.AWS_POD_IDENTITY_ANNOTATION_PREFIX` in Union's AWS values).
IDENTITY_ANNOTATION = "eks.amazonaws.com/role-arn"
IDENTITY_SYSTEM = "IRSA"
IDENTITY_PREFIX_VARIES = True
BUILD_IDENTITY = "the user role"

# -- partitions ---------------------------------------------------------------------------------


class AwsPartition(NamedTuple):
    """One AWS partition as ECR sees it."""

    name: str  # the ARN partition: aws, aws-cn, ...
    label: str  # how messages name it
    region: Grammar  # the shape of its region names
    registry_domain: str  # ACCOUNT.dkr.ecr.REGION.<registry_domain>
    dualstack_domain: str | None  # ACCOUNT.dkr-ecr.REGION.<dualstack_domain>; None: no dual-stack
    fips_regions: frozenset[str]  # regions with a dkr.ecr-fips registry endpoint


def _regions(pattern: str) -> Grammar:
    return grammar(pattern, "a region name of the partition")


# Most specific first: `us-gov-west-1` must not be taken for a commercial `us-` region.
AWS_PARTITIONS: tuple[AwsPartition, ...] = (
    AwsPartition(
        "aws-us-gov",
        "AWS GovCloud (US)",
        _regions(r"us-gov-[a-z]+-\d+"),
        "amazonaws.com",
        "on.aws",
        frozenset({"us-gov-east-1", "us-gov-west-1"}),
    ),
    AwsPartition(
        "aws-iso-b", "AWS ISOB", _regions(r"us-isob-[a-z]+-\d+"), "sc2s.sgov.gov", None, frozenset()
    ),
    AwsPartition(
        "aws-iso-f",
        "AWS ISOF",
        _regions(r"us-isof-[a-z]+-\d+"),
        "csp.hci.ic.gov",
        None,
        frozenset(),
    ),
    AwsPartition(
        "aws-iso", "AWS ISO", _regions(r"us-iso-[a-z]+-\d+"), "c2s.ic.gov", None, frozenset()
    ),
    AwsPartition(
        "aws-iso-e",
        "AWS ISOE",
        _regions(r"eu-isoe-[a-z]+-\d+"),
        "cloud.adc-e.uk",
        None,
        frozenset(),
    ),
    AwsPartition(
        "aws-eusc",
        "AWS European Sovereign Cloud",
        _regions(r"eusc-[a-z]+-[a-z]+-\d+"),
        "amazonaws.eu",
        None,
        frozenset(),
    ),
    AwsPartition(
        "aws-cn",
        "AWS China",
        _regions(r"cn-[a-z]+-\d+"),
        "amazonaws.com.cn",
        "on.amazonwebservices.com.cn",
        frozenset(),
    ),
    AwsPartition(
        "aws",
        "AWS commercial",
        _regions(r"(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+"),
        "amazonaws.com",
        "on.aws",
        frozenset({"us-east-1", "us-east-2", "us-west-1", "us-west-2"}),
    ),
)
# Where a region name has no known shape: ARNs and hosts of the commercial partition.
DEFAULT_PARTITION = AWS_PARTITIONS[-1]
FIPS_REGIONS: frozenset[str] = frozenset().union(*(p.fips_regions for p in AWS_PARTITIONS))
_REGISTRY_DOMAINS = frozenset(p.registry_domain for p in AWS_PARTITIONS)
_DUALSTACK_DOMAINS = frozenset(p.dualstack_domain for p in AWS_PARTITIONS if p.dualstack_domain)


# A region's partition is asked for several times per repository parsed, and a batch of values
# files names a handful of regions.
@lru_cache(maxsize=256)
def partition_of(region: str) -> AwsPartition | None:
    """The partition whose region names `region` has the shape of, or None."""
    for partition in AWS_PARTITIONS:
        if partition.region.accepts(region):
            return partition
    return None


def aws_partition(region: str) -> str:
    """The ARN partition of an AWS region (`cn-north-1` → `aws-cn`; unknown shapes → `aws`)."""
    partition = partition_of(region)
    return partition.name if partition else DEFAULT_PARTITION.name


def registry_domain(region: str) -> str:
    """The domain of the standard registry hosts in `region` (`amazonaws.com.cn` in China)."""
    partition = partition_of(region)
    return partition.registry_domain if partition else DEFAULT_PARTITION.registry_domain


# ACCOUNT.dkr.ecr[-fips].REGION.DOMAIN and ACCOUNT.dkr-ecr[-fips].REGION.DOMAIN (dual-stack).
_ACCOUNT = r"\d{12}"  # an AWS account ID, in registry hosts and on the command line
_ECR_HOST = grammar(
    rf"(?P<account>{_ACCOUNT})\.(?P<service>dkr\.ecr|dkr-ecr)(?P<fips>-fips)?\."
    r"(?P<region>[a-z0-9]+(?:-[a-z0-9]+)+)\.(?P<domain>[a-z0-9.-]+)",
    "an ECR registry host",
)


def _ecr_host_problems(region: str, domain: str, fips: bool, dualstack: bool) -> list[str]:
    """Why an ECR-shaped host does not exist, from the partition table."""
    partition = partition_of(region)
    if partition is None:
        return [f"{region!r} is not an AWS region name"]
    problems = []
    expected = partition.dualstack_domain if dualstack else partition.registry_domain
    kind = "dual-stack registry hosts" if dualstack else "registry hosts"
    if expected is None:
        problems.append(
            f"the {partition.label} partition ({region}) has no dual-stack ECR endpoint"
        )
    elif domain != expected:
        problems.append(
            f"{region} is in the {partition.label} partition, whose {kind} end in .{expected}, "
            f"not .{domain}"
        )
    if fips and region not in partition.fips_regions:
        where = ", ".join(sorted(FIPS_REGIONS))
        problems.append(
            f"ECR has no FIPS registry endpoint in {region} (only in {where}); drop -fips"
        )
    return problems


# -- other registries ---------------------------------------------------------------------------

# -- the registry ---------------------------------------------------------------------------------

PUBLIC_HOST = "public.ecr.aws"


def parse_registry(reference: Reference) -> Repository | None:
    """An ECR repository (or ECR Public, which cannot be pushed to), or None for other hosts."""
    from chartgen.registry import PATH_COMPONENT, Repository

    text, host, path = reference.raw, reference.host, reference.path
    problems = list(reference.problems)
    if host == PUBLIC_HOST:
        problems.append("is ECR Public, which cannot be a push target for private builds")
        return Repository(
            text, host, path, "ecr-public", "Amazon ECR Public", problems=tuple(problems)
        )
    match = _ECR_HOST.match(host)
    if not match:
        return None
    dualstack = match.group("service") == "dkr-ecr"
    domain = match.group("domain")
    if domain not in _REGISTRY_DOMAINS | _DUALSTACK_DOMAINS:
        return None  # an ECR-like name under some other domain: not ECR at all
    region = match.group("region")
    fips = bool(match.group("fips"))
    problems.extend(_ecr_host_problems(region, domain, fips, dualstack))
    if not path:
        problems.append("names no repository after the registry host")
    elif not all(PATH_COMPONENT.accepts(p) for p in path.lower().split("/")):
        problems.append(f"repository name {path!r} is not a valid ECR repository name")
    return Repository(
        text,
        host,
        path,
        "ecr",
        REGISTRY_LABEL,
        cloud=NAME,
        account=match.group("account"),
        region=region,
        partition=aws_partition(region),
        fips=fips,
        dualstack=dualstack,
        problems=tuple(dict.fromkeys(problems)),
    )


def repository_arn(repository: Repository) -> str:
    return (
        f"arn:{repository.partition}:ecr:{repository.region}:{repository.account}:"
        f"repository/{repository.path}"
    )


# -- the default repository ---------------------------------------------------------------------


def derive_repository(parts: Mapping[str, str]) -> str:
    """The reference chart's derived ECR repository, in the region's partition's domain."""
    return fill_template(REPOSITORY.template, {**parts, "DOMAIN": registry_domain(parts["REGION"])})


REPOSITORY = RepositoryForm(
    "ecr",
    "an Amazon ECR repository",
    "ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME",
    "ACCOUNT.dkr.ecr.REGION.DOMAIN/NAME",
    (
        ("ACCOUNT", ("global", "AWS_ACCOUNT_ID")),
        ("REGION", ("storage", "region")),
        ("NAME", ("imageBuilder", "registryName")),
    ),
    {"ACCOUNT": "123456789012", "REGION": "us-east-1", "NAME": "union-dataplane"},
    derive_repository,
)

ACCOUNT_PLACEHOLDER = StarterPlaceholder(
    "123456789012",
    "the example account ID of AWS's documentation",
    "your 12-digit AWS account ID (aws sts get-caller-identity --query Account --output text)",
)
PLACEHOLDERS: tuple[StarterPlaceholder, ...] = (ACCOUNT_PLACEHOLDER, METADATA_BUCKET)

STARTER_VALUES = f"""\
global:
  AWS_ACCOUNT_ID: "{ACCOUNT_PLACEHOLDER.value}"      # REPLACE: your AWS account ID, quoted

storage:
  provider: aws
  authType: iam
  region: us-east-1                  # your region
  bucketName: {METADATA_BUCKET.value}      # REPLACE: the data plane's metadata bucket

# Who needs which grant (`chartgen iam-policy --cloud aws` prints them): the user role, on the
# pods of build tasks, logs in to ECR, pushes and pulls; the operator-proxy role describes
# images; the node role pulls. buildkitd needs no role: BuildKit pushes with the credentials
# the build task forwards, and a role on its ServiceAccount would serve every build step.
userRoleAnnotationKey: eks.amazonaws.com/role-arn
# The user role's ARN, in your account:
userRoleAnnotationValue: arn:aws:iam::{ACCOUNT_PLACEHOLDER.value}:role/union-user-role  # REPLACE

imageBuilder:
  authenticationType: aws
  # Empty derives ACCOUNT.dkr.ecr.REGION.amazonaws.com/<registryName> from the keys above.
  defaultRepository: ""
  registryName: union-dataplane      # the ECR repository images go under
"""

# -- iam-policy -----------------------------------------------------------------------------------

ACCOUNT_MISMATCH = FindingKind(
    "IB506",
    "iam-account-mismatch",
    Severity.ERROR,
    """The repository lives in another AWS account than the data plane.

Identity policies alone do not reach a repository in another account: the registry account must
also allow the data-plane roles in a repository policy. Pass `--cross-account` to get it. (A
warning when the other account comes from `global.AWS_ACCOUNT_ID` rather than
`--dataplane-account`.)""",
)

NOT_CROSS_ACCOUNT = FindingKind(
    "IB507",
    "iam-not-cross-account",
    Severity.WARNING,
    """`--cross-account` was given, but the data plane and the registry share one account.

The repository policy is then unnecessary: identity policies suffice within one account.""",
)

TRUST_ANY_NAMESPACE = FindingKind(
    "IB514",
    "iam-trust-any-namespace",
    Severity.WARNING,
    """A trust subject matches the service account in every namespace.

`--build-namespace '*'` lets any pod running as that service account name anywhere in the
cluster assume the user role (Union's own example trusts `system:serviceaccount:*`). Name the
build namespaces, or a pattern such as `*-development`.""",
)

KINDS: tuple[FindingKind, ...] = (ACCOUNT_MISMATCH, NOT_CROSS_ACCOUNT, TRUST_ANY_NAMESPACE)

ACCOUNT_ID = grammar(_ACCOUNT, "a 12-digit AWS account ID")
ROLE_NAME = grammar(r"[A-Za-z0-9+=,.@_-]{1,64}", "an IAM role name (1-64 of A-Za-z0-9+=,.@_-)")
PROFILE = grammar(
    r"[A-Za-z0-9][A-Za-z0-9_.@+=-]{0,127}", "an AWS CLI profile name (letters, digits, _.@+=-)"
)
OIDC_PROVIDER_NAME = grammar(
    r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?(/[A-Za-z0-9._~-]+)*",
    "an OIDC provider such as oidc.eks.REGION.amazonaws.com/id/ID",
)
# An image name under the repository (ECR path components).
IMAGE_NAME = grammar(
    r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*",
    "an image name (lower-case path components joined by /)",
)


class Options(NamedTuple):
    """The AWS options of `chartgen iam-policy`."""

    cross_account: Annotated[
        bool,
        Flag(
            "--cross-account",
            "The registry is in another account; also emit its repository policy.",
        ),
    ] = False
    dataplane_account: Annotated[
        str | None,
        Flag(
            "--dataplane-account",
            "Account of the data-plane roles (default: global.AWS_ACCOUNT_ID).",
            metavar="ACCOUNT_ID",
        ),
    ] = None
    dataplane_profile: Annotated[
        str | None,
        Flag("--dataplane-profile", "CLI profile of the data-plane account.", metavar="PROFILE"),
    ] = None
    registry_profile: Annotated[
        str | None,
        Flag("--registry-profile", "CLI profile of the registry account.", metavar="PROFILE"),
    ] = None
    base_image_profile: Annotated[
        str | None,
        Flag("--base-image-profile", "CLI profile of the base image's account.", metavar="PROFILE"),
    ] = None
    user_role: Annotated[
        str | None,
        Flag("--user-role", "The build tasks' role [default: union-user-role].", metavar="ROLE"),
    ] = None
    node_role: Annotated[
        str | None, Flag("--node-role", "The node role [default: union-node-role].", metavar="ROLE")
    ] = None
    operator_proxy_role: Annotated[
        str | None,
        Flag(
            "--operator-proxy-role",
            "The operator-proxy role [default: union-operator-proxy-role].",
            metavar="ROLE",
        ),
    ] = None
    trust_policy: Annotated[
        bool, Flag("--trust-policy", "Also the user role's IRSA trust policy.")
    ] = False
    oidc_provider: Annotated[
        str | None,
        Flag(
            "--oidc-provider",
            "The cluster's OIDC provider (oidc.eks.REGION...).",
            metavar="PROVIDER",
        ),
    ] = None
    ecr_create_on_push: Annotated[
        bool,
        Flag(
            "--ecr-create-on-push",
            "A repository creation template so the first push of NAME/IMAGE creates that "
            "repository.",
        ),
    ] = False
    ecr_create_repositories: Annotated[
        tuple[str, ...],
        Flag(
            "--ecr-create-repository",
            "Create the repository NAME/IMAGE for this image (repeatable).",
            metavar="NAME/IMAGE",
        ),
    ] = ()


OPTIONS = OptionGroup(LABEL, Options, (NAME,), f"--cloud {NAME}")


def option_problems(options: IamOptions) -> list[str]:
    """The trust policy's options need it; create-on-push and explicit repositories exclude
    each other."""
    from chartgen.clouds import WorkloadOptions

    aws, workload = options.group(Options), options.group(WorkloadOptions)
    problems: list[str] = []
    if not aws.trust_policy:
        given = (
            ("--oidc-provider", aws.oidc_provider is not None),
            ("--build-namespace", bool(workload.build_namespaces)),
            ("--service-account", workload.service_account is not None),
        )
        problems.extend(f"{flag} only applies with --trust-policy" for flag, on in given if on)
    if aws.ecr_create_on_push and aws.ecr_create_repositories:
        problems.append("--ecr-create-on-push and --ecr-create-repository exclude each other")
    return problems


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


class Statement(NamedTuple):
    sid: str
    actions: tuple[str, ...]
    scope: Scope


class RoleSpec(NamedTuple):
    role: Role
    option: str
    given: Callable[[Options], str | None]
    default: str
    policy_name: str
    purpose: str
    statements: tuple[Statement, ...]


class RepositoryStatement(NamedTuple):
    sid: str
    actions: tuple[str, ...]
    principals: tuple[Role, ...]


ECR_AUTH = Statement("ECRAuth", AUTH, "*")

ROLES: tuple[RoleSpec, ...] = (
    RoleSpec(
        "user",
        "--user-role",
        lambda options: options.user_role,
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
        lambda options: options.operator_proxy_role,
        "union-operator-proxy-role",
        "union-image-builder-operator-proxy",
        "the operator-proxy checks which images already exist",
        (ECR_AUTH, Statement("ECRDescribeImages", DESCRIBE, "repository")),
    ),
    RoleSpec(
        "node",
        "--node-role",
        lambda options: options.node_role,
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
    from chartgen.iam import BAD_IDENTIFIER

    options, registry_account = ctx.options.group(Options), ctx.repository.account or ""
    if options.dataplane_account is not None:
        account = ctx.identifier(
            options.dataplane_account, "--dataplane-account", ACCOUNT_ID, DATAPLANE_ACCOUNT
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
        if not ACCOUNT_ID.accepts(from_values):
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
    return ctx.identifier(None, "--dataplane-account", ACCOUNT_ID, DATAPLANE_ACCOUNT)


def _base_image(ctx: IamContext) -> Repository | None:
    """`--base-image` when it is a private ECR image in the repository's partition."""

    def mismatch(base: Repository) -> str | None:
        if base.kind != "ecr":
            return "is not in a private ECR repository"
        if base.partition != ctx.repository.partition:
            return f"is in partition {base.partition}, the repository in {ctx.repository.partition}"
        return None

    return ctx.base_image(
        mismatch,
        "Pass a private ECR image (ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME[:TAG]) in the "
        "repository's partition; public images need no IAM.",
    )


def _parts(
    ctx: IamContext, account: str, registry_account: str, base: Repository | None
) -> dict[str, str]:
    """The account part of each kind of grant; parts are declared only when accounts differ."""
    from chartgen.iam.plan import AccountPart

    options, plan = ctx.options.group(Options), ctx.plan
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
        profile = ctx.identifier(given, placeholder.option, PROFILE, placeholder)
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
    for image in ctx.options.group(Options).ecr_create_repositories:
        name = ctx.identifier(image, "--ecr-create-repository", IMAGE_NAME, None)
        if name:
            names.append(f"{ctx.repository.path}/{name}")
    return list(dict.fromkeys(names))


def build_plan(ctx: IamContext) -> None:
    """Fill `ctx.plan` with the AWS documents for `ctx.repository`."""
    from chartgen.iam.plan import RepositoryPolicy, RolePolicy

    options, plan, repository = ctx.options.group(Options), ctx.plan, ctx.repository
    partition = repository.partition or DEFAULT_PARTITION.name
    registry_account = repository.account or ""
    region = repository.region or ""

    role_names = {
        spec.role: ctx.identifier(spec.given(options) or spec.default, spec.option, ROLE_NAME, None)
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
    from chartgen.iam.plan import CreateRepository, CreationTemplate, RepositoryPolicy

    options, plan, repository = ctx.options.group(Options), ctx.plan, ctx.repository
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
    from chartgen.iam.inputs import build_subjects
    from chartgen.iam.plan import TrustPolicy

    options, plan = ctx.options.group(Options), ctx.plan
    provider_text = options.oidc_provider
    if provider_text is not None:
        provider_text = provider_text.removeprefix("https://").removesuffix("/")
    provider = ctx.identifier(provider_text, "--oidc-provider", OIDC_PROVIDER_NAME, OIDC_PROVIDER)
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
    chosen.grant_workload(
        plan,
        (IDENTITY_ANNOTATION, role_arn),
        "the service accounts build tasks run as assume the user role",
    )
    plan.notes.append(
        "The trust policy replaces the user role's whole trust policy: merge it with any "
        "statements other principals rely on."
    )
