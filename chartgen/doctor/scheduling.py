"""Which nodes the scheduler could place the buildkitd pod on, and why the others are out.

The filters are the scheduler's for what the rendered pod asks: a Linux node that is Ready and
not cordoned (`spec.unschedulable`), the `nodeSelector` labels, the NoSchedule/NoExecute taints
against the tolerations (a toleration with an empty key and `Exists` tolerates every taint; an
empty effect matches every effect), and the node's allocatable CPU, memory and ephemeral
storage against the requests (a container's limits stand in for requests it does not give, as
for a Pod). Label selectors (`matchLabels`, `matchExpressions` with In, NotIn, Exists,
DoesNotExist) are evaluated the way apimachinery's `labels.Selector` does.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from chartgen.doctor.platform import node_os, node_ready
from chartgen.kube_input import KubeObject
from chartgen.quantity import describe, parse_quantity
from chartgen.record import field, record

SCHEDULED_RESOURCES = ("cpu", "memory", "ephemeral-storage")


def selector_matches(selector: Any, labels: dict[str, str]) -> bool:
    """Whether a LabelSelector selects an object with `labels` (an empty selector selects
    everything; a null one nothing)."""
    if selector is None:
        return False
    if not isinstance(selector, dict):
        return False
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(str(key)) != str(value):
            return False
    for expression in selector.get("matchExpressions") or []:
        if not isinstance(expression, dict):
            return False
        key = str(expression.get("key", ""))
        values = [str(v) for v in expression.get("values") or []]
        operator = expression.get("operator")
        if operator == "In" and labels.get(key) not in values:
            return False
        if operator == "NotIn" and key in labels and labels[key] in values:
            return False
        if operator == "Exists" and key not in labels:
            return False
        if operator == "DoesNotExist" and key in labels:
            return False
        if operator not in ("In", "NotIn", "Exists", "DoesNotExist"):
            return False
    return True


def tolerates(tolerations: list[Any], taint: dict[str, Any]) -> bool:
    for toleration in tolerations:
        if not isinstance(toleration, dict):
            continue
        effect = toleration.get("effect") or ""
        if effect and effect != taint.get("effect"):
            continue
        key = toleration.get("key") or ""
        operator = toleration.get("operator") or "Equal"
        if operator == "Exists":
            if not key or key == taint.get("key"):
                return True
        elif key == taint.get("key") and (toleration.get("value") or "") == (
                taint.get("value") or ""):
            return True
    return False


def pod_requests(pod_spec: dict[str, Any]) -> dict[str, Fraction]:
    """The pod's requests: the sum over its containers, or the largest init container's."""
    totals: dict[str, Fraction] = {}
    for container in pod_spec.get("containers") or []:
        for name, value in _container_requests(container).items():
            totals[name] = totals.get(name, Fraction(0)) + value
    for container in pod_spec.get("initContainers") or []:
        for name, value in _container_requests(container).items():
            totals[name] = max(totals.get(name, Fraction(0)), value)
    return totals


def _container_requests(container: Any) -> dict[str, Fraction]:
    resources = container.get("resources") if isinstance(container, dict) else None
    resources = resources if isinstance(resources, dict) else {}
    requests = dict(resources.get("limits") or {})
    requests.update(resources.get("requests") or {})
    found: dict[str, Fraction] = {}
    for name in SCHEDULED_RESOURCES:
        value = parse_quantity(requests.get(name)) if name in requests else None
        if value is not None:
            found[name] = value
    return found


@record
class NodeFit:
    node: KubeObject
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (filter, explanation)

    @property
    def fits(self) -> bool:
        return not self.reasons


def fit(node: KubeObject, pod_spec: dict[str, Any], requests: dict[str, Fraction]) -> NodeFit:
    result = NodeFit(node)
    spec = node.data.get("spec") or {}
    if node_os(node) not in ("linux", ""):
        result.reasons.append(("os", f"a {node_os(node)} node"))
    if spec.get("unschedulable"):
        result.reasons.append(("cordoned", "cordoned (spec.unschedulable)"))
    if node_ready(node) is False:
        result.reasons.append(("ready", "not Ready"))
    for key, value in (pod_spec.get("nodeSelector") or {}).items():
        have = node.labels.get(str(key))
        if have != str(value):
            shown = f"{key}={have}" if have is not None else f"no label {key}"
            result.reasons.append(("nodeSelector", f"{shown}, not {key}={value}"))
    tolerations = pod_spec.get("tolerations") or []
    for taint in spec.get("taints") or []:
        if not isinstance(taint, dict) or taint.get("effect") not in ("NoSchedule", "NoExecute"):
            continue
        if not tolerates(tolerations, taint):
            value = f"={taint['value']}" if taint.get("value") else ""
            result.reasons.append(
                ("taints", f"taint {taint.get('key')}{value}:{taint.get('effect')} not tolerated"))
    allocatable = (node.data.get("status") or {}).get("allocatable") or {}
    for name, wanted in requests.items():
        available = parse_quantity(allocatable.get(name)) if name in allocatable else None
        if available is not None and available < wanted:
            binary = name != "cpu"
            result.reasons.append(
                (name, f"allocatable {name} {describe(available, binary=binary)} < request "
                       f"{describe(wanted, binary=binary)}"))
    return result
