"""The IAM plan: what to grant, to whom, on what — as data, before any output format.

A cloud module (`aws`, `gcp`, `azure`, `guidance`) turns the validated values and the command-line
identifiers into a `Plan`: a list of *grants* (an AWS policy document attached somewhere, a GCP
IAM binding, an Azure role assignment or federated credential, the Kubernetes settings that go
with them), the *placeholders* standing in for identifiers the user did not give, notes for the
reader, and findings. The writers (`json_writer`, `terraform_writer`, `shell_writer`) walk a plan;
none of them decides what is granted.

Placeholders live inside ordinary strings as `${NAME}` tokens
(`arn:aws:iam::${DATAPLANE_ACCOUNT_ID}:role/x`). JSON keeps the token, so every document stays a
valid policy; Terraform turns it into `var.name`; shell into a variable the script refuses to
run without. Only names registered in the plan are tokens: every identifier that reaches a
string was validated by a grammar that excludes `$`, so user input can never pose as one.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from typing import Any, Literal, NoReturn, Protocol, TypeVar

from chartgen.findings import Finding
from chartgen.iam.placeholder import TOKEN, Placeholder
from chartgen.record import field, record

PolicyDocument = dict[str, Any]


def split_tokens(text: str, names: frozenset[str]) -> Iterator[tuple[str, bool]]:
    """`text` as (literal, False) and (placeholder name, True) parts, in order."""
    position = 0
    for match in TOKEN.finditer(text):
        if match.group(1) not in names:
            continue
        if match.start() > position:
            yield text[position : match.start()], False
        yield match.group(1), True
        position = match.end()
    if position < len(text) or not text:
        yield text[position:], False


def comment_lines(text: str, width: int = 96) -> list[str]:
    """`text` wrapped for `# ` comments (long words such as ARNs are never broken), every
    character that could end the comment escaped first (`quoting.comment`)."""
    from chartgen.iam.quoting import comment

    safe = comment(text)
    return textwrap.wrap(safe, width, break_long_words=False, break_on_hyphens=False) or [""]


# -- where grants are applied ----------------------------------------------------------------


@record(frozen=True)
class AccountPart:
    """A group of grants applied with one account's credentials (AWS cross-account set-ups).

    With more than one part, every output keeps them apart: the shell format runs each part
    with its own AWS CLI profile after checking that the profile belongs to the account, the
    Terraform format gives each part a provider alias pinned to the account
    (`allowed_account_ids`), and the JSON format lists which documents belong to which part.
    """

    key: str  # dataplane, registry, base-image-registry
    label: str  # "the data-plane account"
    account: str  # 12 digits, or a placeholder token
    region: str
    profile: str  # the AWS CLI profile, or a placeholder token


# -- AWS -------------------------------------------------------------------------------------


@record(frozen=True)
class RolePolicy:
    """An inline identity policy on an IAM role (`aws iam put-role-policy`)."""

    key: str  # names the document in every output: user-role-policy
    role: str
    policy_name: str
    document: PolicyDocument
    purpose: str
    part: str = ""


@record(frozen=True)
class RepositoryPolicy:
    """An ECR repository policy, merged by statement ID into the repository's existing one.

    Replacing the policy would drop statements other principals rely on; every format merges:
    the shell script reads the current policy, replaces the statements whose Sid it writes and
    keeps the others; Terraform merges the existing policy text it is given the same way.
    """

    key: str
    account: str
    region: str
    repository: str
    document: PolicyDocument
    purpose: str
    part: str = ""

    @property
    def arn(self) -> str:
        from chartgen.clouds.aws import aws_partition

        partition = aws_partition(self.region)
        return f"arn:{partition}:ecr:{self.region}:{self.account}:repository/{self.repository}"


@record(frozen=True)
class TrustPolicy:
    """A role's trust (assume-role) policy (`aws iam update-assume-role-policy`)."""

    key: str
    role: str
    document: PolicyDocument
    purpose: str
    part: str = ""


@record(frozen=True)
class CreationTemplate:
    """An ECR repository creation template applied on push (`CREATE_ON_PUSH`).

    ECR does not create repositories when an image is pushed unless a template covers the
    prefix: then the first push of `PREFIX/IMAGE` creates it with the template's settings,
    including its repository policy.
    """

    key: str
    account: str
    region: str
    prefix: str
    repository_policy: PolicyDocument | None
    purpose: str
    part: str = ""


