"""Autoscaling with `minReplicas` greater than `maxReplicas`.

The Kubernetes API rejects such a HorizontalPodAutoscaler, so the release fails to install.
Make `imageBuilder.buildkit.autoscaling.maxReplicas` at least `minReplicas`.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext

ID = "IB213"
NAME = "autoscaling-range"
SEVERITY = Severity.ERROR


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    autoscaling = values.buildkit.autoscaling
    if not values.buildkit_deployed or not autoscaling.enabled:
        return
    if autoscaling.minReplicas <= autoscaling.maxReplicas:
        return
    yield ctx.finding(
        ID,
        ("imageBuilder", "buildkit", "autoscaling", "maxReplicas"),
        f"autoscaling.maxReplicas {autoscaling.maxReplicas} is below minReplicas "
        f"{autoscaling.minReplicas}; the API server rejects the HorizontalPodAutoscaler",
        f"Set maxReplicas to at least {autoscaling.minReplicas}, or lower minReplicas.",
    )
