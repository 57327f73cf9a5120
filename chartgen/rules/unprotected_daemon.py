"""buildkitd runs with neither TLS nor a NetworkPolicy.

Risk: any pod in the cluster that reaches port 1234 can run builds. For a privileged daemon
that is root on the node; for a rootless one it is still code execution with the daemon's
network access and the registry credentials builds pass through it.
Fix: enable `imageBuilder.buildkit.tls` (mutual TLS: only holders of a client certificate
connect) and/or `imageBuilder.buildkit.networkPolicy` (only the release namespace and the
execution namespaces reach the port).
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext

ID = "IB303"
NAME = "unprotected-daemon"
SEVERITY = Severity.WARNING


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    buildkit = values.buildkit
    if not values.buildkit_deployed or values.tls_enabled or buildkit.networkPolicy.enabled:
        return
    privileged = not buildkit.rootless or buildkit.securityContext.get("privileged") is True
    if privileged:
        message = (
            "privileged buildkitd has neither TLS nor a NetworkPolicy: anyone in the cluster "
            "who reaches port 1234 gets root on the node"
        )
    else:
        message = (
            "rootless buildkitd has neither TLS nor a NetworkPolicy: anyone in the cluster who "
            "reaches port 1234 runs code with the daemon's network access and credentials"
        )
    yield ctx.finding(
        ID,
        ("imageBuilder", "buildkit", "tls", "enabled"),
        message,
        "Enable imageBuilder.buildkit.tls and/or imageBuilder.buildkit.networkPolicy.",
    )
