"""Azure: the `azure` authenticationType, Azure Container Registry, its IAM.

**Registry.** ACR hosts are `NAME.azurecr.io` (`.cn`, `.us` in the sovereign clouds), NAME
being 5-50 letters and digits. The default repository, when `storage.provider` or the top-level
`provider` is azure, is `NAME.azurecr.io` from `registryName`.

**IAM** (SPEC §5), scoped to the registry's resource ID
(`/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.ContainerRegistry/registries/NAME`):

- the **user identity** (build tasks, through `az acr login`): `AcrPush`
  (`8311e382-0749-4cb8-b61a-304f252e45ec`), and one federated credential per build namespace
  trusting `system:serviceaccount:NS:SA` from the cluster's OIDC issuer (audience
  `api://AzureADTokenExchange`) — Azure matches the subject exactly, so the `union` service
  account of the release namespace in single-namespace mode, the `default` one of each
  project-domain namespace (`--build-namespace`, repeatable) in multi-namespace mode; an
  identity holds at most 20 federated credentials (IB513); the service account carries the
  annotation `azure.workload.identity/client-id`, its pods the label
  `azure.workload.identity/use: "true"`;
- the **kubelet identity** and the **operator-proxy identity**: `AcrPull`
  (`7f951dda-4ed3-4680-a7ca-43fe172d538d`);
- `--base-image` in another registry: `AcrPull` there for the user and kubelet identities.

Identities are given by name (looked up in `--resource-group` when applied), by resource ID, or
by object ID (GUID; the usual form for the kubelet identity, from `az aks show --query
identityProfile.kubeletidentity.objectId`). The federated credential needs the user identity's
name or resource ID.

`AcrPush`/`AcrPull` grant on the whole registry. An ABAC-enabled registry (`--acr-abac`;
`az acr show --query roleAssignmentMode` says `AbacRepositoryPermissions`) ignores them and
takes "Container Registry Repository Writer" (`2a1e307c-b015-4ebd-883e-5b7698a07328`) and
"Container Registry Repository Reader" (`b93aa761-3e63-49ed-ac28-beffa264f7ac`) instead, which
a condition on `@Request[Microsoft.ContainerRegistry/registries/repositories:name]` scopes to
the repository path and everything under it (condition version 2.0; without a condition they
are registry-wide too).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Annotated, NamedTuple

from chartgen.clouds.base import (
    Flag,
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
    from chartgen.iam.plan import AzureIdentity
    from chartgen.registry import Reference, Repository

NAME = "azure"
LABEL = "Azure"
AUTHENTICATION_TYPE = "azure"
STORAGE_PROVIDERS: tuple[str, ...] = ("azure",)
TOP_LEVEL_PROVIDERS: tuple[str, ...] = ("azure",)
REGISTRY_KINDS: tuple[str, ...] = ("acr",)
REGISTRY_LABEL = "Azure Container Registry"
IAM_TARGET = "an ACR registry (NAME.azurecr.io)"
IDENTITY_ANNOTATION = "azure.workload.identity/client-id"
IDENTITY_SYSTEM = "Azure Workload Identity"
IDENTITY_PREFIX_VARIES = False
BUILD_IDENTITY = "the user identity"

# -- the registry ---------------------------------------------------------------------------------

_ACR = grammar(r"(?P<name>[^./]+)\.azurecr\.(?P<domain>io|cn|us)", "an ACR host")
_ACR_NAME = grammar(r"[a-zA-Z0-9]{5,50}", "an ACR registry name")


def parse_registry(reference: Reference) -> Repository | None:
    """An Azure Container Registry repository, or None for other hosts."""
    from chartgen.registry import Repository, path_problems

    text, host, path = reference.raw, reference.host, reference.path
    match = _ACR.match(host)
    if not match:
        return None
    problems = list(reference.problems)
    name = match.group("name")
    if not _ACR_NAME.accepts(name):
        problems.append(
            f"registry name {name!r} must be 5-50 letters and digits (Azure forbids '-')"
        )
    problems.extend(path_problems(path))
    return Repository(
        text,
        host,
        path,
        "acr",
        REGISTRY_LABEL,
        cloud=NAME,
        registry_name=name.lower(),
        problems=tuple(problems),
    )


# -- the default repository ---------------------------------------------------------------------


def derive_repository(parts: Mapping[str, str]) -> str:
    return fill_template(REPOSITORY.template, parts)


REPOSITORY = RepositoryForm(
    "acr",
    "an Azure Container Registry",
    "NAME.azurecr.io",
    "NAME.azurecr.io",
    (("NAME", ("imageBuilder", "registryName")),),
    {"NAME": "uniondataplane"},
    derive_repository,
)

CLIENT_ID_PLACEHOLDER = StarterPlaceholder(
    "00000000-0000-0000-0000-000000000000",
    "the all-zero GUID",
    "the client ID of the user identity (az identity show --resource-group GROUP --name NAME "
    "--query clientId --output tsv)",
)
REGISTRY_PLACEHOLDER = StarterPlaceholder(
    "myregistry",
    "the starter's example registry name",
    "your Azure Container Registry's name, 5-50 letters and digits (az acr list --query "
    "'[].loginServer' --output tsv)",
)
PLACEHOLDERS: tuple[StarterPlaceholder, ...] = (CLIENT_ID_PLACEHOLDER, REGISTRY_PLACEHOLDER)

STARTER_VALUES = f"""\
# Who needs which grant (`chartgen iam-policy --cloud azure` prints them): the user identity,
# on the pods of build tasks (Workload Identity), gets AcrPush and a federated credential; the
# kubelet and operator-proxy identities get AcrPull. buildkitd needs no identity: BuildKit
# pushes with the credentials the build task forwards, and one on its account would serve
# every build step.
userRoleAnnotationKey: azure.workload.identity/client-id
userRoleAnnotationValue: {CLIENT_ID_PLACEHOLDER.value}  # REPLACE: the user identity's client ID

