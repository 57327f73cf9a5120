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

from chartgen import clouds
from chartgen.clouds import cloud_identity
from chartgen.values.provenance import Path

if typing.TYPE_CHECKING:
    from chartgen.clouds.base import Cloud

DEFAULT_FULLNAME = "union-operator-buildkit"
DEFAULT_SERVICE_ACCOUNT = "union-imagebuilder"
DEFAULT_COMMON_SERVICE_ACCOUNT = "union-system"
FLYTE_NAMESPACE_LABEL = "union.ai/namespace-type"
FLYTE_NAMESPACE_VALUE = "flyte"


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
    clientsPresentCertificates: bool = False
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
    projectId: str = ""


class CredentialsSecretRef(_Open):
    name: str = ""


class StorageLimits(_Open):
    maxDownloadMBs: int = 1024


class StorageCache(_Open):
    maxSizeMBs: int = 0
    targetGCPercent: int = 70


class Storage(_Open):
    """`storage`, with the reference chart's defaults (its values.yaml) for what is left out."""

    provider: Literal["compat", "oci", "aws", "gcs", "custom"] = "compat"
    region: str = "us-east-1"
    bucketName: str = "{{ .Values.global.METADATA_BUCKET }}"
    authType: Literal["iam", "accesskey"] = "accesskey"
    accessKey: str = ""
    secretKey: str = ""
    endpoint: str = ""
    fastRegistrationURL: str = ""
    disableSSL: bool = False
    enableMultiContainer: bool = True
    credentialsSecretRef: CredentialsSecretRef = Field(default_factory=CredentialsSecretRef)
    gcp: StorageGcp = Field(default_factory=StorageGcp)
    limits: StorageLimits = Field(default_factory=StorageLimits)
    cache: StorageCache = Field(default_factory=StorageCache)
    custom: dict[str, Any] = Field(default_factory=dict)


class Global(_Open):
    AWS_ACCOUNT_ID: str | int | None = None
    METADATA_BUCKET: str | int | float | bool = ""


class CommonServiceAccount(_Open):
    enabled: bool = True
    name: str = "union-system"
    annotations: dict[str, str] | None = None


class Namespaces(_Open):
    enabled: bool = False


@dataclass(frozen=True)
class DerivedRepository:
    """The repository images go to, and why it is what it is."""

    value: str  # "" when none could be derived
    derived: bool  # True when computed rather than set in defaultRepository
    cloud: str  # the cloud whose registry is derived (`chartgen.clouds`), or "none"
    missing: tuple[Path, ...] = ()  # inputs the derivation lacked
    # The value that chose the cloud: storage.provider, the top-level provider, or (for none)
    # registryName, which is then the repository as is.
    trigger: Path = ("imageBuilder", "registryName")



class Values(_Open):
    """The whole values document as chartgen reads it."""

    imageBuilder: ImageBuilder = Field(default_factory=ImageBuilder)
    global_: Global = Field(default_factory=Global, alias="global")
    storage: Storage = Field(default_factory=Storage)
    additionalServiceAccountAnnotations: dict[str, str] = Field(default_factory=dict)
    commonServiceAccount: CommonServiceAccount = Field(default_factory=CommonServiceAccount)
    namespaces: Namespaces = Field(default_factory=Namespaces)
    low_privilege: bool = True
    provider: str | None = None
    additionalPodEnvVars: dict[str, str | int | float | bool] = Field(default_factory=dict)
    userRoleAnnotationKey: str | None = None
    userRoleAnnotationValue: str | None = None

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