@record(frozen=True)
class CreateRepository:
    """An ECR repository created ahead of the builds that push to it."""

    key: str
    account: str
    region: str
    name: str
    purpose: str
    part: str = ""


# -- GCP -------------------------------------------------------------------------------------


@record(frozen=True)
class GcpResource:
    """What a GCP binding is set on: a repository, a service account, or a project."""

    kind: Literal["repository", "service-account", "project"]
    project: str  # the repository's or project's ID; "-" for a service account found by email
    location: str = ""
    repository: str = ""
    email: str = ""

    @property
    def name(self) -> str:
        if self.kind == "repository":
            return (
                f"projects/{self.project}/locations/{self.location}/repositories/{self.repository}"
            )
        if self.kind == "service-account":
            return f"projects/{self.project}/serviceAccounts/{self.email}"
        return f"projects/{self.project}"


@record(frozen=True)
class Binding:
    """One IAM binding added to a GCP resource's policy (`add-iam-policy-binding`)."""

    key: str
    resource: GcpResource
    role: str
    member: str
    purpose: str


# -- Azure -----------------------------------------------------------------------------------


@record(frozen=True)
class AzureIdentity:
    """A managed identity, known by object ID or by name (then looked up when applied)."""

    key: str  # user, kubelet, operator_proxy
    label: str  # the user identity
    object_id: str = ""
    name: str = ""
    resource_group: str = ""
    subscription: str = ""

    @property
    def resource_id(self) -> str:
        return (
            f"/subscriptions/{self.subscription}/resourceGroups/{self.resource_group}"
            f"/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{self.name}"
        )


@record(frozen=True)
class Lookup:
    """A value only known once the identity exists (its client ID), looked up when applied."""

    identity: AzureIdentity
    attribute: Literal["clientId", "principalId"]

    @property
    def placeholder(self) -> Placeholder:
        """How formats that cannot look things up (JSON) show it."""
        suffix = "CLIENT_ID" if self.attribute == "clientId" else "PRINCIPAL_ID"
        return Placeholder(
            f"{self.identity.key.upper().replace('-', '_')}_IDENTITY_{suffix}",
            f"the {self.attribute} of {self.identity.label}, "
            f"from az identity show --query {self.attribute}",
            "",
        )


@record(frozen=True)
class RoleAssignment:
    """An Azure role assignment (`az role assignment create`), optionally with an ABAC
    condition (ABAC-enabled registries scope a role to repositories that way)."""

    key: str
    identity: AzureIdentity
    role_name: str
    role_id: str  # the built-in role definition's GUID
    scope: str
    subscription: str  # where the role definition is resolved
    purpose: str
    condition: str = ""  # an ABAC condition (version 2.0), or none


@record(frozen=True)
class FederatedCredential:
    """A federated identity credential on a managed identity (Workload Identity)."""

    key: str
    identity: AzureIdentity
    name: str
    issuer: str
    subject: str
    audiences: tuple[str, ...]
    purpose: str


# -- Kubernetes ------------------------------------------------------------------------------


@record(frozen=True)
class WorkloadSettings:
    """What the Kubernetes side must carry for the workload identity to work (not applied).

    `subjects` are the (namespace, service account) pairs build tasks run as; a namespace may be
    a pattern (`*-development`) where the cloud can match one (IRSA).
    """

    key: str
    subjects: tuple[tuple[str, str], ...]
    annotations: tuple[tuple[str, str | Lookup], ...]
    pod_labels: tuple[tuple[str, str], ...] = ()
    purpose: str = ""


# -- private registries ----------------------------------------------------------------------


@record(frozen=True)
class ImagePullSecret:
    """A Union secret of type image_pull holding the registry credential (tenant-wide)."""

    key: str
    host: str  # the registry host builds push to
    config_key: str  # where `docker login` keeps its credential (Docker Hub: a URL)
    secret_name: str
    purpose: str


@record(frozen=True)
class Snippet:
    """Text the user puts somewhere chartgen cannot reach (Python code, Helm values)."""

    key: str
    title: str
    language: Literal["python", "yaml", "text"]
    text: str

    @property
    def purpose(self) -> str:
        return self.title


