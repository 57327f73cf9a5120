"""The typed sections of the values document, one class per schema section.

GENERATED from schemas/imagebuilder.values.schema.json by `python -m chartgen.codegen`.
Do not edit by hand: change the source and regenerate (tests/test_generated.py fails
while this file is stale).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from chartgen.values_section import FieldSpec, Section

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self from Python 3.11 on


class BasicAuth(Section):
    """`imageBuilder.basicAuth`: Credentials for `authenticationType: basic`."""

    __slots__ = ("passwordPlainText", "passwordSecretName", "username")
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("username", "username", None),
        ("passwordSecretName", "passwordSecretName", None),
        ("passwordPlainText", "passwordPlainText", None),
    )

    username: str
    passwordSecretName: str
    passwordPlainText: str

    def __init__(
        self,
        *,
        username: str = "x-token",
        passwordSecretName: str = "DEPOT_TOKEN",
        passwordPlainText: str = "",
    ) -> None:
        set_ = object.__setattr__
        set_(self, "username", username)
        set_(self, "passwordSecretName", passwordSecretName)
        set_(self, "passwordPlainText", passwordPlainText)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            username=get("username", "x-token"),
            passwordSecretName=get("passwordSecretName", "DEPOT_TOKEN"),
            passwordPlainText=get("passwordPlainText", ""),
        )


class ServiceAccount(Section):
    """`imageBuilder.buildkit.serviceAccount`: The Kubernetes ServiceAccount of the buildkitd
    pods.
    """

    __slots__ = (
        "annotations",
        "automountToken",
        "create",
        "forceDedicated",
        "imagePullSecret",
        "name",
    )
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("create", "create", None),
        ("name", "name", None),
        ("annotations", "annotations", None),
        ("imagePullSecret", "imagePullSecret", None),
        ("forceDedicated", "forceDedicated", None),
        ("automountToken", "automountToken", None),
    )

    create: bool
    name: str
    annotations: dict[str, str]
    imagePullSecret: str
    forceDedicated: bool
    automountToken: bool

    def __init__(
        self,
        *,
        create: bool = True,
        name: str = "union-imagebuilder",
        annotations: dict[str, str] | None = None,
        imagePullSecret: str = "",
        forceDedicated: bool = False,
        automountToken: bool = False,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "create", create)
        set_(self, "name", name)
        set_(self, "annotations", {} if annotations is None else annotations)
        set_(self, "imagePullSecret", imagePullSecret)
        set_(self, "forceDedicated", forceDedicated)
        set_(self, "automountToken", automountToken)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            create=get("create", True),
            name=get("name", "union-imagebuilder"),
            annotations=get("annotations"),
            imagePullSecret=get("imagePullSecret", ""),
            forceDedicated=get("forceDedicated", False),
            automountToken=get("automountToken", False),
        )


class Autoscaling(Section):
    """`imageBuilder.buildkit.autoscaling`: HorizontalPodAutoscaler for buildkitd."""

    __slots__ = (
        "enabled",
        "maxReplicas",
        "minReplicas",
        "targetCPUUtilizationPercentage",
        "targetMemoryUtilizationPercentage",
    )
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("enabled", "enabled", None),
        ("minReplicas", "minReplicas", None),
        ("maxReplicas", "maxReplicas", None),
        ("targetCPUUtilizationPercentage", "targetCPUUtilizationPercentage", None),
        ("targetMemoryUtilizationPercentage", "targetMemoryUtilizationPercentage", None),
    )

    enabled: bool
    minReplicas: int
    maxReplicas: int
    targetCPUUtilizationPercentage: int
    targetMemoryUtilizationPercentage: int | None

    def __init__(
        self,
        *,
        enabled: bool = False,
        minReplicas: int = 1,
        maxReplicas: int = 2,
        targetCPUUtilizationPercentage: int = 60,
        targetMemoryUtilizationPercentage: int | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "enabled", enabled)
        set_(self, "minReplicas", minReplicas)
        set_(self, "maxReplicas", maxReplicas)
        set_(self, "targetCPUUtilizationPercentage", targetCPUUtilizationPercentage)
        set_(self, "targetMemoryUtilizationPercentage", targetMemoryUtilizationPercentage)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            enabled=get("enabled", False),
            minReplicas=get("minReplicas", 1),
            maxReplicas=get("maxReplicas", 2),
            targetCPUUtilizationPercentage=get("targetCPUUtilizationPercentage", 60),
            targetMemoryUtilizationPercentage=get("targetMemoryUtilizationPercentage", None),
        )


class Image(Section):
    """`imageBuilder.buildkit.image`: The buildkitd container image."""

    __slots__ = ("pullPolicy", "repository", "tag")
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("repository", "repository", None),
        ("pullPolicy", "pullPolicy", None),
        ("tag", "tag", None),
    )

    repository: str
    pullPolicy: Literal["Always", "IfNotPresent", "Never"]
    tag: str

    def __init__(
        self,
        *,
        repository: str = "docker.io/moby/buildkit",
        pullPolicy: Literal["Always", "IfNotPresent", "Never"] = "IfNotPresent",
        tag: str = "v0.32.2",
    ) -> None:
        set_ = object.__setattr__
        set_(self, "repository", repository)
        set_(self, "pullPolicy", pullPolicy)
        set_(self, "tag", tag)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            repository=get("repository", "docker.io/moby/buildkit"),
            pullPolicy=get("pullPolicy", "IfNotPresent"),
            tag=get("tag", "v0.32.2"),
        )


class SecurityContextConstraints(Section):
    """`imageBuilder.buildkit.openShift.securityContextConstraints`: The
    SecurityContextConstraints buildkitd runs under.
    """

    __slots__ = (
        "allowPrivilegeEscalation",
        "create",
        "defaultAllowPrivilegeEscalation",
        "existingName",
        "name",
        "pinRequiredSCC",
    )
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("create", "create", None),
        ("name", "name", None),
        ("existingName", "existingName", None),
        ("allowPrivilegeEscalation", "allowPrivilegeEscalation", None),
        ("defaultAllowPrivilegeEscalation", "defaultAllowPrivilegeEscalation", None),
        ("pinRequiredSCC", "pinRequiredSCC", None),
    )

    create: bool
    name: str
    existingName: str
    allowPrivilegeEscalation: bool
    defaultAllowPrivilegeEscalation: bool
    pinRequiredSCC: bool

    def __init__(
        self,
        *,
        create: bool = True,
        name: str = "",
        existingName: str = "",
        allowPrivilegeEscalation: bool = True,
        defaultAllowPrivilegeEscalation: bool = True,
        pinRequiredSCC: bool = True,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "create", create)
        set_(self, "name", name)
        set_(self, "existingName", existingName)
        set_(self, "allowPrivilegeEscalation", allowPrivilegeEscalation)
        set_(self, "defaultAllowPrivilegeEscalation", defaultAllowPrivilegeEscalation)
        set_(self, "pinRequiredSCC", pinRequiredSCC)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            create=get("create", True),
            name=get("name", ""),
            existingName=get("existingName", ""),
            allowPrivilegeEscalation=get("allowPrivilegeEscalation", True),
            defaultAllowPrivilegeEscalation=get("defaultAllowPrivilegeEscalation", True),
            pinRequiredSCC=get("pinRequiredSCC", True),
        )


class OpenShift(Section):
    """`imageBuilder.buildkit.openShift`: OpenShift support: a SecurityContextConstraints object
    and the RBAC to use it.
    """

    __slots__ = ("enabled", "securityContextConstraints")
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("enabled", "enabled", None),
        ("securityContextConstraints", "securityContextConstraints", SecurityContextConstraints),
    )

    enabled: bool
    securityContextConstraints: SecurityContextConstraints

    def __init__(
        self,
        *,
        enabled: bool = False,
        securityContextConstraints: SecurityContextConstraints | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "enabled", enabled)
        if securityContextConstraints is None:
            securityContextConstraints = SecurityContextConstraints()
        set_(self, "securityContextConstraints", securityContextConstraints)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        securityContextConstraints = get("securityContextConstraints")
        if isinstance(securityContextConstraints, dict):
            securityContextConstraints = SecurityContextConstraints.from_data(securityContextConstraints)
        return cls(
            enabled=get("enabled", False),
            securityContextConstraints=securityContextConstraints,
        )


class Log(Section):
    """`imageBuilder.buildkit.log`: buildkitd logging."""

    __slots__ = ("debug", "format", "level")
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("debug", "debug", None),
        ("format", "format", None),
        ("level", "level", None),
    )

    debug: bool
    format: Literal["text", "json"]
    level: Literal["", "trace", "debug", "info", "warn", "error", "fatal", "panic"]

    def __init__(
        self,
        *,
        debug: bool = False,
        format: Literal["text", "json"] = "text",
        level: Literal["", "trace", "debug", "info", "warn", "error", "fatal", "panic"] = "",
    ) -> None:
        set_ = object.__setattr__
        set_(self, "debug", debug)
        set_(self, "format", format)
        set_(self, "level", level)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            debug=get("debug", False),
            format=get("format", "text"),
            level=get("level", ""),
        )


class Oci(Section):
    """`imageBuilder.buildkit.oci`: The OCI worker."""

    __slots__ = ("maxParallelism",)
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("maxParallelism", "maxParallelism", None),
    )

    maxParallelism: int

    def __init__(
        self,
        *,
        maxParallelism: int = 0,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "maxParallelism", maxParallelism)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            maxParallelism=get("maxParallelism", 0),
        )


class Gc(Section):
    """`imageBuilder.buildkit.gc`: Sizes of BuildKit's garbage-collection policies (chartgen
    addition). A percentage is of the disk under BuildKit's state directory, which in a pod is
    usually the node's disk, not the container's ephemeral-storage limit (rule IB231); a size
    ("40GB", "50GiB") keeps the cache below a limit.
    """

    __slots__ = ("maxUsedSpace", "reservedSpace")
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("reservedSpace", "reservedSpace", None),
        ("maxUsedSpace", "maxUsedSpace", None),
    )

    reservedSpace: str
    maxUsedSpace: str

    def __init__(
        self,
        *,
        reservedSpace: str = "10%",
        maxUsedSpace: str = "80%",
    ) -> None:
        set_ = object.__setattr__
        set_(self, "reservedSpace", reservedSpace)
        set_(self, "maxUsedSpace", maxUsedSpace)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            reservedSpace=get("reservedSpace", "10%"),
            maxUsedSpace=get("maxUsedSpace", "80%"),
        )


class Pdb(Section):
    """`imageBuilder.buildkit.pdb`: PodDisruptionBudget, rendered when more than one replica
    runs.
    """

    __slots__ = ("minAvailable",)
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("minAvailable", "minAvailable", None),
    )

    minAvailable: int | str

    def __init__(
        self,
        *,
        minAvailable: int | str = 1,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "minAvailable", minAvailable)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            minAvailable=get("minAvailable", 1),
        )


class Service(Section):
    """`imageBuilder.buildkit.service`: The Service in front of buildkitd."""

    __slots__ = ("annotations", "loadbalancerIp", "port", "type")
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("type", "type", None),
        ("port", "port", None),
        ("loadbalancerIp", "loadbalancerIp", None),
        ("annotations", "annotations", None),
    )

    type: Literal["ClusterIP", "NodePort", "LoadBalancer"]
    port: int
    loadbalancerIp: str
    annotations: dict[str, str]

    def __init__(
        self,
        *,
        type: Literal["ClusterIP", "NodePort", "LoadBalancer"] = "ClusterIP",
        port: int = 1234,
        loadbalancerIp: str = "",
        annotations: dict[str, str] | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "type", type)
        set_(self, "port", port)
        set_(self, "loadbalancerIp", loadbalancerIp)
        set_(self, "annotations", {} if annotations is None else annotations)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            type=get("type", "ClusterIP"),
            port=get("port", 1234),
            loadbalancerIp=get("loadbalancerIp", ""),
            annotations=get("annotations"),
        )


class IssuerRef(Section):
    """`imageBuilder.buildkit.tls.certManager.issuerRef`: The cert-manager issuer of both
    certificates; setting `name` enables cert-manager. It must be a CA issuer (or another
    issuer that writes `ca.crt` into the Secret, such as Vault): buildkitd verifies clients
    and clients verify buildkitd against that `ca.crt`. A SelfSigned or ACME issuer gives no
    usable CA.
    """

    __slots__ = ("group", "kind", "name")
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("name", "name", None),
        ("kind", "kind", None),
        ("group", "group", None),
    )

    name: str
    kind: Literal["Issuer", "ClusterIssuer"]
    group: str

    def __init__(
        self,
        *,
        name: str = "",
        kind: Literal["Issuer", "ClusterIssuer"] = "Issuer",
        group: str = "cert-manager.io",
    ) -> None:
        set_ = object.__setattr__
        set_(self, "name", name)
        set_(self, "kind", kind)
        set_(self, "group", group)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            name=get("name", ""),
            kind=get("kind", "Issuer"),
            group=get("group", "cert-manager.io"),
        )


class CertManager(Section):
    """`imageBuilder.buildkit.tls.certManager`: Issue the daemon and client certificates with
    cert-manager.
    """

    __slots__ = ("duration", "extraDnsNames", "issuerRef", "renewBefore")
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("issuerRef", "issuerRef", IssuerRef),
        ("duration", "duration", None),
        ("renewBefore", "renewBefore", None),
        ("extraDnsNames", "extraDnsNames", None),
    )

    issuerRef: IssuerRef
    duration: str
    renewBefore: str
    extraDnsNames: list[str]

    def __init__(
        self,
        *,
        issuerRef: IssuerRef | None = None,
        duration: str = "2160h",
        renewBefore: str = "360h",
        extraDnsNames: list[str] | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "issuerRef", IssuerRef() if issuerRef is None else issuerRef)
        set_(self, "duration", duration)
        set_(self, "renewBefore", renewBefore)
        set_(self, "extraDnsNames", [] if extraDnsNames is None else extraDnsNames)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        issuerRef = get("issuerRef")
        if isinstance(issuerRef, dict):
            issuerRef = IssuerRef.from_data(issuerRef)
        return cls(
            issuerRef=issuerRef,
            duration=get("duration", "2160h"),
            renewBefore=get("renewBefore", "360h"),
            extraDnsNames=get("extraDnsNames"),
        )


class Tls(Section):
    """`imageBuilder.buildkit.tls`: Mutual TLS on buildkitd's TCP listener (chartgen addition):
    buildkitd gets --tlscacert/--tlscert/--tlskey from the Secret mounted read-only at /certs
    and accepts only clients whose certificate the CA signed; the unix socket the probes use
    stays plaintext inside the pod. buildkitd reads the files only at start: a renewed
    certificate or an updated Secret takes effect when the pods restart (`kubectl rollout
    restart deployment/FULLNAME`); pods restart by themselves only when buildkitd.toml (the
    checksum/config annotation) or the pod template changes.
    """

    __slots__ = (
        "certManager",
        "clientSecretName",
        "clientsPresentCertificates",
        "enabled",
        "existingSecret",
    )
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("enabled", "enabled", None),
        ("clientsPresentCertificates", "clientsPresentCertificates", None),
        ("existingSecret", "existingSecret", None),
        ("clientSecretName", "clientSecretName", None),
        ("certManager", "certManager", CertManager),
    )

    enabled: bool
    clientsPresentCertificates: bool
    existingSecret: str
    clientSecretName: str
    certManager: CertManager

    def __init__(
        self,
        *,
        enabled: bool = False,
        clientsPresentCertificates: bool = False,
        existingSecret: str = "",
        clientSecretName: str = "",
        certManager: CertManager | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "enabled", enabled)
        set_(self, "clientsPresentCertificates", clientsPresentCertificates)
        set_(self, "existingSecret", existingSecret)
        set_(self, "clientSecretName", clientSecretName)
        set_(self, "certManager", CertManager() if certManager is None else certManager)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        certManager = get("certManager")
        if isinstance(certManager, dict):
            certManager = CertManager.from_data(certManager)
        return cls(
            enabled=get("enabled", False),
            clientsPresentCertificates=get("clientsPresentCertificates", False),
            existingSecret=get("existingSecret", ""),
            clientSecretName=get("clientSecretName", ""),
            certManager=certManager,
        )


class Dns(Section):
    """`imageBuilder.buildkit.networkPolicy.egress.dns`: Where DNS is answered. Empty lists take
    the platform's defaults: on OpenShift (openShift.enabled) the DNS pods of namespace
    openshift-dns on UDP/TCP 5353 and 53; elsewhere (EKS, AKS, GKE, ...) the kube-dns/CoreDNS
    pods (k8s-app: kube-dns), NodeLocal DNSCache at 169.254.20.10 and GKE Cloud DNS at
    169.254.169.254, on UDP/TCP 53. Port 53 to 169.254.169.254 does not open the metadata API
    (HTTP), which stays denied.
    """

    __slots__ = ("ports", "to")
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("to", "to", None),
        ("ports", "ports", None),
    )

    to: list[dict[str, Any]]
    ports: list[dict[str, Any]]

    def __init__(
        self,
        *,
        to: list[dict[str, Any]] | None = None,
        ports: list[dict[str, Any]] | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "to", [] if to is None else to)
        set_(self, "ports", [] if ports is None else ports)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            to=get("to"),
            ports=get("ports"),
        )


class Egress(Section):
    """`imageBuilder.buildkit.networkPolicy.egress`: Egress rules for the buildkitd pods: DNS
    (per platform, see dns) and egress.ports to allowedCIDRs, the cloud metadata endpoints
    excepted. They also apply to build steps (RUN commands share the pod's network), so they
    decide what builds can download.
    """

    __slots__ = ("allowDNS", "allowedCIDRs", "denyCloudMetadata", "dns", "enabled", "ports")
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("enabled", "enabled", None),
        ("allowDNS", "allowDNS", None),
        ("dns", "dns", Dns),
        ("ports", "ports", None),
        ("denyCloudMetadata", "denyCloudMetadata", None),
        ("allowedCIDRs", "allowedCIDRs", None),
    )

    enabled: bool
    allowDNS: bool
    dns: Dns
    ports: list[dict[str, Any]]
    denyCloudMetadata: bool
    allowedCIDRs: list[str]

    def __init__(
        self,
        *,
        enabled: bool = False,
        allowDNS: bool = True,
        dns: Dns | None = None,
        ports: list[dict[str, Any]] | None = None,
        denyCloudMetadata: bool = True,
        allowedCIDRs: list[str] | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "enabled", enabled)
        set_(self, "allowDNS", allowDNS)
        set_(self, "dns", Dns() if dns is None else dns)
        if ports is None:
            ports = [{"protocol": "TCP", "port": 443}, {"protocol": "TCP", "port": 80}]
        set_(self, "ports", ports)
        set_(self, "denyCloudMetadata", denyCloudMetadata)
        if allowedCIDRs is None:
            allowedCIDRs = ["0.0.0.0/0", "::/0"]
        set_(self, "allowedCIDRs", allowedCIDRs)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        dns = get("dns")
        if isinstance(dns, dict):
            dns = Dns.from_data(dns)
        return cls(
            enabled=get("enabled", False),
            allowDNS=get("allowDNS", True),
            dns=dns,
            ports=get("ports"),
            denyCloudMetadata=get("denyCloudMetadata", True),
            allowedCIDRs=get("allowedCIDRs"),
        )


class NetworkPolicy(Section):
    """`imageBuilder.buildkit.networkPolicy`: NetworkPolicy restricting who reaches buildkitd's
    TCP port 1234 (chartgen addition). It does not stop build steps, which share buildkitd's
    network namespace, from connecting to localhost:1234, so any build can drive the daemon;
    only TLS authenticates clients.
    """

    __slots__ = ("egress", "enabled", "ingressFrom")
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("enabled", "enabled", None),
        ("ingressFrom", "ingressFrom", None),
        ("egress", "egress", Egress),
    )

    enabled: bool
    ingressFrom: list[dict[str, Any]]
    egress: Egress

    def __init__(
        self,
        *,
        enabled: bool = False,
        ingressFrom: list[dict[str, Any]] | None = None,
        egress: Egress | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "enabled", enabled)
        set_(self, "ingressFrom", [] if ingressFrom is None else ingressFrom)
        set_(self, "egress", Egress() if egress is None else egress)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        egress = get("egress")
        if isinstance(egress, dict):
            egress = Egress.from_data(egress)
        return cls(
            enabled=get("enabled", False),
            ingressFrom=get("ingressFrom"),
            egress=egress,
        )


class Probe(Section):
    """`imageBuilder.buildkit.probes.readiness`: Readiness probe timing."""

    __slots__ = ("failureThreshold", "initialDelaySeconds", "periodSeconds", "timeoutSeconds")
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("initialDelaySeconds", "initialDelaySeconds", None),
        ("periodSeconds", "periodSeconds", None),
        ("timeoutSeconds", "timeoutSeconds", None),
        ("failureThreshold", "failureThreshold", None),
    )

    initialDelaySeconds: int
    periodSeconds: int
    timeoutSeconds: int
    failureThreshold: int

    def __init__(
        self,
        *,
        initialDelaySeconds: int = 5,
        periodSeconds: int = 30,
        timeoutSeconds: int = 10,
        failureThreshold: int = 3,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "initialDelaySeconds", initialDelaySeconds)
        set_(self, "periodSeconds", periodSeconds)
        set_(self, "timeoutSeconds", timeoutSeconds)
        set_(self, "failureThreshold", failureThreshold)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            initialDelaySeconds=get("initialDelaySeconds", 5),
            periodSeconds=get("periodSeconds", 30),
            timeoutSeconds=get("timeoutSeconds", 10),
            failureThreshold=get("failureThreshold", 3),
        )


class Probes(Section):
    """`imageBuilder.buildkit.probes`: Readiness and liveness probes (chartgen addition: explicit
    timeouts).
    """

    __slots__ = ("liveness", "readiness")
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("readiness", "readiness", Probe),
        ("liveness", "liveness", Probe),
    )

    readiness: Probe
    liveness: Probe

    def __init__(
        self,
        *,
        readiness: Probe | None = None,
        liveness: Probe | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "readiness", Probe() if readiness is None else readiness)
        set_(self, "liveness", Probe() if liveness is None else liveness)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        readiness = get("readiness")
        if isinstance(readiness, dict):
            readiness = Probe.from_data(readiness)
        liveness = get("liveness")
        if isinstance(liveness, dict):
            liveness = Probe.from_data(liveness)
        return cls(
            readiness=readiness,
            liveness=liveness,
        )


class Buildkit(Section):
    """`imageBuilder.buildkit`: The in-cluster BuildKit daemon (buildkitd) that runs the builds."""

    __slots__ = (
        "additionalVolumeMounts",
        "additionalVolumes",
        "allowInsecureEntitlements",
        "autoscaling",
        "deploymentStrategy",
        "enabled",
        "extraConfig",
        "fullnameOverride",
        "gc",
        "hostUsers",
        "image",
        "log",
        "networkPolicy",
        "nodeSelector",
        "oci",
        "openShift",
        "pdb",
        "podAnnotations",
        "podEnv",
        "probes",
        "replicaCount",
        "resources",
        "rootless",
        "securityContext",
        "service",
        "serviceAccount",
        "tls",
        "tolerations",
    )
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("enabled", "enabled", None),
        ("serviceAccount", "serviceAccount", ServiceAccount),
        ("fullnameOverride", "fullnameOverride", None),
        ("deploymentStrategy", "deploymentStrategy", None),
        ("replicaCount", "replicaCount", None),
        ("hostUsers", "hostUsers", None),
        ("autoscaling", "autoscaling", Autoscaling),
        ("image", "image", Image),
        ("rootless", "rootless", None),
        ("securityContext", "securityContext", None),
        ("openShift", "openShift", OpenShift),
        ("log", "log", Log),
        ("oci", "oci", Oci),
        ("gc", "gc", Gc),
        ("extraConfig", "extraConfig", None),
        ("allowInsecureEntitlements", "allowInsecureEntitlements", None),
        ("pdb", "pdb", Pdb),
        ("podAnnotations", "podAnnotations", None),
        ("service", "service", Service),
        ("resources", "resources", None),
        ("nodeSelector", "nodeSelector", None),
        ("tolerations", "tolerations", None),
        ("additionalVolumes", "additionalVolumes", None),
        ("additionalVolumeMounts", "additionalVolumeMounts", None),
        ("podEnv", "podEnv", None),
        ("tls", "tls", Tls),
        ("networkPolicy", "networkPolicy", NetworkPolicy),
        ("probes", "probes", Probes),
    )

    enabled: bool
    serviceAccount: ServiceAccount
    fullnameOverride: str
    deploymentStrategy: Literal["Recreate", "RollingUpdate"]
    replicaCount: int
    hostUsers: bool | None
    autoscaling: Autoscaling
    image: Image
    rootless: bool
    securityContext: dict[str, Any]
    openShift: OpenShift
    log: Log
    oci: Oci
    gc: Gc
    extraConfig: str
    allowInsecureEntitlements: bool
    pdb: Pdb
    podAnnotations: dict[str, str]
    service: Service
    resources: dict[str, Any]
    nodeSelector: dict[str, str]
    tolerations: list[dict[str, Any]]
    additionalVolumes: list[dict[str, Any]]
    additionalVolumeMounts: list[dict[str, Any]]
    podEnv: list[dict[str, Any]]
    tls: Tls
    networkPolicy: NetworkPolicy
    probes: Probes

    def __init__(
        self,
        *,
        enabled: bool = True,
        serviceAccount: ServiceAccount | None = None,
        fullnameOverride: str = "",
        deploymentStrategy: Literal["Recreate", "RollingUpdate"] = "Recreate",
        replicaCount: int = 1,
        hostUsers: bool | None = None,
        autoscaling: Autoscaling | None = None,
        image: Image | None = None,
        rootless: bool = False,
        securityContext: dict[str, Any] | None = None,
        openShift: OpenShift | None = None,
        log: Log | None = None,
        oci: Oci | None = None,
        gc: Gc | None = None,
        extraConfig: str = "",
        allowInsecureEntitlements: bool = False,
        pdb: Pdb | None = None,
        podAnnotations: dict[str, str] | None = None,
        service: Service | None = None,
        resources: dict[str, Any] | None = None,
        nodeSelector: dict[str, str] | None = None,
        tolerations: list[dict[str, Any]] | None = None,
        additionalVolumes: list[dict[str, Any]] | None = None,
        additionalVolumeMounts: list[dict[str, Any]] | None = None,
        podEnv: list[dict[str, Any]] | None = None,
        tls: Tls | None = None,
        networkPolicy: NetworkPolicy | None = None,
        probes: Probes | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "enabled", enabled)
        set_(self, "serviceAccount", ServiceAccount() if serviceAccount is None else serviceAccount)
        set_(self, "fullnameOverride", fullnameOverride)
        set_(self, "deploymentStrategy", deploymentStrategy)
        set_(self, "replicaCount", replicaCount)
        set_(self, "hostUsers", hostUsers)
        set_(self, "autoscaling", Autoscaling() if autoscaling is None else autoscaling)
        set_(self, "image", Image() if image is None else image)
        set_(self, "rootless", rootless)
        set_(self, "securityContext", {} if securityContext is None else securityContext)
        set_(self, "openShift", OpenShift() if openShift is None else openShift)
        set_(self, "log", Log() if log is None else log)
        set_(self, "oci", Oci() if oci is None else oci)
        set_(self, "gc", Gc() if gc is None else gc)
        set_(self, "extraConfig", extraConfig)
        set_(self, "allowInsecureEntitlements", allowInsecureEntitlements)
        set_(self, "pdb", Pdb() if pdb is None else pdb)
        set_(self, "podAnnotations", {} if podAnnotations is None else podAnnotations)
        set_(self, "service", Service() if service is None else service)
        if resources is None:
            resources = {"requests": {"cpu": 4, "memory": "4Gi", "ephemeral-storage": "50Gi"}}
        set_(self, "resources", resources)
        set_(self, "nodeSelector", {} if nodeSelector is None else nodeSelector)
        set_(self, "tolerations", [] if tolerations is None else tolerations)
        set_(self, "additionalVolumes", [] if additionalVolumes is None else additionalVolumes)
        if additionalVolumeMounts is None:
            additionalVolumeMounts = []
        set_(self, "additionalVolumeMounts", additionalVolumeMounts)
        set_(self, "podEnv", [] if podEnv is None else podEnv)
        set_(self, "tls", Tls() if tls is None else tls)
        set_(self, "networkPolicy", NetworkPolicy() if networkPolicy is None else networkPolicy)
        set_(self, "probes", Probes() if probes is None else probes)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        serviceAccount = get("serviceAccount")
        if isinstance(serviceAccount, dict):
            serviceAccount = ServiceAccount.from_data(serviceAccount)
        autoscaling = get("autoscaling")
        if isinstance(autoscaling, dict):
            autoscaling = Autoscaling.from_data(autoscaling)
        image = get("image")
        if isinstance(image, dict):
            image = Image.from_data(image)
        openShift = get("openShift")
        if isinstance(openShift, dict):
            openShift = OpenShift.from_data(openShift)
        log = get("log")
        if isinstance(log, dict):
            log = Log.from_data(log)
        oci = get("oci")
        if isinstance(oci, dict):
            oci = Oci.from_data(oci)
        gc = get("gc")
        if isinstance(gc, dict):
            gc = Gc.from_data(gc)
        pdb = get("pdb")
        if isinstance(pdb, dict):
            pdb = Pdb.from_data(pdb)
        service = get("service")
        if isinstance(service, dict):
            service = Service.from_data(service)
        tls = get("tls")
        if isinstance(tls, dict):
            tls = Tls.from_data(tls)
        networkPolicy = get("networkPolicy")
        if isinstance(networkPolicy, dict):
            networkPolicy = NetworkPolicy.from_data(networkPolicy)
        probes = get("probes")
        if isinstance(probes, dict):
            probes = Probes.from_data(probes)
        return cls(
            enabled=get("enabled", True),
            serviceAccount=serviceAccount,
            fullnameOverride=get("fullnameOverride", ""),
            deploymentStrategy=get("deploymentStrategy", "Recreate"),
            replicaCount=get("replicaCount", 1),
            hostUsers=get("hostUsers", None),
            autoscaling=autoscaling,
            image=image,
            rootless=get("rootless", False),
            securityContext=get("securityContext"),
            openShift=openShift,
            log=log,
            oci=oci,
            gc=gc,
            extraConfig=get("extraConfig", ""),
            allowInsecureEntitlements=get("allowInsecureEntitlements", False),
            pdb=pdb,
            podAnnotations=get("podAnnotations"),
            service=service,
            resources=get("resources"),
            nodeSelector=get("nodeSelector"),
            tolerations=get("tolerations"),
            additionalVolumes=get("additionalVolumes"),
            additionalVolumeMounts=get("additionalVolumeMounts"),
            podEnv=get("podEnv"),
            tls=tls,
            networkPolicy=networkPolicy,
            probes=probes,
        )


class ImageBuilder(Section):
    """`imageBuilder`: The Image Builder: builds `flyte.Image` specs with BuildKit and pushes
    them to a registry.
    """

    __slots__ = (
        "authenticationType",
        "basicAuth",
        "buildkit",
        "buildkitUri",
        "defaultRepository",
        "enabled",
        "registryName",
        "targetConfigMapName",
    )
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("enabled", "enabled", None),
        ("targetConfigMapName", "targetConfigMapName", None),
        ("buildkitUri", "buildkitUri", None),
        ("defaultRepository", "defaultRepository", None),
        ("registryName", "registryName", None),
        ("authenticationType", "authenticationType", None),
        ("basicAuth", "basicAuth", BasicAuth),
        ("buildkit", "buildkit", Buildkit),
    )

    enabled: bool
    targetConfigMapName: str
    buildkitUri: str
    defaultRepository: str
    registryName: str
    authenticationType: Literal["noop", "google", "aws", "azure", "basic"]
    basicAuth: BasicAuth
    buildkit: Buildkit

    def __init__(
        self,
        *,
        enabled: bool = True,
        targetConfigMapName: str = "build-image-config",
        buildkitUri: str = "",
        defaultRepository: str = "",
        registryName: str = "union-dataplane",
        authenticationType: Literal["noop", "google", "aws", "azure", "basic"] = "noop",
        basicAuth: BasicAuth | None = None,
        buildkit: Buildkit | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "enabled", enabled)
        set_(self, "targetConfigMapName", targetConfigMapName)
        set_(self, "buildkitUri", buildkitUri)
        set_(self, "defaultRepository", defaultRepository)
        set_(self, "registryName", registryName)
        set_(self, "authenticationType", authenticationType)
        set_(self, "basicAuth", BasicAuth() if basicAuth is None else basicAuth)
        set_(self, "buildkit", Buildkit() if buildkit is None else buildkit)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        basicAuth = get("basicAuth")
        if isinstance(basicAuth, dict):
            basicAuth = BasicAuth.from_data(basicAuth)
        buildkit = get("buildkit")
        if isinstance(buildkit, dict):
            buildkit = Buildkit.from_data(buildkit)
        return cls(
            enabled=get("enabled", True),
            targetConfigMapName=get("targetConfigMapName", "build-image-config"),
            buildkitUri=get("buildkitUri", ""),
            defaultRepository=get("defaultRepository", ""),
            registryName=get("registryName", "union-dataplane"),
            authenticationType=get("authenticationType", "noop"),
            basicAuth=basicAuth,
            buildkit=buildkit,
        )


class Global(Section):
    """`global`: Global data-plane values."""

    __slots__ = ("AWS_ACCOUNT_ID", "METADATA_BUCKET")
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("AWS_ACCOUNT_ID", "AWS_ACCOUNT_ID", None),
        ("METADATA_BUCKET", "METADATA_BUCKET", None),
    )

    AWS_ACCOUNT_ID: str | int | None
    METADATA_BUCKET: str | int | float | bool

    def __init__(
        self,
        *,
        AWS_ACCOUNT_ID: str | int | None = None,
        METADATA_BUCKET: str | int | float | bool = "",
    ) -> None:
        set_ = object.__setattr__
        set_(self, "AWS_ACCOUNT_ID", AWS_ACCOUNT_ID)
        set_(self, "METADATA_BUCKET", METADATA_BUCKET)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            AWS_ACCOUNT_ID=get("AWS_ACCOUNT_ID", None),
            METADATA_BUCKET=get("METADATA_BUCKET", ""),
        )


class CredentialsSecretRef(Section):
    """`storage.credentialsSecretRef`: Secret holding the storage credentials."""

    __slots__ = ("name",)
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("name", "name", None),
    )

    name: str

    def __init__(
        self,
        *,
        name: str = "",
    ) -> None:
        set_ = object.__setattr__
        set_(self, "name", name)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            name=get("name", ""),
        )


class Gcp(Section):
    """`storage.gcp`: GCS settings."""

    __slots__ = ("projectId",)
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("projectId", "projectId", None),
    )

    projectId: str

    def __init__(
        self,
        *,
        projectId: str = "",
    ) -> None:
        set_ = object.__setattr__
        set_(self, "projectId", projectId)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            projectId=get("projectId", ""),
        )


class Limits(Section):
    """`storage.limits`: Transfer limits."""

    __slots__ = ("maxDownloadMBs",)
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("maxDownloadMBs", "maxDownloadMBs", None),
    )

    maxDownloadMBs: int

    def __init__(
        self,
        *,
        maxDownloadMBs: int = 1024,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "maxDownloadMBs", maxDownloadMBs)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            maxDownloadMBs=get("maxDownloadMBs", 1024),
        )


class Cache(Section):
    """`storage.cache`: Local cache."""

    __slots__ = ("maxSizeMBs", "targetGCPercent")
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("maxSizeMBs", "maxSizeMBs", None),
        ("targetGCPercent", "targetGCPercent", None),
    )

    maxSizeMBs: int
    targetGCPercent: int

    def __init__(
        self,
        *,
        maxSizeMBs: int = 0,
        targetGCPercent: int = 70,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "maxSizeMBs", maxSizeMBs)
        set_(self, "targetGCPercent", targetGCPercent)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            maxSizeMBs=get("maxSizeMBs", 0),
            targetGCPercent=get("targetGCPercent", 70),
        )


class Storage(Section):
    """`storage`: Data-plane object storage; rendered into `storage.yaml` of the build-image
    ConfigMap.
    """

    __slots__ = (
        "accessKey",
        "authType",
        "bucketName",
        "cache",
        "credentialsSecretRef",
        "custom",
        "disableSSL",
        "enableMultiContainer",
        "endpoint",
        "fastRegistrationURL",
        "gcp",
        "limits",
        "provider",
        "region",
        "secretKey",
    )
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("provider", "provider", None),
        ("region", "region", None),
        ("bucketName", "bucketName", None),
        ("authType", "authType", None),
        ("accessKey", "accessKey", None),
        ("secretKey", "secretKey", None),
        ("endpoint", "endpoint", None),
        ("fastRegistrationURL", "fastRegistrationURL", None),
        ("disableSSL", "disableSSL", None),
        ("enableMultiContainer", "enableMultiContainer", None),
        ("credentialsSecretRef", "credentialsSecretRef", CredentialsSecretRef),
        ("gcp", "gcp", Gcp),
        ("limits", "limits", Limits),
        ("cache", "cache", Cache),
        ("custom", "custom", None),
    )

    provider: Literal["compat", "oci", "aws", "gcs", "custom"]
    region: str
    bucketName: str
    authType: Literal["iam", "accesskey"]
    accessKey: str
    secretKey: str
    endpoint: str
    fastRegistrationURL: str
    disableSSL: bool
    enableMultiContainer: bool
    credentialsSecretRef: CredentialsSecretRef
    gcp: Gcp
    limits: Limits
    cache: Cache
    custom: dict[str, Any]

    def __init__(
        self,
        *,
        provider: Literal["compat", "oci", "aws", "gcs", "custom"] = "compat",
        region: str = "us-east-1",
        bucketName: str = "{{ .Values.global.METADATA_BUCKET }}",
        authType: Literal["iam", "accesskey"] = "accesskey",
        accessKey: str = "",
        secretKey: str = "",
        endpoint: str = "",
        fastRegistrationURL: str = "",
        disableSSL: bool = False,
        enableMultiContainer: bool = True,
        credentialsSecretRef: CredentialsSecretRef | None = None,
        gcp: Gcp | None = None,
        limits: Limits | None = None,
        cache: Cache | None = None,
        custom: dict[str, Any] | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "provider", provider)
        set_(self, "region", region)
        set_(self, "bucketName", bucketName)
        set_(self, "authType", authType)
        set_(self, "accessKey", accessKey)
        set_(self, "secretKey", secretKey)
        set_(self, "endpoint", endpoint)
        set_(self, "fastRegistrationURL", fastRegistrationURL)
        set_(self, "disableSSL", disableSSL)
        set_(self, "enableMultiContainer", enableMultiContainer)
        set_(
            self,
            "credentialsSecretRef",
            CredentialsSecretRef() if credentialsSecretRef is None else credentialsSecretRef,
        )
        set_(self, "gcp", Gcp() if gcp is None else gcp)
        set_(self, "limits", Limits() if limits is None else limits)
        set_(self, "cache", Cache() if cache is None else cache)
        set_(self, "custom", {} if custom is None else custom)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        credentialsSecretRef = get("credentialsSecretRef")
        if isinstance(credentialsSecretRef, dict):
            credentialsSecretRef = CredentialsSecretRef.from_data(credentialsSecretRef)
        gcp = get("gcp")
        if isinstance(gcp, dict):
            gcp = Gcp.from_data(gcp)
        limits = get("limits")
        if isinstance(limits, dict):
            limits = Limits.from_data(limits)
        cache = get("cache")
        if isinstance(cache, dict):
            cache = Cache.from_data(cache)
        return cls(
            provider=get("provider", "compat"),
            region=get("region", "us-east-1"),
            bucketName=get("bucketName", "{{ .Values.global.METADATA_BUCKET }}"),
            authType=get("authType", "accesskey"),
            accessKey=get("accessKey", ""),
            secretKey=get("secretKey", ""),
            endpoint=get("endpoint", ""),
            fastRegistrationURL=get("fastRegistrationURL", ""),
            disableSSL=get("disableSSL", False),
            enableMultiContainer=get("enableMultiContainer", True),
            credentialsSecretRef=credentialsSecretRef,
            gcp=gcp,
            limits=limits,
            cache=cache,
            custom=get("custom"),
        )


class CommonServiceAccount(Section):
    """`commonServiceAccount`: The data plane's shared ServiceAccount."""

    __slots__ = ("annotations", "enabled", "name")
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("enabled", "enabled", None),
        ("name", "name", None),
        ("annotations", "annotations", None),
    )

    enabled: bool
    name: str
    annotations: dict[str, str] | None

    def __init__(
        self,
        *,
        enabled: bool = True,
        name: str = "union-system",
        annotations: dict[str, str] | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "enabled", enabled)
        set_(self, "name", name)
        set_(self, "annotations", annotations)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            enabled=get("enabled", True),
            name=get("name", "union-system"),
            annotations=get("annotations", None),
        )


