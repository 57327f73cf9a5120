"""The typed view of validated values, and everything derived from them.

Built only from values that passed the schema, so construction cannot fail on user input. The
derived values — object names, the service account in use, the image reference, the buildkit
URI, the default repository — are computed here once, the way the reference chart computes them,
so rules, the renderer, the IAM generators and the chart writer cannot disagree.

Field names and defaults mirror `schemas/imagebuilder.values.schema.json`; a test walks both and
fails on any difference.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from chartgen.values.provenance import Path

DEFAULT_FULLNAME = "union-operator-buildkit"
FLYTE_NAMESPACE_LABEL = "union.ai/namespace-type"
FLYTE_NAMESPACE_VALUE = "flyte"
BUILDKIT_PORT = 1234


# `defer_build`: building pydantic's validators for ~30 classes costs more than the rest of a
# cold `chartgen validate`; values reach the model only after the JSON Schema passed them, so
# `build_model` constructs without re-validating and the validators are built only if someone
# asks for them (`model_validate`, `model_dump`).


class _Closed(BaseModel):
    """A section of the contract: unknown keys were already refused by the schema."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class _Open(BaseModel):
    """A section owned by the wider data-plane chart: other keys pass through untouched."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True, defer_build=True)


class ServiceAccount(_Closed):
    create: bool = True
    name: str = "union-imagebuilder"
    annotations: dict[str, str] = Field(default_factory=dict)
    imagePullSecret: str = ""
    forceDedicated: bool = False
    automountToken: bool = False


class Autoscaling(_Closed):
    enabled: bool = False
    minReplicas: int = 1
    maxReplicas: int = 2
    targetCPUUtilizationPercentage: int | None = 60
    targetMemoryUtilizationPercentage: int | None = None


class Image(_Closed):
    repository: str = "docker.io/moby/buildkit"
    pullPolicy: Literal["Always", "IfNotPresent", "Never"] = "IfNotPresent"
    tag: str = "v0.32.2"


class SecurityContextConstraints(_Closed):
    create: bool = True
    name: str = ""
    existingName: str = ""
    allowPrivilegeEscalation: bool = True
    defaultAllowPrivilegeEscalation: bool = True
    pinRequiredSCC: bool = True


class OpenShift(_Closed):
    enabled: bool = False
    securityContextConstraints: SecurityContextConstraints = Field(
        default_factory=SecurityContextConstraints
    )


class Log(_Closed):
    debug: bool = False
    format: Literal["text", "json"] = "text"
    level: Literal["", "trace", "debug", "info", "warn", "error", "fatal", "panic"] = ""


class Oci(_Closed):
    maxParallelism: int = 0


class Gc(_Closed):
    reservedSpace: str = "10%"
    maxUsedSpace: str = "80%"


class Pdb(_Closed):
    minAvailable: int | str = 1


class Service(_Closed):
    type: Literal["ClusterIP", "NodePort", "LoadBalancer"] = "ClusterIP"
    port: int = 1234
    loadbalancerIp: str = ""
    annotations: dict[str, str] = Field(default_factory=dict)


class Probe(_Closed):
    initialDelaySeconds: int = 5
    periodSeconds: int = 30
    timeoutSeconds: int = 10
    failureThreshold: int = 3


class Probes(_Closed):
    readiness: Probe = Field(default_factory=Probe)
    liveness: Probe = Field(default_factory=Probe)


class IssuerRef(_Closed):
    name: str = ""
    kind: Literal["Issuer", "ClusterIssuer"] = "Issuer"
    group: str = "cert-manager.io"


class CertManager(_Closed):
    issuerRef: IssuerRef = Field(default_factory=IssuerRef)
    duration: str = "2160h"
    renewBefore: str = "360h"
    extraDnsNames: list[str] = Field(default_factory=list)


class Tls(_Closed):
    enabled: bool = False
    existingSecret: str = ""
    clientSecretName: str = ""
    certManager: CertManager = Field(default_factory=CertManager)


class EgressDNS(_Closed):
    to: list[dict[str, Any]] = Field(default_factory=list)
    ports: list[dict[str, Any]] = Field(default_factory=list)


def _default_egress_ports() -> list[dict[str, Any]]:
    return [{"protocol": "TCP", "port": 443}, {"protocol": "TCP", "port": 80}]


class Egress(_Closed):
    enabled: bool = False
    allowDNS: bool = True
    dns: EgressDNS = Field(default_factory=EgressDNS)
    ports: list[dict[str, Any]] = Field(default_factory=_default_egress_ports)
    denyCloudMetadata: bool = True
    allowedCIDRs: list[str] = Field(default_factory=lambda: ["0.0.0.0/0", "::/0"])


class NetworkPolicy(_Closed):
    enabled: bool = False
    ingressFrom: list[dict[str, Any]] = Field(default_factory=list)
    egress: Egress = Field(default_factory=Egress)


def _default_resources() -> dict[str, Any]:
    return {"requests": {"cpu": 4, "memory": "4Gi", "ephemeral-storage": "50Gi"}}


class Buildkit(_Closed):
    enabled: bool = True
    serviceAccount: ServiceAccount = Field(default_factory=ServiceAccount)
    fullnameOverride: str = ""
    deploymentStrategy: Literal["Recreate", "RollingUpdate"] = "Recreate"
    replicaCount: int = 1
    hostUsers: bool | None = None
    autoscaling: Autoscaling = Field(default_factory=Autoscaling)
    image: Image = Field(default_factory=Image)
    rootless: bool = False
    securityContext: dict[str, Any] = Field(default_factory=dict)
    openShift: OpenShift = Field(default_factory=OpenShift)
    log: Log = Field(default_factory=Log)
    oci: Oci = Field(default_factory=Oci)
    gc: Gc = Field(default_factory=Gc)
    extraConfig: str = ""
    allowInsecureEntitlements: bool = False
    pdb: Pdb = Field(default_factory=Pdb)
    podAnnotations: dict[str, str] = Field(default_factory=dict)
    service: Service = Field(default_factory=Service)
    resources: dict[str, Any] = Field(default_factory=_default_resources)
    nodeSelector: dict[str, str] = Field(default_factory=dict)
    tolerations: list[dict[str, Any]] = Field(default_factory=list)
    additionalVolumes: list[dict[str, Any]] = Field(default_factory=list)
    additionalVolumeMounts: list[dict[str, Any]] = Field(default_factory=list)
    podEnv: list[dict[str, Any]] = Field(default_factory=list)
    tls: Tls = Field(default_factory=Tls)
    networkPolicy: NetworkPolicy = Field(default_factory=NetworkPolicy)
    probes: Probes = Field(default_factory=Probes)


class BasicAuth(_Closed):
    username: str = "x-token"
    passwordSecretName: str = "DEPOT_TOKEN"
    passwordPlainText: str = ""


AuthenticationType = Literal["noop", "google", "aws", "azure", "basic"]


class ImageBuilder(_Closed):
    enabled: bool = True
    targetConfigMapName: str = "build-image-config"
    buildkitUri: str = ""
    defaultRepository: str = ""
    registryName: str = "union-dataplane"
    authenticationType: AuthenticationType = "noop"
    basicAuth: BasicAuth = Field(default_factory=BasicAuth)
    buildkit: Buildkit = Field(default_factory=Buildkit)


class StorageGcp(_Open):
    projectId: str | None = None


class CredentialsSecretRef(_Open):
    name: str | None = None


class StorageLimits(_Open):
    maxDownloadMBs: int | None = None


class StorageCache(_Open):
    maxSizeMBs: int | None = None
    targetGCPercent: int | None = None


class Storage(_Open):
    provider: Literal["compat", "oci", "aws", "gcs", "custom"] | None = None
    region: str | None = None
    bucketName: str | None = None
    authType: Literal["iam", "accesskey"] | None = None
    accessKey: str | None = None
    secretKey: str | None = None
    endpoint: str | None = None
    disableSSL: bool | None = None
    enableMultiContainer: bool | None = None
    credentialsSecretRef: CredentialsSecretRef | None = None
    gcp: StorageGcp | None = None
    limits: StorageLimits | None = None
    cache: StorageCache | None = None
    custom: dict[str, Any] | None = None


class Global(_Open):
    AWS_ACCOUNT_ID: str | int | None = None


class CommonServiceAccount(_Open):
    enabled: bool = False
    name: str = "union-system"
    annotations: dict[str, str] | None = None


class Namespaces(_Open):
    enabled: bool = True


@dataclass(frozen=True)
class DerivedRepository:
    """The repository images go to, and why it is what it is."""

    value: str  # "" when none could be derived
    derived: bool  # True when computed rather than set in defaultRepository
    cloud: Literal["aws", "gcp", "azure", "none"]
    missing: tuple[Path, ...] = ()  # inputs the derivation lacked


class Values(_Open):
    """The whole values document as chartgen reads it."""

    imageBuilder: ImageBuilder = Field(default_factory=ImageBuilder)
    global_: Global | None = Field(default=None, alias="global")
    storage: Storage | None = None
    additionalServiceAccountAnnotations: dict[str, str] | None = None
    commonServiceAccount: CommonServiceAccount | None = None
    namespaces: Namespaces | None = None
    low_privilege: bool = True

    # -- derived values -------------------------------------------------------------------

    @property
    def buildkit(self) -> Buildkit:
        return self.imageBuilder.buildkit

    @property
    def single_namespace(self) -> bool:
        """Single-namespace mode: `low_privilege` (the reference default) or no namespace sync."""
        namespaces_enabled = self.namespaces.enabled if self.namespaces else True
        return self.low_privilege or not namespaces_enabled

    @property
    def buildkit_deployed(self) -> bool:
        return self.imageBuilder.enabled and self.buildkit.enabled

    @property
    def fullname(self) -> str:
        override = self.buildkit.fullnameOverride
        name = override if override else DEFAULT_FULLNAME
        return name[:63].rstrip("-")

    @property
    def common_service_account(self) -> CommonServiceAccount:
        return self.commonServiceAccount or CommonServiceAccount()

    @property
    def uses_common_service_account(self) -> bool:
        if self.buildkit.serviceAccount.forceDedicated:
            return False
        return self.common_service_account.enabled or self.single_namespace

    @property
    def service_account_name(self) -> str:
        if self.uses_common_service_account:
            return self.common_service_account.name
        return self.buildkit.serviceAccount.name

    @property
    def creates_service_account(self) -> bool:
        return (
            self.buildkit_deployed
            and not self.uses_common_service_account
            and self.buildkit.serviceAccount.create
        )

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
    def openshift_scc_name(self) -> str:
        scc = self.buildkit.openShift.securityContextConstraints
        if not scc.create and scc.existingName:
            return scc.existingName
        return scc.name or self.fullname

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

    @property
    def registry_cloud(self) -> Literal["aws", "gcp", "azure", "none"]:
        """Which cloud's registry the default repository is derived for."""
        auth = self.imageBuilder.authenticationType
        if auth == "aws":
            return "aws"
        if auth == "google":
            return "gcp"
        if auth == "azure":
            return "azure"
        provider = self.storage.provider if self.storage else None
        if provider == "aws":
            return "aws"
        if provider == "gcs":
            return "gcp"
        return "none"

    @property
    def aws_account_id(self) -> str:
        account = self.global_.AWS_ACCOUNT_ID if self.global_ else None
        return "" if account is None else str(account)

    def default_repository(self) -> DerivedRepository:
        """`defaultRepository`, or the reference chart's derivation from the cloud settings.

        A derivation that lacks an input yields "" and names what is missing — never a
        half-filled string like `.dkr.ecr..amazonaws.com/x`.
        """
        explicit = self.imageBuilder.defaultRepository
        cloud = self.registry_cloud
        if explicit:
            return DerivedRepository(explicit, False, cloud)
        name = self.imageBuilder.registryName
        region = (self.storage.region if self.storage else None) or ""
        if cloud == "aws":
            account = self.aws_account_id
            missing: list[Path] = []
            if not account:
                missing.append(("global", "AWS_ACCOUNT_ID"))
            if not region:
                missing.append(("storage", "region"))
            if not name:
                missing.append(("imageBuilder", "registryName"))
            if missing:
                return DerivedRepository("", True, cloud, tuple(missing))
            from chartgen.registry import aws_partition

            domain = "amazonaws.com.cn" if aws_partition(region) == "aws-cn" else "amazonaws.com"
            return DerivedRepository(f"{account}.dkr.ecr.{region}.{domain}/{name}", True, cloud)
        if cloud == "gcp":
            project = self.storage.gcp.projectId if self.storage and self.storage.gcp else None
            missing = []
            if not region:
                missing.append(("storage", "region"))
            if not project:
                missing.append(("storage", "gcp", "projectId"))
            if not name:
                missing.append(("imageBuilder", "registryName"))
            if missing:
                return DerivedRepository("", True, cloud, tuple(missing))
            return DerivedRepository(f"{region}-docker.pkg.dev/{project}/{name}", True, cloud)
        if cloud == "azure":
            if not name:
                return DerivedRepository("", True, cloud, (("imageBuilder", "registryName"),))
            return DerivedRepository(f"{name}.azurecr.io", True, cloud)
        return DerivedRepository(name, True, cloud)

    @property
    def service_account_annotations(self) -> dict[str, str]:
        """Global annotations first, the ServiceAccount's own win."""
        merged = dict(self.additionalServiceAccountAnnotations or {})
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


