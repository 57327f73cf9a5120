"""Objects for the manifest-validation tests: a valid set, and deliberately broken variants.

The valid set has one object of every kind chartgen renders (plus an OpenShift SCC, which has
no schema and must be reported as skipped). Each broken case names the object it breaks, the
change, and the finding both engines must report.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from chartgen.kube import KubeVersion

VERSION = KubeVersion(1, 35, 0)
LABELS = {"app.kubernetes.io/name": "imagebuilder-buildkit", "app.kubernetes.io/instance": "union"}
NAME = "union-operator-buildkit"


def deployment() -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": NAME, "namespace": "union", "labels": dict(LABELS)},
        "spec": {
            "replicas": 1,
            "strategy": {"type": "Recreate"},
            "selector": {"matchLabels": dict(LABELS)},
            "template": {
                "metadata": {"labels": dict(LABELS), "annotations": {"checksum/config": "abc"}},
                "spec": {
                    "serviceAccountName": "union-imagebuilder",
                    "automountServiceAccountToken": False,
                    "containers": [
                        {
                            "name": "buildkit",
                            "image": "docker.io/moby/buildkit:v0.32.2",
                            "args": ["--addr", "tcp://0.0.0.0:1234"],
                            "ports": [{"name": "tcp", "containerPort": 1234, "protocol": "TCP"}],
                            "readinessProbe": {
                                "exec": {"command": ["buildctl", "debug", "workers"]},
                                "timeoutSeconds": 10,
                            },
                            "securityContext": {
                                "privileged": True,
                                "appArmorProfile": {"type": "Unconfined"},
                            },
                            "resources": {
                                "requests": {"cpu": 4, "memory": "4Gi", "ephemeral-storage": "50Gi"}
                            },
                            "volumeMounts": [{"name": "config", "mountPath": "/etc/buildkit"}],
                        }
                    ],
                    "volumes": [{"name": "config", "configMap": {"name": NAME}}],
                    "tolerations": [{"key": "a", "operator": "Exists", "effect": "NoSchedule"}],
                },
            },
        },
    }


def service() -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": NAME, "namespace": "union", "labels": dict(LABELS)},
        "spec": {
            "type": "ClusterIP",
            "selector": dict(LABELS),
            "ports": [{"name": "tcp", "port": 1234, "targetPort": "tcp", "protocol": "TCP"}],
        },
    }


def configmap() -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "build-image-config", "namespace": "union"},
        "data": {
            "buildkit-uri": f"tcp://{NAME}.union.svc.cluster.local:1234",
            "default-repository": "123456789012.dkr.ecr.us-east-1.amazonaws.com/union-dataplane",
            "authentication-type": "aws",
        },
    }


def serviceaccount() -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": {
            "name": "union-imagebuilder",
            "namespace": "union",
            "annotations": {"eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/x"},
        },
        "imagePullSecrets": [{"name": "pull"}],
    }


def pdb() -> dict[str, Any]:
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {"name": NAME, "namespace": "union"},
        "spec": {"minAvailable": 1, "selector": {"matchLabels": dict(LABELS)}},
    }


def hpa() -> dict[str, Any]:
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": NAME, "namespace": "union"},
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": NAME},
            "minReplicas": 1,
            "maxReplicas": 2,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {
                        "name": "cpu",
                        "target": {"type": "Utilization", "averageUtilization": 60},
                    },
                }
            ],
        },
    }


def role() -> dict[str, Any]:
    return {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "Role",
        "metadata": {"name": f"{NAME}-scc", "namespace": "union"},
        "rules": [
            {
                "apiGroups": ["security.openshift.io"],
                "resources": ["securitycontextconstraints"],
                "resourceNames": [f"{NAME}-scc"],
                "verbs": ["use"],
            }
        ],
    }


def rolebinding() -> dict[str, Any]:
    return {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "RoleBinding",
        "metadata": {"name": f"{NAME}-scc", "namespace": "union"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": f"{NAME}-scc"},
        "subjects": [
            {"kind": "ServiceAccount", "name": "union-imagebuilder", "namespace": "union"}
        ],
    }


def networkpolicy() -> dict[str, Any]:
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": NAME, "namespace": "union"},
        "spec": {
            "podSelector": {"matchLabels": dict(LABELS)},
            "policyTypes": ["Ingress", "Egress"],
            "ingress": [
                {
                    "from": [
                        {"namespaceSelector": {"matchLabels": {"union.ai/namespace-type": "flyte"}}}
                    ],
                    "ports": [{"port": 1234, "protocol": "TCP"}],
                }
            ],
            "egress": [
                {"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["169.254.169.254/32"]}}]}
            ],
        },
    }


def certificate() -> dict[str, Any]:
    return {
        "apiVersion": "cert-manager.io/v1",
        "kind": "Certificate",
        "metadata": {"name": f"{NAME}-daemon", "namespace": "union", "labels": dict(LABELS)},
        "spec": {
            "secretName": f"{NAME}-daemon-tls",
            "issuerRef": {"name": "ca-issuer", "kind": "ClusterIssuer", "group": "cert-manager.io"},
            "commonName": NAME,
            "dnsNames": [
                NAME,
                f"{NAME}.union",
                f"{NAME}.union.svc",
                f"{NAME}.union.svc.cluster.local",
            ],
            "duration": "2160h",
            "renewBefore": "360h",
            "usages": ["digital signature", "key encipherment", "server auth"],
            "privateKey": {
                "algorithm": "ECDSA",
                "size": 256,
                "encoding": "PKCS8",
                "rotationPolicy": "Always",
            },
            "secretTemplate": {"labels": dict(LABELS)},
        },
    }


def scc() -> dict[str, Any]:
    return {
        "apiVersion": "security.openshift.io/v1",
        "kind": "SecurityContextConstraints",
        "metadata": {"name": f"{NAME}-scc"},
        "allowPrivilegedContainer": True,
        "runAsUser": {"type": "RunAsAny"},
        "seLinuxContext": {"type": "MustRunAs"},
        "users": [],
    }


def valid_objects() -> list[dict[str, Any]]:
    return [
        deployment(),
        service(),
        configmap(),
        serviceaccount(),
        pdb(),
        hpa(),
        role(),
        rolebinding(),
        networkpolicy(),
        certificate(),
        scc(),
    ]


@dataclass(frozen=True)
class Broken:
    id: str
    make: Callable[[], dict[str, Any]]
    edit: Callable[[dict[str, Any]], None]
    path: str  # the finding's path
    message: str  # the finding's message

    def object(self) -> dict[str, Any]:
        data = copy.deepcopy(self.make())
        self.edit(data)
        return data


def _set(*keys: Any, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        node: Any = data
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return edit


def _delete(*keys: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        node: Any = data
        for key in keys[:-1]:
            node = node[key]
        del node[keys[-1]]

    return edit


CONTAINER = ("spec", "template", "spec", "containers", 0)
DEP = f"Deployment/{NAME}"
CERT = f"Certificate/{NAME}-daemon"

BROKEN = [
    Broken(
        "wrong-type-replicas",
        deployment,
        _set("spec", "replicas", value="2"),
        f"{DEP}:$.spec.replicas",
        "got string, want null or integer",
    ),
    Broken(
        "unknown-field-replicaz",
        deployment,
        _set("spec", "replicaz", value=2),
        f"{DEP}:$.spec",
        "additional properties 'replicaz' not allowed",
    ),
    Broken(
        "container-without-name",
        deployment,
        _delete(*CONTAINER, "name"),
        f"{DEP}:$.spec.template.spec.containers[0]",
        "missing property 'name'",
    ),
    Broken(
        "wrong-type-container-port",
        deployment,
        _set(*CONTAINER, "ports", 0, "containerPort", value="1234"),
        f"{DEP}:$.spec.template.spec.containers[0].ports[0].containerPort",
        "got string, want integer",
    ),
    Broken(
        "unknown-field-in-securitycontext",
        deployment,
        _set(*CONTAINER, "securityContext", "privilegd", value=True),
        f"{DEP}:$.spec.template.spec.containers[0].securityContext",
        "additional properties 'privilegd' not allowed",
    ),
    Broken(
        "quantity-not-scalar",
        deployment,
        _set(*CONTAINER, "resources", "requests", "cpu", value=[4]),
        f"{DEP}:$.spec.template.spec.containers[0].resources.requests.cpu",
        "oneOf failed, none matched",
    ),
    Broken(
        "label-value-not-string",
        service,
        _set("metadata", "labels", "tier", value=3),
        f"Service/{NAME}:$.metadata.labels.tier",
        "got number, want null or string",
    ),
    Broken(
        "service-port-missing",
        service,
        _delete("spec", "ports", 0, "port"),
        f"Service/{NAME}:$.spec.ports[0]",
        "missing property 'port'",
    ),
    Broken(
        "configmap-data-not-string",
        configmap,
        _set("data", "replicas", value=True),
        "ConfigMap/build-image-config:$.data.replicas",
        "got boolean, want null or string",
    ),
    Broken(
        "pdb-selector-not-object",
        pdb,
        _set("spec", "selector", value="app=buildkit"),
        f"PodDisruptionBudget/{NAME}:$.spec.selector",
        "got string, want null or object",
    ),
    Broken(
        "hpa-unknown-field",
        hpa,
        _set("spec", "targetCPU", value=60),
        f"HorizontalPodAutoscaler/{NAME}:$.spec",
        "additional properties 'targetCPU' not allowed",
    ),
    Broken(
        "rolebinding-without-roleref",
        rolebinding,
        _delete("roleRef"),
        f"RoleBinding/{NAME}-scc:$",
        "missing property 'roleRef'",
    ),
    Broken(
        "networkpolicy-port-object",
        networkpolicy,
        _set("spec", "ingress", 0, "ports", 0, "port", value={"number": 1234}),
        f"NetworkPolicy/{NAME}:$.spec.ingress[0].ports[0].port",
        "oneOf failed, none matched",
    ),
    Broken(
        "certificate-without-secretname",
        certificate,
        _delete("spec", "secretName"),
        f"{CERT}:$.spec",
        "missing property 'secretName'",
    ),
    Broken(
        "certificate-issuer-without-name",
        certificate,
        _delete("spec", "issuerRef", "name"),
        f"{CERT}:$.spec.issuerRef",
        "missing property 'name'",
    ),
    Broken(
        "certificate-unknown-usage",
        certificate,
        _set("spec", "usages", 1, value="key-encipherment"),
        f"{CERT}:$.spec.usages[1]",
        "value must be one of 'signing', 'digital signature', 'content commitment', "
        "'key encipherment', 'key agreement', 'data encipherment', 'cert sign', 'crl sign', "
        "'encipher only', 'decipher only', 'any', 'server auth', 'client auth', "
        "'code signing', 'email protection', 's/mime', 'ipsec end system', 'ipsec tunnel', "
        "'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc'",
    ),
    Broken(
        "certificate-unknown-field",
        certificate,
        _set("spec", "dnsName", value=["x"]),
        f"{CERT}:$.spec",
        "additional properties 'dnsName' not allowed",
    ),
    Broken(
        "certificate-wrong-key-algorithm",
        certificate,
        _set("spec", "privateKey", "algorithm", value="DSA"),
        f"{CERT}:$.spec.privateKey.algorithm",
        "value must be one of 'RSA', 'ECDSA', 'Ed25519'",
    ),
    Broken(
        "certificate-metadata-unknown",
        certificate,
        _set("metadata", "labelz", value={}),
        f"{CERT}:$.metadata",
        "additional properties 'labelz' not allowed",
    ),
    Broken(
        "two-unknown-fields",
        deployment,
        lambda d: d["spec"].update({"zeta": 1, "alpha": 2}),
        f"{DEP}:$.spec",
        "additional properties 'alpha', 'zeta' not allowed",
    ),
]


def kubeconform_or_skip() -> str:
    """The kubeconform on PATH; skip without it locally, fail without it in CI."""
    from conftest import in_ci

    path = shutil.which("kubeconform")
    if path is None:
        message = (
            "kubeconform is not on PATH (install: go install "
            "github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0; add $(go env GOPATH)/bin to PATH)"
        )
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path