class Namespaces(Section):
    """`namespaces`: Namespace management."""

    __slots__ = ("enabled",)
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("enabled", "enabled", None),
    )

    enabled: bool

    def __init__(
        self,
        *,
        enabled: bool = False,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "enabled", enabled)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        return cls(
            enabled=get("enabled", False),
        )


class ValuesDocument(Section):
    """The whole values document: The `imageBuilder` section of the data-plane Helm values, and
    the few other keys it reads.
    """

    __slots__ = (
        "additionalPodEnvVars",
        "additionalServiceAccountAnnotations",
        "commonServiceAccount",
        "global_",
        "imageBuilder",
        "low_privilege",
        "namespaces",
        "provider",
        "storage",
        "userRoleAnnotationKey",
        "userRoleAnnotationValue",
    )
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        ("imageBuilder", "imageBuilder", ImageBuilder),
        ("global", "global_", Global),
        ("storage", "storage", Storage),
        ("additionalServiceAccountAnnotations", "additionalServiceAccountAnnotations", None),
        ("commonServiceAccount", "commonServiceAccount", CommonServiceAccount),
        ("namespaces", "namespaces", Namespaces),
        ("low_privilege", "low_privilege", None),
        ("provider", "provider", None),
        ("additionalPodEnvVars", "additionalPodEnvVars", None),
        ("userRoleAnnotationKey", "userRoleAnnotationKey", None),
        ("userRoleAnnotationValue", "userRoleAnnotationValue", None),
    )

    imageBuilder: ImageBuilder
    global_: Global
    storage: Storage
    additionalServiceAccountAnnotations: dict[str, str]
    commonServiceAccount: CommonServiceAccount
    namespaces: Namespaces
    low_privilege: bool
    provider: str | None
    additionalPodEnvVars: dict[str, str | int | float | bool]
    userRoleAnnotationKey: str | None
    userRoleAnnotationValue: str | None

    def __init__(
        self,
        *,
        imageBuilder: ImageBuilder | None = None,
        global_: Global | None = None,
        storage: Storage | None = None,
        additionalServiceAccountAnnotations: dict[str, str] | None = None,
        commonServiceAccount: CommonServiceAccount | None = None,
        namespaces: Namespaces | None = None,
        low_privilege: bool = True,
        provider: str | None = None,
        additionalPodEnvVars: dict[str, str | int | float | bool] | None = None,
        userRoleAnnotationKey: str | None = None,
        userRoleAnnotationValue: str | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "imageBuilder", ImageBuilder() if imageBuilder is None else imageBuilder)
        set_(self, "global_", Global() if global_ is None else global_)
        set_(self, "storage", Storage() if storage is None else storage)
        if additionalServiceAccountAnnotations is None:
            additionalServiceAccountAnnotations = {}
        set_(self, "additionalServiceAccountAnnotations", additionalServiceAccountAnnotations)
        set_(
            self,
            "commonServiceAccount",
            CommonServiceAccount() if commonServiceAccount is None else commonServiceAccount,
        )
        set_(self, "namespaces", Namespaces() if namespaces is None else namespaces)
        set_(self, "low_privilege", low_privilege)
        set_(self, "provider", provider)
        set_(
            self,
            "additionalPodEnvVars",
            {} if additionalPodEnvVars is None else additionalPodEnvVars,
        )
        set_(self, "userRoleAnnotationKey", userRoleAnnotationKey)
        set_(self, "userRoleAnnotationValue", userRoleAnnotationValue)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Self:
        get = data.get
        imageBuilder = get("imageBuilder")
        if isinstance(imageBuilder, dict):
            imageBuilder = ImageBuilder.from_data(imageBuilder)
        global_ = get("global")
        if isinstance(global_, dict):
            global_ = Global.from_data(global_)
        storage = get("storage")
        if isinstance(storage, dict):
            storage = Storage.from_data(storage)
        commonServiceAccount = get("commonServiceAccount")
        if isinstance(commonServiceAccount, dict):
            commonServiceAccount = CommonServiceAccount.from_data(commonServiceAccount)
        namespaces = get("namespaces")
        if isinstance(namespaces, dict):
            namespaces = Namespaces.from_data(namespaces)
        return cls(
            imageBuilder=imageBuilder,
            global_=global_,
            storage=storage,
            additionalServiceAccountAnnotations=get("additionalServiceAccountAnnotations"),
            commonServiceAccount=commonServiceAccount,
            namespaces=namespaces,
            low_privilege=get("low_privilege", True),
            provider=get("provider", None),
            additionalPodEnvVars=get("additionalPodEnvVars"),
            userRoleAnnotationKey=get("userRoleAnnotationKey", None),
            userRoleAnnotationValue=get("userRoleAnnotationValue", None),
        )