def _model_type(annotation: Any) -> type[BaseModel] | None:
    """The model class inside `X`, `X | None` or `Optional[X]`, if any."""
    candidates = (annotation, *typing.get_args(annotation))
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


_M = typing.TypeVar("_M", bound=BaseModel)


def _construct(cls: type[_M], data: dict[str, Any]) -> _M:
    """`cls.model_construct` applied recursively to nested sections (no re-validation)."""
    fields: dict[str, Any] = {}
    for name, field in cls.model_fields.items():
        key = field.alias or name
        if key not in data:
            continue
        value = data[key]
        nested = _model_type(field.annotation)
        if nested is not None and isinstance(value, dict):
            value = _construct(nested, value)
        fields[name] = value
    extra = {k: v for k, v in data.items() if k not in _aliases(cls)}
    if cls.model_config.get("extra") == "allow":
        fields.update(extra)
    return cls.model_construct(**fields)


def _aliases(cls: type[BaseModel]) -> set[str]:
    return {field.alias or name for name, field in cls.model_fields.items()}


def build_model(data: dict[str, Any], *, validate: bool = False) -> Values:
    """The typed view of values that already passed the JSON Schema.

    `validate=True` runs pydantic's own validation too (tests use it to prove the two agree).
    """
    if validate:
        return Values.model_validate(data)
    return _construct(Values, data)
