"""Autoscaling with `minReplicas` greater than `maxReplicas`.

The Kubernetes API rejects such a HorizontalPodAutoscaler, so the release fails to install.
Make `imageBuilder.buildkit.autoscaling.maxReplicas` at least `minReplicas`.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Message, Severity
from chartgen.rules import RuleContext

ID = "IB213"
NAME = "autoscaling-range"
SEVERITY = Severity.ERROR
MESSAGES = {
    "default": Message(
        "autoscaling.maxReplicas {max} is below minReplicas {min}; the API server rejects the "
        "HorizontalPodAutoscaler",
        "Set maxReplicas to at least {min}, or lower minReplicas.",
    )
}


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
        *MESSAGES["default"].format(max=autoscaling.maxReplicas, min=autoscaling.minReplicas),
    )