def chart_defaults() -> dict[str, Any]:
    """A fresh copy of the chart defaults (`chartgen.schema.chart_defaults`), put under
    the user's values on every load: a literal is faster than copying them."""
    return {
        "imageBuilder": {
            "enabled": True,
            "targetConfigMapName": "build-image-config",
            "buildkitUri": "",
            "defaultRepository": "",
            "registryName": "union-dataplane",
            "authenticationType": "noop",
            "basicAuth": {
                "username": "x-token",
                "passwordSecretName": "DEPOT_TOKEN",
                "passwordPlainText": "",
            },
            "buildkit": {
                "enabled": True,
                "serviceAccount": {
                    "create": True,
                    "name": "union-imagebuilder",
                    "annotations": {},
                    "imagePullSecret": "",
                    "forceDedicated": False,
                    "automountToken": False,
                },
                "fullnameOverride": "",
                "deploymentStrategy": "Recreate",
                "replicaCount": 1,
                "autoscaling": {
                    "enabled": False,
                    "minReplicas": 1,
                    "maxReplicas": 2,
                    "targetCPUUtilizationPercentage": 60,
                },
                "image": {
                    "repository": "docker.io/moby/buildkit",
                    "pullPolicy": "IfNotPresent",
                    "tag": "v0.32.2",
                },
                "rootless": False,
                "securityContext": {},
                "openShift": {
                    "enabled": False,
                    "securityContextConstraints": {
                        "create": True,
                        "name": "",
                        "existingName": "",
                        "allowPrivilegeEscalation": True,
                        "defaultAllowPrivilegeEscalation": True,
                        "pinRequiredSCC": True,
                    },
                },
                "log": {"debug": False, "format": "text", "level": ""},
                "oci": {"maxParallelism": 0},
                "gc": {"reservedSpace": "10%", "maxUsedSpace": "80%"},
                "extraConfig": "",
                "allowInsecureEntitlements": False,
                "pdb": {"minAvailable": 1},
                "podAnnotations": {},
                "service": {
                    "type": "ClusterIP",
                    "port": 1234,
                    "loadbalancerIp": "",
                    "annotations": {},
                },
                "resources": {
                    "requests": {
                        "cpu": 4,
                        "memory": "4Gi",
                        "ephemeral-storage": "50Gi",
                    },
                },
                "nodeSelector": {},
                "tolerations": [],
                "additionalVolumes": [],
                "additionalVolumeMounts": [],
                "podEnv": [],
                "tls": {
                    "enabled": False,
                    "clientsPresentCertificates": False,
                    "existingSecret": "",
                    "clientSecretName": "",
                    "certManager": {
                        "issuerRef": {
                            "name": "",
                            "kind": "Issuer",
                            "group": "cert-manager.io",
                        },
                        "duration": "2160h",
                        "renewBefore": "360h",
                        "extraDnsNames": [],
                    },
                },
                "networkPolicy": {
                    "enabled": False,
                    "ingressFrom": [],
                    "egress": {
                        "enabled": False,
                        "allowDNS": True,
                        "dns": {
                            "to": [],
                            "ports": [],
                        },
                        "ports": [
                            {
                                "protocol": "TCP",
                                "port": 443,
                            },
                            {
                                "protocol": "TCP",
                                "port": 80,
                            },
                        ],
                        "denyCloudMetadata": True,
                        "allowedCIDRs": [
                            "0.0.0.0/0",
                            "::/0",
                        ],
                    },
                },
                "probes": {
                    "readiness": {
                        "initialDelaySeconds": 5,
                        "periodSeconds": 30,
                        "timeoutSeconds": 10,
                        "failureThreshold": 3,
                    },
                    "liveness": {
                        "initialDelaySeconds": 5,
                        "periodSeconds": 30,
                        "timeoutSeconds": 10,
                        "failureThreshold": 3,
                    },
                },
            },
        },
        "global": {"METADATA_BUCKET": ""},
        "storage": {
            "provider": "compat",
            "region": "us-east-1",
            "bucketName": "{{ .Values.global.METADATA_BUCKET }}",
            "authType": "accesskey",
            "accessKey": "",
            "secretKey": "",
            "endpoint": "",
            "fastRegistrationURL": "",
            "disableSSL": False,
            "enableMultiContainer": True,
            "credentialsSecretRef": {"name": ""},
            "gcp": {"projectId": ""},
            "limits": {"maxDownloadMBs": 1024},
            "cache": {"maxSizeMBs": 0, "targetGCPercent": 70},
            "custom": {},
        },
        "additionalServiceAccountAnnotations": {},
        "commonServiceAccount": {"enabled": True, "name": "union-system"},
        "namespaces": {"enabled": False},
        "low_privilege": True,
        "additionalPodEnvVars": {},
    }