imageBuilder:
  authenticationType: azure
  # Your registry's login server (a name of 5-50 letters and digits, no dashes):
  defaultRepository: {REGISTRY_PLACEHOLDER.value}.azurecr.io/union  # REPLACE
"""

# -- iam-policy -----------------------------------------------------------------------------------

FEDERATED_CREDENTIAL_LIMIT = FindingKind(
    "IB513",
    "iam-federated-credential-limit",
    Severity.WARNING,
    """The Azure user identity would need more federated credentials than it can hold.

A user-assigned managed identity holds at most 20 federated identity credentials, and
chartgen emits one per build namespace (Azure matches the subject exactly). A warning when the
plan fills all 20 (credentials the identity already has count too); an error beyond. Use
single-namespace mode, fewer build namespaces, or a second identity.""",
)

KINDS: tuple[FindingKind, ...] = (FEDERATED_CREDENTIAL_LIMIT,)

_GUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
GUID = grammar(_GUID_PATTERN, "a GUID")
RESOURCE_GROUP_NAME = grammar(
    r"[A-Za-z0-9_().-]{0,89}[A-Za-z0-9_()-]", "an Azure resource group name"
)
IDENTITY_NAME = grammar(
    rf"({_GUID_PATTERN}|[A-Za-z0-9][A-Za-z0-9_-]{{2,127}}|/subscriptions/{_GUID_PATTERN}/"
    r"resourceGroups/[A-Za-z0-9_().-]{1,90}/providers/Microsoft\.ManagedIdentity/"
    r"userAssignedIdentities/[A-Za-z0-9][A-Za-z0-9_-]{2,127})",
    "a managed identity's name, resource ID or object ID (GUID)",
)
ISSUER_URL = grammar(
    r"https://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9._~%-]*)*", "an https:// issuer URL"
)


class Options(NamedTuple):
    """The Azure options of `chartgen iam-policy`."""

    subscription: Annotated[
        str | None,
        Flag("--subscription", "The registry's subscription ID.", metavar="SUBSCRIPTION_ID"),
    ] = None
    resource_group: Annotated[
        str | None, Flag("--resource-group", "The registry's resource group.", metavar="GROUP")
    ] = None
    user_identity: Annotated[
        str | None,
        Flag(
            "--user-identity",
            "The build tasks' managed identity (name or ID).",
            metavar="IDENTITY",
        ),
    ] = None
    kubelet_identity: Annotated[
        str | None,
        Flag(
            "--kubelet-identity",
            "The kubelet identity (object ID, name or ID).",
            metavar="IDENTITY",
        ),
    ] = None
    operator_proxy_identity: Annotated[
        str | None,
        Flag(
            "--operator-proxy-identity",
            "The operator-proxy managed identity.",
            metavar="IDENTITY",
        ),
    ] = None
    oidc_issuer: Annotated[
        str | None, Flag("--oidc-issuer", "The cluster's OIDC issuer URL.", metavar="URL")
    ] = None
    acr_abac: Annotated[
        bool,
        Flag(
            "--acr-abac",
            "The registry is ABAC-enabled; grant the repository-scoped roles (Container "
            "Registry Repository Writer/Reader) instead of AcrPush/AcrPull.",
        ),
    ] = False


OPTIONS = OptionGroup(LABEL, Options, (NAME,), f"--cloud {NAME}")


def option_problems(options: IamOptions) -> list[str]:
    return []


ACR_PUSH = ("AcrPush", "8311e382-0749-4cb8-b61a-304f252e45ec")
ACR_PULL = ("AcrPull", "7f951dda-4ed3-4680-a7ca-43fe172d538d")
# ABAC-enabled registries: the repository-scoped roles that replace AcrPush/AcrPull there.
REPOSITORY_WRITER = ("Container Registry Repository Writer", "2a1e307c-b015-4ebd-883e-5b7698a07328")
REPOSITORY_READER = ("Container Registry Repository Reader", "b93aa761-3e63-49ed-ac28-beffa264f7ac")
ABAC_ROLES = {ACR_PUSH: REPOSITORY_WRITER, ACR_PULL: REPOSITORY_READER}
_REPOSITORY_ACTIONS = "Microsoft.ContainerRegistry/registries/repositories"
ABAC_ACTIONS = {
    REPOSITORY_WRITER: (
        f"{_REPOSITORY_ACTIONS}/content/read",
        f"{_REPOSITORY_ACTIONS}/content/write",
        f"{_REPOSITORY_ACTIONS}/metadata/read",
        f"{_REPOSITORY_ACTIONS}/metadata/write",
    ),
    REPOSITORY_READER: (
        f"{_REPOSITORY_ACTIONS}/content/read",
        f"{_REPOSITORY_ACTIONS}/metadata/read",
    ),
}
REPOSITORY_NAME_ATTRIBUTE = f"@Request[{_REPOSITORY_ACTIONS}:name]"
# "A maximum of 20 federated identity credentials can be added to an application or
# user-assigned managed identity" (Microsoft Entra workload identity federation limits).
FEDERATED_CREDENTIAL_LIMIT_COUNT = 20
AUDIENCE = "api://AzureADTokenExchange"
USE_LABEL = "azure.workload.identity/use"

_RESOURCE_ID = grammar(
    r"/subscriptions/(?P<subscription>[^/]+)/resourceGroups/(?P<group>[^/]+)/providers/"
    r"Microsoft\.ManagedIdentity/userAssignedIdentities/(?P<name>[^/]+)",
    "a managed identity's resource ID",
)


class IdentitySpec(NamedTuple):
    key: str
    given: Callable[[Options], str | None]
    label: str
    placeholder: Placeholder
    placeholder_is_object_id: bool


class RegistryRole(NamedTuple):
    identity: str
    role: tuple[str, str]
    on_base_image: bool
    purpose: str


USER = IdentitySpec(
    "user",
    lambda options: options.user_identity,
    "the user identity",
    Placeholder(
        "USER_IDENTITY",
        "the name of the user-assigned managed identity build tasks use",
        "--user-identity",
    ),
    False,
)
IDENTITIES: tuple[IdentitySpec, ...] = (
    USER,
    IdentitySpec(
        "kubelet",
        lambda options: options.kubelet_identity,
        "the kubelet identity",
        Placeholder(
            "KUBELET_IDENTITY_OBJECT_ID",
            "the object ID of the AKS kubelet identity, from az aks show "
            "--query identityProfile.kubeletidentity.objectId",
            "--kubelet-identity",
        ),
        True,
    ),
    IdentitySpec(
        "operator-proxy",
        lambda options: options.operator_proxy_identity,
        "the operator-proxy identity",
        Placeholder(
            "OPERATOR_PROXY_IDENTITY",
            "the name of the operator-proxy user-assigned managed identity",
            "--operator-proxy-identity",
        ),
        False,
    ),
)

REGISTRY_ROLES: tuple[RegistryRole, ...] = (
    RegistryRole("user", ACR_PUSH, True, "build tasks push the built image and pull layers"),
    RegistryRole("kubelet", ACR_PULL, True, "nodes pull the built images"),
    RegistryRole("operator-proxy", ACR_PULL, False, "the operator-proxy checks which images exist"),
)

SUBSCRIPTION = Placeholder(
    "SUBSCRIPTION_ID", "the Azure subscription ID of the registry", "--subscription"
)
RESOURCE_GROUP = Placeholder(
    "RESOURCE_GROUP", "the resource group of the registry", "--resource-group"
)
BASE_SUBSCRIPTION = Placeholder(
    "BASE_REGISTRY_SUBSCRIPTION_ID", "the subscription ID of the base image registry", ""
)
BASE_RESOURCE_GROUP = Placeholder(
    "BASE_REGISTRY_RESOURCE_GROUP", "the resource group of the base image registry", ""
)
OIDC_ISSUER = Placeholder(
    "OIDC_ISSUER",
    "the cluster OIDC issuer URL, from az aks show --query oidcIssuerProfile.issuerUrl",
    "--oidc-issuer",
)


def registry_scope(subscription: str, resource_group: str, name: str) -> str:
    return (
        f"/subscriptions/{subscription}/resourceGroups/{resource_group}"
        f"/providers/Microsoft.ContainerRegistry/registries/{name}"
    )


def abac_condition(role: tuple[str, str], path: str) -> str:
    """The ABAC condition scoping `role` to repository `path` and the repositories under it.

    The shape Microsoft documents: unless the action is one of the role's repository actions,
    allow; if it is, the requested repository name must be `path` or start with `path/` (the
    trailing slash keeps `path-other` out).
    """
    unless = " AND ".join(f"!(ActionMatches{{'{action}'}})" for action in ABAC_ACTIONS[role])
    names = (
        f"{REPOSITORY_NAME_ATTRIBUTE} StringEqualsIgnoreCase '{path}' OR "
        f"{REPOSITORY_NAME_ATTRIBUTE} StringStartsWithIgnoreCase '{path}/'"
    )
    return f"(({unless}) OR ({names}))"


def credential_name(namespace: str, service_account: str) -> str:
    """A federated credential name unique per subject (3-120 of A-Za-z0-9_-)."""
    import hashlib

    name = f"image-builder-{namespace}-{service_account}".replace(".", "-")
    if len(name) > 120 and "$" not in name:
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        name = f"{name[:111]}-{digest}"
    return name


def _identity(
    ctx: IamContext, spec: IdentitySpec, subscription: str, resource_group: str
) -> AzureIdentity:
    from chartgen.iam.plan import AzureIdentity

    flag = spec.placeholder.option
    value = spec.given(ctx.options.group(Options))
    text = ctx.identifier(value, flag, IDENTITY_NAME, spec.placeholder)
    if value is None and spec.placeholder_is_object_id:
        return AzureIdentity(spec.key, spec.label, object_id=text)
    if value is not None and GUID.accepts(text):
        return AzureIdentity(spec.key, spec.label, object_id=text)
    match = _RESOURCE_ID.match(text)
    if match:
        return AzureIdentity(
            spec.key,
            spec.label,
            name=match.group("name"),
            resource_group=match.group("group"),
            subscription=match.group("subscription"),
        )
    return AzureIdentity(
        spec.key, spec.label, name=text, resource_group=resource_group, subscription=subscription
    )


def _base_scope(ctx: IamContext, registry_name: str) -> tuple[str, str] | None:
    """The scope of `--base-image`'s registry when it is another ACR registry, and its path."""

    def mismatch(base: Repository) -> str | None:
        if base.kind != "acr" or not base.registry_name:
            return "is not in an Azure Container Registry (NAME.azurecr.io/...)"
        return None

    base = ctx.base_image(mismatch, "Pass a private ACR image; public images need no IAM.")
    if base is None or not base.registry_name:
        return None
    if base.registry_name == registry_name:
        ctx.plan.notes.append(
            "The base image is in the target registry: the roles on it already cover it."
        )
        return None
    subscription = ctx.identifier(None, "--base-image", GUID, BASE_SUBSCRIPTION)
    group = ctx.identifier(None, "--base-image", RESOURCE_GROUP_NAME, BASE_RESOURCE_GROUP)
    return registry_scope(subscription, group, base.registry_name), base.path


