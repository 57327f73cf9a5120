"""Azure: ACR role assignments and the Workload Identity federation of the user identity.

Who needs what (SPEC §5), scoped to the registry's resource ID
(`/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.ContainerRegistry/registries/NAME`):

- the **user identity** (build tasks, through `az acr login`): `AcrPush`
  (`8311e382-0749-4cb8-b61a-304f252e45ec`), and a federated credential trusting
  `system:serviceaccount:NS:SA` from the cluster's OIDC issuer (audience
  `api://AzureADTokenExchange`); the service account carries the annotation
  `azure.workload.identity/client-id`, its pods the label `azure.workload.identity/use: "true"`;
- the **kubelet identity** and the **operator-proxy identity**: `AcrPull`
  (`7f951dda-4ed3-4680-a7ca-43fe172d538d`);
- `--base-image` in another registry: `AcrPull` there for the user and kubelet identities.

Identities are given by name (looked up in `--resource-group` when applied), by resource ID, or
by object ID (GUID; the usual form for the kubelet identity, from `az aks show --query
identityProfile.kubeletidentity.objectId`). The federated credential needs the user identity's
name or resource ID. ACR grants per registry: a repository path cannot be scoped.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from chartgen.findings import Severity
from chartgen.iam import BAD_BASE_IMAGE, BAD_IDENTIFIER, UNSCOPED_PREFIX
from chartgen.iam.inputs import GRAMMARS, IamContext
from chartgen.iam.plan import (
    AzureIdentity,
    FederatedCredential,
    Lookup,
    Placeholder,
    RoleAssignment,
    WorkloadSettings,
)
from chartgen.registry import parse_image

ACR_PUSH = ("AcrPush", "8311e382-0749-4cb8-b61a-304f252e45ec")
ACR_PULL = ("AcrPull", "7f951dda-4ed3-4680-a7ca-43fe172d538d")
AUDIENCE = "api://AzureADTokenExchange"
CLIENT_ID_ANNOTATION = "azure.workload.identity/client-id"
USE_LABEL = "azure.workload.identity/use"

_RESOURCE_ID = re.compile(
    r"^/subscriptions/(?P<subscription>[^/]+)/resourceGroups/(?P<group>[^/]+)/providers/"
    r"Microsoft\.ManagedIdentity/userAssignedIdentities/(?P<name>[^/]+)$"
)


@dataclass(frozen=True)
class IdentitySpec:
    key: str
    field: str
    label: str
    placeholder: Placeholder
    placeholder_is_object_id: bool


@dataclass(frozen=True)
class RegistryRole:
    identity: str
    role: tuple[str, str]
    on_base_image: bool
    purpose: str


USER = IdentitySpec(
    "user",
    "user_identity",
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
        "kubelet_identity",
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
        "operator_proxy_identity",
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
NAMESPACE = Placeholder(
    "NAMESPACE", "the namespace of the service account build tasks run as", "--namespace"
)
SERVICE_ACCOUNT = Placeholder(
    "SERVICE_ACCOUNT", "the Kubernetes service account build tasks run as", "--service-account"
)


def registry_scope(subscription: str, resource_group: str, name: str) -> str:
    return (
        f"/subscriptions/{subscription}/resourceGroups/{resource_group}"
        f"/providers/Microsoft.ContainerRegistry/registries/{name}"
    )


def credential_name(namespace: str, service_account: str) -> str:
    """A federated credential name unique per subject (3-120 of A-Za-z0-9_-)."""
    name = f"image-builder-{namespace}-{service_account}".replace(".", "-")
    if len(name) > 120 and "$" not in name:
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        name = f"{name[:111]}-{digest}"
    return name


def _identity(
    ctx: IamContext, spec: IdentitySpec, subscription: str, resource_group: str
) -> AzureIdentity:
    flag = spec.placeholder.option
    value = getattr(ctx.options, spec.field)
    text = ctx.identifier(value, flag, "azure-identity", spec.placeholder)
    if value is None and spec.placeholder_is_object_id:
        return AzureIdentity(spec.key, spec.label, object_id=text)
    if value is not None and GRAMMARS["azure-guid"].pattern.match(text):
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


def _base_scope(ctx: IamContext, registry_name: str) -> str | None:
    text = ctx.options.base_image
    if text is None:
        return None
    base = parse_image(text)
    problems = list(base.problems)
    if base.kind != "acr" or not base.registry_name:
        problems.append("is not in an Azure Container Registry (NAME.azurecr.io/...)")
    for problem in dict.fromkeys(problems):
        ctx.option_finding(
            BAD_BASE_IMAGE,
            Severity.ERROR,
            "--base-image",
            f"base image {text!r} {problem}",
            "Pass a private ACR image; public images need no IAM.",
        )
    if problems or not base.registry_name:
        return None
    if base.registry_name == registry_name:
        ctx.plan.notes.append(
            "The base image is in the target registry: the roles on it already cover it."
        )
        return None
    subscription = ctx.identifier(None, "--base-image", "azure-guid", BASE_SUBSCRIPTION)
    group = ctx.identifier(None, "--base-image", "azure-resource-group", BASE_RESOURCE_GROUP)
    return registry_scope(subscription, group, base.registry_name)


def build_azure_plan(ctx: IamContext) -> None:
    """Fill `ctx.plan` with the Azure role assignments and federated credential."""
    options, plan, repository = ctx.options, ctx.plan, ctx.repository
    registry_name = repository.registry_name or ""
    if repository.path:
        ctx.repository_finding(
            UNSCOPED_PREFIX,
            Severity.WARNING,
            f"the roles apply to the whole registry {registry_name!r}, not only to "
            f"{repository.path}/: ACR role assignments cannot be scoped to a repository",
            "Use a dedicated registry for image builds if other images must stay out of reach.",
        )
    subscription = ctx.identifier(
        options.subscription, "--subscription", "azure-guid", SUBSCRIPTION
    )
    resource_group = ctx.identifier(
        options.resource_group, "--resource-group", "azure-resource-group", RESOURCE_GROUP
    )
    identities = {
        spec.key: _identity(ctx, spec, subscription, resource_group) for spec in IDENTITIES
    }
    scope = registry_scope(subscription, resource_group, registry_name)
    base_scope = _base_scope(ctx, registry_name)

    targets = [(scope, subscription, "", False)]
    if base_scope is not None:
        targets.append((base_scope, BASE_SUBSCRIPTION.token, "base-image-", True))
    for target_scope, target_subscription, prefix, is_base in targets:
        for entry in REGISTRY_ROLES:
            if is_base and not entry.on_base_image:
                continue
            role_name, role_id = ACR_PULL if is_base else entry.role
            plan.grants.append(
                RoleAssignment(
                    f"{entry.identity}-{prefix}{role_name.lower()}",
                    identities[entry.identity],
                    role_name,
                    role_id,
                    target_scope,
                    target_subscription,
                    "pull the private base image" if is_base else entry.purpose,
                )
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
    issuer = ctx.identifier(options.oidc_issuer, "--oidc-issuer", "https-url", OIDC_ISSUER)
    namespace = ctx.identifier(options.namespace, "--namespace", "k8s-namespace", NAMESPACE)
    service_account = ctx.identifier(
        options.service_account, "--service-account", "k8s-service-account", SERVICE_ACCOUNT
    )
    plan.grants.append(
        FederatedCredential(
            "user-federated-credential",
            user,
            credential_name(namespace, service_account),
            issuer,
            f"system:serviceaccount:{namespace}:{service_account}",
            (AUDIENCE,),
            "Workload Identity: the Kubernetes service account signs in as the user identity",
        )
    )
    plan.grants.append(
        WorkloadSettings(
            "user-workload",
            namespace,
            service_account,
            ((CLIENT_ID_ANNOTATION, Lookup(user, "clientId")),),
            ((USE_LABEL, "true"),),
            "the service account build tasks run as signs in as the user identity",
        )
    )
    plan.notes.append(
        "An identity given by name is looked up in --resource-group; pass its resource ID if "
        "it lives elsewhere."
    )
