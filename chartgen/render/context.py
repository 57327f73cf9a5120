"""What the templates see: the typed values plus the few values derived for rendering.

Names, the service account, the image, the buildkit URI and the default repository come from
`chartgen.model` (computed once, shared with rules, IAM and the chart writer). This module adds
only what is specific to the manifests: labels, the pod annotations, the container
securityContext of each mode, and the certificate names
(the NetworkPolicy's peers and ports come from `chartgen.network_policy`). Templates stay
layout: every decision with a reason lives here or in the object table (`objects.py`).
"""

from __future__ import annotations

from typing import Any

from chartgen.buildkit import ROOTLESS_UID
from chartgen.kube import KubeVersion
from chartgen.model import Values
from chartgen.record import record

SELECTOR_NAME = "imagebuilder-buildkit"
# The reference chart labels the build-image ConfigMap as part of the operator
# (`operator.labels`: app.kubernetes.io/name union-operator).
OPERATOR_NAME = "union-operator"
# The reference chart's pod template label, beside the selector labels.
ZONE_LABEL = ("platform.union.ai/zone", "dataplane")
# The reference chart writes `.Release.Service`, which is always "Helm"; chartgen writes the same
# so that its objects and the reference chart's are interchangeable (`helm upgrade` adopts them).
MANAGED_BY = "Helm"