def _scoping(ctx: IamContext, registry_name: str) -> None:
    """Say how far the role assignments reach (IB509), or nothing when ABAC scopes them."""
    from chartgen.iam import UNSCOPED_PREFIX

    path = ctx.repository.path
    abac = ctx.options.group(Options).acr_abac
    if abac and path:
        return
    if abac:
        ctx.repository_finding(
            UNSCOPED_PREFIX,
            Severity.WARNING,
            f"the repository names no path under {registry_name}.azurecr.io, so the "
            "repository-scoped roles cannot be narrowed: builds push to any repository there",
            f"Set defaultRepository to {registry_name}.azurecr.io/PREFIX so the ABAC condition "
            "can scope the roles to PREFIX and the repositories under it.",
        )
        return
    if path:
        ctx.repository_finding(
            UNSCOPED_PREFIX,
            Severity.WARNING,
            f"AcrPush/AcrPull apply to the whole registry {registry_name!r}, not only to "
            f"{path}/: only an ABAC-enabled registry scopes role assignments to repositories",
            f"If az acr show --name {registry_name} --query roleAssignmentMode says "
            "AbacRepositoryPermissions, pass --acr-abac (AcrPush/AcrPull are not honoured "
            "there); otherwise use a dedicated registry for image builds.",
        )


