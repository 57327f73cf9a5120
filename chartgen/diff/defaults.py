"""What the API server writes into an object that its manifest did not say, as data.

Three kinds of fields make a live object differ from the manifest it was applied from without
anyone having changed anything:

- **server-populated** (`SERVER_FIELDS`): bookkeeping the API server and controllers keep —
  `status`, `metadata.uid`/`resourceVersion`/`generation`/`creationTimestamp`/`selfLink`/
  `managedFields`, the annotations `kubectl apply` (`last-applied-configuration`), the
  Deployment controller (`deployment.kubernetes.io/revision`), Helm (`meta.helm.sh/*`) and
  `kubectl rollout restart` (`kubectl.kubernetes.io/restartedAt`) write, the token Secrets the
  legacy token controller (before Kubernetes 1.24) and OpenShift's image-pull-secret controller
  (`NAME-dockercfg-xxxxx`) add to a ServiceAccount. Dropped from both sides.
- **defaulted** (`DEFAULTS`): the values Kubernetes' defaulting functions give fields a
  manifest leaves out. A field equal to its default is the same as no field, so it is dropped
  from both sides wherever it equals the default. Sources, all in kubernetes/kubernetes at
  v1.34: `pkg/apis/core/v1/defaults.go` (`SetDefaults_PodSpec`, `_Container`, `_Probe`,
  `_Service`, `_ConfigMapVolumeSource`, `_SecretVolumeSource`, `_ProjectedVolumeSource`,
  `_DownwardAPIVolumeSource`, `_ServiceAccountTokenProjection`, `_HTTPGetAction`,
  `_ObjectFieldSelector`, `_HostPathVolumeSource`, `_PersistentVolumeClaimSpec`,
  `_ConfigMap`, `_Secret`), the `+default=` markers in `k8s.io/api/core/v1/types.go`
  (`ContainerPort.protocol`, `ServicePort.protocol`), `pkg/apis/apps/v1/defaults.go`
  (`SetDefaults_Deployment`), `pkg/apis/networking/v1/defaults.go` (`SetDefaults_NetworkPolicy`,
  `_NetworkPolicyPort`), `pkg/apis/autoscaling/v2/defaults.go`
  (`SetDefaults_HorizontalPodAutoscaler`), `pkg/apis/rbac/v1/defaults.go`
  (`SetDefaults_RoleBinding`, `_Subject`); the zero `resourceFieldRef.divisor` that a
  non-pointer Quantity serialises as `"0"`; and OpenShift's SCC lists that the API returns as
  `[]` or `null` when empty.
- **allocated** (`ALLOCATED`): values the API server picks when the object is created — a
  Service's `clusterIP`/`clusterIPs`, `ipFamilies`, `ipFamilyPolicy` and node ports
  (pkg/registry/core/service). They are ignored when only one side has them; when both do,
  they are compared.

A path is a tuple of keys; `*` stands for every list entry or map key. Pod-spec entries are
written once and placed under every kind that holds a pod template.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from chartgen.quantity import same_quantity
from chartgen.record import record

Pattern = tuple[str, ...]
Root = dict[str, Any]

WILDCARD = "*"

# Where the pod spec sits in each kind that carries one.
POD_SPEC_PATHS: dict[str, Pattern] = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
}
POD_METADATA_PATHS: dict[str, Pattern] = {
    kind: (*path[:-1], "metadata") for kind, path in POD_SPEC_PATHS.items() if len(path) > 1
}


@record(frozen=True)
class Default:
    """A field Kubernetes fills in, and the value it fills in.

    `value(root, path)` is the default at that concrete path of that object, or `NO_DEFAULT`
    when none applies there (a default that depends on other fields, such as a RollingUpdate
    parameter under a Recreate strategy). `equal` compares a present value with it."""

    kinds: frozenset[str]
    path: Pattern
    value: Callable[[Root, tuple[str | int, ...]], Any]
    equal: Callable[[Any, Any], bool]


class _NoDefault:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _NoDefault()


def _exact(value: Any) -> Callable[[Root, tuple[str | int, ...]], Any]:
    return lambda root, path: value


def _equal(present: Any, default: Any) -> bool:
    return type(present) is type(default) and present == default


def _empty(present: Any, default: Any) -> bool:
    return present is None or present == [] or present == {}


def _quantity(present: Any, default: Any) -> bool:
    return same_quantity(present, default)


def _at(root: Any, path: tuple[str | int, ...]) -> Any:
    current = root
    for key in path:
        if isinstance(current, dict) and isinstance(key, str):
            current = current.get(key)
        elif isinstance(current, list) and isinstance(key, int) and key < len(current):
            current = current[key]
        else:
            return None
    return current


def _image_pull_policy(root: Root, path: tuple[str | int, ...]) -> Any:
    """`Always` for a `:latest` or untagged image, else `IfNotPresent` (SetDefaults_Container,
    with the tag as pkg/util/parsers.ParseImageName reads it: none means `latest`)."""
    image = _at(root, (*path[:-1], "image"))
    if not isinstance(image, str):
        return NO_DEFAULT
    reference, _, digest = image.partition("@")
    last = reference.rsplit("/", 1)[-1]
    tag = last.partition(":")[2] if ":" in last else ("" if digest else "latest")
    return "Always" if tag == "latest" else "IfNotPresent"


def _target_port(root: Root, path: tuple[str | int, ...]) -> Any:
    """A Service port's targetPort defaults to its port."""
    port = _at(root, (*path[:-1], "port"))
    return port if isinstance(port, int) else NO_DEFAULT