# The reference chart's pod variables that mean something to buildkitd (`container_env`).
POD_ENV: tuple[dict[str, Any], ...] = (
    {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
    {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
    {"name": "GOMEMLIMIT",
     "valueFrom": {"resourceFieldRef": {"divisor": 1, "resource": "limits.memory"}}},
    {"name": "GOMAXPROCS",
     "valueFrom": {"resourceFieldRef": {"divisor": 1, "resource": "limits.cpu"}}},
)

CONTAINER_PORT = 1234
APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/buildkit"
REQUIRED_SCC_ANNOTATION = "openshift.io/required-scc"
CONFIG_CHECKSUM_ANNOTATION = "checksum/config"


@record(frozen=True)
class RenderSettings:
    """The command-line side of a render: release, namespace, Kubernetes version."""

    release_name: str
    namespace: str
    kube_version: KubeVersion


def labels(release: str) -> dict[str, str]:
    return {
        "app.kubernetes.io/name": SELECTOR_NAME,
        "app.kubernetes.io/instance": release,
        "platform.union.ai/service-group": release,
        "app.kubernetes.io/managed-by": MANAGED_BY,
    }


def selector_labels(release: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": SELECTOR_NAME, "app.kubernetes.io/instance": release}


def pod_labels(release: str) -> dict[str, str]:
    return {ZONE_LABEL[0]: ZONE_LABEL[1], **selector_labels(release)}


def operator_labels(release: str) -> dict[str, str]:
    return {
        "app.kubernetes.io/name": OPERATOR_NAME,
        "app.kubernetes.io/instance": release,
        "platform.union.ai/service-group": release,
        "app.kubernetes.io/managed-by": MANAGED_BY,
    }


def sha256(text: str) -> str:
    digest: str = _sha256(text.encode("utf-8")).hexdigest()
    return digest


try:
    # CPython's own SHA-256: `import hashlib` loads OpenSSL, about 3 ms of every render, for
    # one checksum. The digest is the same; hashlib where the module is not there.
    from _sha256 import sha256 as _sha256  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.12+ (`_sha2`) and other interpreters
    from hashlib import sha256 as _sha256


def pod_annotations(values: Values, kube: KubeVersion, buildkitd_toml: str) -> dict[str, str]:
    """chartgen's pod annotations, then the user's `podAnnotations` (which win on a clash)."""
    buildkit = values.buildkit
    # Pods read buildkitd.toml only at start: a new checksum rolls them when the config changes.
    annotations = {CONFIG_CHECKSUM_ANNOTATION: sha256(buildkitd_toml)}
    if buildkit.rootless and not kube.apparmor_field:
        # Before 1.30 AppArmor is set per container by this (now deprecated) annotation.
        annotations[APPARMOR_ANNOTATION] = "unconfined"
    scc = buildkit.openShift.securityContextConstraints
    if buildkit.openShift.enabled and scc.pinRequiredSCC:
        # Without the pin, OpenShift admits the pod under the highest-priority SCC the service
        # account may use, which need not be the one made for buildkitd.
        annotations[REQUIRED_SCC_ANNOTATION] = values.openshift_scc_name
    annotations.update(buildkit.podAnnotations)
    return annotations


def container_security_context(values: Values, kube: KubeVersion) -> dict[str, Any]:
    """The buildkit container's securityContext: the user's override, else the mode's default."""
    buildkit = values.buildkit
    context: dict[str, Any]
    if buildkit.securityContext:
        context = dict(buildkit.securityContext)
    elif buildkit.rootless:
        # Rootless BuildKit creates user namespaces and mounts inside the container, which the
        # default seccomp profile forbids; it runs as the image's user 1000.
        context = {
            "seccompProfile": {"type": "Unconfined"},
            "runAsUser": ROOTLESS_UID,
            "runAsGroup": ROOTLESS_UID,
        }
    else:
        context = {"privileged": True}
    if not buildkit.securityContext and buildkit.rootless and buildkit.openShift.enabled:
        # OpenShift's restricted defaults forbid privilege escalation, which rootlesskit's
        # newuidmap needs (the reference chart sets it the same way).
        context["allowPrivilegeEscalation"] = True
    if buildkit.rootless and kube.apparmor_field and "appArmorProfile" not in context:
        # AppArmor's default profile blocks the mounts rootless BuildKit makes. In the reference
        # chart it is a pod annotation, untouched by a securityContext override, so it is kept
        # here too when the user replaces the rest of the securityContext.
        context["appArmorProfile"] = {"type": "Unconfined"}
    return context


def container_env(values: Values) -> list[dict[str, Any]]:
    """buildkitd's environment: the reference chart's pod variables that mean something to
    buildkitd, the data plane's `additionalPodEnvVars`, then `podEnv`.

    The Go runtime limits come from the container's limits (no limit: the node's capacity),
    as in the reference. Left out, with the reason in the README: the operator's variables
    (CLUSTER_NAME from a Secret that blocks the pod where it does not exist, DEPLOYMENT_NAME
    "operator", the proxy/Prometheus/Knative service URLs), which buildkitd never reads.
    """
    from chartgen.values.templating import go_number

    env = [dict(item) for item in POD_ENV]
    for name in sorted(values.additionalPodEnvVars):
        value = values.additionalPodEnvVars[name]
        # `quote` of a Helm value: numbers print as Go's float64, booleans as true/false.
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, (int, float)):
            text = go_number(value)
        else:
            text = value
        env.append({"name": name, "value": text})
    env.extend(dict(item) for item in values.buildkit.podEnv)
    return env


def service_dns_names(values: Values, namespace: str) -> list[str]:
    """Every name the buildkit Service answers to, then the user's extra SANs."""
    name = values.fullname
    names = [name, f"{name}.{namespace}", f"{name}.{namespace}.svc",
             f"{name}.{namespace}.svc.cluster.local"]
    for extra in values.buildkit.tls.certManager.extraDnsNames:
        if extra not in names:
            names.append(extra)
    return names


def template_context(
    values: Values, settings: RenderSettings, buildkitd_toml: str, storage_yaml: str
) -> dict[str, Any]:
    from chartgen import network_policy
    from chartgen.buildkit.buildkitd_toml import TLS_FILES, TLS_MOUNT_PATH

    release, namespace, kube = settings.release_name, settings.namespace, settings.kube_version
    return {
        "v": values,
        "ib": values.imageBuilder,
        "b": values.buildkit,
        "release": release,
        "release_namespace": namespace,
        "namespace": namespace,
        "kube": kube,
        "fullname": values.fullname,
        "labels": labels(release),
        "selector": selector_labels(release),
        "pod_labels": pod_labels(release),
        "env": container_env(values),
        "operator_labels": operator_labels(release),
        "container_port": CONTAINER_PORT,
        "buildkitd_toml": buildkitd_toml,
        "pod_annotations": pod_annotations(values, kube, buildkitd_toml),
        "security_context": container_security_context(values, kube),
        "buildkit_uri": values.buildkit_uri(namespace),
        "default_repository": values.default_repository().value,
        "storage_yaml": storage_yaml,
        "tls_mount_path": TLS_MOUNT_PATH,
        "tls_files": TLS_FILES,
        # The NetworkPolicy's peers and ports (chartgen/network_policy.py).
        "network_policy_peers": network_policy.ingress_peers(values, namespace),
        "egress_ip_blocks": network_policy.egress_ip_blocks(values),
        "dns_peers": network_policy.dns_peers(values),
        "dns_ports": network_policy.dns_ports(values),
        "egress_ports": network_policy.egress_ports(values),
        "service_dns_names": service_dns_names(values, namespace),
    }