Grant = (
    RolePolicy
    | RepositoryPolicy
    | TrustPolicy
    | CreationTemplate
    | CreateRepository
    | Binding
    | RoleAssignment
    | FederatedCredential
    | WorkloadSettings
    | ImagePullSecret
    | Snippet
)


Out = TypeVar("Out", covariant=True)


class GrantWriter(Protocol[Out]):
    """What an output format turns each kind of grant into: one method per kind.

    The writers (`json_writer`, `terraform_writer`, `shell_writer`) implement it; mypy checks
    that each one handles every kind, and `write_grant` that every kind has its method.
    """

    def role_policy(self, grant: RolePolicy) -> Iterator[Out]: ...

    def repository_policy(self, grant: RepositoryPolicy) -> Iterator[Out]: ...

    def trust_policy(self, grant: TrustPolicy) -> Iterator[Out]: ...

    def creation_template(self, grant: CreationTemplate) -> Iterator[Out]: ...

    def create_repository(self, grant: CreateRepository) -> Iterator[Out]: ...

    def binding(self, grant: Binding) -> Iterator[Out]: ...

    def role_assignment(self, grant: RoleAssignment) -> Iterator[Out]: ...

    def federated_credential(self, grant: FederatedCredential) -> Iterator[Out]: ...

    def workload(self, grant: WorkloadSettings) -> Iterator[Out]: ...

    def image_pull_secret(self, grant: ImagePullSecret) -> Iterator[Out]: ...

    def snippet(self, grant: Snippet) -> Iterator[Out]: ...


def write_grant(writer: GrantWriter[Out], grant: Grant) -> Iterator[Out]:
    """`writer`'s output for one grant, by the grant's kind."""
    if isinstance(grant, RolePolicy):
        return writer.role_policy(grant)
    if isinstance(grant, RepositoryPolicy):
        return writer.repository_policy(grant)
    if isinstance(grant, TrustPolicy):
        return writer.trust_policy(grant)
    if isinstance(grant, CreationTemplate):
        return writer.creation_template(grant)
    if isinstance(grant, CreateRepository):
        return writer.create_repository(grant)
    if isinstance(grant, Binding):
        return writer.binding(grant)
    if isinstance(grant, RoleAssignment):
        return writer.role_assignment(grant)
    if isinstance(grant, FederatedCredential):
        return writer.federated_credential(grant)
    if isinstance(grant, WorkloadSettings):
        return writer.workload(grant)
    if isinstance(grant, ImagePullSecret):
        return writer.image_pull_secret(grant)
    if isinstance(grant, Snippet):
        return writer.snippet(grant)
    return _unknown_grant(grant)


def _unknown_grant(grant: NoReturn) -> NoReturn:
    """Unreachable while every kind of `Grant` has a branch above (mypy proves it: a new kind
    without one makes this call a type error)."""
    raise TypeError(f"no writer method for {type(grant).__name__}")


def grant_part(grant: Grant) -> str:
    """The account part a grant is applied in ("" when the plan has no parts)."""
    return getattr(grant, "part", "")


@record
class Plan:
    """Everything `chartgen iam-policy` emits for one cloud, as data."""

    cloud: str  # aws, gcp, azure, or none (noop/basic guidance and private registries)
    repository: str
    grants: list[Grant] = field(default_factory=list)
    placeholders: list[Placeholder] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    authentication_type: str = ""
    parts: list[AccountPart] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The first line of every output."""
        if self.cloud == "none":
            return (
                f"chartgen iam-policy: authenticationType {self.authentication_type} uses no "
                "cloud IAM for the Image Builder."
            )
        return f"chartgen iam-policy: least-privilege IAM for the Image Builder ({self.cloud})."

    def placeholder(self, placeholder: Placeholder) -> str:
        """Register `placeholder` (once) and return its token."""
        if all(p.name != placeholder.name for p in self.placeholders):
            self.placeholders.append(placeholder)
        return placeholder.token

    @property
    def placeholder_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.placeholders)

    def part(self, key: str) -> AccountPart | None:
        return next((p for p in self.parts if p.key == key), None)

    def grants_of(self, part: str) -> list[Grant]:
        """The grants applied in `part` (all of them when the plan has no parts); grants that
        need no cloud credentials (Kubernetes settings, snippets) go with the first part."""
        if not self.parts:
            return list(self.grants)
        first = self.parts[0].key
        return [g for g in self.grants if (grant_part(g) or first) == part]