def _when(field: tuple[str, ...], allowed: frozenset[str], value: Any,
          ) -> Callable[[Root, tuple[str | int, ...]], Any]:
    """`value`, where the object's `field` is one of `allowed` (defaulted values count)."""

    def default(root: Root, path: tuple[str | int, ...]) -> Any:
        present = _at(root, field)
        return value if (present if present is not None else "ClusterIP") in allowed \
            else NO_DEFAULT

    return default


def _rolling_update(value: Any) -> Callable[[Root, tuple[str | int, ...]], Any]:
    def default(root: Root, path: tuple[str | int, ...]) -> Any:
        strategy = _at(root, ("spec", "strategy", "type"))
        return value if strategy in (None, "RollingUpdate") else NO_DEFAULT

    return default


def _policy_types(root: Root, path: tuple[str | int, ...]) -> Any:
    egress = _at(root, ("spec", "egress"))
    return ["Ingress", "Egress"] if egress else ["Ingress"]


def _subject_api_group(root: Root, path: tuple[str | int, ...]) -> Any:
    kind = _at(root, (*path[:-1], "kind"))
    if kind in ("User", "Group"):
        return "rbac.authorization.k8s.io"
    return "" if kind == "ServiceAccount" else NO_DEFAULT


def _client_ip_timeout(root: Root, path: tuple[str | int, ...]) -> Any:
    return 10800 if _at(root, ("spec", "sessionAffinity")) == "ClientIP" else NO_DEFAULT


