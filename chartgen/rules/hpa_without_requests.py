"""Autoscaling on CPU or memory utilisation without a matching resource request.

A HorizontalPodAutoscaler measures utilisation as a percentage of the container's *request*.
Without `resources.requests.cpu` (or `.memory`) — and no limit, which Kubernetes would copy
into the request — the HPA cannot compute it, reports `FailedGetResourceMetric` and never
scales. Set the request, or drop that utilisation target.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext

ID = "IB222"
NAME = "hpa-without-requests"
SEVERITY = Severity.WARNING

_TARGETS = (
    ("targetCPUUtilizationPercentage", "cpu"),
    ("targetMemoryUtilizationPercentage", "memory"),
)


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    autoscaling = values.buildkit.autoscaling
    if not values.buildkit_deployed or not autoscaling.enabled:
        return
    resources = values.buildkit.resources
    requests = resources.get("requests") or {}
    limits = resources.get("limits") or {}
    for target, resource in _TARGETS:
        if getattr(autoscaling, target) is None or resource in requests or resource in limits:
            continue
        yield ctx.finding(
            ID,
            ("imageBuilder", "buildkit", "autoscaling", target),
            f"autoscaling.{target} is set but resources.requests.{resource} is not: the HPA "
            f"cannot compute {resource} utilisation and never scales",
            f"Set imageBuilder.buildkit.resources.requests.{resource}, or remove {target}.",
        )
