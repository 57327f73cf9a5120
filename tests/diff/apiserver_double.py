"""A test double for the Kubernetes API server: what `kubectl get` returns for applied objects.

No cluster runs in the tests, so this module stands in for one. It takes the objects a
manifest holds (as `helm template` / `helm get manifest` print them) and returns them the way
the API server stores and serves them, written *forward* — adding what the server adds — and
independently of `chartgen/diff/defaults.py`, which removes it again:

- the defaulting functions of kubernetes/kubernetes v1.34 (`pkg/apis/core/v1/defaults.go`,
  `pkg/apis/apps/v1/defaults.go`, `pkg/apis/networking/v1/defaults.go`,
  `pkg/apis/autoscaling/v2/defaults.go`, `pkg/apis/rbac/v1/defaults.go`) and the `+default=`
  markers of `k8s.io/api`;
- allocation by the Service registry (cluster IP, IP families, node ports);
- bookkeeping: uid, resourceVersion, generation, creationTimestamp, managedFields, status,
  Helm's ownership annotations, the Deployment controller's revision annotation, kubectl's
  last-applied-configuration (for `kubectl apply`), the empty template `creationTimestamp`;
- quantities in the canonical form `resource.Quantity` serialises (`4096Mi` → `4Gi`,
  `4000m` → `4`, `0.5` → `500m`), and the zero `divisor` of a resourceFieldRef as `"0"`;
- keys sorted, as kubectl prints them.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
from fractions import Fraction
from typing import Any

CLUSTER_SCOPED = {"SecurityContextConstraints", "ClusterRole", "ClusterRoleBinding", "Namespace"}
NOW = "2026-11-02T08:15:42Z"

_BINARY = [("Ei", 6), ("Pi", 5), ("Ti", 4), ("Gi", 3), ("Mi", 2), ("Ki", 1)]
_DECIMAL = [("E", 18), ("P", 15), ("T", 12), ("G", 9), ("M", 6), ("k", 3), ("", 0), ("m", -3)]
_SUFFIXES = {"Ki": 1024, "Mi": 1024**2, "Gi": 1024**3, "Ti": 1024**4, "Pi": 1024**5,
             "Ei": 1024**6, "m": Fraction(1, 1000), "": 1, "k": 10**3, "M": 10**6, "G": 10**9,
             "T": 10**12, "P": 10**15, "E": 10**18}


def _parse(text: Any) -> tuple[Fraction, bool]:
    """(value, binary) of a quantity; numbers as YAML gives them."""
    if isinstance(text, (int, float)):
        return Fraction(str(text)), False
    text = str(text)
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if suffix and text.endswith(suffix):
            return Fraction(text[: -len(suffix)]) * _SUFFIXES[suffix], suffix.endswith("i")
    return Fraction(text), False


def canonical_quantity(text: Any) -> str:
    """How the API server writes a quantity back: the largest suffix of the same kind that
    keeps an integer, milli precision at most (rounded up)."""
    value, binary = _parse(text)
    value = Fraction(math.ceil(value * 1000), 1000)
    if binary and value.denominator == 1:
        for suffix, power in _BINARY:
            unit = 1024**power
            if value % unit == 0:
                return f"{value // unit}{suffix}"
        return str(value)
    for suffix, exponent in _DECIMAL:
        scaled = value / Fraction(10) ** exponent
        if scaled.denominator == 1:
            return f"{scaled.numerator}{suffix}"
    raise AssertionError(f"no canonical form for {text!r}")


def _uid(seed: str) -> str:
    digest = hashlib.sha256(seed.encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


def _canonical_resources(resources: Any) -> None:
    if not isinstance(resources, dict):
        return
    for group in ("requests", "limits"):
        for name, value in list((resources.get(group) or {}).items()):
            resources[group][name] = canonical_quantity(value)


def _default_probe(probe: Any) -> None:
    if not isinstance(probe, dict):
        return
    for field, value in (("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1),
                         ("failureThreshold", 3)):
        probe.setdefault(field, value)


def _default_container(container: dict[str, Any]) -> None:
    image = container.get("image", "")
    last = image.split("@")[0].rsplit("/", 1)[-1]
    tag = last.split(":", 1)[1] if ":" in last else "latest"
    container.setdefault("imagePullPolicy", "Always" if tag == "latest" else "IfNotPresent")
    container.setdefault("terminationMessagePath", "/dev/termination-log")
    container.setdefault("terminationMessagePolicy", "File")
    container.setdefault("resources", {})
    _canonical_resources(container["resources"])
    for port in container.get("ports") or []:
        port.setdefault("protocol", "TCP")
    for variable in container.get("env") or []:
        source = variable.get("valueFrom") or {}
        if "fieldRef" in source:
            source["fieldRef"].setdefault("apiVersion", "v1")
        if "resourceFieldRef" in source:
            reference = source["resourceFieldRef"]
            reference["divisor"] = canonical_quantity(reference.get("divisor", 0))
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        _default_probe(container.get(probe))


def _default_pod_template(template: dict[str, Any]) -> None:
    template.setdefault("metadata", {})["creationTimestamp"] = None
    spec = template["spec"]
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("schedulerName", "default-scheduler")
    spec.setdefault("securityContext", {})
    spec.setdefault("terminationGracePeriodSeconds", 30)
    for container in [*(spec.get("initContainers") or []), *spec["containers"]]:
        _default_container(container)
    for volume in spec.get("volumes") or []:
        for source in ("configMap", "secret", "downwardAPI", "projected"):
            if source in volume:
                volume[source].setdefault("defaultMode", 420)
        if "emptyDir" in volume and "sizeLimit" in volume["emptyDir"]:
            volume["emptyDir"]["sizeLimit"] = canonical_quantity(volume["emptyDir"]["sizeLimit"])


def _apply_defaults(obj: dict[str, Any], index: int) -> None:
    kind = obj["kind"]
    spec = obj.get("spec")
    if kind == "Deployment":
        spec.setdefault("replicas", 1)
        spec.setdefault("revisionHistoryLimit", 10)
        spec.setdefault("progressDeadlineSeconds", 600)
        strategy = spec.setdefault("strategy", {})
        strategy.setdefault("type", "RollingUpdate")
        if strategy["type"] == "RollingUpdate":
            rolling = strategy.setdefault("rollingUpdate", {})
            rolling.setdefault("maxSurge", "25%")
            rolling.setdefault("maxUnavailable", "25%")
        _default_pod_template(spec["template"])
        obj["status"] = {"availableReplicas": spec["replicas"], "observedGeneration": 1,
                         "readyReplicas": spec["replicas"], "replicas": spec["replicas"],
                         "updatedReplicas": spec["replicas"], "conditions": [
                             {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                              "message": "Deployment has minimum availability.",
                              "lastTransitionTime": NOW, "lastUpdateTime": NOW}]}
        obj["metadata"].setdefault("annotations", {})["deployment.kubernetes.io/revision"] = "1"
    elif kind == "Service":
        spec.setdefault("type", "ClusterIP")
        spec.setdefault("sessionAffinity", "None")
        address = f"10.100.{17 + index}.{23 + index}"
        spec["clusterIP"] = address
        spec["clusterIPs"] = [address]
        spec["ipFamilies"] = ["IPv4"]
        spec["ipFamilyPolicy"] = "SingleStack"
        spec.setdefault("internalTrafficPolicy", "Cluster")
        for number, port in enumerate(spec.get("ports") or []):
            port.setdefault("protocol", "TCP")
            port.setdefault("targetPort", port["port"])
            if spec["type"] in ("NodePort", "LoadBalancer"):
                port.setdefault("nodePort", 30000 + 100 * index + number)
        if spec["type"] in ("NodePort", "LoadBalancer"):
            spec.setdefault("externalTrafficPolicy", "Cluster")
        if spec["type"] == "LoadBalancer":
            spec.setdefault("allocateLoadBalancerNodePorts", True)
        obj["status"] = {"loadBalancer": {}}
    elif kind == "NetworkPolicy":
        if not spec.get("policyTypes"):
            spec["policyTypes"] = ["Ingress"] + (["Egress"] if spec.get("egress") else [])
        for direction in ("ingress", "egress"):
            for rule in spec.get(direction) or []:
                for port in rule.get("ports") or []:
                    port.setdefault("protocol", "TCP")
    elif kind == "HorizontalPodAutoscaler":
        spec.setdefault("minReplicas", 1)
        if not spec.get("metrics"):
            spec["metrics"] = [{"type": "Resource", "resource": {
                "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}]
        obj["status"] = {"currentReplicas": spec["minReplicas"],
                         "desiredReplicas": spec["minReplicas"]}
    elif kind == "PodDisruptionBudget":
        obj["status"] = {"currentHealthy": 2, "desiredHealthy": 1, "disruptionsAllowed": 1,
                         "expectedPods": 2, "observedGeneration": 1}
    elif kind == "ConfigMap":
        obj.setdefault("data", {})
    elif kind in ("RoleBinding", "ClusterRoleBinding"):
        obj["roleRef"].setdefault("apiGroup", "rbac.authorization.k8s.io")
        for subject in obj.get("subjects") or []:
            if subject.get("kind") in ("User", "Group"):
                subject.setdefault("apiGroup", "rbac.authorization.k8s.io")


def apply(objects: list[dict[str, Any]], *, release: str, namespace: str,
          applied_with: str = "helm", openshift: bool = False) -> list[dict[str, Any]]:
    """The objects as `kubectl get` returns them after the API server stored them."""
    live = []
    for index, original in enumerate(objects):
        obj = copy.deepcopy(original)
        kind = obj["kind"]
        metadata = obj["metadata"]
        if kind not in CLUSTER_SCOPED:
            metadata.setdefault("namespace", namespace)
        seed = f"{kind}/{metadata.get('namespace', '')}/{metadata['name']}"
        metadata["uid"] = _uid(seed)
        metadata["resourceVersion"] = str(100000 + 37 * index)
        metadata["creationTimestamp"] = NOW
        metadata["generation"] = 1
        metadata["managedFields"] = [{
            "apiVersion": obj["apiVersion"], "fieldsType": "FieldsV1",
            "fieldsV1": {"f:metadata": {"f:labels": {}}}, "manager": applied_with,
            "operation": "Update", "time": NOW}]
        annotations = metadata.setdefault("annotations", {})
        if applied_with == "helm":
            annotations["meta.helm.sh/release-name"] = release
            annotations["meta.helm.sh/release-namespace"] = namespace
        else:
            annotations["kubectl.kubernetes.io/last-applied-configuration"] = json.dumps(
                original, sort_keys=True, separators=(",", ":")) + "\n"
        if kind == "ServiceAccount":
            obj["secrets"] = [{"name": f"{metadata['name']}-token-x7k2p"}]
            if openshift:
                obj["imagePullSecrets"] = [*(obj.get("imagePullSecrets") or []),
                                           {"name": f"{metadata['name']}-dockercfg-q8w4n"}]
                annotations["openshift.io/internal-registry-pull-secret-ref"] = \
                    f"{metadata['name']}-dockercfg-q8w4n"
        _apply_defaults(obj, index)
        live.append(_sorted(obj))
    return live


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted(item) for item in value]
    return value


def kubectl_list_json(objects: list[dict[str, Any]]) -> str:
    """`kubectl get ... -o json` of several objects."""
    document = {"apiVersion": "v1", "items": objects, "kind": "List",
                "metadata": {"resourceVersion": ""}}
    return json.dumps(document, indent=4, sort_keys=True) + "\n"


def kubectl_list_yaml(objects: list[dict[str, Any]]) -> str:
    """`kubectl get ... -o yaml` of several objects."""
    import io

    from ruamel.yaml import YAML

    document = _sorted({"apiVersion": "v1", "items": objects, "kind": "List",
                        "metadata": {"resourceVersion": ""}})
    dumper = YAML(typ="safe", pure=True)
    dumper.default_flow_style = False
    stream = io.StringIO()
    dumper.dump(document, stream)
    return stream.getvalue()
