"""buildkitd runs with neither TLS nor a NetworkPolicy.

Risk: any pod in the cluster that reaches port 1234 can run builds — arbitrary code that, on a
privileged daemon, is root on the node and, on a rootless one, still runs with the daemon's
network access, reads other builds' history and can poison the cache they share.
Fix: enable `imageBuilder.buildkit.tls` (mutual TLS: only holders of a client certificate signed
by the CA connect), and `imageBuilder.buildkit.networkPolicy` (only the release namespace and the
execution namespaces reach the port).

A NetworkPolicy alone silences this warning but is not authentication: build steps share
buildkitd's network namespace, so a build can still connect to `localhost:1234` and drive the
daemon (start other builds, read their history, poison the shared cache). Only TLS stops that.
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
    # A securityContext override replaces the mode's default one (privileged: true) entirely.
    if buildkit.securityContext:
        privileged = buildkit.securityContext.get("privileged") is True
    else:
        privileged = not buildkit.rootless
    if privileged:
        message = (
            "privileged buildkitd has neither TLS nor a NetworkPolicy: anyone in the cluster "
            "who reaches port 1234 gets root on the node"
        )
    else:
        mode = "rootless" if buildkit.rootless else "unprivileged"
        message = (
            f"{mode} buildkitd has neither TLS nor a NetworkPolicy: anyone in the cluster who "
            "reaches port 1234 runs code with the daemon's network access and credentials"
        )
    yield ctx.finding(
        ID,
        ("imageBuilder", "buildkit", "tls", "enabled"),
        message,
        "Enable imageBuilder.buildkit.tls and imageBuilder.buildkit.networkPolicy (a "
        "NetworkPolicy alone does not stop builds from reaching localhost:1234).",
    )
