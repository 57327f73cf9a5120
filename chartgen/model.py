"""The typed view of validated values, and everything derived from them.

Built only from values that passed the schema, so construction cannot fail on user input. The
derived values — object names, the service account in use, the image reference, the buildkit
URI, the default repository — are computed here once, the way the reference chart computes them,
so rules, the renderer, the IAM generators and the chart writer cannot disagree.

The sections themselves (fields, types, defaults) are generated from
`schemas/imagebuilder.values.schema.json` into `chartgen/generated/values_model.py`
(`python -m chartgen.codegen`); `Values` adds the derivations on top of the generated root.
"""

from __future__ import annotations

import typing
from typing import Any

from chartgen import clouds
from chartgen.clouds import cloud_identity
from chartgen.generated.values_model import (
    Autoscaling,
    BasicAuth,
    Buildkit,
    Cache,
    CertManager,
    CommonServiceAccount,
    CredentialsSecretRef,
    Dns,
    Egress,
    Gc,
    Gcp,
    Global,
    Image,
    ImageBuilder,
    IssuerRef,
    Limits,
    Log,
    Namespaces,
    NetworkPolicy,
    Oci,
    OpenShift,
    Pdb,
    Probe,
    Probes,
    SecurityContextConstraints,
    Service,
    ServiceAccount,
    Storage,
    Tls,
    ValuesDocument,
)
from chartgen.record import record
from chartgen.values.provenance import Path
from chartgen.values_section import Section

if typing.TYPE_CHECKING:
    from chartgen.clouds.base import Cloud

__all__ = [
    "Autoscaling",
    "BasicAuth",
    "Buildkit",
    "Cache",
    "CertManager",
    "CommonServiceAccount",
    "CredentialsSecretRef",
    "DerivedRepository",
    "Dns",
    "Egress",
    "Gc",
    "Gcp",
    "Global",
    "Image",
    "ImageBuilder",
    "IssuerRef",
    "Limits",
    "Log",
    "Namespaces",
    "NetworkPolicy",
    "Oci",
    "OpenShift",
    "Pdb",
    "Probe",
    "Probes",
    "Section",
    "SecurityContextConstraints",
    "Service",
    "ServiceAccount",
    "Storage",
    "Tls",
    "Values",
    "build_model",
    "cloud_identity",
]

DEFAULT_FULLNAME = "union-operator-buildkit"
DEFAULT_SERVICE_ACCOUNT = "union-imagebuilder"
DEFAULT_COMMON_SERVICE_ACCOUNT = "union-system"
FLYTE_NAMESPACE_LABEL = "union.ai/namespace-type"
FLYTE_NAMESPACE_VALUE = "flyte"


@record(frozen=True)
class DerivedRepository:
    """The repository images go to, and why it is what it is."""

    value: str  # "" when none could be derived
    derived: bool  # True when computed rather than set in defaultRepository
    cloud: str  # the cloud whose registry is derived (`chartgen.clouds`), or "none"
    missing: tuple[Path, ...] = ()  # inputs the derivation lacked
    # The value that chose the cloud: storage.provider, the top-level provider, or (for none)
    # registryName, which is then the repository as is.
    trigger: Path = ("imageBuilder", "registryName")