_CPU_80 = [{"type": "Resource", "resource": {
    "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}]

# (pattern relative to the pod spec, default, comparison)
_POD_SPEC: list[tuple[Pattern, Callable[[Root, tuple[str | int, ...]], Any],
                      Callable[[Any, Any], bool]]] = [
    (("dnsPolicy",), _exact("ClusterFirst"), _equal),
    (("restartPolicy",), _exact("Always"), _equal),
    (("schedulerName",), _exact("default-scheduler"), _equal),
    (("terminationGracePeriodSeconds",), _exact(30), _equal),
    (("securityContext",), _exact({}), _empty),
    (("volumes", WILDCARD, "configMap", "defaultMode"), _exact(0o644), _equal),
    (("volumes", WILDCARD, "secret", "defaultMode"), _exact(0o644), _equal),
    (("volumes", WILDCARD, "downwardAPI", "defaultMode"), _exact(0o644), _equal),
    (("volumes", WILDCARD, "projected", "defaultMode"), _exact(0o644), _equal),
    (("volumes", WILDCARD, "projected", "sources", WILDCARD, "serviceAccountToken",
      "expirationSeconds"), _exact(3600), _equal),
    (("volumes", WILDCARD, "hostPath", "type"), _exact(""), _equal),
    (("volumes", WILDCARD, "ephemeral", "volumeClaimTemplate", "spec", "volumeMode"),
     _exact("Filesystem"), _equal),
]
for _containers in ("containers", "initContainers"):
    _POD_SPEC += [
        ((_containers, WILDCARD, "imagePullPolicy"), _image_pull_policy, _equal),
        ((_containers, WILDCARD, "terminationMessagePath"), _exact("/dev/termination-log"),
         _equal),
        ((_containers, WILDCARD, "terminationMessagePolicy"), _exact("File"), _equal),
        ((_containers, WILDCARD, "resources"), _exact({}), _empty),
        ((_containers, WILDCARD, "ports", WILDCARD, "protocol"), _exact("TCP"), _equal),
        ((_containers, WILDCARD, "env", WILDCARD, "valueFrom", "fieldRef", "apiVersion"),
         _exact("v1"), _equal),
        ((_containers, WILDCARD, "env", WILDCARD, "valueFrom", "resourceFieldRef", "divisor"),
         _exact("0"), _quantity),
    ]
    for _probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        _POD_SPEC += [
            ((_containers, WILDCARD, _probe, "timeoutSeconds"), _exact(1), _equal),
            ((_containers, WILDCARD, _probe, "periodSeconds"), _exact(10), _equal),
            ((_containers, WILDCARD, _probe, "successThreshold"), _exact(1), _equal),
            ((_containers, WILDCARD, _probe, "failureThreshold"), _exact(3), _equal),
            ((_containers, WILDCARD, _probe, "httpGet", "path"), _exact("/"), _equal),
            ((_containers, WILDCARD, _probe, "httpGet", "scheme"), _exact("HTTP"), _equal),
        ]


def _defaults() -> list[Default]:
    table: list[Default] = []

    def add(kinds: set[str] | frozenset[str], path: Pattern,
            value: Callable[[Root, tuple[str | int, ...]], Any],
            equal: Callable[[Any, Any], bool] = _equal) -> None:
        table.append(Default(frozenset(kinds), path, value, equal))

    for kind, prefix in POD_SPEC_PATHS.items():
        for pattern, value, equal in _POD_SPEC:
            add({kind}, prefix + pattern, value, equal)
    every = frozenset({WILDCARD})
    add(every, ("metadata", "annotations"), _exact({}), _empty)
    add(every, ("metadata", "labels"), _exact({}), _empty)
    for kind, prefix in POD_METADATA_PATHS.items():
        add({kind}, (*prefix, "annotations"), _exact({}), _empty)
        add({kind}, (*prefix, "labels"), _exact({}), _empty)
        add({kind}, prefix, _exact({}), _empty)

    add({"Deployment"}, ("spec", "replicas"), _exact(1))
    add({"Deployment"}, ("spec", "revisionHistoryLimit"), _exact(10))
    add({"Deployment"}, ("spec", "progressDeadlineSeconds"), _exact(600))
    add({"Deployment"}, ("spec", "strategy", "rollingUpdate", "maxSurge"),
        _rolling_update("25%"))
    add({"Deployment"}, ("spec", "strategy", "rollingUpdate", "maxUnavailable"),
        _rolling_update("25%"))
    add({"Deployment"}, ("spec", "strategy", "rollingUpdate"), _rolling_update({}), _empty)
    add({"Deployment"}, ("spec", "strategy", "type"), _exact("RollingUpdate"))
    add({"Deployment"}, ("spec", "strategy"), _exact({}), _empty)

    external = frozenset({"NodePort", "LoadBalancer"})
    add({"Service"}, ("spec", "type"), _exact("ClusterIP"))
    add({"Service"}, ("spec", "sessionAffinity"), _exact("None"))
    add({"Service"}, ("spec", "sessionAffinityConfig", "clientIP", "timeoutSeconds"),
        _client_ip_timeout)
    add({"Service"}, ("spec", "ports", WILDCARD, "protocol"), _exact("TCP"))
    add({"Service"}, ("spec", "ports", WILDCARD, "targetPort"), _target_port)
    add({"Service"}, ("spec", "externalTrafficPolicy"),
        _when(("spec", "type"), external, "Cluster"))
    add({"Service"}, ("spec", "internalTrafficPolicy"),
        _when(("spec", "type"), external | {"ClusterIP"}, "Cluster"))
    add({"Service"}, ("spec", "allocateLoadBalancerNodePorts"),
        _when(("spec", "type"), frozenset({"LoadBalancer"}), True))

    add({"NetworkPolicy"}, ("spec", "policyTypes"), _policy_types)
    add({"NetworkPolicy"}, ("spec", "ingress", WILDCARD, "ports", WILDCARD, "protocol"),
        _exact("TCP"))
    add({"NetworkPolicy"}, ("spec", "egress", WILDCARD, "ports", WILDCARD, "protocol"),
        _exact("TCP"))

    add({"HorizontalPodAutoscaler"}, ("spec", "minReplicas"), _exact(1))
    add({"HorizontalPodAutoscaler"}, ("spec", "metrics"), _exact(_CPU_80))

    for kind in ("RoleBinding", "ClusterRoleBinding"):
        add({kind}, ("roleRef", "apiGroup"), _exact("rbac.authorization.k8s.io"))
        add({kind}, ("subjects", WILDCARD, "apiGroup"), _subject_api_group)

    add({"ConfigMap"}, ("data",), _exact({}), _empty)
    add({"Secret"}, ("type",), _exact("Opaque"))

    for field in ("users", "groups", "allowedCapabilities", "defaultAddCapabilities",
                  "requiredDropCapabilities", "allowedUnsafeSysctls", "forbiddenSysctls",
                  "allowedFlexVolumes", "seccompProfiles", "priority"):
        add({"SecurityContextConstraints"}, (field,), _exact(None), _empty)
    return table


DEFAULTS: tuple[Default, ...] = tuple(_defaults())

# Dropped from every object, wherever they are.
SERVER_METADATA = frozenset({
    "uid", "resourceVersion", "generation", "creationTimestamp", "selfLink", "managedFields",
    "deletionTimestamp", "deletionGracePeriodSeconds",
})
SERVER_ANNOTATIONS = frozenset({
    "kubectl.kubernetes.io/last-applied-configuration",
    "deployment.kubernetes.io/revision",
    "meta.helm.sh/release-name",
    "meta.helm.sh/release-namespace",
    # OpenShift 4.16+: which Secret holds the account's internal-registry pull credentials.
    "openshift.io/internal-registry-pull-secret-ref",
})
POD_TEMPLATE_SERVER_ANNOTATIONS = frozenset({"kubectl.kubernetes.io/restartedAt"})

ALLOCATED: tuple[tuple[frozenset[str], Pattern], ...] = (
    (frozenset({"Service"}), ("spec", "clusterIP")),
    (frozenset({"Service"}), ("spec", "clusterIPs")),
    (frozenset({"Service"}), ("spec", "ipFamilies")),
    (frozenset({"Service"}), ("spec", "ipFamilyPolicy")),
    (frozenset({"Service"}), ("spec", "healthCheckNodePort")),
    (frozenset({"Service"}), ("spec", "ports", WILDCARD, "nodePort")),
)


def matches(pattern: Pattern, data: Any) -> Iterator[tuple[str | int, ...]]:
    """Every concrete path of `data` that `pattern` names and that exists."""

    def walk(node: Any, index: int, path: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
        if index == len(pattern):
            yield path
            return
        key = pattern[index]
        if key == WILDCARD:
            if isinstance(node, list):
                for position, child in enumerate(node):
                    yield from walk(child, index + 1, (*path, position))
            elif isinstance(node, dict):
                for name, child in node.items():
                    yield from walk(child, index + 1, (*path, name))
        elif isinstance(node, dict) and key in node:
            yield from walk(node[key], index + 1, (*path, key))

    yield from walk(data, 0, ())


def applies(kinds: frozenset[str], kind: str) -> bool:
    return WILDCARD in kinds or kind in kinds