def build_plan(ctx: IamContext) -> None:
    """Fill `ctx.plan` with the Azure role assignments and federated credentials."""
    from chartgen.iam import BAD_IDENTIFIER
    from chartgen.iam.inputs import build_subjects
    from chartgen.iam.plan import FederatedCredential, Lookup, RoleAssignment

    options, plan, repository = ctx.options.group(Options), ctx.plan, ctx.repository
    registry_name = repository.registry_name or ""
    _scoping(ctx, registry_name)
    subscription = ctx.identifier(
        options.subscription, "--subscription", GUID, SUBSCRIPTION
    )
    resource_group = ctx.identifier(
        options.resource_group, "--resource-group", RESOURCE_GROUP_NAME, RESOURCE_GROUP
    )
    identities = {
        spec.key: _identity(ctx, spec, subscription, resource_group) for spec in IDENTITIES
    }
    scope = registry_scope(subscription, resource_group, registry_name)
    base = _base_scope(ctx, registry_name)

    targets = [(scope, subscription, repository.path, "", False)]
    if base is not None:
        targets.append((base[0], BASE_SUBSCRIPTION.token, base[1], "base-image-", True))
    for target_scope, target_subscription, path, prefix, is_base in targets:
        for entry in REGISTRY_ROLES:
            if is_base and not entry.on_base_image:
                continue
            role = ACR_PULL if is_base else entry.role
            condition = ""
            if options.acr_abac:
                role = ABAC_ROLES[role]
                condition = abac_condition(role, path) if path else ""
            role_name, role_id = role
            # acrpush, acrpull, writer, reader: the key names the role.
            short = role_name.rsplit(" ", 1)[-1].lower()
            plan.grants.append(
                RoleAssignment(
                    f"{entry.identity}-{prefix}{short}",
                    identities[entry.identity],
                    role_name,
                    role_id,
                    target_scope,
                    target_subscription,
                    "pull the private base image" if is_base else entry.purpose,
                    condition,
                )
            )
    if options.acr_abac:
        plan.notes.append(
            "ABAC-enabled registry: AcrPush/AcrPull are not honoured there; the repository-"
            "scoped roles are conditioned on the repository name (condition version 2.0)."
        )

    user = identities[USER.key]
    if user.object_id:
        ctx.option_finding(
            BAD_IDENTIFIER,
            Severity.ERROR,
            "--user-identity",
            "--user-identity is an object ID, but the federated credential needs the "
            "identity's name or resource ID",
            "Pass the user identity's name (with --resource-group) or its resource ID.",
        )
    issuer = ctx.identifier(options.oidc_issuer, "--oidc-issuer", ISSUER_URL, OIDC_ISSUER)
    chosen = build_subjects(ctx, patterns_allowed=False)
    count = len(chosen.subjects)
    if count >= FEDERATED_CREDENTIAL_LIMIT_COUNT:
        over = count > FEDERATED_CREDENTIAL_LIMIT_COUNT
        ctx.option_finding(
            FEDERATED_CREDENTIAL_LIMIT,
            Severity.ERROR if over else Severity.WARNING,
            "--build-namespace",
            f"{count} build namespaces need {count} federated credentials on the user identity; "
            f"Azure allows at most {FEDERATED_CREDENTIAL_LIMIT_COUNT} per identity"
            + (" — the rest cannot be created" if over else ", including any it already has"),
            "Use single-namespace mode, fewer build namespaces, or a second user identity for "
            "the remaining namespaces.",
        )
    for namespace, service_account in chosen.subjects:
        suffix = f"-{namespace}" if count > 1 else ""
        plan.grants.append(
            FederatedCredential(
                f"user-federated-credential{suffix}",
                user,
                credential_name(namespace, service_account),
                issuer,
                f"system:serviceaccount:{namespace}:{service_account}",
                (AUDIENCE,),
                f"Workload Identity: {namespace}/{service_account} signs in as the user identity",
            )
        )
    chosen.grant_workload(
        plan,
        (IDENTITY_ANNOTATION, Lookup(user, "clientId")),
        "the service accounts build tasks run as sign in as the user identity",
        pod_labels=((USE_LABEL, "true"),),
    )
    plan.notes.append(
        "An identity given by name is looked up in --resource-group; pass its resource ID if "
        "it lives elsewhere."
    )