class Values(ValuesDocument):
    """The whole values document as chartgen reads it: the generated sections, and what is
    derived from them."""

    __slots__ = ()

    # -- derived values -------------------------------------------------------------------

    @property
    def buildkit(self) -> Buildkit:
        return self.imageBuilder.buildkit

    @property
    def single_namespace(self) -> bool:
        """Single-namespace mode: `low_privilege` (the reference default) or no namespace sync
        (`namespaces.enabled: false`, also the reference default)."""
        return self.low_privilege or not self.namespaces.enabled

    @property
    def buildkit_deployed(self) -> bool:
        return self.imageBuilder.enabled and self.buildkit.enabled

    @property
    def fullname(self) -> str:
        return _name(self.buildkit.fullnameOverride or DEFAULT_FULLNAME)

    @property
    def common_service_account(self) -> CommonServiceAccount:
        return self.commonServiceAccount

    @property
    def common_service_account_name(self) -> str:
        return self.commonServiceAccount.name or DEFAULT_COMMON_SERVICE_ACCOUNT

    @property
    def dedicated_service_account_name(self) -> str:
        return self.buildkit.serviceAccount.name or DEFAULT_SERVICE_ACCOUNT

    @property
    def common_service_account_in_use(self) -> bool:
        """Whether the data plane runs its pods under the common ServiceAccount."""
        return self.commonServiceAccount.enabled or self.single_namespace

    @property
    def uses_common_service_account(self) -> bool:
        if self.buildkit.serviceAccount.forceDedicated:
            return False
        return self.common_service_account_in_use

    @property
    def openshift_on_common_service_account(self) -> bool:
        """The reference chart refuses this: the SCC would be granted to the common account."""
        return self.buildkit.openShift.enabled and self.uses_common_service_account

    @property
    def service_account_name(self) -> str:
        if self.uses_common_service_account:
            return self.common_service_account_name
        return self.dedicated_service_account_name

    @property
    def creates_service_account(self) -> bool:
        return (
            self.buildkit_deployed
            and not self.uses_common_service_account
            and self.buildkit.serviceAccount.create
        )

    @property
    def privileged_daemon(self) -> bool:
        """Whether buildkitd runs privileged — root on the node — by the securityContext it
        renders with: the user's override replaces the mode's default (privileged unless
        rootless) entirely."""
        if self.buildkit.securityContext:
            return self.buildkit.securityContext.get("privileged") is True
        return not self.buildkit.rootless

    @property
    def image_tag(self) -> str:
        tag = self.buildkit.image.tag
        if self.buildkit.rootless and not tag.endswith("rootless"):
            return f"{tag}-rootless"
        return tag

    @property
    def image_reference(self) -> str:
        return f"{self.buildkit.image.repository}:{self.image_tag}"

    @property
    def replicas_fixed(self) -> bool:
        """Whether `replicas` is rendered (it is omitted when the HPA owns it)."""
        return not self.buildkit.autoscaling.enabled

    @property
    def tls_enabled(self) -> bool:
        return self.buildkit.tls.enabled

    @property
    def uses_cert_manager(self) -> bool:
        return self.tls_enabled and bool(self.buildkit.tls.certManager.issuerRef.name)

    @property
    def tls_server_secret(self) -> str:
        return self.buildkit.tls.existingSecret or f"{self.fullname}-tls"

    @property
    def tls_client_secret(self) -> str:
        return self.buildkit.tls.clientSecretName or f"{self.fullname}-client-tls"

    @property
    def build_task_uses_this_buildkitd(self) -> bool:
        """Whether Union's build task (through build-image-config) connects to this buildkitd."""
        return self.buildkit_deployed and not self.imageBuilder.buildkitUri

    @property
    def openshift_scc_name(self) -> str:
        """The reference chart's name: existingName, else name, else FULLNAME-rootless."""
        scc = self.buildkit.openShift.securityContextConstraints
        return _name(scc.existingName or scc.name or f"{self.fullname}-rootless")

    @property
    def creates_scc(self) -> bool:
        scc = self.buildkit.openShift.securityContextConstraints
        return (
            self.buildkit_deployed
            and self.buildkit.openShift.enabled
            and scc.create
            and not scc.existingName
        )

    def buildkit_uri(self, namespace: str) -> str:
        """What the build task connects to; empty when there is no buildkitd at all."""
        if self.imageBuilder.buildkitUri:
            return self.imageBuilder.buildkitUri
        if self.buildkit.enabled:
            port = self.buildkit.service.port
            return f"tcp://{self.fullname}.{namespace}.svc.cluster.local:{port}"
        return ""

    def tls_server_name(self, namespace: str) -> str:
        return f"{self.fullname}.{namespace}.svc.cluster.local"

    def _registry_choice(self) -> tuple[Cloud | None, Path]:
        """The cloud whose registry the default repository is derived for, and the value that
        chose it (`clouds.registry_choice`: the reference chart's order)."""
        return clouds.registry_choice(self.storage.provider, self.provider or "")

    @property
    def aws_account_id(self) -> str:
        account = self.global_.AWS_ACCOUNT_ID
        return "" if account is None else str(account)

    def repository_parts(self) -> dict[str, str]:
        """The values a derived repository is built from, by the placeholder the clouds'
        repository forms name them with ("" when unset)."""
        return {
            "ACCOUNT": self.aws_account_id,
            "REGION": self.storage.region or "",
            "PROJECT": self.storage.gcp.projectId or "",
            "NAME": self.imageBuilder.registryName,
        }

    def default_repository(self) -> DerivedRepository:
        """`defaultRepository`, or the reference chart's derivation from the cloud settings
        (`imagebuilder.defaultRegistry` / `imagebuilder.defaultRepository`), by the chosen
        cloud's repository form.

        A derivation that lacks an input yields "" and names what is missing — never a
        half-filled string like `.dkr.ecr..amazonaws.com/x`, which the reference writes.
        """
        explicit = self.imageBuilder.defaultRepository
        cloud, trigger = self._registry_choice()
        name = cloud.NAME if cloud is not None else "none"
        if explicit:
            return DerivedRepository(explicit, False, name, (), trigger)
        if cloud is None:
            return DerivedRepository(self.imageBuilder.registryName, True, name, (), trigger)
        parts = self.repository_parts()
        form = cloud.REPOSITORY
        missing = tuple(path for placeholder, path in form.inputs if not parts[placeholder])
        if missing:
            return DerivedRepository("", True, name, missing, trigger)
        return DerivedRepository(form.derive(parts), True, name, (), trigger)

    @property
    def service_account_annotations(self) -> dict[str, str]:
        """The dedicated ServiceAccount's annotations: `additionalServiceAccountAnnotations`
        (evaluated by `tpl` at load time) without cloud identities, then its own, which win.

        The reference chart also copies the data plane's backend identity here; chartgen does
        not (buildkitd needs no cloud identity, and every build step could use it — IB321).
        """
        merged = {
            key: value
            for key, value in self.additionalServiceAccountAnnotations.items()
            if cloud_identity(key) is None
        }
        merged.update(self.buildkit.serviceAccount.annotations)
        return merged

    @property
    def pod_replicas(self) -> int:
        """Replicas that run at steady state (HPA minimum when autoscaling)."""
        autoscaling = self.buildkit.autoscaling
        return autoscaling.minReplicas if autoscaling.enabled else self.buildkit.replicaCount

    @property
    def renders_pdb(self) -> bool:
        """The reference chart renders the PDB when replicaCount > 1."""
        return self.buildkit_deployed and self.buildkit.replicaCount > 1


def _name(text: str) -> str:
    """The reference chart's object names: at most 63 characters, then one trailing "-" cut
    (Helm's `trunc 63 | trimSuffix "-"`)."""
    text = text[:63]
    return text[:-1] if text.endswith("-") else text


def build_model(data: dict[str, Any]) -> Values:
    """The typed view of values that already passed the JSON Schema (keys left out get the
    schema's defaults; nothing is validated again)."""
    return Values.from_data(data)
