"""The order objects are emitted in: Helm's install order, then by name.

Helm installs (and `helm template` prints) objects sorted by kind, so that a Namespace exists
before what lives in it, a ServiceAccount before the pods that use it, and so on. chartgen uses
the same order so that `chartgen render | kubectl apply -f -` succeeds in one pass and its output
lines up with `helm template`. Kinds Helm does not know (SecurityContextConstraints,
cert-manager's Certificate) go last, alphabetically, as Helm puts them.
"""

from __future__ import annotations

from typing import Any

# Helm's `releaseutil.InstallOrder` (helm v3.19).
INSTALL_ORDER: tuple[str, ...] = (
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
)

_RANK = {kind: rank for rank, kind in enumerate(INSTALL_ORDER)}


def object_sort_key(obj: dict[str, Any]) -> tuple[int, str, str, str]:
    """(kind rank, kind, name, namespace): known kinds first in install order, then unknown ones."""
    kind = str(obj.get("kind", ""))
    metadata = obj.get("metadata") or {}
    return (
        _RANK.get(kind, len(INSTALL_ORDER)),
        kind,
        str(metadata.get("name", "")),
        str(metadata.get("namespace", "")),
    )
