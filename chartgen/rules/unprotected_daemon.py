"""buildkitd accepts builds from every pod in the cluster: no NetworkPolicy.

Risk: buildkitd authenticates no client. Any pod that reaches port 1234 can run builds —
arbitrary code that, on a privileged daemon, is root on the node and, on a rootless one, still
runs with the daemon's network access, reads other builds' history and can poison the cache
they share.

Fix: what works with Union's build task, which presents no client certificate —
`imageBuilder.buildkit.networkPolicy.enabled: true` so that only the namespaces where build tasks
run (and the release namespace) reach the port, `rootless: true` where the nodes allow user
namespaces, `service.type: ClusterIP`, no ServiceAccount token and no cloud identity on
buildkitd. Mutual TLS (`tls`) silences this only together with
`tls.clientsPresentCertificates: true`, for deployments whose every client presents a
certificate.

What a NetworkPolicy does not stop: every pod in an admitted namespace — any task, not only
build tasks — can still drive buildkitd; and build steps share buildkitd's network namespace,
so a build can connect to `localhost:1234` and start other builds, read their history or poison
the shared cache. Rootless mode limits what such a build gains (no root on the node). It also
needs a CNI plugin that enforces NetworkPolicy; without one it is accepted and ignored.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext, tls_without_client_certificates

ID = "IB303"
NAME = "unprotected-daemon"
SEVERITY = Severity.WARNING


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    buildkit = values.buildkit
    if not values.buildkit_deployed or buildkit.networkPolicy.enabled:
        return
    if values.tls_enabled and buildkit.tls.clientsPresentCertificates:
        return
    if values.privileged_daemon:
        message = (
            "privileged buildkitd has no NetworkPolicy: any pod in the cluster that reaches "
            "port 1234 runs builds as root on the node"
        )
        hint = (
            "Set imageBuilder.buildkit.networkPolicy.enabled: true (only build namespaces reach "
            "the port) and rootless: true where the nodes allow user namespaces; keep "
            "service.type ClusterIP. TLS does not fit Union's build task "
            f"({tls_without_client_certificates.ID})."
        )
    else:
        mode = "rootless" if buildkit.rootless else "unprivileged"
        message = (
            f"{mode} buildkitd has no NetworkPolicy: any pod in the cluster that reaches port "
            "1234 runs code with the daemon's network access and reads other builds' cache"
        )
        hint = (
            "Set imageBuilder.buildkit.networkPolicy.enabled: true so that only the namespaces "
            "where build tasks run reach the port; keep service.type ClusterIP."
        )
    yield ctx.finding(ID, ("imageBuilder", "buildkit", "networkPolicy", "enabled"), message, hint)
